"""Countries and organisations known by name: ``data/countries.tsv`` and ``data/organisations.tsv``, with
pycountry's ISO and official names, as one table of surface forms ("Ankara", "Turkish", "the Kremlin" all
name Turkey; "WWF" and "World Wildlife Fund" one organisation).

``build_nlp`` adds the table to the pipeline as a spaCy ``SpanRuler`` (``KNOWN_COMPONENT``, first in the
pipeline: it reads only tokens): one phrase pattern per surface form, matched on ``LOWER``, whose ``id`` is the
canonical name and whose label the kind. Its spans in ``doc.spans[KNOWN_SPANS]`` are candidates: ``known_ends``
turns them into the token ranges that ``topics`` checks against the table (case, "the", longer names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pycountry

from .lexicon import rows, values
from .text import deaccent, is_acronym, lookup_key, normal_form
from .types import COUNTRY, ORGANISATION, Kind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

KNOWN_COMPONENT = "newsroom_known"
KNOWN_SPANS = "newsroom_known"  # the doc.spans key of the ruler's matches
# The ruler's settings: every match kept (overlaps too), matched case-free on the tokens' lower-case form.
KNOWN_RULER_CONFIG = {"spans_key": KNOWN_SPANS, "phrase_matcher_attr": "LOWER", "overwrite": True, "validate": False}

# How a mention refers to its entity.
BY_NAME = "name"
BY_ALIAS = "alias"
BY_DEMONYM = "demonym"
BY_CAPITAL = "capital"
BY_PRONOUN = "pronoun"
BY_DESCRIPTION = "description"


@dataclass(frozen=True)
class Known:
    name: str
    kind: Kind
    via: str
    exact_case: bool
    needs_the: bool
    org_type: str = ""


@dataclass(frozen=True)
class KnownNames:
    known: dict[str, Known]
    standard_aliases: dict[str, tuple[str, ...]]
    org_types: dict[str, str]
    # Every start of a known key up to its first space: a token whose key is not here starts no name.
    starts: frozenset[str] = frozenset()
    # Every surface form the tables and pycountry give, as written (first claim on a key wins in ``known``).
    surfaces: tuple[str, ...] = ()


class _Builder:
    """Collects surface forms; the first claim on a surface wins (names before demonyms)."""

    def __init__(self) -> None:
        self.known: dict[str, Known] = {}
        self.standard: dict[str, list[str]] = {}
        self.org_types: dict[str, str] = {}
        self.surfaces: list[str] = []

    def add(self, surface: str, name: str, kind: Kind, via: str, org_type: str = "") -> None:
        folded = normal_form(surface)
        key = lookup_key(folded)
        if key:
            self.surfaces.append(folded)
        if not key or key in self.known:
            return
        self.known[key] = Known(
            name=name,
            kind=kind,
            via=via,
            exact_case=is_acronym(folded),
            needs_the=folded.lower().startswith("the ") and via == BY_ALIAS,
            org_type=org_type,
        )
        if via in (BY_NAME, BY_ALIAS) and folded not in self.standard.setdefault(name, []):
            self.standard[name].append(folded)

    def organisations(self) -> None:
        for name, org_type, aliases in rows("organisations.tsv", columns=3):
            self.org_types[name] = org_type
            self.add(name, name, ORGANISATION, BY_NAME, org_type)
            for alias in values(aliases):
                self.add(alias, name, ORGANISATION, BY_ALIAS, org_type)

    def countries(self) -> set[str]:
        """Add the listed countries' names and aliases, then their demonyms and capitals; return their codes."""
        countries = rows("countries.tsv", columns=5)
        for code, name, _capitals, _demonyms, aliases in countries:
            self.add(name, name, COUNTRY, BY_NAME)
            for alias in values(aliases):
                self.add(alias, name, COUNTRY, BY_ALIAS)
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                for attr in ("common_name", "name", "official_name"):
                    value = getattr(iso, attr, None)
                    if value and "," not in value and "(" not in value:
                        self.add(value, name, COUNTRY, BY_ALIAS)
        for _code, name, capitals, demonyms, _aliases in countries:
            for demonym in values(demonyms):
                self.add(demonym, name, COUNTRY, BY_DEMONYM)
            for capital in values(capitals):
                self.add(capital, name, COUNTRY, BY_CAPITAL)
        return {row[0] for row in countries}

    def territories(self, listed: set[str]) -> None:
        """Territories pycountry knows and the table does not list: their plain ISO names."""
        for iso in pycountry.countries:
            if iso.alpha_2 not in listed:
                value = getattr(iso, "common_name", None) or iso.name
                if "," not in value and "(" not in value:
                    self.add(value, value, COUNTRY, BY_NAME)


@cache
def known_names() -> KnownNames:
    """Every known surface form of a country or listed organisation, keyed by :func:`lookup_key`."""
    builder = _Builder()
    builder.organisations()  # organisations first: "IS" is Islamic State before it could be anything else
    builder.territories(builder.countries())
    known = builder.known
    starts = frozenset(key.split(" ")[0][:n] for key in known for n in range(1, len(key.split(" ")[0]) + 1))
    standard = {k: tuple(v) for k, v in builder.standard.items()}
    return KnownNames(known, standard, builder.org_types, starts, tuple(dict.fromkeys(builder.surfaces)))


def _pattern_texts(surface: str) -> set[str]:
    """The spellings a doc may use for ``surface``: without a leading "the" (a name never starts at "the"),
    without accents, with typographic apostrophes."""
    key_text = surface[4:] if surface.casefold().startswith("the ") else surface
    texts = {key_text, deaccent(key_text)}
    texts |= {t.replace("'", "\u2019") for t in texts if "'" in t}
    return texts


def known_patterns() -> list[dict[str, str]]:
    """The ruler's phrase patterns: one per spelling of each surface form; ``id`` is the canonical name."""
    lexicon = known_names()
    patterns: dict[str, dict[str, str]] = {}
    for surface in lexicon.surfaces:
        known = lexicon.known[lookup_key(surface)]
        for text in sorted(_pattern_texts(surface)):
            patterns.setdefault(text, {"label": known.kind.value, "pattern": text, "id": known.name})
    return list(patterns.values())


def add_known_ruler(nlp: Language) -> None:
    """Add the lexicon's ``SpanRuler`` first in ``nlp`` (it needs tokens only), once."""
    if KNOWN_COMPONENT in nlp.pipe_names:
        return
    ruler = nlp.add_pipe("span_ruler", name=KNOWN_COMPONENT, first=True, config=KNOWN_RULER_CONFIG)
    ruler.add_patterns(known_patterns())  # type: ignore[attr-defined]


def known_spans(doc: Doc) -> list[Span]:
    """The ruler's matches in ``doc``; a doc from a pipeline without the ruler is matched here."""
    if KNOWN_SPANS not in doc.spans:
        from .nlp import build_nlp

        build_nlp().get_pipe(KNOWN_COMPONENT)(doc)
    return list(doc.spans[KNOWN_SPANS])


def known_ends(doc: Doc, longest: int) -> dict[int, list[int]]:
    """Token ranges that may spell a known name: start -> ends, longest first, at most ``longest`` tokens.

    A name followed by space tokens (a double space, a paragraph break) also spells it with them, as the
    table's key ignores surrounding whitespace.
    """
    ends: dict[int, set[int]] = {}
    for span in known_spans(doc):
        j = span.end
        while j - span.start <= longest:
            ends.setdefault(span.start, set()).add(j)
            if j >= len(doc) or not doc[j].is_space:
                break
            j += 1
    return {i: sorted(js, reverse=True) for i, js in ends.items()}
