"""Export as an attacker or a pipe would meet it: planted symlinks, formula cells, a reader that goes away;
and `make demo` tells the address it serves."""

import contextlib
import csv
import io
import os
import subprocess

import pytest
from django.core.management import call_command

from articles.models import Article
from claims.models import Quote
from tests.conftest import REPO

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = Article.objects.create(
        slug="harbour",
        headline='=HYPERLINK("http://evil.example")',
        body="Body.",
        source_name="x.txt",
        checksum="h" * 64,
        raw_text="raw",
    )
    for text in ("=1+2", "+44 20 7946 0000", "-2+3", "@SUM(A1:A9)", "Plain words"):
        Quote.objects.create(article=article, text=text, speaker_mention="@someone")
    return article


def test_export_does_not_write_through_a_planted_symlink(tmp_path, article):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "out.jsonl"
    for name in ("out.jsonl.partial", ".out.jsonl.partial"):
        os.symlink(victim, tmp_path / name)
    call_command("export", "--output", str(target), stderr=io.StringIO())
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink() and '"slug": "harbour"' in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.jsonl.partial",
        "out.jsonl",
        "out.jsonl.partial",
        "victim.txt",
    ]


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path, article):
    target = tmp_path / "out.csv"
    call_command("export", "--format", "csv", "--output", str(target), stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert sorted(r["text"] for r in rows) == ["'+44 20 7946 0000", "'-2+3", "'=1+2", "'@SUM(A1:A9)", "Plain words"]
    assert {r["headline"] for r in rows} == {'\'=HYPERLINK("http://evil.example")'}
    assert {r["speaker_mention"] for r in rows} == {"'@someone"}


def test_export_into_a_closed_pipe_stops_quietly(article):
    for n in range(300):
        Quote.objects.create(article=article, text=f"Quote number {n} " * 20)
    read, write = os.pipe()
    os.close(read)  # the reader has gone, as `head` does after its first lines
    out = os.fdopen(write, "w")
    call_command("export", stdout=out)  # stops without a BrokenPipeError
    with contextlib.suppress(BrokenPipeError):
        out.close()  # whatever is left in the buffer cannot go anywhere either


def test_make_demo_prints_the_address_it_serves(settings, tmp_path):
    settings.BASE_DIR = tmp_path  # where ensure_editor keeps the demo password
    result = subprocess.run(
        ["make", "-n", "demo", "HOST=127.0.0.1", "PORT=8123"], cwd=REPO, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert any("ensure_editor --url http://127.0.0.1:8123/" in line for line in lines)
    assert any(line.endswith("runserver 127.0.0.1:8123") for line in lines)
    out = io.StringIO()
    call_command("ensure_editor", "--username", "demo-editor", "--url", "http://127.0.0.1:8123/", stdout=out)
    assert "Open http://127.0.0.1:8123/ and log in." in out.getvalue()
