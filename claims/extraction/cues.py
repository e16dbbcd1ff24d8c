"""The lexicons extraction reads: reporting cues (``data/cues.txt``) and speaker words (``data/titles.txt``).

Both are plain data files, one entry a line, loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")

# Kinds of cue (second column of cues.txt).
VERB = "v"  # reporting verb: direct, mixed and indirect speech
QUOTE_VERB = "vq"  # manner verb that only attributes a direct quote right next to it
NP_VERB = "vnp"  # reporting verb whose content may be a noun phrase ("accusing X of ...")
NOUN = "n"  # noun that introduces speech ("his claim that ...")
DOCUMENT = "doc"  # a document that can "say" things ("The statement said")

# Classes of speaker word (second column of titles.txt).
HONORIFIC = "hon"
TITLE = "title"
SPOKES = "spokes"
ORG_NOUN = "org"
PLACE_NOUN = "place"


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]  # lemmas usable for any speech (v and vnp)
    quote_verbs: frozenset[str]  # lemmas usable next to a direct quote (v, vq, vnp)
    np_verbs: frozenset[str]  # lemmas (or "lemma_particle") whose content may be a noun phrase
    particles: dict[str, frozenset[str]]  # lemma -> particles that make it a cue ("call" -> {"on", "for"})
    nouns: frozenset[str]
    documents: frozenset[str]
    words: dict[str, frozenset[str]]  # speaker word -> classes
    genders: dict[str, str]  # speaker word -> "m" / "f"
    full: dict[str, str]  # abbreviated title -> its full form ("gov." -> "governor")


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line.split()


@cache
def lexicon() -> Lexicon:
    verbs, quote_verbs, np_verbs, nouns, documents = set(), set(), set(), set(), set()
    particles: dict[str, set[str]] = {}
    for word, kind, *_ in _rows("cues.txt"):
        word = word.lower()
        if "_" in word:
            head, particle = word.split("_", 1)
            particles.setdefault(head, set()).add(particle)
            if kind == NP_VERB:
                np_verbs.add(word)
            continue
        if kind in (VERB, NP_VERB):
            verbs.add(word)
            quote_verbs.add(word)
            if kind == NP_VERB:
                np_verbs.add(word)
        elif kind == QUOTE_VERB:
            quote_verbs.add(word)
        elif kind == NOUN:
            nouns.add(word)
        elif kind == DOCUMENT:
            documents.add(word)
            nouns.add(word)
    words: dict[str, set[str]] = {}
    genders: dict[str, str] = {}
    full: dict[str, str] = {}
    for word, cls, *rest in _rows("titles.txt"):
        words.setdefault(word.lower(), set()).add(cls)
        for extra in rest:
            if extra.startswith("="):
                full[word.lower()] = extra[1:].lower()
            else:
                genders[word.lower()] = extra
    return Lexicon(
        verbs=frozenset(verbs),
        quote_verbs=frozenset(quote_verbs),
        np_verbs=frozenset(np_verbs),
        particles={k: frozenset(v) for k, v in particles.items()},
        nouns=frozenset(nouns),
        documents=frozenset(documents),
        words={k: frozenset(v) for k, v in words.items()},
        genders=genders,
        full=full,
    )


def word_classes(word: str) -> frozenset[str]:
    return lexicon().words.get(word.lower(), frozenset())


def is_honorific(word: str) -> bool:
    return HONORIFIC in word_classes(word)


def is_title(word: str) -> bool:
    return TITLE in word_classes(word)


def full_title(word: str) -> str:
    """The full form of an abbreviated title ("Gov." -> "governor"); other words lower-cased as they are."""
    low = word.lower()
    return lexicon().full.get(low, low)


@dataclass(frozen=True)
class OrgFamilies:
    nouns: dict[str, frozenset[str]]  # description noun -> families ("company" -> {"business"})
    names: dict[str, frozenset[str]]  # word in a name -> families ("biologics" -> {"business"})


@cache
def org_families() -> OrgFamilies:
    nouns: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for family, kind, word, *_ in _rows("org_families.txt"):
        (nouns if kind == "noun" else names).setdefault(word.lower(), set()).add(family)
    return OrgFamilies(
        nouns={k: frozenset(v) for k, v in nouns.items()}, names={k: frozenset(v) for k, v in names.items()}
    )


def noun_families(word: str) -> frozenset[str]:
    """The organisation families a description noun refers to ("drugmaker" -> {"business"})."""
    return org_families().nouns.get(word.lower(), frozenset())


def name_families(name: str) -> frozenset[str]:
    """The organisation families a name belongs to by its words ("Halvorsen Biologics" -> {"business"})."""
    names = org_families().names
    out: set[str] = set()
    for w in name.replace(",", " ").split():
        fam = names.get(w.lower()) or names.get(w.lower().rstrip("."))
        if fam:
            out |= fam
    return frozenset(out)


def org_name_word(word: str) -> bool:
    """Whether a word marks an organisation's name ("Inc.", "Biologics", "University", "Coalition")."""
    names = org_families().names
    w = word.lower()
    return w in names or w.rstrip(".") in names
