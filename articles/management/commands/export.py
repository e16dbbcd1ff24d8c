from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services import article_export, claimreview_export


class Command(BaseCommand):
    help = "Write every stored article with its quotes and claims as JSON Lines or CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv", "claimreview"],
            help="jsonl and csv: every article with its quotes and claims; claimreview: the "
            "claims editors rated, as schema.org ClaimReview JSON-LD",
            default="jsonl",
        )
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, format, output, verbosity, **options):
        if output is None:
            self.write(self.stdout, format)
            return
        if output.parent and not output.parent.exists():
            raise CommandError(f"{output}: the folder {output.parent} does not exist", returncode=2)
        tmp = output.with_name(output.name + ".partial")
        with tmp.open("w", encoding="utf-8", newline="") as out:
            n = self.write(out, format)
        tmp.replace(output)
        if verbosity >= 1:
            what = "reviewed claims" if format == "claimreview" else "articles"
            self.stderr.write(f"Wrote {n} {what} to {output}")

    def write(self, out, format):
        if format == "claimreview":
            return claimreview_export(out, reviewer=settings.NEWSROOM_REVIEWER_NAME)
        return article_export(out, fmt=format)
