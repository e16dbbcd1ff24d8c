"""Check an evaluation corpus's answer key (DIR/gold.jsonl) against its articles (DIR/articles/*.txt).

    python bench/check_gold.py --corpus bench/corpus [--words 250-700] [--verbose]

For every record: the keys are id, text, quotes and (optionally) claims; the article file exists (and, with --words,
has that many words); every quote has a speaker and a kind in direct/mixed/indirect, an indirect quote holds
no quotation marks, and its content is in the article as one piece or a few pieces in reading order (a quote
interrupted by its attribution, or running over paragraphs), each piece whole words, after folding white
space and dropping quotation marks (--marks keep compares them too); every claim has a claimant ("by") and
is one piece of the article. Every article has a record and no id is repeated. Prints the counts and every
problem; exits 1 on any problem. Plain Python, no project imports.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

KINDS = ("direct", "mixed", "indirect")
KEYS = {"id", "text", "quotes", "claims"}
MAX_PIECES = 4
FOLDS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("''", '"'))


MARKS = re.compile("[\"`\u201c\u201d\u201e\u201f\u00ab\u00bb]|''|(?<!\\w)'|'(?!\\w)")
DROP_MARKS = True  # --marks keep: compare quotation marks too (straight and curly alike)


def fold(text: str) -> str:
    """Return ``text`` with white space runs as one space, curly marks straight and, unless kept, no quotation marks."""
    text = unicodedata.normalize("NFKC", text or "")
    for a, b in FOLDS:
        text = text.replace(a, b)
    if DROP_MARKS:
        text = MARKS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def pieces(content: str, article: str) -> list[str] | None:
    """Split ``content`` into the fewest runs of whole words found in ``article`` in order; None if it cannot."""
    words = fold(content).split(" ")
    out: list[str] = []
    i, pos = 0, 0
    while i < len(words):
        for j in range(len(words), i, -1):
            piece = " ".join(words[i:j])
            at = _word_find(article, piece, pos)
            if at >= 0:
                out.append(piece)
                pos, i = at + len(piece), j
                break
        else:
            return None
    return out


def _word_find(text: str, piece: str, start: int) -> int:
    """Position of ``piece`` in ``text`` at or after ``start`` where it begins and ends on word boundaries."""
    at = text.find(piece, start)
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        after = text[at + len(piece)] if at + len(piece) < len(text) else " "
        if not (before.isalnum() and piece[:1].isalnum()) and not (after.isalnum() and piece[-1:].isalnum()):
            return at
        at = text.find(piece, at + 1)
    return -1


def check_record(rec: dict, article: str, problems: list[str], counts: Counter[str], verbose: bool) -> None:
    key = rec.get("id")
    if not KEYS - {"claims"} <= set(rec) <= KEYS:
        problems.append(f"[{key}] keys {sorted(rec)}, want {sorted(KEYS)} (claims may be left out)")
    for q in rec.get("quotes", []):
        kind, content = q.get("kind"), q.get("content", "")
        if kind not in KINDS:
            problems.append(f"[{key}] bad kind {kind!r}")
            continue
        counts[kind] += 1
        if not (q.get("speaker") or "").strip():
            problems.append(f"[{key}] quote without speaker: {content[:60]}")
        if kind == "indirect" and re.search("[\"\u201c\u201d]|''", content):
            problems.append(f"[{key}] indirect quote holds quotation marks: {content[:60]}")
        found = pieces(content, article)
        if found is None:
            problems.append(f"[{key}] quote not in the article: {content[:70]}")
        elif len(found) > MAX_PIECES:
            problems.append(f"[{key}] quote only found in {len(found)} pieces: {content[:60]}")
        elif verbose and len(found) > 1:
            print(f"  [{key}] {kind} in {len(found)} pieces: " + " | ".join(p[:30] for p in found))
    for c in rec.get("claims", []):
        counts["claims"] += 1
        counts["claims by the outlet"] += c.get("by") == "outlet"
        if not (c.get("by") or "").strip():
            problems.append(f"[{key}] claim without 'by': {c.get('content', '')[:60]}")
        if fold(c.get("content", "")) not in article:
            problems.append(f"[{key}] claim not one piece of the article: {c.get('content', '')[:70]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder with gold.jsonl and articles/")
    parser.add_argument("--words", help="MIN-MAX words each article must have, e.g. 250-700")
    parser.add_argument(
        "--marks", choices=["drop", "keep"], default="drop", help="drop quotation marks before comparing (default)"
    )
    parser.add_argument("--verbose", action="store_true", help="also list the quotes found in several pieces")
    args = parser.parse_args()
    global DROP_MARKS
    DROP_MARKS = args.marks == "drop"
    low, high = (int(n) for n in args.words.split("-")) if args.words else (0, sys.maxsize)
    files = {p.stem: p for p in (args.corpus / "articles").glob("*.txt")}
    problems: list[str] = []
    counts: Counter[str] = Counter()
    ids: list[str] = []
    for line in (args.corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        ids.append(rec.get("id"))
        path = files.get(rec.get("id"))
        if path is None:
            problems.append(f"[{rec.get('id')}] no article file")
            continue
        raw = path.read_text(encoding="utf-8")
        if not low <= len(raw.split()) <= high:
            problems.append(f"[{rec['id']}] {len(raw.split())} words (want {args.words})")
        check_record(rec, fold(raw), problems, counts, args.verbose)
    problems += [f"[{key}] article without a gold record" for key in sorted(set(files) - set(ids))]
    problems += [f"[{key}] id repeated" for key, n in Counter(ids).items() if n > 1]
    for problem in problems:
        print("PROBLEM", problem)
    kinds = ", ".join(f"{counts[k]} {k}" for k in KINDS)
    outlet = counts["claims by the outlet"]
    print(f"{len(ids)} records; quotes: {kinds}; claims: {counts['claims']} ({outlet} by the outlet)")
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
