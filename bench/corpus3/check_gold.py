#!/usr/bin/env python3
"""Check the corpus3 answer key against its articles.

usage: python3 check_gold.py [--verbose]

For every record of gold.jsonl:
  * the article articles/<id>.txt exists and has 350-800 words;
  * every quote has a speaker, a kind in {direct, mixed, indirect} and a content that the article
    holds verbatim (white space folded, quote characters NOT folded), either as one span or as a few
    spans in reading order joined by single spaces (a quote interrupted by its attribution, or a quote
    running over several paragraphs); every span starts and ends on a word boundary;
  * every claim is an exact sentence of the article: it occurs verbatim, starts at a sentence start
    (start of a line, after . ? ! followed by a space, or right after an opening quote mark) and ends with
    . ? ! (optionally followed by a closing quote mark) before white space or the end of the text.
Exits 1 on any error.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"direct", "mixed", "indirect"}
OPEN_Q = "\"'\u201c\u2018"
CLOSE_Q = "\"'\u201d\u2019"
MAX_GAP = 260  # characters of attribution / paragraph break allowed between two spans of one quote


def squash(text):
    """Fold runs of white space to one space (a newline if the run holds one).

    Return the folded text and a map to the original offsets."""
    out, idx = [], []
    for m in re.finditer(r"\s+|\S+", text):
        tok = m.group()
        if tok[0].isspace():
            tok = "\n" if "\n" in tok else " "
        out.append(tok)
        idx.extend(range(m.start(), m.start() + len(tok)) if tok == m.group() else [m.start()])
    return "".join(out), idx


def spans(content, art, start=0):
    """Greedy: cover `content` by the longest pieces found in `art` in order. Returns [(a, b)] or None."""
    c = re.sub(r"\s+", " ", content).strip()
    i, p, out = 0, start, []
    while i < len(c):
        lo, hi = 0, len(c) - i
        while lo < hi:  # longest prefix c[i:i+L] found at or after p
            mid = (lo + hi + 1) // 2
            if art.find(c[i : i + mid], p) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            return None
        piece = c[i : i + lo]
        # back off to a word boundary inside content if the piece stops mid-word
        if i + lo < len(c) and c[i + lo].isalnum() and piece[-1:].isalnum():
            cut = max(piece.rfind(" "), 0)
            if cut == 0:
                return None
            piece = piece[:cut]
            lo = cut
        a = art.find(piece, p)
        out.append((a, a + len(piece.rstrip())))
        p = a + len(piece)
        i += lo
        while i < len(c) and c[i] == " ":
            i += 1
    return out


def word_bounded(art, a, b):
    before = art[a - 1] if a > 0 else " "
    after = art[b] if b < len(art) else " "
    return not (before.isalnum() and art[a].isalnum()) and not (after.isalnum() and art[b - 1].isalnum())


def is_sentence(art, content):
    c = re.sub(r"\s+", " ", content).strip()
    errs = []
    pos = art.find(c)
    if pos < 0:
        return ["not found verbatim"]
    ok_start = False
    while pos >= 0:
        before = art[max(0, pos - 2) : pos]
        after = art[pos + len(c) : pos + len(c) + 2]
        start_ok = (
            pos == 0
            or before[-1:] in ("\n",)
            or (before[-1:] == " " and before[:1] in ".?!" + CLOSE_Q + "\n")
            or before[-1:] in OPEN_Q
            or before == ""
        )
        end_ok = bool(re.search(r"[.?!][" + re.escape(CLOSE_Q) + r"]?$", c)) and (
            after[:1] in ("", " ", "\n") or (after[:1] in CLOSE_Q and c[-1] in ".?!")
        )
        if start_ok and end_ok:
            ok_start = True
            break
        pos = art.find(c, pos + 1)
    if not ok_start:
        errs.append("not a whole sentence (boundaries)")
    if not (c[0].isupper() or c[0].isdigit() or c[0] in OPEN_Q):
        errs.append("does not start like a sentence")
    return errs


def main():
    verbose = "--verbose" in sys.argv
    errors, counts = [], {"direct": 0, "mixed": 0, "indirect": 0, "claims": 0, "claims_outlet": 0}
    ids = []
    for _n, line in enumerate(open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8"), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        aid = r["id"]
        ids.append(aid)
        path = os.path.join(HERE, "articles", aid + ".txt")
        if not os.path.exists(path):
            errors.append(f"{aid}: no article file")
            continue
        raw = open(path, encoding="utf-8").read()
        nw = len(raw.split())
        if not 350 <= nw <= 800:
            errors.append(f"{aid}: {nw} words (want 350-800)")
        if set(r) != {"id", "text", "quotes", "claims"}:
            errors.append(f"{aid}: keys {sorted(r)}")
        art, _ = squash(raw)
        for q in r["quotes"]:
            if q.get("kind") not in KINDS:
                errors.append(f"{aid}: bad kind {q.get('kind')!r}")
                continue
            counts[q["kind"]] += 1
            if not (q.get("speaker") or "").strip():
                errors.append(f"{aid}: quote without speaker: {q['content'][:50]}")
            sp = spans(q["content"], art)
            if sp is None:
                errors.append(f"{aid}: quote not found verbatim: {q['content'][:70]!r}")
                continue
            for (_a, b), (a2, _) in zip(sp, sp[1:], strict=False):
                if a2 - b > MAX_GAP:
                    errors.append(f"{aid}: pieces of a quote {a2 - b} chars apart: {q['content'][:60]!r}")
            for a, b in sp:
                if not word_bounded(art, a, b):
                    errors.append(f"{aid}: piece not on word boundary: {art[a:b][:60]!r}")
            if len(sp) > 1 and verbose:
                print(f"  {aid} [{q['kind']}] {len(sp)} pieces: " + " | ".join(art[a:b][:30] for a, b in sp))
        for c in r.get("claims", []):
            counts["claims"] += 1
            counts["claims_outlet"] += c.get("by") == "outlet"
            if not (c.get("by") or "").strip():
                errors.append(f"{aid}: claim without 'by'")
            for e in is_sentence(art, c["content"]):
                errors.append(f"{aid}: claim {e}: {c['content'][:70]!r}")
    files = sorted(f[:-4] for f in os.listdir(os.path.join(HERE, "articles")) if f.endswith(".txt"))
    if sorted(ids) != files:
        errors.append(f"ids {sorted(set(ids) ^ set(files))} differ between gold.jsonl and articles/")
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    for e in errors:
        print("ERROR", e)
    print(
        f"{len(ids)} articles; quotes: {counts['direct']} direct, {counts['mixed']} mixed, "
        f"{counts['indirect']} indirect; claims: {counts['claims']} ({counts['claims_outlet']} by outlet)"
    )
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
