"""Re-extraction is repeatable: running it again changes nothing and writes no history; speakers left with
nothing said are removed unless an editor touched them."""

import io
import shutil

import pytest
from django.core.management import call_command

from claims.models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias, Tension
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

TIMESTAMPS = {"created_at", "history_date", "reviewed_at", "rated_at", "resolved_at"}
STRIKE = (
    "Port strike enters second week\n\n"
    "Harbour Minister Dana Whitfield said the government would not reopen the pay deal.\n\n"
    '"We have made our final offer," Ms Whitfield told reporters.\n\n'
    '"We will stay out until they listen," said union leader Sam Okafor. Okafor said 2,000 dockers had joined.\n\n'
    "Port director Lena Ortiz said the strike had cost the port 12 million euros.\n"
)


def ingest(*args):
    call_command("ingest", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def snapshot():
    """Every row extraction writes, with its history, timestamps left out."""
    tables = {}
    for model in (Quote, Claim, Speaker, SpeakerAlias, Entity, EntityAlias, Tension):
        rows = [{k: v for k, v in row.items() if k not in TIMESTAMPS} for row in model.objects.order_by("pk").values()]
        tables[model.__name__] = rows
    for model in (Quote, Claim, Speaker):
        tables[f"{model.__name__} history"] = list(
            model.history.order_by("history_id").values_list("history_id", "id", "history_type")
        )
    tables["about"] = sorted(Quote.about.through.objects.values_list("quote_id", "entity_id")) + sorted(
        Claim.about.through.objects.values_list("claim_id", "entity_id")
    )
    return tables


def test_reextracting_twice_leaves_the_database_as_it_was(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "strike.txt").write_text(STRIKE, encoding="utf-8")
    ingest(tmp_path)
    assert Quote.objects.count() > 20 and Speaker.objects.count() > 5
    before = snapshot()
    ingest("--reextract")
    assert snapshot() == before
    ingest("--reextract")
    assert snapshot() == before


def test_a_speaker_left_with_nothing_said_is_removed_unless_an_editor_touched_it(tmp_path, editor):
    path = tmp_path / "strike.txt"
    path.write_text(STRIKE, encoding="utf-8")
    ingest(path)
    ortiz = Speaker.objects.get(name="Lena Ortiz")
    okafor = Speaker.objects.get(name="Sam Okafor")
    okafor.role = "union leader"
    okafor._history_user = editor  # an editor set his role
    okafor.save()

    # A new version without the paragraphs of Ortiz and Okafor.
    path.write_text("\n\n".join(STRIKE.split("\n\n")[:3]) + "\n", encoding="utf-8")
    ingest(path)
    assert not Speaker.objects.filter(pk=ortiz.pk).exists()
    assert Speaker.objects.filter(pk=okafor.pk).exists()
    assert Speaker.objects.filter(name="Dana Whitfield").exists()
    assert not Speaker.objects.filter(quotes__isnull=True, claims__isnull=True).exclude(pk=okafor.pk).exists()


def test_reextracting_everything_removes_speakers_earlier_runs_left_idle(tmp_path, editor):
    (tmp_path / "strike.txt").write_text(STRIKE, encoding="utf-8")
    ingest(tmp_path / "strike.txt")
    idle = Speaker.objects.create(name="Obama", slug="obama-7", kind="person")  # as older versions left them
    kept = Speaker.objects.create(name="Barack Obama", slug="barack-obama", kind="person")
    kept.affiliation = "United States"
    kept._history_user = editor
    kept.save()
    ingest("--reextract")
    assert not Speaker.objects.filter(pk=idle.pk).exists()
    assert Speaker.objects.filter(pk=kept.pk).exists()
    assert Speaker.objects.filter(name="Dana Whitfield").exists()
