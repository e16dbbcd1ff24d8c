"""Ingest: files and folders in, one transaction per article, idempotent, clear failures; and export."""

import csv
import io
import json
import random
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from claims.models import Quote, Status
from tests.conftest import SEED, load_gold

pytestmark = pytest.mark.django_db

LATIN1_ARTICLE = (
    "Café owners protest new rules\n\n"
    "Owners of small cafés in the old town marched on Tuesday against new licensing rules.\n\n"
    '"We cannot pay these fees," said Renée Dubois, who runs a café near the cathedral.\n'
).encode("latin-1")


def ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


def export_jsonl():
    out = io.StringIO()
    call_command("export", "--format", "jsonl", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def fold(text):
    return " ".join((text or "").replace("\u00a0", " ").replace("\u2019", "'").split())


def test_the_seed_reads_as_the_answer_key_says(tmp_path):
    gold = load_gold()["article"]
    code, _, err = ingest(SEED)
    assert code == 0, err
    (row,) = export_jsonl()
    for field in ("kicker", "headline", "standfirst"):
        assert fold(row[field]) == fold(gold[field])
    assert [fold(c) for c in row["captions"]] == [fold(c) for c in gold["captions"]]
    assert row["outlet"] == gold["outlet"]
    body = fold(row["body"])
    for junk in gold["not_body"]:
        assert fold(junk) not in body
    for caption in gold["captions"]:
        assert fold(caption) not in body


def test_a_second_ingest_stores_nothing_new(tmp_path):
    assert ingest(SEED)[0] == 0
    quotes = Quote.objects.count()
    article = Article.objects.get()
    code, out, _ = ingest(SEED.parent)
    assert code == 0
    assert "unchanged" in out
    assert Article.objects.get() == article
    assert Quote.objects.count() == quotes


def test_bad_files_fail_one_line_each_and_the_good_ones_are_stored(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(random.Random(0).randbytes(4096))
    (tmp_path / "cafe.txt").write_bytes(LATIN1_ARTICLE)
    code, out, err = ingest(tmp_path)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert any("empty.txt" in line and "empty" in line.split(":", 1)[1] for line in lines)
    assert any("noise.txt" in line and "binary" in line for line in lines)
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["cafe.txt", "seed.txt"]
    cafe = Article.objects.get(source_name="cafe.txt")
    assert "Renée Dubois" in cafe.body
    assert "2 new" in out and "2 failed" in out


def test_a_dry_run_writes_nothing(tmp_path):
    code, out, _ = ingest(SEED, "--dry-run")
    assert code == 0
    assert "would store 1 new" in out
    assert Article.objects.count() == 0


def test_bad_usage_exits_2(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as missing:
        call_command("ingest", str(tmp_path / "nowhere.txt"), stdout=io.StringIO())
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as nothing:
        call_command("ingest", stdout=io.StringIO())
    assert nothing.value.returncode == 2


def test_a_failure_while_storing_leaves_nothing_behind(tmp_path, monkeypatch):
    import claims.services

    def broken(*, article, extraction, **kwargs):
        Quote.objects.create(article=article, text="half written")
        raise RuntimeError("disk full\nDETAIL: no space left on device")

    monkeypatch.setattr("articles.services.claims_store_extraction", broken)
    code, _, err = ingest(SEED)
    assert code == 1
    assert "disk full DETAIL: no space left on device" in err and SEED.name in err
    assert len(err.strip().splitlines()) == 1
    assert Article.objects.count() == 0
    assert Quote.objects.count() == 0
    assert claims.services.claims_store_extraction is not broken


def test_reextract_keeps_every_row_an_editor_touched(tmp_path):
    assert ingest(SEED)[0] == 0
    machine = list(Quote.objects.filter(status=Status.MACHINE).order_by("start"))
    assert len(machine) >= 3
    corrected, rejected = machine[0], machine[1]
    corrected.text = "An editor's wording"
    corrected.status = Status.CORRECTED
    corrected.save()
    rejected.status = Status.REJECTED
    rejected.save()
    before = Quote.objects.count()

    code, out, _ = ingest(SEED, "--reextract")
    assert code == 0, out
    assert "1 re-extracted" in out
    corrected.refresh_from_db()
    rejected.refresh_from_db()
    assert corrected.text == "An editor's wording" and corrected.status == Status.CORRECTED
    assert rejected.status == Status.REJECTED
    assert Quote.objects.count() == before  # nothing doubled over the editors' rows
    # The machine's rows found again are the same rows, untouched.
    assert set(Quote.objects.filter(status=Status.MACHINE).values_list("pk", flat=True)) == {q.pk for q in machine[2:]}


def test_export_writes_csv_rows_for_quotes_and_claims(tmp_path):
    assert ingest(SEED)[0] == 0
    target = tmp_path / "out.csv"
    call_command("export", "--format", "csv", "--output", str(target), stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    quotes = [r for r in rows if r["item"] == "quote"]
    assert len(quotes) == Quote.objects.count()
    assert all(r["source"] == SEED.name for r in rows)


def test_export_jsonl_carries_the_contract_keys():
    assert ingest(SEED)[0] == 0
    (row,) = export_jsonl()
    for key in (
        "source",
        "outlet",
        "kicker",
        "headline",
        "standfirst",
        "body",
        "captions",
        "quotes",
        "claims",
    ):
        assert key in row
    quote_keys = {
        "speaker",
        "speaker_mention",
        "speaker_kind",
        "role",
        "affiliation",
        "text",
        "kind",
        "cue",
        "about",
        "confidence",
        "status",
    }
    assert row["quotes"] and all(quote_keys <= set(q) for q in row["quotes"])
    claim_keys = {"text", "by", "by_kind", "kind", "checkworthiness", "features", "fragments"}
    assert row["claims"] and all(claim_keys <= set(c) for c in row["claims"])
    assert {c["kind"] for c in row["claims"]} <= {"quantity", "prediction", "causal", "rule", "experience", "other"}


def test_two_workers_store_what_one_worker_stores(tmp_path):
    """Parsing in worker processes changes nothing in what is stored."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(
            f"Port strike {name}\n\n"
            f'"We will not move," said union leader Sam Okafor of dock {name}.\n\n'
            f"Harbour Minister Dana Whitfield said the offer of 4% was final.\n",
            encoding="utf-8",
        )
    shutil.copy(SEED, tmp_path / "seed.txt")
    assert ingest(tmp_path, "--workers", "2")[0] == 0
    two = export_jsonl()
    Article.objects.all().delete()
    assert ingest(tmp_path)[0] == 0
    one = export_jsonl()

    def strip(rows):
        return [[(q["speaker"], q["text"], q["kind"]) for q in row["quotes"]] for row in rows]

    assert strip(two) == strip(one)
    assert sum(len(row["quotes"]) for row in one) >= 1 + 20


def test_an_html_page_is_ingested_with_its_metadata(tmp_path):
    from tests.conftest import REPO

    page = REPO / "tests" / "articles" / "fixtures" / "sun_style_dog.html"
    code, _, err = ingest(page)
    assert code == 0, err
    article = Article.objects.get()
    assert article.headline and article.body
    assert article.outlet is not None
    assert "<p>" not in article.body and "<script" not in article.body


def test_a_changed_file_updates_its_article_and_keeps_the_editors_rows(tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text('Strike ends\n\n"We won," said union leader Sam Okafor.\n', encoding="utf-8")
    assert ingest(path)[0] == 0
    quote = Quote.objects.get()
    quote.status = Status.VERIFIED
    quote.save()
    path.write_text(
        'Strike ends after nine days\n\n"We won," said union leader Sam Okafor.\n\n'
        '"It cost us," said port director Lena Ortiz.\n',
        encoding="utf-8",
    )
    code, out, _ = ingest(path)
    assert code == 0 and "1 updated" in out
    article = Article.objects.get()
    assert article.headline == "Strike ends after nine days"
    assert Quote.objects.get(pk=quote.pk).status == Status.VERIFIED
    assert sorted(Quote.objects.values_list("speaker__name", flat=True)) == ["Lena Ortiz", "Sam Okafor"]


def test_files_over_the_size_setting_are_refused(tmp_path, settings):
    settings.NEWSROOM_MAX_ARTICLE_BYTES = 1000
    big = tmp_path / "long.txt"
    big.write_text("Long read\n\n" + "The council met again. " * 100, encoding="utf-8")
    code, _, err = ingest(big)
    assert code == 1
    (line,) = err.strip().splitlines()
    assert line.startswith(str(big)) and "over the" in line and "limit" in line
    assert Article.objects.count() == 0
