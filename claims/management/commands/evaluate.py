import datetime

from django.core.management.base import BaseCommand, CommandError

from claims.services import claims_evaluate


class Command(BaseCommand):
    help = (
        "Re-run extraction (storing nothing) on the articles editors reviewed and compare it with their "
        "verdicts: recall of kept quotes, precision against rejected ones, speaker accuracy, worst cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only articles with a quote reviewed on or after this day (YYYY-MM-DD).")
        parser.add_argument("--worst", type=int, default=10, help="How many of the worst articles to list.")

    def handle(self, *args, since, worst, **options):
        day = None
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError:
                raise CommandError(f"--since {since!r} is not a date like 2026-11-28.", returncode=2) from None
        evaluation = claims_evaluate(since=day)
        if not evaluation.articles:
            self.stdout.write("No article has a quote an editor reviewed" + (f" since {day}." if day else "."))
            return
        self.stdout.write("\n".join(evaluation.lines(worst=worst)))
