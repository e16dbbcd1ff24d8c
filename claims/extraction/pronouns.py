"""Who a pronoun subject of a cue is: "he" and "she" the latest fitting person, "they" a group or an
organisation, "it" and "we" an organisation or country."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from spacy.tokens import Token

from . import confidence as conf
from . import types as T
from .coref import ORG_PRONOUNS, PRONOUN_GENDER, Cluster, Resolution, Resolver
from .lexicon import words
from .mentions import read_np

Fits = Callable[[Cluster], bool]


def resolve_pronoun(resolver: Resolver, h: Token, doc_no: int, base: int, sent_starts: list[int]) -> Resolution:
    """ "he", "she": the latest fitting person; "they": a group or an organisation; "it", "we": an organisation
    or country."""
    low = h.lower_

    def back(fits: Fits, **options: Any) -> tuple[Cluster | None, int]:
        return resolver.antecedent(h, doc_no, base, sent_starts, fits, **options)

    if low in PRONOUN_GENDER:
        g = PRONOUN_GENDER[low]

        def person(c: Cluster) -> bool:
            return c.kind == T.PERSON and c.gender in (None, g) and g not in c.not_gender

        c, dist = _asked(resolver, h, doc_no, sent_starts, person), 1
        if c is None:
            c, dist = back(person)
        if c is not None and c.gender is None:
            c.gender = g
    elif low == "they":
        # "they" for a group or an organisation (never a town); a country is "it"
        def org(c: Cluster) -> bool:
            return c.kind == T.ORGANISATION

        c, dist = back(org, window=conf.THEY_SUBJECT_WINDOW, subjects_only=True)
        group, gdist = _plural_subject(h, sent_starts, conf.THEY_SUBJECT_WINDOW)
        if group is not None and (c is None or gdist < dist):
            # "Union leaders rejected the offer. They said ...": the group, not an organisation named earlier
            c, dist = resolver.resolved.get((doc_no, group.i)) or _group(resolver, group, doc_no, base), gdist
        elif c is None:
            c, dist = back(org, speakers_only=True)
    elif low in ORG_PRONOUNS:
        c, dist = back(lambda c: c.kind in (T.ORGANISATION, T.COUNTRY))
    else:
        return Resolution(None, h.text, conf.NO_ANTECEDENT)
    if c is None:
        return Resolution(None, h.text, conf.NO_ANTECEDENT)
    resolver.resolved[(doc_no, h.i)] = c
    return Resolution(c, h.text, conf.PRONOUN.at(dist))


def _plural_subject(h: Token, sent_starts: list[int], window: int) -> tuple[Token | None, int]:
    """The nearest plural common noun that is a main-clause subject before ``h`` ("Union leaders", "Consumer
    groups"), and how many sentences back."""
    doc = h.doc
    k = bisect_left(sent_starts, h.i + 1) - 1
    for back in range(window):
        j = k - back
        if j < 0:
            break
        s, e = sent_starts[j], (h.i if back == 0 else (sent_starts[j + 1] if j + 1 < len(sent_starts) else len(doc)))
        found = None
        for t in doc[s:e]:
            if (
                t.dep_ in ("nsubj", "nsubjpass")
                and t.head.dep_ in ("ROOT", "conj")
                and t.tag_ == "NNS"
                and not t.ent_type_
            ):
                found = t
        if found is not None:
            return found, back
    return None, 0


def _group(resolver: Resolver, t: Token, doc_no: int, base: int) -> Cluster:
    """A new speaker for a group the article names by a plural noun ("Union leaders"), known by that phrase."""
    np = read_np(t, resolver.places)
    c = Cluster(name=None, kind=T.UNKNOWN)
    c.add_alias(np.text)
    c.add_role([w for w in np.text.split() if w.lower() not in ("a", "an", "the", "this", "that")], np.affiliation)
    c.note(base + t.idx)
    resolver.clusters.append(c)
    resolver.resolved[(doc_no, t.i)] = c
    return c


_REPLY_VERBS = words("reply_verb")
_QUESTION_VERBS = words("question_verb")


def _asked(resolver: Resolver, h: Token, doc_no: int, sent_starts: list[int], fits: Fits) -> Cluster | None:
    """Who replies ("she replied") right after a question put to them: 'X asked Judge Lowe whether ...' or
    'X pressed the commissioner, Ruth Adeyemi, on ...' make the one asked the speaker."""
    if h.head.lemma_.lower() not in _REPLY_VERBS:
        return None
    doc = h.doc
    k = bisect_left(sent_starts, h.i + 1) - 1
    lo = sent_starts[max(0, k - 1)] if sent_starts else 0
    for v in doc[lo : h.i]:
        if v.lemma_.lower() not in _QUESTION_VERBS or v.pos_ != "VERB":
            continue
        for obj in (c for c in v.children if c.dep_ in ("dobj", "dative")):
            for t in (obj, *(a for a in obj.children if a.dep_ == "appos")):
                c = resolver.by_token.get((doc_no, t.i))
                if c is not None and fits(c.root()):
                    return c.root()
    return None
