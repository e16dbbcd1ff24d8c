"""Storing extractions, re-extracting without losing editors' work, and loading the NLP pipeline.

spaCy is imported lazily here, so web processes that import this module never load it.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .extraction import types as x
from .extraction.batch import Failed, Job, extract_many
from .models import Claim, Entity, EntityAlias, EntityKind, Quote, Speaker, SpeakerAlias, Status, Tension
from .naming import is_name_like, name_key
from .relocation import TextMove, words_key

if TYPE_CHECKING:
    from articles.models import Article


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


class SpeakerBook:
    """The speakers of one article, found among the stored ones (or made) with a few queries in all.

    One query fetches every alias that any of the article's names or surnames could match; the rules then
    run in memory, in the article's order, seeing the speakers made for earlier names. New speakers, their
    aliases and changes to known speakers are written by ``save`` in bulk.

    The rules: a full name (or a name-like alias) that belongs to exactly one speaker is that speaker; a
    name that several speakers share is the one speaker called exactly that, if any (so a name made apart
    because it was ambiguous is found again, not made anew each time); a person's bare surname matches only
    one person with no clash of first names; anything else is a new speaker for editors to merge.
    """

    def __init__(self, found: Iterable[x.Speaker]) -> None:
        self.found = [f for f in dict.fromkeys(found) if f is not None and f.name]
        keys: set[str] = set()
        surnames: set[str] = set()
        for f in self.found:
            keys.update(_lookup_keys(f.name, f.aliases))
            if words := name_key(f.name).split():
                surnames.add(words[-1])
        query = Q(key__in=keys | surnames)
        for surname in surnames:
            query |= Q(key__endswith=f" {surname}")
        self.aliases: list[tuple[str, Speaker]] = []
        self.known: dict[int, set[str]] = {}
        if keys:
            for alias in SpeakerAlias.objects.filter(query).select_related("speaker"):
                self.aliases.append((alias.key, alias.speaker))
                self.known.setdefault(alias.speaker_id, set())
        ids = list(self.known)
        for speaker_id, key in SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("speaker_id", "key"):
            self.known[speaker_id].add(key)
        self.edited = set(Speaker.history.filter(id__in=ids, history_user__isnull=False).values_list("id", flat=True))
        self.new_aliases: dict[int, dict[str, str]] = {}  # id(speaker) -> key -> alias
        self.changed: dict[int, tuple[Speaker, set[str]]] = {}
        self.rows: dict[x.Speaker, Speaker] = {}

    def find(self, *, name: str, aliases: Sequence[str] = (), kind: str = "") -> Speaker | None:
        """The speaker ``name`` belongs to among those stored or made so far, or None."""
        keys = _lookup_keys(name, aliases)
        if not keys:
            return None

        def fits(speaker: Speaker) -> bool:
            return not kind or kind == x.UNKNOWN or speaker.kind in (kind, x.UNKNOWN)

        by_key: dict[str, dict[int, Speaker]] = {}
        for key, speaker in self.aliases:
            if key in keys and fits(speaker):
                by_key.setdefault(key, {})[id(speaker) if speaker.pk is None else speaker.pk] = speaker
        for key in [k for k in keys if " " in k] + [k for k in keys if " " not in k]:
            rows = by_key.get(key, {})
            if len(rows) == 1:
                return next(iter(rows.values()))
            exact = [s for s in rows.values() if name_key(s.name) == key]
            if len(exact) == 1:
                return exact[0]
        if kind in ("", x.PERSON, x.UNKNOWN):
            return self._by_surname(keys[0])
        return None

    def _by_surname(self, key: str) -> Speaker | None:
        words = key.split()
        surname = words[-1]
        matches = {
            (id(s) if s.pk is None else s.pk): s
            for k, s in self.aliases
            if (k == surname or k.endswith(f" {surname}")) and s.kind in (x.PERSON, x.UNKNOWN)
        }
        if len(words) > 1:
            matches = {
                pk: s
                for pk, s in matches.items()
                if len(name_key(s.name).split()) < 2 or name_key(s.name).split()[0] == words[0]
            }
        return next(iter(matches.values())) if len(matches) == 1 else None

    def row(self, found: x.Speaker | None) -> Speaker | None:
        """The Speaker row for a speaker found in the article (made in memory when new)."""
        if found is None or not found.name:
            return None
        if found in self.rows:
            return self.rows[found]
        speaker = self.find(name=found.name, aliases=found.aliases, kind=found.kind)
        if speaker is None:
            speaker = Speaker(
                name=found.name, kind=found.kind or x.UNKNOWN, role=found.role, affiliation=found.affiliation
            )
        elif speaker.pk is not None:
            self._fill(speaker, found)
        self._alias(speaker, [found.name, *found.aliases])
        self.rows[found] = speaker
        return speaker

    def _fill(self, speaker: Speaker, found: x.Speaker) -> None:
        """Keep the fullest name and fill in what was unknown, but never undo an editor's values."""
        _, changed = self.changed.setdefault(speaker.pk, (speaker, set()))
        fuller = len(name_key(found.name).split()) > len(name_key(speaker.name).split())
        if fuller and speaker.pk not in self.edited:
            speaker.name = found.name
            changed.add("name")
        for field in ("role", "affiliation"):
            if not getattr(speaker, field) and getattr(found, field):
                setattr(speaker, field, getattr(found, field))
                changed.add(field)
        if speaker.kind == x.UNKNOWN and found.kind and found.kind != x.UNKNOWN:
            speaker.kind = found.kind
            changed.add("kind")

    def _alias(self, speaker: Speaker, names: Iterable[str]) -> None:
        known = self.known.get(speaker.pk, set()) if speaker.pk is not None else set()
        pending = self.new_aliases.setdefault(id(speaker), {})
        for alias in names:
            key = name_key(alias)
            if key and key not in known and key not in pending and is_name_like(alias):
                pending[key] = alias.strip()
                self.aliases.append((key, speaker))

    def save(self, used: Iterable[Speaker]) -> None:
        """Write those of ``used`` that are new, their new aliases and filled-in fields (each once)."""
        used = list({id(s): s for s in used}.values())
        new = [s for s in used if s.pk is None]
        for speaker, slug in zip(new, _free_slugs(Speaker, [s.name for s in new]), strict=True):
            speaker.slug = slug
        if new:
            bulk_create_with_history(new, Speaker)
        for speaker in used:
            _, fields = self.changed.pop(speaker.pk, (speaker, set()))
            if fields:
                speaker.save(update_fields=sorted(fields))
        SpeakerAlias.objects.bulk_create(
            SpeakerAlias(speaker=speaker, alias=alias, key=key)
            for speaker in used
            for key, alias in self.new_aliases.pop(id(speaker), {}).items()
        )


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
    busy |= set(Speaker.history.filter(id__in=ids, history_user__isnull=False).values_list("id", flat=True))
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
    SpeakerAlias.objects.bulk_create(new)


MERGE_NEEDS_TWO = "Pick at least two speakers to merge."


@transaction.atomic
def speaker_merge(*, keep: Speaker, others: Sequence[Speaker], editor=None) -> Speaker:
    """Fold ``others`` into ``keep``: their quotes, claims and names move over (as editors' aliases, so later
    ingests find ``keep``), and the other rows go."""
    from django.core.exceptions import ValidationError

    others = [s for s in others if s.pk != keep.pk]
    if not others:
        raise ValidationError(MERGE_NEEDS_TWO)
    ids = [s.pk for s in others]
    names = [s.name for s in others] + list(
        SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("alias", flat=True)
    )
    # Row by row, so each moved quote and claim gets a history entry naming the editor.
    for row in [*Quote.objects.filter(speaker_id__in=ids), *Claim.objects.filter(claimant_id__in=ids)]:
        if row.status == Status.MACHINE:
            row.status = Status.CORRECTED
        if isinstance(row, Quote):
            row.speaker = keep
        else:
            row.claimant = keep
        row._history_user = editor
        row.save()
    for field in ("role", "affiliation"):
        if not getattr(keep, field):
            setattr(keep, field, next((getattr(s, field) for s in others if getattr(s, field)), ""))
    keep._history_user = editor
    keep.save()
    Speaker.objects.filter(pk__in=ids).delete()
    speaker_add_aliases(keep, names, by_editor=True)
    return keep


def entities_resolve(found: Sequence[x.Entity]) -> dict[str, Entity]:
    """The Entity row for each entity found in an article, by its name there (matched on name or alias).

    A few queries for the whole article: one lookup of every alias, the free slugs, the new rows, the new
    aliases.
    """
    keys_of = {e.name: [k for k in dict.fromkeys(name_key(a) for a in (e.name, *e.aliases)) if k] for e in found}
    known: dict[str, list[Entity]] = {}
    for alias in EntityAlias.objects.filter(key__in={k for keys in keys_of.values() for k in keys}).select_related(
        "entity"
    ):
        known.setdefault(alias.key, []).append(alias.entity)
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
    Entity.objects.bulk_create(new)
    existing = set(EntityAlias.objects.filter(entity__in=[r.pk for r in rows.values()]).values_list("entity_id", "key"))
    aliases = {}
    for e in found:
        entity = rows[e.name]
        for alias in (e.name, *e.aliases):
            key = name_key(alias)
            if key and (entity.pk, key) not in existing:
                aliases.setdefault((entity.pk, key), EntityAlias(entity=entity, alias=alias.strip(), key=key))
    EntityAlias.objects.bulk_create(aliases.values())
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


def _about_ids(through, field: str, ids: Sequence[int]) -> dict[int, set[int]]:
    about: dict[int, set[int]] = {pk: set() for pk in ids}
    for pk, entity in through.objects.filter(**{f"{field}_id__in": ids}).values_list(f"{field}_id", "entity_id"):
        about[pk].add(entity)
    return about


def _relink_about(through, field: str, wanted: dict[int, list[Entity]], have: dict[int, set[int]]) -> None:
    """Make each row's links to entities what ``wanted`` says, touching only the rows whose links differ."""
    stale = [pk for pk, entities in wanted.items() if {e.pk for e in entities} != have.get(pk, set())]
    if not stale:
        return
    through.objects.filter(**{f"{field}_id__in": [pk for pk in stale if have.get(pk)]}).delete()
    through.objects.bulk_create(
        through(**{f"{field}_id": pk, "entity_id": entity.pk}) for pk in stale for entity in dict.fromkeys(wanted[pk])
    )


class _Store:
    """One article's extraction written over what is stored: see ``claims_store_extraction``."""

    def __init__(self, article: Article, extraction: x.Extraction, fresh: bool, previous) -> None:
        self.article, self.extraction, self.fresh = article, extraction, fresh
        now = article_texts(article)
        self.mover = _Mover(previous or now, now)
        self.moving = previous is not None and previous != now
        self.book = SpeakerBook(
            [*extraction.speakers, *(q.speaker for q in extraction.quotes), *(c.by for c in extraction.claims)]
        )
        named = {e.name: e for e in extraction.entities}
        for item in (*extraction.quotes, *extraction.claims):
            for name in item.about:
                named.setdefault(name, x.Entity(name, x.UNKNOWN))
        self.entities = entities_resolve(list(named.values()))
        self.old_speakers: set[int] = set()
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
            getattr(row, "kind", ""),
        )

    def _blocked(self, span: Span, text: str, editors: list, keys: set[str]) -> bool:
        """An item over an editor's row, or saying what an editor's row says, is not stored again."""
        return any(_overlaps(span, _row_span(row)) for row in editors if row.fragments) or words_key(text) in keys

    def quotes(self) -> dict[int, Quote]:
        stored = [] if self.fresh else list(self.article.quotes.all())
        editors, machine, moved, lost, keys = self._load(stored, lambda q: q.status != Status.MACHINE)
        about = _about_ids(Quote.about.through, "quote", [q.pk for q in stored if q.status == Status.MACHINE])
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
        self._write(Quote, new, changed, gone, rows.values(), lambda q: q.speaker)
        _relink_about(
            Quote.about.through,
            "quote",
            {row.pk: self._about(self.extraction.quotes[i].about) for i, row in rows.items()},
            about,
        )
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
        rows: list[tuple[Claim, x.Claim]] = []
        new: list[Claim] = []
        changed: dict[int, tuple[Claim, set[str]]] = {c.pk: (c, set(MOVED_FIELDS[2:])) for c in moved}
        for found in self.extraction.claims:
            location, index, start, end, fragments = _span(found.fragments)
            if self._blocked((location, index, start, end), found.text, editors, keys):
                continue
            values = {
                "claimant": self.book.row(found.by),
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
        self._write(Claim, new, changed, gone, [row for row, _ in rows], lambda c: c.claimant)
        _relink_about(Claim.about.through, "claim", {row.pk: self._about(found.about) for row, found in rows}, about)
        self.counts["claims"] = len(rows)

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

    def _write(self, model, new: list, changed: dict, gone: list, live, speaker_of) -> None:
        speaker_field = "speaker" if model is Quote else "claimant"
        self.book.save([s for row in live if (s := speaker_of(row)) is not None])
        self.old_speakers |= {getattr(row, f"{speaker_field}_id") for row in gone}
        if gone:
            model.objects.filter(pk__in=[row.pk for row in gone]).delete()
        gone_ids = {row.pk for row in gone}
        changed = {pk: entry for pk, entry in changed.items() if pk not in gone_ids}
        if new:
            bulk_create_with_history(new, model)
        if changed:
            fields = sorted({f for _, fs in changed.values() for f in fs})
            bulk_update_with_history([row for row, _ in changed.values()], model, fields)
        self.counts["changed"] += len(changed)
        self.counts["removed"] += len(gone)


@transaction.atomic
def claims_store_extraction(
    *,
    article: Article,
    extraction: x.Extraction,
    fresh: bool = False,
    previous: dict[str, list[str]] | None = None,
) -> dict[str, int]:
    """Make the article's machine-made quotes and claims those of ``extraction``, keeping editors' work.

    Rows an editor touched (any status but ``machine``, or a claim in a resolved tension) are kept; when the
    article's text changed (``previous``: its texts before, as ``article_texts`` gives them) every stored row
    moves to where its words are now. No machine row is made over an editor's row or saying what an
    editor's row says. A machine row that the new extraction finds again is left as it is (so running
    extraction twice writes nothing and no history); changed ones are updated, lost ones deleted, and
    speakers left with nothing said and untouched by editors are removed. ``fresh``: the article was just
    created, so it has no rows yet to look at.
    """
    store = _Store(article, extraction, fresh, previous)
    quote_rows = store.quotes()
    store.claims(quote_rows)
    store.counts["tensions"] = tensions_record(article=article)
    store.counts["pruned"] = speakers_prune(store.old_speakers)
    return store.counts


def tensions_record(*, article: Article) -> int:
    """Record figures that disagree: within ``article``, and against claims elsewhere about the same things."""
    from .extraction.tensions import find_tensions

    # Plain values, not model instances: the claims elsewhere run to hundreds for each article.
    own = list(article.claims.values_list("pk", "text"))
    if not own:
        return 0
    through = Claim.about.through
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
    existing = set(
        Tension.objects.filter(claim_a_id__in=ids, claim_b_id__in=ids).values_list("claim_a_id", "claim_b_id")
    )
    new = [Tension(claim_a_id=a, claim_b_id=b, what=what) for (a, b), what in found.items() if (a, b) not in existing]
    Tension.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------- editors' verdicts

RATING_OUT_OF_RANGE = "A rating value runs from 1 (false) to 5 (true)."
RATING_NEEDS_LABEL = "A rating needs a label, such as 'Mostly true'."


def claim_rating_validate(*, rating_value: int | None, rating_label: str) -> None:
    """Refuse a verdict out of range or without a label (raises ValidationError)."""
    from django.core.exceptions import ValidationError

    if rating_value is None or not 1 <= rating_value <= 5:
        raise ValidationError(RATING_OUT_OF_RANGE)
    if not rating_label.strip():
        raise ValidationError(RATING_NEEDS_LABEL)


@transaction.atomic
def claim_rate(*, claim: Claim, editor, rating_value: int, rating_label: str, note: str = "") -> Claim:
    """Record an editor's ClaimReview verdict on ``claim``; the claim becomes the editor's (verified)."""
    from django.utils import timezone

    claim_rating_validate(rating_value=rating_value, rating_label=rating_label)
    now = timezone.now()
    claim.rating_value = rating_value
    claim.rating_label = rating_label.strip()
    claim.rating_note = note
    claim.rated_by = editor
    claim.rated_at = now
    if claim.status == Status.MACHINE:
        claim.status = Status.VERIFIED
    claim.reviewed_by = editor
    claim.reviewed_at = now
    claim.save()
    return claim


@transaction.atomic
def tension_resolve(*, tension: Tension, editor, note: str = "") -> Tension:
    """Mark a tension between two figures as looked at and settled."""
    from django.utils import timezone

    tension.resolved = True
    tension.resolved_by = editor
    tension.resolved_at = timezone.now()
    tension.note = note
    tension.save()
    return tension
