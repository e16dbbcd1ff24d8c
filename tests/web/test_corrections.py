"""Editors correct quotes on the article page: each form goes through its service and writes one history row
with the editor's name; viewers see no controls and get 403; plain POSTs redirect, htmx requests get the page's
main part."""

import pytest
from django.contrib.messages import get_messages

from claims import forms, services, views
from claims.models import Quote, Speaker, SpeakerAlias, Status
from tests.factories import make_newsroom

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/ferry-story-0/"


@pytest.fixture
def article():
    [article] = make_newsroom(1)
    return article


@pytest.fixture
def quote(article):
    """A machine-made quote of Bruno Keel's in the body."""
    return article.quotes.get(text="Nobody has asked the fishermen,")


@pytest.fixture
def calls(monkeypatch):
    """The names of the correction services called, in order (each still runs)."""
    made = []
    for name in ["quote_reassign", "quote_verify", "quote_reject", "quote_restore", "quote_add", "speaker_create"]:
        real = getattr(services, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            made.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(services, name, spy)
    return made


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def one_new_history_row(row, before: int, editor) -> bool:
    history = row.history.all()
    return history.count() == before + 1 and history.first().history_user == editor


def test_an_editor_credits_a_quote_to_an_existing_speaker(editor_client, editor, quote, calls):
    before = quote.history.count()
    response = editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": "Dana Orr"})
    assert response.status_code == 302
    assert response["Location"] == f"{ARTICLE}#quote-{quote.pk}"
    assert messages_of(response) == [views.REASSIGNED.format(speaker="Dana Orr")]
    assert calls == ["quote_reassign"]
    quote.refresh_from_db()
    assert quote.speaker.slug == "dana-orr" and quote.status == Status.CORRECTED
    assert quote.reviewed_by == editor
    assert one_new_history_row(quote, before, editor)
    assert quote.history.first().history_user.get_full_name() == "Edda Marsh"


def test_the_name_is_found_without_its_accents_case_or_by_an_alias(editor_client, editor, quote):
    zoe = services.speaker_create(editor=editor, name="Zoë Çelik", kind="person")
    editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": "zoe celik"})
    quote.refresh_from_db()
    assert quote.speaker == zoe
    editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": "Vance"})  # Ada Vance's alias
    quote.refresh_from_db()
    assert quote.speaker.slug == "ada-vance"


def test_an_editor_credits_a_quote_to_a_new_speaker(editor_client, editor, quote, calls):
    before = quote.history.count()
    response = editor_client.post(
        f"/quotes/{quote.pk}/speaker/", {"speaker": "Ilse Brandvold", "new": "on", "new_kind": "person"}
    )
    assert messages_of(response) == [views.REASSIGNED_NEW.format(speaker="Ilse Brandvold")]
    assert calls == ["speaker_create", "quote_reassign"]
    ilse = Speaker.objects.get(name="Ilse Brandvold")
    assert (ilse.slug, ilse.kind) == ("ilse-brandvold", "person")
    assert ilse.history.count() == 1 and ilse.history.get().history_user == editor
    quote.refresh_from_db()
    assert quote.speaker == ilse
    assert one_new_history_row(quote, before, editor)


def test_an_unknown_name_changes_nothing_and_says_why(editor_client, quote, calls):
    before = quote.history.count()
    response = editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": "Nobody Known"})
    assert response.status_code == 302
    assert messages_of(response) == [forms.NO_SUCH_SPEAKER.format(name="Nobody Known")]
    assert calls == []
    quote.refresh_from_db()
    assert quote.speaker.slug == "bruno-keel" and quote.history.count() == before
    assert Speaker.objects.filter(name="Nobody Known").count() == 0
    # The message is shown next to the quote on the page it redirects to.
    page = editor_client.get(ARTICLE).content.decode()
    entry = page[page.index(f'id="quote-{quote.pk}"') :]
    assert "No speaker is called “Nobody Known”" in entry[: entry.index("</li>")]


def test_a_name_two_speakers_share_is_refused_unless_the_slug_tells_them_apart(editor_client, editor, quote):
    one = services.speaker_create(editor=editor, name="Kai Lund")
    two = services.speaker_create(editor=editor, name="Kai Lund")
    response = editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": "Kai Lund"})
    assert messages_of(response) == [forms.SPEAKER_AMBIGUOUS.format(name="Kai Lund")]
    suggested = editor_client.get("/speaker-names/", {"speaker": "kai"}).content.decode()
    assert f'value="Kai Lund [{one.slug}]"' in suggested and f'value="Kai Lund [{two.slug}]"' in suggested
    editor_client.post(f"/quotes/{quote.pk}/speaker/", {"speaker": f"Kai Lund [{two.slug}]"})
    quote.refresh_from_db()
    assert quote.speaker == two


def test_verify_reject_and_restore_go_through_their_services(editor_client, editor, quote, calls):
    history = quote.history.count()
    for action, status in [("verify", Status.VERIFIED), ("reject", Status.REJECTED), ("restore", Status.VERIFIED)]:
        response = editor_client.post(f"/quotes/{quote.pk}/{action}/")
        assert response.status_code == 302
        assert response["Location"] == f"{ARTICLE}#quote-{quote.pk}"
        quote.refresh_from_db()
        assert quote.status == status, action
        assert one_new_history_row(quote, history, editor), action
        history += 1
    assert calls == ["quote_verify", "quote_reject", "quote_restore"]


def test_a_rejected_quote_is_listed_apart_for_editors_with_a_restore_button(editor_client, article, quote):
    assert "the fishermen,</mark>" in editor_client.get(ARTICLE).content.decode()
    editor_client.post(f"/quotes/{quote.pk}/reject/")
    page = editor_client.get(ARTICLE).content.decode()
    assert "2 rejected quotes" in page  # the factory's and this one
    rejected = page[page.index('<details class="rejected" open>') :]
    assert f'action="/quotes/{quote.pk}/restore/"' in rejected
    assert f'action="/quotes/{quote.pk}/reject/"' not in page
    body = page[page.index('<div class="body">') : page.index('<section class="checking"')]
    assert "the fishermen,</mark>" not in body and "Nobody has asked the fishermen" in body


def test_an_editor_adds_a_missed_quote(editor_client, editor, article, calls):
    response = editor_client.post(
        f"{ARTICLE}quotes/add/",
        {"text": "The council said the repairs would cost 90 million.", "kind": "indirect", "where": "body",
         "speaker": "Port Alden Council"},
    )  # fmt: skip
    added = Quote.objects.get(added_by_editor=True)
    assert response.status_code == 302 and response["Location"] == f"{ARTICLE}#quote-{added.pk}"
    assert calls == ["quote_add"]
    assert added.speaker.name == "Port Alden Council" and added.kind == "indirect"
    assert article.body[added.start : added.end] == "The council said the repairs would cost 90 million."
    assert added.status == Status.CORRECTED
    assert added.history.count() == 1 and added.history.get().history_user == editor
    assert messages_of(response) == [views.ADDED.format(speaker="Port Alden Council")]


def test_a_missed_quote_in_a_caption_with_a_new_speaker(editor_client, editor, article, calls):
    editor_client.post(
        f"{ARTICLE}quotes/add/",
        {"text": "on the quay", "kind": "direct", "where": "caption-0", "speaker": "Oskar Ferne", "new": "on",
         "new_kind": "person"},
    )  # fmt: skip
    added = Quote.objects.get(added_by_editor=True)
    assert calls == ["speaker_create", "quote_add"]
    assert (added.location, added.caption_index, added.text) == ("caption", 0, "on the quay")
    assert added.speaker.name == "Oskar Ferne"


def test_words_that_occur_twice_are_added_where_the_editor_says(editor_client, article):
    first = article.body.index("said the")
    second = article.body.index("said the", first + 1)
    data = {"text": "said the", "kind": "indirect", "where": "body", "speaker": "Dana Orr"}
    response = editor_client.post(f"{ARTICLE}quotes/add/", {**data, "occurrence": 3})
    assert response.status_code == 400
    assert forms.OCCURRENCE_MISSING.format(count=2) in response.content.decode()
    assert not Quote.objects.filter(added_by_editor=True).exists()
    editor_client.post(f"{ARTICLE}quotes/add/", {**data, "occurrence": 2})
    editor_client.post(f"{ARTICLE}quotes/add/", {**data, "occurrence": ""})
    added = Quote.objects.filter(added_by_editor=True).order_by("pk")
    assert [q.start for q in added] == [second, first]


def test_words_not_in_the_article_are_refused_and_the_form_keeps_them(editor_client, article, calls):
    response = editor_client.post(
        f"{ARTICLE}quotes/add/",
        {"text": "Words nobody wrote", "kind": "direct", "where": "body", "speaker": "Oskar Ferne", "new": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert services.QUOTE_TEXT_NOT_FOUND.replace("'", "&#x27;") in page
    assert "Words nobody wrote</textarea>" in page
    assert views.NOT_ADDED in page
    # The speaker the editor asked for is not left behind when the quote is refused.
    assert not Speaker.objects.filter(name="Oskar Ferne").exists()
    assert not Quote.objects.filter(added_by_editor=True).exists()
    assert calls == ["speaker_create", "quote_add"]


def test_an_htmx_request_gets_the_page_main_part_with_the_message(editor_client, quote):
    url = f"/quotes/{quote.pk}/speaker/"
    response = editor_client.post(url, {"speaker": "Dana Orr"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div class="article-layout" id="article-layout"')
    assert "<html" not in page and "<header" not in page
    assert "Quote credited to Dana Orr." in page
    assert "DANA ORR" in page.upper() and "Dana Orr" in page[: page.index('<section class="checking"')]  # the mark


def test_speaker_suggestions_ignore_accents_and_case(editor_client, editor):
    services.speaker_create(editor=editor, name="Mirela Çavuşoğlu", kind="person")
    services.speaker_create(editor=editor, name="Tomas Bell", kind="person")
    page = editor_client.get("/speaker-names/", {"speaker": "cavuso"}).content.decode()
    assert '<option value="Mirela Çavuşoğlu">' in page
    assert "Tomas Bell" not in page
    alias = SpeakerAlias.objects.get(alias="Tomas Bell")
    services.speaker_alias_add(speaker=alias.speaker, editor=editor, alias="Tóm Bellweather")
    assert 'value="Tomas Bell"' in editor_client.get("/speaker-names/", {"speaker": "tom bellw"}).content.decode()
    assert editor_client.get("/speaker-names/", {"speaker": " "}).content.decode().strip() == ""


@pytest.mark.parametrize("extra", [0, 30])
def test_the_article_page_runs_a_fixed_number_of_queries_however_many_quotes(
    client, editor, viewer, article, django_assert_num_queries, extra
):
    """Editors: 6 queries as for anyone, 2 for the permissions, 1 for the rejected quotes; viewers: 8."""
    paragraphs = article.body.split("\n\n")
    for i in range(extra):
        words = paragraphs[i % len(paragraphs)]
        start = article.body.index(words)
        status = Status.REJECTED if i % 3 == 0 else Status.MACHINE
        speaker = Speaker.objects.get(slug=["ada-vance", "corin-ash", "velmark"][i % 3])
        Quote.objects.create(article=article, speaker=speaker, text=words, start=start, end=start + len(words),
                             fragments=[[start, start + len(words)]], status=status)  # fmt: skip
    client.force_login(editor)
    with django_assert_num_queries(9):
        page = client.get(ARTICLE).content.decode()
    assert page.count('class="quote-check"') == 5 + extra
    client.force_login(viewer)
    with django_assert_num_queries(8):
        assert "Check the quotes" not in client.get(ARTICLE).content.decode()


# ---------------------------------------------------------------- who may do what


def change_endpoints(quote):
    return [
        f"/quotes/{quote.pk}/speaker/",
        f"/quotes/{quote.pk}/verify/",
        f"/quotes/{quote.pk}/reject/",
        f"/quotes/{quote.pk}/restore/",
        f"{ARTICLE}quotes/add/",
    ]


def test_a_viewer_gets_403_everywhere_and_sees_no_controls(viewer_client, quote):
    data = {"speaker": "Dana Orr", "text": "Nobody has asked", "kind": "direct", "where": "body"}
    for url in change_endpoints(quote):
        assert viewer_client.post(url, data).status_code == 403, url
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE and quote.speaker.slug == "bruno-keel"
    assert not Quote.objects.filter(added_by_editor=True).exists()
    page = viewer_client.get(ARTICLE).content.decode()
    for control in ["<form method=\"post\" action=\"/quotes", "quotes/add/", "Check the quotes", "rejected quote",
                    "htmx", "<datalist"]:  # fmt: skip
        assert control not in page, control


def test_an_anonymous_visitor_is_sent_to_log_in(client, quote):
    for url in [*change_endpoints(quote), "/speaker-names/?speaker=a"]:
        response = client.post(url, {"speaker": "Dana Orr"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE


def test_a_get_on_a_change_endpoint_is_405(editor_client, quote):
    for url in change_endpoints(quote):
        assert editor_client.get(url).status_code == 405, url
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE


def test_every_form_carries_a_csrf_token_and_is_refused_without_it(editor, quote):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    page = strict.get(ARTICLE).content.decode()
    assert page.count('method="post"') == page.count('name="csrfmiddlewaretoken"') > 5
    assert strict.post(f"/quotes/{quote.pk}/reject/").status_code == 403
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE


def test_the_editors_page_has_no_inline_script_or_style(editor_client, article):
    import re

    page = editor_client.get(ARTICLE).content.decode()
    assert '<meta name="htmx-config"' in page and '"includeIndicatorStyles":false' in page
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " hx-on" not in page
