import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import article_ingest_files, article_reextract_all, find_article_files


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
            raise CommandError("--workers must be 1 or more.", returncode=2)
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(map(str, missing))}", returncode=2)
        if not paths and not reextract:
            raise CommandError("Give at least one file or folder to ingest (or --reextract).", returncode=2)
        self.bar = None
        self.verbosity = verbosity
        if paths:
            files = find_article_files(paths)
            if not files:
                raise CommandError(f"No article files under {', '.join(map(str, paths))}", returncode=2)
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
            for path in report.unchanged:
                self.stdout.write(f"{path.name}: unchanged, skipped")
            style = self.style.SUCCESS if report.ok else self.style.WARNING
            self.stdout.write(style(report.summary()))
        if report.failures:
            sys.exit(1)

    def progress(self, done, total, path):
        if self.verbosity < 1:
            return
        if self.stdout.isatty():
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="article", file=self.stdout._out)
            self.bar.set_postfix_str(path.name[-30:])
            self.bar.update(1)
        else:
            self.stdout.write(f"[{done}/{total}] {path.name}")
