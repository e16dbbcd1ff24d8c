"""Frozen results of extraction: plain data with character offsets, no spaCy objects, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of speaker and entity.
PERSON = "person"
ORGANISATION = "organisation"
COUNTRY = "country"
UNKNOWN = "unknown"
OUTLET = "outlet"

# Kinds of quote.
DIRECT = "direct"
MIXED = "mixed"
INDIRECT = "indirect"

# Where an item was found: the article body or one of its photo captions.
BODY = "body"
CAPTION = "caption"
HEADLINE = "headline"  # Fragment.field for a quote in the headline


@dataclass(frozen=True)
class Fragment:
    """A stretch ``text[start:end]`` of one field of the article (the body, or caption ``index``)."""

    start: int
    end: int
    field: str = BODY
    index: int = 0


@dataclass(frozen=True)
class Speaker:
    """Who said something, as resolved within one article.

    ``name`` is the fullest name the article gives ("Dana Whitfield"), or None when the speaker
    could not be resolved to a name; ``aliases`` are every surface form the article used for them.
    """

    name: str | None
    kind: str = UNKNOWN
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
    kind: str
    fragments: tuple[Fragment, ...]
    speaker: Speaker | None
    mention: str = ""
    cue: str = ""
    confidence: float = 0.5
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement; ``by`` is None when the outlet itself asserts it."""

    text: str
    fragments: tuple[Fragment, ...]
    by: Speaker | None
    checkworthiness: float
    quote_index: int | None = None  # index into Extraction.quotes when the claim sits in a quote
    about: tuple[str, ...] = ()
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """Something quotes and claims are about, with the surface forms the article used for it."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    claims: tuple[Claim, ...] = ()
    entities: tuple[Entity, ...] = ()
    version: str = field(default="")


EXTRACTOR_VERSION = "2026.11.2"
