"""Reading the names of one parsed text into the resolver's clusters.

Named people, organisations and countries (spaCy's entities, corrected where the tagger is known to err),
untagged proper-name subjects, acronyms spelled out in brackets, and what the sentence says about a person:
titles, affiliation, party, gender."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from . import types as T
from .acronyms import acronyms_beside_names, link_acronym, spelled_out
from .coref import PRONOUN_GENDER, Cluster, Resolver, honorific_gender
from .cues import is_cue
from .lexicon import (
    HONORIFIC,
    ORG_NOUN,
    SPOKES,
    TITLE,
    lexicon,
    noun_families,
    org_name_word,
    word_classes,
    word_map,
    words,
)
from .mentions import (
    PARTY,
    PARTY_CODES,
    TRADE_NOUNS,
    affiliation_of,
    description_of,
    is_title_word,
    np_bounds,
    read_np,
    split_name,
)
from .nlp import dateline_tokens, doc_text, entity_at, span_ents
from .text import name_key

_GENDER_NOUNS = word_map("gender_noun")


_PARTY_CODE = re.compile(r"\s*,?\s*\(?\s*([DRI])\s*[-\u2013]\s*([A-Z][A-Za-z.]*)")


# Photo agencies and picture libraries: never a speaker unless they are the subject of a cue.
_CREDIT_WORDS = words("picture_credit")


_KIND = {"PERSON": T.PERSON, "ORG": T.ORGANISATION, "GPE": T.COUNTRY, "NORP": T.ORGANISATION}


def organisation_name(ent: Span) -> bool:
    """Whether a PERSON entity is really an organisation: its last word marks one ("Biologics", "Union"),
    or a ", which" clause follows it."""
    words = ent.text.split()
    if len(words) >= 2 and org_name_word(re.sub(r"['\u2019]s$", "", words[-1])):
        return True
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].lower_ == "which"


def spokesperson_name(ent: Span) -> bool:
    """Whether an ORG entity is the name of a spokesperson: in apposition to "spokesman" (either way round),
    two or three capitalised words, none of them marking an organisation."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or any(org_name_word(w) for w in words):
        return False
    if ent.text[:4].lower() == "the ":
        return False
    root = ent.root
    if root.dep_ == "appos" and (SPOKES in word_classes(root.head.lower_) or _person_noun(root.head)):
        return True
    return any(c.dep_ == "appos" and (SPOKES in word_classes(c.lower_) or _person_noun(c)) for c in root.children)


def _person_noun(t: Token) -> bool:
    """A noun naming someone's post: a title ("The program's director"), or an organisation's post that names no
    kind of organisation ("The museum's curator")."""
    if t.pos_ != "NOUN":
        return False
    if TITLE in word_classes(t.lower_):
        return True
    owned = any(c.dep_ == "poss" for c in t.children)
    return owned and not noun_families(t.lemma_) and ORG_NOUN not in word_classes(t.lemma_)


# registration of named mentions -------------------------------------------------------------------
def register(resolver: Resolver, doc: Doc, doc_no: int, base: int, *, known_only: bool = False) -> None:
    """Read the named people, organisations and countries of one parsed text (offset ``base``).

    ``known_only`` (a headline): title case misleads the tagger ("Governor Signs Budget" reads as a
    name), so such a text only links names the body already gave and never adds or renames any.
    """
    if known_only:
        _link_known(resolver, doc, doc_no, base)
        return
    person_words = {
        name_key(e.text.split()[-1]) for e in doc.ents if _label_of(e, set()) == "PERSON" and e.text.split()
    }
    datelines = dateline_tokens(doc)
    for ent in doc.ents:
        if ent.label_ == "GPE" and ent.start not in datelines:
            resolver.places.append(re.sub(r"^(?i:the)\s+", "", ent.text))
    spelled = spelled_out(doc)
    beside = acronyms_beside_names(resolver, doc, doc_no, base, datelines)
    for ent in doc.ents:
        if ent.start in datelines:
            continue  # "WASHINGTON —", "LONDON (Reuters) -": where and by whom, never who speaks
        if ent.start in spelled and link_acronym(resolver, ent, doc_no, base, spelled[ent.start]):
            continue
        if ent.start in beside:
            continue
        label = _label_of(ent, person_words)
        if label not in ("PERSON", "ORG", "GPE"):
            continue
        if label != "PERSON" and any(w in _CREDIT_WORDS for w in name_key(ent.text).split()):
            continue
        whole = _with_first_names(doc, ent)
        if label == "PERSON" or (whole is not ent and _label_of(whole, person_words) == "PERSON"):
            ent, label = whole, "PERSON"  # "the retired teacher Ana [Solis]" read as an organisation
        gender, titles = _honorific_before(doc, ent) if label == "PERSON" else (None, ())
        cluster = resolver.named(ent.text, _KIND[label], base + ent.start_char, gender=gender, titles=titles)
        if cluster is None:
            continue
        for t in ent:
            resolver.by_token[(doc_no, t.i)] = cluster
        if label == "PERSON":
            _person_context(resolver, doc, ent, cluster)
    _untagged_subjects(resolver, doc, doc_no, base)


def _with_first_names(doc: Doc, ent: Span) -> Span:
    """A lone surname with the untagged given names the tagger left before it ("Economist Anders [Lilje]"); a
    longer name is whole already ("Rancher [Tom Beasley]": the capital there is the sentence's)."""
    if len(ent) != 1:
        return ent
    k = ent.start
    while (
        k > ent.start - 2
        and k > 0
        and doc[k - 1].pos_ == "PROPN"
        and not doc[k - 1].ent_type_
        and doc[k - 1].dep_ in ("compound", "flat")
        and doc[k - 1].head.i in range(ent.start, ent.end)
        and doc[k - 1].text[:1].isupper()
        and not is_title_word(doc[k - 1])
        and HONORIFIC not in word_classes(doc[k - 1].lower_)
    ):
        k -= 1
    return ent if k == ent.start else Span(doc, k, ent.end, label=ent.label_)


def _link_known(resolver: Resolver, doc: Doc, doc_no: int, base: int) -> None:
    """Link the names of a headline to people and organisations the body named, and never add or rename one.

    Title case makes the tagger read verbs and function words as names ("Rip Lena Marsh", "Quist Thanked
    Brandt"): a run links only where it is a variant of a known name, else its longest sub-runs that are.
    """
    frozen = resolver.frozen_names
    resolver.frozen_names = True
    try:
        for ent in doc.ents:
            label = ent.label_ if ent.label_ != "NORP" else "ORG"
            if label not in ("PERSON", "ORG", "GPE"):
                continue
            start, end = ent.start, ent.end
            while start < end:
                for stop in range(end, start, -1):
                    run = doc[start:stop]
                    cluster = None
                    for kind in dict.fromkeys((_KIND[label], T.PERSON, T.ORGANISATION)):
                        cluster = resolver.named(run.text, kind, base + run.start_char, create=False)
                        if cluster is not None:
                            break
                    if cluster is not None:
                        for t in run:
                            resolver.by_token[(doc_no, t.i)] = cluster
                        start = stop
                        break
                else:
                    start += 1
    finally:
        resolver.frozen_names = frozen


def _honorific_before(doc: Doc, ent: Span) -> tuple[str | None, tuple[str, ...]]:
    """The gender of an honorific or gendered title right before a name ("Mr. Calder", "Chairwoman Reyes"),
    and the title words there ("Senator Quinn")."""
    k = ent.start - 1
    gender: str | None = None
    titles: list[str] = []
    while k >= 0 and k >= ent.start - 3 and (is_title_word(doc[k]) or HONORIFIC in word_classes(doc[k].lower_)):
        gender = gender or honorific_gender(doc[k].text)
        if is_title_word(doc[k]):
            titles.insert(0, doc[k].text)
        k -= 1
    return gender, tuple(titles)


def _label_of(ent: Span, person_words: set[str]) -> str:
    """The entity's label, corrected where the tagger is known to err."""
    label = ent.label_
    if label in ("GPE", "ORG") and len(ent) == 1 and name_key(ent.text) in person_words:
        return "PERSON"  # a surname mis-tagged as a place
    if label == "PERSON" and organisation_name(ent):
        return "ORG"  # "Halvorsen Biologics", "The Drivers Coalition, which ..." read as a person
    if label in ("ORG", "GPE") and len(ent) > 1 and (spokesperson_name(ent) or described_as_person(ent)):
        return "PERSON"  # "The committee's spokesman, Tavish Rourke," read as an organisation
    return label


def described_as_person(ent: Span) -> bool:
    """Whether an ORG entity is a person's name the writer describes: "Marcus Ide, an economist at ...", two
    or three capitalised words, none marking an organisation, beside "a"/"an" and a noun that names no kind
    of organisation."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or any(org_name_word(w) for w in words):
        return False
    if ent.text[:4].lower() == "the ":
        return False
    for c in ent.root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > ent.root.i:
            first = ent.doc[c.left_edge.i]
            if first.lower_ in ("a", "an") and not noun_families(c.lemma_) and ORG_NOUN not in word_classes(c.lemma_):
                return True
    return False


def _untagged_subjects(resolver: Resolver, doc: Doc, doc_no: int, base: int) -> None:
    """Proper-name subjects the tagger left untagged ("Webb told reporters") become names of unknown kind."""
    datelines = dateline_tokens(doc)
    for tok in doc:
        if (
            tok.i not in datelines
            and tok.dep_ in ("nsubj", "nsubjpass")
            and tok.pos_ == "PROPN"
            and not tok.ent_type_
            and (doc_no, tok.i) not in resolver.by_token
            and not is_title_word(tok)
        ):
            words = [t for t in doc[np_bounds(tok)[0] : tok.i + 1] if t.pos_ == "PROPN" and not t.ent_type_]
            if words and all(not is_title_word(t) for t in words):
                c = resolver.named(" ".join(t.text for t in words), T.UNKNOWN, base + words[0].idx)
                if c is not None:
                    for t in words:
                        resolver.by_token[(doc_no, t.i)] = c


def _person_context(resolver: Resolver, doc: Doc, ent: Span, cluster: Cluster) -> None:
    """Titles, affiliation and descriptions around a name become role, affiliation and aliases."""
    titles, affiliation, first = _words_before(resolver, doc, ent, cluster)
    genders = lexicon().genders
    for t in ent:
        if t.lower_ in genders and HONORIFIC in word_classes(t.lower_):
            cluster.gender = cluster.gender or genders[t.lower_]
    head = ent.root
    _gender_evidence(doc, ent, cluster)
    if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and head.head.ent_type_ != "PERSON":
        if head.head.pos_ == "NOUN":
            cluster.desc_words.add(head.head.lemma_.lower())
        np = read_np(head.head, resolver.places)
        titles = titles or np.titles
        affiliation = affiliation or np.affiliation
        cluster.add_alias(np.text)
    titles = _appositives(doc, head, cluster, titles)
    for w in titles if cluster.gender is None else ():
        for part in w.split():
            cluster.gender = cluster.gender or honorific_gender(part)
    if not cluster.party and ent.end < len(doc):
        _party_code(doc, ent, cluster)
    if first < ent.start:
        cluster.add_alias(doc[first : ent.end].text)
    if len(titles) and first < ent.start:
        # "Minister Okafor" also as an alias
        k = max(first, ent.start - 1)
        if doc[k].lower_ not in ("'s", "\u2019s"):
            cluster.add_alias(doc[k : ent.end].text)
    cluster.add_role(titles, affiliation)


def _words_before(resolver: Resolver, doc: Doc, ent: Span, cluster: Cluster) -> tuple[list[str], str, int]:
    """Titles, affiliation and honorifics just before a name: (titles, affiliation, first token of the run)."""
    _name, lead = split_name(ent.text)
    titles = [w for w in lead if HONORIFIC not in word_classes(w)]  # "Ms Pell": an honorific is no role
    affiliation = ""
    genders = lexicon().genders
    i = ent.start - 1
    first = ent.start
    while i >= 0 and i >= ent.start - 6:
        t = doc[i]
        if (is_title_word(t) or _trade_before_person(t)) and t.ent_type_ not in ("PERSON",):
            titles.insert(0, t.text)
            first = i
        elif (t.ent_type_ in ("GPE", "ORG", "NORP") or doc[i + 1].tag_ == "POS") and not affiliation:
            e = entity_at(doc, i)
            if e is None:
                break
            affiliation = affiliation_of(e, resolver.places)
            first = e.start
            i = e.start
        elif t.tag_ == "POS" or t.lower_ in ("'s", "\u2019s"):
            pass  # the possessive of an affiliation ("Valmora's Foreign Minister"): read with it
        elif HONORIFIC in word_classes(t.lower_):
            first = i
            if t.lower_ in genders:
                cluster.gender = cluster.gender or genders[t.lower_]
        else:
            break
        i -= 1
    return titles, affiliation, first


def _trade_before_person(t: Token) -> bool:
    """A trade noun that also names a kind of business ("broadcaster") is a person's trade when a person's name
    follows it ("The veteran broadcaster Mr. Quist"); "the public broadcaster Nordvision" is tagged no person."""
    return t.pos_ == "NOUN" and t.lower_ in TRADE_NOUNS and t.dep_ != "poss"


def _appositives(doc: Doc, head: Token, cluster: Cluster, titles: list[str]) -> list[str]:
    """A party description ("a Minnesota Democrat") or a role ("a former prosecutor") set beside a name."""
    for c in head.children:
        if c.dep_ == "appos" and c.lower_ in PARTY and not cluster.party:
            # "Sen. Patricia Gunderson, a Minnesota Democrat,": a description, never a name
            cluster.party = PARTY[c.lower_]
            place = [t.text for t in c.subtree if t.i < c.i and t.ent_type_ == "GPE"]
            cluster.party_place = " ".join(place).lower()
            continue
        if c.dep_ == "appos" and c.ent_type_ not in ("PERSON", "DATE", "CARDINAL", "GPE") and not c.like_num:
            if c.pos_ == "NOUN":
                cluster.desc_words.add(c.lemma_.lower())
            desc = description_of(doc[c.left_edge.i : c.right_edge.i + 1].text)
            if desc and not titles:
                titles = [desc]
    return titles


def _party_code(doc: Doc, ent: Span, cluster: Cluster) -> None:
    """ "Sen. Grace Oyelaran (D-Minn.)", "Rep. Dana Ortiz, D-Calif.,": the party and state after a name."""
    text = doc_text(doc)
    m = _PARTY_CODE.match(text, ent.end_char, min(len(text), ent.end_char + 20))
    if m:
        cluster.party = PARTY_CODES[m.group(1)]
        cluster.party_place = m.group(2).lower().rstrip(".")


def _gender_evidence(doc: Doc, ent: Span, cluster: Cluster) -> None:
    """What the sentence says of a person's gender: "a mother of two", "who runs it with his wife",
    "told the committee about her staff"; and "Ochoa thanked her" (so "she" is not Ochoa)."""
    head = ent.root
    # "a mother of two", "his wife, Fiona Calder", "the committee chairwoman": a gendered noun beside the name
    beside = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        beside.append(head.head)
    for c in beside:
        g = _GENDER_NOUNS.get(c.lemma_.lower()) or honorific_gender(c.lower_) if c.ent_type_ != "PERSON" else None
        if g is not None and cluster.gender is None:
            cluster.gender = g
    for c in head.children:
        # "Senator Avery Quinn and his wife": the possessive on the conjoined relative is the person's
        if c.dep_ == "conj" and c.lemma_.lower() in _GENDER_NOUNS and cluster.gender is None:
            own = next((g for g in c.children if g.tag_ == "PRP$" and g.lower_ in ("his", "her")), None)
            if own is not None:
                cluster.gender = PRONOUN_GENDER[own.lower_]
    _lone_person_evidence(ent, cluster)


def _lone_person_evidence(ent: Span, cluster: Cluster) -> None:
    """Gender from the clauses of the one person a sentence names: pronouns after "said", possessives, and
    "Ochoa thanked her"."""
    head = ent.root
    sent = head.sent
    if sum(1 for e in span_ents(sent) if e.label_ == "PERSON") != 1:
        return
    scopes = [c for c in head.children if c.dep_ == "relcl"]
    if head.dep_ in ("nsubj", "nsubjpass"):
        verb = head.head
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.lower_ in ("him", "her"):
                cluster.not_gender.add(PRONOUN_GENDER[c.lower_])
        scopes.append(verb)
    if cluster.gender is not None:
        return
    if head.dep_ == "nsubj" and is_cue(head.head):
        # "Kinsey said he shared her concern": the subject of what a lone named person says is that person
        # (never a pronoun in the quoted words: '"... she doesn't care," said Verhoeven')
        cue = head.head
        for comp in cue.children:
            if comp.dep_ == "ccomp" and comp.i > cue.i:
                subj = next((c for c in comp.children if c.dep_ == "nsubj"), None)
                if (
                    subj is not None
                    and subj.lower_ in ("he", "she")
                    and not any(t.is_quote for t in ent.doc[cue.i : subj.i])
                ):
                    if PRONOUN_GENDER[subj.lower_] not in cluster.not_gender:
                        cluster.gender = PRONOUN_GENDER[subj.lower_]
                    return
    # "who runs it with his wife": possessives in the person's own clauses, when they all agree
    seen = {
        PRONOUN_GENDER[t.lower_]
        for scope in scopes
        for t in scope.subtree
        if t.tag_ == "PRP$" and t.lower_ in ("his", "her")
    }
    if len(seen) == 1 and not seen & cluster.not_gender:
        cluster.gender = seen.pop()
