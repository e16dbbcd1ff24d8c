"""Editors correct the machine in the admin; every change goes through the services and leaves one history
row naming the editor."""

import pytest

from articles.models import Article
from claims import services
from claims.counters import counters_refresh
from claims.models import Claim, Entity, Quote, Speaker, Status, Tension
from claims.services import RATING_OUT_OF_RANGE

pytestmark = pytest.mark.django_db

BODY = (
    "Mayor Ada Vance said the vote was over.\n\n"
    '"It is over," she told the council in Brackwater.\n\n'
    "Turnout was 61%, officials said."
)


@pytest.fixture
def article():
    return Article.objects.create(
        slug="vote", headline="Vote", body=BODY, source_name="vote.txt", checksum="v" * 64, raw_text="raw"
    )


@pytest.fixture
def vance():
    speaker = Speaker.objects.create(name="Ada Vance", slug="ada-vance", kind="person")
    services.speaker_add_aliases(speaker, ["Ada Vance"])
    return speaker


@pytest.fixture
def quote(article):
    start = BODY.index("It is over")
    return Quote.objects.create(
        article=article, text="It is over", speaker=None, speaker_mention="she", start=start, end=start + 10
    )


def quote_form(quote, **changes):
    data = {
        "speaker": quote.speaker_id or "",
        "speaker_mention": quote.speaker_mention,
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "about": [e.pk for e in quote.about.all()],
    }
    data.update(changes)
    return data


def claim_form(claim, **changes):
    data = {
        "text": claim.text,
        "claimant": claim.claimant_id or "",
        "about": [],
        "rating_value": claim.rating_value or "",
        "rating_label": claim.rating_label,
        "rating_note": claim.rating_note,
    }
    data.update(changes)
    return data


def test_editing_a_machine_quote_makes_it_corrected_with_one_history_row(editor_client, quote, vance, editor):
    before = quote.history.count()
    response = editor_client.post(f"/admin/claims/quote/{quote.pk}/change/", quote_form(quote, speaker=vance.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    quote.refresh_from_db()
    assert quote.speaker == vance and quote.status == Status.CORRECTED and quote.reviewed_by == editor
    assert quote.history.count() == before + 1
    latest = quote.history.first()
    assert latest.history_user == editor and latest.speaker_id == vance.pk
    assert quote.history.last().speaker_id is None  # the machine's version is there to revert to


def test_saving_an_unchanged_form_writes_no_history(editor_client, quote):
    before = quote.history.count()
    assert editor_client.post(f"/admin/claims/quote/{quote.pk}/change/", quote_form(quote)).status_code == 302
    quote.refresh_from_db()
    assert quote.history.count() == before and quote.status == Status.MACHINE


def test_the_change_form_buttons_verify_reject_and_restore(editor_client, quote, editor):
    url = f"/admin/claims/quote/{quote.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert 'name="_verify"' in page and 'name="_reject"' in page
    editor_client.post(url, {**quote_form(quote), "_reject": "Reject"})
    quote.refresh_from_db()
    assert quote.status == Status.REJECTED
    assert 'name="_restore"' in editor_client.get(url).content.decode()
    editor_client.post(url, {**quote_form(quote, cue="told"), "_restore": "Save and restore"})
    quote.refresh_from_db()
    assert (quote.status, quote.cue) == (Status.CORRECTED, "told")  # restored, and its cue corrected
    # Each button press was one save: one history row, with the editor's name.
    assert [h.history_user for h in quote.history.all()[:2]] == [editor, editor]
    assert quote.history.count() == 3


@pytest.mark.parametrize(("action", "status"), [("verify", "verified"), ("reject", "rejected")])
def test_list_actions_go_through_the_services(editor_client, article, editor, action, status):
    quotes = [Quote.objects.create(article=article, text=f"words {i}", start=i) for i in range(3)]
    response = editor_client.post(
        "/admin/claims/quote/", {"action": action, "_selected_action": [q.pk for q in quotes]}
    )
    assert response.status_code == 302
    for q in quotes:
        q.refresh_from_db()
        assert q.status == status and q.reviewed_by == editor
        assert q.history.count() == 2 and q.history.first().history_user == editor


def test_the_restore_action_brings_back_rejected_claims(editor_client, article, editor):
    claim = Claim.objects.create(article=article, text="Turnout was 61%")
    services.claim_reject(claim=claim, editor=editor)
    editor_client.post("/admin/claims/claim/", {"action": "restore", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED and claim.history.count() == 3


def test_adding_a_missed_quote_in_the_admin(editor_client, article, vance, editor):
    data = {
        "article": article.pk,
        "location": "body",
        "caption_index": 0,
        "text": "the vote was over",
        "speaker": vance.pk,
        "speaker_mention": "Mayor Ada Vance",
        "kind": "indirect",
        "cue": "said",
        "about": [],
    }
    response = editor_client.post("/admin/claims/quote/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quote = Quote.objects.get(added_by_editor=True)
    assert article.body[quote.start : quote.end] == "the vote was over"
    assert quote.status == Status.CORRECTED and quote.history.get().history_user == editor
    assert editor_client.get(f"/admin/claims/quote/{quote.pk}/history/").status_code == 200


def test_words_that_are_not_in_the_article_are_an_error_on_the_form(editor_client, article):
    data = {"article": article.pk, "location": "body", "caption_index": 0, "text": "Nobody said this", "kind": "direct"}
    response = editor_client.post("/admin/claims/quote/add/", data)
    assert response.status_code == 200
    assert services.QUOTE_TEXT_NOT_FOUND in response.content.decode()
    assert not Quote.objects.exists()


def test_adding_a_claim_in_the_admin(editor_client, article, editor):
    response = editor_client.post("/admin/claims/claim/add/", {"article": article.pk, "text": "Turnout was 61%"})
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get()
    assert claim.added_by_editor and claim.history.get().history_user == editor


def inline_management(prefix, total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_the_article_admin_adds_missed_quotes_and_claims_inline(editor_client, article, quote, vance, editor):
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "It is over" in page  # the machine's quote is listed
    data = {
        "outlet": "",
        "published": "",
        **inline_management("quotes", total=2, initial=1),
        "quotes-0-id": quote.pk,
        "quotes-0-article": article.pk,
        "quotes-1-article": article.pk,
        "quotes-1-text": "the vote was over",
        "quotes-1-speaker": vance.pk,
        "quotes-1-speaker_mention": "Mayor Ada Vance",
        "quotes-1-kind": "indirect",
        "quotes-1-cue": "said",
        **inline_management("claims"),
        "claims-0-article": article.pk,
        "claims-0-text": "Turnout was 61%",
        "claims-0-claimant": "",
    }
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:4000]
    added = Quote.objects.get(added_by_editor=True)
    assert added.speaker == vance and added.history.get().history_user == editor
    assert Claim.objects.get().added_by_editor
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE  # the listed quote was not touched


def test_a_rating_in_the_admin_is_checked_and_written_once(editor_client, article, editor):
    claim = Claim.objects.create(article=article, text="Turnout was 61%.", checkworthiness=0.8)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    response = editor_client.post(url, claim_form(claim, rating_value=9, rating_label="True"))
    assert response.status_code == 200
    assert RATING_OUT_OF_RANGE in response.content.decode()
    assert editor_client.post(url, claim_form(claim, rating_value=5, rating_label="True")).status_code == 302
    claim.refresh_from_db()
    assert claim.rating_label == "True" and claim.rated_by == editor and claim.status == Status.VERIFIED
    assert claim.history.count() == 2  # created, rated: one row for the rating
    assert claim.history.first().history_user == editor


def test_an_editor_without_the_rating_permission_cannot_rate(client, article, django_user_model, roles):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("cl", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_claim", "change_claim"]))
    client.force_login(user)
    claim = Claim.objects.create(article=article, text="Turnout was 61%.")
    client.post(f"/admin/claims/claim/{claim.pk}/change/", claim_form(claim, rating_value=5, rating_label="True"))
    claim.refresh_from_db()
    assert claim.rating_label == ""


def test_the_admin_action_resolves_tensions(editor_client, article, editor):
    a = Claim.objects.create(article=article, text="The fire killed 12 people.")
    b = Claim.objects.create(article=article, text="The fire killed dozens.")
    tension = Tension.objects.create(claim_a=a, claim_b=b, what="death tolls differ")
    response = editor_client.post(
        "/admin/claims/tension/", {"action": "mark_resolved", "_selected_action": [tension.pk]}
    )
    assert response.status_code == 302
    tension.refresh_from_db()
    assert tension.resolved and tension.resolved_by == editor


def test_search_ignores_accents(editor_client, article):
    speaker = Speaker.objects.create(name="Mevlüt Çavuşlu", slug="mevlut-cavuslu", kind="person")
    services.speaker_add_aliases(speaker, ["Mevlüt Çavuşlu", "Minister Çavuşlu"])
    Quote.objects.create(article=article, speaker=speaker, text="Nous restons", start=1)
    Quote.objects.create(article=article, text="Ölçüm yapıldı", start=2)
    assert "Mevlüt Çavuşlu" in editor_client.get("/admin/claims/speaker/?q=Cavu").content.decode()
    assert "Nous restons" in editor_client.get("/admin/claims/quote/?q=cavus").content.decode()
    found = editor_client.get("/admin/claims/quote/?q=olcum").content.decode()
    assert "Ölçüm yapıldı" in found and "Nous restons" not in found
    assert "Mevlüt Çavuşlu" in editor_client.get("/admin/claims/speaker/?q=Çavu").content.decode()


def test_the_speaker_quote_count_does_not_multiply_with_aliases_in_a_search(editor_client, article):
    speaker = Speaker.objects.create(name="Dora Quill", slug="dora-quill", kind="person")
    services.speaker_add_aliases(speaker, ["Dora Quill", "Minister Quill", "Dora M. Quill", "Quill"])
    for i in range(3):
        Quote.objects.create(article=article, speaker=speaker, text=f"words {i}", start=i)
    rejected = Quote.objects.create(article=article, speaker=speaker, text="not a quote", start=9)
    rejected.status = Status.REJECTED
    rejected.save()
    counters_refresh(speakers=[speaker.pk])  # the rows were written directly, not through the services
    page = editor_client.get("/admin/claims/speaker/?q=quill").content.decode()
    assert '<td class="field-quote_count">3</td>' in page


def test_the_article_list_counts_no_rejected_quotes(editor_client, article, quote, editor):
    Quote.objects.create(article=article, text="Turnout was 61%", start=BODY.index("Turnout"))
    services.quote_reject(quote=quote, editor=editor)
    page = editor_client.get("/admin/articles/article/").content.decode()
    assert '<td class="field-quote_count">1</td>' in page
    assert Article.objects.with_counts().get().quote_count == 1


def test_the_speaker_slug_is_made_from_the_name(editor_client, editor):
    data = {"name": "Zoë Harrow", "kind": "person", "role": "", "affiliation": "", **inline_management("aliases")}
    data["aliases-0-alias"] = "Councillor Harrow"
    response = editor_client.post("/admin/claims/speaker/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    speaker = Speaker.objects.get()
    assert speaker.slug == "zoe-harrow"
    assert set(speaker.aliases.values_list("key", flat=True)) == {"zoe harrow", "councillor harrow"}
    assert speaker.history.get().history_user == editor


def test_splitting_a_speaker_in_the_admin(editor_client, article, vance, editor):
    mine = Quote.objects.create(article=article, speaker=vance, text="It is over", start=5)
    theirs = Quote.objects.create(article=article, speaker=vance, text="Turnout was 61%", start=9)
    url = f"/admin/claims/speaker/{vance.pk}/split/"
    assert "Turnout was 61%" in editor_client.get(url).content.decode()
    response = editor_client.post(url, {"quotes": [theirs.pk], "name": "Brackwater Council", "kind": "organisation"})
    assert response.status_code == 302, response.content.decode()[:3000]
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.speaker.name == "Brackwater Council" and mine.speaker == vance
    assert theirs.history.first().history_user == editor


def test_merging_entities_in_the_admin_confirms_first(editor_client, quote, editor):
    keep = services.entity_create(editor=editor, name="Brackwater", kind="other")
    other = services.entity_create(editor=editor, name="Brakwater", kind="other")
    services.quote_edit(quote=quote, editor=editor, about=[other])
    ids = [keep.pk, other.pk]
    asked = editor_client.post("/admin/claims/entity/", {"action": "merge_entities", "_selected_action": ids})
    assert asked.status_code == 200 and "It is over" in asked.content.decode()
    editor_client.post(
        "/admin/claims/entity/",
        {"action": "merge_entities", "_selected_action": ids, "confirm": "yes", "keep": keep.pk},
    )
    assert list(Entity.objects.all()) == [keep] and list(quote.about.all()) == [keep]


def test_history_pages_open_after_a_merge_and_tell_what_changed(editor_client, quote, vance, editor):
    typo = Speaker.objects.create(name="Ada Vanse", slug="ada-vanse", kind="person")
    typo_pk = typo.pk
    services.quote_reassign(quote=quote, editor=editor, speaker=typo)
    services.speaker_merge(keep=vance, others=[typo], editor=editor)
    page = editor_client.get(f"/admin/claims/quote/{quote.pk}/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ada Vanse (merged or deleted" in text  # the old speaker is named, not a 500 or a bare pk
    assert "Deleted user" not in text and "About:" not in text
    merged = editor_client.get(f"/admin/claims/speaker/{vance.pk}/history/").content.decode()
    assert f"merged in Ada Vanse (#{typo_pk}): 1 quote(s) #{quote.pk}" in merged
    oldest = quote.history.last()
    assert editor_client.get(f"/admin/claims/quote/{quote.pk}/history/{oldest.history_id}/").status_code == 200


def test_machine_topics_show_no_change_when_an_editor_edits(editor_client, article, editor):
    from claims.extraction import types as x

    found = x.Quote("It is over", x.DIRECT, (x.Fragment(BODY.index("It is over"), 50),), None, about=("Brackwater",))
    services.claims_store_extraction(article=article, extraction=x.Extraction(quotes=(found,)))
    quote = Quote.objects.get()
    assert [link.entity.name for link in quote.history.get().about.all()] == ["Brackwater"]
    editor_client.post(f"/admin/claims/quote/{quote.pk}/change/", quote_form(quote, cue="told"))
    page = editor_client.get(f"/admin/claims/quote/{quote.pk}/history/").content.decode()
    assert "Cue:" in page and "About:" not in page
    assert quote.history.count() == 2


def test_reverting_from_the_history_restores_the_old_version(editor_client, quote, vance, editor):
    services.quote_reassign(quote=quote, editor=editor, speaker=vance)
    services.quote_reject(quote=quote, editor=editor)
    machine = quote.history.last()
    url = f"/admin/claims/quote/{quote.pk}/history/{machine.history_id}/"
    response = editor_client.post(url, quote_form(machine.instance))
    assert response.status_code == 302, response.content.decode()[:3000]
    quote.refresh_from_db()
    assert quote.speaker is None and quote.status == Status.MACHINE
    assert quote.history.count() == 4 and quote.history.first().history_user == editor


def test_every_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    models = [
        m
        for app in ("articles", "claims")
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
    ]
    assert [m.__name__ for m in models if m not in admin.site._registry] == []


def test_the_speaker_autocomplete_ignores_accents(editor_client):
    Speaker.objects.create(name="Mevlüt Çavuşlu", slug="mevlut-cavuslu", kind="person")
    Speaker.objects.create(name="Cora Vane", slug="cora-vane", kind="person")
    response = editor_client.get(
        "/admin/autocomplete/", {"app_label": "claims", "model_name": "quote", "field_name": "speaker", "term": "cavu"}
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Mevlüt Çavuşlu"]


def test_clearing_a_rating_in_the_admin_removes_the_verdict(editor_client, article, editor):
    claim = Claim.objects.create(article=article, text="Turnout was 61%.")
    services.claim_rate(claim=claim, editor=editor, rating_value=4, rating_label="Mostly true")
    url = f"/admin/claims/claim/{claim.pk}/change/"
    claim.refresh_from_db()
    assert editor_client.post(url, claim_form(claim, rating_value="", rating_label="")).status_code == 302
    claim.refresh_from_db()
    assert (claim.rating_value, claim.rating_label, claim.rated_by, claim.rated_at) == (None, "", None, None)
    assert claim.history.first().history_user == editor and claim.history.count() == 3


def test_machine_speakers_entities_and_aliases_have_history(article):
    from claims.extraction import types as x

    speaker = x.Speaker("Nell Ashby", x.PERSON, aliases=("Nell Ashby", "Ms Ashby"))
    found = x.Quote("It is over", x.DIRECT, (x.Fragment(BODY.index("It is over"), 50),), speaker, about=("Brackwater",))
    services.claims_store_extraction(article=article, extraction=x.Extraction(quotes=(found,), speakers=(speaker,)))
    stored = Speaker.objects.get(name="Nell Ashby")
    assert stored.history.get().history_type == "+"
    assert {a.alias for a in stored.aliases.all()} == {"Nell Ashby", "Ms Ashby"}
    for alias in stored.aliases.all():
        assert alias.history.get().history_type == "+"
    for alias in Entity.objects.get(name="Brackwater").aliases.all():
        assert alias.history.get().history_type == "+"


def test_every_admin_page_of_the_seed_opens(editor_client, editor):
    import io

    from django.apps import apps
    from django.contrib import admin
    from django.core.management import call_command

    from tests.conftest import SEED

    call_command("ingest", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    claim = Claim.objects.first()
    Tension.objects.get_or_create(claim_a=claim, claim_b=Claim.objects.last(), defaults={"what": "figures"})
    failures = []
    for model in (m for app in ("articles", "claims") for m in apps.get_app_config(app).get_models()):
        if model not in admin.site._registry:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        obj = model.objects.first()
        urls = [base, f"{base}?q=a", f"{base}add/", f"{base}{obj.pk}/change/"]
        if hasattr(model, "history"):
            urls.append(f"{base}{obj.pk}/history/")
        may_add = editor.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
        for url in urls:
            expected = 403 if url.endswith("add/") and not may_add else 200  # outlets, articles, tensions
            status = editor_client.get(url).status_code
            if status != expected:
                failures.append((url, status))
    assert failures == []


@pytest.fixture
def spy(monkeypatch):
    """Record calls of the correction services (each still runs for real)."""
    calls = []

    def watch(name):
        real = getattr(services, name)

        def recorded(**kwargs):
            calls.append(name)
            return real(**kwargs)

        monkeypatch.setattr(services, name, recorded)

    for name in [n for n in dir(services) if n.split("_")[0] in {"quote", "claim", "speaker", "entity", "tension"}]:
        if callable(getattr(services, name)) and name not in {
            "quote_locate",
            "speaker_find",
            "speaker_get_or_create",
            "claim_rating_validate",
        }:
            watch(name)
    return calls


def test_each_admin_change_calls_one_service(editor_client, article, quote, vance, spy):
    claim = Claim.objects.create(article=article, text="Turnout was 61%", start=BODY.index("Turnout"))
    other = Speaker.objects.create(name="Ada Vanse", slug="ada-vanse", kind="person")
    steps = [
        ("quote_edit", f"/admin/claims/quote/{quote.pk}/change/", quote_form(quote, speaker=vance.pk)),
        ("quote_verify", "/admin/claims/quote/", {"action": "verify", "_selected_action": [quote.pk]}),
        ("quote_reject", "/admin/claims/quote/", {"action": "reject", "_selected_action": [quote.pk]}),
        ("quote_restore", "/admin/claims/quote/", {"action": "restore", "_selected_action": [quote.pk]}),
        (
            "claim_edit",
            f"/admin/claims/claim/{claim.pk}/change/",
            claim_form(claim, rating_value=1, rating_label="False"),
        ),
        ("claim_reject", "/admin/claims/claim/", {"action": "reject", "_selected_action": [claim.pk]}),
        (
            "quote_add",
            "/admin/claims/quote/add/",
            {
                "article": article.pk,
                "location": "body",
                "caption_index": 0,
                "text": "the vote was over",
                "kind": "direct",
            },
        ),
        ("claim_add", "/admin/claims/claim/add/", {"article": article.pk, "text": "the vote was over"}),
        (
            "speaker_merge",
            "/admin/claims/speaker/",
            {"action": "merge_speakers", "_selected_action": [vance.pk, other.pk], "confirm": "yes", "keep": vance.pk},
        ),
    ]
    for service, url, data in steps:
        spy.clear()
        response = editor_client.post(url, data)
        assert response.status_code == 302, (service, response.content.decode()[:2000])
        assert spy[:1] == [service], (service, spy)


@pytest.mark.parametrize(
    "url", ["/admin/claims/quote/", "/admin/claims/claim/", "/admin/claims/speaker/", "/admin/articles/article/"]
)
def test_admin_lists_take_as_many_queries_for_many_rows_as_for_few(editor_client, article, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_rows(n):
        for i in range(n):
            speaker = Speaker.objects.create(name=f"Person {i}", slug=f"person-{i}-{n}", kind="person")
            services.speaker_add_aliases(speaker, [f"Person {i}", f"P. {i}"])
            Quote.objects.create(article=article, speaker=speaker, text=f"words {i}", start=i)
            Claim.objects.create(article=article, claimant=speaker, text=f"claim {i}", start=i)
            Article.objects.create(slug=f"a-{i}-{n}", body="b", source_name=f"{i}-{n}.txt", checksum=f"{i}-{n}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200
        return len(queries)

    add_rows(2)
    few = count()
    add_rows(10)
    assert count() == few


def test_quotes_are_rejected_not_deleted_and_speakers_in_use_are_not_deleted(
    client, article, quote, vance, django_user_model
):
    boss = django_user_model.objects.create_superuser("boss", password="x")
    client.force_login(boss)
    assert client.post(f"/admin/claims/quote/{quote.pk}/delete/", {"post": "yes"}).status_code == 403
    services.quote_reassign(quote=quote, editor=boss, speaker=vance)
    response = client.post(f"/admin/claims/speaker/{vance.pk}/delete/", {"post": "yes"}, follow=True)
    assert services.SPEAKER_IN_USE in response.content.decode()
    assert Speaker.objects.filter(pk=vance.pk).exists()
    stray = services.speaker_create(editor=boss, name="Getty Images")
    stray_pk = stray.pk
    assert client.post(f"/admin/claims/speaker/{stray_pk}/delete/", {"post": "yes"}).status_code == 302
    assert Speaker.history.get(id=stray_pk, history_type="-").history_user == boss
