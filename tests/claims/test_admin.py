"""Editors correct the machine in the admin; every correction is kept, with its history."""

import pytest
from django.contrib.auth.models import Permission

from articles.models import Article
from claims.models import Claim, Quote, Speaker, Status, Tension
from claims.services import RATING_OUT_OF_RANGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, editor):
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["claims", "articles"]))
    client.force_login(editor)
    return client


@pytest.fixture
def article():
    return Article.objects.create(
        slug="vote", headline="Vote", body="body", source_name="vote.txt", checksum="v" * 64, raw_text="raw"
    )


def quote_form(quote, **changes):
    data = {
        "speaker": quote.speaker_id or "",
        "speaker_mention": quote.speaker_mention,
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "confidence": quote.confidence,
        "status": quote.status,
        "about": [],
    }
    data.update(changes)
    return data


def test_editing_a_machine_quote_makes_it_corrected_with_history(admin_client, article, editor):
    mayor = Speaker.objects.create(name="Ada Vance", slug="ada-vance", kind="person")
    quote = Quote.objects.create(article=article, text="It is over", speaker=None, speaker_mention="she")
    response = admin_client.post(f"/admin/claims/quote/{quote.pk}/change/", quote_form(quote, speaker=mayor.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    quote.refresh_from_db()
    assert quote.speaker == mayor
    assert quote.status == Status.CORRECTED
    assert quote.reviewed_by == editor
    latest = quote.history.first()
    assert latest.history_user == editor and latest.speaker_id == mayor.pk
    assert quote.history.last().speaker_id is None  # the machine's version is there to revert to


def test_a_rating_out_of_range_is_refused_in_the_form(admin_client, article):
    claim = Claim.objects.create(article=article, text="Turnout was 61%.", checkworthiness=0.8)
    data = {
        "text": claim.text,
        "claimant": "",
        "checkworthiness": 0.8,
        "status": claim.status,
        "about": [],
        "rating_value": 9,
        "rating_label": "True",
        "rating_note": "",
    }
    response = admin_client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 200
    assert RATING_OUT_OF_RANGE in response.content.decode()
    data["rating_value"] = 5
    assert admin_client.post(f"/admin/claims/claim/{claim.pk}/change/", data).status_code == 302
    claim.refresh_from_db()
    assert claim.rating_label == "True" and claim.rated_at is not None and claim.status == Status.VERIFIED


def test_the_admin_action_resolves_tensions(admin_client, article, editor):
    a = Claim.objects.create(article=article, text="The fire killed 12 people.")
    b = Claim.objects.create(article=article, text="The fire killed dozens.")
    tension = Tension.objects.create(claim_a=a, claim_b=b, what="death tolls differ")
    response = admin_client.post(
        "/admin/claims/tension/", {"action": "mark_resolved", "_selected_action": [tension.pk]}
    )
    assert response.status_code == 302
    tension.refresh_from_db()
    assert tension.resolved and tension.resolved_by == editor
