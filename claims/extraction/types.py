"""Frozen results of extraction: plain data with character offsets, no spaCy objects, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a speaker or entity is; ``OUTLET`` is the publication itself, when it asserts a claim."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    UNKNOWN = "unknown"
    OUTLET = "outlet"


class QuoteKind(StrEnum):
    """Direct (the words in marks), mixed (quoted words inside reported speech) or indirect (no marks)."""

    DIRECT = "direct"
    MIXED = "mixed"
    INDIRECT = "indirect"


class Field(StrEnum):
    """Where an item was found: the article body, one of its photo captions, or its headline."""

    BODY = "body"
    CAPTION = "caption"
    HEADLINE = "headline"


# The same values by their old names, for the rest of the project.
PERSON, ORGANISATION, COUNTRY, UNKNOWN, OUTLET = Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.UNKNOWN, Kind.OUTLET
DIRECT, MIXED, INDIRECT = QuoteKind.DIRECT, QuoteKind.MIXED, QuoteKind.INDIRECT
BODY, CAPTION, HEADLINE = Field.BODY, Field.CAPTION, Field.HEADLINE

EXTRACTOR_VERSION = "2026.11.5"


@dataclass(frozen=True)
class Fragment:
    """A stretch ``text[start:end]`` of one field of the article (the body, or caption ``index``)."""

    start: int
    end: int
    field: Field = Field.BODY
    index: int = 0


@dataclass(frozen=True)
class Speaker:
    """Who said something, as resolved within one article.

    ``name`` is the fullest name the article gives ("Dana Whitfield"), or None when the speaker
    could not be resolved to a name; ``aliases`` are every surface form the article used for them.
    """

    name: str | None
    kind: Kind = Kind.UNKNOWN
    role: str = ""
    affiliation: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A quote or a piece of reported speech.

    ``text`` is the quoted words without the outer quotation marks (several fragments joined by a
    space); ``mention`` is the article's own words for the speaker at this quote ("The Minister").
    """

    text: str
    kind: QuoteKind
    fragments: tuple[Fragment, ...]
    speaker: Speaker | None
    mention: str = ""
    cue: str = ""
    confidence: float = 0.5
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A candidate check-worthy statement; ``by`` is None when the outlet itself asserts it.

    ``checkworthiness`` is the learned model's probability; ``kind`` the claim type (quantity,
    prediction, causal, rule, experience, other); ``mention`` the article's words for a claimant it
    does not name ("the scientists").
    """

    text: str
    fragments: tuple[Fragment, ...]
    by: Speaker | None
    checkworthiness: float
    quote_index: int | None = None  # index into Extraction.quotes when the claim sits in a quote
    about: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    kind: str = "other"
    mention: str = ""


@dataclass(frozen=True)
class Entity:
    """Something quotes and claims are about, with the surface forms the article used for it."""

    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    claims: tuple[Claim, ...] = ()
    entities: tuple[Entity, ...] = ()
    version: str = field(default="")
