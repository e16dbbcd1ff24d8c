"""The word lists extraction reads, loaded once per process from the files in ``data/``.

Reporting cues (``cues.txt``), speaker words (``titles.txt``), organisation families (``org_families.txt``),
countries and organisations (``entities_*.txt``, overlaid on pycountry) and the claim features' words
(``claims_lexicon.txt``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from .text import is_acronym, lookup_key, normal_form
from .types import COUNTRY, ORGANISATION

LEXICON_FILE = Path(__file__).parent / "data" / "claims_lexicon.txt"


DATA = Path(__file__).parent / "data"


COUNTRIES_FILE = DATA / "entities_countries.txt"


ORGANISATIONS_FILE = DATA / "entities_organisations.txt"


# How a mention refers to its entity.
BY_NAME = "name"


BY_ALIAS = "alias"


BY_DEMONYM = "demonym"


BY_CAPITAL = "capital"


BY_PRONOUN = "pronoun"


BY_DESCRIPTION = "description"


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


@dataclass(frozen=True)
class Known:
    name: str
    kind: str
    via: str
    exact_case: bool
    needs_the: bool
    org_type: str = ""


def split_column(column: str) -> list[str]:
    return [v.strip() for v in column.split(";") if v.strip()]


def data_lines(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield [c.strip() for c in line.split("|")]


@dataclass(frozen=True)
class KnownNames:
    known: dict[str, Known]
    standard_aliases: dict[str, tuple[str, ...]]
    org_types: dict[str, str]
    # Every start of a known key up to its first space: a token whose key is not here starts no name.
    starts: frozenset[str] = frozenset()


@cache
def known_names() -> KnownNames:
    """Every known surface form of a country or listed organisation, keyed by :func:`lookup_key`."""
    known: dict[str, Known] = {}
    standard: dict[str, list[str]] = {}
    org_types: dict[str, str] = {}

    def add(surface: str, name: str, kind: str, via: str, org_type: str = "") -> None:
        folded = normal_form(surface)
        key = lookup_key(folded)
        if not key or key in known:  # the first claim on a surface wins (names before demonyms)
            return
        known[key] = Known(
            name=name,
            kind=kind,
            via=via,
            exact_case=is_acronym(folded),
            needs_the=folded.lower().startswith("the ") and via == BY_ALIAS,
            org_type=org_type,
        )
        if via in (BY_NAME, BY_ALIAS) and folded not in standard.setdefault(name, []):
            standard[name].append(folded)

    # Organisations first: "IS" is Islamic State before it could be anything else.
    for name, org_type, *rest in data_lines(ORGANISATIONS_FILE):
        org_types[name] = org_type
        add(name, name, ORGANISATION, BY_NAME, org_type)
        for alias in split_column(rest[0] if rest else ""):
            add(alias, name, ORGANISATION, BY_ALIAS, org_type)

    listed = set()
    rows = list(data_lines(COUNTRIES_FILE))
    for code, name, _capitals, _demonyms, *rest in rows:
        listed.add(code)
        add(name, name, COUNTRY, BY_NAME)
        for alias in split_column(rest[0] if rest else ""):
            add(alias, name, COUNTRY, BY_ALIAS)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(iso, attr, None)
                if value and "," not in value and "(" not in value:
                    add(value, name, COUNTRY, BY_ALIAS)
    for _code, name, capitals, demonyms, *_ in rows:
        for demonym in split_column(demonyms):
            add(demonym, name, COUNTRY, BY_DEMONYM)
        for capital in split_column(capitals):
            add(capital, name, COUNTRY, BY_CAPITAL)
    # Territories pycountry knows and the table does not list: their plain ISO names.
    for iso in pycountry.countries:
        if iso.alpha_2 not in listed:
            value = getattr(iso, "common_name", None) or iso.name
            if "," not in value and "(" not in value:
                add(value, value, COUNTRY, BY_NAME)
    starts = frozenset(key.split(" ")[0][:n] for key in known for n in range(1, len(key.split(" ")[0]) + 1))
    return KnownNames(known, {k: tuple(v) for k, v in standard.items()}, org_types, starts)


@dataclass(frozen=True)
class ClaimWords:
    sets: dict[str, frozenset[str]]
    phrases: dict[str, re.Pattern[str]]
    # word -> the sections that list it, so one lookup per token serves every feature
    sections_of: dict[str, frozenset[str]] = field(default_factory=dict)

    def has(self, section: str, word: str) -> bool:
        return word in self.sets.get(section, frozenset())

    def phrase(self, section: str, text: str) -> bool:
        pattern = self.phrases.get(section)
        return bool(pattern and pattern.search(text))


@cache
def claim_words() -> ClaimWords:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line.lower())
    sets = {name: frozenset(words) for name, words in sections.items()}
    phrases = {
        name: re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w'])"
        )
        for name, words in sections.items()
        if name.endswith("_phrases")
    }
    sections_of: dict[str, set[str]] = {}
    for name, words in sets.items():
        for word in words:
            sections_of.setdefault(word, set()).add(name)
    return ClaimWords(sets, phrases, {w: frozenset(names) for w, names in sections_of.items()})
