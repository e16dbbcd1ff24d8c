"""Parallel extraction two ways on the same articles: ``extract_many``'s fork pool against ``nlp.pipe(n_process=N)``.

    .venv/bin/python bench/pipe_vs_pool.py [--workers 2] [--articles 300] [--repeat 2]

The pool (``claims.extraction.batch``) forks workers that each parse a chunk of articles with ``nlp.pipe``
and extract them; ``nlp.pipe(n_process=N)`` parses (and runs the one-doc components) in N processes, sends
the docs back, and this process assembles each article. Both are checked to give the same results. Prints
articles/s for each, the single-process run and the ratios, all from one run (the machine is shared: compare
ratios, not absolute figures).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from articles.reading import ReadingError, read_article  # noqa: E402
from claims.extraction.batch import Failed, Job, extract_many  # noqa: E402
from claims.extraction.nlp import build_nlp  # noqa: E402
from claims.extraction.pipeline import extract_doc  # noqa: E402
from claims.extraction.types import Extraction  # noqa: E402


def load_jobs(limit: int) -> list[Job]:
    sys.path.insert(0, str(REPO / "bench"))
    from compare_exports import article_sources

    jobs = []
    for path in article_sources():
        try:
            d = read_article(path.read_bytes(), name=path.name, max_bytes=1 << 30)
        except ReadingError:
            continue
        jobs.append(Job(d.body, tuple(d.captions), d.headline))
    return (jobs * (limit // len(jobs) + 1))[:limit]


def piped(jobs: Sequence[Job], workers: int) -> list[Extraction | Failed]:
    """Parse every text with ``nlp.pipe(n_process=workers)``, then assemble each article here."""
    nlp = build_nlp()
    texts = []
    for i, job in enumerate(jobs):
        texts += [(job.body, (i, "body"))] + [(c, (i, "caption")) for c in job.captions]
        texts += [(job.headline, (i, "headline"))] if job.headline else []
    docs: list[dict[str, list]] = [{"body": [], "caption": [], "headline": []} for _ in jobs]
    for doc, (i, role) in nlp.pipe(texts, as_tuples=True, batch_size=64, n_process=workers):
        docs[i][role].append(doc)
    return [
        extract_doc(d["body"][0], caption_docs=d["caption"], headline_doc=(d["headline"] or [None])[0]) for d in docs
    ]


def timed(run: Callable[[], list[Extraction | Failed]]) -> tuple[float, list[Extraction | Failed]]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved repeats; the best of each is kept")
    args = parser.parse_args()
    jobs = load_jobs(args.articles)
    nlp = build_nlp()
    runs: dict[str, Callable[[], list[Extraction | Failed]]] = {
        "one process": lambda: list(extract_many(jobs, model="", workers=1, nlp=nlp)),
        "fork pool": lambda: list(extract_many(jobs, model="", workers=args.workers, nlp=nlp)),
        "nlp.pipe(n_process)": lambda: piped(jobs, args.workers),
    }
    best: dict[str, float] = {}
    results: dict[str, list[Extraction | Failed]] = {}
    for _ in range(args.repeat):
        for name, run in runs.items():
            seconds, results[name] = timed(run)
            best[name] = min(best.get(name, seconds), seconds)
    same = len({repr(r) for r in results.values()}) == 1
    print(f"{len(jobs)} articles, {args.workers} workers, best of {args.repeat}; results identical: {same}")
    for name, seconds in best.items():
        ratio = best["one process"] / seconds
        print(f"  {name:22} {seconds:7.1f} s  {len(jobs) / seconds:6.1f} articles/s  x{ratio:.2f} vs one process")
    print(f"  pool / pipe time ratio: {best['fork pool'] / best['nlp.pipe(n_process)']:.2f}")


if __name__ == "__main__":
    main()
