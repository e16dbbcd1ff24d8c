"""The name-word invariant of issue 10 over the other corpora the suite can ingest: the seed and the bench
corpora, all in one database so that their speakers meet (the speakers corpus has its own test)."""

import pytest
from django.db import transaction

from articles.services import article_ingest_files, find_article_files
from tests.claims.speakers_check import REPO, name_word_breaches
from tests.conftest import SEED

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CORPORA = [REPO / "bench" / name / "articles" for name in ("corpus", "corpus2", "corpus3", "corpus4")]


@pytest.fixture(scope="module")
def breaches(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        report = article_ingest_files([SEED, *find_article_files(CORPORA)])
        assert not report.failures, report.failures
        found = name_word_breaches()
        strict = name_word_breaches(exact_alias=False)
        transaction.set_rollback(True)
    return found, strict


def test_every_name_word_of_a_quotes_speaker_is_in_its_own_article(breaches):
    found, _ = breaches
    assert found == [], [str(b) for b in found]


def test_on_these_corpora_no_link_lacks_a_word_even_through_an_alias(breaches):
    """These corpora name their speakers in full in every article, so no link needs the alias exemption."""
    _, strict = breaches
    assert strict == [], [str(b) for b in strict]
