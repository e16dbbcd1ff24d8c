"""Direct quote candidates of one text: quotation marks and transcript turns, with their attribution.

For each quote (or quotes continued across paragraphs) the attribution is looked for before it ("X said:
'...'") and after it ("'...,' X said."); a quote interrupted by its attribution is one quote; a quote with
no attribution inherits the previous speaker; a short phrase in marks with no speaker is a scare quote.
Then the reported speech of every cue outside the quotes (``reported``)."""

from __future__ import annotations

import re

from . import types as T
from .candidates import Item, Unit, strip_fragment
from .cues import cue_text, is_cue, subject_near, subject_of
from .marks import QuoteSpan, find_quote_spans, group_quotes
from .reported import indirect_item, merge_mixed, mixed_item
from .text import first_terminator, is_terminator, last_terminator, paragraphs
from .transcripts import find_turns, read_label
from .types import HEADLINE

_DASH_NAME = re.compile(r"\s*[\u2015\u2014\u2013-]{1,2}\s*([A-Z][\w.'\u2019\- ]{1,60}?)\s*(?:,|\(|$)")


def _find_cue(toks, *, rightmost: bool, lo: int, hi: int):
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


def find_items(u: Unit) -> list[Item]:
    doc, text = u.doc, u.text
    paras = paragraphs(text)
    turns = find_turns(text, paras) if u.field == T.BODY else []
    # the host's and reporter's turns are the outlet's narration: read like any other paragraph
    turns = [t for t in turns if not t.narrator]
    turn_paras = {t.para for t in turns} | {q for t in turns for (_s, _e, q) in t.more}
    spans = [s for s in find_quote_spans(text) if s.para not in turn_paras]
    groups = group_quotes(spans)
    items: list[Item] = []

    # tokens inside quotation marks: never cues, never reported speech of their own
    quoted = [False] * len(doc)
    for s in spans:
        for t in u.tokens(s.outer_start, s.outer_end):
            quoted[t.i] = True
    for t in turns:
        for a, b in [(t.start, t.end)] + [(a, b) for a, b, _q in t.more]:
            for tok in u.tokens(a, b):
                quoted[tok.i] = True

    for turn in turns:
        if turn.interviewer:
            continue
        items.append(
            Item(
                u,
                T.DIRECT,
                [(turn.start, turn.end)] + [(a, b) for a, b, _q in turn.more],
                turn.start,
                turn.para,
                turn.more[-1][2] if turn.more else turn.para,
                label=turn.label,
                weight=0.9,
            )
        )

    span_index = {id(s): k for k, s in enumerate(spans)}
    para_spans: dict[int, list[QuoteSpan]] = {}
    for s in spans:
        para_spans.setdefault(s.para, []).append(s)
    prev_direct: Item | None = None
    prev_direct_group = None
    for g in groups:
        first, last = g[0], g[-1]
        ps, pe = paras[first.para]
        k = span_index[id(first)]
        lo = spans[k - 1].outer_end if k > 0 and spans[k - 1].para == first.para else ps
        cut = last_terminator(text, lo, first.outer_start)
        tail = text[cut : first.outer_start].strip()
        content = text[first.start : first.end]
        sentence_like = content[:1].isupper() and len(content.split()) >= 4
        tail_toks = u.tokens(cut, first.outer_start)
        tail_cue, tail_subj = (
            _find_cue(tail_toks, rightmost=True, lo=tail_toks.start, hi=tail_toks.end) if tail else (None, None)
        )
        if len(g) > 1 or not tail or tail.endswith(":"):
            embedded = False
        elif tail.endswith(","):
            embedded = not (tail_subj is not None or sentence_like)
        else:
            embedded = not (
                tail_subj is not None and tail_cue is not None and tail_cue.i == tail_toks.end - 1 and sentence_like
            )
        if embedded:
            item = mixed_item(u, first, paras, tail_toks, quoted)
            if item is not None:
                merge_mixed(items, item)
            continue
        # after the quote: a trailing attribution ('...," he said.') up to the end of that sentence
        lk = span_index[id(last)]
        nxt = (
            spans[lk + 1].outer_start
            if lk + 1 < len(spans) and spans[lk + 1].para == last.para
            else paras[last.para][1]
        )
        after_end = first_terminator(text, last.outer_end, nxt)
        after = text[last.outer_end : after_end]
        after_toks = u.tokens(last.outer_end, after_end)
        item = Item(
            u,
            T.DIRECT,
            [strip_fragment(text, s.start, s.end) for s in g],
            first.start,
            first.para,
            last.para,
        )
        trailing_ok = (
            text[last.start : last.end].rstrip()[-1:] in (",", "?", "!", "\u2014", "-")
            or after[:2].strip()[:1].islower()
            or (after.strip()[:1].isupper() and len(after_toks) <= 12)
        )
        cue, subj = (None, None)
        if tail_subj is not None and (tail.endswith(":") or tail.endswith(",")):
            cue, subj = tail_cue, tail_subj
        elif after.strip() and trailing_ok:
            cue, subj = _find_cue(after_toks, rightmost=False, lo=after_toks.start, hi=after_toks.end)
            if (
                subj is not None
                and after.strip()[:1].isupper()
                and any(c.dep_ == "ccomp" and c.i > cue.i and not quoted[c.i] for c in cue.children)
            ):
                cue, subj = None, None  # a new sentence with its own content, not an attribution
        if subj is None and tail_subj is not None:
            cue, subj = tail_cue, tail_subj
        if subj is None:
            m = _DASH_NAME.match(text, last.outer_end, paras[last.para][1])
            line = ""
            if m and m.end(1) - m.start(1) > 1:
                line = text[m.start(1) : paras[last.para][1]].strip()
            elif not text[last.outer_end : paras[last.para][1]].strip():
                # a reaction list: the quote paragraph(s), then "― Name, role" as a paragraph of its own
                line = _dash_paragraph_after(text, paras, para_spans, last.para)
            if line and read_label(line) is not None:
                item.label, item.weight = line, 0.85
        if subj is None and not item.label and tail.endswith(":"):
            # "Rahimi shot back in a post on X: '...'": the subject of the clause the colon ends
            subj = next(
                (
                    t
                    for t in tail_toks
                    if t.dep_ == "nsubj"
                    and t.head.dep_ == "ROOT"
                    and t.head.i in range(tail_toks.start, tail_toks.end)
                    and (t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG"))
                ),
                None,
            )
            if subj is not None:
                item.weight = 0.75
        if subj is None and not item.label and tail.endswith(":") and u.field == HEADLINE:
            words = tail[:-1].split()
            if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
                item.label, item.weight = tail[:-1].strip(), 0.8  # "Oyelaran: 'Not in its current form'"
        if subj is None and not item.label and tail.endswith(":"):
            names = [t for t in tail_toks if t.ent_type_ in ("PERSON", "ORG") and t.dep_ != "compound"]
            if names:
                subj, item.weight = names[-1], 0.6
        if subj is not None:
            item.cue, item.subject, item.cue_text = cue, subj, cue_text(cue) if cue is not None else ""
        elif not item.label:
            item.inherit = True
            if (
                not sentence_like
                and len(g) == 1
                and not first.continued
                and not (prev_direct is not None and prev_direct.last_para >= first.para - 1)
            ):
                continue  # a short phrase in marks with no speaker: a scare quote or a nickname
        # a quote interrupted by its attribution is one quote: '"A," she said. "B."'
        if (
            prev_direct is not None
            and prev_direct.unit is u
            and prev_direct.last_para == first.para
            and prev_direct_group is not None
            and _interrupts(text, prev_direct, prev_direct_group, first, item)
        ):
            prev_direct.frags.extend(item.frags)
            prev_direct.last_para = item.last_para
            prev_direct_group = g
            continue
        items.append(item)
        prev_direct, prev_direct_group = item, g

    # reported speech: the content of every cue outside the quotes
    used = list(quoted)
    for it in items:
        if it.kind == T.MIXED:
            for t in u.tokens(it.frags[0][0], it.frags[0][1]):
                used[t.i] = True
    for t in doc:
        if used[t.i] or not is_cue(t):
            continue
        item = indirect_item(u, t, used, paras)
        if item is not None:
            items.append(item)
    items.sort(key=lambda it: it.pos)
    return items


_DASH_PARA = re.compile(r"[\u2015\u2014\u2013]\s*(?=[A-Z])|--?\s+(?=[A-Z])")


def _dash_paragraph_after(text: str, paras, para_spans, p: int) -> str:
    """The speaker line of a reaction list ("― Dana Pryce, president of ...") that follows quote paragraph
    ``p``, past any further paragraphs of the same quote; "" when there is none."""
    for q in range(p + 1, min(p + 5, len(paras))):
        ps, pe = paras[q]
        m = _DASH_PARA.match(text, ps, pe)
        if m:
            line = text[m.end() : pe]
            if len(line.split()) > 25 or any(c in line for c in '"\u201c\u201d'):
                return ""
            return line.strip()
        spans = para_spans.get(q)
        # only a paragraph that is all quote may stand between a quote and its dash line
        if not spans or spans[0].outer_start != ps or text[spans[-1].outer_end : pe].strip(" .,"):
            return ""
    return ""


def _interrupts(text, prev: Item, prev_group, first: QuoteSpan, item: Item) -> bool:
    """Whether ``item`` continues ``prev`` across an attribution in the same paragraph."""
    between = text[prev_group[-1].outer_end : first.outer_start]
    if len(between.split()) > 40:
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
