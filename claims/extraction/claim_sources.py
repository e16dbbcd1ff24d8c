"""The source a claim-spreading sentence credits, when no quote covers the claim.

"Officials promoted the idea that ...", "spread the theory that ...", "claims by the ministry that ...",
"as the report points out, ...", "posts claiming ...": the wording names who made or spread the claim,
though no reporting cue for quotes does. ``spread_source(span)`` returns the words for that source (a
noun phrase of the sentence), or None. Hearsay with no reporter named ("it was reported that", "is
said to have"): ``hearsay(span)``, credited to "reports". Word lists: ``data/claim_cues.tsv``;
reporting cues for quotes stay in ``cues.tsv`` and are not changed by these.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from .lexicon import rows

_LEFT_OUT = frozenset(("relcl", "acl", "appos", "punct", "cc", "conj"))
_PRONOUNS = frozenset("i we you he she it they this that these those who".split())


@cache
def _cues() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    for name, lemma in rows("claim_cues.tsv", columns=2):
        lists.setdefault(name, set()).add(lemma.lower())
    return {name: frozenset(words) for name, words in lists.items()}


HEARSAY = "reports"  # the claimant's words for hearsay with no reporter named


def spread_source(span: Span) -> Span | None:
    """The noun phrase that claim-spreading or finding wording in ``span`` credits, or None."""
    cues = _cues()
    for t in span:
        source = _source_at(t, cues)
        if source is not None and source.root.lower_ not in _PRONOUNS and source.start >= span.start:
            return source
    return None


def hearsay(span: Span) -> bool:
    """Whether the main verb of ``span`` is a passive report with no reporter and a clause reported:
    "it was reported that ...", "he is said to have ..."."""
    cues = _cues()
    root = span.root
    verb = root if root.lemma_.lower() in cues["hearsay_verb"] else None
    if verb is None:
        return False
    children = list(verb.children)
    passive = any(c.dep_ == "auxpass" for c in children)
    agent = any(c.dep_ == "agent" for c in children)
    reported = any(c.dep_ in ("ccomp", "xcomp") for c in children)  # what is reported, not "deaths were reported"
    return passive and reported and not agent and verb.tag_ == "VBN"


def _source_at(t: Token, cues: dict[str, frozenset[str]]) -> Span | None:
    lemma = t.lemma_.lower()
    if t.pos_ == "VERB" and lemma in cues["spread_verb"]:
        if any(c.dep_ == "dobj" and c.lemma_.lower() in cues["spread_object"] for c in t.children):
            return _phrase(_child(t, "nsubj"))
    if t.pos_ == "NOUN" and lemma in cues["claim_noun"]:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                return _phrase(_child(c, "pobj"))
            if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
                return _phrase(c)
    if t.dep_ == "advcl" and _aside_verb(t, cues) and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
        return _phrase(_child(t, "nsubj"))
    if t.pos_ == "NOUN" and lemma in cues["carrier_noun"]:
        if any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in cues["carrier_verb"] for c in t.children):
            return _phrase(t)
    return None


def _aside_verb(t: Token, cues: dict[str, frozenset[str]]) -> bool:
    lemma = t.lemma_.lower()
    particles = [c.lower_ for c in t.children if c.dep_ in ("prt", "dobj") and c.lower_ in ("out", "it")]
    return lemma in cues["aside_verb"] or any(f"{lemma}_{p}" in cues["aside_verb"] for p in particles)


def _child(t: Token, dep: str) -> Token | None:
    return next((c for c in t.children if c.dep_ == dep), None)


def _phrase(head: Token | None) -> Span | None:
    """The noun phrase of ``head``: its subtree without relative clauses, appositions and conjuncts."""
    if head is None:
        return None
    end = head.i
    for c in head.rights:
        if c.dep_ not in _LEFT_OUT:
            end = max(end, c.right_edge.i)
    return head.doc[head.left_edge.i : end + 1]
