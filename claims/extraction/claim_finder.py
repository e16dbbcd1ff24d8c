"""Check-worthy claims of an article body: the learned model over whole sentences, each credited.

``find_claims(doc, quotes, entities)`` reads the body once: its units are whole sentences
(``doc.sents``), except that a "Label: ..." line (Myth:, Fact:, Truth:, Q:, A: ...) is split into one
unit per label, the label word left out. Quotation edges no longer cut a sentence. Every unit is
scored by ``claim_model``: the units its claim model takes for checkable claims, and the check-worthy
ones, are returned (``Assessment.stored``), each with its calibrated check-worthiness probability, so
editors can sort them; those at or above the check-worthiness threshold are the check-worthy ones.

The claimant (``Claim.by``) is the speaker of the quote or reported speech that covers most of the
unit (``quote_index`` points at it), when it covers half of it, or when the unit's main verb is its cue
and the rest of the unit names its speaker ("The ministry said six of the dead were children"). A unit
no quote covers, in a paragraph whose earlier sentence was a speaker's, stays with that speaker (the
"she added" run); else claim-spreading wording ("promoted the idea that", "claims by X that", "as X
points out", "posts claiming": ``claim_sources``) credits its source; otherwise it is the outlet's
(``outlet_speaker``, None for the outlet itself). A quote credited to a label word ("Truth", "Myth") is
no claimant. A source the article does not name ("the scientists", "a flier") is still the claimant: an
unresolved speaker, with the article's words for it in ``Claim.mention``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .claim_features import article_context, claim_kind, feature_names
from .claim_model import CheckworthinessModel, load_model
from .claim_sources import HEARSAY, hearsay, spread_source
from .nlp import doc_text
from .text import paragraphs
from .topics import EntityIndex
from .types import BODY, UNKNOWN, Claim, Fragment, Quote, Speaker

# A label that opens its own statement: "Myth: garlic cures the virus. Truth: it does not."
LABEL_WORDS = ("Myth", "Fact", "Truth", "Reality", "Claim", "Verdict", "Q", "A")
LABEL = re.compile(r"(?<![\w'\u2019])(?:" + "|".join(LABEL_WORDS) + r")\s*:(?=\s)")
EDGE = " \t\n\"'\u201c\u201d\u2018\u2019:;,-\u2013\u2014"
NAMED = frozenset(feature_names(0))  # the named (not hashed) features, listed on a claim


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    span: Span
    para: int


def find_claims(
    doc: Doc,
    quotes: Sequence[Quote],
    entities: EntityIndex,
    *,
    outlet_speaker: Speaker | None = None,
    model: CheckworthinessModel | None = None,
) -> tuple[Claim, ...]:
    """Return the candidate claims of a parsed article body, each with its probability and claimant."""
    model = model or load_model()
    context = article_context(doc)
    text = doc_text(doc)
    spans = _quote_spans(quotes)
    nearby = _SpanIndex(spans)
    claims: list[Claim] = []
    carried: tuple[int, int] | None = None  # (paragraph, quote index) of the last unit a quote covered
    run: tuple[int, Speaker | None, str] | None = None  # (paragraph, claimant, mention) of a named source
    for unit in claim_units(doc):
        near = nearby.overlapping(unit.start, unit.end)  # the only fragments that can cover or touch the unit
        index = _covering_quote(unit, near, quotes, text)
        if index is not None:
            carried = (unit.para, index)
        elif carried is not None and carried[0] == unit.para and not _touches_quote(unit, near):
            index = carried[1]
        by, mention = _claimant(unit, quotes, index, outlet_speaker)
        if index is None and (by, mention) != (outlet_speaker, ""):
            run = (unit.para, by, mention)  # "The study found that ...": its next sentences are the study's
        elif index is None and run is not None and run[0] == unit.para and not _touches_quote(unit, near):
            by, mention = run[1], run[2]
        assessment = model.assess(unit.span, context)
        if not assessment.stored:
            continue
        claims.append(
            Claim(
                text=text[unit.start : unit.end],
                fragments=(Fragment(unit.start, unit.end, BODY),),
                by=by,
                checkworthiness=round(assessment.probability, 3),
                quote_index=index,
                about=entities.about(unit.start, unit.end),
                features=tuple(name for name in assessment.features if name in NAMED),
                kind=claim_kind(assessment.features),
                mention=mention,
            )
        )
    return tuple(claims)


def _claimant(
    unit: _Unit, quotes: Sequence[Quote], index: int | None, outlet_speaker: Speaker | None
) -> tuple[Speaker | None, str]:
    """(claimant, the article's words for it): the quote's speaker, a spreading cue's source, or the outlet."""
    if index is not None:
        quote = quotes[index]
        return (quote.speaker, quote.mention) if quote.speaker is not None else (outlet_speaker, "")
    source = spread_source(unit.span)
    if source is None:
        if hearsay(unit.span):
            return Speaker(name=None, kind=UNKNOWN, aliases=(HEARSAY,)), HEARSAY
        return outlet_speaker, ""
    words = source.text
    known = next((q.speaker for q in quotes if q.speaker is not None and _same(words, q.speaker)), None)
    return (known, words) if known is not None else (Speaker(name=None, kind=UNKNOWN, aliases=(words,)), words)


def _same(words: str, speaker: Speaker) -> bool:
    """Whether ``words`` name ``speaker``: one of its names or aliases, compared without case."""
    low = words.lower().removeprefix("the ")
    return any(low == form.lower().removeprefix("the ") for form in (speaker.name or "", *speaker.aliases) if form)


def claim_units(doc: Doc) -> list[_Unit]:
    """Whole sentences of the body, a "Label: ..." line split at its labels, edges trimmed."""
    text = doc_text(doc)
    para_starts = [a for a, _ in paragraphs(text)]
    units: list[_Unit] = []
    for sent in doc.sents:
        bounds = [sent.start_char]
        for m in LABEL.finditer(text, sent.start_char, sent.end_char):
            bounds.extend((m.start(), m.end()))
        bounds.append(sent.end_char)
        for a, b in zip(bounds[::2], bounds[1::2], strict=True):
            a, b = _trim(text, a, b)
            span = doc.char_span(a, b, alignment_mode="expand") if b > a else None
            if span is not None and any(t.is_alpha for t in span):
                units.append(_Unit(a, b, span, bisect.bisect_right(para_starts, a) - 1))
    return units


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in EDGE:
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _quote_spans(quotes: Sequence[Quote]) -> list[tuple[int, int, int]]:
    """(start, end, quote index) of every body fragment of every quote not credited to a label word."""
    return [
        (f.start, f.end, index)
        for index, quote in enumerate(quotes)
        if not _label_speaker(quote)
        for f in quote.fragments
        if f.field == BODY and f.end > f.start
    ]


def _label_speaker(quote: Quote) -> bool:
    """A quote credited to a label word ("Truth", "Myth"): labels are never claimants."""
    speaker = quote.speaker
    return speaker is not None and (speaker.name or quote.mention).strip().rstrip(":") in LABEL_WORDS


class _SpanIndex:
    """Quote fragments sorted by start, to find those overlapping a unit without reading them all."""

    def __init__(self, spans: list[tuple[int, int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, e, _ in self.spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The spans that share at least one character with ``start``..``end``."""
        first = bisect.bisect_right(self.reach, start)  # the spans before it all end by ``start``
        last = bisect.bisect_left(self.starts, end)  # those from it on start at or after ``end``
        return [span for span in self.spans[first:last] if span[1] > start]


def _covering_quote(unit: _Unit, spans: list[tuple[int, int, int]], quotes: Sequence[Quote], text: str) -> int | None:
    """The quote whose fragments cover most of the unit, when they cover at least half of it, or when
    the unit's main verb is that quote's cue and the rest of the unit names its speaker as the quote
    does: in "The Emergencies Ministry said six of the dead were children" the claim is the ministry's,
    though its words are the shorter part of the sentence."""
    cover: dict[int, int] = {}
    for s, e, index in spans:
        overlap = min(e, unit.end) - max(s, unit.start)
        if overlap > 0:
            cover[index] = cover.get(index, 0) + overlap
    if not cover:
        return None
    best = max(cover, key=lambda i: (cover[i], -i))
    if 2 * cover[best] >= unit.end - unit.start:
        return best
    quote = quotes[best]
    return best if _is_cue(unit.span.root, quote.cue) and _names_speaker(unit, spans, quote.mention, text) else None


def _is_cue(root: Token, cue: str) -> bool:
    """Whether the sentence's main verb is the quote's reporting cue ("said" in "X said that ...")."""
    words = cue.lower().split()
    return bool(words) and (root.lower_ in words or root.lemma_.lower() in words)


def _names_speaker(unit: _Unit, spans: list[tuple[int, int, int]], mention: str, text: str) -> bool:
    """Whether the part of ``unit`` outside every quote holds ``mention`` (the article's words for a
    speaker at a quote) as whole words."""
    if not mention.strip():
        return False
    rest = list(text[unit.start : unit.end])
    for s, e, _ in spans:
        for i in range(max(s, unit.start), min(e, unit.end)):
            rest[i - unit.start] = " "
    pattern = r"(?<!\w)" + re.escape(mention.strip()) + r"(?!\w)"
    return re.search(pattern, "".join(rest)) is not None


def _touches_quote(unit: _Unit, spans: list[tuple[int, int, int]]) -> bool:
    return any(s < unit.end and unit.start < e for s, e, _ in spans)
