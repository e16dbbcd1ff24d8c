"""Countries, organisations and people that an article's quotes and claims are about.

``find_entities(doc)`` reads a parsed article body once and returns an :class:`EntityIndex`: every
entity with one canonical name and the surface forms seen, and every mention with its character
offsets, so ``index.about(start, end)`` can say what a stretch of the body is about.

Where the names come from:

- Countries: pycountry (ISO names and official names) overlaid with ``data/entities_countries.txt``,
  which holds the names English news uses (Turkey, not Türkiye), capitals ("Ankara"), demonyms
  ("Turkish"), abbreviations ("US", "U.S.", "USA") and metonyms ("the Kremlin").
- Organisations: ``data/entities_organisations.txt`` (NATO, EU, UN, WHO, ...) with a type noun for
  each ("alliance"), plus the ORG entities spaCy finds, merged when one abbreviates the other
  ("World Wildlife Fund (WWF)", "WWF").
- People: the PERSON entities spaCy finds, merged by last name ("Maria Kovacs", "Kovacs",
  "Minister Kovacs" are one person; "Anna Berg" and "Thomas Berg" stay two).

References without a name are resolved against what came just before:

- "he", "she", "his", "her" -> the most recent person;
- "it", "its" -> the most recent country or organisation that was a sentence subject (not "it is
  natural to ...");
- "they", "their" -> the countries and organisations that were subjects of the nearest sentence;
- "we", "us", "our" -> the countries named in the same or the previous sentence (a minister's "we");
- "the country", "the government" -> the most recent country; "the countries", "both nations"
  -> the countries of the nearest sentence that names two or more; "the alliance", "the bloc",
  "the agency" -> the most recent organisation of that type; "the organisation" -> any.

Worked example::

    >>> index = find_entities(nlp("Kenyan officials met in Nairobi. The country said it would stay."))
    >>> index.about(0, 32), index.about(33, 62)
    (('Kenya',), ('Kenya',))
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .gazetteer import BY_CAPITAL, BY_DESCRIPTION, BY_NAME, BY_PRONOUN, Known, known_ends, known_names
from .lexicon import word_map, words
from .nlp import entity_at
from .text import abbreviates, deaccent, is_acronym, lookup_key, normal_form
from .topic_refs import ANY_ORG_NOUNS, ORG_TYPE_NOUNS, Found, resolve_references
from .types import ORGANISATION, PERSON, Entity, Kind

MAX_NGRAM = 8  # longest name in tokens ("United Kingdom of Great Britain and Northern Ireland")


TITLES = words("name_title")


# The type of an organisation spaCy found, from the last word of its name.
ORG_SUFFIX_TYPES = {**ORG_TYPE_NOUNS, **word_map("organisation_suffix")}


@dataclass(frozen=True)
class Mention:
    """``body[start:end]`` refers to the entity ``name``; ``via`` says how (name, demonym, pronoun...)."""

    start: int
    end: int
    name: str
    kind: Kind
    via: str


class EntityIndex:
    """The entities of one article body and where each is mentioned."""

    def __init__(self, entities: Iterable[Entity], mentions: Iterable[Mention], surfaces: dict[str, str]):
        self.entities: tuple[Entity, ...] = tuple(entities)
        self.mentions: tuple[Mention, ...] = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
        self._starts = [m.start for m in self.mentions]
        # A mention overlapping a span starts at most this far before it: lets lookups skip the rest.
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self._surfaces = surfaces
        self._kinds = {e.name: e.kind for e in self.entities}

    @property
    def surfaces(self) -> dict[str, str]:
        """Lookup key of every surface form seen -> its canonical name."""
        return self._surfaces

    def about(self, start: int, end: int) -> tuple[str, ...]:
        """Canonical names of the entities referred to within ``body[start:end]``, by first mention."""
        names: list[str] = []
        for mention in self.mentions_in(start, end):
            if mention.name not in names:
                names.append(mention.name)
        return tuple(names)

    def mentions_in(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions that overlap ``body[start:end]``, in order."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return tuple(m for m in self.mentions[lo:hi] if m.end > start)

    def kind(self, name: str) -> str | None:
        """The kind (person, organisation, country) of the entity called ``name``."""
        return self._kinds.get(name)

    def canonical(self, surface: str) -> str | None:
        """The canonical name for a surface form ("Ankara" -> "Turkey"), or None when unknown."""
        key = lookup_key(surface)
        if not key:
            return None
        if key in self._surfaces:
            return self._surfaces[key]
        known = known_names().known.get(key)
        if known is not None:
            return known.name
        words = [w for w in key.replace("'s", "").split() if w not in TITLES]
        if words:
            stripped = " ".join(words)
            if stripped in self._surfaces:
                return self._surfaces[stripped]
            last = words[-1]
            people = [e.name for e in self.entities if e.kind == PERSON and lookup_key(e.name).split()[-1] == last]
            if len(people) == 1:
                return people[0]
        return None


def _lexicon_mentions(doc: Doc) -> list[Found]:
    """Countries and listed organisations named in the doc, longest match first."""
    lexicon = known_names()
    lex, starts = lexicon.known, lexicon.starts
    candidates = known_ends(doc, MAX_NGRAM)  # the lexicon ruler's matches: every range that may spell a name
    found: list[Found] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if not (token.text[:1].isalpha() or token.text[:1].isdigit()) or not token.text[:1].isupper():
            i += 1
            continue
        if lookup_key(token.text) not in starts:
            i += 1
            continue
        match = None
        for end in candidates.get(i, ()):
            length = end - i
            span = doc[i:end]
            known = lex.get(lookup_key(span.text))
            if known is None:
                continue
            if known.exact_case and normal_form(span.text).upper() != normal_form(span.text):
                continue
            if not known.exact_case and not span[-1].text[:1].isupper() and not span[-1].is_punct:
                continue
            if known.needs_the and (i == 0 or doc[i - 1].lower_ != "the"):
                continue
            if _blocked(span, known):
                continue
            match = Found(i, i + length, known.name, known.kind, known.via, known.org_type)
            break
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.j
    return found


def _blocked(span: Span, known: Known) -> bool:
    """True when a known name sits inside a longer name: "Chad Smith", "New Jersey", "Washington Post"."""
    ent = entity_at(span.doc, span.start)
    if ent is None:
        return False
    outside = [t for t in ent if (t.i < span.start or t.i >= span.end) and t.text[:1].isupper()]
    if not outside or outside[0].lower_.rstrip(".") in TITLES:  # "Brazilian President Ana Souza"
        return False
    if ent.label_ in ("PERSON", "GPE", "LOC", "NORP", "FAC"):
        return True
    return ent.label_ == "ORG" and known.via == BY_CAPITAL


def _clean_name(span: Span) -> tuple[int, int]:
    """Token range of a name without leading titles, determiners and a trailing possessive."""
    i, j = span.start, span.end
    doc = span.doc
    while i < j and (doc[i].lower_.rstrip(".") in TITLES or doc[i].lower_ in ("the", "a", "an")):
        i += 1
    while j > i and (doc[j - 1].lower_ in ("'s", "\u2019s", "'", "\u2019") or doc[j - 1].is_punct):
        j -= 1
    return i, j


def _name_text(doc: Doc, i: int, j: int) -> str:
    return normal_form(doc[i:j].text) if j > i else ""


def _last_word(name: str) -> str:
    words = deaccent(name).casefold().split()
    return words[-1] if words else ""


def _person_mentions(doc: Doc, taken: set[int]) -> tuple[list[Found], dict[str, set[str]]]:
    """People named in the doc, merged by last name; returns mentions and the surfaces seen per name."""
    spans = _person_spans(doc, taken)
    full, by_last = _full_names(spans)
    found: list[Found] = []
    seen: dict[str, set[str]] = {}
    recent: dict[str, str] = {}  # last name -> the person it meant most recently
    for i, j, text in spans:
        words = text.split()
        last = _last_word(text)
        if len(words) >= 2:
            name = full[(last, deaccent(words[0]).casefold())]
        elif last in recent:
            name = recent[last]
        elif by_last.get(last):
            name = by_last[last][0]
        else:
            name = text
        recent[last] = name
        found.append(Found(i, j, name, PERSON, BY_NAME))
        seen.setdefault(name, set()).add(text)
        title = _title_before(doc, i)
        if title:
            seen[name].add(f"{title} {text}")
    _missed_surnames(doc, taken, found, seen)
    found.sort(key=lambda f: f.i)
    return found, seen


def _person_spans(doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
    """(first token, end token, name) of every PERSON entity not already taken, titles stripped."""
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(t.i in taken for t in ent):
            continue
        i, j = _clean_name(ent)
        text = _name_text(doc, i, j)
        if not text or not text[:1].isupper() or lookup_key(text) in known_names().known:
            continue
        spans.append((i, j, text))
    return spans


def _full_names(
    spans: list[tuple[int, int, str]],
) -> tuple[dict[tuple[str, str], str], dict[str, list[str]]]:
    """The longest full name per (last name, first name), and the full names per last name."""
    full: dict[tuple[str, str], str] = {}
    for _i, _j, text in spans:
        words = text.split()
        if len(words) >= 2:
            key = (_last_word(text), deaccent(words[0]).casefold())
            if key not in full or len(text) > len(full[key]):
                full[key] = text
    by_last: dict[str, list[str]] = {}
    for (last, _first), name in full.items():
        by_last.setdefault(last, []).append(name)
    return full, by_last


def _missed_surnames(doc: Doc, taken: set[int], found: list[Found], seen: dict[str, set[str]]) -> None:
    """Surnames the tagger missed or mislabelled ("Kovacs" as a place, "anti-Kovacs")."""
    surnames: dict[str, str] = {}
    for name in seen:
        surnames.setdefault(_last_word(name), name)
    covered = {k for f in found for k in range(f.i, f.j)} | taken
    for token in doc:
        if token.i in covered or not token.text[:1].isupper():
            continue
        surname = surnames.get(deaccent(token.text).casefold())
        if surname is not None and token.pos_ in ("PROPN", "NOUN", "ADJ", "X"):
            found.append(Found(token.i, token.i + 1, surname, PERSON, BY_NAME))
            seen[surname].add(token.text)


def _title_before(doc: Doc, i: int) -> str:
    if i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_.rstrip(".") in TITLES:
        return doc[i - 1].text
    return ""


def _org_mentions(doc: Doc, taken: set[int]) -> tuple[list[Found], dict[str, set[str]], dict[str, str]]:
    """Organisations spaCy found that the data files do not list, merged with their abbreviations."""
    items: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(t.i in taken for t in ent):
            continue
        i, j = _clean_name(ent)
        text = _name_text(doc, i, j)
        if not text or lookup_key(text) in ORG_TYPE_NOUNS or lookup_key(text) in ANY_ORG_NOUNS:
            continue
        items.append((i, j, text))
    canonical: dict[str, str] = {}
    starts = {i for i, _j, _t in items}
    for i, j, text in items:  # items found here are read in turn
        _bracketed(doc, taken, items, starts, canonical, i, j, text)
    _spelled_acronyms(items, canonical)
    # Later bare uses of a short form the tagger did not mark ("MCS said ...").
    shorts = {normal_form(t) for _i, _j, t in items if is_acronym(t)}
    covered = {k for i, j, _t in items for k in range(i, j)} | taken
    for token in doc:
        if token.text in shorts and token.i not in covered:
            items.append((token.i, token.i + 1, token.text))
    found: list[Found] = []
    seen: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for i, j, text in sorted(set(items)):
        name = canonical.get(lookup_key(text), text)
        name = canonical.get(lookup_key(name), name)
        last = lookup_key(name).split()[-1] if lookup_key(name) else ""
        types.setdefault(name, ORG_SUFFIX_TYPES.get(last, "organisation"))
        found.append(Found(i, j, name, ORGANISATION, BY_NAME, types[name]))
        seen.setdefault(name, set()).add(text)
    return found, seen, types


def _bracketed(
    doc: Doc,
    taken: set[int],
    items: list[tuple[int, int, str]],
    starts: set[int],
    canonical: dict[str, str],
    i: int,
    j: int,
    text: str,
) -> None:
    """ "Long Name (LN)" and "LN (the Long Name)": the bracketed form is the same organisation (``starts``: the
    first tokens of ``items``, kept up to date here)."""
    if j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(j + 8, len(doc))) if doc[k].text == ")"), None)
        if close is not None:
            inner_i, inner_j = _clean_name(doc[j + 1 : close])
            inner = _name_text(doc, inner_i, inner_j)
            if inner and inner != text and inner[:1].isupper() and not any(k in taken for k in range(inner_i, inner_j)):
                canonical.setdefault(lookup_key(inner), text if len(text) >= len(inner) else inner)
                if inner_i not in starts:
                    items.append((inner_i, inner_j, inner))
                    starts.add(inner_i)
    if i >= 2 and doc[i - 1].text == "(" or (i >= 3 and doc[i - 1].lower_ == "the" and doc[i - 2].text == "("):
        k = i - 1 if doc[i - 1].text == "(" else i - 2
        before = doc[k - 1] if k >= 1 else None
        if before is not None and before.text[:1].isupper() and before.i not in taken:
            short = before.text
            items.append((before.i, before.i + 1, short))
            starts.add(before.i)
            canonical.setdefault(lookup_key(short), text if len(text) >= len(short) else short)


def _spelled_acronyms(items: list[tuple[int, int, str]], canonical: dict[str, str]) -> None:
    """An acronym whose letters start the words of a longer name found in the article is that name."""
    longs = [t for _i, _j, t in items if len(t.split()) >= 2]
    unspelled: set[str] = set()  # acronyms no longer name spells out: not looked for again
    for _i, _j, text in items:
        if text not in unspelled and is_acronym(text) and lookup_key(text) not in canonical:
            for long in longs:
                if abbreviates(text, long):
                    canonical[lookup_key(text)] = long
                    break
            else:
                unspelled.add(text)


def find_entities(doc: Doc) -> EntityIndex:
    """Return the countries, organisations and people of a parsed article body, with their mentions."""
    lex = known_names()
    known_found = _lexicon_mentions(doc)
    taken = {k for f in known_found for k in range(f.i, f.j)}
    people, person_surfaces = _person_mentions(doc, taken)
    taken |= {k for f in people for k in range(f.i, f.j)}
    orgs, org_surfaces, org_types = _org_mentions(doc, taken)
    explicit = sorted(known_found + people + orgs, key=lambda f: (f.i, -f.j))
    resolved = resolve_references(doc, explicit)

    surfaces_seen: dict[str, list[str]] = {}
    kinds: dict[str, Kind] = {}
    first: dict[str, int] = {}
    for f in sorted(explicit + resolved, key=lambda f: f.i):
        kinds.setdefault(f.name, f.kind)
        first.setdefault(f.name, f.i)
        if f.via == BY_PRONOUN or (f.via == BY_DESCRIPTION and f.kind != ORGANISATION):
            continue
        text = normal_form(doc[f.i : f.j].text)
        if f.via == BY_DESCRIPTION:
            text = text.lower()
        bucket = surfaces_seen.setdefault(f.name, [])
        if text not in bucket:
            bucket.append(text)
    for name, texts in {**person_surfaces, **org_surfaces}.items():
        bucket = surfaces_seen.setdefault(name, [])
        bucket.extend(t for t in sorted(texts) if t not in bucket)

    entities = []
    surface_map: dict[str, str] = {}
    for name in sorted(first, key=first.__getitem__):
        aliases: list[str] = []
        for alias in [*surfaces_seen.get(name, []), *lex.standard_aliases.get(name, ())]:
            if alias != name and alias.casefold() not in {a.casefold() for a in aliases}:
                aliases.append(alias)
        entities.append(Entity(name=name, kind=kinds[name], aliases=tuple(aliases)))
        for alias in (name, *aliases):
            surface_map.setdefault(lookup_key(alias), name)
    mentions = [
        Mention(doc[f.i].idx, doc[f.j - 1].idx + len(doc[f.j - 1].text), f.name, f.kind, f.via)
        for f in explicit + resolved
    ]
    return EntityIndex(entities, mentions, surface_map)
