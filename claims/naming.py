"""People's names, in plain Python: folding and parsing, the evidence that two mentions may be one person.

``name_key`` (from ``claims.extraction.text``) is the one fold of a name for matching; ``unaccent`` is the one
accent fold of text for search (``search.text.fold`` calls it), the way PostgreSQL's unaccent folds.
``parse_name`` splits a printed name into honorifics, titles, given names, surname and suffix, with the gender
its honorific or title tells ("Mrs. Mary Halvorsen", "Gov. Robert Ashby Jr.", "Councilwoman Oyelaran");
``identity_key`` is what two full names must share to be one person: the first given name, the surname and
the suffix, folded ("Robert A. Ashby Jr." -> "robert ashby jr").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from claims.extraction.lexicon import HONORIFIC, TITLE, full_title, lexicon, word_classes, word_map, words
from claims.extraction.text import is_name_like, name_key

__all__ = [
    "PersonName",
    "gender_of",
    "genders_in",
    "identity_key",
    "is_name_like",
    "name_key",
    "parse_name",
    "role_words",
    "unaccent",
]

# Letters that do not decompose into a base letter and a mark, folded as PostgreSQL's unaccent does.
_UNACCENT_EXTRA = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)


def unaccent(text: str | None) -> str | None:
    """Strip accents and keep everything else: ``"Çavuşoğlu"`` -> ``"Cavusoglu"`` (None stays None)."""
    if text is None:
        return None
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNACCENT_EXTRA))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# Generational suffixes: part of a name's identity ("Robert Ashby Jr." is not "Robert Ashby").
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_SUFFIX_FORMS = {"junior": "jr", "senior": "sr", "2nd": "ii", "3rd": "iii", "4th": "iv"}
# Words around a role that say nothing about which office it is.
_ROLE_STOP = frozenset(
    "the a an of and or for in on at to his her its their our my your who which with from by as "
    "former new old late then now also s".split()
)


@dataclass(frozen=True)
class PersonName:
    """A printed name, parsed: folded words, and the gender its honorifics and titles tell ("" if none)."""

    honorifics: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    surname: str = ""
    suffix: str = ""
    gender: str = ""
    display: str = ""  # the name as printed, without honorifics and titles: "Robert Ashby Jr."

    @property
    def is_full(self) -> bool:
        """A given name that is more than an initial, and a surname."""
        return bool(self.surname and self.given and len(self.given[0]) > 1)

    @property
    def key(self) -> str:
        return identity_key(self)


def _speaker_word(word: str) -> tuple[str, str]:
    """The class ("hon", "title" or "") and the folded full form of one printed word."""
    low = word.lower()
    bare = low.rstrip(".")
    for form in (low, bare, bare + "."):
        classes = word_classes(form)
        if HONORIFIC in classes:
            return HONORIFIC, bare
        if TITLE in classes:
            return TITLE, full_title(form).rstrip(".")
    if bare in _NAME_TITLES:
        return TITLE, bare
    return "", bare


_NAME_TITLES = words("name_title")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_OWNER = re.compile(r"[\w.]+['\u2019]s?(?=\s|$)")
# "a former utility engineer", "the ex-governor", "a retired judge": a post held once, not now
_PAST_POST = re.compile(r"\b(?:former|ex|retired|onetime|one-time|erstwhile)\b", re.IGNORECASE)
_GENDER_NOUNS = word_map("gender_noun")
_PRONOUN_GENDERS = word_map("pronoun_gender")


@lru_cache(maxsize=100_000)
def parse_name(text: str) -> PersonName:
    """Parse a printed name: ``"Gov. Robert A. Ashby Jr."`` -> titles (governor,), given (robert, a), surname
    ashby, suffix jr; leading honorifics and titles are taken off, a particle stays with the surname
    ("Ursula von der Leyen" -> surname "von der leyen")."""
    raw = [_POSSESSIVE.sub("", w) for w in re.split(r"\s+", (text or "").replace(",", " ").strip())]
    raw = [w for w in raw if w]
    honorifics: list[str] = []
    titles: list[str] = []
    while len(raw) > 1:
        cls, form = _speaker_word(raw[0])
        if cls == HONORIFIC:
            honorifics.append(form)
        elif cls == TITLE or (raw[0][:1].islower() and cls == ""):
            if cls == TITLE:
                titles.append(form)
        else:
            break
        raw.pop(0)
    suffix = ""
    if len(raw) > 1:
        last = name_key(raw[-1])
        last = _SUFFIX_FORMS.get(last, last)
        if last in SUFFIXES:
            suffix = last
            raw.pop()
    display = " ".join([*raw, *([_suffix_display(text)] if suffix else [])])
    folded = [name_key(w) for w in raw]
    folded = [w for w in folded if w]
    if not folded:
        return PersonName(tuple(honorifics), tuple(titles), display=display)
    particles = words("name_particle")
    start = len(folded) - 1
    while start > 1 and folded[start - 1] in particles:
        start -= 1
    surname = " ".join(folded[start:])
    given = tuple(folded[:start])
    genders = {lexicon().genders.get(h) or lexicon().genders.get(h + ".", "") for h in honorifics}
    genders |= {lexicon().genders.get(t, "") for t in titles}
    genders.discard("")
    gender = genders.pop() if len(genders) == 1 else ""
    return PersonName(tuple(honorifics), tuple(titles), given, surname, suffix, gender, display)


def _suffix_display(text: str) -> str:
    return re.split(r"[\s,]+", text.strip())[-1]


def identity_key(name: PersonName) -> str:
    """What two full names must share to be one person: first given name, surname, suffix (folded)."""
    if not name.surname:
        return ""
    parts = [name.given[0]] if name.given else []
    return " ".join([*parts, name.surname, *([name.suffix] if name.suffix else [])])


def gender_of(word: str) -> str:
    """The gender a single word tells: an honorific, a gendered title or noun, a pronoun ("m", "f" or "")."""
    low = word.lower()
    bare = low.rstrip(".")
    return (
        lexicon().genders.get(low)
        or lexicon().genders.get(bare)
        or lexicon().genders.get(bare + ".")
        or _GENDER_NOUNS.get(bare)
        or _PRONOUN_GENDERS.get(bare)
        or ""
    )


def genders_in(phrases: Iterable[str]) -> set[str]:
    """Every gender that the leading honorifics, titles or role nouns of ``phrases`` tell.

    Only words that describe the person count ("Mrs.", "Councilman", "the first lady", "the president's son");
    a possessive before a noun is about someone else ("his lawyer" says nothing of the lawyer).
    """
    found: set[str] = set()
    for phrase in phrases:
        tokens = re.findall(r"[\w.']+", phrase or "")
        for i, token in enumerate(tokens):
            low = token.lower().rstrip(".")
            if low in _PRONOUN_GENDERS:
                continue
            gender = gender_of(token)
            if not gender:
                continue
            if low in _GENDER_NOUNS and i + 1 < len(tokens) and tokens[i + 1][:1].isupper():
                continue  # "Mother Teresa" is a title; a name after a gender noun is not this person's
            found.add(gender)
    return found


def is_past_post(phrase: str) -> bool:
    """Whether a role description names a post the person no longer holds ("a former utility engineer")."""
    return bool(_PAST_POST.search(phrase or ""))


def role_words(phrases: Iterable[str]) -> set[str]:
    """The words of role descriptions that can tell two people apart: titles in full, other content words.

    ``["Gov. Ashby", "the gravel-voiced host"]`` -> ``{"governor", "host", "gravel", "voiced"}``; names (capitalised
    words that are not titles) are left out.
    """
    out: set[str] = set()
    for phrase in phrases:
        # "the president's son": the possessor's title is not this person's
        phrase = _OWNER.sub(" ", phrase or "")
        for token in re.findall(r"[\w.]+", phrase):
            cls, form = _speaker_word(token)
            if cls == HONORIFIC:
                continue
            if cls == TITLE:
                out.add(form)
            elif token[:1].islower():
                for part in re.findall(r"[a-z]+", name_key(token)):
                    if part not in _ROLE_STOP and len(part) > 2:
                        out.add(part)
    return out
