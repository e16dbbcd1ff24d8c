"""Stored counters on speakers and entities: visible quotes, visible claims and the latest quote's date.

The site's lists and front page sort and show these numbers; counting every quote on each request grew with
the archive. The services that change quotes or claims (storage of an extraction, each correction, merges
and splits) call ``counters_refresh`` at their end with the speakers and entities they touched, before and
after; ``counters_refresh()`` with no arguments recomputes every row (``manage.py counters_refresh``).
Each call is one UPDATE per model, computed from the rows themselves, so a counter is never incremented
blindly and cannot drift. The quotes per (speaker, entity) pair (``SpeakerTopic``) are recomputed in the same
call, for every pair of a given speaker or entity (``refresh_pairs_with``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, DateField, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Claim, Entity, Quote, Speaker, SpeakerTopic, Status


def _count(queryset, outer: str) -> Coalesce:
    counted = queryset.order_by().filter(**{outer: OuterRef("pk")}).values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _ids(ids: Iterable[int | None] | None) -> set[int] | None:
    return None if ids is None else {pk for pk in ids if pk is not None}


def counters_refresh(
    *, speakers: Iterable[int | None] | None = None, entities: Iterable[int | None] | None = None
) -> None:
    """Recompute the counters of the given speakers and entities (ids; ``None``: all of them)."""
    speakers, entities = _listed(speakers), _listed(entities)
    refresh_with(Speaker, Entity, Quote, Claim, speakers=speakers, entities=entities)
    refresh_pairs_with(SpeakerTopic, Quote, speakers=speakers, entities=entities)


def _listed(ids: Iterable[int | None] | None) -> list[int | None] | None:
    """The ids as a list (an iterator is read by both refreshes)."""
    return None if ids is None else list(ids)


def refresh_with(speaker_model, entity_model, quote_model, claim_model, *, speakers=None, entities=None) -> None:
    """``counters_refresh`` over the given model classes (a migration passes its historical ones)."""
    speaker_ids, entity_ids = _ids(speakers), _ids(entities)
    everything = speakers is None and entities is None
    quotes = quote_model.objects.exclude(status=Status.REJECTED)
    claims = claim_model.objects.exclude(status=Status.REJECTED)
    if everything or speaker_ids:
        rows = speaker_model.objects.all()
        if speaker_ids is not None:
            rows = rows.filter(pk__in=speaker_ids)
        latest = (
            quotes.order_by()
            .filter(speaker=OuterRef("pk"))
            .values("speaker")
            .annotate(latest=Max("article__published"))
            .values("latest")
        )
        rows.update(
            quote_count=_count(quotes, "speaker"),
            claim_count=_count(claims, "claimant"),
            latest_quote=Subquery(latest, output_field=DateField()),
        )
    if everything or entity_ids:
        rows = entity_model.objects.all()
        if entity_ids is not None:
            rows = rows.filter(pk__in=entity_ids)
        quote_links = quote_model.about.through.objects.exclude(quote__status=Status.REJECTED)
        claim_links = claim_model.about.through.objects.exclude(claim__status=Status.REJECTED)
        rows.update(quote_count=_count(quote_links, "entity"), claim_count=_count(claim_links, "entity"))


def refresh_pairs_with(pair_model, quote_model, *, speakers=None, entities=None) -> None:
    """Recompute the visible quotes per (speaker, entity) of every pair with one of the given speakers or
    entities (``None`` for both: every pair), over the given model classes (a migration passes its historical
    ones). Three queries: the pairs' counts from the quote links, a delete of the pairs' old rows, an insert
    (an upsert: a row another refresh wrote meanwhile takes this count)."""
    speaker_ids, entity_ids = _ids(speakers), _ids(entities)
    links = quote_model.about.through.objects.exclude(quote__status=Status.REJECTED).exclude(quote__speaker=None)
    stale = pair_model.objects.all()
    if not (speakers is None and entities is None):
        if not speaker_ids and not entity_ids:
            return
        of_links, of_pairs = Q(pk__in=[]), Q(pk__in=[])
        if speaker_ids:
            of_links |= Q(quote__speaker__in=speaker_ids)
            of_pairs |= Q(speaker__in=speaker_ids)
        if entity_ids:
            of_links |= Q(entity__in=entity_ids)
            of_pairs |= Q(entity__in=entity_ids)
        links, stale = links.filter(of_links), stale.filter(of_pairs)
    counts = list(links.values_list("quote__speaker", "entity").annotate(n=Count("quote")).order_by())
    stale._raw_delete(stale.db)  # derived rows: no signals, no history, nothing refers to them
    pair_model.objects.bulk_create(
        [pair_model(speaker_id=speaker, entity_id=entity, quote_count=n) for speaker, entity, n in counts],
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["entity", "speaker"],
        update_fields=["quote_count"],
    )


def touched_by(rows: Iterable[Quote | Claim]) -> tuple[set[int], set[int]]:
    """The speakers and entities whose counters ``rows`` (quotes or claims, saved) count in: (speakers, entities)."""
    speakers: set[int] = set()
    entities: set[int] = set()
    for row in rows:
        pk = row.speaker_id if isinstance(row, Quote) else row.claimant_id
        if pk is not None:
            speakers.add(pk)
        if row.pk is not None:
            entities.update(row.about.values_list("pk", flat=True))
    return speakers, entities


def touched_in_article(article) -> tuple[set[int], set[int]]:
    """The speakers and entities of an article's quotes and claims (three queries): (speakers, entities)."""
    speakers = set(Quote.objects.filter(article=article).exclude(speaker=None).values_list("speaker", flat=True))
    speakers |= set(Claim.objects.filter(article=article).exclude(claimant=None).values_list("claimant", flat=True))
    entities = set(Quote.about.through.objects.filter(quote__article=article).values_list("entity", flat=True))
    entities |= set(Claim.about.through.objects.filter(claim__article=article).values_list("entity", flat=True))
    return speakers, entities


def refresh_rows(before: tuple[set[int], set[int]], rows: Iterable[Quote | Claim]) -> None:
    """Refresh the counters of what ``rows`` counted in ``before`` a change and count in now."""
    speakers, entities = touched_by(rows)
    counters_refresh(speakers=before[0] | speakers, entities=before[1] | entities)
