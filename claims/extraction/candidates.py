"""Working records of quote finding: ``Unit`` (one parsed text of the article: body, a caption or the
headline, with its offset in the article) and ``Item`` (one quote candidate, filled in by the stages)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .coref import Cluster, Resolution
from .text import paragraphs


@dataclass
class Unit:
    doc: object
    field: str
    index: int
    no: int
    base: int
    sent_starts: list = field(default_factory=list)
    tok_starts: list = field(default_factory=list)
    known: set = field(default_factory=set)  # tokens of names the body gave (read for a headline)

    def __post_init__(self):
        self.text = self.doc.text
        self.sent_starts = [s.start for s in self.doc.sents]
        self.tok_starts = [t.idx for t in self.doc]
        self.para_starts = [p[0] for p in paragraphs(self.text)]

    def tokens(self, a: int, b: int):
        """Tokens starting in text[a:b]."""
        i = bisect_left(self.tok_starts, a)
        j = bisect_left(self.tok_starts, b)
        return self.doc[i:j]

    def token_at(self, c: int):
        i = bisect_left(self.tok_starts, c + 1) - 1
        return self.doc[max(i, 0)]


@dataclass
class Item:
    unit: Unit
    kind: str
    frags: list  # [(start, end)] in unit text
    pos: int
    para: int
    last_para: int
    cue: object = None
    cue_text: str = ""
    subject: object = None
    label: str = ""  # speaker words given outright (transcript turn, "― Name")
    inherit: bool = False
    weight: float = 1.0
    resolution: Resolution | None = None
    cluster: Cluster | None = None
    confidence: float = 0.5


def strip_fragment(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and (text[e - 1] in ", \n\t" or text[e - 1].isspace()):
        e -= 1
    return s, e
