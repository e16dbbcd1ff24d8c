"""Who a cue's subject is: ``resolve_speaker`` turns the subject token into a cluster.

Pronouns, names in the phrase or an appositive, spokespeople for an organisation, party descriptions,
documents ("The statement said"), titles ("The Minister") and organisation or place nouns ("the company")
each have their own rule; the first that applies decides."""

from __future__ import annotations

import re
from bisect import bisect_left

from . import types as T
from .coref import ORG_PRONOUNS, PRONOUN_GENDER, Cluster, Resolution, Resolver
from .lexicon import HONORIFIC, ORG_NOUN, PLACE_NOUN, SPOKES, TITLE, lexicon, name_families, noun_families, word_classes
from .mentions import PARTY, clean, is_title_word, np_bounds, place_fits, read_np
from .text import fold


def for_organisation(h) -> bool:
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


# resolution of a speaker mention ----------------------------------------------------------------
def resolve_speaker(resolver: Resolver, h, doc_no: int, base: int, sent_starts: list[int]) -> Resolution:
    """Resolve the subject token ``h`` of a cue to a cluster."""
    doc = h.doc
    pos = base + h.idx
    low = h.lower_
    if h.pos_ == "PRON" or h.tag_ == "PRP":
        mention = h.text
        if low in PRONOUN_GENDER:
            g = PRONOUN_GENDER[low]
            c, dist = resolver.antecedent(
                h,
                doc_no,
                base,
                sent_starts,
                lambda c: c.kind == T.PERSON and c.gender in (None, g) and g not in c.not_gender,
            )
            if c is not None and c.gender is None:
                c.gender = g
        elif low == "they":
            # "they" for an organisation (never a town); a country is "it"
            org = lambda c: c.kind == T.ORGANISATION  # noqa: E731
            c, dist = resolver.antecedent(h, doc_no, base, sent_starts, org, window=3, subjects_only=True)
            if c is None:
                c, dist = resolver.antecedent(h, doc_no, base, sent_starts, org, speakers_only=True)
        elif low in ORG_PRONOUNS:
            c, dist = resolver.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind in (T.ORGANISATION, T.COUNTRY))
        else:
            return Resolution(None, mention, 0.3)
        if c is None:
            return Resolution(None, mention, 0.3)
        resolver.resolved[(doc_no, h.i)] = c
        return Resolution(c, mention, max(0.4, 0.85 - 0.08 * dist))
    np = read_np(h, resolver.places)
    mention = np.text
    if np.person is not None and SPOKES in np.classes and len(np.person) == 1 and for_organisation(h):
        # "a spokeswoman for one of the companies, Drivio,": a one-word name after the organisation
        # the spokesperson speaks for names that organisation, not the spokesperson
        org = resolver.named(np.person.text, T.ORGANISATION, base + np.person.start_char)
        if org is not None:
            org.add_alias(mention)
            resolver.resolved[(doc_no, h.i)] = org
            return Resolution(org, mention, 0.75)
    # a name in the phrase, or in an appositive ("a campaign spokesman, Tim Murtaugh,")
    if np.person is not None:
        c = resolver.by_token.get((doc_no, np.person.root.i)) or resolver.named(
            np.person.text, T.PERSON, base + np.person.start_char
        )
        if c is not None:
            c.add_alias(mention)
            if np.titles or np.affiliation:
                c.add_role(list(np.titles), np.affiliation)
            elif np.description:
                c.add_role([np.description])
            resolver.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, 0.95)
    if np.person is None and np.classes & {SPOKES, TITLE}:
        # "The committee's spokesman, Tavish Rourke, said" with the name read as an organisation
        for a in h.children:
            named = resolver.by_token.get((doc_no, a.i)) if a.dep_ == "appos" else None
            if named is not None and named.kind == T.PERSON:
                named.add_alias(mention)
                resolver.resolved[(doc_no, h.i)] = named
                return Resolution(named, mention, 0.85)
    if h.pos_ == "NOUN" and not (np.classes & {SPOKES, TITLE}):
        # "The developer, Keystone Logistics, said": the appositive names who speaks
        for a in h.children:
            named = resolver.by_token.get((doc_no, a.i)) if a.dep_ == "appos" else None
            if named is not None and named.kind in (T.ORGANISATION, T.COUNTRY, T.UNKNOWN):
                named.add_alias(mention)
                resolver.resolved[(doc_no, h.i)] = named
                return Resolution(named, mention, 0.85)
    c = resolver.by_token.get((doc_no, h.i))
    if c is not None and (c.kind != T.PERSON or h.pos_ == "PROPN") and not (np.classes & {SPOKES, TITLE}):
        resolver.resolved[(doc_no, h.i)] = c
        c.add_alias(mention)
        return Resolution(c, mention, 0.95)
    if low in PARTY and h.tag_ in ("NNP", "NN") and np.person is None:
        c = _party_member(resolver, h, doc_no, base, sent_starts)
        if c is not None:
            c.add_alias(mention)
            resolver.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, 0.75)
        return Resolution(_unnamed(resolver, mention, T.PERSON, np, pos), mention, 0.4)
    if (h.pos_ == "PROPN" and not is_title_word(h) and h.ent_type_ not in ("GPE", "ORG")) or h.ent_type_ == "NORP":
        run = list(doc[np_bounds(h)[0] : h.i + 1])
        titled = [k for k, t in enumerate(run) if is_title_word(t) or HONORIFIC in word_classes(t.lower_)]
        if titled:
            run = run[titled[-1] + 1 :]
        name_tokens = [t for t in run if (t.pos_ == "PROPN" or t.ent_type_ == "NORP") and t.dep_ != "poss"]
        text = " ".join(t.text for t in name_tokens) or h.text
        kind = T.ORGANISATION if h.ent_type_ == "NORP" else (T.PERSON if np.titles else T.UNKNOWN)
        c = resolver.named(text, kind, pos)
        if c is not None:
            c.add_alias(mention)
            c.add_role(np.titles or ([np.description] if np.description else []), np.affiliation)
            resolver.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, 0.8)
    lemma = h.lemma_.lower()
    documents = lexicon().documents
    if SPOKES in np.classes or lemma in documents or low in documents:
        org = resolver.by_token.get((doc_no, np.org.root.i)) if np.org is not None else None
        if org is None:
            for t in doc[np_bounds(h)[0] : h.i]:
                if t.dep_ == "poss" and (doc_no, t.i) in resolver.by_token:
                    org = resolver.by_token[(doc_no, t.i)]
        dist = 0
        if org is None and lemma in documents and np.definite:
            org = _document_source(resolver, h, doc_no, sent_starts)
        if org is None and (np.definite or lemma in documents or (SPOKES in np.classes and np.person is None)):
            org, dist = resolver.antecedent(
                h, doc_no, base, sent_starts, lambda c: c.kind == T.ORGANISATION, speakers_only=True
            )
            if org is None and lemma in documents:
                org, dist = resolver.antecedent(h, doc_no, base, sent_starts, lambda c: True, speakers_only=True)
            if org is None:
                org, dist = resolver.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind == T.ORGANISATION)
        if org is not None:
            org.add_alias(mention)
            resolver.resolved[(doc_no, h.i)] = org
            return Resolution(org, mention, max(0.4, 0.8 - 0.05 * dist))
        return Resolution(
            _unnamed(resolver, mention, T.PERSON if SPOKES in np.classes else T.UNKNOWN, np, pos), mention, 0.4
        )
    if TITLE in np.classes or np.titles:
        words = {w.lower() for w in np.titles} | {low}
        head_word = low

        def fits(c):
            if c.kind != T.PERSON:
                return False
            if head_word in c.desc_words and not np.affiliation:
                return True
            if head_word not in c.role_words:
                return False
            if not (words - {"the"}) <= c.role_words | {head_word}:
                return False
            return not (np.affiliation and c.affiliation and fold(np.affiliation) != fold(c.affiliation))

        if h.pos_ == "PROPN" and h.ent_type_ == "" and not np.definite and np.titles and TITLE not in np.classes:
            pass
        elif np.definite or h.pos_ == "PROPN" or resolver.frozen_names:  # headlines drop "the"
            c, dist = resolver.antecedent(h, doc_no, base, sent_starts, fits, window=12)
            if c is not None:
                c.add_alias(mention)
                resolver.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, max(0.45, 0.85 - 0.05 * dist))
        return Resolution(_unnamed(resolver, mention, T.PERSON, np, pos), mention, 0.5)
    possessor = next((c for c in h.children if c.dep_ == "poss" and c.tag_ != "PRP$"), None)
    if ORG_NOUN in np.classes and possessor is not None:
        # "the state's budget office", "Rahimi's office": an office of the possessor, not the possessor
        owner = resolver.by_token.get((doc_no, possessor.i)) or resolver.resolved.get((doc_no, possessor.i))
        c = Cluster(name=None, kind=T.ORGANISATION)
        c.add_alias(mention)
        c.affiliation = (
            owner.name
            if owner is not None and owner.name
            else clean(re.sub(r"['\u2019]s$", "", doc[possessor.left_edge.i : possessor.i + 1].text))
        )
        c.note(pos)
        resolver.clusters.append(c)
        return Resolution(c, mention, 0.6)
    if ORG_NOUN in np.classes and np.definite:
        # "The company said": the latest organisation whose name fits the noun ("Halvorsen Biologics"),
        # else one whose name says nothing of its kind, never one of another kind ("Riverside University")
        want = noun_families(lemma) | noun_families(low)

        def org_fits(c):
            return c.kind in (T.ORGANISATION, T.UNKNOWN) and c.name is not None

        def named_fit(c):
            return org_fits(c) and bool(name_families(c.name) & want)

        def neutral_fit(c):
            return org_fits(c) and not name_families(c.name)

        # the organisation that is the subject of this or the previous sentence comes first
        c, dist = resolver.antecedent(h, doc_no, base, sent_starts, org_fits, window=1, subjects_only=True)
        if c is None:
            c, dist = resolver.antecedent(
                h,
                doc_no,
                base,
                sent_starts,
                lambda c: named_fit(c) or neutral_fit(c) if want else org_fits(c),
                window=2,
                subjects_only=True,
            )
        c = c if c is not None and c.kind != T.UNKNOWN else None
        passes = (named_fit, neutral_fit) if want else (org_fits,)
        for fits in passes if c is None else ():
            c, dist = resolver.antecedent(h, doc_no, base, sent_starts, fits, speakers_only=True)
            if c is None:
                c, dist = resolver.antecedent(h, doc_no, base, sent_starts, fits)
            if c is not None:
                break
        if c is not None:
            if c.kind == T.UNKNOWN:
                c.kind = T.ORGANISATION
            c.add_alias(mention)
            resolver.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, max(0.4, 0.75 - 0.05 * dist))
    if PLACE_NOUN in np.classes and np.definite:
        c, dist = resolver.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind == T.COUNTRY)
        if c is not None:
            c.add_alias(mention)
            return Resolution(c, mention, 0.6)
    if h.pos_ == "NOUN" and np.definite and not h.morph.get("Number") == ["Plur"]:
        # "the nominee" after "Kessler Vance, the president's nominee to lead ...": the description's noun
        c, dist = resolver.antecedent(
            h, doc_no, base, sent_starts, lambda c: c.kind == T.PERSON and lemma in c.desc_words, window=20
        )
        if c is not None:
            c.add_alias(mention)
            resolver.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, max(0.45, 0.8 - 0.03 * dist))
    return Resolution(_unnamed(resolver, mention, T.UNKNOWN, np, pos), mention, 0.4)


def _unnamed(resolver: Resolver, mention, kind, np, pos) -> Cluster:
    c = Cluster(name=None, kind=kind)
    c.add_alias(mention)
    words = [w for w in mention.split() if w.lower() not in ("a", "an", "the", "this", "that")]
    c.add_role(np.titles or words, np.affiliation)
    c.note(pos)
    resolver.clusters.append(c)
    return c


def _party_member(resolver: Resolver, h, doc_no, base, sent_starts):
    """The named politician a party description points back to ("the Minnesota Democrat")."""
    party = PARTY[h.lower_]
    place = " ".join(t.text for t in h.lefts if t.ent_type_ == "GPE" or t.pos_ == "PROPN").lower()

    def fits(c):
        if c.kind != T.PERSON or c.name is None or c.party != party:
            return False
        return not place or not c.party_place or place_fits(place, c.party_place)

    c, _dist = resolver.antecedent(h, doc_no, base, sent_starts, fits, window=12)
    return c


def _document_source(resolver: Resolver, h, doc_no, sent_starts):
    """Who issued "the report" an attribution cites: the subject of the earlier sentence that released,
    published or issued a report ("The Justice Department released a report ..."), or its "by"/"from"
    phrase or possessor."""
    doc = h.doc
    k = bisect_left(sent_starts, h.i + 1) - 1
    lo = sent_starts[max(0, k - 6)] if sent_starts else 0
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
