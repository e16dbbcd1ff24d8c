from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from articles.services import article_ingest_files, article_reextract_all, find_article_files

# Exit codes (documented in the README).
EXIT_FAILED_FILES = 1
EXIT_USAGE = 2
EXIT_NO_DATABASE = 3
NO_DATABASE = "cannot reach the database ({error}); check DATABASE_URL"


class _Stream:
    """The command's stdout as a file for tqdm: written as given, with no line ending added."""

    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.write(text, ending="")

    def flush(self):
        self.out.flush()


def check_database() -> None:
    """Raise a one-line CommandError (exit 3) when the database cannot be reached."""
    try:
        connections[DEFAULT_DB_ALIAS].ensure_connection()
    except DatabaseError as exc:
        error = " ".join(str(exc).split()) or type(exc).__name__
        raise CommandError(NO_DATABASE.format(error=error[:200]), returncode=EXIT_NO_DATABASE) from None


class Command(BaseCommand):
    help = "Read article files (.txt, .html, .htm; folders recursively), extract quotes and claims, store them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Files or folders to ingest.")
        parser.add_argument("--dry-run", action="store_true", help="Read and extract; write nothing.")
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="Re-run extraction on already stored articles (all of them when no PATH is given), "
            "keeping every row an editor touched.",
        )
        parser.add_argument("--workers", type=int, default=1, help="Parse in this many processes (default 1).")

    def handle(self, *args, paths, dry_run, reextract, workers, verbosity, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.", returncode=EXIT_USAGE)
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(map(str, missing))}", returncode=EXIT_USAGE)
        if not paths and not reextract:
            raise CommandError("Give at least one file or folder to ingest (or --reextract).", returncode=EXIT_USAGE)
        check_database()
        self.bar = None
        self.verbosity = verbosity
        if paths:
            files = find_article_files(paths)
            if not files:
                raise CommandError(f"No article files under {', '.join(map(str, paths))}", returncode=EXIT_USAGE)
            report = article_ingest_files(
                files, dry_run=dry_run, reextract=reextract, workers=workers, on_progress=self.progress
            )
        else:
            report = article_reextract_all(dry_run=dry_run, workers=workers, on_progress=self.progress)
        if self.bar is not None:
            self.bar.close()
        for path, reason in report.failures:
            self.stderr.write(f"{path}: {reason}")
        if verbosity >= 1:
            for path, note in report.notes:
                self.stdout.write(self.style.WARNING(f"{path}: {note}"))
            for path in report.unchanged:
                self.stdout.write(f"{path.name}: unchanged, skipped")
            style = self.style.SUCCESS if report.ok else self.style.WARNING
            self.stdout.write(style(report.summary()))
        if report.failures:
            raise CommandError(f"{len(report.failures)} file(s) failed", returncode=EXIT_FAILED_FILES)

    def progress(self, done, total, path):
        if self.verbosity < 1:
            return
        if self.stdout.isatty():
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="article", file=_Stream(self.stdout))
            self.bar.set_postfix_str(path.name[-30:])
            self.bar.update(1)
        else:
            self.stdout.write(f"[{done}/{total}] {path.name}")
