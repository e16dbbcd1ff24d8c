#!/usr/bin/env python3
"""Check bench/corpus2/gold.jsonl against bench/corpus2/articles/.

Every quote content and claim content must occur in its article, compared after folding
white space and curly quote marks. A quote interrupted by its attribution (or running over
several paragraphs) is stored as its pieces joined with a space; the checker re-splits it by
taking, greedily, the longest run of words that occurs in the article, so each piece must be
verbatim. Claims must occur as one piece. Also checks the record layout and the kinds.

usage: python3 check_gold.py [--verbose]
"""

import glob
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"direct", "mixed", "indirect"}


def fold(s):
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("''", '"')):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip()


def pieces(content, text):
    """Split content into the fewest greedy verbatim pieces of text; None when impossible."""
    toks = fold(content).split(" ")
    out, i = [], 0
    while i < len(toks):
        best = None
        for j in range(len(toks), i, -1):
            if " ".join(toks[i:j]) in text:
                best = j
                break
        if best is None:
            return None, toks[i]
        out.append(" ".join(toks[i:best]))
        i = best
    return out, None


def main():
    verbose = "--verbose" in sys.argv
    arts = {
        os.path.basename(p)[:-4]: fold(open(p, encoding="utf-8").read())
        for p in glob.glob(os.path.join(HERE, "articles", "*.txt"))
    }
    errors, nq, nc, kinds, seen = [], 0, 0, {}, set()
    for ln, line in enumerate(open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8"), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        aid = r.get("id")
        if set(r) != {"id", "text", "quotes", "claims"}:
            errors.append(f"line {ln}: keys {sorted(r)}")
        if aid not in arts:
            errors.append(f"line {ln}: no article {aid!r}")
            continue
        seen.add(aid)
        text = arts[aid]
        for q in r["quotes"]:
            nq += 1
            kinds[q.get("kind")] = kinds.get(q.get("kind"), 0) + 1
            if q.get("kind") not in KINDS:
                errors.append(f"[{aid}] bad kind {q.get('kind')!r}")
            if not (q.get("speaker") or "").strip():
                errors.append(f"[{aid}] empty speaker: {q['content'][:60]}")
            ps, bad = pieces(q["content"], text)
            if ps is None:
                errors.append(f"[{aid}] quote not in article (stuck at {bad!r}): {q['content'][:70]}")
            else:
                short = [p for p in ps[:-1] if len(p.split()) < 2]
                if short:
                    errors.append(f"[{aid}] suspicious one-word piece {short}: {q['content'][:60]}")
                if verbose and len(ps) > 1:
                    print(f"[{aid}] {len(ps)} pieces: " + " | ".join(p[:30] for p in ps))
        for c in r["claims"]:
            nc += 1
            if not c.get("by"):
                errors.append(f"[{aid}] claim without 'by': {c['content'][:60]}")
            if fold(c["content"]) not in text:
                errors.append(f"[{aid}] claim not verbatim in article: {c['content'][:70]}")
    for aid in sorted(set(arts) - seen):
        errors.append(f"article without gold record: {aid}")
    for e in errors:
        print(e)
    print(f"{len(seen)} records, {nq} quotes {kinds}, {nc} claims, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
