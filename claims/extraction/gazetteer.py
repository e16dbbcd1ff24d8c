"""Countries and organisations known by name: ``data/countries.tsv`` and ``data/organisations.tsv``, with
pycountry's ISO and official names, as one table of surface forms ("Ankara", "Turkish", "the Kremlin" all
name Turkey; "WWF" and "World Wildlife Fund" one organisation)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from .lexicon import rows, values
from .text import is_acronym, lookup_key, normal_form
from .types import COUNTRY, ORGANISATION, Kind

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


class _Builder:
    """Collects surface forms; the first claim on a surface wins (names before demonyms)."""

    def __init__(self) -> None:
        self.known: dict[str, Known] = {}
        self.standard: dict[str, list[str]] = {}
        self.org_types: dict[str, str] = {}

    def add(self, surface: str, name: str, kind: Kind, via: str, org_type: str = "") -> None:
        folded = normal_form(surface)
        key = lookup_key(folded)
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
    return KnownNames(known, {k: tuple(v) for k, v in builder.standard.items()}, builder.org_types, starts)
