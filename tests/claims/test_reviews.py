"""Editors' verdicts on claims, tensions between figures, and the ClaimReview export."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.models import Article, Outlet
from claims.extraction import types as x
from claims.models import Claim, Speaker, Status, Tension
from claims.services import (
    RATING_NEEDS_LABEL,
    RATING_OUT_OF_RANGE,
    claim_rate,
    claims_store_extraction,
    tension_resolve,
)
from tests.conftest import SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    outlet = Outlet.objects.create(name="The Harbour Gazette", domain="harbourgazette.example")
    return Article.objects.create(
        slug="quake",
        outlet=outlet,
        headline="Quake toll rises",
        url="https://harbourgazette.example/quake",
        body="The earthquake killed 112 people, officials said.\n\nThe quake left dozens dead.",
        source_name="quake.txt",
        checksum="q" * 64,
        raw_text="raw",
    )


@pytest.fixture
def claim(article):
    governor = Speaker.objects.create(name="Lena Ortiz", slug="lena-ortiz", kind="person")
    return Claim.objects.create(
        article=article,
        claimant=governor,
        text="The earthquake killed 112 people.",
        start=0,
        end=30,
        checkworthiness=0.8,
    )


def test_rating_a_claim_records_the_verdict_and_makes_it_the_editors(claim, editor):
    claim_rate(claim=claim, editor=editor, rating_value=2, rating_label="Mostly false", note="Toll was 98.")
    claim.refresh_from_db()
    assert (claim.rating_value, claim.rating_label, claim.rating_note) == (2, "Mostly false", "Toll was 98.")
    assert claim.status == Status.VERIFIED
    assert claim.rated_by == editor and claim.rated_at is not None
    assert claim.history.count() == 2


@pytest.mark.parametrize(
    ("value", "label", "message"),
    [(0, "False", RATING_OUT_OF_RANGE), (6, "True", RATING_OUT_OF_RANGE), (3, "  ", RATING_NEEDS_LABEL)],
)
def test_a_rating_must_be_in_range_and_labelled(claim, editor, value, label, message):
    with pytest.raises(ValidationError) as error:
        claim_rate(claim=claim, editor=editor, rating_value=value, rating_label=label)
    assert error.value.messages == [message]
    claim.refresh_from_db()
    assert claim.rating_label == ""


def test_claimreview_export_has_the_schema_org_required_fields(claim, editor, tmp_path):
    claim_rate(claim=claim, editor=editor, rating_value=4, rating_label="Mostly true")
    Claim.objects.create(article=claim.article, text="Unreviewed claim", start=31, end=40)
    target = tmp_path / "reviews.json"
    call_command("export", "--format", "claimreview", "--output", str(target), stderr=io.StringIO())
    (review,) = json.loads(target.read_text())
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The earthquake killed 112 people."
    assert review["url"].startswith("https://harbourgazette.example/quake")
    assert review["author"] == {"@type": "Organization", "name": "Newsroom"}
    assert review["datePublished"][:4].isdigit()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["alternateName"] == "Mostly true"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Lena Ortiz"}
    assert item["appearance"]["url"] == "https://harbourgazette.example/quake"


def test_the_seeds_two_casualty_figures_come_out_as_one_tension():
    call_command("ingest", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    tensions = list(Tension.objects.select_related("claim_a", "claim_b"))
    assert len(tensions) == 1, [t.what for t in tensions]
    texts = {tensions[0].claim_a.text, tensions[0].claim_b.text}
    assert any("hundreds dead" in t for t in texts)
    assert any("more than 250 people dead" in t for t in texts)


def test_a_resolved_tension_survives_reextraction(editor):
    call_command("ingest", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    tension = Tension.objects.get()
    tension_resolve(tension=tension, editor=editor, note="Later figure is the official one.")
    call_command("ingest", str(SEED), "--reextract", stdout=io.StringIO(), stderr=io.StringIO())
    tension.refresh_from_db()
    assert tension.resolved and tension.note == "Later figure is the official one."
    assert Tension.objects.count() == 1


def test_storing_a_claim_inside_a_quote_credits_the_speaker(article):
    speaker = x.Speaker("Lena Ortiz", x.PERSON, role="Governor", aliases=("Lena Ortiz", "Ms. Ortiz"))
    quote = x.Quote("The earthquake killed 112 people", x.DIRECT, (x.Fragment(0, 32),), speaker, mention="she")
    found = x.Claim("The earthquake killed 112 people", (x.Fragment(0, 32),), speaker, 0.9, quote_index=0)
    outlet_claim = x.Claim("The quake left dozens dead.", (x.Fragment(49, 76),), None, 0.7)
    claims_store_extraction(
        article=article,
        extraction=x.Extraction(quotes=(quote,), speakers=(speaker,), claims=(found, outlet_claim)),
    )
    stored = {c.text: c for c in article.claims.select_related("claimant", "quote")}
    assert stored["The earthquake killed 112 people"].claimant.name == "Lena Ortiz"
    assert stored["The earthquake killed 112 people"].quote.text == "The earthquake killed 112 people"
    assert stored["The quake left dozens dead."].claimant is None


def test_a_topic_of_unknown_kind_is_stored_as_other(article):
    """An 'about' name the entity finder gave no kind for becomes an Entity of a valid kind."""
    from claims.models import Entity

    quote = x.Quote("The Harbour Works plan is dead", x.DIRECT, (x.Fragment(0, 30),), None, about=("Harbour Works",))
    claims_store_extraction(article=article, extraction=x.Extraction(quotes=(quote,)))
    entity = Entity.objects.get(name="Harbour Works")
    entity.full_clean()
    assert entity.kind == "other"
