"""Article text is untrusted. An article whose body, quotes, captions and speakers' names carry markup is
ingested; on every page the markup shows as text and nothing in it runs."""

import os

import pytest
from django.core.management import call_command

from .browser import CHROMIUM, PASSWORD, fits_the_viewport, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,  # the rows come from the module's fixture; this only asks for the test database
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

SCRIPT = '<script>window.__ran = "script"; alert("script")</script>'
IMG = "<img src=x onerror=\"window.__ran = 'img'; alert('img')\">"

ARTICLE = f"""HARBOUR {SCRIPT}

Harbour plan {IMG} approved by council

Residents say {SCRIPT} nobody asked them

Port director Alma Brandt said: "The work {SCRIPT} starts in May, and nothing will stop it."

 Alma Brandt at the quay {IMG}
4
Alma Brandt at the quay {IMG}Credit: Harbour Press

"We will keep the {IMG} fishing berths open," Brandt told reporters.

Councillor Ivo Marsh said the plan would cost <b>40 million</b> and that 300 jobs were at stake.
"""


@pytest.fixture(scope="module")
def hostile(module_live_server, tmp_path_factory):
    from django.contrib.auth import get_user_model

    from articles.models import Article
    from claims.counters import counters_refresh
    from claims.models import Claim, Entity, Speaker, SpeakerAlias, Tension

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(folder), verbosity=0)
    article = Article.objects.get()
    assert article.quotes.filter(text__contains="<script>").exists()
    assert any("<img" in caption for caption in article.captions)
    # Names with markup, as an editor (or a later extractor) could store them.
    brandt = Speaker.objects.get(slug="alma-brandt")
    brandt.name, brandt.role = f"Alma {SCRIPT} Brandt", f"Director {IMG}"
    brandt.save()
    SpeakerAlias.objects.create(speaker=brandt, alias=f"Brandt {IMG}", key="brandt-img")
    topic = Entity.objects.create(name=f"Harbour {SCRIPT}", slug="harbour-markup", kind="other")
    quote = article.quotes.filter(speaker=brandt).first()
    quote.about.add(topic)
    claim_a = Claim.objects.create(
        article=article, claimant=brandt, quote=quote, text=f"It costs 40 million {SCRIPT}", checkworthiness=0.9,
        rating_label=f"False {IMG}",
    )  # fmt: skip
    claim_a.about.add(topic)
    claim_b = Claim.objects.create(article=article, text=f"It costs 90 million {IMG}", checkworthiness=0.8)
    Tension.objects.create(claim_a=claim_a, claim_b=claim_b, what=f"cost differs {SCRIPT}")
    counters_refresh()  # the rows were written directly, not through the services that keep the counters
    get_user_model().objects.create_user("ed", password=PASSWORD)
    return module_live_server.url, article.get_absolute_url(), brandt.get_absolute_url(), topic.get_absolute_url()


def test_markup_in_articles_shows_as_text_and_never_runs(hostile, browser, screenshots):
    base, article_url, speaker_url, topic_url = hostile
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, base, "ed")

    shown_as_text = {
        "/": ["cost differs <script>", "It costs 40 million <script>"],
        "/articles/": ["HARBOUR <script>window.__ran"],
        article_url: [
            "The work <script>window.__ran",
            "Alma Brandt at the quay <img src=x onerror=",
            "Harbour plan <img src=x onerror=",
            "Rated: False <img",
        ],
        "/speakers/": ["Alma <script>window.__ran"],
        speaker_url: ["Brandt <img src=x", "Director <img", "The work <script>"],
        "/topics/": ["Harbour <script>"],
        topic_url: ["It costs 40 million <script>", "Alma <script>"],
        "/quotes/": ["We will keep the <img src=x onerror="],
        "/claims/": ["It costs 90 million <img src=x"],
        "/quotes/?speaker=alma-brandt&about=harbour-markup": ["The work <script>"],
        "/articles/?q=%3Cscript%3E": ["HARBOUR <script>"],
    }
    for url, texts in shown_as_text.items():
        page.goto(f"{base}{url}")
        assert page.evaluate("window.__ran") is None, url
        markup = page.evaluate("document.querySelectorAll('script, img, [onerror]').length")
        assert markup == 0, f"{url}: {markup} script/img elements made from article text"
        words = page.locator("body").inner_text()
        for text in texts:
            assert text in words, f"{url} does not show {text!r} as text"
        assert fits_the_viewport(page), url
        name = url.strip("/").replace("/", "-").replace("?", "-") or "front-page"
        page.screenshot(path=screenshots / f"untrusted-{name[:60]}.png", full_page=True)

    assert dialogs == []
    assert errors == [], errors  # a CSP violation (something tried to run) is a console error
    context.close()
