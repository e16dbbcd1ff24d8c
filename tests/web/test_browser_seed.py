"""An editor reads the seed article in Chromium at laptop and phone widths: quotes marked with their
speakers, a mark followed to the speaker's page, a topic page, a filter on the quote list. No page is ever
wider than the window, and every page is saved as a screenshot."""

import os

import pytest
from django.core.management import call_command

from tests.conftest import SEED

from .browser import CHROMIUM, PASSWORD, WIDTHS, fits_the_viewport, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,  # the rows come from the module's fixture; this only asks for the test database
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

# Quoted words from the seed and who said them, as the answer key in tests/gold has it.
SAID = {
    "Turkey wanted to cooperate with NATO members": "Mevlut Cavusoglu",
    "Sooner or later the US will make a choice": "Recep Tayyip Erdogan",
    "Turkey is a valued Ally": "NATO",
}


@pytest.fixture(scope="module")
def seeded(module_live_server):
    from django.contrib.auth import get_user_model

    call_command("ingest", str(SEED), verbosity=0)
    get_user_model().objects.create_user("ed", password=PASSWORD)
    return module_live_server.url


class Visit:
    """Open pages, check each fits the window, save a screenshot of it."""

    def __init__(self, page, screenshots, width):
        self.page, self.folder, self.width = page, screenshots, width

    def check(self, name: str) -> None:
        assert fits_the_viewport(self.page), f"{name} is wider than {self.width} px"
        self.page.screenshot(path=self.folder / f"{self.width}-{name}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_editor_follows_who_said_what_through_the_seed(seeded, browser, screenshots, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    visit = Visit(page, screenshots, width)

    page.goto(f"{seeded}/articles/")
    assert "/accounts/login/" in page.url
    visit.check("login")
    log_in(page, seeded, "ed")
    visit.check("front-page")
    assert page.locator("h1").inner_text() == "Front page"
    assert page.locator(".matrix-table a", has_text="NATO").count() >= 1

    page.click("nav >> text=Articles")
    page.wait_for_url("**/articles/")
    visit.check("articles")
    page.locator("main table a", has_text="Fears of anti-West alliance").click()
    page.wait_for_url("**/articles/fears-of-anti-west-alliance*/")
    visit.check("article")
    for words, speaker in SAID.items():
        mark = page.locator("main .body mark.quote", has_text=words)
        assert mark.count() == 1, words
        assert mark.locator(".who").inner_text().strip() == speaker.upper() or (
            mark.locator(".who").text_content().strip() == speaker
        )
    caption_mark = page.locator(".captions mark.quote .who")
    assert caption_mark.count() >= 1 and "Mevlut Cavusoglu" in caption_mark.first.text_content()
    assert page.locator(".legend .who", has_text="Mevlut Cavusoglu").count() == 1

    page.locator("main .body mark.quote a.who", has_text="Mevlut Cavusoglu").first.click()
    page.wait_for_url("**/speakers/mevlut-cavusoglu/")
    assert page.locator("h1").inner_text() == "Mevlut Cavusoglu"
    assert "Foreign Minister, Turkey" in page.locator("main").inner_text()
    assert page.locator("svg.timeline rect.bar").count() >= 1
    visit.check("speaker")

    page.click("nav >> text=Topics")
    page.wait_for_url("**/topics/")
    visit.check("topics")
    page.locator("main table a", has_text="NATO").first.click()
    page.wait_for_url("**/topics/nato/")
    assert page.locator("h1").inner_text() == "NATO"
    assert page.locator(".quote-group h3 a", has_text="Mevlut Cavusoglu").count() == 1
    visit.check("topic")

    page.click("nav >> text=Quotes")
    page.wait_for_url("**/quotes/")
    visit.check("quotes")
    everything = page.locator("main ul.quotes > li").count()
    page.select_option("select[name=kind]", "direct")
    page.fill("input[name=speaker]", "nato")
    page.click("main form.filters button[type=submit]")
    page.wait_for_url("**/quotes/?*speaker=nato*")
    filtered = page.locator("main ul.quotes > li")
    assert 0 < filtered.count() < everything
    for i in range(filtered.count()):
        assert "Direct" in filtered.nth(i).locator(".meta").inner_text()
    assert "NATO is" not in page.locator("main ul.quotes").inner_text()  # sanity: quote texts, not speakers
    visit.check("quotes-filtered")

    for name, path in [("speakers", "/speakers/"), ("claims", "/claims/")]:
        page.goto(f"{seeded}{path}")
        visit.check(name)

    assert not errors, errors  # no CSP violations, no script errors
    context.close()
