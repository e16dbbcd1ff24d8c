"""Acceptance of issue 10 on the speakers corpus (tests/speakers_corpus/): in every ingest order, after
``speakers_rebuild``, every quote's speaker is the right person, except a short list of known failures whose
cause is upstream of identity (the quote or its speaker inside the article is not found right)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from articles import services as article_services
from articles.services import article_ingest_files
from claims import services as claim_services
from claims.models import Quote, Speaker, SpeakerAlias
from claims.naming import name_key
from tests.claims.speakers_check import (
    article_words,
    corpus_orders,
    corpus_outcomes,
    expected_key,
    name_word_breaches,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# (file, person) -> how many of that person's quotes in that file are known to be wrong after a rebuild, and
# why. Every cause lies before identity: reading the article, finding the quote, or crediting it inside the
# article (issue 10 items 2 and 4, and earlier stages). The test fails when a count changes either way.
KNOWN_FAILURES = {
    # "..., according to Mrs. Halvorsen" is not found as a quote.
    ("04_mary_halvorsen_launches_literacy_charity.txt", "p-mary-halvorsen"): 1,
    # Quotes found without a speaker: "the union said it ...", "the railroad said", "Mr. Quist said ..." after two
    # Quists in one article.
    ("08_nordvik_buys_foundry.txt", "org-foundry-union"): 2,
    ("13_quist_thanked_brandt_headline.txt", "org-plains-western"): 1,
    ("30_two_quists_one_stage.txt", "p-dennis-quist"): 2,
    # In-article attribution: "the younger Ashby" read as the governor; "The broadcaster, 82, said" found without
    # a speaker (the body calls Harold Quist "the retired late-night host"; only "not related to the
    # broadcaster" ties the noun to him).
    ("14_governor_ashby_and_son.txt", "p-robert-ashby-jr"): 1,
    ("30_two_quists_one_stage.txt", "p-harold-quist"): 1,
    # The article names only "Mr. Quist"; two Quists are known, both men. "The veteran broadcaster Mr. Quist"
    # now gives him the role Broadcaster, but the articles that name Harold Quist in full call him "the
    # gravel-voiced host" and "the retired late-night host" (and 30's "The broadcaster" is not read as him), so
    # no role word is shared and nothing narrows the two: a separate speaker flagged for editors, as the rules
    # ask, rather than a guess.
    ("12_veteran_broadcaster_quist_honored.txt", "p-harold-quist"): 6,
}

HEADLINE_RUNS = ["Rip Lena Marsh", "Quist Thanked Brandt", "Okafor Thanked Marsh", "Halvorsen Slams Ashby"]


def _snapshot() -> tuple:
    """Everything identity decides: each quote's and claim's speaker, the speakers and their aliases."""
    return (
        sorted(Quote.objects.values_list("pk", "speaker_id")),
        sorted(Speaker.objects.values_list("pk", "name", "slug", "gender", "needs_review", "review_evidence")),
        sorted(SpeakerAlias.objects.values_list("speaker_id", "key", "added_by_editor")),
    )


def _state() -> dict:
    speakers = list(Speaker.objects.all())
    words = {}
    for speaker in speakers:
        quoted = {q.article for q in Quote.objects.filter(speaker=speaker).select_related("article")}
        words[speaker.name] = set().union(*(article_words(a) for a in quoted)) if quoted else set()
    return {
        "outcomes": corpus_outcomes(),
        "breaches": name_word_breaches(),
        "speakers": {s.name: s for s in speakers},
        "flagged": [s for s in speakers if s.needs_review],
        "unsupported": [
            s.name
            for s in speakers
            if words[s.name] and not {w for w in name_key(s.name).split() if len(w) > 1} <= words[s.name]
        ],
    }


@pytest.fixture(scope="module")
def runs(django_db_setup, django_db_blocker):
    """The corpus ingested in three orders, each then rebuilt twice; every row is rolled back afterwards.

    Extraction is a pure function of an article's text, so each text is extracted once and reused by the
    other orders and the rebuilds (the storage and identity code runs in full every time).
    """
    cache: dict = {}
    real = claim_services.claims_extract

    def remembered(jobs, **kwargs):
        jobs = list(jobs)
        missing = [j for j in jobs if j not in cache]
        for job, result in zip(missing, real(missing, **kwargs), strict=True):
            cache[job] = result
        return iter([cache[j] for j in jobs])

    results = {}
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(claim_services, "claims_extract", remembered)
        patch.setattr(article_services, "claims_extract", remembered)
        for name, files in corpus_orders().items():
            with transaction.atomic():
                article_ingest_files(files)
                ingested = _state()
                call_command("speakers_rebuild", stdout=io.StringIO())
                rebuilt = _state()
                before = _snapshot()
                out = io.StringIO()
                call_command("speakers_rebuild", stdout=out)
                results[name] = {
                    "ingested": ingested,
                    "rebuilt": rebuilt,
                    "second_run_same": _snapshot() == before,
                    "second_run_report": out.getvalue(),
                }
                transaction.set_rollback(True)
    return results


ORDERS = ["sorted", "reversed", "shuffled"]


@pytest.mark.parametrize("order", ORDERS)
def test_every_quote_has_the_right_speaker_after_a_rebuild_but_the_known_failures(runs, order):
    outcomes = runs[order]["rebuilt"]["outcomes"]
    wrong = Counter((o.file, o.person) for o in outcomes if not o.ok)
    details = [f"{o.file} {o.person}: {o.why} ({o.key!r})" for o in outcomes if not o.ok]
    assert dict(wrong) == KNOWN_FAILURES, "\n".join(details)


@pytest.mark.parametrize("order", ORDERS)
def test_quotes_whose_article_names_the_speaker_in_full_are_right_in_any_order(runs, order):
    """Before any rebuild, a quote whose own article gives the full name already has the right speaker."""

    def wrong(stage: str) -> Counter:
        outcomes = runs[order][stage]["outcomes"]
        return Counter((o.file, o.person) for o in outcomes if not o.ok and o.resolvable == "article")

    assert wrong("ingested") == wrong("rebuilt")


@pytest.mark.parametrize("order", ORDERS)
def test_an_ambiguous_surname_is_a_speaker_of_its_own_flagged_with_who_it_could_be(runs, order):
    state = runs[order]["rebuilt"]
    ambiguous = [o for o in state["outcomes"] if o.resolvable == "no"]
    assert ambiguous and all(o.ok for o in ambiguous), [o for o in ambiguous if not o.ok]
    key = expected_key()
    for person, entry in key["unresolved"].items():
        files = {o.file for o in ambiguous if o.person == person}
        assert len(files) == 1
        file = files.pop()
        could_be = {
            c["name"]
            for speaker in state["flagged"]
            for item in speaker.review_evidence
            if item["why"] == "ambiguous" and item["article"] == file
            for c in item["candidates"]
        }
        assert {key["people"][p]["name"] for p in entry["must_not_be"]} <= could_be


@pytest.mark.parametrize("order", ORDERS)
def test_no_speaker_is_named_from_headline_words(runs, order):
    for stage in ("ingested", "rebuilt"):
        state = runs[order][stage]
        assert not [n for n in HEADLINE_RUNS if n in state["speakers"]]
        assert state["unsupported"] == []


@pytest.mark.parametrize("order", ORDERS)
def test_every_name_word_of_a_quotes_speaker_is_in_its_article(runs, order):
    """The invariant of issue 10, after ingest and after a rebuild (links by exact alias or editor exempt)."""
    for stage in ("ingested", "rebuilt"):
        assert runs[order][stage]["breaches"] == [], [str(b) for b in runs[order][stage]["breaches"]]


@pytest.mark.parametrize("order", ORDERS)
def test_a_second_rebuild_changes_nothing(runs, order):
    assert runs[order]["second_run_same"]
    assert "0 quote(s) and claim(s) were credited to another speaker" in runs[order]["second_run_report"]


def test_the_rebuilt_result_does_not_depend_on_the_ingest_order(runs):
    def credits(order: str) -> list:
        return sorted((o.file, o.key, o.speaker) for o in runs[order]["rebuilt"]["outcomes"])

    assert credits("sorted") == credits("reversed") == credits("shuffled")
