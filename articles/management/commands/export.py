import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services import article_export
from claims.serializers import claimreview_export


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

    def execute(self, *args, **options):
        self.to_stdout = options.get("stdout") is None  # else call_command gave a stream
        return super().execute(*args, **options)

    def handle(self, *args, format, output, verbosity, **options):
        if output is None:
            try:
                self.write(self.stdout, format)
                self.stdout.flush()
            except BrokenPipeError:
                self.quiet_broken_pipe()
            return
        folder = output.parent
        if not folder.is_dir():
            raise CommandError(f"{output}: the folder {folder} does not exist", returncode=2)
        # A new file of our own in the target folder (created exclusively, so nothing planted there is
        # followed), renamed over the target once complete.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".partial")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                n = self.write(out, format)
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, output)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if verbosity >= 1:
            what = "reviewed claims" if format == "claimreview" else "articles"
            self.stderr.write(f"Wrote {n} {what} to {output}")

    def write(self, out, format):
        if format == "claimreview":
            return claimreview_export(out, reviewer=settings.NEWSROOM_REVIEWER_NAME)
        return article_export(out, fmt=format)

    def quiet_broken_pipe(self):
        """The reader went away (``export | head``): stop quietly, as command-line tools do."""
        if self.to_stdout:
            # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
