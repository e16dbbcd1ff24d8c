"""The search over speakers, quotes, claims and articles, on SQLite and on PostgreSQL, and its page."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Outlet
from claims.models import Claim, Quote, Speaker, SpeakerAlias, Status
from search.selectors import PAGE_SIZE, search_site
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text and trigram search need PostgreSQL"
)
_serial = itertools.count()


def make_article(*, headline="Harbour council meets", body="The council met on Monday.", outlet=None, **fields):
    n = next(_serial)
    return Article.objects.create(
        slug=f"story-{n}",
        outlet=outlet,
        headline=headline,
        body=body,
        source_name=f"story-{n}.txt",
        checksum=f"{n:064d}",
        raw_text=body,
        **fields,
    )


def make_speaker(name, *aliases, kind="person"):
    n = next(_serial)
    speaker = Speaker.objects.create(name=name, slug=f"speaker-{n}", kind=kind)
    SpeakerAlias.objects.bulk_create(SpeakerAlias(speaker=speaker, alias=a, key=a.lower()) for a in (name, *aliases))
    return speaker


def group(results, kind):
    return next(g for g in results.groups if g.kind == kind)


@pytest.fixture
def seed():
    call_command("ingest", str(SEED), stdout=io.StringIO())
    return Article.objects.get()


def test_membership_finds_the_seed_articles_quotes_marked_and_linked(seed):
    results = search_site(query="membership")
    quotes = group(results, "quotes")
    assert quotes.total >= 2
    assert quotes.total == len(quotes.hits)
    for hit in quotes.hits:
        assert "<mark>membership</mark>" in hit.snippet.lower()
        assert hit.article_url == f"/articles/{seed.slug}/"
    articles = group(results, "articles")
    assert [a.url for a in articles.hits] == [f"/articles/{seed.slug}/"]
    assert results.total == sum(g.total for g in results.groups)


@pytest.mark.parametrize("spelling", ["Çavuşoğlu", "Cavusoglu", "cavusoglu", "ÇAVUŞOĞLU"])
def test_cavusoglu_is_found_with_or_without_turkish_letters(seed, spelling):
    speakers = group(search_site(query=spelling), "speakers")
    found = Speaker.objects.get(slug=speakers.hits[0].url.split("/")[2])
    assert "Cavusoglu" in found.name
    assert "<mark>" in speakers.hits[0].name
    assert speakers.hits[0].quote_count == found.quotes.exclude(status=Status.REJECTED).count() > 0


def test_an_accented_name_is_found_by_its_plain_spelling_and_through_an_alias():
    yildiray = make_speaker("Yıldıray Kılınçoğlu", "Minister Kılınçoğlu")
    ines = make_speaker("Inês Sørbø")
    make_speaker("Tomas Berg")
    for query, expected in [("Kilincoglu", yildiray), ("yildiray", yildiray), ("Ines Sorbo", ines)]:
        hits = group(search_site(query=query), "speakers").hits
        assert [h.url for h in hits] == [f"/speakers/{expected.slug}/"], query
    hits = group(search_site(query="minister kilincoglu"), "speakers").hits
    assert [h.url for h in hits] == [f"/speakers/{yildiray.slug}/"]
    assert any("<mark>" in str(a) for a in hits[0].also_known_as)


def test_speakers_made_without_the_services_are_found_too():
    """Rows written by bulk_create or a plain create carry no folded copy to forget: the fold is in SQL."""
    Speaker.objects.bulk_create([Speaker(name="Zoë Ångström", slug="zoe-angstrom")])
    hits = group(search_site(query="Zoe Angstrom"), "speakers").hits
    assert [h.url for h in hits] == ["/speakers/zoe-angstrom/"]


@postgres_only
@pytest.mark.parametrize(("typed", "name"), [("Erdogn", "Recep Tayyip Erdogan"), ("Oyelarn", "Baltasar Oyelaran")])
def test_a_misspelled_name_still_finds_the_speaker_on_postgresql(typed, name):
    wanted = make_speaker(name)
    make_speaker("Maria Lindqvist")
    hits = group(search_site(query=typed), "speakers").hits
    assert [h.url for h in hits] == [f"/speakers/{wanted.slug}/"]


@pytest.fixture
def hostile():
    """An article whose every field holds markup, as untrusted article text may."""
    article = make_article(
        headline="Harbour <img src=x onerror=alert(1)> vote",
        body='The mayor said: "We wrote <script>alert(1)</script> on the harbour wall."',
    )
    speaker = make_speaker("Ada <b>Vance</b>")
    Quote.objects.create(
        article=article, speaker=speaker, text="We wrote <script>alert(1)</script> on the harbour wall."
    )
    Claim.objects.create(article=article, claimant=speaker, text="The harbour wall <script>x()</script> cost 3m.")
    return article


def test_markup_in_matched_text_comes_out_escaped(editor_client, hostile):
    content = editor_client.get("/search/", {"q": "harbour"}).content.decode()
    assert "<script>" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert content.count("<mark>") >= 3
    speaker_content = editor_client.get("/search/", {"q": "Ada Vance"}).content.decode()
    assert "<mark>Ada</mark> &lt;b&gt;<mark>Vance</mark>&lt;/b&gt;" in speaker_content


def test_rejected_quotes_and_claims_are_left_out():
    article = make_article(body="Nothing about it.")
    Quote.objects.create(article=article, text="The lighthouse stays open.")
    Quote.objects.create(article=article, text="The lighthouse will close.", status=Status.REJECTED)
    Claim.objects.create(article=article, text="The lighthouse costs 2m a year.", status=Status.REJECTED)
    results = search_site(query="lighthouse")
    assert [str(h.snippet).replace("<mark>", "").replace("</mark>", "") for h in group(results, "quotes").hits] == [
        "The lighthouse stays open."
    ]
    assert group(results, "claims").total == 0


def test_every_word_must_match_and_a_minus_word_leaves_rows_out():
    article = make_article(body="Nothing here.")
    Quote.objects.create(article=article, text="The ferry fares will rise in spring.")
    Quote.objects.create(article=article, text="The ferry timetable will change.")
    assert group(search_site(query="ferry fares"), "quotes").total == 1
    assert group(search_site(query="ferry -fares"), "quotes").total == 1
    assert group(search_site(query="ferry"), "quotes").total == 2
    assert group(search_site(query='"timetable will change"'), "quotes").total == 1


def test_articles_match_on_headline_standfirst_and_body_and_headline_matches_come_first():
    outlet = Outlet.objects.create(name="The Coastal Post")
    in_body = make_article(headline="Budget day", body="The tramway plan was approved.", outlet=outlet)
    in_headline = make_article(headline="Tramway approved", body="The plan passed.")
    in_standfirst = make_article(headline="Council", standfirst="A tramway at last", body="Votes were cast.")
    make_article(headline="Weather", body="Rain all week.")
    hits = group(search_site(query="tramway"), "articles").hits
    assert {h.url for h in hits} == {f"/articles/{a.slug}/" for a in (in_body, in_headline, in_standfirst)}
    assert hits[0].url == f"/articles/{in_headline.slug}/"
    assert "<mark>Tramway</mark>" in hits[0].headline
    assert "The Coastal Post" in [h.outlet for h in hits]


@postgres_only
def test_words_are_matched_in_any_english_form_on_postgresql():
    article = make_article(body="Nothing here.")
    Quote.objects.create(article=article, text="Turkey's members voted against the memberships.")
    hits = group(search_site(query="member voting"), "quotes").hits
    assert len(hits) == 1
    assert "<mark>members</mark>" in hits[0].snippet and "<mark>voted</mark>" in hits[0].snippet


@postgres_only
def test_the_stored_vectors_follow_bulk_creates_and_updates_and_use_the_gin_index():
    article = make_article(body="Nothing here.")
    Quote.objects.bulk_create([Quote(article=article, text="The quarry will reopen.")])
    assert group(search_site(query="quarry"), "quotes").total == 1
    Quote.objects.filter(article=article).update(text="The sawmill will reopen.")
    assert group(search_site(query="quarry"), "quotes").total == 0
    assert group(search_site(query="sawmill"), "quotes").total == 1
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for table in ("claims_quote", "claims_claim", "articles_article"):
            cursor.execute(
                f"EXPLAIN SELECT id FROM {table} WHERE search_vector @@ websearch_to_tsquery('nr_english', 'x')"
            )
            assert f"{table}_search_vector" in " ".join(r[0] for r in cursor.fetchall())
        cursor.execute("EXPLAIN SELECT id FROM claims_speaker WHERE nr_fold(name) %> nr_fold('Erdogn')")
        assert "claims_speaker_name_trgm" in " ".join(r[0] for r in cursor.fetchall())


def test_a_kind_has_its_own_pages_of_results(editor_client):
    article = make_article(body="Nothing here.")
    Quote.objects.bulk_create(Quote(article=article, text=f"The dredger sailed {i} times.") for i in range(60))
    first = editor_client.get("/search/", {"q": "dredger", "kind": "quotes"}).content.decode()
    assert first.count("<blockquote>") == PAGE_SIZE
    assert "Quotes 1–50 of 60" in first
    assert 'rel="next"' in first
    second = editor_client.get("/search/", {"q": "dredger", "kind": "quotes", "page": "2"}).content.decode()
    assert second.count("<blockquote>") == 10
    assert "Quotes 51–60 of 60" in second
    past_the_end = editor_client.get("/search/", {"q": "dredger", "kind": "quotes", "page": "9"})
    assert past_the_end.status_code == 302
    assert past_the_end["Location"] == "/search/?q=dredger&kind=quotes"
    overview = editor_client.get("/search/", {"q": "dredger"}).content.decode()
    assert overview.count("<blockquote>") == 10
    assert "All 60 quotes matching “dredger”" in overview


def test_the_page_keeps_the_query_labels_the_field_and_names_the_query_in_its_title(editor_client):
    content = editor_client.get("/search/", {"q": 'zzyzx "quay"'}).content.decode()
    assert '<label for="search-page-q">' in content
    assert 'id="search-page-q" name="q" value="zzyzx &quot;quay&quot;"' in content
    assert "<title>Search: “zzyzx &quot;quay&quot;” · Newsroom</title>" in content
    assert "No results for “zzyzx &quot;quay&quot;”." in content


def test_the_page_counts_results_by_kind(editor_client, hostile):
    content = editor_client.get("/search/", {"q": "harbour"}).content.decode()
    assert "3 results for “harbour”" in content
    assert ">1 quote<" in content and ">1 claim<" in content and ">1 article<" in content and ">0 speakers<" in content


def test_an_empty_query_shows_only_the_box(editor_client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the session and the user
        content = editor_client.get("/search/").content.decode()
    assert 'name="q" value=""' in content
    assert "No results" not in content


@pytest.mark.parametrize("articles", [1, 50])
def test_the_page_runs_the_same_queries_whatever_the_number_of_rows(editor_client, articles, django_assert_num_queries):
    for i in range(articles):
        article = make_article(headline=f"Pier report {i}", body=f"The pier was repaired ({i}).")
        speaker = make_speaker(f"Pier Warden {i}", f"Warden {i}")
        Quote.objects.create(article=article, speaker=speaker, text=f"The pier is safe ({i}).")
        Claim.objects.create(article=article, claimant=speaker, text=f"The pier cost {i} million.")
    # The session, the user, two queries per kind (rows, count) and one for the aliases of the speakers shown;
    # on PostgreSQL one more that steers the article queries to their index, in a transaction of their own
    # (a savepoint and its release inside the test's transaction).
    with django_assert_num_queries(11 + 3 * (connection.vendor == "postgresql")):
        response = editor_client.get("/search/", {"q": "pier"})
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]
    assert main.count("<li>") == min(articles, 5) + 3 * min(articles, 10)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/search/", {"q": "membership"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
