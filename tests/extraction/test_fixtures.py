"""Whole-article cases: fixtures/<case>.txt with <case>.expected.json (quotes, speakers, absences)."""

import json
import re
from pathlib import Path

import pytest

from claims.extraction import confidence as conf
from claims.extraction import types as T
from claims.extraction.pipeline import extract

FIXTURES = Path(__file__).with_name("fixtures")
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2015": "-", "\u2014": "-"})


def fold(s):
    return re.sub(r"\s+", " ", (s or "").translate(QUOTE_CHARS)).strip()


_RUNS: dict[str, tuple] = {}


def run(case, nlp):
    """Extract a case once per session; the four tests below read the same result."""
    if case not in _RUNS:
        body = (FIXTURES / f"{case}.txt").read_text(encoding="utf-8").strip()
        want = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
        result = extract(body, nlp, captions=want.get("captions", ()), headline=want.get("headline", ""))
        _RUNS[case] = (body, want, result)
    return _RUNS[case]


def source(body, want, frag):
    if frag.field == T.CAPTION:
        return want["captions"][frag.index]
    if frag.field == T.HEADLINE:
        return want["headline"]
    return body


def matches(q, exp):
    got, text = fold(q.text), fold(exp["text"])
    return text in got if exp.get("match") == "contains" else got == text


@pytest.mark.parametrize("case", CASES)
def test_expected_quotes(case, nlp):
    body, want, result = run(case, nlp)
    problems = []
    for exp in want["quotes"]:
        found = [q for q in result.quotes if matches(q, exp)]
        if not found:
            problems.append(f"missing {exp['text']!r}; got {[q.text for q in result.quotes]}")
            continue
        q = found[0]
        name = q.speaker.name if q.speaker else None
        checks = {
            "kind": q.kind,
            "speaker": name,
            "mention": q.mention,
            "cue": q.cue,
            "fragments": len(q.fragments),
            "field": q.fragments[0].field,
            "index": q.fragments[0].index,
        }
        for key, value in checks.items():
            if key in exp and exp[key] != value:
                problems.append(f"{exp['text'][:40]!r}: {key} is {value!r}, want {exp[key]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_offsets_and_confidence(case, nlp):
    body, want, result = run(case, nlp)
    assert result.quotes, "no quotes at all"
    for q in result.quotes:
        # a quote nobody could be found for is never given with confidence
        assert q.speaker is not None or q.confidence <= conf.UNREAD_LABEL, (q.text, q.confidence)
        pieces = [source(body, want, f)[f.start : f.end] for f in q.fragments]
        # the pieces in order, joined by a space, or by ". " where the attribution between them ended a sentence
        pattern = r"\.? ".join(re.escape(p) for p in pieces)
        assert re.fullmatch(pattern, q.text), (pieces, q.text)


@pytest.mark.parametrize("case", CASES)
def test_absent_and_not_speakers(case, nlp):
    body, want, result = run(case, nlp)
    texts = [fold(q.text) for q in result.quotes]
    for phrase in want.get("absent", []):
        assert not any(fold(phrase) in t for t in texts), f"{phrase!r} should not be a quote: {texts}"
    names = {fold(s.name) for s in result.speakers} | {
        fold(q.speaker.name) for q in result.quotes if q.speaker and q.speaker.name
    }
    for name in want.get("not_speakers", []):
        assert fold(name) not in names
    claims = [fold(c.text) for c in result.claims]
    for phrase in want.get("not_claims", []):
        assert not any(fold(phrase) in c for c in claims), f"{phrase!r} should not be a claim: {claims}"
    # Claims are whole sentences: an attribution is part of its sentence's claim, never a claim of its own.
    bare = {c.strip(' .,;:"\u201c\u201d') for c in claims}
    for phrase in want.get("not_whole_claims", []):
        assert fold(phrase) not in bare, f"{phrase!r} should not be a claim of its own: {claims}"
    if "count" in want:
        assert len([q for q in result.quotes if q.kind in (T.DIRECT, T.MIXED)]) == want["count"], texts


@pytest.mark.parametrize("case", CASES)
def test_speakers(case, nlp):
    body, want, result = run(case, nlp)
    by_name = {s.name: s for s in result.speakers}
    for exp in want.get("speakers", []):
        assert exp["name"] in by_name, f"{exp['name']} not among {list(by_name)}"
        s = by_name[exp["name"]]
        for key in ("kind", "role", "affiliation"):
            if key in exp:
                assert getattr(s, key) == exp[key], f"{exp['name']}: {key} {getattr(s, key)!r}"
        for alias in exp.get("aliases_include", []):
            assert alias in s.aliases, f"{alias!r} not in {s.aliases}"
