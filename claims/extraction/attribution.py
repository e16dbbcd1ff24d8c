"""Who said it: cue-verb grammar on a spaCy parse, and speaker resolution within one article.

Grammar: the speaker is the subject of a reporting cue ("X said", "said X", "X, who said", "..., saying",
"according to X"); reported speech is the cue's clausal complement, or its noun-phrase content for cues like
"accusing X of ..." and "calling on X to ...".

Resolution: every person, organisation and country the article names becomes a ``Cluster`` (name variants
merge: "Okafor" joins "Sam Okafor"). Pronouns, titles ("The Minister"), spokespeople and documents
("The statement") point back to the nearest compatible cluster, preferring the subject of the sentences just
before and the most recent speaker.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from . import types as T
from .cues import (
    HONORIFIC,
    ORG_NOUN,
    PLACE_NOUN,
    SPOKES,
    TITLE,
    full_title,
    lexicon,
    name_families,
    noun_families,
    org_name_word,
    word_classes,
)

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents of a cue through which a quote is NOT the cue's content.
_NOT_CONTENT = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "csubjpass",
    "aux",
    "auxpass",
    "neg",
    "dative",
    "agent",
    "expl",
}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_ORG_PRONOUNS = {"it", "they", "we"}
# Party descriptions that refer back to a named politician: "a Minnesota Democrat", "the Ohio Republican".
_PARTY = {
    "democrat": "democrat",
    "democrats": "democrat",
    "republican": "republican",
    "republicans": "republican",
    "independent": "independent",
    "gop": "republican",
}
_GENDER_NOUNS = {
    "mother": "f",
    "father": "m",
    "wife": "f",
    "husband": "m",
    "grandmother": "f",
    "grandfather": "m",
    "daughter": "f",
    "son": "m",
    "widow": "f",
    "widower": "m",
    "woman": "f",
    "man": "m",
    "mom": "f",
    "dad": "m",
    "sister": "f",
    "brother": "m",
    "businesswoman": "f",
    "businessman": "m",
    "congresswoman": "f",
    "congressman": "m",
    "actress": "f",
}
_PARTY_CODE = re.compile(r"\s*,?\s*\(?\s*([DRI])\s*[-\u2013]\s*([A-Z][A-Za-z.]*)")
_RELATIVE = {"who", "that", "which", "whom"}
# Photo agencies and picture libraries: never a speaker unless they are the subject of a cue.
_CREDIT_WORDS = {"images", "photo", "photos", "pictures", "getty", "shutterstock", "alamy", "afp", "epa"}
_IRREGULAR_DEMONYMS = {
    "american": "United States",
    "british": "Britain",
    "english": "England",
    "french": "France",
    "dutch": "Netherlands",
    "swiss": "Switzerland",
    "welsh": "Wales",
    "scottish": "Scotland",
    "irish": "Ireland",
    "greek": "Greece",
    "spanish": "Spain",
    "polish": "Poland",
    "danish": "Denmark",
    "swedish": "Sweden",
    "finnish": "Finland",
    "norwegian": "Norway",
    "portuguese": "Portugal",
    "filipino": "Philippines",
    "thai": "Thailand",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "kiwi": "New Zealand",
    "czech": "Czech Republic",
    "slovak": "Slovakia",
    "belgian": "Belgium",
    "peruvian": "Peru",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "malagasy": "Madagascar",
}


@lru_cache(maxsize=4096)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"['\u2019]s$", "", s.lower().replace(".", "")).strip()


# --- cue grammar --------------------------------------------------------------------------------------------


def is_verbal(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_cue(tok, *, direct: bool = False) -> bool:
    """A reporting verb (or "according"); ``direct`` also admits manner verbs next to a direct quote."""
    lex = lexicon()
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        )
    if not is_verbal(tok) or tok.dep_ == "amod":
        return False
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called"
    words = lex.quote_verbs if direct else lex.verbs
    lemma = tok.lemma_.lower()
    if lemma in _LISTENER_VERBS and tok.tag_ in ("VBN", "VBD") and _passive(tok):
        return False  # "Asked whether ...", "was told that ...": the one asked or told is not the speaker
    if lemma in words or tok.lower_ in words:
        return True
    parts = lex.particles.get(lemma)
    return bool(parts) and any(c.lower_ in parts for c in tok.children if c.dep_ in ("prep", "prt", "advmod"))


# Cue verbs whose object is the listener: in the passive their subject heard the words.
_LISTENER_VERBS = {"ask", "tell", "inform", "warn", "advise", "assure", "question", "press"}


def _passive(tok) -> bool:
    """A past participle used passively: "was asked", "Asked whether ..., she said", "when told of ..."."""
    kids = list(tok.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        return True
    if any(c.dep_ in ("aux", "nsubj") for c in kids):
        return False
    if tok.tag_ == "VBD":  # a sentence-initial participle tagged as a past tense ("Asked whether ...")
        return tok.dep_ in ("advcl", "acl") and tok.i < tok.head.i
    return tok.dep_ in ("advcl", "acl", "ROOT", "conj", "xcomp", "pcomp")


def is_cue_noun(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in lexicon().nouns


def cue_text(tok) -> str:
    """The cue as written ("said", "calling on", "according to")."""
    if tok.lower_ == "according":
        return "according to"
    parts = lexicon().particles.get(tok.lemma_.lower(), ())
    for c in tok.children:
        if c.lower_ in parts and c.dep_ in ("prep", "prt", "advmod") and c.i == tok.i + 1:
            return f"{tok.text} {c.text}"
    return tok.text


def subject_of(tok, depth: int = 0):
    """The token naming who speaks through cue ``tok`` (the head of its subject), or None."""
    if tok.lower_ == "according":
        for c in tok.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            for g in nxt.children:
                if g.dep_ == "pobj":
                    return g
        return None
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # a broken parse of "Calloway's co-sponsor, Senator Marcus Webb, said" or "Climate Action Now, a
        # coalition of groups, said": the named one, else the nearest
        subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN", abs(tok.i - c.i)))
    for c in subjects:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head
            if c.dep_ == "nsubjpass" and any(a.dep_ == "agent" for a in tok.children):
                break  # "was told by X": the agent speaks
            return c
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if depth >= 4 or tok.head.i == tok.i:
        return None
    head = tok.head
    if tok.dep_ == "relcl":
        return head
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return head  # "a statement saying ...", "Smith, saying ..."
    if tok.dep_ == "pcomp":  # "after saying ...", "with X accusing ..."
        head = head.head
    if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "acl"):
        if head.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ == "pcomp":
            return None
        return subject_of(head, depth + 1)
    return None


def subject_near(cue, lo: int, hi: int):
    """Fallback when the parse gives a cue no subject: a pronoun or name right next to it in tokens lo..hi."""
    doc = cue.doc
    for i in (cue.i + 1, cue.i - 1, cue.i + 2, cue.i - 2):
        if lo <= i < hi:
            t = doc[i]
            if t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "it", "i", "we"):
                return t
            if t.pos_ == "PROPN" or (t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
                return t.head if t.dep_ in ("compound", "flat") and t.head.i in range(lo, hi) else t
    return None


def governing_cue(tok, limit: int = 8):
    """Walk up from a quoted token to a cue whose content holds it; return (cue, child) or (None, None).

    The child is the cue's dependent on the path; a quote in the cue's subject ("The 'Squad' said") is not
    the cue's content.
    """
    t = tok
    for _ in range(limit):
        parent = t.head
        if parent.i == t.i:
            return None, None
        if t.dep_ not in _NOT_CONTENT:
            if is_cue(parent) and not _passive_no_agent(parent):
                if _unspoken(parent):
                    # 'said the state would appeal "immediately"': a cue not (yet) spoken is the content of
                    # the reporting verb above it
                    outer, child = governing_cue(parent, limit=4)
                    if outer is not None and not _unspoken(outer):
                        return outer, child
                return parent, t
            if is_cue_noun(parent) and t.dep_ in ("acl", "ccomp", "prep", "relcl", "appos", "advcl"):
                return parent, t
        elif is_cue(parent):
            return None, None
        t = parent
    return None, None


def _unspoken(tok) -> bool:
    """A cue in a future, conditional or infinitive form inside a clause ("would appeal", "to warn")."""
    return tok.dep_ in ("ccomp", "xcomp", "advcl", "conj") and any(
        c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in tok.children
    )


def _passive_no_agent(tok) -> bool:
    """A cue in the passive with no one speaking it: "had been promised service 'by Christmas'"."""
    kids = list(tok.children)
    return any(c.dep_ == "auxpass" for c in kids) and not any(c.dep_ == "agent" for c in kids)


def _conjoined_content(cue, first: int, last: int) -> tuple[int, int]:
    """Widen a cue's content over a second reported clause: 'said X, and that Y' (one statement)."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ != "conj" or not is_verbal(c) or is_cue(c):
            continue
        if c.i > last:
            j = last + 1
            while j < c.i and (doc[j].is_punct or doc[j].is_space):
                j += 1
            if j + 1 < c.i and doc[j].lower_ in ("and", "but") and doc[j + 1].lower_ == "that":
                last = c.right_edge.i
    return first, last


_WHEN_WORDS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
}


def content_span(cue, child=None):
    """Token bounds (first, last) of what cue ``cue`` reports, or None.

    With ``child`` (the path from a quote) the content is that dependent's subtree, from the cue's direct
    object on ("called the plan 'a dead end'"). Without it: the clausal complement ("said the meeting was
    ..."), or for noun-phrase cues the object and its complements ("accusing X of ...").
    """
    lex = lexicon()
    kids = list(cue.children)
    if child is None:
        comps = [c for c in kids if c.dep_ == "ccomp"]
        if not comps:
            # "said in a statement that ...": the parser hangs the clause on the document noun
            for c in kids:
                if c.dep_ == "prep" and c.i > cue.i:
                    for g in c.children:
                        if g.dep_ == "pobj" and g.lemma_.lower() in lex.documents:
                            comps.extend(
                                x
                                for x in g.children
                                if x.dep_ in ("acl", "relcl", "ccomp")
                                and any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children)
                            )
        if not comps:
            lemma = cue.lemma_.lower()
            np_ok = lemma in lex.np_verbs or any(
                f"{lemma}_{c.lower_}" in lex.np_verbs for c in kids if c.dep_ in ("prep", "prt")
            )
            if not np_ok:
                return None
            parts = lex.particles.get(lemma, frozenset())
            comps = []
            for c in kids:
                if c.i < cue.i:
                    continue
                if c.dep_ in ("dobj", "xcomp", "oprd"):
                    comps.append(c)
                elif c.dep_ == "prep" and c.lower_ in parts:
                    comps.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
                elif c.dep_ == "prep" and c.lower_ in ("of", "for"):
                    comps.append(c)
            if not comps:
                return None
        first = min(c.left_edge.i for c in comps)
        last = max(c.right_edge.i for c in comps)
    else:
        first, last = child.left_edge.i, child.right_edge.i
        for c in kids:
            if c.dep_ in ("dobj", "oprd") and cue.i < c.i < child.i:
                first = min(first, c.left_edge.i)
        if child.dep_ == "conj":
            # 'said X and that it was "Y"': the quote is in the second clause of one statement
            earlier = [c for c in kids if c.dep_ == "ccomp" and cue.i < c.i < child.i]
            j = child.left_edge.i
            if earlier and j >= 1 and cue.doc[j].lower_ == "that" and cue.doc[j - 1].lower_ in ("and", "but"):
                first = min(first, earlier[0].left_edge.i)
    first, last = _conjoined_content(cue, first, last)
    doc = cue.doc
    if child is None:
        # '..., a move that drew criticism': a closing appositive is the writer's comment, not the content
        for t in doc[first : last + 1]:
            if (
                t.dep_ == "appos"
                and t.pos_ == "NOUN"
                and t.right_edge.i == last
                and doc[t.left_edge.i].lower_ in ("a", "an")
                and t.left_edge.i > first
                and doc[t.left_edge.i - 1].text == ","
                and any(c.dep_ == "relcl" for c in t.children)
            ):
                last = t.left_edge.i - 2
                break
    while first <= last and (doc[first].dep_ in ("mark", "punct", "cc") or doc[first].is_space):
        if doc[first].is_quote and doc[first].dep_ == "punct":
            break
        first += 1
    # "said Monday it will ...": the day the cue happened, not the content
    j = first + (1 if doc[first].lower_ == "on" else 0)
    if first == cue.i + 1 and j < last and doc[j].lower_ in _WHEN_WORDS:
        first = j + 1
        while first <= last and (doc[first].dep_ in ("mark", "punct") or doc[first].is_space):
            first += 1
    while last >= first and (doc[last].is_punct and not doc[last].is_quote or doc[last].is_space):
        last -= 1
    if last < first or cue.i in range(first, last + 1):
        return None
    return first, last


# --- names, roles and affiliations ----------------------------------------------------------------------


def demonym_country(word: str, places: list[str]) -> str:
    """The country a demonym points to ("Valmoran" -> the article's "Valmora"); "" when unknown."""
    w = word.lower()
    if w in _IRREGULAR_DEMONYMS:
        return _IRREGULAR_DEMONYMS[w]
    best, best_len = "", 0
    for name in places:
        n = name.lower()
        k = 0
        while k < min(len(n), len(w)) and n[k] == w[k]:
            k += 1
        if k >= 4 and k >= len(w) - 4 and (k > best_len or (k == best_len and best.isupper())):
            best, best_len = name, k
    if best:
        return best
    try:
        import pycountry  # a project dependency; optional here
    except ImportError:  # pragma: no cover
        return ""
    for country in pycountry.countries:
        for n in (getattr(country, "common_name", None), country.name):
            if n and " " not in n:
                nl = n.lower()
                k = 0
                while k < min(len(nl), len(w)) and nl[k] == w[k]:
                    k += 1
                if k >= 4 and k >= len(w) - 4 and k > best_len:
                    best, best_len = n, k
    return best


def _title_case(words: list[str]) -> str:
    """A role as a title: abbreviations spelled out ("Lt. Gov." -> "Lieutenant Governor")."""
    out = []
    for w in words:
        full = full_title(w)
        if full != w.lower():
            out.append(full.capitalize())
        else:
            out.append(w if any(c.isupper() for c in w) else w.capitalize())
    return " ".join(out)


@dataclass
class NP:
    """What a noun phrase says about who it is."""

    text: str
    head: object
    person: object = None  # PERSON entity span in the phrase
    org: object = None  # ORG/GPE/NORP entity span in the phrase (not the head's own name)
    titles: list = field(default_factory=list)  # title words before the name ("Foreign", "Minister")
    affiliation: str = ""
    description: str = ""  # an appositive or role description ("director of a policy centre ...")
    classes: frozenset = frozenset()
    definite: bool = False


def np_bounds(h):
    """Token bounds of the noun phrase headed by ``h`` without appositives, clauses and trailing commas."""
    first = h.i
    for c in h.lefts:
        if c.dep_ in ("punct", "cc", "preconj") or c.is_space:
            continue
        first = min(first, c.left_edge.i)
    last = h.i
    for c in h.rights:
        if c.dep_ in ("compound", "flat", "nummod", "case") or (
            c.dep_ == "prep" and h.pos_ == "NOUN" and c.lower_ in ("for", "of", "at", "from", "with")
        ):
            if c.i == last + 1:
                last = c.right_edge.i
        else:
            break
    doc = h.doc
    while first < h.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return first, last


def read_np(h, places: list[str]) -> NP:
    doc = h.doc
    first, last = np_bounds(h)
    span = doc[first : last + 1]
    np = NP(text=span.text, head=h, classes=word_classes(h.lower_) | word_classes(h.lemma_))
    np.definite = doc[first].lower_ in ("the", "this", "that") or doc[first].tag_ == "PRP$"
    for ent in span.ents:
        if ent.label_ == "PERSON" and (ent.start <= h.i < ent.end or (np.person is None and ent.end > h.i)):
            np.person = ent
        elif ent.label_ in ("ORG", "GPE", "NORP") and np.org is None:
            np.org = ent
    # title words and affiliation before the name (or the head noun)
    stop = np.person.start if np.person is not None else h.i + (0 if h.pos_ == "PROPN" and not is_title_word(h) else 1)
    k = first
    while k < stop:
        t = doc[k]
        if t.dep_ == "poss" or (k + 1 < stop and doc[k + 1].tag_ == "POS"):
            ent = _entity_at(doc, k)
            if ent is not None and not np.affiliation:
                np.affiliation = _affiliation(ent, places)
                k = max(k, ent.end - 1)
        elif is_title_word(t) or (t.pos_ == "PROPN" and t.ent_type_ in ("", "WORK_OF_ART") and t.dep_ == "compound"):
            np.titles.append(t.text)
        elif t.ent_type_ in ("GPE", "ORG", "NORP") and not np.affiliation:
            ent = _entity_at(doc, k)
            if ent is not None:
                np.affiliation = _affiliation(ent, places)
                k = max(k, ent.end - 1)
        k += 1
    while np.titles and not is_title_text(np.titles[-1]):  # "Fire Chief [Owen] Tate": a role ends in a title
        np.titles.pop()
    if np.person is not None:  # "President Okafor" tagged whole as PERSON
        np.titles.extend(split_name(np.person.text)[1])
    if not np.affiliation and np.org is not None and np.person is not None and np.org.start > np.person.end:
        np.affiliation = _affiliation(np.org, places)
    for c in h.children:
        if c.dep_ == "appos":
            if c.ent_type_ == "PERSON" and np.person is None:
                np.person = _entity_at(doc, c.i)
            elif c.ent_type_ not in ("PERSON",) and not c.like_num and c.ent_type_ not in ("DATE", "CARDINAL", "GPE"):
                np.description = _description(doc[c.left_edge.i : c.right_edge.i + 1].text)
        if c.dep_ == "prep" and c.lower_ == "of" and not np.affiliation:
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "ORG"):
                    ent = _entity_at(doc, g.i)
                    if ent is not None:
                        np.affiliation = _affiliation(ent, places)
    return np


def _clean(s: str) -> str:
    return s.strip(" ,;:-\u2013\u2014\n")


_RELATIVE_TAIL = re.compile(r",?\s+(?:who|which|whose|where)\b.*$", re.S)


def _description(s: str) -> str:
    """An appositive as a role, without its relative clause: "an organizer with the union, which represents
    nurses" -> "an organizer with the union"."""
    return _clean(_RELATIVE_TAIL.sub("", s)) or _clean(s)


def _affiliation(ent, places) -> str:
    text = re.sub(r"['\u2019]s$", "", ent.text).strip()
    if ent.label_ == "NORP":
        return demonym_country(text, places) or text
    return re.sub(r"^(?i:the)\s+", "", text)


def _doc_text(doc) -> str:
    """The doc's text, built once: ``doc.text`` joins every token again on each call."""
    text = doc.user_data.get("newsroom_text")
    if text is None:
        text = doc.user_data["newsroom_text"] = doc.text
    return text


def _entity_at(doc, i: int):
    """The named entity covering token ``i``, from a per-doc index built once."""
    index = doc.user_data.get("newsroom_entity_at")
    if index is None:
        index = doc.user_data["newsroom_entity_at"] = {t.i: e for e in doc.ents for t in e}
    return index.get(i)


def is_title_word(t) -> bool:
    classes = word_classes(t.lower_)
    return (TITLE in classes or SPOKES in classes) and t.dep_ != "poss"


def split_name(text: str) -> tuple[str, list[str]]:
    """Strip honorifics, titles and a possessive: 'President Okafor's' -> ('Okafor', ['President'])."""
    text = re.sub(r"['\u2019]s?$", "", text.strip()).strip()
    words = text.split()
    titles = []
    while len(words) > 1 and (HONORIFIC in word_classes(words[0]) or TITLE in word_classes(words[0])):
        titles.append(words.pop(0))
    return " ".join(words), titles


# --- resolution ------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Cluster:
    """One speaker or entity being resolved in one article."""

    name: str | None
    kind: str
    role: str = ""
    affiliation: str = ""
    aliases: list = field(default_factory=list)
    gender: str | None = None
    party: str = ""  # "democrat" / "republican" / "independent" for a legislator described by party
    party_place: str = ""  # the state or district of that description ("a Minnesota Democrat")
    desc_words: set = field(default_factory=set)  # head nouns of descriptions ("the president's nominee")
    not_gender: set = field(default_factory=set)  # pronouns that cannot be this person ("Ochoa thanked her")
    mentions: list = field(default_factory=list)  # sorted positions
    spoke: list = field(default_factory=list)  # positions where it speaks
    role_words: set = field(default_factory=set)
    merged: Cluster | None = None

    def root(self) -> Cluster:
        c = self
        while c.merged is not None:
            c = c.merged
        return c

    def add_alias(self, s: str):
        s = _clean(s)
        if s and s.lower() not in _PRONOUN_GENDER and s.lower() not in _ORG_PRONOUNS and s not in self.aliases:
            self.aliases.append(s)

    def add_role(self, titles: list[str], affiliation: str = ""):
        if titles:
            role = _title_case(titles) if all(is_title_text(w) for w in titles) else " ".join(titles)
            self.role_words.update(w.lower() for w in titles)
            self.role_words.update(full_title(w) for w in titles)
            if len(role) > len(self.role) and (
                not self.role or self.role.lower() in role.lower() or not self.role_words
            ):
                self.role = role
            elif not self.role:
                self.role = role
        if affiliation and not self.affiliation:
            self.affiliation = affiliation

    def last_before(self, pos: int, spoke: bool = False) -> int | None:
        seq = self.spoke if spoke else self.mentions
        k = bisect_left(seq, pos)
        return seq[k - 1] if k else None

    def note(self, pos: int, spoke: bool = False):
        seq = self.spoke if spoke else self.mentions
        k = bisect_left(seq, pos)
        if k >= len(seq) or seq[k] != pos:
            seq.insert(k, pos)

    def speaker(self) -> T.Speaker:
        return T.Speaker(self.name, self.kind, self.role, self.affiliation, tuple(self.aliases))


def is_title_text(w: str) -> bool:
    return TITLE in word_classes(w) or SPOKES in word_classes(w)


_KIND = {"PERSON": T.PERSON, "ORG": T.ORGANISATION, "GPE": T.COUNTRY, "NORP": T.ORGANISATION}


@dataclass
class Resolution:
    cluster: Cluster | None
    mention: str
    confidence: float


class Resolver:
    def __init__(self):
        self.clusters: list[Cluster] = []
        self.places: list[str] = []
        self.by_token: dict[tuple[int, int], Cluster] = {}  # (doc number, token index) -> cluster
        self.resolved: dict[tuple[int, int], Cluster] = {}  # subjects resolved so far
        self.frozen_names = False  # set while reading a headline: its words never add or rename a speaker
        self.acronyms: dict[str, Cluster] = {}  # folded acronym the article spelled out -> its organisation

    # registration of named mentions -------------------------------------------------------------------
    def register(self, doc, doc_no: int, base: int, *, known_only: bool = False):
        """Read the named people, organisations and countries of one parsed text (offset ``base``).

        ``known_only`` (a headline): title case misleads the tagger ("Governor Signs Budget" reads as a
        name), so such a text only links names the body already gave and never adds or renames any.
        """
        person_words = {fold(e.text.split()[-1]) for e in doc.ents if e.label_ == "PERSON" and e.text.split()}
        for ent in doc.ents:
            if ent.label_ == "GPE":
                self.places.append(re.sub(r"^(?i:the)\s+", "", ent.text))
        spelled = self._spelled_out(doc) if not known_only else {}
        for ent in doc.ents:
            label = ent.label_
            if ent.start in spelled:
                # "the Centers for Disease Control and Prevention (CDC)": the acronym is the full name's alias
                full = self.by_token.get((doc_no, spelled[ent.start]))
                if full is not None:
                    self.acronyms[fold(ent.text)] = full
                    full.add_alias(ent.text)
                    full.note(base + ent.start_char)
                    for t in ent:
                        self.by_token[(doc_no, t.i)] = full
                    continue
            if label in ("GPE", "ORG") and len(ent) == 1 and fold(ent.text) in person_words:
                label = "PERSON"  # a surname mis-tagged as a place
            elif label == "PERSON" and _organisation_name(ent):
                label = "ORG"  # "Halvorsen Biologics", "The Drivers Coalition, which ..." read as a person
            elif label == "ORG" and _spokesperson_name(ent):
                label = "PERSON"  # "The committee's spokesman, Tavish Rourke," read as an organisation
            if label not in ("PERSON", "ORG", "GPE"):
                continue
            if label != "PERSON" and any(w in _CREDIT_WORDS for w in fold(ent.text).split()):
                continue
            cluster = self.named(ent.text, _KIND[label], base + ent.start_char, create=not known_only)
            if cluster is None:
                continue
            for t in ent:
                self.by_token[(doc_no, t.i)] = cluster
            if label == "PERSON" and not known_only:
                self._person_context(doc, ent, cluster, base)
        if known_only:
            return
        for tok in doc:
            if (
                tok.dep_ in ("nsubj", "nsubjpass")
                and tok.pos_ == "PROPN"
                and not tok.ent_type_
                and (doc_no, tok.i) not in self.by_token
                and not is_title_word(tok)
            ):
                words = [t for t in doc[np_bounds(tok)[0] : tok.i + 1] if t.pos_ == "PROPN" and not t.ent_type_]
                if words and all(not is_title_word(t) for t in words):
                    c = self.named(" ".join(t.text for t in words), T.UNKNOWN, base + words[0].idx)
                    if c is not None:
                        for t in words:
                            self.by_token[(doc_no, t.i)] = c

    @staticmethod
    def _spelled_out(doc) -> dict[int, int]:
        """Acronyms given in parentheses after an organisation's full name: {acronym token: name token}."""
        out = {}
        for ent in doc.ents:
            if ent.label_ != "ORG" or len(ent) < 2:
                continue
            k = ent.end
            if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
                acr = doc[k + 1]
                if _ACRONYM_TOKEN.fullmatch(acr.text) and acr.ent_type_ in ("ORG", ""):
                    out[k + 1] = ent.root.i
        return out

    def _person_context(self, doc, ent, cluster, base):
        """Titles, affiliation and descriptions around a name become role, affiliation and aliases."""
        name, lead = split_name(ent.text)
        titles = list(lead)
        affiliation = ""
        i = ent.start - 1
        first = ent.start
        while i >= 0 and i >= ent.start - 6:
            t = doc[i]
            if is_title_word(t) and t.ent_type_ not in ("PERSON",):
                titles.insert(0, t.text)
                first = i
            elif (t.ent_type_ in ("GPE", "ORG", "NORP") or doc[i + 1].tag_ == "POS") and not affiliation:
                e = _entity_at(doc, i)
                if e is None:
                    break
                affiliation = _affiliation(e, self.places)
                first = e.start
                i = e.start
            elif t.tag_ == "POS" or t.lower_ in ("'s", "\u2019s"):
                pass
            elif HONORIFIC in word_classes(t.lower_):
                first = i
                if t.lower_ in lexicon().genders:
                    cluster.gender = cluster.gender or lexicon().genders[t.lower_]
            else:
                break
            i -= 1
        for t in ent:
            if t.lower_ in lexicon().genders and HONORIFIC in word_classes(t.lower_):
                cluster.gender = cluster.gender or lexicon().genders[t.lower_]
        head = ent.root
        self._gender_evidence(doc, ent, cluster)
        if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and head.head.ent_type_ != "PERSON":
            if head.head.pos_ == "NOUN":
                cluster.desc_words.add(head.head.lemma_.lower())
            np = read_np(head.head, self.places)
            titles = titles or np.titles
            affiliation = affiliation or np.affiliation
            cluster.add_alias(np.text)
        for c in head.children:
            if c.dep_ == "appos" and c.lower_ in _PARTY and not cluster.party:
                # "Sen. Patricia Gunderson, a Minnesota Democrat,": a description, never a name
                cluster.party = _PARTY[c.lower_]
                place = [t.text for t in c.subtree if t.i < c.i and t.ent_type_ == "GPE"]
                cluster.party_place = " ".join(place).lower()
                continue
            if c.dep_ == "appos" and c.ent_type_ not in ("PERSON", "DATE", "CARDINAL", "GPE") and not c.like_num:
                if c.pos_ == "NOUN":
                    cluster.desc_words.add(c.lemma_.lower())
                desc = _description(doc[c.left_edge.i : c.right_edge.i + 1].text)
                if desc and not titles:
                    titles = [desc]
        if not cluster.party and ent.end < len(doc):
            text = _doc_text(doc)
            m = _PARTY_CODE.match(text, ent.end_char, min(len(text), ent.end_char + 20))
            if m:  # "Sen. Grace Oyelaran (D-Minn.)", "Rep. Dana Ortiz, D-Calif.,"
                cluster.party = {"D": "democrat", "R": "republican", "I": "independent"}[m.group(1)]
                cluster.party_place = m.group(2).lower().rstrip(".")
        if first < ent.start:
            cluster.add_alias(doc[first : ent.end].text)
        if len(titles) and first < ent.start:
            # "Minister Okafor" also as an alias
            k = max(first, ent.start - 1)
            if doc[k].lower_ not in ("'s", "\u2019s"):
                cluster.add_alias(doc[k : ent.end].text)
        cluster.add_role(titles, affiliation)

    @staticmethod
    def _gender_evidence(doc, ent, cluster):
        """What the sentence says of a person's gender: "a mother of two", "who runs it with his wife",
        "told the committee about her staff"; and "Ochoa thanked her" (so "she" is not Ochoa)."""
        head = ent.root
        for c in head.children:
            if c.dep_ == "appos" and c.lemma_.lower() in _GENDER_NOUNS and cluster.gender is None:
                cluster.gender = _GENDER_NOUNS[c.lemma_.lower()]
        sent = head.sent
        if sum(1 for e in sent.ents if e.label_ == "PERSON") != 1:
            return
        scopes = [c for c in head.children if c.dep_ == "relcl"]
        if head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head
            for c in verb.children:
                if c.dep_ in ("dobj", "dative") and c.lower_ in ("him", "her"):
                    cluster.not_gender.add(_PRONOUN_GENDER[c.lower_])
            scopes.append(verb)
        if cluster.gender is not None:
            return
        for scope in scopes:
            for t in scope.subtree:
                if (
                    t.tag_ == "PRP$"
                    and t.lower_ in ("his", "her")
                    and _PRONOUN_GENDER[t.lower_] not in cluster.not_gender
                ):
                    cluster.gender = _PRONOUN_GENDER[t.lower_]
                    return

    def named(self, text: str, kind: str, pos: int, *, create: bool = True) -> Cluster | None:
        """The cluster for a name (variants merge: "Okafor" joins "Sam Okafor"); a new one when ``create``."""
        if kind in (T.PERSON, T.UNKNOWN):
            name, _titles = split_name(text)
        else:
            name = _org_core(text)
        if not name or not any(c.isalpha() for c in name):
            return None
        words = [fold(w) for w in name.split()]
        key = fold(name)
        found = None
        for c in reversed(self.clusters):
            if c.merged is not None or c.name is None:
                continue
            cwords = [fold(w) for w in c.name.split()]
            if kind in (T.PERSON, T.UNKNOWN) and c.kind == T.PERSON:
                # an untagged surname ("Webb told Reuters") is the person of that surname
                if words[-1] == cwords[-1] and (set(words) <= set(cwords) or set(cwords) <= set(words)):
                    found = c
                    break
            elif kind == c.kind or {kind, c.kind} <= {T.ORGANISATION, T.COUNTRY}:
                ckey = fold(c.name)
                if (
                    key.removeprefix("the ") == ckey.removeprefix("the ")
                    or _acronym(name) == ckey.replace(" ", "")
                    or _acronym(c.name) == key.replace(" ", "")
                    or self.acronyms.get(key) is c
                    or (self.acronyms.get(ckey) is not None and self.acronyms.get(ckey) is self.acronyms.get(key))
                    or (_ACRONYM_TOKEN.fullmatch(name) is not None and acronym_fits(name, c.name))
                    or (_ACRONYM_TOKEN.fullmatch(c.name) is not None and acronym_fits(c.name, name))
                ):
                    found = c
                    break
        if found is None:
            if not create or self.frozen_names:
                return None
            found = Cluster(name=name, kind=kind)
            self.clusters.append(found)
            if kind in (T.PERSON, T.UNKNOWN) and len(words) >= 2:
                self._absorb_surname(found, words[-1])
        elif self.frozen_names:
            pass
        elif len(name.split()) > len(found.name.split()) or (found.name.isupper() and not name.isupper()):
            found.name = name
        found.add_alias(text)
        found.note(pos)
        return found

    def _absorb_surname(self, person: Cluster, surname: str):
        """A lone surname the tagger read as an organisation ("Ferro, a former prosecutor, said") is the
        person of that surname the article names in full."""
        for c in self.clusters:
            if c is person or c.merged is not None or c.kind != T.ORGANISATION or not c.name:
                continue
            if " " not in c.name and fold(c.name) == surname:
                c.merged = person
                for a in c.aliases:
                    person.add_alias(a)
                for p in c.mentions:
                    person.note(p)
                for p in c.spoke:
                    person.note(p, spoke=True)

    # resolution of a speaker mention ----------------------------------------------------------------
    def resolve(self, h, doc_no: int, base: int, sent_starts: list[int], ctx_doc) -> Resolution:
        """Resolve the subject token ``h`` of a cue to a cluster."""
        doc = h.doc
        pos = base + h.idx
        low = h.lower_
        if h.pos_ == "PRON" or h.tag_ == "PRP":
            mention = h.text
            if low in _PRONOUN_GENDER:
                g = _PRONOUN_GENDER[low]
                c, dist = self.antecedent(
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
                c, dist = self.antecedent(h, doc_no, base, sent_starts, org, window=3, subjects_only=True)
                if c is None:
                    c, dist = self.antecedent(h, doc_no, base, sent_starts, org, speakers_only=True)
            elif low in _ORG_PRONOUNS:
                c, dist = self.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind in (T.ORGANISATION, T.COUNTRY))
            else:
                return Resolution(None, mention, 0.3)
            if c is None:
                return Resolution(None, mention, 0.3)
            self.resolved[(doc_no, h.i)] = c
            return Resolution(c, mention, max(0.4, 0.85 - 0.08 * dist))
        np = read_np(h, self.places)
        mention = np.text
        if np.person is not None and SPOKES in np.classes and len(np.person) == 1 and _for_organisation(h):
            # "a spokeswoman for one of the companies, Drivio,": a one-word name after the organisation
            # the spokesperson speaks for names that organisation, not the spokesperson
            org = self.named(np.person.text, T.ORGANISATION, base + np.person.start_char)
            if org is not None:
                org.add_alias(mention)
                self.resolved[(doc_no, h.i)] = org
                return Resolution(org, mention, 0.75)
        # a name in the phrase, or in an appositive ("a campaign spokesman, Tim Murtaugh,")
        if np.person is not None:
            c = self.by_token.get((doc_no, np.person.root.i)) or self.named(
                np.person.text, T.PERSON, base + np.person.start_char
            )
            if c is not None:
                c.add_alias(mention)
                if np.titles or np.affiliation:
                    c.add_role(list(np.titles), np.affiliation)
                elif np.description:
                    c.add_role([np.description])
                self.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, 0.95)
        if np.person is None and np.classes & {SPOKES, TITLE}:
            # "The committee's spokesman, Tavish Rourke, said" with the name read as an organisation
            for a in h.children:
                named = self.by_token.get((doc_no, a.i)) if a.dep_ == "appos" else None
                if named is not None and named.kind == T.PERSON:
                    named.add_alias(mention)
                    self.resolved[(doc_no, h.i)] = named
                    return Resolution(named, mention, 0.85)
        if h.pos_ == "NOUN" and not (np.classes & {SPOKES, TITLE}):
            # "The developer, Keystone Logistics, said": the appositive names who speaks
            for a in h.children:
                named = self.by_token.get((doc_no, a.i)) if a.dep_ == "appos" else None
                if named is not None and named.kind in (T.ORGANISATION, T.COUNTRY, T.UNKNOWN):
                    named.add_alias(mention)
                    self.resolved[(doc_no, h.i)] = named
                    return Resolution(named, mention, 0.85)
        c = self.by_token.get((doc_no, h.i))
        if c is not None and (c.kind != T.PERSON or h.pos_ == "PROPN") and not (np.classes & {SPOKES, TITLE}):
            self.resolved[(doc_no, h.i)] = c
            c.add_alias(mention)
            return Resolution(c, mention, 0.95)
        if low in _PARTY and h.tag_ in ("NNP", "NN") and np.person is None:
            c = self._party_member(h, doc_no, base, sent_starts)
            if c is not None:
                c.add_alias(mention)
                self.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, 0.75)
            return Resolution(self._unnamed(mention, T.PERSON, np, pos), mention, 0.4)
        if (h.pos_ == "PROPN" and not is_title_word(h) and h.ent_type_ not in ("GPE", "ORG")) or h.ent_type_ == "NORP":
            run = list(doc[np_bounds(h)[0] : h.i + 1])
            titled = [k for k, t in enumerate(run) if is_title_word(t) or HONORIFIC in word_classes(t.lower_)]
            if titled:
                run = run[titled[-1] + 1 :]
            name_tokens = [t for t in run if (t.pos_ == "PROPN" or t.ent_type_ == "NORP") and t.dep_ != "poss"]
            text = " ".join(t.text for t in name_tokens) or h.text
            kind = T.ORGANISATION if h.ent_type_ == "NORP" else (T.PERSON if np.titles else T.UNKNOWN)
            c = self.named(text, kind, pos)
            if c is not None:
                c.add_alias(mention)
                c.add_role(np.titles or ([np.description] if np.description else []), np.affiliation)
                self.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, 0.8)
        lemma = h.lemma_.lower()
        documents = lexicon().documents
        if SPOKES in np.classes or lemma in documents or low in documents:
            org = self.by_token.get((doc_no, np.org.root.i)) if np.org is not None else None
            if org is None:
                for t in doc[np_bounds(h)[0] : h.i]:
                    if t.dep_ == "poss" and (doc_no, t.i) in self.by_token:
                        org = self.by_token[(doc_no, t.i)]
            dist = 0
            if org is None and lemma in documents and np.definite:
                org = self._document_source(h, doc_no, sent_starts)
            if org is None and (np.definite or lemma in documents or (SPOKES in np.classes and np.person is None)):
                org, dist = self.antecedent(
                    h, doc_no, base, sent_starts, lambda c: c.kind == T.ORGANISATION, speakers_only=True
                )
                if org is None and lemma in documents:
                    org, dist = self.antecedent(h, doc_no, base, sent_starts, lambda c: True, speakers_only=True)
                if org is None:
                    org, dist = self.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind == T.ORGANISATION)
            if org is not None:
                org.add_alias(mention)
                self.resolved[(doc_no, h.i)] = org
                return Resolution(org, mention, max(0.4, 0.8 - 0.05 * dist))
            return Resolution(
                self._unnamed(mention, T.PERSON if SPOKES in np.classes else T.UNKNOWN, np, pos), mention, 0.4
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
            elif np.definite or h.pos_ == "PROPN" or self.frozen_names:  # headlines drop "the"
                c, dist = self.antecedent(h, doc_no, base, sent_starts, fits, window=12)
                if c is not None:
                    c.add_alias(mention)
                    self.resolved[(doc_no, h.i)] = c
                    return Resolution(c, mention, max(0.45, 0.85 - 0.05 * dist))
            return Resolution(self._unnamed(mention, T.PERSON, np, pos), mention, 0.5)
        possessor = next((c for c in h.children if c.dep_ == "poss" and c.tag_ != "PRP$"), None)
        if ORG_NOUN in np.classes and possessor is not None:
            # "the state's budget office", "Rahimi's office": an office of the possessor, not the possessor
            owner = self.by_token.get((doc_no, possessor.i)) or self.resolved.get((doc_no, possessor.i))
            c = Cluster(name=None, kind=T.ORGANISATION)
            c.add_alias(mention)
            c.affiliation = (
                owner.name
                if owner is not None and owner.name
                else _clean(re.sub(r"['\u2019]s$", "", doc[possessor.left_edge.i : possessor.i + 1].text))
            )
            c.note(pos)
            self.clusters.append(c)
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
            c, dist = self.antecedent(h, doc_no, base, sent_starts, org_fits, window=1, subjects_only=True)
            if c is None:
                c, dist = self.antecedent(
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
                c, dist = self.antecedent(h, doc_no, base, sent_starts, fits, speakers_only=True)
                if c is None:
                    c, dist = self.antecedent(h, doc_no, base, sent_starts, fits)
                if c is not None:
                    break
            if c is not None:
                if c.kind == T.UNKNOWN:
                    c.kind = T.ORGANISATION
                c.add_alias(mention)
                self.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, max(0.4, 0.75 - 0.05 * dist))
        if PLACE_NOUN in np.classes and np.definite:
            c, dist = self.antecedent(h, doc_no, base, sent_starts, lambda c: c.kind == T.COUNTRY)
            if c is not None:
                c.add_alias(mention)
                return Resolution(c, mention, 0.6)
        if h.pos_ == "NOUN" and np.definite and not h.morph.get("Number") == ["Plur"]:
            # "the nominee" after "Kessler Vance, the president's nominee to lead ...": the description's noun
            c, dist = self.antecedent(
                h, doc_no, base, sent_starts, lambda c: c.kind == T.PERSON and lemma in c.desc_words, window=20
            )
            if c is not None:
                c.add_alias(mention)
                self.resolved[(doc_no, h.i)] = c
                return Resolution(c, mention, max(0.45, 0.8 - 0.03 * dist))
        return Resolution(self._unnamed(mention, T.UNKNOWN, np, pos), mention, 0.4)

    def _unnamed(self, mention, kind, np, pos) -> Cluster:
        c = Cluster(name=None, kind=kind)
        c.add_alias(mention)
        words = [w for w in mention.split() if w.lower() not in ("a", "an", "the", "this", "that")]
        c.add_role(np.titles or words, np.affiliation)
        c.note(pos)
        self.clusters.append(c)
        return c

    def antecedent(
        self, h, doc_no, base, sent_starts, fits, *, speakers_only=False, window: int = 6, subjects_only=False
    ):
        """The cluster a pronoun or description at token ``h`` points back to, and its distance in sentences.

        Order of preference: the subject of the same sentence before ``h``, then the subjects of the
        previous sentences (nearest first), then the most recent speaker, then the most recent mention.
        """
        doc = h.doc
        k = bisect_left(sent_starts, h.i + 1) - 1  # sentence holding h
        if not speakers_only:
            for back in range(0, window):
                j = k - back
                if j < 0:
                    break
                s, e = sent_starts[j], (sent_starts[j + 1] if j + 1 < len(sent_starts) else len(doc))
                if back == 0:
                    e = h.i
                for t in doc[s:e]:
                    if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ROOT", "conj", "ccomp") and t.i != h.i:
                        c = self.resolved.get((doc_no, t.i)) or self._named_at(doc_no, t)
                        if c is not None:
                            c = c.root()
                            if fits(c):
                                return c, back
        if subjects_only:
            return None, 0
        pos = base + h.idx
        best, best_pos = None, None
        for c in self.clusters:
            if c.merged is not None:
                continue
            p = c.last_before(pos, spoke=True)
            if p is not None and (best_pos is None or p > best_pos) and fits(c):
                best, best_pos = c, p
        if best is not None:
            return best, self._sent_distance(doc, base, best_pos, k, sent_starts) + 1
        if speakers_only:
            return None, 0
        for c in self.clusters:
            if c.merged is not None or c.name is None:
                continue
            p = c.last_before(pos)
            if p is not None and (best_pos is None or p > best_pos) and fits(c):
                best, best_pos = c, p
        if best is not None:
            return best, self._sent_distance(doc, base, best_pos, k, sent_starts) + 2
        return None, 0

    @staticmethod
    def _sent_distance(doc, base, char_pos, k, sent_starts):
        rel = char_pos - base
        if rel < 0 or not len(doc) or rel >= doc[-1].idx + len(doc[-1]):
            return 3
        tok = doc.char_span(rel, rel + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return 3
        j = bisect_left(sent_starts, tok[0].i + 1) - 1
        return max(0, k - j)

    def _party_member(self, h, doc_no, base, sent_starts):
        """The named politician a party description points back to ("the Minnesota Democrat")."""
        party = _PARTY[h.lower_]
        place = " ".join(t.text for t in h.lefts if t.ent_type_ == "GPE" or t.pos_ == "PROPN").lower()

        def fits(c):
            if c.kind != T.PERSON or c.name is None or c.party != party:
                return False
            return not place or not c.party_place or _place_fits(place, c.party_place)

        c, _dist = self.antecedent(h, doc_no, base, sent_starts, fits, window=12)
        return c

    def _document_source(self, h, doc_no, sent_starts):
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
                found = self.resolved.get((doc_no, c.i)) or self.by_token.get((doc_no, c.i))
                if found is not None and found.root().kind in (T.ORGANISATION, T.COUNTRY, T.PERSON):
                    return found.root()
            return None
        return None

    def _named_at(self, doc_no, t):
        c = self.by_token.get((doc_no, t.i))
        if c is not None:
            return c
        for x in t.subtree:
            c = self.by_token.get((doc_no, x.i))
            if c is not None and c.kind == T.PERSON:
                return c
        return None

    def speaking(self, cluster: Cluster, pos: int):
        cluster.note(pos, spoke=True)
        cluster.note(pos)

    def finish(self):
        """Merge description-only speakers into the named person holding that role later in the article."""
        for c in self.clusters:
            if c.name is not None or c.merged is not None or c.kind != T.PERSON or not c.role_words:
                continue
            for d in self.clusters:
                if d is c or d.name is None or d.merged is not None or d.kind != T.PERSON:
                    continue
                if c.role_words <= d.role_words | {"the", "a"} and (
                    not c.affiliation or not d.affiliation or fold(c.affiliation) == fold(d.affiliation)
                ):
                    c.merged = d
                    for a in c.aliases:
                        d.add_alias(a)
                    for p in c.spoke:
                        d.note(p, spoke=True)
                    break


def _organisation_name(ent) -> bool:
    """Whether a PERSON entity is really an organisation: its last word marks one ("Biologics", "Union"),
    or a ", which" clause follows it."""
    words = ent.text.split()
    if len(words) >= 2 and org_name_word(re.sub(r"['\u2019]s$", "", words[-1])):
        return True
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].lower_ == "which"


def _spokesperson_name(ent) -> bool:
    """Whether an ORG entity is the name of a spokesperson: in apposition to "spokesman" (either way round),
    two or three capitalised words, none of them marking an organisation."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or any(org_name_word(w) for w in words):
        return False
    if ent.text[:4].lower() == "the ":
        return False
    root = ent.root
    if root.dep_ == "appos" and SPOKES in word_classes(root.head.lower_):
        return True
    return any(c.dep_ == "appos" and SPOKES in word_classes(c.lower_) for c in root.children)


def _for_organisation(h) -> bool:
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


# Trade nouns a writer puts before a company's name ("Drugmaker Corvale Therapeutics").
_DESCRIPTORS = {
    "drugmaker",
    "automaker",
    "carmaker",
    "chipmaker",
    "retailer",
    "insurer",
    "lender",
    "startup",
    "conglomerate",
    "broadcaster",
    "publisher",
    "manufacturer",
    "supplier",
    "airline",
    "e-commerce",
    "biotech",
}


def _place_fits(place: str, known: str) -> bool:
    """A state as written ("minnesota") fits the same state and its AP abbreviation ("minn")."""
    place, known = place.replace(".", ""), known.replace(".", "")
    return place == known or place.startswith(known) or known.startswith(place)


@lru_cache(maxsize=4096)
def _org_core(text: str) -> str:
    """An organisation's name without "the", a possessive, lower-case words before it ("the state Department
    of Justice") or a descriptive noun the writer put in front ("Drugmaker Corvale Therapeutics")."""
    name = re.sub(r"^(?i:the)\s+|['\u2019]s$", "", text.strip())
    words = name.split()
    while len(words) > 1 and words[0][:1].islower() and words[0] not in ("de", "la", "van", "von"):
        words.pop(0)
    if (
        len(words) > 1
        and words[0].lower() in _DESCRIPTORS
        and words[1][:1].isupper()
        and words[1].lower() not in _LINK_WORDS
    ):
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=4096)
def _acronym(name: str) -> str:
    words = [
        w for w in re.split(r"[\s\-]+", name) if w and w[0].isupper() and w.lower() not in ("of", "the", "and", "for")
    ]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


_ACRONYM_TOKEN = re.compile(r"[A-Z][A-Za-z]{0,2}[A-Z]{1,6}s?|[A-Z](?:\.[A-Z])+\.?")
_LINK_WORDS = {"of", "the", "and", "for", "on", "in", "to", "&"}


@lru_cache(maxsize=4096)
def acronym_fits(acr: str, name: str) -> bool:
    """Whether ``acr`` abbreviates ``name`` by its word initials: "FDA" for "Food and Drug Administration",
    "DOJ" for "Department of Justice", "CDC" for "Centers for Disease Control and Prevention" (a tail
    after "and" may be left out, as agencies keep an acronym when their name grows)."""
    letters = re.sub(r"[^A-Za-z]", "", acr).lower()
    words = [w for w in re.split(r"[\s\-]+", re.sub(r"^(?i:the)\s+", "", name)) if w]
    if len(letters) < 2 or len(words) < 2:
        return False

    def match(i: int, k: int) -> bool:
        if k == len(letters):
            rest = words[i:]
            return not rest or (rest[0].lower() == "and" and len(rest) <= 3)
        if i == len(words):
            return False
        w = words[i]
        if w.lower() in _LINK_WORDS:
            return (w[0].lower() == letters[k] and match(i + 1, k + 1)) or match(i + 1, k)
        if not w[0].isupper() or w[0].lower() != letters[k]:
            return False
        return match(i + 1, k + 1)

    return match(0, 0)
