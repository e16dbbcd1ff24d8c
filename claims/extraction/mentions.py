"""What a noun phrase says about a speaker: its name, titles, role, affiliation and description.

``read_np`` reads the phrase headed by a cue's subject ("Foreign Minister Sam Okafor of Valmora");
``split_name`` strips honorifics and titles; ``demonym_country`` turns "Valmoran" into the country;
``org_core`` strips what a writer puts around an organisation's name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from spacy.tokens import Span, Token

from .gazetteer import known_names
from .lexicon import HONORIFIC, SPOKES, TITLE, full_title, word_classes, word_map, words
from .nlp import dateline_tokens, entity_at, span_ents
from .text import LINK_WORDS, lookup_key
from .types import Kind

# Party descriptions that refer back to a named politician: "a Minnesota Democrat", "the Ohio Republican".
PARTY = word_map("party")
# AP-style party codes after a legislator's name: "(D-Minn.)".
PARTY_CODES = word_map("party_code")


_NATION_DEMONYMS = word_map("nation_demonym")


def demonym_country(word: str, places: list[str]) -> str:
    """The country a demonym points to; "" when unknown.

    The gazetteer's country table first, so a speaker's affiliation names a country as the topics do
    ("British" -> "United Kingdom"); then the nations it does not list ("Welsh" -> "Wales"); then a place the
    article names that the word starts like ("Valmoran" -> "Valmora"), then any country by its ISO name.
    """
    known = known_names().known.get(lookup_key(word))
    if known is not None and known.kind == Kind.COUNTRY:
        return known.name
    w = word.lower()
    if w in _NATION_DEMONYMS:
        return _NATION_DEMONYMS[w]
    best, best_len = "", 0
    for name in places:
        k = _shared_start(name, w)
        if k >= 4 and k >= len(w) - 4 and (k > best_len or (k == best_len and best.isupper())):
            best, best_len = name, k
    if best:
        return best
    for country in pycountry.countries:
        spellings: tuple[str | None, str] = (getattr(country, "common_name", None), country.name)
        for spelling in spellings:
            if spelling and " " not in spelling:
                k = _shared_start(spelling, w)
                if k >= 4 and k >= len(w) - 4 and k > best_len:
                    best, best_len = spelling, k
    return best


def _shared_start(name: str, word: str) -> int:
    """How many first letters ``name`` (any case) shares with the lower-case ``word``."""
    n = name.lower()
    k = 0
    while k < min(len(n), len(word)) and n[k] == word[k]:
        k += 1
    return k


def title_case(words: list[str]) -> str:
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
    head: Token
    person: Span | None = None  # PERSON entity span in the phrase
    org: Span | None = None  # ORG/GPE/NORP entity span in the phrase (not the head's own name)
    titles: list[str] = field(default_factory=list)  # title words before the name ("Foreign", "Minister")
    affiliation: str = ""
    description: str = ""  # an appositive or role description ("director of a policy centre ...")
    classes: frozenset[str] = frozenset()
    definite: bool = False


def np_bounds(h: Token) -> tuple[int, int]:
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
    datelines = dateline_tokens(doc)
    while first < h.i and (doc[first].is_punct or doc[first].is_space or first in datelines):
        first += 1
    return first, last


def past_dateline(h: Token) -> Token:
    """A subject read in a dateline ("SPRINGFIELD, Ill. - Gov. Pat Rourke said") is the phrase after the dash."""
    datelines = dateline_tokens(h.doc)
    if h.i not in datelines:
        return h
    k = h.i
    while k in datelines:
        k += 1
    if k >= len(h.doc):
        return h
    t = h.doc[k]
    while t.head.i != t.i and t.head.i > t.i and t.head.pos_ not in ("VERB", "AUX") and t.head.i not in datelines:
        t = t.head
    return t


def read_np(h: Token, places: list[str]) -> NP:
    """Return what the noun phrase headed by ``h`` says about who it is."""
    doc = h.doc
    first, last = np_bounds(h)
    span = doc[first : last + 1]
    np = NP(text=span.text, head=h, classes=word_classes(h.lower_) | word_classes(h.lemma_))
    np.definite = doc[first].lower_ in ("the", "this", "that") or doc[first].tag_ == "PRP$"
    for ent in span_ents(span):
        if ent.label_ == "PERSON" and (ent.start <= h.i < ent.end or (np.person is None and ent.end > h.i)):
            np.person = ent
        elif ent.label_ in ("ORG", "GPE", "NORP") and np.org is None:
            np.org = ent
    _words_before_name(np, first, places)
    while np.titles and not is_title_text(np.titles[-1]):  # "Fire Chief [Owen] Tate": a role ends in a title
        np.titles.pop()
    if np.person is not None:  # "President Okafor" tagged whole as PERSON
        np.titles.extend(split_name(np.person.text)[1])
    if not np.affiliation and np.org is not None and np.person is not None and np.org.start > np.person.end:
        np.affiliation = affiliation_of(np.org, places)
    _dependents(np, places)
    return np


def _words_before_name(np: NP, first: int, places: list[str]) -> None:
    """Title words and an affiliation before the name (or the head noun)."""
    h = np.head
    doc = h.doc
    stop = np.person.start if np.person is not None else h.i + (0 if h.pos_ == "PROPN" and not is_title_word(h) else 1)
    k = first
    while k < stop:
        t = doc[k]
        if t.dep_ == "poss" or (k + 1 < stop and doc[k + 1].tag_ == "POS"):
            ent = entity_at(doc, k)
            if ent is not None and not np.affiliation:
                np.affiliation = affiliation_of(ent, places)
                k = max(k, ent.end - 1)
        elif is_title_word(t) or (t.pos_ == "PROPN" and t.ent_type_ in ("", "WORK_OF_ART") and t.dep_ == "compound"):
            np.titles.append(t.text)
        elif t.ent_type_ in ("GPE", "ORG", "NORP") and not np.affiliation:
            ent = entity_at(doc, k)
            if ent is not None:
                np.affiliation = affiliation_of(ent, places)
                k = max(k, ent.end - 1)
        k += 1


def _dependents(np: NP, places: list[str]) -> None:
    """A name or description in apposition, and an "of" affiliation ("the mayor of Tallin")."""
    h = np.head
    doc = h.doc
    for c in h.children:
        if c.dep_ == "appos":
            if c.ent_type_ == "PERSON" and np.person is None:
                np.person = entity_at(doc, c.i)
            elif c.ent_type_ not in ("PERSON",) and not c.like_num and c.ent_type_ not in ("DATE", "CARDINAL", "GPE"):
                np.description = description_of(doc[c.left_edge.i : c.right_edge.i + 1].text)
        if c.dep_ == "prep" and c.lower_ == "of" and not np.affiliation:
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "ORG"):
                    ent = entity_at(doc, g.i)
                    if ent is not None:
                        np.affiliation = affiliation_of(ent, places)


def clean(s: str) -> str:
    return s.strip(" ,;:-\u2013\u2014\n")


_RELATIVE_TAIL = re.compile(r",?\s+(?:who|which|whose|where)\b.*$", re.S)


def description_of(s: str) -> str:
    """An appositive as a role, without its relative clause: "an organizer with the union, which represents
    nurses" -> "an organizer with the union"."""
    return clean(_RELATIVE_TAIL.sub("", s)) or clean(s)


def affiliation_of(ent: Span, places: list[str]) -> str:
    text = re.sub(r"['\u2019]s$", "", ent.text).strip()
    if ent.label_ == "NORP":
        return demonym_country(text, places) or text
    return re.sub(r"^(?i:the)\s+", "", text)


def is_title_word(t: Token) -> bool:
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


def is_title_text(w: str) -> bool:
    return TITLE in word_classes(w) or SPOKES in word_classes(w) or w.lower() in _DESCRIPTORS


# Trade nouns a writer puts before a company's name ("Drugmaker Corvale Therapeutics"); one that a person can
# ply ("broadcaster") is that person's trade before a person's name.
_DESCRIPTORS = TRADE_NOUNS = words("trade_noun")


def place_fits(place: str, known: str) -> bool:
    """A state as written ("minnesota") fits the same state and its AP abbreviation ("minn")."""
    place, known = place.replace(".", ""), known.replace(".", "")
    return place == known or place.startswith(known) or known.startswith(place)


@lru_cache(maxsize=4096)
def org_core(text: str) -> str:
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
        and words[1].lower() not in LINK_WORDS
    ):
        words.pop(0)
    return " ".join(words)
