"""The stored counters on speakers and topics stay equal to a fresh count through every service that
changes quotes or claims: storage, re-extraction, corrections, additions, merges and splits."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Max

from articles.models import Article, Outlet
from claims import services
from claims.counters import counters_refresh
from claims.extraction import types as x
from claims.models import Claim, Entity, Quote, Speaker, SpeakerTopic, Status

pytestmark = pytest.mark.django_db

BODY = (
    '"The bridge will open in May," said Mara Lind, the transport minister.\n\n'
    '"Tolls will stay low," Lind added. Oskar Brell, the mayor, said the council had paid 40 million.\n\n'
    '"We were never asked," said Oskar Brell.'
)


def _article(n: int, published: dt.date) -> Article:
    outlet, _ = Outlet.objects.get_or_create(name="The Fjord Courier", domain="fjordcourier.example")
    return Article.objects.create(
        slug=f"bridge-{n}",
        outlet=outlet,
        headline=f"Bridge {n}",
        url=f"https://fjordcourier.example/bridge-{n}",
        body=BODY,
        published=published,
        source_name=f"bridge-{n}.txt",
        checksum=str(n) * 64,
        raw_text="raw",
    )


def _piece(words: str) -> tuple[x.Fragment, ...]:
    start = BODY.index(words)
    return (x.Fragment(start, start + len(words)),)


LIND = x.Speaker("Mara Lind", x.PERSON, role="Transport Minister", aliases=("Mara Lind", "Lind"))
BRELL = x.Speaker("Oskar Brell", x.PERSON, role="Mayor", aliases=("Oskar Brell",))


def _extraction(*, with_brell: bool = True) -> x.Extraction:
    quotes = [
        x.Quote("The bridge will open in May", x.DIRECT, _piece("The bridge will open in May"), LIND, about=("Fjord",)),
        x.Quote("Tolls will stay low", x.DIRECT, _piece("Tolls will stay low"), LIND, about=("Fjord", "Tolls")),
    ]
    if with_brell:
        quotes.append(x.Quote("We were never asked", x.DIRECT, _piece("We were never asked"), BRELL, about=("Fjord",)))
    paid = "the council had paid 40 million"
    claims = (x.Claim(paid, _piece(paid), BRELL if with_brell else None, 0.8, about=("Tolls",)),)
    return x.Extraction(quotes=tuple(quotes), speakers=(LIND, BRELL) if with_brell else (LIND,), claims=claims)


def assert_counters_fresh() -> None:
    """Every speaker's and topic's stored counters equal a count made now from the rows."""
    visible_quotes = Quote.objects.exclude(status=Status.REJECTED)
    visible_claims = Claim.objects.exclude(status=Status.REJECTED)
    for speaker in Speaker.objects.all():
        mine = visible_quotes.filter(speaker=speaker)
        stored = (speaker.quote_count, speaker.claim_count, speaker.latest_quote)
        fresh = (
            mine.count(),
            visible_claims.filter(claimant=speaker).count(),
            mine.aggregate(latest=Max("article__published"))["latest"],
        )
        assert stored == fresh, speaker.name
    for entity in Entity.objects.all():
        stored = (entity.quote_count, entity.claim_count)
        fresh = (visible_quotes.filter(about=entity).count(), visible_claims.filter(about=entity).count())
        assert stored == fresh, entity.name
    # Quotes per speaker and topic: one row per pair with a quote, holding their number.
    pairs = {(p.speaker_id, p.entity_id): p.quote_count for p in SpeakerTopic.objects.all()}
    fresh_pairs = {
        (speaker.pk, entity.pk): n
        for speaker in Speaker.objects.all()
        for entity in Entity.objects.all()
        if (n := visible_quotes.filter(speaker=speaker, about=entity).count())
    }
    assert pairs == fresh_pairs


def pair(speaker: str, entity: str) -> int:
    """The stored number of the speaker's visible quotes about the entity (0: no row)."""
    row = SpeakerTopic.objects.filter(speaker__name=speaker, entity__name=entity).first()
    return row.quote_count if row else 0


def counts(model, name: str) -> tuple:
    row = model.objects.get(name=name)
    return (row.quote_count, row.claim_count)


def test_storage_and_re_extraction_keep_the_counters(editor):
    first = _article(1, dt.date(2024, 3, 1))
    second = _article(2, dt.date(2024, 5, 9))
    services.claims_store_extraction(article=first, extraction=_extraction(), fresh=True)
    services.claims_store_extraction(article=second, extraction=_extraction(), fresh=True)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (4, 0) and counts(Speaker, "Oskar Brell") == (2, 2)
    assert Speaker.objects.get(name="Mara Lind").latest_quote == dt.date(2024, 5, 9)
    assert counts(Entity, "Fjord") == (6, 0) and counts(Entity, "Tolls") == (2, 2)

    # Re-extraction that no longer finds Brell: his quotes and claim go, and so do his counts.
    services.claims_store_extraction(article=second, extraction=_extraction(with_brell=False))
    assert_counters_fresh()
    assert counts(Speaker, "Oskar Brell") == (1, 1)
    assert counts(Entity, "Fjord") == (5, 0)


def test_corrections_additions_merges_and_splits_keep_the_counters(editor):
    article = _article(1, dt.date(2024, 3, 1))
    later = _article(2, dt.date(2024, 6, 2))
    services.claims_store_extraction(article=article, extraction=_extraction(), fresh=True)
    services.claims_store_extraction(article=later, extraction=_extraction(), fresh=True)
    lind, brell = Speaker.objects.get(name="Mara Lind"), Speaker.objects.get(name="Oskar Brell")
    fjord, tolls = Entity.objects.get(name="Fjord"), Entity.objects.get(name="Tolls")
    quote = Quote.objects.get(article=later, text="The bridge will open in May")

    services.quote_reject(quote=quote, editor=editor)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (3, 0) and counts(Entity, "Fjord") == (5, 0)
    services.quote_restore(quote=quote, editor=editor)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (4, 0)

    services.quote_reassign(quote=quote, editor=editor, speaker=brell)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (3, 0) and counts(Speaker, "Oskar Brell") == (3, 2)
    assert (pair("Mara Lind", "Fjord"), pair("Oskar Brell", "Fjord")) == (3, 3)

    services.quote_edit(quote=quote, editor=editor, about=[tolls])
    assert_counters_fresh()
    assert counts(Entity, "Fjord") == (5, 0) and counts(Entity, "Tolls") == (3, 2)
    assert (pair("Oskar Brell", "Fjord"), pair("Oskar Brell", "Tolls")) == (2, 1)

    claim = Claim.objects.filter(claimant=brell).first()
    services.claim_reject(claim=claim, editor=editor)
    assert_counters_fresh()
    assert counts(Speaker, "Oskar Brell") == (3, 1) and counts(Entity, "Tolls") == (3, 1)
    services.claim_restore(claim=claim, editor=editor)
    services.claim_reassign(claim=claim, editor=editor, claimant=lind)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (3, 1)

    services.quote_add(article=article, editor=editor, text="Tolls will stay low", speaker=brell, about=[fjord])
    assert_counters_fresh()

    services.speaker_merge(keep=lind, others=[brell], editor=editor)
    assert_counters_fresh()
    assert counts(Speaker, "Mara Lind") == (Quote.objects.exclude(status=Status.REJECTED).count(), 2)

    moved = list(Quote.objects.filter(article=later, speaker=lind).order_by("pk")[:2])
    services.speaker_split(speaker=lind, quotes=moved, editor=editor, name="Ida Brell")
    assert_counters_fresh()
    assert counts(Speaker, "Ida Brell")[0] == 2

    services.entity_merge(keep=fjord, others=[tolls], editor=editor)
    assert_counters_fresh()
    assert counts(Entity, "Fjord")[1] == 2


def test_saving_a_speaker_never_writes_back_stale_counters(editor):
    article = _article(1, dt.date(2024, 3, 1))
    services.claims_store_extraction(article=article, extraction=_extraction(), fresh=True)
    stale = Speaker.objects.get(name="Mara Lind")
    Speaker.objects.filter(pk=stale.pk).update(quote_count=99)  # a count changed since ``stale`` was read
    stale.role = "Minister of Transport"
    stale.save()
    assert Speaker.objects.get(pk=stale.pk).quote_count == 99
    counters_refresh()
    assert_counters_fresh()


def test_the_command_recomputes_counters_of_rows_written_directly():
    article = _article(1, dt.date(2024, 3, 1))
    speaker = Speaker.objects.create(name="Tove Sand", slug="tove-sand", kind="person")
    Quote.objects.create(article=article, speaker=speaker, text="We will build it", start=0, end=16)
    assert Speaker.objects.get(pk=speaker.pk).quote_count == 0  # written without the services
    out = io.StringIO()
    call_command("counters_refresh", stdout=out)
    assert Speaker.objects.get(pk=speaker.pk).quote_count == 1
    assert "1 speakers" in out.getvalue()
    assert_counters_fresh()
