from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import article_export


class Command(BaseCommand):
    help = "Write every stored article with its quotes and claims as JSON Lines or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, format, output, verbosity, **options):
        if output is None:
            article_export(self.stdout, fmt=format)
            return
        if output.parent and not output.parent.exists():
            raise CommandError(f"{output}: the folder {output.parent} does not exist", returncode=2)
        tmp = output.with_name(output.name + ".partial")
        with tmp.open("w", encoding="utf-8", newline="") as out:
            n = article_export(out, fmt=format)
        tmp.replace(output)
        if verbosity >= 1:
            self.stderr.write(f"Wrote {n} articles to {output}")
