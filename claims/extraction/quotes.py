"""Finding quotation spans in plain text, before any parse.

Quotation marks are evidence, not truth. This module reads straight and curly marks, ``''`` and ````
pairs, and single marks (told apart from apostrophes), pairs them within a paragraph, carries a quote that a
paragraph leaves open into the next paragraph that opens with a mark, and closes any other unbalanced quote
at the end of its paragraph. Nothing here can raise on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A paragraph ends at a line break (clean bodies separate paragraphs with a blank line).
_PARA_BREAK = re.compile(r"\s*\n\s*")

OPEN_ONLY = {"\u201c", "\u201e", "\u00ab", "``", "\u2018\u2018", "\u201f"}
CLOSE_ONLY = {"\u201d", "\u00bb", "\u2019\u2019"}
EITHER = {'"', "''"}
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

    @property
    def opens_paragraph(self) -> bool:
        return self.continued


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty paragraph, white space trimmed."""
    out = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        if "\n" in m.group():
            _add_para(text, pos, m.start(), out)
            pos = m.end()
    _add_para(text, pos, len(text), out)
    return out


def _add_para(text, start, end, out):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def _marks(text: str, start: int, end: int):
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


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
                s, e = _trim(text, open_at + open_len, i)
                if e > s:
                    para_spans.append(QuoteSpan(s, e, open_at, i + len(mark), p))
                open_at = None
            else:  # an opening mark while a quote is open: the earlier quote lost its closing mark
                s, e = _trim(text, open_at + open_len, i)
                if e > s:
                    para_spans.append(QuoteSpan(s, e, open_at, e, p, closed=False))
                open_at, open_len = i, len(mark)
        if open_at is not None:
            s, e = _trim(text, open_at + open_len, pe)
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


def _with_single_quotes(text, ps, pe, p, spans):
    """Add quotes in single marks found outside double-quoted stretches of one paragraph."""
    gaps, pos = [], ps
    for s in spans:
        gaps.append((pos, s.outer_start))
        pos = s.outer_end
    gaps.append((pos, pe))
    extra = []
    for gs, ge in gaps:
        i = gs
        while i < ge:
            c = text[i]
            if c in SINGLE_OPEN and _single_opens(text, i, gs, ge):
                j = _single_close(text, i + 1, ge)
                if j is not None:
                    s, e = _trim(text, i + 1, j)
                    if e > s:
                        extra.append(QuoteSpan(s, e, i, j + 1, p, single=True))
                    i = j + 1
                    continue
            i += 1
    if not extra:
        return spans
    return sorted(spans + extra, key=lambda s: s.outer_start)


def _single_opens(text, i, start, end):
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if not (before in _OPENERS or before in '"\u201c') or not after.isalnum():
        return False
    return not _ELISION.match(text, i)


def _single_close(text, i, end):
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


# --- interview transcripts: "NAME: words" turns with no quotation marks ---------------------------------

# "NAME:", "SEN. NAME (D-N.M.):", "KENDRA VOSS, HOST:", "JOHN THUNE (R-S.D.), MAJORITY LEADER:"
_TURN = re.compile(
    r"([A-Z][A-Za-z.'\u2019\- ]{0,40}?)(\s*\([A-Za-z.,'\u2019\- ]{1,30}\))?"
    r"(,\s*[A-Za-z][A-Za-z.'\u2019\- ]{1,40}?)?\s?:\s+(?=\S)"
)
_ROLE_WORDS = {"of", "the", "for", "and", "on", "at", "to"}
# A stage direction closing a turn: "(LAUGHTER)", "[CROSSTALK]"
_STAGE = re.compile(r"\s*[\(\[][A-Z][A-Z ,.'\u2019\-]*[\)\]]\s*$")
# A paragraph between turns that is the writer's, not the speaker's: it reports someone's words.
_NARRATION = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[A-Z][a-z]+) (?:said|says|told|added|asked)\b"
    r"|\b(?:said|says|added|asked) (?:he|she|[A-Z][a-z]+)\b|\baccording to\b|[\"\u201c\u201d]"
)
_NOT_SPEAKER = {
    "note",
    "editor's note",
    "editor\u2019s note",
    "update",
    "updated",
    "correction",
    "clarification",
    "read more",
    "related",
    "watch",
    "listen",
    "photo",
    "photos",
    "credit",
    "source",
    "sources",
    "breaking",
    "see also",
    "also read",
    "more",
    "video",
    "warning",
    "disclaimer",
    "caption",
    "pictured",
    "exclusive",
    "opinion",
    "analysis",
    "live",
    "latest",
    "where",
    "when",
    "what",
    "why",
    "how",
    "who",
    "the",
    "this",
    "it's",
    "it\u2019s",
}
_INTERVIEWER = {"q", "question", "interviewer", "host"}
# Broadcast roles whose turns are the outlet's own narration ("ILANA VICKERY, BYLINE:", "MARY LOUISE KELLY,
# HOST:"): never quotes by them, though the speech they report is still someone's reported speech.
NARRATOR_ROLES = {
    "byline",
    "host",
    "co-host",
    "cohost",
    "anchor",
    "co-anchor",
    "correspondent",
    "reporter",
    "presenter",
    "narrator",
}
# A reporter's sign-off: "For NPR News, I'm Ilana Vickery in Harlan, Iowa." / "I'm X, NPR News, Y."
_SIGN_OFF = re.compile(
    r"(?:^|[.?!]\s+)(?:(?:For|From)\s+[A-Z][\w&.'\u2019 ]{1,40},\s+I['\u2019]m\s+[A-Z]"
    r"|I['\u2019]m\s+[A-Z][\w.'\u2019\- ]{1,40},\s+[A-Z][\w&.'\u2019 ]{0,30}News\b)"
)
# A label alone in its paragraph, its words in the next one: "MARY LOUISE KELLY, HOST:"
_LABEL_ONLY = re.compile(
    r"([A-Z][A-Za-z.'\u2019\- ]{0,40}?)(\s*\([A-Za-z.,'\u2019\- ]{1,30}\))?"
    r"(,\s*[A-Za-z][A-Za-z.'\u2019\- ]{1,40}?)?\s?:\s*$"
)
_ANSWER = {"a", "answer"}  # the interviewee of a Q&A ("Q: ... A: ..."), named earlier in the article
_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "or",
    "and",
    "us",
    "him",
    "her",
    "it",
    "is",
    "to",
    "in",
    "on",
    "for",
    "we",
}


@dataclass
class Turn:
    label: str
    label_start: int
    start: int  # the turn's words
    end: int
    para: int
    interviewer: bool
    more: list = field(default_factory=list)  # (start, end, para) of paragraphs the turn goes on into
    narrator: bool = False  # the outlet's host or reporter: narration, not a quote
    label_para: int = -1  # the paragraph holding the label when it stands alone


def find_turns(text: str, paras: list[tuple[int, int]] | None = None) -> list[Turn]:
    """Interview turns ("SMITH: We never ...", "Q: ...") when the article reads as a transcript.

    A paragraph is a turn when it opens with a short label of capitalised name words and a colon; the
    article must hold at least two such paragraphs, so a lone "UPDATE:" or crosshead is never a turn.
    """
    paras = paragraphs(text) if paras is None else paras
    turns = []
    pending = None  # a label alone in its paragraph: (match, paragraph)
    for p, (ps, pe) in enumerate(paras):
        m = _TURN.match(text, ps, pe)
        label_para = -1
        if not m:
            only = _LABEL_ONLY.fullmatch(text, ps, pe) if pe - ps <= 80 and text[pe - 1] == ":" else None
            if only is not None:
                pending = (only, p)
                continue
            if pending is None or text[ps] in "([":
                pending = None
                continue
            m, label_para = pending[0], pending[1]
        pending = None
        label = m.group(1).strip()
        words = label.replace(".", ". ").split()
        low = label.lower()
        if not words or len(words) > 4 or low in _NOT_SPEAKER:
            continue
        if low.strip(".") not in _ANSWER and any(w.lower().strip(".") in _FUNCTION_WORDS for w in words):
            continue
        if not all(w[0].isupper() for w in words):
            continue
        narrator = False
        if m.group(3):
            role = m.group(3).strip(" ,").split()
            if len(role) > 5 or not all(w[0].isupper() or w.lower() in _ROLE_WORDS for w in role):
                continue
            label = m.string[m.start(1) : m.end(3)].strip()
            narrator = any(w.lower().strip(".") in NARRATOR_ROLES for w in role)
        elif m.group(2):
            label = m.string[m.start(1) : m.end(2)].strip()
        if len(words) > 1 and words[0].lower().strip(".") in NARRATOR_ROLES:
            narrator = True  # "HOST GRANT MILLER:"
        interviewer = low.strip(".") in _INTERVIEWER
        s, e = _trim(text, m.end() if label_para < 0 else ps, pe)
        stage = _STAGE.search(text, s, e)
        if stage and stage.start() > s:
            e = stage.start()
        lstart = m.start(1) if label_para < 0 else paras[label_para][0]
        turn = Turn(label, lstart, s, e, p, interviewer, narrator=narrator, label_para=label_para)
        turns.append(turn)
    if len(turns) < 2:
        return []
    # a turn goes on over the paragraphs between it and the next turn, unless one of them is the writer's
    for t, nxt in zip(turns, turns[1:], strict=False):
        between = range(t.para + 1, nxt.para)
        if not between or len(between) > 4:
            continue
        more = []
        for q in between:
            qs, qe = _trim(text, *paras[q])
            piece = text[qs:qe]
            if piece[:1] in "([" or piece[-1:] not in ".?!" or len(piece.split()) < 3 or _NARRATION.search(piece):
                more = []
                break
            more.append((qs, qe, q))
        t.more = more
    _mark_narrators(text, turns)
    return turns


def _label_surname(label: str) -> str:
    words = [w for w in _PARENS.sub("", label.split(",")[0]).replace(".", " ").split() if w]
    return words[-1].lower() if words else ""


_PARENS = re.compile(r"\s*\([^)]*\)")


def _mark_narrators(text: str, turns: list[Turn]):
    """The host's and reporter's turns: labelled with a broadcast role or signing off, and every later
    turn labelled with the same name ("ILANA VICKERY, BYLINE:" ... "VICKERY:")."""
    names = set()
    for t in turns:
        pieces = [(t.start, t.end)] + [(a, b) for a, b, _q in t.more]
        if not t.narrator and any(_SIGN_OFF.search(text[a:b]) for a, b in pieces):
            t.narrator = True
        if t.narrator:
            names.add(_label_surname(t.label))
    names.discard("")
    if names:
        for t in turns:
            if not t.narrator and _label_surname(t.label) in names:
                t.narrator = True
