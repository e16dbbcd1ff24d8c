"""Working records of quote finding: ``Unit`` (one parsed text of the article: body, a caption or the
headline, with its offset in the article) and ``Item`` (one quote candidate, filled in by the stages)."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .coref import Cluster, Resolution
from .nlp import doc_text
from .text import paragraphs
from .types import Field, QuoteKind


@dataclass
class Unit:
    """One parsed text of the article; ``base`` is its offset when all texts are read as one."""

    doc: Doc
    field: Field
    index: int  # caption number (0 for the body and the headline)
    no: int  # position among the article's texts
    base: int
    known: set[int] = dataclasses.field(default_factory=set)  # tokens of names the body gave (read for a headline)
    text: str = dataclasses.field(init=False)
    sent_starts: list[int] = dataclasses.field(init=False)
    tok_starts: list[int] = dataclasses.field(init=False)
    para_starts: list[int] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.sent_starts = [s.start for s in self.doc.sents]
        self.tok_starts = [t.idx for t in self.doc]
        self.para_starts = [p[0] for p in paragraphs(self.text)]

    def tokens(self, a: int, b: int) -> Span:
        """Tokens starting in text[a:b]."""
        i = bisect_left(self.tok_starts, a)
        j = bisect_left(self.tok_starts, b)
        return self.doc[i:j]

    def token_at(self, c: int) -> Token:
        """The token holding character ``c``."""
        i = bisect_left(self.tok_starts, c + 1) - 1
        return self.doc[max(i, 0)]


@dataclass
class Item:
    """A quote candidate: found by ``quotes``/``reported``, resolved and weighed by ``assemble``."""

    unit: Unit
    kind: QuoteKind
    frags: list[tuple[int, int]]  # [(start, end)] in unit text
    pos: int
    para: int
    last_para: int
    cue: Token | None = None
    cue_text: str = ""
    subject: Token | None = None
    label: str = ""  # speaker words given outright (transcript turn, "― Name")
    inherit: bool = False
    weight: float = 1.0
    resolution: Resolution | None = None
    cluster: Cluster | None = None
    confidence: float = 0.5


def strip_fragment(text: str, s: int, e: int) -> tuple[int, int]:
    """Return a fragment's bounds without trailing commas and white space."""
    while e > s and (text[e - 1] in ", \n\t" or text[e - 1].isspace()):
        e -= 1
    return s, e
