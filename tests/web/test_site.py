"""The editors' website: every page answers, says so when it is empty, hides rejected rows and runs a fixed
number of SQL queries however many rows there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from claims.counters import counters_refresh
from claims.models import Claim, Entity, Quote, Speaker, Status
from tests.factories import make_cast, make_newsroom

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/ferry-story-0/",
    "/speakers/",
    "/speakers/ada-vance/",
    "/topics/",
    "/topics/velmark/",
    "/quotes/",
    "/claims/",
]

# Queries per page, the two for the session and the logged-in user included.
QUERIES = {
    "/": 12,  # top speakers and topics from their stored counters (claims.counters)
    "/articles/": 5,
    "/articles/ferry-story-0/": 9,  # 6, and for an editor 2 for the permissions and 1 for the rejected quotes
    "/speakers/": 4,
    "/speakers/ada-vance/": 8,  # the quote and claim counts are stored on the speaker
    "/topics/": 4,
    "/topics/velmark/": 7,  # the quote and claim counts are stored on the topic
    "/quotes/": 6,
    "/claims/": 6,
    "/quotes/?speaker=ada-vance&about=velmark&kind=direct&sort=-confidence": 6,
    "/claims/?about=port-alden&rated=yes&checkworthiness_min=0.5&sort=-date": 6,
    "/articles/?q=ferry&speaker=bruno-keel&entity=velmark&date_from=2024-01-01": 5,
    "/speakers/?q=vance&kind=person&sort=-latest": 4,
    "/topics/?q=vel&sort=-claims": 4,
}


def text_of(response) -> str:
    """The page's visible words (tags dropped, spaces squeezed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("url", PAGES + ["/speakers/?q=x", "/quotes/?speaker=ada-vance"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    make_newsroom(1)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_an_editor(editor_client, url):
    make_newsroom(2)
    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"<main" in response.content
    assert b"<h1" in response.content


@pytest.mark.parametrize("articles", [1, 50])
@pytest.mark.parametrize("url", list(QUERIES))
def test_each_page_runs_the_same_number_of_queries_for_1_and_50_articles(
    editor_client, django_assert_num_queries, url, articles
):
    make_newsroom(articles)
    with django_assert_num_queries(QUERIES[url]):
        response = editor_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/", "No articles yet."),
        ("/", "No one has been quoted yet."),
        ("/", "No quotes about any topic yet."),
        ("/", "No unrated claims"),
        ("/", "No open tensions"),
        ("/articles/", "0 articles."),
        ("/articles/", "No articles yet."),
        ("/speakers/", "No speakers yet"),
        ("/topics/", "No topics yet"),
        ("/quotes/", "0 quotes."),
        ("/quotes/", "No quotes yet"),
        ("/claims/", "No claims yet"),
    ],
)
def test_empty_lists_say_so(editor_client, url, says):
    assert says in text_of(editor_client.get(url))


def test_filters_that_match_nothing_say_so(editor_client):
    make_newsroom(2)
    assert "No quotes match these filters." in text_of(editor_client.get("/quotes/?speaker=nobody-at-all"))
    assert "No claims match these filters." in text_of(editor_client.get("/claims/?about=nowhere"))
    assert "No articles match these filters." in text_of(editor_client.get("/articles/?q=zeppelin"))
    assert "No speakers match these filters." in text_of(editor_client.get("/speakers/?q=zeppelin"))
    assert "No topics match these filters." in text_of(editor_client.get("/topics/?q=zeppelin"))


def test_a_speaker_and_a_topic_without_quotes_say_so(editor_client):
    speakers, entities, _ = make_cast()
    assert "No quotes by Ada Vance." in text_of(editor_client.get(speakers[0].get_absolute_url()))
    assert "No quotes about Velmark." in text_of(editor_client.get(entities[0].get_absolute_url()))
    assert "No claims about Velmark." in text_of(editor_client.get(entities[0].get_absolute_url()))


@pytest.mark.parametrize("url", PAGES)
def test_rejected_quotes_and_claims_are_never_shown(editor_client, url):
    make_newsroom(3)
    response = editor_client.get(url)
    page = text_of(response)
    if url.startswith("/articles/ferry"):  # the words are in the article's text, but not marked as a quote
        assert "I made this up 0.</mark>" not in response.content.decode()
    else:
        assert "I made this up" not in page
    assert "Rejected claim" not in page


def test_rejected_rows_are_never_counted(editor_client):
    make_newsroom(1)
    article = Article.objects.get()
    assert article.quotes.count() == 5 and article.quotes.filter(status=Status.REJECTED).count() == 1
    listing = editor_client.get("/articles/")
    row = listing.context["page"].object_list[0]
    assert (row.quote_count, row.claim_count) == (4, 2)
    front = editor_client.get("/").context["view"]
    assert front.articles[0].quote_count == 4
    ada = next(s for s in front.speakers if s.slug == "ada-vance")
    assert ada.quote_count == 2  # the body quote and the caption quote, not the rejected one
    assert front.unrated_count == 1
    assert "4 quotes" in text_of(editor_client.get(article.get_absolute_url()))
    assert editor_client.get("/quotes/").context["page"].paginator.count == 4
    assert editor_client.get("/claims/").context["page"].paginator.count == 2


def test_the_article_list_counts_in_one_query_without_loading_rows(editor_client):
    """An article with many quotes and claims: its counts come from the same query as the page of articles,
    with no join of quotes against claims (which multiplies the rows) and no quote or claim row loaded."""
    [article] = make_newsroom(1)
    Quote.objects.bulk_create(
        Quote(article=article, text=f"q{i}", status=Status.REJECTED if i % 10 == 0 else Status.MACHINE)
        for i in range(400)
    )
    Claim.objects.bulk_create(Claim(article=article, text=f"c{i}") for i in range(300))
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get("/articles/")
    row = response.context["page"].object_list[0]
    assert (row.quote_count, row.claim_count) == (4 + 360, 2 + 300)
    statements = [q["sql"] for q in queries.captured_queries]
    listing = [sql for sql in statements if 'FROM "articles_article"' in sql and "LIMIT" in sql]
    assert len(listing) == 1
    assert not re.search(r'JOIN "claims_(quote|claim)"', listing[0])
    assert [sql for sql in statements if '"claims_quote"' in sql or '"claims_claim"' in sql] == listing


def test_the_article_page_marks_every_visible_quote_with_its_speaker(editor_client):
    make_newsroom(1)
    content = editor_client.get("/articles/ferry-story-0/").content.decode()
    marks = re.findall(r'<mark class="quote (sp-\d)"><a class="who" href="([^"]+)">([^<]+)</a> ([^<]*)</mark>', content)
    by_words = {words: (css, href, name) for css, href, name, words in marks}
    ada = ("sp-0", "/speakers/ada-vance/", "Ada Vance")
    assert by_words["The ferry to the islands will run again by spring 0."] == ada
    assert by_words["the harbour would need 40 million to repair"] == ("sp-1", "/speakers/bruno-keel/", "Bruno Keel")
    assert by_words["Nobody has asked the fishermen,"][2] == "Bruno Keel"
    assert "Ada Vance" in by_words and by_words["Ada Vance"][0] == "sp-0"  # the caption quote, in the caption
    assert "I made this up" in content and "I made this up 0.</mark>" not in content
    # the legend: one entry per speaker with their colour class
    legend = '<li><mark class="quote sp-0"><a class="who" href="/speakers/ada-vance/">Ada Vance</a></mark>'
    assert legend in content
    # the side panel: speakers with role and affiliation, claims with their score and rating, the tension
    page = text_of(editor_client.get("/articles/ferry-story-0/"))
    assert "Harbour Master, Port Alden" in page
    assert "check-worthiness 0.90" in page
    assert "Rated: Mostly false" in page
    assert "repair cost differs: 40 million vs 90 million" in page


def test_a_headline_quote_is_marked_in_the_headline(editor_client):
    [article] = make_newsroom(1)
    Quote.objects.create(
        article=article, speaker=Speaker.objects.get(slug="velmark"), text="Ferry story", location="headline",
        fragments=[[0, 11]], start=0, end=11,
    )  # fmt: skip
    content = editor_client.get(article.get_absolute_url()).content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", content, re.S).group(1)
    assert '<a class="who" href="/speakers/velmark/">Velmark</a> Ferry story</mark> number 0' in h1


def test_quotes_filter_by_speaker_and_topic_in_the_url(editor_client):
    make_newsroom(6)
    page = editor_client.get("/quotes/?speaker=bruno-keel&about=port-alden").context["page"]
    assert page.paginator.count > 0
    for quote in page.object_list:
        assert quote.speaker.slug == "bruno-keel"
        assert "port-alden" in [e.slug for e in quote.about.all()]
    everything = Quote.objects.visible().filter(speaker__slug="bruno-keel", about__slug="port-alden").count()
    assert page.paginator.count == everything


def test_quotes_sort_and_filter_by_confidence_and_kind(editor_client):
    make_newsroom(3)
    page = editor_client.get("/quotes/?confidence_max=0.5&sort=confidence").context["page"]
    assert page.paginator.count == 3  # the caption quotes
    assert all(q.confidence <= 0.5 for q in page.object_list)
    kinds = {q.kind for q in editor_client.get("/quotes/?kind=indirect").context["page"].object_list}
    assert kinds == {"indirect"}


def test_a_rejected_status_cannot_be_asked_for(editor_client):
    make_newsroom(1)
    response = editor_client.get("/quotes/?status=rejected")
    assert "I made this up" not in text_of(response)
    assert response.context["filter"].form.errors


def test_claims_filter_by_rating_and_score(editor_client):
    make_newsroom(3)
    rated = editor_client.get("/claims/?rated=yes").context["page"].object_list
    assert [c.rating_label for c in rated] == ["Mostly false"] * 3
    strong = editor_client.get("/claims/?checkworthiness_min=0.8&rated=no").context["page"].object_list
    assert {c.checkworthiness for c in strong} == {0.9}


def test_claims_filter_by_kind_and_show_it(editor_client):
    make_newsroom(2)
    predictions = editor_client.get("/claims/?kind=prediction").context["page"].object_list
    assert sorted(c.text for c in predictions) == ["the harbour would need 40 million to repair"] * 2
    page = text_of(editor_client.get("/claims/?kind=quantity"))
    assert "Quantity" in page and "the harbour would need" not in page
    assert editor_client.get("/claims/?kind=rumour").context["filter"].form.errors
    article = Claim.objects.filter(kind="prediction").first().article
    assert "Prediction" in text_of(editor_client.get(article.get_absolute_url()))


def test_the_article_list_searches_and_filters(editor_client):
    make_newsroom(5)
    found = editor_client.get("/articles/?q=spring 3").context["page"].object_list
    assert [a.slug for a in found] == ["ferry-story-3"]
    quoting = editor_client.get("/articles/?speaker=corin-ash").context["page"].object_list
    assert sorted(a.slug for a in quoting) == ["ferry-story-2", "ferry-story-3"]
    dated = editor_client.get("/articles/?date_from=2024-01-08&date_to=2024-01-15").context["page"].object_list
    assert sorted(a.slug for a in dated) == ["ferry-story-1", "ferry-story-2"]


def test_speakers_search_sort_and_filter(editor_client):
    make_newsroom(4)
    assert [s.slug for s in editor_client.get("/speakers/?q=keel").context["page"].object_list] == ["bruno-keel"]
    people = editor_client.get("/speakers/?kind=organisation").context["page"].object_list
    assert [s.slug for s in people] == ["port-alden-council"]
    latest = [s.slug for s in editor_client.get("/speakers/?sort=-latest").context["page"].object_list]
    assert latest[:2] == ["corin-ash", "dana-orr"]  # quoted in the newest article (number 3)
    assert latest[-1] == "velmark"  # never quoted: last
    most = editor_client.get("/speakers/?sort=-quotes").context["page"].object_list
    assert [s.quote_count for s in most] == sorted((s.quote_count for s in most), reverse=True)


def test_the_speaker_page(editor_client):
    make_newsroom(8)
    response = editor_client.get("/speakers/bruno-keel/")
    page = text_of(response)
    for words in ["Bruno Keel", "Harbour Master, Port Alden", "Person", "Keel"]:
        assert words in page
    view = response.context["view"]
    assert [row["entity__slug"] for row in view.entities][:2] in (
        ["northline-ferries", "port-alden"],
        ["port-alden", "northline-ferries"],
    )
    assert [g.article.slug for g in view.groups][:2] == ["ferry-story-7", "ferry-story-6"]
    assert all(q.speaker.slug == "bruno-keel" for g in view.groups for q in g.quotes)
    svg = str(view.timeline)
    assert svg.startswith('<svg class="timeline"') and "style=" not in svg
    assert "January 2024: " in svg and "February 2024: " in svg


def test_the_topic_page_groups_quotes_by_speaker(editor_client):
    make_newsroom(6)
    view = editor_client.get("/topics/port-alden/").context["view"]
    names = [g.speaker.name for g in view.groups]
    assert names == sorted(names) and len(names) == len(set(names))
    assert all("port-alden" in [e.slug for e in q.about.all()] for g in view.groups for q in g.quotes)
    assert view.claim_count == 6
    assert all(c.status != Status.REJECTED for c in view.claims)


def test_the_front_page_matrix_links_to_the_quotes(editor_client):
    make_newsroom(6)
    response = editor_client.get("/")
    view = response.context["view"]
    cells = {(row.speaker.slug, entity.slug): (n, url) for row in view.matrix for entity, n, url in row.cells}
    n, url = cells[("bruno-keel", "port-alden")]
    assert n == Quote.objects.visible().filter(speaker__slug="bruno-keel", about__slug="port-alden").count() > 0
    assert url == "/quotes/?speaker=bruno-keel&about=port-alden"
    assert editor_client.get(url).context["page"].paginator.count == n
    assert "/quotes/?speaker=bruno-keel&amp;about=port-alden" in response.content.decode()


def test_pages_have_no_inline_styles_or_scripts(editor_client):
    make_newsroom(2)
    for url in PAGES:
        content = editor_client.get(url).content.decode()
        assert " style=" not in content, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", content), url


def test_a_quote_whose_offsets_no_longer_fit_the_text_is_listed_apart(editor_client):
    [article] = make_newsroom(1)
    Quote.objects.create(
        article=article, speaker=Speaker.objects.get(slug="dana-orr"), speaker_mention="A spokeswoman",
        text="Words from an older version", fragments=[[5000, 5030]], start=5000, end=5030,
    )  # fmt: skip
    response = editor_client.get(article.get_absolute_url())
    assert [q.text for q in response.context["view"].unplaced] == ["Words from an older version"]
    page = text_of(response)
    assert "Quotes not found in the text (1)" in page
    assert "Dana Orr as “A spokeswoman”" in page
    assert "5 quotes" in page


def test_every_page_has_the_menu_and_a_labelled_search_form(editor_client):
    make_newsroom(1)
    for url in PAGES:
        content = editor_client.get(url).content.decode()
        nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', content, re.S).group(1)
        assert re.findall(r">(\w+)</a>", nav)[:5] == ["Articles", "Speakers", "Topics", "Quotes", "Claims"]
        assert '<form class="site-search" role="search" action="/search/" method="get">' in content
        assert '<label for="site-search-q">' in content and 'id="site-search-q" type="search" name="q"' in content


def test_page_titles_name_what_is_shown(editor_client):
    make_newsroom(1)
    titles = {
        "/articles/ferry-story-0/": "Ferry story number 0 · Newsroom",
        "/speakers/ada-vance/": "Ada Vance: speaker · Newsroom",
        "/topics/velmark/": "Velmark: who said what · Newsroom",
        "/quotes/?speaker=ada-vance&about=velmark": "Quotes by ada-vance about velmark (filtered) · Newsroom",
        "/": "Front page · Newsroom",
    }
    for url, title in titles.items():
        found = re.search(r"<title>(.*?)</title>", editor_client.get(url).content.decode(), re.S).group(1)
        assert found.strip() == title


def test_the_topic_pages_follow_one_another_in_speaker_order_without_gaps(editor_client):
    """Pages are cut from each speaker's number of quotes: read one after another they list every quote about
    the topic once, grouped by speaker name, unknown speakers last."""
    from claims.selectors import PAGE_SIZE

    [article] = make_newsroom(1)
    speakers = list(Speaker.objects.order_by("pk"))
    velmark = Entity.objects.get(slug="velmark")
    made = []
    for i in range(PAGE_SIZE * 2 + 7):
        speaker = None if i % 9 == 0 else speakers[i % len(speakers)]
        quote = Quote.objects.create(article=article, speaker=speaker, text=f"Words number {i}.")
        quote.about.add(velmark)
        made.append(quote.pk)
    counters_refresh()  # the rows were written directly, not through the services that keep the counters
    expected = set(Quote.objects.visible().filter(about=velmark).values_list("pk", flat=True))
    assert set(made) <= expected
    seen, names = [], []
    for number in (1, 2, 3):
        view = editor_client.get(velmark.get_absolute_url(), {"page": number}).context["view"]
        assert view.page.paginator.count == len(expected)
        seen += [q.pk for g in view.groups for q in g.quotes]
        names += [(g.speaker is None, g.speaker.name if g.speaker else "") for g in view.groups]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    assert names == sorted(names)  # by name, unknown last (a group split over two pages shows on both)
    assert editor_client.get(velmark.get_absolute_url(), {"page": 99}).context["view"].page.number == 3


def test_an_article_with_many_quotes_marks_them_all_and_lists_the_first_with_counts(editor_client, monkeypatch):
    """Every visible quote is marked in the text; the legend, the side panel's speakers and the editors' lists
    show the first ones with the full counts and links to the rest (lowered limits stand for 50 and 100)."""
    from claims import selectors

    monkeypatch.setattr(selectors, "SPEAKERS_LISTED", 2)
    monkeypatch.setattr(selectors, "QUOTES_LISTED", 3)
    [article] = make_newsroom(1)
    words = [f"Line number {i} of the transcript." for i in range(12)]
    article.body = "\n\n".join(words)
    article.save()
    Quote.objects.filter(article=article, location="body").delete()
    voices = [Speaker.objects.create(name=f"Voice {i}", slug=f"voice-{i}") for i in range(4)]
    for i, line in enumerate(words):
        start = article.body.index(line)
        Quote.objects.create(
            article=article, speaker=voices[i % 4], text=line, start=start, end=start + len(line),
            fragments=[[start, start + len(line)]], status=Status.REJECTED if i >= 8 else Status.MACHINE,
        )  # fmt: skip
    view = editor_client.get(article.get_absolute_url()).context["view"]
    html = str(view.body)
    for i, line in enumerate(words[:8]):
        assert f'<a class="who" href="/speakers/voice-{i % 4}/">Voice {i % 4}</a> {line}</mark>' in html
    assert all(f"{line}</mark>" not in html for line in words[8:])  # rejected: not marked
    assert view.quote_count == 9  # eight lines and the caption quote
    # in order of first appearance (the caption quote starts at 0 too, and was stored first)
    assert [k.name for k in view.legend] == ["Ada Vance", "Voice 0"] and view.legend_left_out == 3
    assert [s.name for s in view.speakers] == ["Ada Vance", "Voice 0"]
    assert view.speaker_count == 6  # four voices, Ada Vance (caption) and the claimant Bruno Keel
    assert len(view.quotes) == 3 and view.quotes_url
    assert len(view.rejected) == 3 and view.rejected_count == 4
    assert "article__id__exact" in view.rejected_url
    page = text_of(editor_client.get(article.get_absolute_url()))
    assert "Speakers (the first 2 of 6)" in page and "And 4 more: every quote of this article by speaker" in page
    assert "And 3 more speakers, each named in their marks." in page
    assert "4 rejected quotes" in page and "all 4 in the admin" in page
