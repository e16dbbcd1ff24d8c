"""An editor searches in a real Chromium, on a laptop and on a phone: names with or without accents, markup as text."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

from articles.models import Article
from claims.models import Quote, Speaker
from tests.conftest import REPO, SEED

# Playwright's sync API runs an event loop in the test thread; the ORM calls here are plain sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = REPO / "test-results" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_an_editor_searches_for_a_word_and_a_name_spelled_with_turkish_letters(
    live_server, page, django_user_model, width
):
    django_user_model.objects.create_user("ed", password="correct horse battery")
    call_command("ingest", str(SEED), stdout=io.StringIO())
    hostile = Article.objects.create(
        slug="hostile",
        headline="Quay <img src=x onerror=alert(1)> vote",
        body="Nothing.",
        source_name="hostile.txt",
        checksum="b" * 64,
        raw_text="raw",
    )
    Quote.objects.create(
        article=hostile,
        speaker=Speaker.objects.create(name="Ivo <script>alert(2)</script> Marek", slug="ivo-marek"),
        text="The membership vote <script>alert(3)</script> is void.",
    )
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{live_server.url}/search/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "ed")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/search/")
    field = page.get_by_label("Search quotes, claims, articles and speakers")
    field.fill("membership")
    field.press("Enter")
    page.wait_for_url("**/search/?q=membership")
    quotes = page.locator("#quotes li")
    assert quotes.count() >= 2
    assert page.locator("#quotes mark").first.inner_text().lower() == "membership"
    assert "<script>alert(3)</script>" in page.locator("#quotes").inner_text()
    assert page.title() == "Search: “membership” · Newsroom"
    _fits(page, width, "membership")

    field.fill("Çavuşoğlu")
    field.press("Enter")
    page.wait_for_url("**/search/?q=*")
    speaker = page.locator("#speakers li").first
    assert "Mevlut Cavusoglu" in speaker.inner_text()
    assert speaker.locator("mark").first.inner_text() == "Cavusoglu"
    assert page.locator("#search-page-q").input_value() == "Çavuşoğlu"
    _fits(page, width, "cavusoglu")

    page.goto(f"{live_server.url}/search/?q=Ivo")
    assert "Ivo <script>alert(2)</script> Marek" in page.locator("#speakers").inner_text()
    page.goto(f"{live_server.url}/search/?q=quay")
    assert "Quay <img src=x onerror=alert(1)> vote" in page.locator("#articles").inner_text()
    assert not errors, errors  # nothing ran: no dialogs, no CSP violations, no script errors


def _fits(page, width, name):
    """The page is never wider than the phone or laptop it is shown on; a screenshot is kept."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"search-{name}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
