"""Reported speech: mixed quotes (quoted words inside a reported clause), asides ("his deputies, he
said, are '...'"), headline quotes, and indirect speech with no quotation marks (the content of a cue)."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from . import confidence as conf
from . import types as T
from .candidates import Item, Unit, strip_fragment
from .cues import content_span, cue_text, governing_cue, is_cue, is_cue_noun, is_verbal, subject_of
from .lexicon import is_honorific, lexicon, words
from .marks import QuoteSpan
from .mentions import is_title_word
from .types import HEADLINE


def _quote_root(u: Unit, span: QuoteSpan) -> Token | None:
    """The quoted token nearest the root of its sentence."""
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


def _listener_of(cue: Token) -> bool:
    """A listener verb with a clause of its own ("told X that ..."): its object is who heard it."""
    return cue.lemma_.lower() in _LISTENER and any(c.dep_ == "ccomp" for c in cue.children)


_LISTENER = words("listener_verb")


def mixed_item(
    u: Unit, span: QuoteSpan, paras: list[tuple[int, int]], tail_toks: Span, quoted: list[bool]
) -> Item | None:
    """A quote inside reported speech: the whole reported clause with its quoted words (PARC)."""
    root = _quote_root(u, span)
    if root is None:
        return None
    cue, child = governing_cue(root)
    if cue is not None and child is not None and child.dep_ in ("dobj", "dative") and _listener_of(cue):
        return None  # 'told "Morning Show" that ...': the one told, not what was said
    if cue is not None and quoted[cue.i]:
        cue = None
    bounds = content_span(cue, child) if cue is not None else None
    weight = conf.MIXED
    if bounds is None:
        if u.field == HEADLINE:
            return _headline_quote(u, span, tail_toks)
        aside = _aside_cue(root, quoted)
        if aside is not None:
            return _aside_item(u, span, aside)
        # fall back on a cue earlier in the same sentence: 'X said on Tuesday that it was "absurd"'
        cands = [t for t in tail_toks if is_cue(t) and not quoted[t.i]]
        if not cands:
            return None
        cue, weight = cands[-1], conf.EARLIER_CUE
        bounds = (_after_cue(cue), u.token_at(span.end - 1).i)
    if cue is None:
        return None
    doc = u.doc
    first, last = bounds
    s = min(doc[first].idx, span.outer_start)
    e = max(doc[last].idx + len(doc[last]), span.outer_end)
    s, e = strip_fragment(u.text, s, e)
    cue, subj = _speaker_of_mixed(cue)
    return Item(
        u, T.MIXED, [(s, e)], s, span.para, span.para, cue=cue, cue_text=cue_text(cue), subject=subj, weight=weight
    )


def _after_cue(cue: Token) -> int:
    """The first token after a cue that is not "that" or punctuation (a quotation mark stops the walk)."""
    doc = cue.doc
    first = cue.i + 1
    while (
        first < len(doc) and (doc[first].dep_ in ("mark", "punct") or doc[first].is_space) and not doc[first].is_quote
    ):
        first += 1
    return first


def _speaker_of_mixed(cue: Token) -> tuple[Token, Token | None]:
    """The cue and its speaker; for a cue noun, its possessor or the subject of the verb it hangs on."""
    if not is_cue_noun(cue):
        return cue, subject_of(cue)
    # "his claim that ...", "said in a statement that ...", "issued a statement calling it ..."
    subj = next((c for c in cue.children if c.dep_ == "poss"), None)
    verb = cue.head if cue.dep_ == "dobj" else (cue.head.head if cue.dep_ == "pobj" else None)
    if subj is None and verb is not None and verb.pos_ in ("VERB", "AUX"):
        subj = subject_of(verb)
        if is_cue(verb):
            cue = verb
    return cue, subj


def _aside_cue(root: Token, quoted: list[bool]) -> Token | None:
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


def _aside_item(u: Unit, span: QuoteSpan, cue: Token) -> Item | None:
    """The sentence around an aside cue, without the cue's own words, as one mixed quote."""
    doc, text = u.doc, u.text
    sent = cue.sent
    lo, hi = cue.left_edge.i, cue.right_edge.i
    if cue.lower_ == "according":
        nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "to":
            hi = max(hi, nxt.right_edge.i)
    frags: list[tuple[int, int]] = []
    for a, b in ((sent.start, lo - 1), (hi + 1, sent.end - 1)):
        while a <= b and (doc[a].is_space or (doc[a].is_punct and not doc[a].is_quote)):
            a += 1
        while b >= a and (doc[b].is_space or (doc[b].is_punct and not doc[b].is_quote and doc[b].text != ".")):
            b -= 1
        if b >= a:
            frags.append(strip_fragment(text, doc[a].idx, doc[b].idx + len(doc[b])))
    frags = [(s, e) for s, e in frags if e > s]
    if frags and frags[-1][0] <= span.outer_start < frags[-1][1] < span.outer_end:
        frags[-1] = (frags[-1][0], span.outer_end)
    if not frags or not (frags[0][0] <= span.start and span.end <= frags[-1][1]):
        return None
    return Item(
        u,
        T.MIXED,
        frags,
        frags[0][0],
        span.para,
        span.para,
        cue=cue,
        cue_text=cue_text(cue),
        subject=subject_of(cue),
        weight=conf.ASIDE,
    )


def _headline_quote(u: Unit, span: QuoteSpan, tail_toks: Span) -> Item | None:
    """Headlines are parsed badly (title case): a cue word by spelling and the words before it as speaker."""
    verbs = lexicon().quote_verbs
    for t in tail_toks:
        w = t.lower_
        if t.i > tail_toks.start and (w in verbs or w[:-1] in verbs or w[:-2] in verbs or t.lemma_.lower() in verbs):
            subject: Token | None = u.doc[t.i - 1]
            if subject is not None and not subject.is_alpha:
                # "Governor Signs Budget, Calls Critics '...'": the second verb shares the headline's subject
                subject = _headline_subject(u.doc, u.known)
            s = t.idx + len(t) + (1 if t.whitespace_ else 0)
            s, e = strip_fragment(u.text, s, span.outer_end)
            return Item(
                u,
                T.MIXED,
                [(s, e)],
                s,
                span.para,
                span.para,
                cue=t,
                cue_text=t.text,
                subject=subject,
                weight=conf.HEADLINE_CUE if subject is not None else conf.HEADLINE_NO_SUBJECT,
            )
    return Item(
        u, T.DIRECT, [(span.start, span.end)], span.start, span.para, span.para, weight=conf.HEADLINE_UNATTRIBUTED
    )


def _headline_subject(doc: Doc, known: set[int]) -> Token | None:
    """The headline's opening speaker words: its leading titles and names the body gave (the last), or None."""
    found = None
    for t in doc:
        if t.is_punct or not (is_title_word(t) or is_honorific(t.text) or t.i in known):
            break
        found = t
    return found


def merge_mixed(items: list[Item], item: Item, by_cue: dict[int, Item]) -> None:
    """Add a mixed quote, or widen the one already found for the same cue (``by_cue``: the mixed quotes of
    ``items`` by their cue's token, kept up to date here)."""
    it = by_cue.get(item.cue.i) if item.cue is not None else None
    if it is not None:
        (a, b), (c, d) = it.frags[0], item.frags[0]
        it.frags[0] = (min(a, c), max(b, d))
        return
    items.append(item)
    if item.kind == T.MIXED and item.cue is not None:
        by_cue[item.cue.i] = item


_REFUSING = words("refusing_verb")


def indirect_item(u: Unit, cue: Token, used: list[bool], paras: list[tuple[int, int]]) -> Item | None:
    """The content of a cue outside quotation marks, as reported speech; None when nothing was said."""
    if _nothing_said(cue):
        return None
    subj = _nominal_source(cue) if is_cue_noun(cue) else subject_of(cue)
    if is_cue_noun(cue):
        bounds = _nominal_content(cue) if subj is not None else None
    elif cue.lower_ == "according":
        bounds = _according_content(cue)
    else:
        bounds = content_span(cue)
    frags = [bounds] if bounds is not None else _around_cue(cue)
    if not frags or any(used[i] for a, b in frags for i in range(a, b + 1)):
        return None
    if not _enough_words(u.doc, frags, subj):
        return None
    if subj is not None and subj.lower_ in ("i", "we") and u.field == T.BODY:
        return None  # outside quotation marks, "we asked voters ..." is the writer, not a source
    for a, b in frags:
        for i in range(a, b + 1):
            used[i] = True
    doc = u.doc
    spans = [(doc[a].idx, doc[b].idx + len(doc[b])) for a, b in frags]
    s = spans[0][0]
    para = bisect_left(u.para_starts, s + 1) - 1
    weight = conf.ACCORDING_TO if cue.lower_ == "according" else conf.INDIRECT
    return Item(u, T.INDIRECT, spans, s, para, para, cue=cue, cue_text=cue_text(cue), subject=subj, weight=weight)


def _nothing_said(cue: Token) -> bool:
    """'did not say how many ...', 'declined to say whether ...', or a passive with no one speaking ('was
    criticised for ...': the subject is the one criticised, not the critic)."""
    kids = list(cue.children)
    if any(c.dep_ == "neg" for c in kids) or (cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _REFUSING):
        return True
    return any(c.dep_ == "auxpass" for c in kids) and not any(c.dep_ == "agent" for c in kids)


_PRONOUN_CONTENT = words("pronoun_content")


def _enough_words(doc: Doc, frags: list[tuple[int, int]], subj: Token | None) -> bool:
    """Three words or more; or, with a clear source, two words that name something ('denied the charges',
    'proposed tolls'), never a lone word ('urged approval') or pronoun ('denied it')."""
    toks = [t for a, b in frags for t in doc[a : b + 1] if not t.is_punct and not t.is_space]
    if len(toks) >= 3:
        return True
    if subj is None or len(toks) < 2 or subj.pos_ == "PRON" and subj.lower_ not in ("he", "she", "they"):
        return False
    return any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in toks) and not all(
        t.lower_ in _PRONOUN_CONTENT or t.pos_ in ("DET", "PRON") for t in toks
    )


def _around_cue(cue: Token) -> list[tuple[int, int]]:
    """A parenthetical cue's content surrounds it: "The museum, he said, celebrates ..." gives the sentence
    without ", he said," in two fragments."""
    if cue.dep_ != "parataxis" or is_cue_noun(cue):
        return []
    doc, sent = cue.doc, cue.sent
    p = next((i for i in range(cue.i - 1, sent.start, -1) if doc[i].text in (",", "—", "--")), None)
    q = next((i for i in range(cue.i + 1, sent.end - 1) if doc[i].text in (",", "—", "--")), None)
    subj = subject_of(cue)
    if p is None or q is None or subj is None or not p < subj.i < q or cue.right_edge.i > q:
        return []  # the cue and its speaker are set off by commas inside the sentence, or this is not one
    frags = []
    for a, b in ((sent.start, p - 1), (q + 1, sent.end - 1)):
        while a <= b and (doc[a].is_space or doc[a].is_punct):
            a += 1
        while b >= a and (doc[b].is_space or doc[b].is_punct):
            b -= 1
        if b >= a:
            frags.append((a, b))
    return frags if len(frags) == 2 else []


def nominal_cue(tok: Token) -> bool:
    """A cue noun with a complement clause: "his claim that ...", "allegations by X that ..."."""
    return is_cue_noun(tok) and _nominal_clause(tok) is not None


def _nominal_clause(noun: Token) -> Token | None:
    """The "that" / "whether" clause a cue noun takes (not a relative clause: "the claim that he made")."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "appos") and c.i > noun.i and is_verbal(c):
            if any(m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children):
                return c
    return None


def _nominal_source(noun: Token) -> Token | None:
    """Who a cue noun's words belong to: its possessor ("his claim"), its "by"/"from" phrase, or the subject
    of the verb that puts it out ("X made allegations that ...")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i < noun.i + 6:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in _PUBLISHING:
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


_PUBLISHING = words("publishing_verb")


def _nominal_content(noun: Token) -> tuple[int, int] | None:
    clause = _nominal_clause(noun)
    if clause is None:
        return None
    doc = noun.doc
    first, last = clause.left_edge.i, clause.right_edge.i
    while first <= last and (doc[first].dep_ == "mark" or doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (first, last) if last >= first else None


def _according_content(cue: Token) -> tuple[int, int] | None:
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
