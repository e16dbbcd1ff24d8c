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
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from spacy.tokens import Doc, Span, Token

from .types import COUNTRY, ORGANISATION, PERSON, Entity

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

MAX_NGRAM = 8  # longest name in tokens ("United Kingdom of Great Britain and Northern Ireland")
PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
DESCRIPTION_WINDOW = 5  # sentences back that "the country" may reach

TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister secretary
    general chancellor senator sen rep representative governor gov mayor judge justice king queen
    prince princess sheikh chief director chairman chairwoman chair spokesman spokeswoman
    spokesperson commissioner ambassador foreign defence defense interior health finance state
    deputy former late pope archbishop bishop rev reverend father sister colonel col gen major
    captain capt lieutenant sergeant officer inspector detective ceo founder""".split()
)
NAME_PARTICLES = frozenset("de da di del van von der den la le al el bin ibn".split())

PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
IT_PRONOUNS = frozenset("it its itself".split())
THEY_PRONOUNS = frozenset("they them their theirs themselves".split())
WE_PRONOUNS = frozenset("we us our ours ourselves".split())

COUNTRY_NOUNS = frozenset("country nation government regime kingdom republic".split())
PLURAL_COUNTRY_NOUNS = frozenset("countries nations governments".split())
ANY_ORG_NOUNS = frozenset("organisation organization group body".split())
ORG_TYPE_NOUNS = {
    "alliance": "alliance",
    "bloc": "bloc",
    "union": "bloc",
    "agency": "agency",
    "ministry": "ministry",
    "department": "ministry",
    "company": "company",
    "firm": "company",
    "party": "party",
    "court": "court",
    "bank": "bank",
    "fund": "fund",
    "charity": "charity",
    "council": "council",
    "commission": "commission",
    "university": "university",
    "institute": "institute",
    "hospital": "hospital",
    "trust": "trust",
    "service": "service",
    "panel": "panel",
    "cartel": "cartel",
}
# The type of an organisation spaCy found, from the last word of its name.
ORG_SUFFIX_TYPES = {
    **ORG_TYPE_NOUNS,
    "inc": "company",
    "ltd": "company",
    "plc": "company",
    "corp": "company",
    "corporation": "company",
    "organisation": "organisation",
    "organization": "organisation",
    "foundation": "charity",
    "office": "ministry",
    "association": "organisation",
    "society": "organisation",
    "school": "university",
    "college": "university",
}
SUBJECT_CHAIN = frozenset("compound poss amod appos flat det conj cc pobj prep nmod nummod case".split())
ACRONYM_SKIP = frozenset("of and the for on in & de".split())
# Expletive "it": "it is natural to ...", "it seems that ...".
EXPLETIVE_NEXT = frozenset("seems seemed appears appeared emerged remains".split())


@dataclass(frozen=True)
class Mention:
    """``body[start:end]`` refers to the entity ``name``; ``via`` says how (name, demonym, pronoun...)."""

    start: int
    end: int
    name: str
    kind: str
    via: str


@dataclass(frozen=True)
class _Known:
    name: str
    kind: str
    via: str
    exact_case: bool
    needs_the: bool
    org_type: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def _deaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def _key(text: str) -> str:
    """The lookup key of a surface form: folded, case-free, accent-free, without a leading "the"."""
    key = _deaccent(_fold(text)).casefold()
    return key[4:] if key.startswith("the ") else key


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _split(column: str) -> list[str]:
    return [v.strip() for v in column.split(";") if v.strip()]


def _data_lines(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield [c.strip() for c in line.split("|")]


@dataclass(frozen=True)
class _Lexicon:
    known: dict[str, _Known]
    standard_aliases: dict[str, tuple[str, ...]]
    org_types: dict[str, str]
    # Every start of a known key up to its first space: a token whose key is not here starts no name.
    starts: frozenset[str] = frozenset()


@cache
def _lexicon() -> _Lexicon:
    """Every known surface form of a country or listed organisation, keyed by :func:`_key`."""
    known: dict[str, _Known] = {}
    standard: dict[str, list[str]] = {}
    org_types: dict[str, str] = {}

    def add(surface: str, name: str, kind: str, via: str, org_type: str = "") -> None:
        folded = _fold(surface)
        key = _key(folded)
        if not key or key in known:  # the first claim on a surface wins (names before demonyms)
            return
        known[key] = _Known(
            name=name,
            kind=kind,
            via=via,
            exact_case=_is_acronym(folded),
            needs_the=folded.lower().startswith("the ") and via == BY_ALIAS,
            org_type=org_type,
        )
        if via in (BY_NAME, BY_ALIAS) and folded not in standard.setdefault(name, []):
            standard[name].append(folded)

    # Organisations first: "IS" is Islamic State before it could be anything else.
    for name, org_type, *rest in _data_lines(ORGANISATIONS_FILE):
        org_types[name] = org_type
        add(name, name, ORGANISATION, BY_NAME, org_type)
        for alias in _split(rest[0] if rest else ""):
            add(alias, name, ORGANISATION, BY_ALIAS, org_type)

    listed = set()
    rows = list(_data_lines(COUNTRIES_FILE))
    for code, name, _capitals, _demonyms, *rest in rows:
        listed.add(code)
        add(name, name, COUNTRY, BY_NAME)
        for alias in _split(rest[0] if rest else ""):
            add(alias, name, COUNTRY, BY_ALIAS)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(iso, attr, None)
                if value and "," not in value and "(" not in value:
                    add(value, name, COUNTRY, BY_ALIAS)
    for _code, name, capitals, demonyms, *_ in rows:
        for demonym in _split(demonyms):
            add(demonym, name, COUNTRY, BY_DEMONYM)
        for capital in _split(capitals):
            add(capital, name, COUNTRY, BY_CAPITAL)
    # Territories pycountry knows and the table does not list: their plain ISO names.
    for iso in pycountry.countries:
        if iso.alpha_2 not in listed:
            value = getattr(iso, "common_name", None) or iso.name
            if "," not in value and "(" not in value:
                add(value, value, COUNTRY, BY_NAME)
    starts = frozenset(key.split(" ")[0][:n] for key in known for n in range(1, len(key.split(" ")[0]) + 1))
    return _Lexicon(known, {k: tuple(v) for k, v in standard.items()}, org_types, starts)


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
        key = _key(surface)
        if not key:
            return None
        if key in self._surfaces:
            return self._surfaces[key]
        known = _lexicon().known.get(key)
        if known is not None:
            return known.name
        words = [w for w in key.replace("'s", "").split() if w not in TITLES]
        if words:
            stripped = " ".join(words)
            if stripped in self._surfaces:
                return self._surfaces[stripped]
            last = words[-1]
            people = [e.name for e in self.entities if e.kind == PERSON and _key(e.name).split()[-1] == last]
            if len(people) == 1:
                return people[0]
        return None


# --- finding mentions -------------------------------------------------------------------------


@dataclass
class _Found:
    """A mention while the article is being read: token range plus what it names."""

    i: int  # first token
    j: int  # one past the last token
    name: str
    kind: str
    via: str
    org_type: str = ""


def _lexicon_mentions(doc: Doc) -> list[_Found]:
    """Countries and listed organisations named in the doc, longest match first."""
    lexicon = _lexicon()
    lex, starts = lexicon.known, lexicon.starts
    ent_of: dict[int, Span] = {}
    for ent in doc.ents:
        for t in ent:
            ent_of[t.i] = ent
    found: list[_Found] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if not (token.text[:1].isalpha() or token.text[:1].isdigit()) or not token.text[:1].isupper():
            i += 1
            continue
        if _key(token.text) not in starts:
            i += 1
            continue
        match = None
        for length in range(min(MAX_NGRAM, n - i), 0, -1):
            span = doc[i : i + length]
            known = lex.get(_key(span.text))
            if known is None:
                continue
            if known.exact_case and _fold(span.text).upper() != _fold(span.text):
                continue
            if not known.exact_case and not span[-1].text[:1].isupper() and not span[-1].is_punct:
                continue
            if known.needs_the and (i == 0 or doc[i - 1].lower_ != "the"):
                continue
            if _blocked(span, known, ent_of):
                continue
            match = _Found(i, i + length, known.name, known.kind, known.via, known.org_type)
            break
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.j
    return found


def _blocked(span: Span, known: _Known, ent_of: dict[int, Span]) -> bool:
    """True when a known name sits inside a longer name: "Chad Smith", "New Jersey", "Washington Post"."""
    ent = ent_of.get(span.start)
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
    return _fold(doc[i:j].text) if j > i else ""


def _last_word(name: str) -> str:
    words = _deaccent(name).casefold().split()
    return words[-1] if words else ""


def _person_mentions(doc: Doc, taken: set[int]) -> tuple[list[_Found], dict[str, set[str]]]:
    """People named in the doc, merged by last name; returns mentions and the surfaces seen per name."""
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(t.i in taken for t in ent):
            continue
        i, j = _clean_name(ent)
        text = _name_text(doc, i, j)
        if not text or not text[:1].isupper() or _key(text) in _lexicon().known:
            continue
        spans.append((i, j, text))
    # Full names first, so a bare surname can join the right person.
    full: dict[tuple[str, str], str] = {}
    for _i, _j, text in spans:
        words = text.split()
        if len(words) >= 2:
            key = (_last_word(text), _deaccent(words[0]).casefold())
            if key not in full or len(text) > len(full[key]):
                full[key] = text
    by_last: dict[str, list[str]] = {}
    for (last, _first), name in full.items():
        by_last.setdefault(last, []).append(name)

    found: list[_Found] = []
    seen: dict[str, set[str]] = {}
    recent: dict[str, str] = {}  # last name -> the person it meant most recently
    for i, j, text in spans:
        words = text.split()
        last = _last_word(text)
        if len(words) >= 2:
            name = full[(last, _deaccent(words[0]).casefold())]
        elif last in recent:
            name = recent[last]
        elif by_last.get(last):
            name = by_last[last][0]
        else:
            name = text
        recent[last] = name
        found.append(_Found(i, j, name, PERSON, BY_NAME))
        seen.setdefault(name, set()).add(text)
        title = _title_before(doc, i)
        if title:
            seen[name].add(f"{title} {text}")

    # Surnames the tagger missed or mislabelled ("Kovacs" as a place, "anti-Kovacs").
    surnames = {}
    for name in seen:
        surnames.setdefault(_last_word(name), name)
    covered = {k for f in found for k in range(f.i, f.j)} | taken
    for token in doc:
        if token.i in covered or not token.text[:1].isupper():
            continue
        name = surnames.get(_deaccent(token.text).casefold())
        if name is not None and token.pos_ in ("PROPN", "NOUN", "ADJ", "X"):
            found.append(_Found(token.i, token.i + 1, name, PERSON, BY_NAME))
            seen[name].add(token.text)
    found.sort(key=lambda f: f.i)
    return found, seen


def _title_before(doc: Doc, i: int) -> str:
    if i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_.rstrip(".") in TITLES:
        return doc[i - 1].text
    return ""


def _acronym(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\w'-]+", text) if w.lower() not in ACRONYM_SKIP).upper()


def _org_mentions(doc: Doc, taken: set[int]) -> tuple[list[_Found], dict[str, set[str]], dict[str, str]]:
    """Organisations spaCy found that the data files do not list, merged with their abbreviations."""
    items: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(t.i in taken for t in ent):
            continue
        i, j = _clean_name(ent)
        text = _name_text(doc, i, j)
        if not text or _key(text) in ORG_TYPE_NOUNS or _key(text) in ANY_ORG_NOUNS:
            continue
        items.append((i, j, text))
    # "Long Name (LN)" and "LN (the Long Name)": the bracketed form is the same organisation.
    canonical: dict[str, str] = {}
    for i, j, text in items:
        if j < len(doc) and doc[j].text == "(":
            close = next((k for k in range(j + 1, min(j + 8, len(doc))) if doc[k].text == ")"), None)
            if close is not None:
                inner_i, inner_j = _clean_name(doc[j + 1 : close])
                inner = _name_text(doc, inner_i, inner_j)
                if (
                    inner
                    and inner != text
                    and inner[:1].isupper()
                    and not any(k in taken for k in range(inner_i, inner_j))
                ):
                    canonical.setdefault(_key(inner), text if len(text) >= len(inner) else inner)
                    if not any(i2 == inner_i for i2, _j2, _t in items):
                        items.append((inner_i, inner_j, inner))
        if i >= 2 and doc[i - 1].text == "(" or (i >= 3 and doc[i - 1].lower_ == "the" and doc[i - 2].text == "("):
            k = i - 1 if doc[i - 1].text == "(" else i - 2
            before = doc[k - 1] if k >= 1 else None
            if before is not None and before.text[:1].isupper() and before.i not in taken:
                short = before.text
                items.append((before.i, before.i + 1, short))
                canonical.setdefault(_key(short), text if len(text) >= len(short) else short)
    longs = [t for _i, _j, t in items if len(t.split()) >= 2]
    for _i, _j, text in items:
        if _is_acronym(text) and _key(text) not in canonical:
            for long in longs:
                if _acronym(long) == text.upper():
                    canonical[_key(text)] = long
                    break
    # Later bare uses of a short form the tagger did not mark ("MCS said ...").
    shorts = {_fold(t) for _i, _j, t in items if _is_acronym(t)}
    covered = {k for i, j, _t in items for k in range(i, j)} | taken
    for token in doc:
        if token.text in shorts and token.i not in covered:
            items.append((token.i, token.i + 1, token.text))
    found: list[_Found] = []
    seen: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for i, j, text in sorted(set(items)):
        name = canonical.get(_key(text), text)
        name = canonical.get(_key(name), name)
        last = _key(name).split()[-1] if _key(name) else ""
        types.setdefault(name, ORG_SUFFIX_TYPES.get(last, "organisation"))
        found.append(_Found(i, j, name, ORGANISATION, BY_NAME, types[name]))
        seen.setdefault(name, set()).add(text)
    return found, seen, types


# --- resolving references ---------------------------------------------------------------------


def _subjectish(token: Token) -> bool:
    """True when the token is, or sits inside, the subject of its clause."""
    seen = 0
    while seen < 8:
        if token.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return True
        if token.dep_ not in SUBJECT_CHAIN or token.head.i == token.i:
            return False
        token = token.head
        seen += 1
    return False


def _expletive(token: Token) -> bool:
    """ "it" that refers to nothing: "it is natural to", "it seems", "it emerged that"."""
    if token.dep_ == "expl":
        return True
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in EXPLETIVE_NEXT:
        return True
    if nxt.lemma_ == "be" and token.lower_ == "it":
        for k in range(token.i + 2, min(token.i + 6, len(doc))):
            if doc[k].lower_ in ("to", "that") and doc[k - 1].pos_ in ("ADJ", "NOUN", "ADV"):
                return True
    return False


@dataclass
class _Seen:
    found: _Found
    sent: int
    subject: bool
    pronoun: str = ""  # the pronoun class ("we") when the mention was resolved from one


def _description(token: Token) -> tuple[str, int] | None:
    """("country" | "countries" | org type | "org", first token) when the token heads a bare description."""
    lower = token.lower_
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    dets = [c for c in token.children if c.dep_ in ("det", "predet", "nummod")]
    mods = [c for c in token.children if c.dep_ in ("amod", "compound")]
    if mods or not dets:
        return None
    first = min(c.i for c in dets)
    det_words = {c.lower_ for c in dets}
    if lower in PLURAL_COUNTRY_NOUNS and det_words & {"the", "both", "two", "these", "those"}:
        return "countries", first
    if not det_words & {"the", "this", "that"}:
        return None
    if lower in COUNTRY_NOUNS:
        return "country", first
    if lower in ANY_ORG_NOUNS:
        return "org", first
    if lower in ORG_TYPE_NOUNS:
        return ORG_TYPE_NOUNS[lower], first
    return None


def _resolve(doc: Doc, explicit: list[_Found], org_types: dict[str, str]) -> list[_Found]:
    """Mentions by pronoun or description, resolved against the mentions before them."""
    sent_of = {}
    for s_index, sent in enumerate(doc.sents):
        for t in sent:
            sent_of[t.i] = s_index
    starts: dict[int, list[_Found]] = {}
    for f in explicit:
        starts.setdefault(f.i, []).append(f)
    history: list[_Seen] = []
    resolved: list[_Found] = []

    def remember(f: _Found, token: Token, pronoun: str = "") -> None:
        history.append(_Seen(f, sent_of.get(token.i, 0), _subjectish(token), pronoun))

    def recent(sent: int, window: int, want) -> Iterator[_Seen]:
        for seen in reversed(history):
            if sent - seen.sent > window:
                return
            if want(seen):
                yield seen

    def group(sent: int, window: int, want) -> list[_Found]:
        """The wanted mentions of the nearest sentence that has any."""
        for seen in recent(sent, window, want):
            same = [s.found for s in history if s.sent == seen.sent and want(s)]
            return list({f.name: f for f in same}.values())
        return []

    skip_until = -1
    for token in doc:
        if token.i < skip_until:
            continue
        sent = sent_of.get(token.i, 0)
        if token.i in starts:
            for f in starts[token.i]:
                remember(f, doc[f.j - 1] if f.kind != PERSON else doc[f.i])
            skip_until = max(f.j for f in starts[token.i])
            continue
        lower = token.lower_
        targets: list[_Found] = []
        via = BY_PRONOUN
        start_i = token.i
        if lower in PERSON_PRONOUNS and token.pos_ == "PRON":
            hit = next(recent(sent, PRONOUN_WINDOW, lambda s: s.found.kind == PERSON), None)
            targets = [hit.found] if hit else []
        elif lower in IT_PRONOUNS and not _expletive(token):
            hit = next(recent(sent, PRONOUN_WINDOW, lambda s: s.found.kind != PERSON and s.subject), None)
            targets = [hit.found] if hit else []
        elif lower in THEY_PRONOUNS:
            targets = group(sent, PRONOUN_WINDOW, lambda s: s.found.kind != PERSON and s.subject)
        elif lower in WE_PRONOUNS and token.text != "US":
            # A "we" goes on meaning what the last "we" meant; else the countries just named.
            targets = group(sent, 1, lambda s: s.pronoun == "we") or group(
                sent, 1, lambda s: s.found.kind == COUNTRY and s.found.via != BY_PRONOUN
            )
        else:
            desc = _description(token)
            if desc is not None:
                what, start_i = desc
                via = BY_DESCRIPTION
                if what == "country":
                    hit = next(recent(sent, DESCRIPTION_WINDOW, lambda s: s.found.kind == COUNTRY), None)
                    targets = [hit.found] if hit else []
                elif what == "countries":
                    targets = _countries_together(history, sent)
                elif what == "org":
                    hit = next(recent(sent, DESCRIPTION_WINDOW, lambda s: s.found.kind == ORGANISATION), None)
                    targets = [hit.found] if hit else []
                else:
                    # "the alliance": the last organisation of that type, however far back.
                    hit = next(recent(sent, 10**6, lambda s, of_type=what: s.found.org_type == of_type), None)
                    targets = [hit.found] if hit else []
        for target in targets:
            f = _Found(start_i, token.i + 1, target.name, target.kind, via, target.org_type)
            resolved.append(f)
            remember(f, token, "we" if lower in WE_PRONOUNS else "")
    return resolved


def _countries_together(history: list[_Seen], sent: int) -> list[_Found]:
    """The countries of the nearest sentence naming two or more, else the last two countries named."""
    by_sent: dict[int, dict[str, _Found]] = {}
    for seen in history:
        if seen.found.kind == COUNTRY and seen.found.via != BY_PRONOUN and sent - seen.sent <= DESCRIPTION_WINDOW:
            by_sent.setdefault(seen.sent, {})[seen.found.name] = seen.found
    for s in sorted(by_sent, reverse=True):
        if len(by_sent[s]) >= 2:
            return list(by_sent[s].values())
    last: dict[str, _Found] = {}
    for seen in reversed(history):
        if seen.found.kind == COUNTRY and seen.found.via != BY_PRONOUN and seen.found.name not in last:
            last[seen.found.name] = seen.found
        if len(last) == 2:
            break
    return list(last.values()) if len(last) == 2 else []


def find_entities(doc: Doc) -> EntityIndex:
    """Return the countries, organisations and people of a parsed article body, with their mentions."""
    lex = _lexicon()
    known_found = _lexicon_mentions(doc)
    taken = {k for f in known_found for k in range(f.i, f.j)}
    people, person_surfaces = _person_mentions(doc, taken)
    taken |= {k for f in people for k in range(f.i, f.j)}
    orgs, org_surfaces, org_types = _org_mentions(doc, taken)
    explicit = sorted(known_found + people + orgs, key=lambda f: (f.i, -f.j))
    resolved = _resolve(doc, explicit, org_types)

    surfaces_seen: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    first: dict[str, int] = {}
    for f in sorted(explicit + resolved, key=lambda f: f.i):
        kinds.setdefault(f.name, f.kind)
        first.setdefault(f.name, f.i)
        if f.via == BY_PRONOUN or (f.via == BY_DESCRIPTION and f.kind != ORGANISATION):
            continue
        text = _fold(doc[f.i : f.j].text)
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
            surface_map.setdefault(_key(alias), name)
    mentions = [
        Mention(doc[f.i].idx, doc[f.j - 1].idx + len(doc[f.j - 1].text), f.name, f.kind, f.via)
        for f in explicit + resolved
    ]
    return EntityIndex(entities, mentions, surface_map)
