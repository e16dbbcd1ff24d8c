"""Who a cue's subject is: ``resolve_speaker`` turns the subject token into a cluster.

Pronouns, names in the phrase or an appositive, spokespeople for an organisation, party descriptions,
documents ("The statement said"), titles ("The Minister") and organisation or place nouns ("the company")
each have their own rule; the first that applies decides."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from . import confidence as conf
from . import types as T
from .acronyms import organisation_by_acronym
from .coref import Cluster, Resolution, Resolver
from .lexicon import HONORIFIC, ORG_NOUN, PLACE_NOUN, SPOKES, TITLE, lexicon, name_families, noun_families, word_classes
from .mentions import NP, PARTY, clean, is_title_word, np_bounds, past_dateline, place_fits, read_np
from .pronouns import resolve_pronoun
from .text import name_key
from .types import Kind


def for_organisation(h: Token) -> bool:
    """Whether spokesperson ``h`` speaks "for" an organisation noun ("for the company", "for one of the firms")."""
    for c in h.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if ORG_NOUN in word_classes(g.lemma_.lower()):
                    return True
                if g.like_num or g.lower_ in ("one", "each", "some"):
                    for p in g.children:
                        if p.dep_ == "prep" and p.lower_ == "of":
                            if any(ORG_NOUN in word_classes(x.lemma_.lower()) for x in p.children if x.dep_ == "pobj"):
                                return True
    return False


@dataclass
class Ask:
    """One question to the resolver: who is the subject token ``h`` of a cue?"""

    resolver: Resolver
    h: Token
    doc_no: int
    base: int
    sent_starts: list[int]
    np: NP = field(init=False)

    def __post_init__(self) -> None:
        self.np = read_np(self.h, self.resolver.places)

    @property
    def mention(self) -> str:
        return self.np.text

    @property
    def pos(self) -> int:
        return self.base + self.h.idx

    @property
    def low(self) -> str:
        return self.h.lower_

    @property
    def lemma(self) -> str:
        return self.h.lemma_.lower()

    @property
    def spokes_or_title(self) -> bool:
        return bool(self.np.classes & {SPOKES, TITLE})

    def antecedent(self, fits: Fits, **options: Any) -> tuple[Cluster | None, int]:
        """Return what ``h`` points back to among the clusters that fit, and how many sentences back."""
        return self.resolver.antecedent(self.h, self.doc_no, self.base, self.sent_starts, fits, **options)

    def named(self, text: str, kind: Kind, pos: int) -> Cluster | None:
        return self.resolver.named(text, kind, pos)

    def token_cluster(self, i: int) -> Cluster | None:
        """Return the cluster whose name covers token ``i`` of this text."""
        return self.resolver.by_token.get((self.doc_no, i))

    def settle(self, cluster: Cluster, confidence: float) -> Resolution:
        """Return ``cluster`` as the speaker, remembering the mention as one of its aliases."""
        cluster.add_alias(self.mention)
        self.resolver.resolved[(self.doc_no, self.h.i)] = cluster
        return Resolution(cluster, self.mention, confidence)

    def unnamed(self, kind: Kind, confidence: float) -> Resolution:
        """Return a new speaker known only by this description ("a spokesperson")."""
        return Resolution(_unnamed(self.resolver, self.mention, kind, self.np, self.pos), self.mention, confidence)


Fits = Callable[[Cluster], bool]
Strategy = Callable[[Ask], "Resolution | None"]


def resolve_speaker(resolver: Resolver, h: Token, doc_no: int, base: int, sent_starts: list[int]) -> Resolution:
    """Resolve the subject token ``h`` of a cue to a cluster: the first strategy that answers decides."""
    h = past_dateline(h)
    acronym = organisation_by_acronym(resolver, h, base)
    if acronym is not None:
        return acronym
    if h.pos_ == "PRON" or h.tag_ == "PRP":
        return resolve_pronoun(resolver, h, doc_no, base, sent_starts)
    ask = Ask(resolver, h, doc_no, base, sent_starts)
    for strategy in STRATEGIES:
        found = strategy(ask)
        if found is not None:
            return found
    return ask.unnamed(T.UNKNOWN, conf.UNRESOLVED)


def _organisation_of_spokesperson(ask: Ask) -> Resolution | None:
    """ "a spokeswoman for one of the companies, Drivio,": a one-word name after the organisation the
    spokesperson speaks for names that organisation, not the spokesperson."""
    np = ask.np
    if np.person is None or SPOKES not in np.classes or len(np.person) != 1 or not for_organisation(ask.h):
        return None
    org = ask.named(np.person.text, T.ORGANISATION, ask.base + np.person.start_char)
    return ask.settle(org, conf.ORGANISATION_OF_SPOKESPERSON) if org is not None else None


def _name_in_phrase(ask: Ask) -> Resolution | None:
    """A name in the phrase, or in an appositive ("a campaign spokesman, Dale Ferris,")."""
    np = ask.np
    if np.person is None:
        return None
    c = ask.token_cluster(np.person.root.i) or ask.named(np.person.text, T.PERSON, ask.base + np.person.start_char)
    if c is None:
        return None
    c.add_alias(ask.mention)
    if np.titles or np.affiliation:
        c.add_role(list(np.titles), np.affiliation)
    elif np.description:
        c.add_role([np.description])
    return ask.settle(c, conf.NAMED)


def _appositive_person(ask: Ask) -> Resolution | None:
    """ "The committee's spokesman, Tavish Rourke, said" with the name read as an organisation."""
    if ask.np.person is not None or not (ask.spokes_or_title or any(c.dep_ == "poss" for c in ask.h.children)):
        return None
    return _appositive(ask, (T.PERSON,))


def _appositive_organisation(ask: Ask) -> Resolution | None:
    """ "The developer, Keystone Logistics, said": the appositive names who speaks."""
    if ask.h.pos_ != "NOUN" or ask.spokes_or_title:
        return None
    return _appositive(ask, (T.ORGANISATION, T.COUNTRY, T.UNKNOWN))


def _appositive(ask: Ask, kinds: tuple[str, ...]) -> Resolution | None:
    """The name in apposition to the subject, or to a description in apposition ("His final guest, the actress
    Delia Park,")."""
    for a in ask.h.children:
        if a.dep_ != "appos":
            continue
        for t in (a, *(g for g in a.children if g.dep_ in ("appos", "compound") and g.i > a.i)):
            named = ask.token_cluster(t.i)
            if named is not None and named.kind in kinds:
                return ask.settle(named, conf.APPOSITIVE_NAME)
    return None


def _tagged_name(ask: Ask) -> Resolution | None:
    """The subject is itself a name the article registered ("Okafor said", "Halvorsen Biologics said")."""
    c = ask.token_cluster(ask.h.i)
    if c is None or (c.kind == T.PERSON and ask.h.pos_ != "PROPN"):
        return None
    # "The Energy Minister said" is a title; "Kestrel Energy said", a company's name tagged whole, is not
    if ask.spokes_or_title and not (c.kind == T.ORGANISATION and ask.h.pos_ == "PROPN" and ask.h.ent_type_ == "ORG"):
        return None
    return ask.settle(c, conf.NAMED)


def _party_description(ask: Ask) -> Resolution | None:
    """ "the Minnesota Democrat said": the named politician the article described so."""
    h = ask.h
    if ask.low not in PARTY or h.tag_ not in ("NNP", "NN") or ask.np.person is not None:
        return None
    c = _party_member(ask)
    if c is not None:
        return ask.settle(c, conf.PARTY_MEMBER)
    return ask.unnamed(T.PERSON, conf.UNRESOLVED)


def _proper_name(ask: Ask) -> Resolution | None:
    """An untagged proper name (or a nationality) as subject, its titles stripped: "Webb told reporters"."""
    h, np = ask.h, ask.np
    if h.pos_ == "NOUN" and h.text[:1].isupper() and not h.is_sent_start and h.ent_type_ in ("", "WORK_OF_ART"):
        # a known surname the tagger read as a noun ('"...," Valdane said')
        known = ask.resolver.named(h.text, T.PERSON, ask.pos, create=False)
        return ask.settle(known, conf.PROPER_NAME) if known is not None else None
    if not (
        (h.pos_ == "PROPN" and not is_title_word(h) and h.ent_type_ not in ("GPE", "ORG")) or h.ent_type_ == "NORP"
    ):
        return None
    run = list(h.doc[np_bounds(h)[0] : h.i + 1])
    titled = [k for k, t in enumerate(run) if is_title_word(t) or HONORIFIC in word_classes(t.lower_)]
    if titled:
        run = run[titled[-1] + 1 :]
    name_tokens = [t for t in run if (t.pos_ == "PROPN" or t.ent_type_ == "NORP") and t.dep_ != "poss"]
    text = " ".join(t.text for t in name_tokens) or h.text
    kind = T.ORGANISATION if h.ent_type_ == "NORP" else (T.PERSON if np.titles else T.UNKNOWN)
    c = ask.named(text, kind, ask.pos)
    if c is None:
        return None
    c.add_alias(ask.mention)
    c.add_role(np.titles or ([np.description] if np.description else []), np.affiliation)
    return ask.settle(c, conf.PROPER_NAME)


def _spokesperson_or_document(ask: Ask) -> Resolution | None:
    """ "a spokeswoman said", "the report said": the organisation behind them."""
    np, lemma = ask.np, ask.lemma
    documents = lexicon().documents
    is_document = lemma in documents
    if SPOKES not in np.classes and not is_document and ask.low not in documents:
        return None
    org, dist = _organisation_in_phrase(ask), 0
    if org is None and is_document and np.definite:
        org = _document_source(ask.resolver, ask.h, ask.doc_no, ask.sent_starts)
    if org is None and (np.definite or is_document or (SPOKES in np.classes and np.person is None)):
        org, dist = ask.antecedent(lambda c: c.kind == T.ORGANISATION, speakers_only=True)
        if org is None and is_document:
            org, dist = ask.antecedent(lambda c: True, speakers_only=True)
        if org is None:
            org, dist = ask.antecedent(lambda c: c.kind == T.ORGANISATION)
    if org is not None:
        return ask.settle(org, conf.SPOKESPERSON_OR_DOCUMENT.at(dist))
    return ask.unnamed(T.PERSON if SPOKES in np.classes else T.UNKNOWN, conf.UNRESOLVED)


def _organisation_in_phrase(ask: Ask) -> Cluster | None:
    """The organisation a spokesperson's phrase names ("a Halvorsen spokesman", "the agency's spokeswoman")."""
    np = ask.np
    org = ask.token_cluster(np.org.root.i) if np.org is not None else None
    if org is None:
        for t in ask.h.doc[np_bounds(ask.h)[0] : ask.h.i]:
            if t.dep_ == "poss" and (ask.doc_no, t.i) in ask.resolver.by_token:
                org = ask.resolver.by_token[(ask.doc_no, t.i)]
    return org


def _title(ask: Ask) -> Resolution | None:
    """ "The Minister said": the last person holding that title (and affiliation)."""
    h, np = ask.h, ask.np
    if TITLE not in np.classes and not np.titles:
        return None
    words = {w.lower() for w in np.titles} | {ask.low}
    head_word = ask.low

    def fits(c: Cluster) -> bool:
        if c.kind != T.PERSON:
            return False
        if head_word in c.desc_words and not np.affiliation:
            return True
        if head_word not in c.role_words:
            return False
        if not (words - {"the"}) <= c.role_words | {head_word}:
            return False
        return not (np.affiliation and c.affiliation and name_key(np.affiliation) != name_key(c.affiliation))

    # an untagged "Fire Chief Tate" is a name with its title, not a title pointing back
    own_name = h.pos_ == "PROPN" and h.ent_type_ == "" and not np.definite and np.titles and TITLE not in np.classes
    if not own_name and (np.definite or h.pos_ == "PROPN" or ask.resolver.frozen_names):  # headlines drop "the"
        c, dist = ask.antecedent(fits, window=conf.TITLE_WINDOW)
        if c is not None:
            return ask.settle(c, conf.TITLE.at(dist))
    return ask.unnamed(T.PERSON, conf.TITLE_UNRESOLVED)


def _office_of_possessor(ask: Ask) -> Resolution | None:
    """ "the state's budget office", "Rahimi's office": an office of the possessor, not the possessor."""
    h = ask.h
    possessor = next((c for c in h.children if c.dep_ == "poss" and c.tag_ != "PRP$"), None)
    if ORG_NOUN not in ask.np.classes or possessor is None:
        return None
    owner = ask.token_cluster(possessor.i) or ask.resolver.resolved.get((ask.doc_no, possessor.i))
    c = Cluster(name=None, kind=T.ORGANISATION)
    c.add_alias(ask.mention)
    c.affiliation = (
        owner.name
        if owner is not None and owner.name
        else clean(re.sub(r"['\u2019]s$", "", h.doc[possessor.left_edge.i : possessor.i + 1].text))
    )
    c.note(ask.pos)
    ask.resolver.clusters.append(c)
    return Resolution(c, ask.mention, conf.OFFICE_OF_POSSESSOR)


def _organisation_noun(ask: Ask) -> Resolution | None:
    """ "The company said": the latest organisation whose name fits the noun ("Halvorsen Biologics"), else one
    whose name says nothing of its kind, never one of another kind ("Riverside University")."""
    if ORG_NOUN not in ask.np.classes or not ask.np.definite:
        return None
    if any(c.like_num and c.i > ask.h.i for c in ask.h.children):
        return None  # "The broadcaster, 82, said": an age makes the noun a person
    want = noun_families(ask.lemma) | noun_families(ask.low)

    def org_fits(c: Cluster) -> bool:
        return c.kind in (T.ORGANISATION, T.UNKNOWN) and c.name is not None

    noun = name_key(ask.low)

    def named_fit(c: Cluster) -> bool:
        # the name's families fit the noun's, or the name holds the noun ("the organisation": World Health
        # Organization, in either spelling)
        return (
            org_fits(c)
            and c.name is not None
            and (bool(name_families(c.name) & want) or noun in name_key(c.name).split())
        )

    def neutral_fit(c: Cluster) -> bool:
        return org_fits(c) and c.name is not None and not name_families(c.name)

    # the organisation that is the subject of this or the previous sentence comes first
    c, dist = ask.antecedent(org_fits, window=1, subjects_only=True)
    if c is None:
        c, dist = ask.antecedent(
            lambda c: named_fit(c) or neutral_fit(c) if want else org_fits(c), window=2, subjects_only=True
        )
    c = c if c is not None and c.kind != T.UNKNOWN else None
    passes = (named_fit, neutral_fit) if want else (org_fits,)
    for fits in passes if c is None else ():
        c, dist = ask.antecedent(fits, speakers_only=True)
        if c is None:
            c, dist = ask.antecedent(fits)
        if c is not None:
            break
    if c is None:
        return None
    if c.kind == T.UNKNOWN:
        c.kind = T.ORGANISATION
    return ask.settle(c, conf.ORGANISATION_NOUN.at(dist))


def _place_noun(ask: Ask) -> Resolution | None:
    """ "the country said": the latest country."""
    if PLACE_NOUN not in ask.np.classes or not ask.np.definite:
        return None
    c, _dist = ask.antecedent(lambda c: c.kind == T.COUNTRY)
    if c is None:
        return None
    c.add_alias(ask.mention)
    return Resolution(c, ask.mention, conf.PLACE_NOUN)


def _description_noun(ask: Ask) -> Resolution | None:
    """ "the nominee" after "Kessler Vance, the president's nominee to lead ...": the description's noun."""
    h, lemma = ask.h, ask.lemma
    if h.pos_ != "NOUN" or not ask.np.definite or h.morph.get("Number", []) == ["Plur"]:
        return None
    c, dist = ask.antecedent(lambda c: c.kind == T.PERSON and lemma in c.desc_words, window=conf.DESCRIPTION_WINDOW)
    return ask.settle(c, conf.DESCRIPTION_NOUN.at(dist)) if c is not None else None


# In order: the first strategy that answers decides. A strategy answers None when it does not apply.
STRATEGIES: tuple[Strategy, ...] = (
    _organisation_of_spokesperson,
    _name_in_phrase,
    _appositive_person,
    _appositive_organisation,
    _tagged_name,
    _party_description,
    _proper_name,
    _spokesperson_or_document,
    _title,
    _office_of_possessor,
    _organisation_noun,
    _place_noun,
    _description_noun,
)


def _unnamed(resolver: Resolver, mention: str, kind: Kind, np: NP, pos: int) -> Cluster:
    c = Cluster(name=None, kind=kind)
    c.add_alias(mention)
    words = [w for w in mention.split() if w.lower() not in ("a", "an", "the", "this", "that")]
    c.add_role(np.titles or words, np.affiliation)
    c.note(pos)
    resolver.clusters.append(c)
    return c


def _party_member(ask: Ask) -> Cluster | None:
    """The named politician a party description points back to ("the Minnesota Democrat")."""
    h = ask.h
    party = PARTY[h.lower_]
    place = " ".join(t.text for t in h.lefts if t.ent_type_ == "GPE" or t.pos_ == "PROPN").lower()

    def fits(c: Cluster) -> bool:
        if c.kind != T.PERSON or c.name is None or c.party != party:
            return False
        return not place or not c.party_place or place_fits(place, c.party_place)

    c, _dist = ask.antecedent(fits, window=conf.PARTY_WINDOW)
    return c


def _document_source(resolver: Resolver, h: Token, doc_no: int, sent_starts: list[int]) -> Cluster | None:
    """Who issued "the report" an attribution cites: the subject of the earlier sentence that released,
    published or issued a report ("The Justice Department released a report ..."), or its "by"/"from"
    phrase or possessor."""
    doc = h.doc
    k = bisect_left(sent_starts, h.i + 1) - 1
    lo = sent_starts[max(0, k - conf.DOCUMENT_SOURCE_WINDOW)] if sent_starts else 0
    lemma = h.lemma_
    for i in range(h.i - 1, lo - 1, -1):
        t = doc[i]
        if t.lemma_ != lemma or t.pos_ != "NOUN":
            continue
        cands = [c for c in t.children if c.dep_ == "poss"]
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                cands.extend(g for g in c.children if g.dep_ == "pobj")
        if t.dep_ in ("dobj", "nsubjpass"):
            v = t.head
            cands.extend(c for c in v.children if c.dep_ == "nsubj")
            for c in v.children:
                if c.dep_ == "agent":
                    cands.extend(g for g in c.children if g.dep_ == "pobj")
        for c in cands:
            found = resolver.resolved.get((doc_no, c.i)) or resolver.by_token.get((doc_no, c.i))
            if found is not None and found.root().kind in (T.ORGANISATION, T.COUNTRY, T.PERSON):
                return found.root()
        return None
    return None
