"""Run extraction over many articles, in this process or in a pool of worker processes.

Texts are parsed in batches with ``nlp.pipe`` (one stream for many articles, as spaCy is fastest),
then each article's docs are extracted. The pipeline is loaded once; workers are forked from the
process that loaded it. Results come back in input order.

Why a fork pool and not ``nlp.pipe(n_process=N)``: spaCy's processes parse (and run the one-doc components)
but send every doc back, and the cross-doc assembly then runs in one process; the pool parses and extracts
in each worker. On the same 211 articles with 2 workers the pool took 0.74 of ``nlp.pipe(n_process=2)``'s
time (10.8 s against 14.5 s; ``bench/pipe_vs_pool.py``, one run on a shared machine).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from .types import Extraction

if TYPE_CHECKING:  # spaCy is imported by the workers' first parse, not by importing this module
    from spacy.language import Language
    from spacy.tokens import Doc

CHUNK = 48  # articles parsed in one nlp.pipe stream
POOL_CHUNK = 16  # articles handed to a worker at a time: smaller, so the workers finish together


@dataclass(frozen=True)
class Job:
    body: str
    captions: tuple[str, ...] = ()
    headline: str = ""


@dataclass(frozen=True)
class Failed:
    """Extraction raised on one article; ``reason`` is one line."""

    reason: str


_worker_nlp: Language | None = None


def _failed(exc: Exception) -> Failed:
    return Failed(f"extraction failed: {type(exc).__name__}: {exc}")


def _run_one(job: Job, nlp: Language) -> Extraction | Failed:
    from .pipeline import extract

    try:
        return extract(job.body, nlp, captions=job.captions, headline=job.headline)
    except Exception as exc:  # noqa: BLE001 -- one bad article must not stop the run
        return _failed(exc)


def _run_chunk(jobs: Sequence[Job], nlp: Language | None = None) -> list[Extraction | Failed]:
    """Parse the texts of ``jobs`` in one stream, then extract each article from its docs."""
    from .nlp import PARAGRAPH_COMPONENT
    from .pipeline import extract_doc

    nlp = nlp or _worker_nlp
    if nlp is None:
        raise RuntimeError("no pipeline: pass one, or fork workers from extract_many")
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:  # a pipeline not from build_nlp: let extract() prepare docs
        return [_run_one(job, nlp) for job in jobs]
    texts: list[tuple[str, tuple[int, str]]] = []
    for i, job in enumerate(jobs):
        texts.append((job.body, (i, "body")))
        texts.extend((caption, (i, "caption")) for caption in job.captions)
        if job.headline:
            texts.append((job.headline, (i, "headline")))
    parsed: list[_Parsed] = [_Parsed() for _ in jobs]
    try:
        for doc, (i, role) in nlp.pipe(texts, as_tuples=True, batch_size=64):
            if role == "caption":
                parsed[i].captions.append(doc)
            elif role == "headline":
                parsed[i].headline = doc
            else:
                parsed[i].body = doc
    except Exception:  # noqa: BLE001 -- fall back to one article at a time, so only the bad one fails
        return [_run_one(job, nlp) for job in jobs]
    results: list[Extraction | Failed] = []
    for docs in parsed:
        try:
            if docs.body is None:
                raise ValueError("the body was not parsed")
            results.append(extract_doc(docs.body, caption_docs=docs.captions, headline_doc=docs.headline))
        except Exception as exc:  # noqa: BLE001 -- one bad article must not stop the run
            results.append(_failed(exc))
    return results


@dataclass
class _Parsed:
    """The parsed texts of one article."""

    body: Doc | None = None
    captions: list[Doc] = field(default_factory=list)
    headline: Doc | None = None


def _chunks(jobs: Iterable[Job], size: int = CHUNK) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_many(
    jobs: Iterable[Job], *, model: str, workers: int = 1, nlp: Language | None = None
) -> Iterator[Extraction | Failed]:
    """Yield one Extraction (or Failed) per job, in order; ``workers`` > 1 parses in that many processes.

    Callers close database connections before asking for workers: the workers are forked.
    """
    from .nlp import build_nlp

    nlp = nlp or build_nlp(model)
    if workers <= 1:
        for chunk in _chunks(jobs):
            yield from _run_chunk(chunk, nlp)
        return
    global _worker_nlp
    _worker_nlp = nlp  # inherited by the forked workers: the model is loaded once
    listed = list(jobs)
    size = max(1, min(POOL_CHUNK, len(listed) // (workers * 2)))  # small runs still spread over every worker
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for results in pool.map(_run_chunk, _chunks(listed, size)):
            yield from results
