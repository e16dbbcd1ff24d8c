"""The word lists extraction reads: one format, one loader, every list in ``data/``.

Every file in ``data/`` is tab-separated text with a header comment saying what its columns are; lines
starting with "#" and blank lines are skipped; several values in one column are separated by ";".
``rows(name)`` reads a file once per process. On top of it: reporting cues (``cues.tsv``), speaker words
(``titles.tsv``), organisation families (``org_families.tsv``), the claim features' words
(``claim_words.tsv`` for the hand weights, ``claim_model_words.tsv`` for the learned model) and every
other word list (``words.tsv``: list name, word, value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")

# Kinds of cue (second column of cues.tsv).
VERB = "v"  # reporting verb: direct, mixed and indirect speech
QUOTE_VERB = "vq"  # manner verb that only attributes a direct quote right next to it
NP_VERB = "vnp"  # reporting verb whose content may be a noun phrase ("accusing X of ...")
NOUN = "n"  # noun that introduces speech ("his claim that ...")
DOCUMENT = "doc"  # a document that can "say" things ("The statement said")

# Classes of speaker word (second column of titles.tsv).
HONORIFIC = "hon"
TITLE = "title"
SPOKES = "spokes"
ORG_NOUN = "org"
PLACE_NOUN = "place"


@cache
def rows(name: str, *, columns: int = 0) -> tuple[tuple[str, ...], ...]:
    """Return the rows of ``data/<name>``: tab-separated cells, stripped, padded with "" to ``columns``."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        out.append(tuple(cells + [""] * (columns - len(cells))))
    return tuple(out)


def values(cell: str) -> list[str]:
    """Return the ";"-separated values of one cell."""
    return [v.strip() for v in cell.split(";") if v.strip()]


@cache
def _word_lists() -> dict[str, list[tuple[str, ...]]]:
    lists: dict[str, list[tuple[str, ...]]] = {}
    for name, word, *rest in rows("words.tsv"):
        lists.setdefault(name, []).append((word, *rest))
    return lists


def words(name: str) -> frozenset[str]:
    """Return the words of list ``name`` in ``words.tsv``."""
    return frozenset(entry[0] for entry in _word_lists()[name])


def ordered_words(name: str) -> tuple[str, ...]:
    """Return the words of list ``name`` in file order."""
    return tuple(entry[0] for entry in _word_lists()[name])


def entries(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of list ``name``: (word, value, ...), in file order."""
    return tuple(_word_lists()[name])


def word_map(name: str) -> dict[str, str]:
    """Return list ``name`` as word -> value (the third column), in file order."""
    return {entry[0]: entry[1] for entry in _word_lists()[name]}


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


@cache
def lexicon() -> Lexicon:
    verbs, quote_verbs, np_verbs, nouns, documents = set(), set(), set(), set(), set()
    particles: dict[str, set[str]] = {}
    for word, kind in rows("cues.tsv", columns=2):
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
    for word, cls, gender, full_form in rows("titles.tsv", columns=4):
        words.setdefault(word.lower(), set()).add(cls)
        if full_form:
            full[word.lower()] = full_form.lower()
        if gender:
            genders[word.lower()] = gender
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
    for family, kind, word in rows("org_families.tsv", columns=3):
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
class ClaimWords:
    sets: dict[str, frozenset[str]]
    phrases: dict[str, re.Pattern[str]]
    # word -> the sections that list it, so one lookup per token serves every feature
    sections_of: dict[str, frozenset[str]] = field(default_factory=dict)

    def sections(self, word: str) -> frozenset[str]:
        return self.sections_of.get(word, frozenset())

    def has(self, section: str, word: str) -> bool:
        return word in self.sets.get(section, frozenset())

    def phrase(self, section: str, text: str) -> bool:
        pattern = self.phrases.get(section)
        return bool(pattern and pattern.search(text))


@cache
def claim_words() -> ClaimWords:
    return read_claim_words("claim_words.tsv", phrases_listed=True)


@cache
def claim_model_words() -> ClaimWords:
    """The learned model's word lists: a token's lemma is looked up in the lemma lists only."""
    return read_claim_words("claim_model_words.tsv", phrases_listed=False)


def read_claim_words(file: str, *, phrases_listed: bool) -> ClaimWords:
    """Lists of a (list, entry) file; ``phrases_listed``: ``sections_of`` also lists the _phrases lists' words."""
    sections: dict[str, list[str]] = {}
    for section, entry in rows(file, columns=2):
        sections.setdefault(section, []).append(entry.lower())
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
        if name.endswith("_phrases") and not phrases_listed:
            continue
        for word in words:
            sections_of.setdefault(word, set()).add(name)
    return ClaimWords(sets, phrases, {w: frozenset(names) for w, names in sections_of.items()})
