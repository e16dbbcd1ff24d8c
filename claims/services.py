"""Storing extractions, re-extracting without losing editors' work, and loading the NLP pipeline.

spaCy is imported lazily here, so web processes that import this module never load it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import functools
import multiprocessing
import re
import secrets
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object

from .counters import counters_refresh, refresh_rows, touched_by
from .extraction import types as x
from .extraction.batch import Failed, Job, extract_many
from .extraction.lexicon import word_map
from .models import (
    Claim,
    Entity,
    EntityAlias,
    EntityKind,
    Location,
    Quote,
    QuoteKind,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Status,
    Tension,
)
from .naming import PersonName, genders_in, is_name_like, is_past_post, name_key, parse_name, role_words
from .relocation import TextMove, words_key

PRONOUN_GENDERS = word_map("pronoun_gender")

if TYPE_CHECKING:
    from articles.models import Article

    from .evaluation import Evaluation


@functools.cache
def get_nlp():
    """The spaCy pipeline named by ``NEWSROOM_SPACY_MODEL``, loaded once per process."""
    from .extraction.pipeline import build_nlp

    nlp = build_nlp(settings.NEWSROOM_SPACY_MODEL)
    # The limit ingest checks before the model loads is the parser's own.
    nlp.max_length = max(nlp.max_length, settings.NEWSROOM_MAX_ARTICLE_CHARS)
    return nlp


# ---------------------------------------------------------------- extraction, for ingest

ExtractionJob = Job
ExtractionFailed = Failed
TIMED_OUT = "extraction took over {seconds:g} s (NEWSROOM_EXTRACTION_SECONDS); skipped"
_CHUNK = 48  # articles parsed in one stream
_CHUNK_CHARS = 200_000  # ... and not many more characters than this


# ---------------------------------------------------------------- rows with history, in bulk


@functools.cache
def _history(model: type[models.Model]):
    """``model``'s history manager, made once (simple-history builds a new manager class on every access)."""
    return model.history  # type: ignore[attr-defined]


def _history_rows(objs: list, model: type[models.Model], history_type: str) -> dict[int, int]:
    """Write one history row of ``history_type`` for each of ``objs`` (saved), with the values simple-history's
    ``bulk_history_create`` gives them, built positionally (the cheap way to make many model instances);
    return each row's history row id by its id."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return {}
    historical = _history(model).model
    tracked = {f.attname for f in historical.tracked_fields}
    names = [f.attname for f in historical._meta.concrete_fields]
    rows = []
    for obj in objs:
        user = getattr(obj, "_history_user", None)
        if user is None and not hasattr(obj, "_history_user"):
            user = historical.get_default_history_user(obj)
        extra = {
            "history_id": None,
            "history_date": obj._history_date if hasattr(obj, "_history_date") else timezone.now(),
            "history_user_id": user.pk if user is not None else None,
            "history_change_reason": get_change_reason_from_object(obj) or None,
            "history_type": history_type,
            "history_relation_id": obj.pk,
        }
        rows.append(historical(*[getattr(obj, name) if name in tracked else extra[name] for name in names]))
    historical._default_manager.bulk_create(rows)
    return {row.id: row.history_id for row in rows}


def _create_with_history(objs: list, model: type[models.Model]) -> dict[int, int] | None:
    """Insert ``objs`` and one "+" history row each, as ``bulk_create_with_history`` does; return each new
    row's history row id by its id (None when the database cannot return the inserted ids)."""
    if not objs:
        return {}
    if not connections[router.db_for_write(model)].features.can_return_rows_from_bulk_insert:
        bulk_create_with_history(objs, model)
        return None
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_create(objs)
        return _history_rows(objs, model, "+")


def _update_with_history(objs: list, model: type[models.Model], fields: list[str]) -> dict[int, int]:
    """Update ``fields`` of ``objs`` and write one "~" history row each, as ``bulk_update_with_history``
    does; return each row's new history row id by its id."""
    if not objs:
        return {}
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_update(objs, fields)
        return _history_rows(objs, model, "~")


class ExtractionTimeout(BaseException):
    """Raised by the alarm inside extraction; a BaseException, so that no ``except Exception`` swallows it."""


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Raise ExtractionTimeout in this block after ``seconds`` (main thread, POSIX only; else no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_chunk(jobs: Sequence[Job], seconds: float | None, nlp=None) -> list[x.Extraction | Failed]:
    """Extract ``jobs`` in one parse stream within ``seconds`` each; past that, one at a time, and the
    article that alone takes longer fails."""
    nlp = nlp or get_nlp()
    try:
        with _deadline(seconds):
            return list(extract_many(jobs, model=settings.NEWSROOM_SPACY_MODEL, nlp=nlp))
    except ExtractionTimeout:
        if len(jobs) == 1:
            return [Failed(TIMED_OUT.format(seconds=seconds))]
    return [result for job in jobs for result in _extract_chunk([job], seconds, nlp)]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    chars = 0
    for job in jobs:
        if chunk and (len(chunk) >= size or chars + len(job.body) > _CHUNK_CHARS):
            yield chunk
            chunk, chars = [], 0
        chunk.append(job)
        chars += len(job.body)
    if chunk:
        yield chunk


def claims_extract(
    jobs: Iterable[Job], *, workers: int = 1, seconds: float | None = None
) -> Iterator[x.Extraction | Failed]:
    """Yield one Extraction (or Failed, with a one-line reason) per job, in order.

    ``workers`` > 1 parses in that many processes forked from this one (callers close their database
    connections first); ``seconds`` is each article's time budget: one that takes longer fails alone.
    """
    if workers <= 1:
        nlp = get_nlp()
        for chunk in _chunks(jobs, _CHUNK):
            yield from _extract_chunk(chunk, seconds, nlp)
        return
    get_nlp()  # loaded before the fork: the workers share it
    jobs = list(jobs)
    # Small hand-outs, so that the workers finish together; small runs still spread over every worker.
    size = max(1, min(16, len(jobs) // (workers * 2)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for results in pool.map(functools.partial(_extract_chunk, seconds=seconds), _chunks(jobs, size)):
            yield from results


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    """A slug for ``text`` that no row of ``model`` has yet ("jane-roe", then "jane-roe-2")."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# ---------------------------------------------------------------- speakers and entities


def _free_slugs(model, texts: Sequence[str], *, max_length: int = 100) -> list[str]:
    """Slugs for ``texts`` that no row of ``model`` has, nor each other, in one query."""
    bases = [slugify(t)[:max_length].strip("-") or "item" for t in texts]
    if not bases:
        return []
    query = Q()
    for base in set(bases):
        query |= Q(slug=base) | Q(slug__startswith=f"{base}-")
    taken = set(model.objects.filter(query).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _lookup_keys(name: str, aliases: Sequence[str]) -> list[str]:
    keys = [name_key(name)] + [name_key(a) for a in aliases if is_name_like(a)]
    return [k for k in dict.fromkeys(keys) if k]


PERSONISH = (x.PERSON, x.UNKNOWN)
AMBIGUOUS = "ambiguous"
POSSIBLY_SAME = "possibly the same"


def _core_name(found: x.Speaker) -> PersonName:
    """The article's name for a speaker without title words printed before it: of the full forms with the
    same surname, the one with the fewest given names ("Broadcaster Harold Quist", "Harold Quist" -> the
    latter)."""
    name = parse_name(found.name or "")
    forms = [parse_name(a) for a in (found.name or "", *found.aliases)]
    fuller = [p for p in forms if p.is_full and p.surname == name.surname and p.suffix == name.suffix]
    fuller = [p for p in fuller if p.given[-1:] == name.given[-1:]]
    return min(fuller, key=lambda p: len(p.given), default=name) if name.is_full else name


@dataclass
class _Person:
    """What one article tells of one speaker it found: its name parsed, and the genders, titles and role
    words its honorifics, titles, descriptions and pronouns give."""

    found: x.Speaker
    name: PersonName
    gender: str  # told by honorifics, titles and nouns, else by pronouns
    strong: str  # told by honorifics, titles and nouns only: what is kept on the speaker
    titles: set[str]
    roles: set[str]

    @classmethod
    def of(cls, found: x.Speaker, pronouns: Iterable[str] = ()) -> _Person:
        core = _core_name(found)
        forms = [found.name or "", *found.aliases]
        parsed = [parse_name(a) for a in forms]
        titles = {t for p in parsed if p.surname == core.surname for t in p.titles}
        titles |= _post_titles(found.role)  # a post once held tells who the person is, not what they are now
        roles = role_words([found.role, *forms])
        for p in parsed:  # words printed before the name ("Broadcaster Harold Quist") describe the person
            if p.surname == core.surname and len(p.given) > len(core.given):
                roles.update(p.given[: len(p.given) - len(core.given)])
        # Honorifics, gendered titles and nouns first; the pronouns the article credits quotes to only when
        # those say nothing (a pronoun credited to the wrong person would mislead).
        strong = genders_in([*forms, found.role])
        told = strong or {g for g in pronouns if g}
        return cls(
            found,
            core,
            next(iter(told)) if len(told) == 1 else "",
            next(iter(strong)) if len(strong) == 1 else "",
            titles,
            roles,
        )


@dataclass
class _Known:
    """What is known of one speaker (stored, or made in this run), for deciding whether a mention is it."""

    speaker: Speaker
    keys: set[str] = dataclasses.field(default_factory=set)  # folded aliases
    saved: set[str] = dataclasses.field(default_factory=set)  # folded aliases stored or about to be
    editor_keys: set[str] = dataclasses.field(default_factory=set)
    identities: set[str] = dataclasses.field(default_factory=set)  # identity keys of its full names
    votes: Counter = dataclasses.field(default_factory=Counter)  # gender -> weight of the mentions telling it
    strong: Counter = dataclasses.field(default_factory=Counter)  # the same, without pronouns: what is stored
    titles: set[str] = dataclasses.field(default_factory=set)
    roles: set[str] = dataclasses.field(default_factory=set)

    @property
    def name(self) -> PersonName:
        return parse_name(self.speaker.name)

    @property
    def person(self) -> bool:
        return self.speaker.kind in (x.PERSON, x.UNKNOWN)

    @property
    def ambiguous(self) -> bool:
        """Made apart because its mention could be one of several people: never a candidate itself."""
        return self.speaker.needs_review and any(e.get("why") == AMBIGUOUS for e in self.speaker.review_evidence)

    def learn(self, person: _Person | None = None, aliases: Iterable[tuple[str, bool]] = ()) -> None:
        for alias, by_editor in aliases:
            key = name_key(alias)
            if not key:
                continue
            self.keys.add(key)
            if by_editor:
                self.editor_keys.add(key)
            parsed = parse_name(alias)
            if parsed.is_full:
                self.identities.add(parsed.key)
            if parsed.surname == self.name.surname:
                self.titles.update(parsed.titles)
        if person is not None:
            if person.name.is_full:
                self.identities.add(person.name.key)
            if person.strong:
                self.votes[person.strong] += 1
                self.strong[person.strong] += 1
            elif person.gender:  # told by pronouns only: half a vote
                self.votes[person.gender] += 0.5
            self.titles |= person.titles
            self.roles |= person.roles

    def gender(self, *, stored: bool = False) -> str:
        """The gender most mentions told, by two to one at least ("" if none or too close to call); ``stored``:
        by honorifics and gendered words only (a pronoun credited to the wrong person must not stick)."""
        (first, n), *rest = (self.strong if stored else self.votes).most_common(2) or [("", 0)]
        return first if n and n >= 2 * (rest[0][1] if rest else 0) else ""

    def contradicts(self, person: _Person) -> bool:
        """Whether what the mention tells (gender, title, suffix, initial) rules this speaker out."""
        return _rules_out((self.gender(), self.titles, self.name), (person.gender, person.titles, person.name))


class SpeakerRegistry:
    """The speakers that mentions may link to, with what is known of each; shared by the articles of a run.

    ``SpeakerBook`` fills one from the database for each article (only the speakers its names could be);
    ``speakers_rebuild`` keeps one for the whole run, starting from editors' aliases only.
    """

    def __init__(self) -> None:
        self.known: dict[int, _Known] = {}  # id(speaker) -> what is known
        # Indexes over ``known``, so a run over thousands of articles looks names up instead of scanning.
        self._by_key: dict[str, dict[int, _Known]] = {}
        self._by_surname: dict[str, dict[int, _Known]] = {}
        self.edited: set[int] = set()  # pks of speakers an editor changed: their names stay
        self.evidence: dict[int, list[tuple[str, str, str, list[Speaker]]]] = {}  # id(speaker) -> flags

    def of(self, speaker: Speaker) -> _Known:
        known = self.known.get(id(speaker))
        if known is None:
            known = self.known[id(speaker)] = _Known(speaker)
            self.learn(known, aliases=[(speaker.name, False)])
        return known

    def learn(self, known: _Known, person: _Person | None = None, aliases: Iterable[tuple[str, bool]] = ()) -> None:
        """Add what a mention tells of a speaker, and index its names."""
        known.learn(person, aliases)
        for key in known.keys:
            self._by_key.setdefault(key, {})[id(known.speaker)] = known
        self._by_surname.setdefault(known.name.surname, {})[id(known.speaker)] = known

    def load(self, speaker_query: Q) -> None:
        """Add the stored speakers ``speaker_query`` selects (on their aliases), with all their aliases."""
        by_pk = {k.speaker.pk: k for k in self.known.values() if k.speaker.pk is not None}
        ids = set(SpeakerAlias.objects.filter(speaker_query).values_list("speaker_id", flat=True)) - set(by_pk)
        if not ids:
            return
        speakers = {s.pk: s for s in Speaker.objects.filter(pk__in=ids)}
        for speaker in speakers.values():
            known = self.of(speaker)
            if speaker.gender:
                known.votes[speaker.gender] += 2
                known.strong[speaker.gender] += 2
            known.roles |= role_words([speaker.role])
            known.titles |= _post_titles(speaker.role)
        rows = SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("speaker_id", "alias", "added_by_editor")
        aliases: dict[int, list[tuple[str, bool]]] = {}
        for speaker_id, alias, by_editor in rows:
            aliases.setdefault(speaker_id, []).append((alias, by_editor))
        for speaker_id, forms in aliases.items():
            known = self.of(speakers[speaker_id])
            self.learn(known, aliases=forms)
            known.saved |= {name_key(a) for a, _ in forms}
            for alias, _ in forms:
                if len(told := genders_in([alias])) == 1:
                    known.votes[next(iter(told))] += 1
                    known.strong[next(iter(told))] += 1
        by_editors = _history(Speaker).filter(id__in=ids, history_user__isnull=False)
        self.edited |= set(by_editors.values_list("id", flat=True))

    def with_key(self, keys: Iterable[str], *, editor: bool = False) -> list[_Known]:
        found = {i: k for key in set(keys) for i, k in self._by_key.get(key, {}).items()}
        if editor:
            keys = set(keys)
            return [k for k in found.values() if k.editor_keys & keys]
        return list(found.values())

    def with_surname(self, surname: str) -> list[_Known]:
        known = self._by_surname.get(surname, {}).values()
        return [k for k in known if k.person and k.name.surname == surname]

    def flag(self, speaker: Speaker, why: str, mention: str, article: str, candidates: Sequence[Speaker]) -> None:
        entries = self.evidence.setdefault(id(speaker), [])
        entry = (why, mention, article, list(candidates))
        if entry not in entries:
            entries.append(entry)


class SpeakerBook:
    """The speakers of one article, found among the known ones (or made) with a few queries in all.

    Identity needs evidence (issue 10). A mention is an earlier speaker only when:

    - an editor gave that speaker this name as an alias; or
    - it is a full name (a given name and a surname) with the same identity key (first given name, surname,
      suffix, folded: accents, case, "Jr."); the names agreeing outweighs a gender or title read elsewhere;
      several such speakers: the one called exactly that, else a new one flagged;
    - it is a surname alone (with an honorific or a title, or bare): first the article's own fuller mention
      of a compatible person ("Larry King ... Mr. King"); only when the article has none, the one known
      person of that surname whose gender, title, suffix and initial do not contradict it (several: the
      one whose role words it shares). Still several: a new speaker flagged ``needs_review`` with the
      speakers it could be, never a guess.

    Organisations keep the plain rule: a name or alias that belongs to exactly one speaker is that speaker.
    A canonical name never grows: a linked speaker keeps its name (a surname-only speaker takes the first
    full name an article gives it). New speakers, aliases, flags and filled-in fields are written by ``save``.
    """

    def __init__(
        self,
        found: Iterable[x.Speaker],
        *,
        pronouns: dict[x.Speaker, set[str]] | None = None,
        article: str = "",
        current: Iterable[int] = (),
        registry: SpeakerRegistry | None = None,
    ) -> None:
        self.found = [f for f in dict.fromkeys(found) if f is not None and f.name]
        pronouns = pronouns or {}
        self.people = {f: _Person.of(f, pronouns.get(f, ())) for f in self.found}
        self.article = article
        self.current = set(current) - {None}
        self.shared = registry is not None
        self.registry = registry or SpeakerRegistry()
        if not self.shared:
            self._load()
        self.new_aliases: dict[int, dict[str, str]] = {}  # id(speaker) -> key -> alias
        self.changed: dict[int, tuple[Speaker, set[str]]] = {}  # id(speaker) -> fields
        self.rows: dict[x.Speaker, Speaker] = {}

    def _load(self) -> None:
        keys: set[str] = set()
        surnames: set[str] = set()
        for f in self.found:
            keys.update(_lookup_keys(f.name, f.aliases))
            if surname := self.people[f].name.surname:
                surnames.add(surname)
        if not keys:
            return
        query = Q(key__in=keys | surnames) | Q(speaker_id__in=self.current)
        for surname in surnames:
            query |= Q(key__endswith=f" {surname}") | Q(key__contains=f" {surname} ")
        self.registry.load(query)

    @property
    def edited(self) -> set[int]:
        return self.registry.edited

    def find(self, *, name: str, aliases: Sequence[str] = (), kind: str = "") -> Speaker | None:
        """The known speaker ``name`` belongs to, or None (a name with no evidence of an earlier speaker)."""
        found = x.Speaker(name, kind or x.UNKNOWN, aliases=tuple(aliases))
        person = self.people.get(found) or _Person.of(found)
        return self._match(found, person)[0]

    def _fits(self, known: _Known, kind: str) -> bool:
        return not kind or kind == x.UNKNOWN or known.speaker.kind in (kind, x.UNKNOWN)

    def _match(self, found: x.Speaker, person: _Person) -> tuple[Speaker | None, list[Speaker]]:
        """The speaker the evidence says ``found`` is, or None and the speakers it could be (if ambiguous)."""
        keys = _lookup_keys(found.name or "", found.aliases)
        kind = found.kind
        by_editor = [k for k in self.registry.with_key(keys, editor=True) if self._fits(k, kind)]
        if len({id(k.speaker) for k in by_editor}) == 1:
            return by_editor[0].speaker, []
        if kind not in (x.PERSON, x.UNKNOWN):
            return self._by_alias(keys, kind), []
        name = person.name
        if name.is_full:
            same = [
                k for k in self.registry.with_surname(name.surname) if name.key in k.identities and self._fits(k, kind)
            ]
            if len(same) == 1:
                return same[0].speaker, []
            exact = [k for k in same if name_key(k.speaker.name) == name_key(name.display)]
            if len(exact) == 1:
                return exact[0].speaker, []
            if same:
                return None, [k.speaker for k in same]
            return None, []
        if not name.surname:
            return self._by_alias(keys, kind), []
        return self._by_surname(found, person, keys)

    def _by_alias(self, keys: Sequence[str], kind: str) -> Speaker | None:
        for key in [k for k in keys if " " in k] + [k for k in keys if " " not in k]:
            rows = {id(k.speaker): k.speaker for k in self.registry.with_key([key]) if self._fits(k, kind)}
            if len(rows) == 1:
                return next(iter(rows.values()))
            exact = [s for s in rows.values() if name_key(s.name) == key]
            if len(exact) == 1:
                return exact[0]
        return None

    def _by_surname(self, found: x.Speaker, person: _Person, keys: Sequence[str]) -> tuple[Speaker | None, list]:
        name = person.name
        # The article's own fuller mention of a compatible person comes first.
        own = [
            f
            for f, p in self.people.items()
            if f is not found
            and p.name.is_full
            and p.name.surname == name.surname
            and f.kind in (x.PERSON, x.UNKNOWN)
            and not _clash(p, person)
        ]
        if len(own) > 1:
            own = _sharing(own, person, lambda f: self.people[f].roles | self.people[f].titles) or own
        if len(own) == 1:
            return self.row(own[0]), []
        if own:
            return None, [s for f in own if (s := self.row(f)) is not None]
        candidates = [
            k
            for k in self.registry.with_surname(name.surname)
            if self._fits(k, found.kind) and not k.ambiguous and not k.contradicts(person)
        ]
        if len(candidates) > 1:
            candidates = _sharing(candidates, person, lambda k: k.roles | k.titles) or candidates
        if len(candidates) == 1:
            return candidates[0].speaker, []
        if candidates:
            # Made apart before from this article (re-extraction): the same separate speaker again.
            again = [
                k
                for k in self.registry.with_key(keys)
                if k.speaker.pk in self.current and k.ambiguous and k.name.surname == name.surname
            ]
            if len(again) == 1:
                return again[0].speaker, []
            return None, [k.speaker for k in candidates]
        return None, []

    def row(self, found: x.Speaker | None) -> Speaker | None:
        """The Speaker row for a speaker found in the article (made in memory when new)."""
        if found is None or not found.name:
            return None
        if found in self.rows:
            return self.rows[found]
        person = self.people.get(found) or _Person.of(found)
        self.people.setdefault(found, person)
        self.rows[found] = None  # type: ignore[assignment]  # a mention resolving to itself is new
        speaker, could_be = self._match(found, person)
        made = speaker is None
        if speaker is None:
            name = person.name.display if person.name.is_full else found.name
            speaker = Speaker(
                name=name,
                kind=found.kind or x.UNKNOWN,
                role=found.role,
                affiliation=found.affiliation,
            )
            if could_be:
                self.registry.flag(speaker, AMBIGUOUS, found.name or "", self.article, could_be)
                speaker.needs_review = True
            elif person.name.is_full and speaker.kind in (x.PERSON, x.UNKNOWN):
                self._possibly_same(speaker, person)
        self.registry.learn(self.registry.of(speaker), person, [(a, False) for a in (found.name or "", *found.aliases)])
        if not made and (speaker.pk is not None or self.shared):
            self._fill(speaker, found, person)
        self._alias(speaker, [found.name or "", *found.aliases])
        self.rows[found] = speaker
        return speaker

    def _possibly_same(self, speaker: Speaker, person: _Person) -> None:
        """Flag the known surname-only speakers this new full name may be, for editors to merge."""
        for known in self.registry.with_surname(person.name.surname):
            if known.name.is_full or known.ambiguous or known.contradicts(person):
                continue
            self.registry.flag(known.speaker, POSSIBLY_SAME, person.name.display, self.article, [speaker])
            if not known.speaker.needs_review:
                known.speaker.needs_review = True
                self.changed.setdefault(id(known.speaker), (known.speaker, set()))[1].add("needs_review")

    def _fill(self, speaker: Speaker, found: x.Speaker, person: _Person) -> None:
        """Fill in what was unknown (a surname-only speaker's first full name), never undoing an editor's values."""
        _, changed = self.changed.setdefault(id(speaker), (speaker, set()))
        own = parse_name(speaker.name)
        if person.name.is_full and not own.is_full and speaker.pk not in self.edited:
            speaker.name = person.name.display
            changed.add("name")
            self.registry.learn(self.registry.of(speaker))  # indexed under its new name
        for field in ("role", "affiliation"):
            if not getattr(speaker, field) and getattr(found, field):
                setattr(speaker, field, getattr(found, field))
                changed.add(field)
        if speaker.kind == x.UNKNOWN and found.kind and found.kind != x.UNKNOWN:
            speaker.kind = found.kind
            changed.add("kind")
        gender = self.registry.of(speaker).gender(stored=True)
        if not speaker.gender and gender and speaker.pk is not None and speaker.pk not in self.edited:
            speaker.gender = gender  # filled in once, never turned over by the machine
            changed.add("gender")

    def _alias(self, speaker: Speaker, names: Iterable[str]) -> None:
        saved = self.registry.of(speaker).saved
        pending = self.new_aliases.setdefault(id(speaker), {})
        for alias in names:
            key = name_key(alias)
            if key and key not in saved and is_name_like(alias):
                pending[key] = alias.strip()
                saved.add(key)

    def save(self, used: Iterable[Speaker]) -> None:
        """Write those of ``used`` that are new, their new aliases, flags and filled-in fields (each once)."""
        used = list({id(s): s for s in used}.values())
        flagged = [s for s, _ in self.changed.values() if s.pk is not None and s not in used]
        new = [s for s in used if s.pk is None]
        for speaker, slug in zip(new, _free_slugs(Speaker, [s.name for s in new]), strict=True):
            speaker.slug = slug
        for speaker in new:
            self._evidence(speaker)
            # What every mention of the article told: honorifics and gendered words, else pronouns.
            speaker.gender = self.registry.of(speaker).gender(stored=True)
        _create_with_history(new, Speaker)
        for speaker in [*used, *flagged]:
            _, fields = self.changed.pop(id(speaker), (speaker, set()))
            if self._evidence(speaker) and speaker not in new:
                fields.update({"needs_review", "review_evidence"})
            if fields:
                speaker.save(update_fields=sorted(fields))
        stored: set[tuple[int, str]] = set()
        if self.shared:  # a run over many articles: another article's book may have written the alias
            stored = set(
                SpeakerAlias.objects.filter(speaker__in=[s for s in used if s.pk]).values_list("speaker_id", "key")
            )
        aliases = [
            SpeakerAlias(speaker=speaker, alias=alias, key=key)
            for speaker in used
            for key, alias in self.new_aliases.pop(id(speaker), {}).items()
            if (speaker.pk, key) not in stored
        ]
        _create_with_history(aliases, SpeakerAlias)  # machine aliases have history too

    def _evidence(self, speaker: Speaker) -> bool:
        """Put the registry's flags on ``speaker``'s evidence (once each); True when that changed it."""
        entries = self.registry.evidence.pop(id(speaker), [])
        if not entries:
            return False
        evidence = list(speaker.review_evidence or [])
        for why, mention, article, candidates in entries:
            item = {
                "why": why,
                "mention": mention,
                "article": article,
                "candidates": [{"id": c.pk, "name": c.name, "slug": c.slug} for c in candidates if c.pk],
            }
            if item not in evidence:
                evidence.append(item)
        changed = evidence != speaker.review_evidence or not speaker.needs_review
        speaker.review_evidence = evidence
        speaker.needs_review = True
        if speaker.pk is None:
            return False
        return changed


def _clash(a: _Person, b: _Person) -> bool:
    """Whether two mentions in one article cannot be one person (gender, title, suffix, initial)."""
    return _rules_out((a.gender, a.titles, a.name), (b.gender, b.titles, b.name))


def _rules_out(known: tuple[str, set[str], PersonName], mention: tuple[str, set[str], PersonName]) -> bool:
    """Whether what a mention tells (gender, current titles, suffix, first initial) rules out a person."""
    (gender, titles, own), (told, their_titles, name) = known, mention
    if gender and told and gender != told:
        return True
    if titles and their_titles and not titles & their_titles:
        return True
    if name.suffix and name.suffix != own.suffix:
        return True
    return bool(name.given and own.given and name.given[0][:1] != own.given[0][:1])


def _post_titles(role: str) -> set[str]:
    """The titles a role description gives as posts held now: none for "a former utility engineer"."""
    if is_past_post(role):
        return set()
    return {t for t in role_words([role]) if parse_name(f"{t} X").titles}


def _sharing(items: list, person: _Person, words_of: Callable) -> list:
    """Those of ``items`` that share a role or title word with the mention (when the mention has any)."""
    mine = person.roles | person.titles
    return [item for item in items if words_of(item) & mine] if mine else []


def speaker_find(*, name: str, aliases: Sequence[str] = (), kind: str = "") -> Speaker | None:
    """The stored speaker that ``name`` (or one of its name-like aliases) already belongs to, if any."""
    found = x.Speaker(name, kind or x.UNKNOWN, aliases=tuple(aliases))
    return SpeakerBook([found]).find(name=name, aliases=aliases, kind=kind)


def speakers_prune(speaker_ids: Iterable[int]) -> int:
    """Delete those of ``speaker_ids`` left with no quote and no claim, unless an editor touched them."""
    ids = set(speaker_ids) - {None}
    if not ids:
        return 0
    busy = set(Quote.objects.filter(speaker_id__in=ids).values_list("speaker_id", flat=True))
    busy |= set(Claim.objects.filter(claimant_id__in=ids).values_list("claimant_id", flat=True))
    busy |= set(
        SpeakerAlias.objects.filter(speaker_id__in=ids, added_by_editor=True).values_list("speaker_id", flat=True)
    )
    busy |= set(_history(Speaker).filter(id__in=ids, history_user__isnull=False).values_list("id", flat=True))
    idle = ids - busy
    if idle:
        Speaker.objects.filter(pk__in=idle).delete()
    return len(idle)


def speaker_add_aliases(speaker: Speaker, aliases: Iterable[str], *, by_editor: bool = False) -> None:
    """Record name-like surface forms of ``speaker`` so later articles find the same row."""
    existing = set(speaker.aliases.values_list("key", flat=True))
    new = []
    for alias in aliases:
        key = name_key(alias)
        if key and key not in existing and (by_editor or is_name_like(alias)):
            existing.add(key)
            new.append(SpeakerAlias(speaker=speaker, alias=alias.strip(), key=key, added_by_editor=by_editor))
    bulk_create_with_history(new, SpeakerAlias)  # machine aliases have history too


def entities_resolve(found: Sequence[x.Entity]) -> dict[str, Entity]:
    """The Entity row for each entity found in an article, by its name there (matched on name or alias).

    A few queries for the whole article: one lookup of every alias, the free slugs, the new rows, the new
    aliases.
    """
    keys_of = {e.name: [k for k in dict.fromkeys(name_key(a) for a in (e.name, *e.aliases)) if k] for e in found}
    known: dict[str, list[Entity]] = {}
    # Every stored alias with one of these keys: which entities they name, and which aliases exist already.
    existing: set[tuple[int, str]] = set()
    for alias in EntityAlias.objects.filter(key__in={k for keys in keys_of.values() for k in keys}).select_related(
        "entity"
    ):
        known.setdefault(alias.key, []).append(alias.entity)
        existing.add((alias.entity_id, alias.key))
    rows: dict[str, Entity] = {}
    new: list[Entity] = []
    for e in found:
        by_name = known.get(name_key(e.name), [])
        same_kind = [row for k in keys_of[e.name] for row in known.get(k, []) if row.kind == e.kind]
        match = (by_name or same_kind or [None])[0]
        if match is None:
            kind = e.kind if e.kind in EntityKind.values else EntityKind.OTHER
            match = Entity(name=e.name, kind=kind)
            new.append(match)
        rows[e.name] = match
    for entity, slug in zip(new, _free_slugs(Entity, [e.name for e in new]), strict=True):
        entity.slug = slug
    _create_with_history(new, Entity)
    aliases = {}
    for e in found:
        entity = rows[e.name]
        for alias in (e.name, *e.aliases):
            key = name_key(alias)
            if key and (entity.pk, key) not in existing:
                aliases.setdefault((entity.pk, key), EntityAlias(entity=entity, alias=alias.strip(), key=key))
    _create_with_history(list(aliases.values()), EntityAlias)
    return rows


# ---------------------------------------------------------------- storing an extraction

Span = tuple[str, int, int, int]  # location, caption index, start, end
MOVED_FIELDS = ["location", "caption_index", "start", "end", "fragments"]
QUOTE_FIELDS = ["speaker", "speaker_mention", "cue", "confidence"]
CLAIM_FIELDS = ["claimant", "quote", "checkworthiness", "features"]


def article_texts(article: Article) -> dict[str, list[str]]:
    """The texts an article's offsets point into: its body, each caption, its headline."""
    return {x.BODY: [article.body], x.CAPTION: list(article.captions), "headline": [article.headline]}


def _span(fragments: Sequence[x.Fragment]) -> tuple[str, int, int, int, list[list[int]]]:
    first = fragments[0] if fragments else x.Fragment(0, 0)
    return (
        first.field,
        first.index,
        first.start,
        max((f.end for f in fragments), default=0),
        [[f.start, f.end] for f in fragments],
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]


def _row_span(row: Quote | Claim) -> Span:
    return (getattr(row, "location", x.BODY), getattr(row, "caption_index", 0), row.start, row.end)


class _Mover:
    """Moves stored rows' offsets from an article's previous texts to its new ones (see claims.relocation)."""

    def __init__(self, old: dict[str, list[str]], new: dict[str, list[str]]) -> None:
        self.old, self.new = old, new
        self._moves: dict[tuple[str, int, int], TextMove] = {}

    def _move(self, field: str, i: int, j: int) -> TextMove:
        if (field, i, j) not in self._moves:
            self._moves[(field, i, j)] = TextMove(self.old[field][i], self.new[field][j])
        return self._moves[(field, i, j)]

    def words_at(self, row: Quote | Claim) -> str:
        """The article's words (as they were) under ``row``."""
        field, i = getattr(row, "location", x.BODY), getattr(row, "caption_index", 0)
        texts = self.old.get(field, [])
        text = texts[i] if i < len(texts) else ""
        return " ".join(words_key(text[s:e]) for s, e in row.fragments)

    def move(self, row: Quote | Claim) -> bool:
        """Put ``row``'s offsets on the same words in the new texts; False (and no offsets) when they are gone."""
        field, i = getattr(row, "location", x.BODY), getattr(row, "caption_index", 0)
        if i >= len(self.old.get(field, [])) or not row.fragments:
            return False
        # A caption may have moved among the captions: its own place first, then the others.
        for j in [i, *(j for j in range(len(self.new.get(field, []))) if j != i)]:
            if j >= len(self.new.get(field, [])):
                continue
            spots = [self._move(field, i, j).locate(s, e) for s, e in row.fragments]
            if all(spots):
                row.fragments = [list(spot) for spot in spots if spot]
                row.start, row.end = row.fragments[0][0], max(e for _, e in row.fragments)
                if hasattr(row, "caption_index"):
                    row.caption_index = j
                return True
        row.fragments, row.start, row.end = [], 0, 0
        return False


def _about_ids(through, field: str, ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """Each row's links to entities: the id of the link by the entity's id."""
    about: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    links = through.objects.filter(**{f"{field}_id__in": ids}).values_list(f"{field}_id", "entity_id", "pk")
    for pk, entity, link in links:
        about[pk][entity] = link
    return about


def _relink_about(
    through,
    field: str,
    wanted: dict[int, list[Entity]],
    have: dict[int, dict[int, int]],
    latest: dict[int, int] | None,
) -> None:
    """Make each row's links to entities what ``wanted`` says, touching only the rows whose links differ.

    ``latest``: the history rows just written (for new and changed rows), by row id. Every link of those rows
    goes into them, new or kept, so an editor's later change does not show an ``about`` change no one made.
    """
    stale = {pk for pk, entities in wanted.items() if {e.pk for e in entities} != set(have.get(pk, ()))}
    links = []
    if stale:
        through.objects.filter(**{f"{field}_id__in": [pk for pk in stale if have.get(pk)]}).delete()
        links = through.objects.bulk_create(
            through(**{f"{field}_id": pk, "entity_id": entity.pk})
            for pk in wanted
            if pk in stale
            for entity in dict.fromkeys(wanted[pk])
        )
    kept = [
        through(**{f"{field}_id": pk}, entity_id=entity, id=link)
        for pk in latest or ()
        if pk not in stale
        for entity, link in have.get(pk, {}).items()
    ]
    _history_link_about(through, field, [*links, *kept], latest)


def pronouns_told(extraction: x.Extraction) -> dict[x.Speaker, set[str]]:
    """The genders of the pronouns an article credits quotes to, by speaker ("she said" tells a woman)."""
    told: dict[x.Speaker, set[str]] = {}
    for quote in extraction.quotes:
        if quote.speaker is not None and (gender := PRONOUN_GENDERS.get(quote.mention.strip().lower())):
            told.setdefault(quote.speaker, set()).add(gender)
    return told


def speakers_of_article(article: Article) -> set[int]:
    """The speakers the article's stored quotes and claims are credited to."""
    ids = set(Quote.objects.filter(article=article).values_list("speaker_id", flat=True))
    ids |= set(Claim.objects.filter(article=article).values_list("claimant_id", flat=True))
    return ids - {None}


class _Store:
    """One article's extraction written over what is stored: see ``claims_store_extraction``."""

    def __init__(
        self, article: Article, extraction: x.Extraction, fresh: bool, previous, book: SpeakerBook | None = None
    ) -> None:
        self.article, self.extraction, self.fresh = article, extraction, fresh
        now = article_texts(article)
        self.mover = _Mover(previous or now, now)
        self.moving = previous is not None and previous != now
        self.book = book or SpeakerBook(
            [*extraction.speakers, *(q.speaker for q in extraction.quotes), *(c.by for c in extraction.claims)],
            pronouns=pronouns_told(extraction),
            article=article.source_name,
            current=() if fresh else speakers_of_article(article),
        )
        named = {e.name: e for e in extraction.entities}
        for item in (*extraction.quotes, *extraction.claims):
            for name in item.about:
                named.setdefault(name, x.Entity(name, x.UNKNOWN))
        self.entities = entities_resolve(list(named.values()))
        self.old_speakers: set[int] = set()
        # The speakers and entities the article's rows count in before and after (see claims.counters).
        self.before: tuple[set[int], set[int]] = (set(), set())
        self.after: tuple[set[int], set[int]] = (set(), set())
        self.own_claims: list[tuple[int, str]] = []
        self.claim_topics: set[int] = set()
        self.counts = {"quotes": 0, "claims": 0, "tensions": 0, "changed": 0, "removed": 0}

    def _load(self, rows: list, kept: Callable[[Quote | Claim], bool]):
        """Split stored rows into the editors' (moved with the text) and the machine's (by identity)."""
        editors, machine, moved, lost = [], {}, [], []
        keys: set[str] = set()
        for row in rows:
            words = self.mover.words_at(row)
            if self.moving:
                before = [getattr(row, f, None) for f in MOVED_FIELDS]
                found = self.mover.move(row)
                if not found and not kept(row):
                    lost.append(row)
                    continue
                if [getattr(row, f, None) for f in MOVED_FIELDS] != before:
                    moved.append(row)
            if kept(row):
                editors.append(row)
                keys.update(k for k in (words, words_key(row.text)) if k)
            else:
                machine.setdefault(self._identity(row), []).append(row)
        return editors, machine, moved, lost, keys

    @staticmethod
    def _identity(row) -> tuple:
        return (
            getattr(row, "location", x.BODY),
            getattr(row, "caption_index", 0),
            tuple(map(tuple, row.fragments)),
            row.text,
            row.kind if isinstance(row, Quote) else "",  # a claim whose kind changes is the same claim
        )

    def _blocked(self, span: Span, text: str, editors: list, keys: set[str]) -> bool:
        """An item over an editor's row, or saying what an editor's row says, is not stored again."""
        return any(_overlaps(span, _row_span(row)) for row in editors if row.fragments) or words_key(text) in keys

    def quotes(self) -> dict[int, Quote]:
        stored = [] if self.fresh else list(self.article.quotes.all())
        editors, machine, moved, lost, keys = self._load(stored, lambda q: q.status != Status.MACHINE)
        about = _about_ids(Quote.about.through, "quote", [q.pk for q in stored])
        self._counted(self.before, stored, about)
        self._counted(self.after, editors, about)
        rows: dict[int, Quote] = {}
        new: list[Quote] = []
        changed: dict[int, tuple[Quote, set[str]]] = {q.pk: (q, set(MOVED_FIELDS)) for q in moved}
        for i, found in enumerate(self.extraction.quotes):
            location, index, start, end, fragments = _span(found.fragments)
            if self._blocked((location, index, start, end), found.text, editors, keys):
                continue
            values = {
                "speaker": self.book.row(found.speaker),
                "speaker_mention": found.mention[:300],
                "cue": found.cue[:60],
                "confidence": round(found.confidence, 3),
            }
            identity = (location, index, tuple(map(tuple, fragments)), found.text, found.kind)
            row = machine.get(identity, []).pop(0) if machine.get(identity) else None
            if row is None:
                row = Quote(
                    article=self.article, text=found.text, kind=found.kind, location=location, caption_index=index
                )
                row.start, row.end, row.fragments = start, end, fragments
                new.append(row)
            else:
                self._compare(row, values, changed)
            for name, value in values.items():
                setattr(row, name, value)
            rows[i] = row
        gone = lost + [row for rows_ in machine.values() for row in rows_]
        written = self._write(Quote, new, changed, gone, rows.values(), lambda q: q.speaker)
        wanted = {row.pk: self._about(self.extraction.quotes[i].about) for i, row in rows.items()}
        _relink_about(Quote.about.through, "quote", wanted, about, written)
        self._counted(self.after, rows.values(), {pk: {e.pk for e in entities} for pk, entities in wanted.items()})
        self.counts["quotes"] = len(rows)
        return rows

    def claims(self, quote_rows: dict[int, Quote]) -> None:
        stored = [] if self.fresh else list(self.article.claims.all())
        resolved = set()
        if stored:
            pairs = Tension.objects.filter(
                Q(claim_a__article=self.article) | Q(claim_b__article=self.article), resolved=True
            ).values_list("claim_a", "claim_b")
            resolved = {pk for pair in pairs for pk in pair}
        editors, machine, moved, lost, keys = self._load(
            stored, lambda c: c.status != Status.MACHINE or c.pk in resolved
        )
        about = _about_ids(Claim.about.through, "claim", [c.pk for c in stored])
        self._counted(self.before, stored, about)
        self._counted(self.after, editors, about)
        rows: list[tuple[Claim, x.Claim]] = []
        new: list[Claim] = []
        changed: dict[int, tuple[Claim, set[str]]] = {c.pk: (c, set(MOVED_FIELDS[2:])) for c in moved}
        for found in self.extraction.claims:
            location, index, start, end, fragments = _span(found.fragments)
            if self._blocked((location, index, start, end), found.text, editors, keys):
                continue
            values = {
                "claimant": self.book.row(found.by),
                "claimant_mention": found.mention[:300] if found.by is not None and not found.by.name else "",
                "kind": found.kind,
                "quote": quote_rows.get(found.quote_index) if found.quote_index is not None else None,
                "checkworthiness": round(found.checkworthiness, 3),
                "features": list(found.features),
            }
            row = machine.get((x.BODY, 0, tuple(map(tuple, fragments)), found.text, ""), [])
            row = row.pop(0) if row else None
            if row is None:
                row = Claim(article=self.article, text=found.text, start=start, end=end, fragments=fragments)
                new.append(row)
            else:
                self._compare(row, values, changed)
            for name, value in values.items():
                setattr(row, name, value)
            rows.append((row, found))
        gone = lost + [row for rows_ in machine.values() for row in rows_]
        written = self._write(Claim, new, changed, gone, [row for row, _ in rows], lambda c: c.claimant)
        wanted = {row.pk: self._about(found.about) for row, found in rows}
        _relink_about(Claim.about.through, "claim", wanted, about, written)
        topics = {pk: {e.pk for e in entities} for pk, entities in wanted.items()}
        self._counted(self.after, [row for row, _ in rows], topics)
        # The article's claims now (the editors' and the machine's), in the model's order, and their topics:
        # what ``tensions_record`` compares.
        now = sorted([*editors, *(row for row, _ in rows)], key=lambda c: (c.start, c.pk))
        self.own_claims = [(c.pk, c.text) for c in now]
        self.claim_topics = {e for c in editors for e in about.get(c.pk, ())} | {e for t in topics.values() for e in t}
        self.counts["claims"] = len(rows)

    @staticmethod
    def _counted(into: tuple[set[int], set[int]], rows: Iterable[Quote | Claim], about: dict[int, set[int]]) -> None:
        """Add the speakers and entities ``rows`` count in (their ``about`` entity ids by row id) to ``into``."""
        for row in rows:
            speaker = row.speaker_id if isinstance(row, Quote) else row.claimant_id
            if speaker is not None:
                into[0].add(speaker)
            into[1].update(about.get(row.pk, ()))

    def _compare(self, row, values: dict, changed: dict) -> None:
        """Note which of ``values`` differ from the stored ``row`` (and the speaker it leaves, if any)."""
        diff = set()
        for name, value in values.items():
            if name in ("speaker", "claimant", "quote"):
                current = getattr(row, f"{name}_id")
                same = value is None and current is None or value is not None and value.pk == current
                if not same and name != "quote" and current is not None:
                    self.old_speakers.add(current)
            else:
                same = getattr(row, name) == value
            if not same:
                diff.add(name)
        if diff:
            changed.setdefault(row.pk, (row, set()))[1].update(diff)

    def _about(self, names: Sequence[str]) -> list[Entity]:
        return [self.entities[name] for name in names]

    def _write(self, model, new: list, changed: dict, gone: list, live, speaker_of) -> dict[int, int] | None:
        """Write the rows; return the history rows just written, by row id (None: not known)."""
        speaker_field = "speaker" if model is Quote else "claimant"
        self.book.save([s for row in live if (s := speaker_of(row)) is not None])
        self.old_speakers |= {getattr(row, f"{speaker_field}_id") for row in gone}
        if gone:
            model.objects.filter(pk__in=[row.pk for row in gone]).delete()
        gone_ids = {row.pk for row in gone}
        changed = {pk: entry for pk, entry in changed.items() if pk not in gone_ids}
        written = _create_with_history(new, model)
        if changed:
            fields = sorted({f for _, fs in changed.values() for f in fs})
            updated = _update_with_history([row for row, _ in changed.values()], model, fields)
            written = None if written is None else written | updated
        self.counts["changed"] += len(changed)
        self.counts["removed"] += len(gone)
        return written


@transaction.atomic
def claims_store_extraction(
    *,
    article: Article,
    extraction: x.Extraction,
    fresh: bool = False,
    previous: dict[str, list[str]] | None = None,
    book: SpeakerBook | None = None,
) -> dict[str, int]:
    """Make the article's machine-made quotes and claims those of ``extraction``, keeping editors' work.

    Rows an editor touched (any status but ``machine``, or a claim in a resolved tension) are kept; when the
    article's text changed (``previous``: its texts before, as ``article_texts`` gives them) every stored row
    moves to where its words are now. No machine row is made over an editor's row or saying what an
    editor's row says. A machine row that the new extraction finds again is left as it is (so running
    extraction twice writes nothing and no history); changed ones are updated, lost ones deleted, and
    speakers left with nothing said and untouched by editors are removed. ``fresh``: the article was just
    created, so it has no rows yet to look at. ``book``: the speakers already resolved for this article (by
    ``speakers_rebuild``); by default the article's own ``SpeakerBook`` resolves them.
    """
    store = _Store(article, extraction, fresh, previous, book)
    quote_rows = store.quotes()
    store.claims(quote_rows)
    store.counts["tensions"] = tensions_record(
        article=article, own=store.own_claims, topics=store.claim_topics, fresh=fresh
    )
    store.counts["pruned"] = speakers_prune(store.old_speakers)
    # The speakers and entities the article's rows counted in before and count in now.
    counters_refresh(speakers=store.before[0] | store.after[0], entities=store.before[1] | store.after[1])
    return store.counts


# ---------------------------------------------------------------- re-resolving every speaker


REBUILD_FAILED = "{article}: not re-resolved ({reason})"


@dataclass
class RebuildReport:
    """What ``speakers_rebuild`` did: articles read, rows credited to another speaker, speakers made and gone."""

    articles: int = 0
    relinked: int = 0
    made: int = 0
    removed: int = 0
    flagged: int = 0
    dry_run: bool = False
    failures: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        done = "would be" if self.dry_run else "were"
        return (
            f"{self.articles} article(s) re-resolved: {self.relinked} quote(s) and claim(s) {done} credited to "
            f"another speaker; {self.made} speaker(s) made, {self.removed} removed; {self.flagged} flagged for "
            f"editors; {len(self.failures)} failure(s)"
        )


def _credits() -> dict[tuple[str, int], int | None]:
    quotes = {("q", pk): s for pk, s in Quote.objects.values_list("pk", "speaker_id")}
    return quotes | {("c", pk): s for pk, s in Claim.objects.values_list("pk", "claimant_id")}


def _editors_speakers() -> set[int]:
    ids = set(SpeakerAlias.objects.filter(added_by_editor=True).values_list("speaker_id", flat=True))
    return ids | set(Speaker.history.filter(history_user__isnull=False).values_list("id", flat=True).distinct())


def _adopt(books: dict[int, SpeakerBook], extractions: dict[int, x.Extraction], registry: SpeakerRegistry) -> None:
    """Give each speaker the run made the stored row most of its machine quotes are credited to now, so that
    re-resolving keeps pages, slugs and history where the person stays the same."""
    votes: Counter = Counter()
    made = {}
    for article_id, book in books.items():
        stored = {}
        for row in Quote.objects.filter(article_id=article_id, status=Status.MACHINE):
            stored[(row.location, row.caption_index, tuple(map(tuple, row.fragments)), row.text, row.kind)] = row
        for found in extractions[article_id].quotes:
            speaker = book.rows.get(found.speaker) if found.speaker is not None else None
            if speaker is None or speaker.pk is not None:
                continue
            location, index, _, _, fragments = _span(found.fragments)
            row = stored.get((location, index, tuple(map(tuple, fragments)), found.text, found.kind))
            if row is not None and row.speaker_id is not None:
                votes[(id(speaker), row.speaker_id)] += 1
                made[id(speaker)] = speaker
    taken = {k.speaker.pk for k in registry.known.values() if k.speaker.pk is not None}
    rows = Speaker.objects.in_bulk({pk for _, pk in votes})
    adopted: set[int] = set()

    def order(item: tuple[tuple[int, int], int]) -> tuple:
        (speaker_key, pk), count = item
        row = rows.get(pk)
        same_name = row is not None and name_key(row.name) == name_key(made[speaker_key].name)
        return (not same_name, -count, pk)

    for (speaker_key, pk), _ in sorted(votes.items(), key=order):
        if speaker_key in adopted or pk in taken or pk not in rows:
            continue
        speaker, row = made[speaker_key], rows[pk]
        speaker.pk, speaker.slug, speaker.created_at = row.pk, row.slug, row.created_at
        speaker._state.adding, speaker._state.db = False, row._state.db
        speaker._adopted_from = row  # type: ignore[attr-defined]
        adopted.add(speaker_key)
        taken.add(pk)


def _rebuild_write(speakers: list[Speaker], registry: SpeakerRegistry, edited: set[int], report: RebuildReport):
    """Create the new speakers, then write each one's flags and changed fields."""
    new = [s for s in speakers if s.pk is None]
    for speaker, slug in zip(new, _free_slugs(Speaker, [s.name for s in new]), strict=True):
        speaker.slug = slug
    for speaker in speakers:
        speaker.gender = registry.of(speaker).gender(stored=True)
    if new:
        bulk_create_with_history(new, Speaker)
    report.made = len(new)
    book = SpeakerBook([], registry=registry)
    for speaker in speakers:
        row = getattr(speaker, "_adopted_from", None)
        if row is not None and row.pk in edited:
            for field in ("name", "kind", "role", "affiliation", "gender", "needs_review", "review_evidence"):
                setattr(speaker, field, getattr(row, field))
            registry.evidence.pop(id(speaker), None)
        speaker.review_evidence = [] if row is None or row.pk not in edited else speaker.review_evidence
        book._evidence(speaker)
        if row is None:
            fields = ["needs_review", "review_evidence"] if speaker.needs_review else []
        else:
            fields = [
                f
                for f in ("name", "kind", "role", "affiliation", "gender", "needs_review", "review_evidence")
                if getattr(speaker, f) != getattr(row, f)
            ]
        if fields:
            speaker.save(update_fields=fields)
        report.flagged += speaker.needs_review


def _rebuild_books(articles, extractions: dict[int, x.Extraction], registry: SpeakerRegistry):
    """One book per article over one registry: every article's full names first, then everything else."""
    books = {}
    for article in articles:
        if article.pk not in extractions:
            continue
        extraction = extractions[article.pk]
        books[article.pk] = SpeakerBook(
            [*extraction.speakers, *(q.speaker for q in extraction.quotes), *(c.by for c in extraction.claims)],
            pronouns=pronouns_told(extraction),
            article=article.source_name,
            registry=registry,
        )
    for full_names_first in (True, False):
        for book in books.values():
            for found in book.found:
                if not full_names_first or book.people[found].name.is_full or found.kind not in PERSONISH:
                    book.row(found)
    return books


def _drop_stale_aliases(speakers: Iterable[Speaker], registry: SpeakerRegistry, edited: set[int]) -> None:
    """Remove the machine's aliases that no article now gives a speaker (editors' aliases always stay)."""
    for speaker in speakers:
        if speaker.pk is None or speaker.pk in edited:
            continue
        keep = registry.of(speaker).keys | {name_key(speaker.name)}
        SpeakerAlias.objects.filter(speaker=speaker, added_by_editor=False).exclude(key__in=keep).delete()


def speakers_rebuild(
    *, workers: int = 1, dry_run: bool = False, on_progress: Callable[[int, int, str], None] | None = None
) -> RebuildReport:
    """Re-resolve the speaker of every stored quote and claim under the identity rules, as if every article
    were known at once: first every full name of every article, then the surnames, titles and pronouns.

    Rows an editor touched keep their speaker (``claims_store_extraction`` never changes them), speakers an
    editor changed keep their names and flags, and editors' aliases keep resolving to their speakers. A stored
    speaker stays the row for the person most of its quotes still belong to (same page, same slug); new
    speakers are made for people told apart, and speakers left with nothing said are removed. Running it
    twice changes nothing the second time. The writes are one transaction (``dry_run``: rolled back).
    """
    from articles.models import Article

    report = RebuildReport(dry_run=dry_run)
    # Resolved in an order that does not depend on the order articles came in.
    articles = list(Article.objects.order_by("source_name", "source_path", "pk"))
    jobs = (Job(a.body, tuple(a.captions), a.headline) for a in articles)
    seconds = settings.NEWSROOM_EXTRACTION_SECONDS or None
    extractions: dict[int, x.Extraction] = {}
    for article, result in zip(articles, claims_extract(jobs, workers=workers, seconds=seconds), strict=True):
        if isinstance(result, Failed):
            report.failures.append(REBUILD_FAILED.format(article=article.source_name, reason=result.reason))
        else:
            extractions[article.pk] = result
    with transaction.atomic():
        before = _credits()
        edited = _editors_speakers()
        registry = SpeakerRegistry()
        registry.load(Q(speaker_id__in=edited))
        books = _rebuild_books(articles, extractions, registry)
        _adopt(books, extractions, registry)
        made = {id(s): s for book in books.values() for s in book.rows.values() if s is not None}
        speakers = [s for s in made.values() if s.pk is None or hasattr(s, "_adopted_from")]
        _rebuild_write(speakers, registry, edited, report)
        for book in books.values():
            book.changed.clear()
        for done, article in enumerate(articles, start=1):
            if article.pk in books:
                claims_store_extraction(article=article, extraction=extractions[article.pk], book=books[article.pk])
                report.articles += 1
            if on_progress:
                on_progress(done, len(articles), article.source_name)
        _drop_stale_aliases(made.values(), registry, edited)
        report.removed = speakers_prune(Speaker.objects.values_list("pk", flat=True))
        after = _credits()
        report.relinked = sum(1 for key, speaker in after.items() if key in before and before[key] != speaker)
        if dry_run:
            transaction.set_rollback(True)
    return report


def tensions_record(
    *,
    article: Article,
    own: Sequence[tuple[int, str]] | None = None,
    topics: set[int] | None = None,
    fresh: bool = False,
) -> int:
    """Record figures that disagree: within ``article``, and against claims elsewhere about the same things.

    ``own`` and ``topics``: the article's claims (id and text, in the model's order) and the entities they
    are about, when the caller has them (else they are read); ``fresh``: the article's claims were all just
    made, so no tension recorded yet can involve them.
    """
    from .extraction.tensions import find_tensions

    # Plain values, not model instances: the claims elsewhere run to hundreds for each article.
    own = list(article.claims.values_list("pk", "text")) if own is None else list(own)
    if not own:
        return 0
    through = Claim.about.through
    if topics is None:
        topics = set(through.objects.filter(claim__article=article).values_list("entity_id", flat=True))
    others = list(
        Claim.objects.exclude(article=article)
        .filter(about__in=topics)
        .exclude(status=Status.REJECTED)
        .distinct()
        .values_list("pk", "text")[:500]
    )
    names: dict[int, list[str]] = {}
    for claim_id, name in (
        through.objects.filter(claim_id__in=[pk for pk, _ in own + others])
        .order_by("claim_id", "entity__name")
        .values_list("claim_id", "entity__name")
    ):
        names.setdefault(claim_id, []).append(name)

    def item(claim: tuple[int, str]) -> tuple[int, str, tuple[str, ...]]:
        return claim[0], claim[1], tuple(names.get(claim[0], ()))

    found = {}
    for tension in find_tensions([item(c) for c in own], against=[item(c) for c in others]):
        found.setdefault(tuple(sorted((tension.a, tension.b))), tension.what[:500])
    if not found:
        return 0
    ids = {pk for pair in found for pk in pair}
    existing = set()
    if not fresh:  # every pair has one of the article's claims
        existing = set(
            Tension.objects.filter(claim_a_id__in=ids, claim_b_id__in=ids).values_list("claim_a_id", "claim_b_id")
        )
    new = [Tension(claim_a_id=a, claim_b_id=b, what=what) for (a, b), what in found.items() if (a, b) not in existing]
    Tension.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------- editors' corrections
#
# Every change an editor makes goes through one of these functions, from the admin, the site or a command.
# Each records who and when, checks the row (``full_clean``), saves once and writes one history row, and
# only when something changed. Rows an editor touched are no longer ``machine``: re-extraction keeps them.


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED
"""Default of every optional field argument: leave the field as it is."""

MERGE_NEEDS_TWO = "Pick at least two speakers to merge."
ENTITY_MERGE_NEEDS_TWO = "Pick at least two entities to merge."
SPLIT_NEEDS_QUOTES = "Pick at least one of the speaker's quotes to move."
SPLIT_NEEDS_TARGET = "Give the name of a new speaker or pick another speaker to move the quotes to."
SPLIT_NOT_THEIR_QUOTE = "Only the speaker's own quotes can be split off."
QUOTE_TEXT_NOT_FOUND = "These words are not in the article; copy them from its text."
QUOTE_TEXT_EMPTY = "A quote needs its words."
CLAIM_TEXT_EMPTY = "A claim needs its words."
RATING_OUT_OF_RANGE = "A rating value runs from 1 (false) to 5 (true)."
RATING_NEEDS_LABEL = "A rating needs a label, such as 'Mostly true'."
ALIAS_EMPTY = "An alias needs a name."
SPEAKER_IN_USE = "This speaker still has quotes or claims: merge it into another speaker, or move them first."
ENTITY_IN_USE = "Quotes or claims are still about this entity: merge it into another one instead."


def _is_set(value: object) -> bool:
    return value is not UNCHANGED


def _fk_id(value: models.Model | None) -> int | None:
    return value.pk if value is not None else None


def _differs(row: models.Model, field: str, value: object) -> bool:
    meta = row._meta.get_field(field)
    if meta.is_relation and meta.many_to_one:
        return getattr(row, meta.attname) != _fk_id(value)  # type: ignore[arg-type]
    return getattr(row, field) != value


def _described(value: object) -> str:
    if value is None or value == "":
        return "none"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _save_with_history(row: models.Model, *, editor: AbstractBaseUser | None, reason: str) -> None:
    """Check and save ``row``: one history row naming ``editor``, with ``reason`` as its change reason."""
    row.full_clean()
    row._history_user = editor  # type: ignore[attr-defined]
    row._change_reason = reason[:2000]  # type: ignore[attr-defined]
    try:
        row.save()
    finally:
        del row._change_reason  # type: ignore[attr-defined]  # or the next save of this object would repeat it


def _set_about(row: Quote | Claim, entities: Iterable[Entity]) -> bool:
    """Set what ``row`` is about without a history row of its own (the save that follows records it)."""
    wanted = {e.pk for e in entities}
    if wanted == set(row.about.values_list("pk", flat=True)):
        return False
    row.skip_history_when_saving = True  # type: ignore[union-attr]
    try:
        row.about.set(wanted)
    finally:
        del row.skip_history_when_saving  # type: ignore[union-attr]
    return True


def _review(
    row: Quote | Claim,
    *,
    editor: AbstractBaseUser,
    fields: dict[str, object],
    about: Iterable[Entity] | _Unchanged = UNCHANGED,
    status: str | None = None,
    verb: str = "",
) -> Quote | Claim:
    """Apply an editor's changes to a quote or claim in one save: the shared path of every correction.

    ``fields`` holds only the fields to set. A change of words, speaker or topics makes a machine-made or
    verified row ``corrected``; ``status`` sets the status (``verified`` with such a change is ``corrected``).
    Nothing changed: nothing is written.
    """
    model = type(row)
    about = list(about) if _is_set(about) else about  # type: ignore[arg-type]
    stored = model.objects.select_for_update().get(pk=row.pk)
    counted_before = touched_by([stored])
    changed = [name for name, value in fields.items() if _differs(stored, name, value)]
    old_values = {name: getattr(stored, name) for name in changed}
    for name in changed:
        setattr(stored, name, fields[name])
    about_changed = _is_set(about) and {e.pk for e in about} != set(stored.about.values_list("pk", flat=True))
    corrections = [name for name in changed if name not in _VERDICT_FIELDS]
    if corrections or about_changed:
        # Changed words, speaker or topics are a correction, also when the editor pressed "verify" with them.
        if status == Status.VERIFIED or (status is None and stored.status in (Status.MACHINE, Status.VERIFIED)):
            status = Status.CORRECTED
    status_changed = status is not None and status != stored.status
    if not (changed or about_changed or status_changed):
        return stored
    notes = [
        f"{name}: {_described(old_values[name])} → {_described(getattr(stored, name))}"
        for name in changed
        if name not in _VERDICT_FIELDS
    ]
    if any(name in _VERDICT_FIELDS for name in changed):
        rating = stored.rating_label or "none"  # type: ignore[union-attr]
        value = stored.rating_value  # type: ignore[union-attr]
        notes.append(f"rated: {rating}" + (f" ({value}/5)" if value else ""))
    if about_changed:
        notes.append("about changed")
    if status_changed:
        notes.insert(0, f"{verb or status}")
        stored.status = status
    stored.reviewed_by = editor
    stored.reviewed_at = timezone.now()
    if about_changed:
        _set_about(stored, about)  # type: ignore[arg-type]
    _save_with_history(stored, editor=editor, reason="; ".join(notes))
    refresh_rows(counted_before, [stored])
    row.refresh_from_db()
    return stored


# Fields of an editor's verdict: changing them is not a correction of the machine's reading.
_VERDICT_FIELDS = {"rating_value", "rating_label", "rating_note", "rated_by", "rated_at"}


def review_restored_status(row: Quote | Claim) -> str:
    """The status a rejected row had before, or ``verified`` when it was the machine's (an editor looked)."""
    before = row.history.exclude(status=Status.REJECTED).values_list("status", flat=True).first()
    return before if before in (Status.VERIFIED, Status.CORRECTED) else Status.VERIFIED


def quote_locate(
    *, article: Article, text: str, location: str = Location.BODY, caption_index: int = 0, near: int = 0
) -> tuple[int, int]:
    """Where ``text`` is in the article's body or caption (quotation marks and spacing forgiven).

    Words that occur more than once are taken at or after ``near`` (a page's selection knows where the
    editor's passage starts), else at their first place.
    """
    captions = article.captions or []
    source = (
        article.body if location == Location.BODY else captions[caption_index] if caption_index < len(captions) else ""
    )
    words = text.strip().strip("\"'“”‘’").strip()
    if not words:
        raise ValidationError(QUOTE_TEXT_EMPTY)
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    regex = re.compile(pattern)
    found = regex.search(source, max(near, 0)) or regex.search(source)
    found = found or re.compile(pattern, re.IGNORECASE).search(source)
    if found is None:
        raise ValidationError(QUOTE_TEXT_NOT_FOUND)
    return found.start(), found.end()


# ---- quotes


@transaction.atomic
def quote_edit(
    *,
    quote: Quote,
    editor: AbstractBaseUser,
    text: str | _Unchanged = UNCHANGED,
    kind: str | _Unchanged = UNCHANGED,
    cue: str | _Unchanged = UNCHANGED,
    speaker: Speaker | None | _Unchanged = UNCHANGED,
    speaker_mention: str | _Unchanged = UNCHANGED,
    about: Iterable[Entity] | _Unchanged = UNCHANGED,
    status: str | None = None,
) -> Quote:
    """Correct a quote's words, kind, cue, speaker or topics (and, with ``status``, its status) in one save."""
    fields = {
        name: value
        for name, value in {
            "text": text,
            "kind": kind,
            "cue": cue,
            "speaker": speaker,
            "speaker_mention": speaker_mention,
        }.items()
        if _is_set(value)
    }
    return _review(quote, editor=editor, fields=fields, about=about, status=status)  # type: ignore[return-value]


def _verdict_verify(row: Quote | Claim, *, editor: AbstractBaseUser) -> Quote | Claim:
    """Confirm a machine row as it is; a verified or corrected row is left as it is."""
    if row.status in (Status.VERIFIED, Status.CORRECTED):
        return row
    return _review(row, editor=editor, fields={}, status=Status.VERIFIED, verb="verified")


def _verdict_reject(row: Quote | Claim, *, editor: AbstractBaseUser) -> Quote | Claim:
    """Hide a row; it is kept so that re-extraction never brings it back."""
    return _review(row, editor=editor, fields={}, status=Status.REJECTED, verb="rejected")


def _verdict_restore(row: Quote | Claim, *, editor: AbstractBaseUser) -> Quote | Claim:
    """Undo a rejection: the row gets back the status it had (``verified`` if it was the machine's)."""
    if row.status != Status.REJECTED:
        return row
    return _review(row, editor=editor, fields={}, status=review_restored_status(row), verb="restored")


@transaction.atomic
def quote_reassign(*, quote: Quote, editor: AbstractBaseUser, speaker: Speaker | None) -> Quote:
    """Give a quote to another speaker (or to no one); the quote becomes ``corrected``."""
    return quote_edit(quote=quote, editor=editor, speaker=speaker)


@transaction.atomic
def quote_verify(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Confirm the machine's quote as it is; a corrected quote stays corrected."""
    return _verdict_verify(quote, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def quote_reject(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Mark a quote as not a quote: it is hidden, and re-extraction never creates it again."""
    return _verdict_reject(quote, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def quote_restore(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Undo a rejection: the quote gets back the status it had (``verified`` if it was the machine's)."""
    return _verdict_restore(quote, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def quote_add(
    *,
    article: Article,
    editor: AbstractBaseUser,
    text: str,
    speaker: Speaker | None = None,
    speaker_mention: str = "",
    kind: str = QuoteKind.DIRECT,
    cue: str = "",
    about: Iterable[Entity] = (),
    location: str = Location.BODY,
    caption_index: int = 0,
    near: int = 0,
) -> Quote:
    """Add a quote the machine missed; its words must be in the article, which gives its offsets (see
    ``quote_locate`` for ``near``)."""
    start, end = quote_locate(article=article, text=text, location=location, caption_index=caption_index, near=near)
    source = article.body if location == Location.BODY else article.captions[caption_index]
    quote = Quote(
        article=article,
        speaker=speaker,
        speaker_mention=speaker_mention[:300],
        text=source[start:end],
        kind=kind,
        cue=cue[:60],
        location=location,
        caption_index=caption_index,
        start=start,
        end=end,
        fragments=[[start, end]],
        confidence=1.0,
        status=Status.CORRECTED,
        added_by_editor=True,
        reviewed_by=editor,
        reviewed_at=timezone.now(),
    )
    _save_with_history(quote, editor=editor, reason="added by an editor")
    _add_about(quote, "quote", about)
    refresh_rows((set(), set()), [quote])
    return quote


def _history_link_about(
    through, field: str, links: Sequence[models.Model], known: dict[int, int] | None = None
) -> None:
    """Record new ``about`` links (rows of ``through``, saved) in the latest history row of each linked quote or
    claim, in one insert: links made after a row's history row would otherwise show later as an ``about``
    change that no one made. ``known``: the latest history row's id of some of those rows, by row id (the
    others are looked up)."""
    if not links:
        return
    model = through._meta.get_field(field).related_model
    history = _history(model)
    ids = {getattr(link, f"{field}_id") for link in links}
    latest: dict[int, int] = {pk: known[pk] for pk in ids if known and pk in known}
    if missing := ids - latest.keys():
        for pk, history_id in (
            history.filter(id__in=missing).order_by("history_date", "history_id").values_list("id", "history_id")
        ):
            latest[pk] = history_id
    m2m_history = history.model.about.model
    m2m_history.objects.bulk_create(
        m2m_history(
            **{"history_id": latest[getattr(link, f"{field}_id")], f"{field}_id": getattr(link, f"{field}_id")},
            id=link.pk,
            entity_id=link.entity_id,
        )
        for link in links
        if getattr(link, f"{field}_id") in latest
    )


def _add_about(row: Quote | Claim, field: str, about: Iterable[Entity]) -> None:
    """Link a new row to its topics and record them in its first history row."""
    entities = list(dict.fromkeys(about))
    if not entities:
        return
    through = type(row).about.through
    links = through.objects.bulk_create(through(**{f"{field}_id": row.pk}, entity_id=e.pk) for e in entities)
    _history_link_about(through, field, links)


# ---- claims


def claim_rating_validate(*, rating_value: int | None, rating_label: str) -> None:
    """Refuse a verdict out of range or without a label (raises ValidationError)."""
    if rating_value is None or not 1 <= rating_value <= 5:
        raise ValidationError(RATING_OUT_OF_RANGE)
    if not rating_label.strip():
        raise ValidationError(RATING_NEEDS_LABEL)


RATING_FIELDS = ("rating_value", "rating_label", "rating_note")


@transaction.atomic
def claim_edit(
    *,
    claim: Claim,
    editor: AbstractBaseUser,
    text: str | _Unchanged = UNCHANGED,
    claimant: Speaker | None | _Unchanged = UNCHANGED,
    about: Iterable[Entity] | _Unchanged = UNCHANGED,
    rating_value: int | None | _Unchanged = UNCHANGED,
    rating_label: str | _Unchanged = UNCHANGED,
    rating_note: str | _Unchanged = UNCHANGED,
    status: str | None = None,
) -> Claim:
    """Correct a claim's words, claimant or topics, or its rating (and, with ``status``, its status) in one save.

    A rating alone makes a machine-made claim ``verified``; a changed word, claimant or topic makes it
    ``corrected``.
    """
    fields = {name: value for name, value in {"text": text, "claimant": claimant}.items() if _is_set(value)}
    if fields.get("text") == "":
        raise ValidationError(CLAIM_TEXT_EMPTY)
    rating = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in zip(RATING_FIELDS, (rating_value, rating_label, rating_note), strict=True)
        if _is_set(value)
    }
    current = Claim.objects.get(pk=claim.pk)  # ``claim`` may hold a form's unsaved values
    if any(getattr(current, name) != value for name, value in rating.items()):
        merged = {name: rating.get(name, getattr(current, name)) for name in RATING_FIELDS}
        if merged["rating_value"] is not None or merged["rating_label"]:
            claim_rating_validate(rating_value=merged["rating_value"], rating_label=merged["rating_label"])
        cleared = merged["rating_value"] is None and not merged["rating_label"]
        fields.update(rating, rated_by=None if cleared else editor, rated_at=None if cleared else timezone.now())
        only_rating = not any(_differs(current, n, v) for n, v in fields.items() if n in ("text", "claimant"))
        about_same = not _is_set(about) or {e.pk for e in about} == set(current.about.values_list("pk", flat=True))
        if status is None and only_rating and about_same and current.status == Status.MACHINE:
            status = Status.VERIFIED
    return _review(claim, editor=editor, fields=fields, about=about, status=status)  # type: ignore[return-value]


@transaction.atomic
def claim_reassign(*, claim: Claim, editor: AbstractBaseUser, claimant: Speaker | None) -> Claim:
    """Credit a claim to another speaker (None: the outlet asserts it)."""
    return claim_edit(claim=claim, editor=editor, claimant=claimant)


@transaction.atomic
def claim_verify(*, claim: Claim, editor: AbstractBaseUser) -> Claim:
    """Confirm the machine's claim as it is; a corrected claim stays corrected."""
    return _verdict_verify(claim, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def claim_reject(*, claim: Claim, editor: AbstractBaseUser) -> Claim:
    """Mark a claim as not a claim: hidden, and kept so re-extraction does not bring it back."""
    return _verdict_reject(claim, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def claim_restore(*, claim: Claim, editor: AbstractBaseUser) -> Claim:
    """Undo a claim's rejection."""
    return _verdict_restore(claim, editor=editor)  # type: ignore[return-value]


@transaction.atomic
def claim_add(
    *,
    article: Article,
    editor: AbstractBaseUser,
    text: str,
    claimant: Speaker | None = None,
    quote: Quote | None = None,
    about: Iterable[Entity] = (),
) -> Claim:
    """Add a claim the machine missed; its words must be in the article's body."""
    start, end = quote_locate(article=article, text=text)
    claim = Claim(
        article=article,
        claimant=claimant,
        quote=quote,
        text=article.body[start:end],
        start=start,
        end=end,
        fragments=[[start, end]],
        checkworthiness=1.0,
        status=Status.CORRECTED,
        added_by_editor=True,
        reviewed_by=editor,
        reviewed_at=timezone.now(),
    )
    _save_with_history(claim, editor=editor, reason="added by an editor")
    _add_about(claim, "claim", about)
    refresh_rows((set(), set()), [claim])
    return claim


@transaction.atomic
def claim_rate(
    *, claim: Claim, editor: AbstractBaseUser, rating_value: int, rating_label: str, note: str = ""
) -> Claim:
    """Record an editor's ClaimReview verdict on ``claim`` in one save; a machine-made claim becomes verified."""
    claim_rating_validate(rating_value=rating_value, rating_label=rating_label)
    return claim_edit(
        claim=claim, editor=editor, rating_value=rating_value, rating_label=rating_label, rating_note=note
    )


@transaction.atomic
def tension_resolve(*, tension: Tension, editor: AbstractBaseUser, note: str = "") -> Tension:
    """Mark a tension between two figures as looked at and settled."""
    stored = Tension.objects.select_for_update().get(pk=tension.pk)
    if stored.resolved and stored.note == note:
        return stored
    stored.resolved = True
    stored.resolved_by = editor
    stored.resolved_at = timezone.now()
    stored.note = note
    stored.full_clean()
    stored.save()
    tension.refresh_from_db()
    return stored


# ---- speakers


@transaction.atomic
def speaker_create(
    *,
    editor: AbstractBaseUser,
    name: str,
    kind: str = SpeakerKind.UNKNOWN,
    role: str = "",
    affiliation: str = "",
) -> Speaker:
    """Add a speaker by hand; the slug is made from the name and the name becomes an alias."""
    speaker = Speaker(
        name=name.strip(),
        slug=unique_slug(Speaker, name, max_length=100),
        kind=kind,
        role=role,
        affiliation=affiliation,
    )
    _save_with_history(speaker, editor=editor, reason="added by an editor")
    speaker_alias_add(speaker=speaker, editor=editor, alias=speaker.name)
    return speaker


@transaction.atomic
def speaker_edit(
    *,
    speaker: Speaker,
    editor: AbstractBaseUser,
    name: str | _Unchanged = UNCHANGED,
    kind: str | _Unchanged = UNCHANGED,
    role: str | _Unchanged = UNCHANGED,
    affiliation: str | _Unchanged = UNCHANGED,
    gender: str | _Unchanged = UNCHANGED,
    needs_review: bool | _Unchanged = UNCHANGED,
) -> Speaker:
    """Correct a speaker's name, kind, role, affiliation or gender, or clear its flag for review (the
    identity rules then leave it as the editor left it); a new name is kept as an alias too."""
    stored = Speaker.objects.select_for_update().get(pk=speaker.pk)
    fields = {
        "name": name,
        "kind": kind,
        "role": role,
        "affiliation": affiliation,
        "gender": gender,
        "needs_review": needs_review,
    }
    changed = [n for n, v in fields.items() if _is_set(v) and getattr(stored, n) != v]
    if not changed:
        return stored
    notes = [f"{n}: {_described(getattr(stored, n))} → {_described(fields[n])}" for n in changed]
    for n in changed:
        setattr(stored, n, fields[n])
    _save_with_history(stored, editor=editor, reason="; ".join(notes))
    if "name" in changed:
        speaker_alias_add(speaker=stored, editor=editor, alias=stored.name)
    speaker.refresh_from_db()
    return stored


@transaction.atomic
def speaker_alias_add(*, speaker: Speaker, editor: AbstractBaseUser, alias: str) -> SpeakerAlias | None:
    """Add a name later ingests should find ``speaker`` by; None when the speaker already has it."""
    key = name_key(alias)
    if not key:
        raise ValidationError(ALIAS_EMPTY)
    if speaker.aliases.filter(key=key).exists():
        return None
    row = SpeakerAlias(speaker=speaker, alias=alias.strip()[:300], key=key, added_by_editor=True)
    _save_with_history(row, editor=editor, reason="added by an editor")
    return row


@transaction.atomic
def speaker_alias_remove(*, alias: SpeakerAlias, editor: AbstractBaseUser) -> None:
    """Forget a name of a speaker (later ingests no longer match it)."""
    alias._history_user = editor  # type: ignore[attr-defined]
    alias._change_reason = "removed by an editor"  # type: ignore[attr-defined]
    alias.delete()


@transaction.atomic
def speaker_delete(*, speaker: Speaker, editor: AbstractBaseUser) -> None:
    """Delete a speaker nothing is credited to any more (a stray name); refused while it has quotes or claims."""
    if speaker.quotes.exists() or speaker.claims.exists():
        raise ValidationError(SPEAKER_IN_USE)
    for alias in speaker.aliases.all():
        speaker_alias_remove(alias=alias, editor=editor)
    speaker._history_user = editor  # type: ignore[attr-defined]
    speaker._change_reason = "deleted by an editor"  # type: ignore[attr-defined]
    speaker.delete()


def _movable(speaker_ids: Sequence[int]) -> tuple[list[Quote], list[Claim]]:
    return (
        list(Quote.objects.filter(speaker_id__in=speaker_ids).order_by("pk")),
        list(Claim.objects.filter(claimant_id__in=speaker_ids).order_by("pk")),
    )


def speaker_merge_preview(*, keep: Speaker, others: Sequence[Speaker]) -> dict[str, list]:
    """What a merge would move to ``keep``: the others' quotes, claims and names (for a confirmation page)."""
    ids = [s.pk for s in others if s.pk != keep.pk]
    quotes, claims = _movable(ids)
    names = sorted(set(SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("alias", flat=True)))
    return {"quotes": quotes, "claims": claims, "names": names}


def _moved(quotes: Sequence[Quote], claims: Sequence[Claim]) -> str:
    parts = []
    if quotes:
        parts.append(f"{len(quotes)} quote(s) #" + ", #".join(str(q.pk) for q in quotes))
    if claims:
        parts.append(f"{len(claims)} claim(s) #" + ", #".join(str(c.pk) for c in claims))
    return "; ".join(parts) or "nothing"


def _move_to(rows: Iterable[Quote | Claim], speaker: Speaker, *, editor: AbstractBaseUser, reason: str) -> None:
    """Credit quotes and claims to ``speaker``, one history row each; machine-made ones become corrected."""
    for row in rows:
        if isinstance(row, Quote):
            row.speaker = speaker
        else:
            row.claimant = speaker
        if row.status == Status.MACHINE:
            row.status = Status.CORRECTED
            row.reviewed_by = editor
            row.reviewed_at = timezone.now()
        _save_with_history(row, editor=editor, reason=reason)


@transaction.atomic
def speaker_merge(*, keep: Speaker, others: Sequence[Speaker], editor: AbstractBaseUser) -> Speaker:
    """Fold ``others`` into ``keep``: their quotes, claims and names move over, and the other rows go.

    The names become editors' aliases of ``keep``, so later ingests find ``keep`` by them. The merge is
    recorded on both sides: on ``keep`` and in the deletion row of each other speaker, with what moved.
    """
    others = [s for s in others if s.pk != keep.pk]
    if not others:
        raise ValidationError(MERGE_NEEDS_TWO)
    keep = Speaker.objects.select_for_update().get(pk=keep.pk)
    summary = []
    for other in others:
        quotes, claims = _movable([other.pk])
        moved = _moved(quotes, claims)
        reason = f"speaker {other.name} (#{other.pk}) merged into {keep.name}"
        _move_to([*quotes, *claims], keep, editor=editor, reason=reason)
        known = set(keep.aliases.values_list("key", flat=True))
        names = []
        for alias in other.aliases.all():
            if alias.key in known:
                speaker_alias_remove(alias=alias, editor=editor)
                continue
            # The alias row moves, keeping its history; the merged speaker's own name is among them.
            alias.speaker = keep
            alias.added_by_editor = True
            _save_with_history(alias, editor=editor, reason=f"moved from merged speaker {other.name} (#{other.pk})")
            known.add(alias.key)
            names.append(alias.alias)
        for field in ("role", "affiliation", "gender"):
            if not getattr(keep, field) and getattr(other, field):
                setattr(keep, field, getattr(other, field))
        summary.append(f"{other.name} (#{other.pk}): {moved}; names: {', '.join(names) or 'none new'}")
        other._history_user = editor  # type: ignore[attr-defined]
        other._change_reason = f"merged into {keep.name} (#{keep.pk}); moved {moved}"  # type: ignore[attr-defined]
        other.delete()
    keep.needs_review = False  # the editor has decided who this is
    _save_with_history(keep, editor=editor, reason="merged in " + " | ".join(summary))
    for name in [keep.name, *(o.name for o in others)]:
        if name_key(name):
            speaker_alias_add(speaker=keep, editor=editor, alias=name)
    counters_refresh(speakers=[keep.pk])
    return keep


@transaction.atomic
def speaker_split(
    *,
    speaker: Speaker,
    quotes: Sequence[Quote],
    editor: AbstractBaseUser,
    into: Speaker | None = None,
    name: str = "",
    kind: str = SpeakerKind.UNKNOWN,
) -> Speaker:
    """Move some of a speaker's quotes (and the claims made in them) to another speaker, or to a new one
    named ``name``; recorded on both speakers."""
    if not quotes:
        raise ValidationError(SPLIT_NEEDS_QUOTES)
    if any(q.speaker_id != speaker.pk for q in quotes):
        raise ValidationError(SPLIT_NOT_THEIR_QUOTE)
    if into is None and not name.strip():
        raise ValidationError(SPLIT_NEEDS_TARGET)
    if into is not None and into.pk == speaker.pk:
        raise ValidationError(SPLIT_NEEDS_TARGET)
    target = into or speaker_create(editor=editor, name=name, kind=kind or speaker.kind)
    claims = list(Claim.objects.filter(quote__in=quotes, claimant=speaker).order_by("pk"))
    moved = _moved(quotes, claims)
    _move_to([*quotes, *claims], target, editor=editor, reason=f"split from {speaker.name} (#{speaker.pk})")
    _save_with_history(speaker, editor=editor, reason=f"split: moved {moved} to {target.name} (#{target.pk})")
    _save_with_history(target, editor=editor, reason=f"split: got {moved} from {speaker.name} (#{speaker.pk})")
    counters_refresh(speakers=[speaker.pk, target.pk])
    return target


# ---- entities (what quotes and claims are about)


@transaction.atomic
def entity_create(*, editor: AbstractBaseUser, name: str, kind: str = EntityKind.OTHER) -> Entity:
    """Add an entity by hand; the slug is made from the name and the name becomes an alias."""
    entity = Entity(name=name.strip(), slug=unique_slug(Entity, name, max_length=100), kind=kind)
    _save_with_history(entity, editor=editor, reason="added by an editor")
    entity_alias_add(entity=entity, editor=editor, alias=entity.name)
    return entity


@transaction.atomic
def entity_edit(
    *,
    entity: Entity,
    editor: AbstractBaseUser,
    name: str | _Unchanged = UNCHANGED,
    kind: str | _Unchanged = UNCHANGED,
) -> Entity:
    """Correct an entity's name or kind; a new name is kept as an alias too."""
    stored = Entity.objects.select_for_update().get(pk=entity.pk)
    fields = {"name": name, "kind": kind}
    changed = [n for n, v in fields.items() if _is_set(v) and getattr(stored, n) != v]
    if not changed:
        return stored
    notes = [f"{n}: {_described(getattr(stored, n))} → {_described(fields[n])}" for n in changed]
    for n in changed:
        setattr(stored, n, fields[n])
    _save_with_history(stored, editor=editor, reason="; ".join(notes))
    if "name" in changed:
        entity_alias_add(entity=stored, editor=editor, alias=stored.name)
    entity.refresh_from_db()
    return stored


@transaction.atomic
def entity_alias_add(*, entity: Entity, editor: AbstractBaseUser, alias: str) -> EntityAlias | None:
    """Add a name later ingests should find ``entity`` by; None when it already has it."""
    key = name_key(alias)
    if not key:
        raise ValidationError(ALIAS_EMPTY)
    if entity.aliases.filter(key=key).exists():
        return None
    row = EntityAlias(entity=entity, alias=alias.strip()[:300], key=key)
    _save_with_history(row, editor=editor, reason="added by an editor")
    return row


@transaction.atomic
def entity_alias_remove(*, alias: EntityAlias, editor: AbstractBaseUser) -> None:
    """Forget a name of an entity."""
    alias._history_user = editor  # type: ignore[attr-defined]
    alias._change_reason = "removed by an editor"  # type: ignore[attr-defined]
    alias.delete()


@transaction.atomic
def entity_delete(*, entity: Entity, editor: AbstractBaseUser) -> None:
    """Delete an entity nothing is about; refused while quotes or claims are about it."""
    if entity.quotes.exists() or entity.claims.exists():
        raise ValidationError(ENTITY_IN_USE)
    for alias in entity.aliases.all():
        entity_alias_remove(alias=alias, editor=editor)
    entity._history_user = editor  # type: ignore[attr-defined]
    entity._change_reason = "deleted by an editor"  # type: ignore[attr-defined]
    entity.delete()


def entity_merge_preview(*, keep: Entity, others: Sequence[Entity]) -> dict[str, list]:
    """What an entity merge would move to ``keep``: the quotes and claims about the others, and their names."""
    ids = [e.pk for e in others if e.pk != keep.pk]
    return {
        "quotes": list(Quote.objects.filter(about__in=ids).distinct().order_by("pk")),
        "claims": list(Claim.objects.filter(about__in=ids).distinct().order_by("pk")),
        "names": sorted(set(EntityAlias.objects.filter(entity_id__in=ids).values_list("alias", flat=True))),
    }


@transaction.atomic
def entity_merge(*, keep: Entity, others: Sequence[Entity], editor: AbstractBaseUser) -> Entity:
    """Fold ``others`` into ``keep``: quotes and claims about them are about ``keep``, their names move."""
    others = [e for e in others if e.pk != keep.pk]
    if not others:
        raise ValidationError(ENTITY_MERGE_NEEDS_TWO)
    ids = {e.pk for e in others}
    preview = entity_merge_preview(keep=keep, others=others)
    reason = f"topic {', '.join(e.name for e in others)} merged into {keep.name}"
    for row in [*preview["quotes"], *preview["claims"]]:
        topics = [e for e in row.about.all() if e.pk not in ids]
        _set_about(row, [*topics, keep] if keep not in topics else topics)
        _save_with_history(row, editor=editor, reason=reason)
    known = set(keep.aliases.values_list("key", flat=True))
    for other in others:
        for alias in other.aliases.all():
            if alias.key in known:
                continue
            alias.entity = keep
            _save_with_history(alias, editor=editor, reason=f"moved from merged entity {other.name} (#{other.pk})")
            known.add(alias.key)
        other._history_user = editor  # type: ignore[attr-defined]
        other._change_reason = f"merged into {keep.name} (#{keep.pk})"  # type: ignore[attr-defined]
        other.delete()
    moved = _moved(preview["quotes"], preview["claims"])
    _save_with_history(keep, editor=editor, reason=f"merged in {', '.join(e.name for e in others)}: {moved}")
    counters_refresh(entities=[keep.pk])
    return keep


# ---------------------------------------------------------------- roles

EDITORS_GROUP = "Editors"
VIEWERS_GROUP = "Viewers"
_EDITING = ["quote", "claim", "speaker", "speakeralias", "entity", "entityalias"]
# What each role may do; the data migration that first made the groups holds a copy of this list.
GROUP_PERMISSIONS = {
    EDITORS_GROUP: [
        *[f"claims.{verb}_{model}" for model in _EDITING for verb in ("view", "add", "change")],
        "claims.delete_speakeralias",
        "claims.delete_entityalias",
        "claims.view_tension",
        "claims.change_tension",
        "claims.rate_claim",
        "articles.view_article",
        "articles.change_article",
        "articles.view_outlet",
    ],
    VIEWERS_GROUP: [
        *[f"claims.view_{model}" for model in [*_EDITING, "tension"]],
        "articles.view_article",
        "articles.view_outlet",
    ],
}


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """The Editors and Viewers groups, with exactly the permissions ``GROUP_PERMISSIONS`` gives them."""
    groups = {}
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(pk__in=[])
        for code in codes:
            app, codename = code.split(".")
            query |= Q(content_type__app_label=app, codename=codename)
        group.permissions.set(Permission.objects.filter(query))
        groups[name] = group
    return groups


@transaction.atomic
def editor_ensure(*, username: str, password: str = "") -> tuple[AbstractBaseUser, str]:
    """An active staff login in the Editors group, and its password (``password``, or the one it already has
    in ``var/<username>.password``, or a new random one kept there so repeated runs print the same)."""
    if not password:
        secret_file = settings.BASE_DIR / "var" / f"{username}.password"
        password = secret_file.read_text().strip() if secret_file.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            secret_file.parent.mkdir(exist_ok=True)
            secret_file.touch(mode=0o600)
            secret_file.write_text(password + "\n")
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    if created or not user.check_password(password):
        user.set_password(password)
    user.is_staff = True
    user.is_active = True
    user.full_clean()
    user.save()
    user.groups.add(roles_ensure()[EDITORS_GROUP])
    return user, password


# ---------------------------------------------------------------- measuring the extractor on editors' work


def claims_evaluate(*, since: datetime.date | None = None) -> Evaluation:
    """Re-run extraction (storing nothing) on the articles editors reviewed, and compare with their verdicts.

    ``since``: only articles with a quote reviewed on or after that day.
    """
    from articles.models import Article

    from .evaluation import KEPT, NEW_SPEAKER, REJECTED, EditorQuote, Evaluation, MachineQuote, Span, compare
    from .extraction.pipeline import extract

    reviewed = Quote.objects.exclude(status=Status.MACHINE)
    if since is not None:
        reviewed = reviewed.filter(reviewed_at__date__gte=since)
    articles = Article.objects.filter(pk__in=reviewed.values("article")).order_by("pk")
    evaluation = Evaluation()
    nlp = get_nlp() if articles else None
    for article in articles:
        editors = [
            EditorQuote(
                Span(q.location, q.caption_index, q.start, q.end),
                q.text,
                REJECTED if q.status == Status.REJECTED else KEPT,
                q.speaker_id,
                q.speaker_name,
            )
            for q in article.quotes.exclude(status=Status.MACHINE).select_related("speaker")
        ]
        extraction = extract(article.body, nlp, captions=tuple(article.captions), headline=article.headline)
        machine = []
        for found in extraction.quotes:
            location, index, start, end, _ = _span(found.fragments)
            speaker, name = None, ""
            if found.speaker is not None and found.speaker.name:
                name = found.speaker.name
                row = speaker_find(name=name, aliases=found.speaker.aliases, kind=found.speaker.kind)
                speaker = row.pk if row is not None else NEW_SPEAKER
                name = row.name if row is not None else f"{name} (new)"
            machine.append(MachineQuote(Span(location, index, start, end), found.text, speaker, name))
        evaluation.articles.append(compare(article.source_name or article.slug, editors, machine))
    return evaluation
