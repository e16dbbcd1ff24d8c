#!/usr/bin/env python3
"""Build the speaker-identity corpus and its answer key from the annotated sources.

usage: python3 tests/speakers_corpus/build_expected.py

annotated/<id>.txt starts with header lines, then the article with its quotes marked inline:

    #traps: surname-only, pronoun-chain, ...      what the article tests (free text, comma-separated)
    #local: x-26-mr-brandt | Mr. Brandt | m | why  a speaker the corpus cannot resolve (ambiguous surname)
    [[K:person-id|words]]         a quote (K = d direct, m mixed, i indirect) by the person with that id
    [[K:person-id#tag|words]] ... [[#tag|more words]]   one quote in several pieces

people.json lists every person and organisation (id -> name, gender, role). The header lines are dropped and the
marks removed to give articles/<id>.txt; expected.json gets, for each article, each quote with its kind, its full
content, a short key (a distinctive substring of the quoted words, found once in the article) and its speaker:
"person" (a stable id), "name" (the full name) and "resolvable":
  "article" - the article itself prints the person's full name (folded: accents, case);
  "corpus"  - the article gives only a surname with a title, honorific or role, and exactly one person of the
              corpus fits it (gender, role), so linking to that person is right;
  "no"      - the surname fits several people of the corpus: the quote needs its own speaker (flagged), never
              one of the people listed in "must_not_be".
Plain Python, no project imports.
"""

import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"d": "direct", "m": "mixed", "i": "indirect"}
OPEN = re.compile(r"\[\[(?:([dmi]):([\w-]+))?(?:#(\w+))?\|")


def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().lower()


def parse(src, name="?"):
    out, stack, quotes, by_tag = [], [], [], {}
    pos = n = 0
    while pos < len(src):
        if src.startswith("[[", pos):
            m = OPEN.match(src, pos)
            if not m:
                raise ValueError(f"{name}: bad mark at {src[pos : pos + 40]!r}")
            kind, who, tag = m.groups()
            if kind:
                q = {"person": who, "kind": KINDS[kind], "frags": []}
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
                raise ValueError(f"{name}: unmatched ]]")
            q, start = stack.pop()
            q["frags"].append([start, n])
            pos += 2
        else:
            out.append(src[pos])
            n += 1
            pos += 1
    if stack:
        raise ValueError(f"{name}: unclosed mark")
    return "".join(out), quotes


def split_header(src):
    traps, local, lines = [], {}, src.split("\n")
    while lines and lines[0].startswith("#"):
        line = lines.pop(0)
        if line.startswith("#traps:"):
            traps = [t.strip() for t in line[len("#traps:") :].split(",") if t.strip()]
        elif line.startswith("#local:"):
            pid, shown, gender, why = (p.strip() for p in line[len("#local:") :].split("|"))
            must_not = re.findall(r"[po]-[\w-]+|org-[\w-]+", why)
            local[pid] = {"name": shown, "gender": gender, "why": why, "must_not_be": must_not}
    return traps, local, "\n".join(lines)


def key_for(content, text):
    """The shortest run of leading words (at least five, or all) of a quote's first piece found once in the text."""
    words = content.split()
    for k in range(min(5, len(words)), len(words) + 1):
        cand = " ".join(words[:k])
        if text.count(cand) == 1:
            return cand
    return content


def main():
    with open(os.path.join(HERE, "people.json"), encoding="utf-8") as f:
        people = json.load(f)
    src_dir, art_dir = os.path.join(HERE, "annotated"), os.path.join(HERE, "articles")
    os.makedirs(art_dir, exist_ok=True)
    articles = []
    for fn in sorted(os.listdir(src_dir)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src_dir, fn), encoding="utf-8", newline="") as f:
            traps, local, body = split_header(f.read())
        text, quotes = parse(body, fn)
        with open(os.path.join(art_dir, fn), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        recs = []
        for q in quotes:
            content = " ".join(re.sub(r"\s+", " ", text[a:b]).strip() for a, b in sorted(q["frags"]))
            pid = q["person"]
            if pid in local:
                name, resolvable, must_not = local[pid]["name"], "no", local[pid]["must_not_be"]
            elif pid in people:
                name, must_not = people[pid]["name"], []
                resolvable = "article" if fold(name) in fold(text) else "corpus"
            else:
                raise ValueError(f"{fn}: unknown person {pid}")
            first = sorted(q["frags"])[0]
            rec = {"key": key_for(re.sub(r"\s+", " ", text[first[0] : first[1]]).strip(), text)}
            rec.update({"content": content, "kind": q["kind"]})
            rec.update({"person": pid, "name": name, "resolvable": resolvable})
            if must_not:
                rec["must_not_be"] = must_not
            recs.append(rec)
        articles.append({"file": fn, "headline": text.split("\n", 1)[0], "traps": traps, "quotes": recs})
    local_people = {}
    for fn in sorted(os.listdir(src_dir)):
        if fn.endswith(".txt"):
            with open(os.path.join(src_dir, fn), encoding="utf-8") as f:
                local_people.update(split_header(f.read())[1])
    out = {
        "about": "Answer key of the speaker-identity corpus (issue 10): see README.md. Built by build_expected.py.",
        "people": people,
        "unresolved": local_people,
        "articles": articles,
    }
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(articles)} articles, {sum(len(a['quotes']) for a in articles)} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
