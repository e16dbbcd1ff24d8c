"""Storing an extraction writes its rows and their history in bulk: one history row for each row made or
changed, holding the row's values as simple-history records them, topics included; and a new article is
stored in a bounded number of queries, whatever its number of quotes."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

STRIKE = (
    "Port strike enters second week\n\n"
    "Harbour Minister Dana Whitfield said the government would not reopen the pay deal.\n\n"
    '"We have made our final offer," Ms Whitfield told reporters.\n\n'
    '"We will stay out until they listen," said union leader Sam Okafor. Okafor said 2,000 dockers had joined.\n\n'
    "Port director Lena Ortiz said the strike had cost the port 12 million euros.\n"
)
MODELS = (Quote, Claim, Speaker, SpeakerAlias, Entity, EntityAlias)


def ingest(*args):
    call_command("ingest", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def tracked(row):
    return {f.attname: getattr(row, f.attname) for f in type(row).history.model.tracked_fields}


def assert_latest_history_holds_each_row():
    for model in MODELS:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            latest = row.history.order_by("history_date", "history_id").last()
            assert latest is not None, row
            assert {f: getattr(latest, f) for f in tracked(row)} == tracked(row), row
            assert latest.history_user_id is None and latest.history_change_reason is None
            if model in (Quote, Claim):
                assert set(latest.about.values_list("entity_id", flat=True)) == set(
                    row.about.values_list("pk", flat=True)
                ), row


def test_a_new_article_has_one_creation_history_row_for_each_row(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "strike.txt").write_text(STRIKE, encoding="utf-8")
    ingest(tmp_path)
    assert Quote.objects.count() > 20 and Claim.objects.exists()
    assert Quote.about.through.objects.exists() and Claim.about.through.objects.exists()
    for model in MODELS:
        assert model.history.count() == model.objects.count(), model
        assert set(model.history.values_list("history_type", flat=True)) == {"+"}, model
    assert_latest_history_holds_each_row()


def test_rows_moved_by_a_new_version_get_one_change_history_row_each(tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(STRIKE, encoding="utf-8")
    ingest(path)
    quotes_before = Quote.history.count()
    # A paragraph at the top moves every stored row's offsets.
    head, rest = STRIKE.split("\n\n", 1)
    path.write_text(f"{head}\n\nThe dispute began over night shifts at the container terminal.\n\n{rest}", "utf-8")
    ingest(path)
    changed = Quote.history.filter(history_type="~")
    assert changed.count() == Quote.objects.count() == quotes_before
    assert_latest_history_holds_each_row()


def test_storing_a_new_article_takes_a_bounded_number_of_queries(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text(STRIKE, encoding="utf-8")
    long = tmp_path / "long.txt"
    more = "".join(
        f'"We need {n} more days," said negotiator Alex Moreno{n}. Port director Lena Ortiz said {n} ships waited.\n\n'
        for n in range(2, 40)
    )
    long.write_text(STRIKE.replace("Port strike", "Dock strike") + "\n\n" + more, encoding="utf-8")
    counts = []
    for path in (short, long):
        with CaptureQueriesContext(connection) as queries:
            ingest(path)
        counts.append(len(queries))
    assert (
        Quote.objects.filter(article__source_name="long.txt").count()
        > 3 * Quote.objects.filter(article__source_name="short.txt").count()
    )
    assert counts[1] <= counts[0] + 4, counts  # not a query per quote, speaker or entity
    assert counts[0] <= 32, counts  # the file, the article, its speakers, entities, rows, tensions, counters
