"""An editor logs in through a real Chromium and reads an article."""

import os

import pytest

from articles.models import Article

from .browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_an_editor_logs_in_and_reads_an_article(live_server, page, django_user_model):
    django_user_model.objects.create_user("ed", password="correct horse battery")
    Article.objects.create(
        slug="harbour-plan",
        headline="Harbour plan <i>approved</i>",
        body='The port director said: "Work starts in May."\n\nResidents were not consulted.',
        source_name="harbour.txt",
        checksum="h" * 64,
        raw_text="raw",
    )
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/articles/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "ed")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/articles/")
    page.click("main >> text=Harbour plan")
    assert page.locator("h1").inner_text() == "Harbour plan <i>approved</i>"
    assert "Work starts in May." in page.locator(".body").inner_text()
    assert not console_errors, console_errors  # no CSP violations or script errors
