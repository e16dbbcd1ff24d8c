"""Pages need a login (but the login page and the health check), escape article text and send a CSP."""

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return Article.objects.create(
        slug="council-vote",
        kicker="CITY HALL",
        headline="Council votes <b>no</b> on the bridge",
        standfirst="A split vote ends a decade of plans",
        body='The mayor said: "It is over."\n\n<script>alert("x")</script> was typed into the minutes.',
        captions=["The mayor leaves the chamber"],
        source_name="council.txt",
        checksum="c" * 64,
        raw_text="raw",
    )


@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/council-vote/", "/admin/"])
def test_anonymous_visitors_are_sent_to_log_in(client, article, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_login_page_and_health_check_are_public(client):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_an_editor_sees_the_article_list_and_the_article(editor_client, article):
    listing = editor_client.get(reverse("articles:list"))
    assert listing.status_code == 200
    assert b"/articles/council-vote/" in listing.content
    page = editor_client.get(article.get_absolute_url())
    content = page.content.decode()
    assert "CITY HALL" in content
    assert "A split vote ends a decade of plans" in content
    assert "The mayor leaves the chamber" in content
    assert content.count("<p>") >= 2


def test_article_text_is_escaped(editor_client, article):
    content = editor_client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "Council votes &lt;b&gt;no&lt;/b&gt;" in content


def test_pages_send_a_content_security_policy(editor_client, article):
    response = editor_client.get(article.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_logging_in_needs_a_csrf_token(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "ed", "password": "correct horse battery"})
    assert response.status_code == 403


def test_an_editor_can_log_in_with_the_form(client, editor):
    response = client.post("/accounts/login/", {"username": "ed", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/articles/").status_code == 200


def test_the_article_page_lists_who_said_what_and_hides_rejected_quotes(
    editor_client, article, django_assert_max_num_queries
):
    from claims.models import Quote, Speaker, Status

    mayor = Speaker.objects.create(name="Ada <Vance>", slug="ada-vance", kind="person")
    for i in range(5):
        Quote.objects.create(article=article, speaker=mayor, speaker_mention="The mayor", text=f"It is over {i}.")
    Quote.objects.create(article=article, speaker=mayor, text="Rejected words", status=Status.REJECTED)
    with django_assert_max_num_queries(10):
        content = editor_client.get(article.get_absolute_url()).content.decode()
    assert "It is over 4." in content
    assert "Ada &lt;Vance&gt;" in content
    assert "as “The mayor”" in content
    # Editors find it only among the rejected quotes, to restore it; it is neither marked nor counted.
    assert "Rejected words" not in content[: content.index('<section class="checking"')]
    assert content.count("Rejected words") == 1 and "1 rejected quote</summary>" in content
    assert "(5 quotes)" in content


def test_repeated_failed_logins_lock_the_account_out(client, editor, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "ed", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        "/accounts/login/", {"username": "ed", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
