"""spaCy components for the stages that read one doc on its own, and the readers that turn their spans back
into the working records the rest of the extraction takes.

``build_nlp`` adds them after the entity recogniser, with their settings in the pipeline's config:

- ``newsroom_quote_marks`` (``single_marks``, ``spans_key``): the quotation-mark spans of ``marks``, one span
  per quoted stretch (marks included), its :class:`~.marks.QuoteSpan` fields in ``Span._.newsroom_quote``;
- ``newsroom_turns`` (``spans_key``): the interview and broadcast turns of ``transcripts``, one span per turn's
  words, its :class:`~.transcripts.Turn` fields in ``Span._.newsroom_turn`` (the extraction reads them in the
  body only);
- ``newsroom_entities`` (``mentions_key``, ``entities_key``): the entity index of ``topics``; every mention a
  span whose ``id`` is the canonical name and label the kind, ``Span._.newsroom_via`` how it refers; every
  entity a span (its first mention) in the second group, its aliases in ``Span._.newsroom_aliases``.

Extension values are plain lists and strings, so the docs cross processes (``nlp.pipe(n_process=...)``). A
component reads its spans back once; where they cannot carry the result exactly (two results on the same
characters share one ``Span._`` slot) it flags the doc and the reader runs the stage again, so the readers
always return what the stage would. A doc from a pipeline without the components is read the same way.

What stays a function: an article is several docs (body, captions, headline) whose names and speakers are
resolved together, so ``pipeline.extract_doc`` assembles them after the pipeline has run.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from .marks import QuoteSpan, find_quote_spans
from .nlp import doc_text
from .text import lookup_key
from .topics import EntityIndex, Mention, find_entities
from .transcripts import Turn, find_turns
from .types import Entity, Kind

QUOTE_MARKS_COMPONENT = "newsroom_quote_marks"
TURNS_COMPONENT = "newsroom_turns"
TURN_SPANS = "newsroom_turns"
ENTITIES_COMPONENT = "newsroom_entities"
QUOTE_SPANS = "newsroom_quote_marks"
MENTION_SPANS = "newsroom_mentions"
ENTITY_SPANS = "newsroom_entities"
_RERUN = "newsroom_rerun"  # doc.user_data: the span keys whose results the reader computes again

for _name in ("newsroom_quote", "newsroom_turn", "newsroom_via", "newsroom_aliases"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _drop_caches(doc: Doc) -> None:
    """Remove the per-doc caches a stage left in ``user_data`` (spans and sets: they do not serialise)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("newsroom_") and k != _RERUN]:
        del doc.user_data[key]


def _rerun(doc: Doc, key: str) -> bool:
    return key not in doc.spans or key in doc.user_data.get(_RERUN, ())


def _flag_rerun(doc: Doc, key: str) -> None:
    doc.user_data[_RERUN] = [*doc.user_data.get(_RERUN, ()), key]


class QuoteMarks:
    """Quotation-mark spans of the doc's text, as ``doc.spans[spans_key]``."""

    def __init__(self, name: str, single_marks: bool, spans_key: str) -> None:
        self.name, self.single_marks, self.spans_key = name, single_marks, spans_key

    def __call__(self, doc: Doc) -> Doc:
        found = find_quote_spans(doc_text(doc), single_marks=self.single_marks)
        group = []
        for q in found:
            span = doc.char_span(q.outer_start, q.outer_end, alignment_mode="expand")
            if span is None:
                continue
            span._.newsroom_quote = list(dataclasses.astuple(q))
            group.append(span)
        doc.spans[self.spans_key] = group
        if self.spans_key != QUOTE_SPANS or len(group) != len(found) or read_quote_spans(doc) != found:
            _flag_rerun(doc, QUOTE_SPANS)
        _drop_caches(doc)
        return doc


class Turns:
    """Transcript turns of the doc's text, as ``doc.spans[spans_key]``."""

    def __init__(self, name: str, spans_key: str) -> None:
        self.name, self.spans_key = name, spans_key

    def __call__(self, doc: Doc) -> Doc:
        found = find_turns(doc_text(doc))
        group = []
        for turn in found:
            span = doc.char_span(turn.start, turn.end, alignment_mode="expand")
            if span is None:
                continue
            span._.newsroom_turn = [list(v) if k == "more" else v for k, v in dataclasses.asdict(turn).items()]
            group.append(span)
        doc.spans[self.spans_key] = group
        if self.spans_key != TURN_SPANS or len(group) != len(found) or read_turns(doc) != found:
            _flag_rerun(doc, TURN_SPANS)
        _drop_caches(doc)
        return doc


class EntityMentions:
    """The entity index of the doc (``topics.find_entities``) as two span groups."""

    def __init__(self, name: str, mentions_key: str, entities_key: str) -> None:
        self.name, self.mentions_key, self.entities_key = name, mentions_key, entities_key

    def __call__(self, doc: Doc) -> Doc:
        index = find_entities(doc)
        mentions = []
        first: dict[str, Span] = {}
        for m in index.mentions:
            span = doc.char_span(m.start, m.end, label=m.kind.value, span_id=m.name)
            if span is None:
                continue
            span._.newsroom_via = m.via
            mentions.append(span)
            first.setdefault(m.name, span)
        entities = []
        for e in index.entities:
            carrier = first.get(e.name) or doc[0:0]
            span = Span(doc, carrier.start, carrier.end, label=e.kind.value, span_id=e.name)
            span._.newsroom_aliases = list(e.aliases)
            entities.append(span)
        doc.spans[self.mentions_key] = mentions
        doc.spans[self.entities_key] = entities
        keys = (self.mentions_key, self.entities_key) != (MENTION_SPANS, ENTITY_SPANS)
        if keys or _index_state(read_entity_index(doc)) != _index_state(index):
            _flag_rerun(doc, MENTION_SPANS)
        _drop_caches(doc)
        return doc


@Language.factory(QUOTE_MARKS_COMPONENT, default_config={"single_marks": True, "spans_key": QUOTE_SPANS})
def make_quote_marks(nlp: Language, name: str, single_marks: bool, spans_key: str) -> QuoteMarks:
    return QuoteMarks(name, single_marks, spans_key)


@Language.factory(TURNS_COMPONENT, default_config={"spans_key": TURN_SPANS})
def make_turns(nlp: Language, name: str, spans_key: str) -> Turns:
    return Turns(name, spans_key)


@Language.factory(ENTITIES_COMPONENT, default_config={"mentions_key": MENTION_SPANS, "entities_key": ENTITY_SPANS})
def make_entities(nlp: Language, name: str, mentions_key: str, entities_key: str) -> EntityMentions:
    return EntityMentions(name, mentions_key, entities_key)


def read_quote_spans(doc: Doc) -> list[QuoteSpan]:
    """The doc's quotation-mark spans, from its component's spans (or found here)."""
    if _rerun(doc, QUOTE_SPANS):
        return find_quote_spans(doc_text(doc))
    return [QuoteSpan(*cast("list[Any]", s._.newsroom_quote)) for s in doc.spans[QUOTE_SPANS]]


def read_turns(doc: Doc) -> list[Turn]:
    """The doc's transcript turns, from its component's spans (or found here)."""
    if _rerun(doc, TURN_SPANS):
        return find_turns(doc_text(doc))
    turns = []
    for s in doc.spans[TURN_SPANS]:
        label, start, end, para, interviewer, more, narrator, label_para = cast("list[Any]", s._.newsroom_turn)
        more = [(a, b, q) for a, b, q in more]
        turns.append(Turn(label, start, end, para, interviewer, more, narrator, label_para))
    return turns


def read_entity_index(doc: Doc) -> EntityIndex:
    """The doc's entity index, from its component's spans (or built here)."""
    if _rerun(doc, MENTION_SPANS) or ENTITY_SPANS not in doc.spans:
        return find_entities(doc)
    entities = [
        Entity(name=s.id_, kind=Kind(s.label_), aliases=tuple(cast("list[str]", s._.newsroom_aliases)))
        for s in doc.spans[ENTITY_SPANS]
    ]
    mentions = [
        Mention(s.start_char, s.end_char, s.id_, Kind(s.label_), cast(str, s._.newsroom_via))
        for s in doc.spans[MENTION_SPANS]
    ]
    surfaces: dict[str, str] = {}
    for e in entities:
        for alias in (e.name, *e.aliases):
            surfaces.setdefault(lookup_key(alias), e.name)
    return EntityIndex(entities, mentions, surfaces)


def _index_state(index: EntityIndex) -> tuple[object, ...]:
    return index.entities, index.mentions, index.surfaces
