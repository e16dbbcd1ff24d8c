#!/usr/bin/env python3
"""Build corpus4's articles and answer key from the annotated sources.

usage: python3 bench/corpus4/build_gold.py

Each annotated/<id>.txt is an article with its quotes marked inline:

    [[K:Speaker|words]]          one quote of kind K (d = direct, m = mixed, i = indirect) by Speaker
    [[K:Speaker#tag|words]]      the first piece of a quote in several pieces ...
    [[#tag|words]]               ... and each further piece, in reading order
    Speaker "-"                  no proper source (the key stores null)
    [[D:...]], [[M:...]], [[I:...]]  a quote in the headline (an upper-case kind letter): "location" is "headline"

Marks may nest (a reported clause that holds another source's words). Removing the marks gives the article
exactly as a scraper saved it: articles/<id>.txt. gold.jsonl gets one record per article:
{"id", "text" (the whole file), "quotes": [{"speaker", "content", "content_fragments", "kind", "location"}]};
"location" is "headline" for a quote marked with an upper-case kind letter, else "body".
Plain Python, no project imports.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"d": "direct", "m": "mixed", "i": "indirect"}
OPEN = re.compile(r"\[\[(?:([dmiDMI]):([^|#\]]+))?(?:#(\w+))?\|")


def parse(src, name="?"):
    """Return (plain text, quotes) for one annotated source."""
    out, stack, quotes, by_tag = [], [], [], {}
    pos = n = 0
    while pos < len(src):
        if src.startswith("[[", pos):
            m = OPEN.match(src, pos)
            if not m:
                raise ValueError(f"{name}: bad mark at {src[pos : pos + 40]!r}")
            kind, speaker, tag = m.groups()
            if kind:
                q = {
                    "speaker": None if speaker.strip() == "-" else speaker.strip(),
                    "kind": KINDS[kind.lower()],
                    "headline": kind.isupper(),
                    "frags": [],
                }
                quotes.append(q)
                if tag:
                    by_tag[tag] = q
            elif tag in by_tag:
                q = by_tag[tag]
            else:
                raise ValueError(f"{name}: continuation of unknown quote #{tag}")
            stack.append((q, n))
            pos = m.end()
        elif src.startswith("]]", pos):
            if not stack:
                raise ValueError(f"{name}: unmatched ]] at {src[max(0, pos - 40) : pos]!r}")
            q, start = stack.pop()
            q["frags"].append([start, n])
            pos += 2
        else:
            out.append(src[pos])
            n += 1
            pos += 1
    if stack:
        raise ValueError(f"{name}: unclosed mark")
    text = "".join(out)
    records = []
    for q in quotes:
        frags = sorted(q["frags"])
        records.append(
            {
                "speaker": q["speaker"],
                "content": " ".join(re.sub(r"\s+", " ", text[a:b]).strip() for a, b in frags),
                "content_fragments": frags,
                "kind": q["kind"],
                "location": "headline" if q["headline"] else "body",
            }
        )
    return text, records


def main():
    src_dir, art_dir = os.path.join(HERE, "annotated"), os.path.join(HERE, "articles")
    os.makedirs(art_dir, exist_ok=True)
    lines = []
    for fn in sorted(os.listdir(src_dir)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src_dir, fn), encoding="utf-8", newline="") as f:
            src = f.read()
        text, quotes = parse(src, fn)
        with open(os.path.join(art_dir, fn), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        rec = {"id": fn[:-4], "text": text, "quotes": quotes}
        lines.append(json.dumps(rec, ensure_ascii=False))
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} articles written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
