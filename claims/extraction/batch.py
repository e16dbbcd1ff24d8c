"""Run extraction over many articles, in this process or in a pool of worker processes.

Each worker loads the spaCy pipeline once, lazily; results come back in input order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .types import Extraction


@dataclass(frozen=True)
class Job:
    body: str
    captions: tuple[str, ...] = ()
    headline: str = ""


@dataclass(frozen=True)
class Failed:
    """Extraction raised on one article; ``reason`` is one line."""

    reason: str


_worker_nlp = None


def _run(job: Job, nlp=None) -> Extraction | Failed:
    from .pipeline import extract

    try:
        return extract(job.body, nlp or _worker_nlp, captions=job.captions, headline=job.headline)
    except Exception as exc:  # noqa: BLE001 -- one bad article must not stop the run
        return Failed(f"extraction failed: {type(exc).__name__}: {exc}")


def extract_many(jobs: Iterable[Job], *, model: str, workers: int = 1, nlp=None) -> Iterator[Extraction | Failed]:
    """Yield one Extraction (or Failed) per job, in order; ``workers`` > 1 parses in that many processes.

    The pipeline is loaded once, here, and the workers are forked from this process so they share it
    instead of each loading their own. Callers close database connections before asking for workers.
    """
    from .pipeline import build_nlp

    nlp = nlp or build_nlp(model)
    if workers <= 1:
        for job in jobs:
            yield _run(job, nlp)
        return
    global _worker_nlp
    _worker_nlp = nlp
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_run, jobs, chunksize=2)
