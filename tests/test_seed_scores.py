"""The seed article, end to end (read, extract, store, export), scored against its answer key."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from bench import score_quotes
from tests.conftest import GOLD_DIR, SEED

GOLD = GOLD_DIR / "000_01d692dc91377d95.gold.json"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scores(django_db_setup, django_db_blocker, tmp_path_factory):
    """Ingest and export the seed once for this module; every row is rolled back afterwards."""
    export = tmp_path_factory.mktemp("seed") / "export.jsonl"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("ingest", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
        call_command("export", "--format", "jsonl", "--output", str(export), stderr=io.StringIO())
        transaction.set_rollback(True)
    totals, details = score_quotes.score(str(export), [str(GOLD)], verbose=True)
    return score_quotes.summary(totals), details, [json.loads(line) for line in export.open()]


def test_every_direct_and_mixed_quote_is_found_and_attributed(scores):
    summary, details, _ = scores
    assert summary["direct_end_to_end"] == 1.0, details
    assert summary["precision"] >= 0.95, details


def test_reported_speech_is_found_and_attributed(scores):
    summary, details, _ = scores
    assert summary["indirect_recall"] == 1.0, details
    assert summary["indirect_attribution"] == 1.0, details


def test_checkworthy_claims_found_are_credited(scores):
    summary, details, _ = scores
    assert summary["claim_attribution"] >= 0.9, details


def test_checkworthy_claims_are_found(scores):
    summary, details, _ = scores
    assert summary["claim_recall"] >= 0.9, details


def test_the_layout_matches_the_answer_key(scores):
    _, details, _ = scores
    assert not [d for d in details if "layout:" in d]


def test_quotes_name_what_they_are_about(scores):
    """Where the key says a quote is about Turkey, NATO or Russia, the matched quote says so too."""
    _, _, (article,) = scores
    gold = json.loads(GOLD.read_text())
    wanted = found = 0
    for item in gold["quotes"] + gold["reported_speech"]:
        best = max(article["quotes"], key=lambda q: score_quotes.closeness(item["content"], q["text"]))
        if score_quotes.covered(item["content"], best["text"]) < 0.5:
            continue
        for name in {"Turkey", "NATO", "Russia"} & set(item["about"]):
            wanted += 1
            found += name in best["about"]
    assert wanted >= 20
    assert found / wanted >= 0.9, (found, wanted)
