"""Speaker identity on the speakers corpus: right speaker per quote in several ingest orders, and breaches.

    .venv/bin/python bench/speakers.py [--verbose] [--corpus DIR ...]

For each order (sorted, reversed, a fixed shuffle) it ingests ``tests/speakers_corpus/articles`` into a
throwaway SQLite database and prints how many of the key's quotes carry the right canonical speaker, then
the same after ``speakers_rebuild`` (when the command exists), and the name-word breaches of the invariant
(``tests/claims/speakers_check.py``). ``--corpus`` also ingests other folders (each alone) for breaches.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every wrong quote and breach")
    parser.add_argument("--corpus", nargs="*", default=[], type=Path, help="other folders to check for breaches")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="speakers-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command, get_commands

    from articles.services import article_ingest_files, find_article_files
    from claims.models import Speaker
    from tests.claims.speakers_check import corpus_orders, corpus_outcomes, name_word_breaches

    call_command("migrate", verbosity=0)
    rebuild = "speakers_rebuild" in get_commands()

    def report(label: str) -> None:
        outcomes = corpus_outcomes()
        right = sum(o.ok for o in outcomes)
        by = Counter(o.resolvable for o in outcomes if o.ok)
        of = Counter(o.resolvable for o in outcomes)
        breaches = name_word_breaches()
        strict = name_word_breaches(exact_alias=False)
        flagged = Speaker.objects.filter(needs_review=True).count() if hasattr(Speaker, "needs_review") else "-"
        parts = ", ".join(f"{k} {by[k]}/{of[k]}" for k in ("article", "corpus", "no"))
        print(  # noqa: T201
            f"{label:<22} right {right}/{len(outcomes)} ({parts}); breaches {len(breaches)} "
            f"(without the exact-alias exemption {len(strict)}); speakers {Speaker.objects.count()}, "
            f"flagged {flagged}"
        )
        if args.verbose:
            for o in outcomes:
                if not o.ok:
                    print(f"    {o.file} [{o.resolvable}] {o.person}: {o.why} ({o.key!r})")  # noqa: T201
            for b in breaches:
                print(f"    breach {b}")  # noqa: T201

    for name, files in corpus_orders().items():
        call_command("flush", interactive=False, verbosity=0)
        article_ingest_files(files)
        report(name)
        if rebuild:
            call_command("speakers_rebuild", stdout=io.StringIO())
            report(f"{name} + rebuild")
    for folder in args.corpus:
        call_command("flush", interactive=False, verbosity=0)
        article_ingest_files(find_article_files([folder]))
        breaches = name_word_breaches()
        strict = name_word_breaches(exact_alias=False)
        print(f"{folder}: breaches {len(breaches)} (without the exact-alias exemption {len(strict)})")  # noqa: T201
        if args.verbose:
            for b in breaches:
                print(f"    breach {b}")  # noqa: T201


if __name__ == "__main__":
    main()
