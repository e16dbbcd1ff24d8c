from django.core.management.base import BaseCommand, CommandError

from claims.services import speakers_rebuild


class Command(BaseCommand):
    help = (
        "Re-resolve the speaker of every stored quote and claim under the identity rules, as if every article "
        "were known at once. Editors' work is kept: rows they touched keep their speaker, their aliases keep "
        "resolving. Safe to re-run: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="Parse in this many processes (default 1).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, workers, dry_run, verbosity, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        report = speakers_rebuild(
            workers=workers, dry_run=dry_run, on_progress=self.progress if verbosity >= 2 else None
        )
        for failure in report.failures:
            self.stderr.write(failure)
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.failures:
            raise CommandError(f"{len(report.failures)} article(s) failed", returncode=1)

    def progress(self, done, total, name):
        self.stdout.write(f"[{done}/{total}] {name}")
