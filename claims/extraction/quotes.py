"""Direct quote candidates of one text: quotation marks and transcript turns, with their attribution.

For each quote (or quotes continued across paragraphs) the attribution is looked for before it ("X said:
'...'") and after it ("'...,' X said."); a quote interrupted by its attribution is one quote; a quote with
no attribution inherits the previous speaker; a short phrase in marks with no speaker is a scare quote.
Then the reported speech of every cue outside the quotes (``reported``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from . import confidence as conf
from . import types as T
from .candidates import Item, Unit, strip_fragment
from .components import read_quote_spans, read_turns
from .cues import cue_text, is_cue, manner_cue, subject_near, subject_of
from .lexicon import lexicon
from .marks import QuoteSpan, group_quotes
from .reported import indirect_item, merge_mixed, mixed_item, nominal_cue
from .text import first_terminator, is_terminator, last_terminator, paragraphs
from .transcripts import Turn, quoted_turns, read_label
from .types import HEADLINE

_DASH_NAME = re.compile(r"\s*[\u2015\u2014\u2013-]{1,2}\s*([A-Z][\w.'\u2019\- ]{1,60}?)\s*(?:,|\(|$)")


def _find_cue(toks: Span, *, rightmost: bool, lo: int, hi: int) -> tuple[Token | None, Token | None]:
    """A cue in toks with its speaker token: (cue, subject) or (None, None)."""
    seq = reversed(toks) if rightmost else toks
    fallback = None
    for t in seq:
        if is_cue(t, direct=True):
            s = subject_of(t)
            if s is not None and not (lo <= s.i < hi):
                s = None
            if s is None:
                s = subject_near(t, lo, hi)
            if s is not None:
                return t, s
            fallback = fallback or t
    return fallback, None


@dataclass
class _Marks:
    """The quotation marks and transcript turns of one text, and which tokens they cover."""

    paras: list[tuple[int, int]]
    turns: list[Turn]
    spans: list[QuoteSpan]
    groups: list[list[QuoteSpan]]
    quoted: list[bool]  # tokens inside quotation marks or turns: never cues, never reported speech of their own
    span_index: dict[int, int]  # id(span) -> its index in spans
    para_spans: dict[int, list[QuoteSpan]]


def _read_marks(u: Unit) -> _Marks:
    text = u.text
    paras = paragraphs(text)
    turns = read_turns(u.doc) if u.field == T.BODY else []
    # the host's and reporter's turns are the outlet's narration: read like any other paragraph
    turns = [t for t in turns if not t.narrator]
    turn_paras = {t.para for t in turns} | {q for t in turns for (_s, _e, q) in t.more}
    spans = [s for s in read_quote_spans(u.doc) if s.para not in turn_paras]
    quoted = [False] * len(u.doc)
    for s in spans:
        for t in u.tokens(s.outer_start, s.outer_end):
            quoted[t.i] = True
    for turn in turns:
        for a, b in [(turn.start, turn.end)] + [(a, b) for a, b, _q in turn.more]:
            for tok in u.tokens(a, b):
                quoted[tok.i] = True
    para_spans: dict[int, list[QuoteSpan]] = {}
    for s in spans:
        para_spans.setdefault(s.para, []).append(s)
    span_index = {id(s): k for k, s in enumerate(spans)}
    return _Marks(paras, turns, spans, group_quotes(spans), quoted, span_index, para_spans)


def find_items(u: Unit) -> list[Item]:
    """Return the quote candidates of one text in order: turns, quotes in marks, then reported speech."""
    marks = _read_marks(u)
    items = [_turn_item(u, turn) for turn in marks.turns if not turn.interviewer]
    _add_marked_quotes(u, marks, items)
    _add_reported_speech(u, marks, items)
    items.sort(key=lambda it: it.pos)
    return items


def _turn_item(u: Unit, turn: Turn) -> Item:
    last_para = turn.more[-1][2] if turn.more else turn.para
    frags = [(turn.start, turn.end)] + [(a, b) for a, b, _q in turn.more]
    return Item(u, T.DIRECT, frags, turn.start, turn.para, last_para, label=turn.label, weight=conf.TURN)


def _add_reported_speech(u: Unit, marks: _Marks, items: list[Item]) -> None:
    """Add the content of every cue outside the quotes as reported speech."""
    used = list(marks.quoted)
    for it in items:
        if it.kind == T.MIXED:
            for t in u.tokens(it.frags[0][0], it.frags[0][1]):
                used[t.i] = True
    for t in u.doc:
        if used[t.i] or not (is_cue(t) or manner_cue(t) or nominal_cue(t)):
            continue
        item = indirect_item(u, t, used, marks.paras)
        if item is not None:
            items.append(item)


@dataclass
class _LeadIn:
    """The words of a quote's sentence before its opening mark ("Okafor said:"), with any cue and speaker."""

    text: str
    toks: Span
    cue: Token | None
    subject: Token | None
    sentence_like: bool  # the quote reads as a sentence of its own, not a phrase

    def embeds(self, group: list[QuoteSpan]) -> bool:
        """Whether the quote sits inside a sentence of the writer's (a mixed quote), not after its lead-in."""
        tail = self.text
        if len(group) > 1 or not tail or tail.endswith(":"):
            return False
        if tail.endswith(","):
            return not (self.subject is not None or self.sentence_like)
        cue_last = self.cue is not None and self.cue.i == self.toks.end - 1
        return not (self.subject is not None and cue_last and self.sentence_like)


def _lead_in(u: Unit, marks: _Marks, first: QuoteSpan) -> _LeadIn:
    text, spans = u.text, marks.spans
    k = marks.span_index[id(first)]
    lo = spans[k - 1].outer_end if k > 0 and spans[k - 1].para == first.para else marks.paras[first.para][0]
    cut = last_terminator(text, lo, first.outer_start)
    tail = text[cut : first.outer_start].strip()
    content = text[first.start : first.end]
    sentence_like = content[:1].isupper() and len(content.split()) >= conf.SENTENCE_LIKE_WORDS
    toks = u.tokens(cut, first.outer_start)
    cue, subject = _find_cue(toks, rightmost=True, lo=toks.start, hi=toks.end) if tail else (None, None)
    return _LeadIn(tail, toks, cue, subject, sentence_like)


@dataclass
class _Previous:
    """The last direct quote read, which the next one may continue or inherit from."""

    item: Item | None = None
    group: list[QuoteSpan] | None = None


def _add_marked_quotes(u: Unit, marks: _Marks, items: list[Item]) -> None:
    """Add a candidate for every quote in marks (continued across paragraphs: one quote)."""
    previous = _Previous()
    mixed_by_cue: dict[int, Item] = {}
    for g in marks.groups:
        turns = quoted_turns(u.text, g[0].start, g[0].end) if len(g) == 1 else []
        for label, a, b in turns:  # '"HOST: ... OKORO: ..."': each turn is its speaker's quote
            items.append(Item(u, T.DIRECT, [(a, b)], a, g[0].para, g[0].para, label=label, weight=conf.TURN))
        if turns:
            continue
        lead = _lead_in(u, marks, g[0])
        if u.field == HEADLINE and _headline_speaker(u, lead, g, items):
            continue
        if lead.embeds(g):
            mixed = mixed_item(u, g[0], marks.paras, lead.toks, marks.quoted)
            if mixed is not None:
                merge_mixed(items, mixed, mixed_by_cue)
            continue
        item = Item(u, T.DIRECT, [strip_fragment(u.text, s.start, s.end) for s in g], g[0].start, g[0].para, g[-1].para)
        if not _attribute(u, marks, g, lead, item, previous.item):
            continue  # a short phrase in marks with no speaker: a scare quote or a nickname
        prev = previous.item
        if (
            prev is not None
            and prev.unit is u
            and prev.last_para == g[0].para
            and previous.group is not None
            and _interrupts(u.text, prev, previous.group, g[0], item)
        ):
            # a quote interrupted by its attribution is one quote: '"A," she said. "B."'
            prev.frags.extend(item.frags)
            prev.last_para = item.last_para
            previous.group = g
            continue
        items.append(item)
        previous.item, previous.group = item, g


# Headline grammar: '[Outlet:] Name says "..."', 'Name: "..."'. Title case is not parsed: the words before the
# opening mark are read as a name (a few capitalised words, titles allowed) and a speech verb, or a colon.
_HEADLINE_NAME = r"(?P<name>(?:[A-Z][\w.'\u2019\-]*\s+){0,3}[A-Z][\w.'\u2019\-]*)"
_HEADLINE_SAYS = re.compile(r"^(?:[A-Z][\w&.'\u2019 ]{0,30}:\s+)?" + _HEADLINE_NAME + r"\s+(?P<cue>[A-Za-z]+)\s*[:,]?$")
_HEADLINE_COLON = re.compile(r"^(?:[A-Z][\w&.'\u2019 ]{0,30}:\s+)?" + _HEADLINE_NAME + r"\s*:$")
_IRREGULAR_PAST = {"said": "say", "told": "tell", "wrote": "write", "spoke": "speak"}


def _speech_verb(word: str) -> bool:
    """Whether a headline word is a speech verb in the present or past ("Says", "Claims", "Denies", "Warned")."""
    w = word.lower()
    forms = {w, w[:-1], w[:-2], w[:-3] + "y", _IRREGULAR_PAST.get(w, "")}
    return bool(forms & lexicon().quote_verbs)


def _headline_speaker(u: Unit, lead: _LeadIn, g: list[QuoteSpan], items: list[Item]) -> bool:
    """Add a headline quote attributed by headline grammar ("Roe: '...'", "Roe Says '...'"); False when the
    words before it are no such grammar. The name links only to someone the body names (``_label_cluster``)."""
    text = lead.text
    m = _HEADLINE_SAYS.match(text)
    if m is not None and not _speech_verb(m.group("cue")):
        m = None
    m = m or _HEADLINE_COLON.match(text)
    if m is None or len(g) > 1:
        return False
    item = Item(u, T.DIRECT, [strip_fragment(u.text, s.start, s.end) for s in g], g[0].start, g[0].para, g[-1].para)
    item.label, item.weight = m.group("name"), conf.HEADLINE_LABEL
    item.cue_text = m.groupdict().get("cue") or ""
    items.append(item)
    return True


def _attribute(u: Unit, marks: _Marks, g: list[QuoteSpan], lead: _LeadIn, item: Item, prev: Item | None) -> bool:
    """Give a direct quote its cue and speaker, or a label, or mark it to inherit; False for a scare quote."""
    cue, subj = _trailing_attribution(u, marks, g[-1], lead)
    if subj is None:
        _dash_label(u, marks, g[-1], item)
    if subj is None and not item.label and lead.text.endswith(":"):
        subj = _colon_speaker(u, lead, item)
    if subj is None and not item.label and not lead.text:
        cue, subj = _colon_paragraph_before(u, marks, g[0])
    if subj is not None:
        item.cue, item.subject, item.cue_text = cue, subj, cue_text(cue) if cue is not None else ""
        return True
    if item.label:
        return True
    item.inherit = True
    first = g[0]
    continues_previous = prev is not None and prev.last_para >= first.para - 1
    return lead.sentence_like or len(g) > 1 or first.continued or continues_previous


def _trailing_attribution(u: Unit, marks: _Marks, last: QuoteSpan, lead: _LeadIn) -> tuple[Token | None, Token | None]:
    """Return (cue, speaker) from the lead-in ("X said:") or from the words after the quote ('..." X said.')."""
    text, spans = u.text, marks.spans
    if lead.subject is not None and (lead.text.endswith(":") or lead.text.endswith(",")):
        return lead.cue, lead.subject
    lk = marks.span_index[id(last)]
    nxt = (
        spans[lk + 1].outer_start
        if lk + 1 < len(spans) and spans[lk + 1].para == last.para
        else marks.paras[last.para][1]
    )
    after_end = first_terminator(text, last.outer_end, nxt)
    after = text[last.outer_end : after_end]
    after_toks = u.tokens(last.outer_end, after_end)
    trailing_ok = (
        text[last.start : last.end].rstrip()[-1:] in (",", "?", "!", "\u2014", "-")
        or after[:2].strip()[:1].islower()
        or (after.strip()[:1].isupper() and len(after_toks) <= conf.TRAILING_ATTRIBUTION_TOKENS)
    )
    cue, subj = None, None
    if after.strip() and trailing_ok:
        cue, subj = _find_cue(after_toks, rightmost=False, lo=after_toks.start, hi=after_toks.end)
        if (
            subj is not None
            and cue is not None
            and after.strip()[:1].isupper()
            and any(c.dep_ == "ccomp" and c.i > cue.i and not marks.quoted[c.i] for c in cue.children)
        ):
            cue, subj = None, None  # a new sentence with its own content, not an attribution
    if subj is None and lead.subject is not None:
        return lead.cue, lead.subject
    return cue, subj


def _dash_label(u: Unit, marks: _Marks, last: QuoteSpan, item: Item) -> None:
    """Label a quote with the "― Name, role" line after it, on its own line or in a paragraph of its own."""
    text, para_end = u.text, marks.paras[last.para][1]
    m = _DASH_NAME.match(text, last.outer_end, para_end)
    line = ""
    if m and m.end(1) - m.start(1) > 1:
        line = text[m.start(1) : para_end].strip()
    elif not text[last.outer_end : para_end].strip():
        # a reaction list: the quote paragraph(s), then "― Name, role" as a paragraph of its own
        line = _dash_paragraph_after(text, marks.paras, marks.para_spans, last.para)
    if line and read_label(line) is not None:
        item.label, item.weight = line, conf.DASH_LINE


def _colon_speaker(u: Unit, lead: _LeadIn, item: Item) -> Token | None:
    """The speaker of a quote after a colon, when no cue names one; may label a headline quote instead."""
    toks = lead.toks
    # "Rahimi shot back in a post on X: '...'": the subject of the clause the colon ends
    subj = next(
        (
            t
            for t in toks
            if t.dep_ == "nsubj"
            and t.head.dep_ == "ROOT"
            and t.head.i in range(toks.start, toks.end)
            and (t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG"))
        ),
        None,
    )
    if subj is not None:
        item.weight = conf.COLON_SUBJECT
        return subj
    if u.field == HEADLINE:
        words = lead.text[:-1].split()
        if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
            item.label, item.weight = (
                lead.text[:-1].strip(),
                conf.HEADLINE_LABEL,
            )  # "Oyelaran: 'Not in its current form'"
            return None
    names = [t for t in toks if t.ent_type_ in ("PERSON", "ORG") and t.dep_ != "compound"]
    if names:
        # "— Sen. Hollis Bramlett (D-Md.), chair of the Appropriations Committee:": the person, not the body
        item.weight = conf.COLON_NAME
        return next((t for t in names if t.ent_type_ == "PERSON"), names[-1])
    return None


def _colon_paragraph_before(u: Unit, marks: _Marks, first: QuoteSpan) -> tuple[Token | None, Token | None]:
    """(cue, speaker) of a quote paragraph introduced by the paragraph before, when that one ends with a colon:
    'Mayor Grant Tull told reporters:' then '"The trains will run."'."""
    if first.para == 0 or marks.para_spans.get(first.para - 1):
        return None, None
    ps, pe = marks.paras[first.para - 1]
    if not u.text[ps:pe].rstrip().endswith(":"):
        return None, None
    cut = last_terminator(u.text, ps, pe)
    toks = u.tokens(cut, pe)
    return _find_cue(toks, rightmost=True, lo=toks.start, hi=toks.end)


_DASH_PARA = re.compile(r"[\u2015\u2014\u2013]\s*(?=[A-Z])|--?\s+(?=[A-Z])")


def _dash_paragraph_after(
    text: str, paras: list[tuple[int, int]], para_spans: dict[int, list[QuoteSpan]], p: int
) -> str:
    """The speaker line of a reaction list ("― Dana Pryce, president of ...") that follows quote paragraph
    ``p``, past any further paragraphs of the same quote; "" when there is none."""
    for q in range(p + 1, min(p + conf.DASH_LINE_PARAGRAPHS, len(paras))):
        ps, pe = paras[q]
        m = _DASH_PARA.match(text, ps, pe)
        if m:
            line = text[m.end() : pe]
            if len(line.split()) > conf.DASH_LINE_MAX_WORDS or any(c in line for c in '"\u201c\u201d'):
                return ""
            return line.strip()
        spans = para_spans.get(q)
        # only a paragraph that is all quote may stand between a quote and its dash line
        if not spans or spans[0].outer_start != ps or text[spans[-1].outer_end : pe].strip(" .,"):
            return ""
    return ""


def _interrupts(text: str, prev: Item, prev_group: list[QuoteSpan], first: QuoteSpan, item: Item) -> bool:
    """Whether ``item`` continues ``prev`` across an attribution in the same paragraph."""
    between = text[prev_group[-1].outer_end : first.outer_start]
    if len(between.split()) > conf.INTERRUPTION_MAX_WORDS:
        return False
    if item.subject is not None:
        return prev.cue is not None and item.cue is not None and item.cue.i == prev.cue.i
    if not item.inherit or prev.cue is None:
        return False
    # the words between are the attribution of prev and nothing else
    inner = between.strip()
    body = inner.rstrip(".,:; ")
    return (
        prev.cue.idx >= prev_group[-1].outer_end
        and prev.cue.idx < first.outer_start
        and not any(is_terminator(body, i) for i, c in enumerate(body) if c in ".?!")
    )
