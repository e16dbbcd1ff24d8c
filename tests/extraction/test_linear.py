"""Extraction does work in proportion to the length of the article, counted, not timed.

A long article is the golden fixtures' paragraphs over and over; the extraction of four times the text
may make at most a little more than four times the Python calls (a step that reads every quote, mention
or speaker again for each sentence makes the count grow with the square of the length).
"""

import sys
from pathlib import Path

from claims.extraction.nlp import span_ents
from claims.extraction.pipeline import extract_doc, parse

FIXTURES = Path(__file__).parent / "fixtures"


def _paragraphs() -> list[str]:
    out = []
    for path in sorted(FIXTURES.glob("*.txt")):
        out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


def _calls(doc) -> int:
    """Python and builtin function calls made while extracting ``doc``."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        extract_doc(doc)
    finally:
        sys.setprofile(None)
    return count


def test_extraction_calls_grow_linearly_with_the_text(nlp):
    paragraphs = _paragraphs()
    short = "\n\n".join(paragraphs[:60])
    long = "\n\n".join([short] * 4)
    small, big = parse(nlp, [short, long])
    extract_doc(small)  # lexicons and the model load before counting
    per_token_small = _calls(small) / len(small)
    per_token_big = _calls(big) / len(big)
    assert per_token_big <= 1.1 * per_token_small, (per_token_small, per_token_big)


def test_span_ents_are_span_ents(nlp):
    (doc,) = parse(nlp, ["\n\n".join(_paragraphs()[:40])])
    assert len(doc.ents) > 10
    spans = [*doc.sents, doc[:], doc[3:40], doc[0:0], doc[len(doc) - 1 :]]
    spans += [doc[e.start : e.end] for e in doc.ents] + [doc[e.start + 1 : e.end + 2] for e in doc.ents]
    for span in spans:
        assert [(e.start, e.end, e.label_) for e in span_ents(span)] == [(e.start, e.end, e.label_) for e in span.ents]
