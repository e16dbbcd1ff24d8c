"""Ingest as a careless operator or an attacker would use it: same names in other folders, copies, races,
damaged encodings, FIFOs and huge files, oversized texts, slow articles, a wrong database address."""

import io
import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from articles.services import article_ingest_files
from claims.models import Quote
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

STRIKE = 'Port strike ends\n\n"We won," said union leader Sam Okafor.\n'
GARDENS = 'Town gardens reopen after the storm\n\n"The roses are back," said head gardener Ines Moreau.\n'


def ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


def test_a_failed_file_is_a_command_error_with_exit_code_1(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as failed:
        call_command("ingest", str(tmp_path / "empty.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    assert failed.value.returncode == 1


def test_another_story_under_the_same_name_in_another_folder_is_a_new_article(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text(STRIKE, encoding="utf-8")
    (tmp_path / "b" / "story.txt").write_text(GARDENS, encoding="utf-8")
    code, out, _ = ingest(tmp_path / "a" / "story.txt")
    assert code == 0
    code, out, _ = ingest(tmp_path / "b" / "story.txt")
    assert code == 0 and "stored 1 new" in out and "0 updated" in out
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Port strike ends",
        "Town gardens reopen after the storm",
    ]
    assert set(Article.objects.values_list("source_name", flat=True)) == {"story.txt"}
    assert set(Article.objects.values_list("source_path", flat=True)) == {
        str(tmp_path / "a" / "story.txt"),
        str(tmp_path / "b" / "story.txt"),
    }

    out = io.StringIO()
    call_command("export", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["source"] for row in rows] == ["story.txt", "story.txt"]  # the file name, as the scorer reads it
    assert {row["source_path"] for row in rows} == {
        str(tmp_path / "a" / "story.txt"),
        str(tmp_path / "b" / "story.txt"),
    }

    # A new version of the same file updates its own article, and only that one.
    (tmp_path / "a" / "story.txt").write_text(STRIKE.replace("ends", "ends after nine days"), encoding="utf-8")
    code, out, _ = ingest(tmp_path / "a" / "story.txt")
    assert code == 0 and "1 updated" in out
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Port strike ends after nine days",
        "Town gardens reopen after the storm",
    ]


def test_the_same_content_twice_in_one_run_is_stored_once(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "strike.txt").write_text(STRIKE, encoding="utf-8")
    code, out, err = ingest(tmp_path)
    assert code == 0, err
    assert "stored 1 new" in out and "1 unchanged" in out and "0 failed" in out
    assert Article.objects.count() == 1


def test_the_loser_of_a_race_skips_the_file_as_unchanged(tmp_path):
    """Another ingest stores the same content between this one's reading and storing of it."""
    first, second, rival = tmp_path / "first.txt", tmp_path / "second.txt", tmp_path / "rival" / "copy.txt"
    first.write_text(GARDENS, encoding="utf-8")
    second.write_text(STRIKE, encoding="utf-8")
    rival.parent.mkdir()
    rival.write_text(STRIKE, encoding="utf-8")

    def meanwhile(done, total, path):
        if path == first:  # after this run read both files, before it stores the second
            assert article_ingest_files([rival]).stored == [rival]

    report = article_ingest_files([first, second], on_progress=meanwhile)
    assert report.failures == []
    assert report.unchanged == [second]
    assert Article.objects.count() == 2


def test_a_mostly_utf8_file_with_a_few_bad_bytes_is_read_as_utf8_and_says_so(tmp_path):
    text = (
        "Harbour row\n\n"
        "\u201cWe will not move,\u201d said dock worker Sam Okafor. \u201cNot this year.\u201d\n\n"
        "The council\u2019s offer was rejected on Monday by the dockers\u2019 union.\n"
    )
    data = text.encode("utf-8").replace(b"Monday", b"Mon\xe9day")  # one stray Latin-1 byte
    path = tmp_path / "harbour.txt"
    path.write_bytes(data)
    code, out, err = ingest(path)
    assert code == 0, err
    body = Article.objects.get().body
    assert "\u201cWe will not move,\u201d" in body and "council\u2019s" in body
    assert "Mon\ufffdday" in body
    assert "harbour.txt: 1 invalid UTF-8 byte sequence(s) replaced" in out


def test_a_fifo_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = {}
    worker = threading.Thread(target=lambda: result.update(run=ingest(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # it blocked opening the FIFO: let it go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=10)
        pytest.fail("ingest blocked on a FIFO")
    code, _, err = result["run"]
    assert code == 1
    assert err.strip() == f"{fifo}: not a regular file"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, settings):
    settings.NEWSROOM_MAX_ARTICLE_BYTES = 1000
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    tracemalloc.start()
    try:
        code, _, err = ingest(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 1
    assert err.strip() == f"{huge}: file is 200 MB, over the 1000 bytes limit"
    assert peak < 20 * 1024 * 1024


def test_a_text_over_the_parsers_limit_is_refused_in_one_line(tmp_path):
    path = tmp_path / "long.txt"
    paragraph = "The council met again and talked about the harbour for a long time. " * 10
    path.write_text("Long read\n\n" + "\n\n".join([paragraph] * 1500), encoding="utf-8")
    code, _, err = ingest(path)
    assert code == 1
    (line,) = err.strip().splitlines()
    assert line.startswith(f"{path}: its text is 1,021,498 characters")
    assert line.endswith("over the 1,000,000-character limit (NEWSROOM_MAX_ARTICLE_CHARS)")
    assert Article.objects.count() == 0


def test_an_article_over_the_time_budget_fails_alone(tmp_path, settings):
    settings.NEWSROOM_EXTRACTION_SECONDS = 0.5
    para = '"We will not move from this harbour," said dock worker Sam Okafor of Port Wren.'
    (tmp_path / "slow.txt").write_text("Harbour row\n\n" + "\n\n".join([para] * 500), encoding="utf-8")
    (tmp_path / "quick.txt").write_text(STRIKE, encoding="utf-8")
    started = time.perf_counter()
    code, out, err = ingest(tmp_path)
    assert time.perf_counter() - started < 20
    assert code == 1
    (line,) = err.strip().splitlines()
    assert line == f"{tmp_path / 'slow.txt'}: extraction took over 0.5 s (NEWSROOM_EXTRACTION_SECONDS); skipped"
    assert list(Article.objects.values_list("source_name", flat=True)) == ["quick.txt"]
    assert Quote.objects.filter(article__source_name="quick.txt").exists()


def test_a_wrong_database_address_is_one_line_and_exit_code_3(tmp_path):
    (tmp_path / "strike.txt").write_text(STRIKE, encoding="utf-8")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(tmp_path / "strike.txt")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("CommandError: cannot reach the database (") and "DATABASE_URL" in line
