"""Roles: Editors change, Viewers only look (403 on every change), visitors log in first, only staff reach
the admin."""

import pytest

from articles.models import Article
from claims import services
from claims.models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias, Status, Tension

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(editor):
    article = Article.objects.create(
        slug="a", headline="A", body="It rained in Orlen.", source_name="a.txt", checksum="a" * 64
    )
    speaker = services.speaker_create(editor=editor, name="Wen Ostrava", kind="person")
    entity = services.entity_create(editor=editor, name="Orlen", kind="other")
    quote = Quote.objects.create(article=article, speaker=speaker, text="It rained", start=0, end=9)
    claim = Claim.objects.create(article=article, text="It rained in Orlen.")
    other = Claim.objects.create(article=article, text="It was dry in Orlen.")
    tension = Tension.objects.create(claim_a=claim, claim_b=other, what="weather differs")
    return {
        "article": article,
        "speaker": speaker,
        "entity": entity,
        "quote": quote,
        "claim": claim,
        "tension": tension,
        "speakeralias": SpeakerAlias.objects.get(speaker=speaker),
        "entityalias": EntityAlias.objects.get(entity=entity),
    }


def change_endpoints(rows):
    """(method, url, data) for every admin endpoint that changes something."""
    found = []
    for model, app in [
        ("quote", "claims"),
        ("claim", "claims"),
        ("speaker", "claims"),
        ("entity", "claims"),
        ("speakeralias", "claims"),
        ("entityalias", "claims"),
        ("tension", "claims"),
        ("article", "articles"),
    ]:
        obj = rows[model]
        base = f"/admin/{app}/{model}/"
        found += [
            ("post", f"{base}{obj.pk}/change/", {}),
            ("post", f"{base}{obj.pk}/delete/", {"post": "yes"}),
            ("get", f"{base}add/", {}),
            ("post", f"{base}add/", {}),
        ]
        if hasattr(obj, "history"):
            version = obj.history.last().history_id
            found.append(("post", f"{base}{obj.pk}/history/{version}/", {}))
    for model, actions in [
        ("quote", ["verify", "reject", "restore"]),
        ("claim", ["verify", "reject", "restore"]),
        ("speaker", ["merge_speakers"]),
        ("entity", ["merge_entities"]),
        ("tension", ["mark_resolved"]),
    ]:
        for action in actions:
            found.append(("post", f"/admin/claims/{model}/", {"action": action, "_selected_action": [rows[model].pk]}))
    found.append(
        ("post", f"/admin/claims/speaker/{rows['speaker'].pk}/split/", {"quotes": [rows["quote"].pk], "name": "X"})
    )
    found.append(("get", f"/admin/claims/speaker/{rows['speaker'].pk}/split/", {}))
    return found


def test_a_viewer_gets_403_on_every_change_endpoint_and_nothing_changes(viewer_client, rows):
    refused = []
    for method, url, data in change_endpoints(rows):
        response = getattr(viewer_client, method)(url, data)
        if response.status_code != 403:
            refused.append((method, url, response.status_code))
    assert refused == []
    rows["quote"].refresh_from_db()
    rows["tension"].refresh_from_db()
    assert rows["quote"].status == Status.MACHINE and not rows["tension"].resolved
    assert Speaker.objects.count() == 1 and Entity.objects.count() == 1


def test_a_viewer_can_browse_the_admin_and_sees_no_change_buttons(viewer_client, rows):
    assert viewer_client.get("/admin/claims/quote/").status_code == 200
    page = viewer_client.get(f"/admin/claims/quote/{rows['quote'].pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="_reject"' not in text and 'name="_save"' not in text
    assert viewer_client.get(f"/admin/claims/quote/{rows['quote'].pk}/history/").status_code == 200


def test_an_editor_reaches_the_same_endpoints(editor_client, rows):
    assert editor_client.get("/admin/claims/quote/add/").status_code == 200
    assert editor_client.get(f"/admin/claims/speaker/{rows['speaker'].pk}/split/").status_code == 200
    response = editor_client.post("/admin/claims/quote/", {"action": "reject", "_selected_action": [rows["quote"].pk]})
    assert response.status_code == 302


def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client, rows):
    for url in ["/admin/", f"/admin/claims/quote/{rows['quote'].pk}/change/", "/admin/claims/speaker/"]:
        response = anonymous_client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    response = anonymous_client.post(f"/admin/claims/quote/{rows['quote'].pk}/change/", {})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert anonymous_client.get("/articles/").status_code == 302
    assert anonymous_client.get("/articles/")["Location"].startswith("/accounts/login/")


def test_only_staff_reach_the_admin(client, roles, django_user_model, rows):
    user = django_user_model.objects.create_user("reporter")
    user.groups.add(roles["Editors"])
    client.force_login(user)
    response = client.get("/admin/claims/quote/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
