"""Storing extractions, re-extracting without losing editors' work, and loading the NLP pipeline.

spaCy is imported lazily here, so web processes that import this module never load it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .extraction import types as x
from .models import Claim, Entity, EntityAlias, EntityKind, Quote, Speaker, SpeakerAlias, Status, Tension
from .naming import is_name_like, name_key

if TYPE_CHECKING:
    from articles.models import Article


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
    EntityAlias.objects.bulk_create(new.values())
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
    return {"quotes": len(quote_rows), "claims": claims, "tensions": tensions}


def _link_about(through, field: str, rows, entity_rows) -> None:
    """Link machine-made rows to their entities in one insert (machine links carry no history)."""
    links = [
        through(**{f"{field}_id": row.pk, "entity_id": entity.pk})
        for row, names in rows
        if names
        for entity in dict.fromkeys(entity_rows(names))
    ]
    through.objects.bulk_create(links)


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
