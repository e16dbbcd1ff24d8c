"""Validate the annotated claim-training file and print its counts.

Usage: python claims/training/check.py [path/to/articles.jsonl]

Plain Python (no Django, no third-party packages). Exits with status 1 and a list
of problems when a record breaks the format described in claims/training/README.md.
"""

import json
import sys
from collections import Counter
from pathlib import Path

DEFAULT_PATH = Path(__file__).with_name("articles.jsonl")
KINDS = ("quantity", "prediction", "causal", "rule", "experience", "other")
SPLITS = ("train", "test")
LICENCES = ("CC BY 2.5", "CC BY 4.0", "CC BY-SA 4.0", "public domain")
TEST_ARTICLES = 20
MIN_ARTICLES = 60
MIN_SENTENCES = 2500
SOURCE_FIELDS = ("publisher", "url", "published", "repository", "path", "row", "commit")
UNIT_FIELDS = ("text", "claim", "checkworthy", "kind", "claimer", "on_topic")


def unit_problems(unit, where):
    """Problems with one labelled unit (a headline or a sentence)."""
    if not isinstance(unit, dict):
        return [f"{where}: not an object"]
    problems = [f"{where}: missing {field}" for field in UNIT_FIELDS if field not in unit]
    if problems:
        return problems
    if not isinstance(unit["text"], str) or not unit["text"].strip():
        problems.append(f"{where}: empty text")
    if unit["text"] != unit["text"].strip():
        problems.append(f"{where}: text has surrounding whitespace")
    for flag in ("claim", "checkworthy"):
        if not isinstance(unit[flag], bool):
            problems.append(f"{where}: {flag} is not true/false")
    if unit["checkworthy"] and not unit["claim"]:
        problems.append(f"{where}: a check-worthy unit must be a claim")
    if not isinstance(unit["on_topic"], bool):
        problems.append(f"{where}: on_topic is not true/false")
    if unit["claim"]:
        if unit["kind"] not in KINDS:
            problems.append(f"{where}: kind {unit['kind']!r} is not one of {KINDS}")
        if not isinstance(unit["claimer"], str) or not unit["claimer"].strip():
            problems.append(f"{where}: a claim needs a claimer")
    else:
        if unit["kind"] is not None:
            problems.append(f"{where}: kind must be null when not a claim")
        if unit["claimer"] is not None:
            problems.append(f"{where}: claimer must be null when not a claim")
    return problems


def record_problems(record, line_no):
    """Problems with one article record."""
    where = f"line {line_no}"
    if not isinstance(record, dict):
        return [f"{where}: not an object"]
    problems = []
    for field in ("id", "source", "licence", "split", "headline", "sentences"):
        if field not in record:
            problems.append(f"{where}: missing {field}")
    if problems:
        return problems
    where = f"line {line_no} ({record['id']})"
    source = record["source"]
    if not isinstance(source, dict):
        problems.append(f"{where}: source is not an object")
    else:
        problems += [f"{where}: source lacks {f}" for f in SOURCE_FIELDS if f not in source]
    if record["licence"] not in LICENCES:
        problems.append(f"{where}: licence {record['licence']!r} not in {LICENCES}")
    if record["split"] not in SPLITS:
        problems.append(f"{where}: split {record['split']!r} not in {SPLITS}")
    problems += unit_problems(record["headline"], f"{where} headline")
    sentences = record["sentences"]
    if not isinstance(sentences, list) or not sentences:
        problems.append(f"{where}: sentences must be a non-empty list")
        return problems
    last_paragraph = 0
    for i, sentence in enumerate(sentences):
        problems += unit_problems(sentence, f"{where} sentence {i}")
        paragraph = sentence.get("paragraph") if isinstance(sentence, dict) else None
        if not isinstance(paragraph, int) or paragraph < last_paragraph:
            problems.append(f"{where} sentence {i}: paragraph must be a non-decreasing integer")
        else:
            last_paragraph = paragraph
    return problems


def load(path):
    records, problems = [], []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"line {line_no}: not JSON ({error})")
                continue
            problems += record_problems(record, line_no)
            records.append(record)
    return records, problems


def file_problems(records):
    """Problems that only show across the whole file."""
    problems = []
    ids = Counter(r.get("id") for r in records)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    test = sum(1 for r in records if r.get("split") == "test")
    if test != TEST_ARTICLES:
        problems.append(f"{test} test articles, expected {TEST_ARTICLES}")
    if len(records) < MIN_ARTICLES:
        problems.append(f"{len(records)} articles, expected at least {MIN_ARTICLES}")
    sentences = sum(len(r.get("sentences") or []) for r in records)
    if sentences < MIN_SENTENCES:
        problems.append(f"{sentences} sentences, expected at least {MIN_SENTENCES}")
    return problems


def share(part, whole):
    return f"{part} ({100 * part / whole:.1f}%)" if whole else "0"


def split_line(name, records):
    units = [s for r in records for s in r["sentences"]]
    heads = [r["headline"] for r in records]
    claims = [s for s in units if s["claim"]]
    worthy = [s for s in units if s["checkworthy"]]
    on_topic = [s for s in units if s["on_topic"]]
    outlet = sum(1 for s in worthy if s["claimer"] == "outlet")
    return (
        f"{name}: articles {len(records)}, sentences {len(units)}, "
        f"claims {share(len(claims), len(units))}, "
        f"check-worthy {share(len(worthy), len(units))}, "
        f"on-topic {share(len(on_topic), len(units))}, "
        f"check-worthy among on-topic {share(sum(1 for s in on_topic if s['checkworthy']), len(on_topic))}, "
        f"headlines check-worthy {share(sum(1 for h in heads if h['checkworthy']), len(heads))}, "
        f"check-worthy by the outlet {share(outlet, len(worthy))}, "
        f"by a source {share(len(worthy) - outlet, len(worthy))}"
    )


def kind_line(name, units, flag):
    chosen = [u for u in units if u[flag]]
    kinds = Counter(u["kind"] for u in chosen)
    return f"{name} ({len(chosen)}): " + ", ".join(f"{k} {share(kinds[k], len(chosen))}" for k in KINDS)


def report(records):
    lines = [split_line("all", records)]
    lines += [split_line(split, [r for r in records if r["split"] == split]) for split in SPLITS]
    for split in SPLITS:
        units = [u for r in records if r["split"] == split for u in r["sentences"] + [r["headline"]]]
        lines.append(kind_line(f"claim kinds, {split}", units, "claim"))
        lines.append(kind_line(f"check-worthy kinds, {split}", units, "checkworthy"))
    topics = Counter((r.get("topic", "?"), r["split"]) for r in records)
    names = sorted({t for t, _ in topics})
    lines.append(
        "per topic (train/test articles): "
        + ", ".join(f"{t} {topics[(t, 'train')]}/{topics[(t, 'test')]}" for t in names)
    )
    licences = Counter(r["licence"] for r in records)
    lines.append("licences: " + ", ".join(f"{k} {v}" for k, v in sorted(licences.items())))
    return "\n".join(lines)


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    records, problems = load(path)
    if not problems:
        problems = file_problems(records)
    if problems:
        sys.stdout.write(f"{path}: {len(problems)} problem(s)\n")
        for problem in problems[:50]:
            sys.stdout.write(f"  {problem}\n")
        return 1
    sys.stdout.write(report(records) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
