"""Finding quotation spans in plain text, before any parse.

Quotation marks are evidence, not truth. This module reads straight and curly marks, ``''`` and ````
pairs, and single marks (told apart from apostrophes), pairs them within a paragraph, carries a quote that a
paragraph leaves open into the next paragraph that opens with a mark, and closes any other unbalanced quote
at the end of its paragraph. Nothing here can raise on odd input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .text import paragraphs, trim

OPEN_ONLY = {"\u201c", "\u201e", "\u00ab", "``", "\u2018\u2018", "\u201f"}


CLOSE_ONLY = {"\u201d", "\u00bb", "\u2019\u2019"}


SINGLE_OPEN = {"'", "\u2018", "\u201b"}


SINGLE_CLOSE = {"'", "\u2019"}


_DOUBLE = re.compile(r"''|``|\u2018\u2018|\u2019\u2019|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")


# A single mark that starts a word yet is an apostrophe: '90s, 'em, 'til, rock 'n' roll.
_ELISION = re.compile(
    r"(?i)['\u2018\u2019](?:\d\ds?\b|\d0s|em\b|tis\b|twas\b|til\b|cause\b|n['\u2019]?\s|round\b|bout\b)"
)


_OPENERS = " \t\n([{<-\u2013\u2014\u2015/"


_CLOSE_FOLLOW = ' \t\n.,;:!?)]}>-\u2013\u2014\u2015/"\u201d'


@dataclass
class QuoteSpan:
    """One stretch of quoted text within one paragraph.

    ``start``/``end`` bound the quoted words (inside the marks, white space trimmed); ``outer_start`` and
    ``outer_end`` include the marks that were found. ``continues`` says the quote goes on in the next
    paragraph (this paragraph left it open and the next one opens with a mark).
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    para: int
    closed: bool = True
    continues: bool = False
    continued: bool = False
    single: bool = False


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """Yield (pos, mark, role) for double marks in text[start:end]; role is 'open', 'close' or 'either'."""
    for m in _DOUBLE.finditer(text, start, end):
        mark, i, j = m.group(), m.start(), m.end()
        before = text[i - 1] if i > start else " "
        after = text[j] if j < end else " "
        open_ok = (before in _OPENERS or before in "\"\u201c'\u2018") and not after.isspace()
        close_ok = not before.isspace() and (after in _CLOSE_FOLLOW or after in "'\u2019")
        if mark in OPEN_ONLY:
            role = "close" if close_ok and not open_ok else "open"
        elif mark in CLOSE_ONLY:
            role = "open" if open_ok and not close_ok else "close"
        elif open_ok and not close_ok:
            role = "open"
        elif close_ok and not open_ok:
            role = "close"
        else:
            role = "either"
        yield i, mark, role


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    for i, _mark, role in _marks(text, start, min(end, start + 3)):
        return i == start and role in ("open", "either")
    return False


def find_quote_spans(text: str, *, single_marks: bool = True) -> list[QuoteSpan]:
    """Every quoted stretch of ``text`` in order; see the module docstring for the rules."""
    paras = paragraphs(text)
    spans: list[QuoteSpan] = []
    for p, (ps, pe) in enumerate(paras):
        open_at = None  # position of the opening mark of the quote being read
        open_len = 0
        para_spans: list[QuoteSpan] = []
        for i, mark, role in _marks(text, ps, pe):
            if open_at is None:
                if role in ("open", "either"):
                    open_at, open_len = i, len(mark)
                # a stray closing mark with nothing open is ignored
            elif role in ("close", "either"):
                s, e = trim(text, open_at + open_len, i)
                if e > s:
                    para_spans.append(QuoteSpan(s, e, open_at, i + len(mark), p))
                open_at = None
            else:  # an opening mark while a quote is open: the earlier quote lost its closing mark
                s, e = trim(text, open_at + open_len, i)
                if e > s:
                    para_spans.append(QuoteSpan(s, e, open_at, e, p, closed=False))
                open_at, open_len = i, len(mark)
        if open_at is not None:
            s, e = trim(text, open_at + open_len, pe)
            if e > s:
                span = QuoteSpan(s, e, open_at, pe, p, closed=False)
                nxt = paras[p + 1] if p + 1 < len(paras) else None
                if nxt is not None and _opens_with_mark(text, *nxt):
                    span.continues = True
                para_spans.append(span)
        if single_marks:
            para_spans = _with_single_quotes(text, ps, pe, p, para_spans)
        spans.extend(para_spans)
    # a span continued from the previous paragraph is the first one of its paragraph
    prev_continues = False
    for span in spans:
        if prev_continues and span.outer_start == paras[span.para][0]:
            span.continued = True
        prev_continues = span.continues
    return spans


def _with_single_quotes(text: str, ps: int, pe: int, p: int, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Add quotes in single marks found outside double-quoted stretches of one paragraph."""
    gaps: list[tuple[int, int]] = []
    pos = ps
    for span in spans:
        gaps.append((pos, span.outer_start))
        pos = span.outer_end
    gaps.append((pos, pe))
    extra: list[QuoteSpan] = []
    for gs, ge in gaps:
        i = gs
        while i < ge:
            c = text[i]
            if c in SINGLE_OPEN and _single_opens(text, i, gs, ge):
                j = _single_close(text, i + 1, ge)
                if j is not None:
                    s, e = trim(text, i + 1, j)
                    if e > s:
                        extra.append(QuoteSpan(s, e, i, j + 1, p, single=True))
                    i = j + 1
                    continue
            i += 1
    if not extra:
        return spans
    return sorted(spans + extra, key=lambda q: q.outer_start)


def _single_opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if not (before in _OPENERS or before in '"\u201c') or not after.isalnum():
        return False
    return not _ELISION.match(text, i)


def _single_close(text: str, i: int, end: int) -> int | None:
    """Position of the single mark that closes a quote opened before ``i``, or None."""
    words = 0
    for j in range(i, end):
        c = text[j]
        if c.isspace():
            words += 1
            if words > 60:
                return None
        elif c in SINGLE_CLOSE:
            before = text[j - 1]
            after = text[j + 1] if j + 1 < end else " "
            if (before.isalnum() or before in ".,!?") and (after in _CLOSE_FOLLOW or after in "\u2019"):
                return j
    return None


def group_quotes(spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Join spans that continue one another across paragraphs into one quote each."""
    groups: list[list[QuoteSpan]] = []
    for span in spans:
        if span.continued and groups and groups[-1][-1].continues:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups
