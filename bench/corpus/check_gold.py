"""Sanity checks for the held-out answer key (bench/corpus/gold.jsonl).

    python bench/corpus/check_gold.py [--corpus bench/corpus]

For every record: the article file exists and has 250-700 words; every quote's content, with quotation
marks removed, is found in the article as one piece or as a few pieces in reading order (a quote split by
"he said" or running over paragraphs); indirect quotes carry no quotation marks and mixed ones do; every
claim is one sentence of the article. Prints the counts per article and exits 1 on any problem.
Plain Python, no project imports.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

MARKS = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a"
MARK_RE = re.compile("[" + re.escape(MARKS) + "]")
KINDS = ("direct", "mixed", "indirect")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = MARK_RE.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def pieces(content: str, text: str) -> list[str] | None:
    """Split `content` into the fewest pieces that occur in `text` in order (greedy longest prefix)."""
    c, out, pos = norm(content), [], 0
    i = 0
    while i < len(c):
        lo, hi = i, len(c)  # longest j with c[i:j] found at or after pos (monotone in j)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text.find(c[i:mid], pos) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == i:
            return None
        piece = c[i:lo]
        # cut back to a word boundary unless the piece ends the content
        if lo < len(c) and c[lo] != " " and not piece.endswith(" ") and " " in piece:
            cut = piece.rfind(" ")
            piece = c[i : i + cut]
            lo = i + cut
        pos = text.find(piece, pos) + len(piece)
        out.append(piece.strip())
        i = lo
        while i < len(c) and c[i] == " ":
            i += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    arts = {p.stem: p for p in (args.corpus / "articles").glob("*.txt")}
    problems: list[str] = []
    seen = set()
    totals = {"direct": 0, "mixed": 0, "indirect": 0, "claims": 0}
    for line in (args.corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        key = rec["id"]
        seen.add(key)
        if key not in arts:
            problems.append(f"[{key}] no article file")
            continue
        raw = arts[key].read_text(encoding="utf-8")
        n_words = len(raw.split())
        if not 250 <= n_words <= 700:
            problems.append(f"[{key}] {n_words} words (want 250-700)")
        text = norm(raw)
        counts = {"direct": 0, "mixed": 0, "indirect": 0}
        for q in rec["quotes"]:
            kind, content, speaker = q["kind"], q["content"], q["speaker"]
            if kind not in KINDS:
                problems.append(f"[{key}] bad kind {kind!r}")
                continue
            counts[kind] += 1
            if not speaker:
                problems.append(f"[{key}] quote without speaker: {content[:50]}")
            has_marks = bool(MARK_RE.search(content.replace("'s ", " ").replace("s' ", " ")))
            if kind == "indirect" and re.search("[\"\u201c\u201d]|''", content):
                problems.append(f"[{key}] indirect quote holds quotation marks: {content[:60]}")
            if kind == "mixed" and not has_marks:
                problems.append(f"[{key}] mixed quote without quotation marks: {content[:60]}")
            ps = pieces(content, text)
            if ps is None:
                problems.append(f"[{key}] quote not found in article: {content[:70]}")
            elif len(ps) > 4 or any(len(p.split()) < 1 for p in ps):
                problems.append(f"[{key}] quote only found in {len(ps)} scraps: {ps}")
        for c in rec.get("claims", []):
            totals["claims"] += 1
            if norm(c["content"]) not in text:
                problems.append(f"[{key}] claim not one piece of the article: {c['content'][:70]}")
            if not c.get("by"):
                problems.append(f"[{key}] claim without 'by': {c['content'][:50]}")
        for k in counts:
            totals[k] += counts[k]
        print(
            f"{key:40s} words={n_words:3d} direct={counts['direct']:2d} mixed={counts['mixed']:2d} "
            f"indirect={counts['indirect']:2d} claims={len(rec.get('claims', [])):2d}"
        )
    for key in sorted(set(arts) - seen):
        problems.append(f"[{key}] article without a gold record")
    print(
        f"{'total':40s} {len(seen)} articles  direct={totals['direct']} mixed={totals['mixed']} "
        f"indirect={totals['indirect']} claims={totals['claims']}"
    )
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
