"""Storing extractions, re-extracting without losing editors' work, and loading the NLP pipeline.

spaCy is imported lazily here, so web processes that import this module never load it.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .counters import counters_refresh, refresh_rows, touched_by, touched_in_article
from .extraction import types as x
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
from .naming import is_name_like, name_key

if TYPE_CHECKING:
    from articles.models import Article

    from .evaluation import Evaluation


@functools.cache
def get_nlp():
    """The spaCy pipeline named by ``NEWSROOM_SPACY_MODEL``, loaded once per process."""
    from .extraction.pipeline import build_nlp

    return build_nlp(settings.NEWSROOM_SPACY_MODEL)


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    """A slug for ``text`` that no row of ``model`` has yet ("jane-roe", then "jane-roe-2")."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# ---------------------------------------------------------------- speakers and entities


def speaker_find(*, name: str, aliases: Sequence[str] = (), kind: str = "") -> Speaker | None:
    """The stored speaker that ``name`` (or one of its name-like aliases) already belongs to, if any.

    A full name wins over a surname; a bare surname only matches when exactly one speaker has it.
    """
    keys = [name_key(name)] + [name_key(a) for a in aliases if is_name_like(a)]
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return None
    candidates = SpeakerAlias.objects.filter(key__in=keys).select_related("speaker")
    if kind and kind != x.UNKNOWN:
        candidates = candidates.filter(Q(speaker__kind=kind) | Q(speaker__kind=x.UNKNOWN))
    by_key: dict[str, set[int]] = {}
    speakers: dict[int, Speaker] = {}
    for alias in candidates:
        by_key.setdefault(alias.key, set()).add(alias.speaker_id)
        speakers[alias.speaker_id] = alias.speaker
    multiword = [k for k in keys if " " in k]
    for key in multiword + [k for k in keys if " " not in k]:
        ids = by_key.get(key, set())
        if len(ids) == 1:
            return speakers[next(iter(ids))]
    if kind in ("", x.PERSON, x.UNKNOWN):
        return _speaker_by_surname(name_key(name))
    return None


def _speaker_by_surname(key: str) -> Speaker | None:
    """The one person whose surname matches ``key``'s ("whitfield" or "dana whitfield"), with no clash of
    first names; None when there is none or more than one."""
    words = key.split()
    if not words:
        return None
    surname = words[-1]
    matches = {
        alias.speaker_id: alias.speaker
        for alias in SpeakerAlias.objects.filter(Q(key=surname) | Q(key__endswith=f" {surname}"))
        .filter(speaker__kind__in=[x.PERSON, x.UNKNOWN])
        .select_related("speaker")
    }
    if len(words) > 1:
        first = words[0]
        matches = {
            pk: s
            for pk, s in matches.items()
            if len(name_key(s.name).split()) < 2 or name_key(s.name).split()[0] == first
        }
    return next(iter(matches.values())) if len(matches) == 1 else None


def speaker_get_or_create(found: x.Speaker) -> Speaker | None:
    """The Speaker row for a speaker found in an article, adding any new aliases to it."""
    if not found.name:
        return None
    speaker = speaker_find(name=found.name, aliases=found.aliases, kind=found.kind)
    if speaker is None:
        speaker = Speaker.objects.create(
            name=found.name,
            slug=unique_slug(Speaker, found.name),
            kind=found.kind or x.UNKNOWN,
            role=found.role,
            affiliation=found.affiliation,
        )
    else:
        changed = []
        # Keep the fullest name and fill in what was unknown, but never undo an editor's values.
        if len(name_key(found.name).split()) > len(name_key(speaker.name).split()) and not _edited(speaker):
            speaker.name = found.name
            changed.append("name")
        for field in ("role", "affiliation"):
            if not getattr(speaker, field) and getattr(found, field):
                setattr(speaker, field, getattr(found, field))
                changed.append(field)
        if speaker.kind == x.UNKNOWN and found.kind and found.kind != x.UNKNOWN:
            speaker.kind = found.kind
            changed.append("kind")
        if changed:
            speaker.save(update_fields=changed)
    speaker_add_aliases(speaker, [found.name, *found.aliases])
    return speaker


def _edited(speaker: Speaker) -> bool:
    return speaker.history.filter(history_user__isnull=False).exists()


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

    A few queries for the whole article: one lookup of every alias, the new rows, the new aliases.
    """
    keys_of = {e.name: [k for k in dict.fromkeys(name_key(a) for a in (e.name, *e.aliases)) if k] for e in found}
    known = {}
    for alias in EntityAlias.objects.filter(key__in={k for keys in keys_of.values() for k in keys}).select_related(
        "entity"
    ):
        known.setdefault(alias.key, []).append(alias.entity)
    rows: dict[str, Entity] = {}
    for e in found:
        by_name = known.get(name_key(e.name), [])
        same_kind = [row for k in keys_of[e.name] for row in known.get(k, []) if row.kind == e.kind]
        match = (by_name or same_kind or [None])[0]
        kind = e.kind if e.kind in EntityKind.values else EntityKind.OTHER
        rows[e.name] = match or Entity.objects.create(name=e.name, slug=unique_slug(Entity, e.name), kind=kind)
    existing = set(EntityAlias.objects.filter(entity__in=[r.pk for r in rows.values()]).values_list("entity_id", "key"))
    new = {}
    for e in found:
        entity = rows[e.name]
        for alias in (e.name, *e.aliases):
            key = name_key(alias)
            if key and (entity.pk, key) not in existing:
                new.setdefault((entity.pk, key), EntityAlias(entity=entity, alias=alias.strip(), key=key))
    bulk_create_with_history(list(new.values()), EntityAlias)
    return rows


# ---------------------------------------------------------------- storing an extraction


def _span(fragments: Sequence[x.Fragment]) -> tuple[str, int, int, int, list[list[int]]]:
    first = fragments[0] if fragments else x.Fragment(0, 0)
    return (
        first.field,
        first.index,
        first.start,
        max((f.end for f in fragments), default=0),
        [[f.start, f.end] for f in fragments],
    )


def _overlaps(a: tuple[str, int, int, int], b: tuple[str, int, int, int]) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]


@transaction.atomic
def claims_store_extraction(*, article: Article, extraction: x.Extraction, fresh: bool = False) -> dict[str, int]:
    """Replace the article's machine-made quotes and claims with ``extraction``'s.

    Rows an editor touched (any status but ``machine``, or a claim in a resolved tension) are kept, and
    new items that overlap them are not added again. ``fresh``: the article was just created, so it has
    no rows yet to look at.
    """
    counted_before = (set(), set()) if fresh else touched_in_article(article)
    kept_quotes: list[tuple[str, int, int, int]] = []
    kept_claims: list[tuple[str, int, int, int]] = []
    if not fresh:
        resolved_claims = Tension.objects.filter(
            Q(claim_a__article=article) | Q(claim_b__article=article), resolved=True
        ).values_list("claim_a", "claim_b")
        kept_claim_ids = {pk for pair in resolved_claims for pk in pair}
        article.quotes.filter(status=Status.MACHINE).delete()
        article.claims.filter(status=Status.MACHINE).exclude(pk__in=kept_claim_ids).delete()
        kept_quotes = [(q.location, q.caption_index, q.start, q.end) for q in article.quotes.all()]
        kept_claims = [("body", 0, c.start, c.end) for c in article.claims.all()]

    rejected_words = set() if fresh else _rejected_words(article)
    speakers: dict[x.Speaker, Speaker | None] = {}

    def speaker_row(found: x.Speaker | None) -> Speaker | None:
        if found is None:
            return None
        if found not in speakers:
            speakers[found] = speaker_get_or_create(found)
        return speakers[found]

    for found in extraction.speakers:
        speaker_row(found)
    named = {e.name: e for e in extraction.entities}
    for item in (*extraction.quotes, *extraction.claims):
        for name in item.about:
            named.setdefault(name, x.Entity(name, x.UNKNOWN))
    entities = entities_resolve(list(named.values()))

    def entity_rows(names: Sequence[str]) -> list[Entity]:
        return [entities[name] for name in names]

    quote_rows: dict[int, Quote] = {}
    for i, found in enumerate(extraction.quotes):
        location, index, start, end, fragments = _span(found.fragments)
        if any(_overlaps((location, index, start, end), kept) for kept in kept_quotes):
            continue
        if _words(found.text) in rejected_words:
            continue
        quote_rows[i] = Quote(
            article=article,
            speaker=speaker_row(found.speaker),
            speaker_mention=found.mention[:300],
            text=found.text,
            kind=found.kind,
            cue=found.cue[:60],
            location=location,
            caption_index=index,
            start=start,
            end=end,
            fragments=fragments,
            confidence=round(found.confidence, 3),
        )
    bulk_create_with_history(list(quote_rows.values()), Quote)
    _link_about(
        Quote.about.through, "quote", [(quote_rows[i], extraction.quotes[i].about) for i in quote_rows], entity_rows
    )

    claim_rows: list[tuple[Claim, x.Claim]] = []
    for found in extraction.claims:
        location, _, start, end, fragments = _span(found.fragments)
        if any(_overlaps((location, 0, start, end), kept) for kept in kept_claims):
            continue
        claim = Claim(
            article=article,
            claimant=speaker_row(found.by),
            quote=quote_rows.get(found.quote_index) if found.quote_index is not None else None,
            text=found.text,
            start=start,
            end=end,
            fragments=fragments,
            checkworthiness=round(found.checkworthiness, 3),
            features=list(found.features),
        )
        claim_rows.append((claim, found))
    bulk_create_with_history([c for c, _ in claim_rows], Claim)
    _link_about(Claim.about.through, "claim", [(c, found.about) for c, found in claim_rows], entity_rows)
    claims = len(claim_rows)
    tensions = tensions_record(article=article)
    _counters_after_storage(article, counted_before)
    return {"quotes": len(quote_rows), "claims": claims, "tensions": tensions}


def _counters_after_storage(article: Article, before: tuple[set[int], set[int]]) -> None:
    """Refresh the counters of the speakers and entities the article's rows counted in before and count in now."""
    speakers, entities = touched_in_article(article)
    counters_refresh(speakers=before[0] | speakers, entities=before[1] | entities)


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _rejected_words(article: Article) -> set[str]:
    """The words of the article's rejected quotes: the same words are never made a quote again, wherever a
    new version of the text puts them."""
    return {_words(t) for t in article.quotes.filter(status=Status.REJECTED).values_list("text", flat=True)}


def _link_about(through, field: str, rows, entity_rows) -> None:
    """Link machine-made rows to their entities in one insert, and into their first history rows too, so an
    editor's later change does not show an ``about`` change that no one made."""
    links = [
        through(**{f"{field}_id": row.pk, "entity_id": entity.pk})
        for row, names in rows
        if names
        for entity in dict.fromkeys(entity_rows(names))
    ]
    through.objects.bulk_create(links)
    _history_link_about(through, field, links)


def tensions_record(*, article: Article) -> int:
    """Record figures that disagree: within ``article``, and against claims elsewhere about the same things."""
    from .extraction.tensions import find_tensions

    own = list(article.claims.prefetch_related("about"))
    if not own:
        return 0
    topics = {e.pk for c in own for e in c.about.all()}
    others = list(
        Claim.objects.exclude(article=article)
        .filter(about__in=topics)
        .exclude(status=Status.REJECTED)
        .distinct()
        .prefetch_related("about")[:500]
    )

    def item(claim: Claim) -> tuple[int, str, tuple[str, ...]]:
        return claim.pk, claim.text, tuple(e.name for e in claim.about.all())

    created = 0
    for tension in find_tensions([item(c) for c in own], against=[item(c) for c in others]):
        a, b = sorted((tension.a, tension.b))
        if Tension.objects.filter(claim_a_id=a, claim_b_id=b).exists():
            continue
        Tension.objects.create(claim_a_id=a, claim_b_id=b, what=tension.what[:500])
        created += 1
    return created


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


@transaction.atomic
def quote_reassign(*, quote: Quote, editor: AbstractBaseUser, speaker: Speaker | None) -> Quote:
    """Give a quote to another speaker (or to no one); the quote becomes ``corrected``."""
    return quote_edit(quote=quote, editor=editor, speaker=speaker)


@transaction.atomic
def quote_verify(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Confirm the machine's quote as it is; a corrected quote stays corrected."""
    if quote.status in (Status.VERIFIED, Status.CORRECTED):
        return quote
    return _review(quote, editor=editor, fields={}, status=Status.VERIFIED, verb="verified")  # type: ignore[return-value]


@transaction.atomic
def quote_reject(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Mark a quote as not a quote: it is hidden, and re-extraction never creates it again."""
    return _review(quote, editor=editor, fields={}, status=Status.REJECTED, verb="rejected")  # type: ignore[return-value]


@transaction.atomic
def quote_restore(*, quote: Quote, editor: AbstractBaseUser) -> Quote:
    """Undo a rejection: the quote gets back the status it had (``verified`` if it was the machine's)."""
    if quote.status != Status.REJECTED:
        return quote
    return _review(quote, editor=editor, fields={}, status=review_restored_status(quote), verb="restored")  # type: ignore[return-value]


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


def _history_link_about(through, field: str, links: Sequence[models.Model]) -> None:
    """Record new ``about`` links (rows of ``through``, saved) in the latest history row of each linked quote or
    claim, in one insert: links made after a row's history row would otherwise show later as an ``about``
    change that no one made."""
    if not links:
        return
    model = through._meta.get_field(field).related_model
    ids = {getattr(link, f"{field}_id") for link in links}
    latest: dict[int, int] = {}
    for pk, history_id in (
        model.history.filter(id__in=ids).order_by("history_date", "history_id").values_list("id", "history_id")
    ):
        latest[pk] = history_id
    m2m_history = model.history.model.about.model
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
    if claim.status in (Status.VERIFIED, Status.CORRECTED):
        return claim
    return _review(claim, editor=editor, fields={}, status=Status.VERIFIED, verb="verified")  # type: ignore[return-value]


@transaction.atomic
def claim_reject(*, claim: Claim, editor: AbstractBaseUser) -> Claim:
    """Mark a claim as not a claim: hidden, and kept so re-extraction does not bring it back."""
    return _review(claim, editor=editor, fields={}, status=Status.REJECTED, verb="rejected")  # type: ignore[return-value]


@transaction.atomic
def claim_restore(*, claim: Claim, editor: AbstractBaseUser) -> Claim:
    """Undo a claim's rejection."""
    if claim.status != Status.REJECTED:
        return claim
    return _review(claim, editor=editor, fields={}, status=review_restored_status(claim), verb="restored")  # type: ignore[return-value]


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
) -> Speaker:
    """Correct a speaker's name, kind, role or affiliation; a new name is kept as an alias too."""
    stored = Speaker.objects.select_for_update().get(pk=speaker.pk)
    fields = {"name": name, "kind": kind, "role": role, "affiliation": affiliation}
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
        for field in ("role", "affiliation"):
            if not getattr(keep, field) and getattr(other, field):
                setattr(keep, field, getattr(other, field))
        summary.append(f"{other.name} (#{other.pk}): {moved}; names: {', '.join(names) or 'none new'}")
        other._history_user = editor  # type: ignore[attr-defined]
        other._change_reason = f"merged into {keep.name} (#{keep.pk}); moved {moved}"  # type: ignore[attr-defined]
        other.delete()
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
