"""Score the product end to end on the held-out corpus in bench/corpus/.

    python bench/evaluate.py [--corpus bench/corpus] [--verbose] [--keep] [--min-checkworthiness 0.0]

Steps, each a subprocess run with this Python from the repository root, in a throw-away SQLite database
(DEBUG=1, DATABASE_URL=sqlite:///<tmp>/eval.sqlite3):

    manage.py migrate -v0
    manage.py ingest <corpus>/articles
    manage.py export --format jsonl --output <tmp>/export.jsonl

then bench/score_quotes.py <tmp>/export.jsonl <corpus>/gold.jsonl (its output is printed as is),
then the claim metrics below, computed here over the articles whose gold record has claims:

- claim precision / recall / F1 at sentence level: an extracted claim and a gold claim match when at least
  60% of the gold claim's words lie in the extracted one and at least 50% of the extracted claim's words lie
  in the gold one; pairs are made one to one, closest first.
- claimer accuracy: over matched pairs whose gold claimant can be judged (the outlet, or a name with a
  capital letter), the export's claim is credited right when gold says 'outlet' and the export's
  ``by_kind`` is "outlet", or when gold names a speaker and the export's ``by`` is that speaker by the
  scorer's last-name rule (bench/scoring.py).

--verbose adds the scorer's per-item details, a per-article table of quote and claim figures, and every
missed or spurious claim. --keep leaves the temporary folder (database and export) in place and prints it.
Plain Python: the script itself never imports Django or the project.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCORER = REPO / "bench" / "score_quotes.py"
sys.path.insert(0, str(REPO))

from bench import score_quotes  # noqa: E402
from bench.scoring import claimant_right, judgeable_claimant, match_claims  # noqa: E402


def fail(msg: str, code: int = 2) -> None:
    print(f"evaluate.py: {msg}", file=sys.stderr)
    sys.exit(code)


def run(args: list[str], env: dict, what: str, *, allow: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True)
    took = time.monotonic() - t0
    print(f"$ {' '.join(['python', *args])}  -> exit {proc.returncode} in {took:.1f}s")
    if proc.returncode not in allow:
        sys.stdout.write(proc.stdout[-4000:])
        sys.stderr.write(proc.stderr[-4000:])
        fail(f"{what} failed (exit {proc.returncode})", 1)
    return proc


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def stem(name: str | None) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


# ---------------------------------------------------------------------------------------------- claims


def claim_scores(sq, gold_recs: list[dict], exported: dict, min_cw: float, verbose: bool):
    tot = {"articles": 0, "gold": 0, "pred": 0, "matched": 0, "judged": 0, "right": 0}
    rows, details = [], []
    for rec in gold_recs:
        gold = [c for c in rec.get("claims", []) if c.get("checkworthy", True)]
        if not gold:
            continue
        key = rec["id"]
        tot["articles"] += 1
        art = exported.get(key)
        preds = []
        if art is None:
            details.append(f"[{key}] not in export")
        else:
            preds = [
                c
                for c in art.get("claims", [])
                if sq.fold(c.get("text")) and (c.get("checkworthiness") is None or c["checkworthiness"] >= min_cw)
            ]
        pairs = match_claims(gold, preds)
        judged = right = 0
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            if judgeable_claimant(g["by"]):
                judged += 1
                if claimant_right(g["by"], p):
                    right += 1
                elif verbose:
                    details.append(
                        f"[{key}] claim credited to {p.get('by')!r} ({p.get('by_kind')}), "
                        f"gold {g['by']!r}: {sq.fold(g['content'])[:70]}"
                    )
        if verbose:
            hit_g = {gi for gi, _ in pairs}
            hit_p = {pi for _, pi in pairs}
            details += [
                f"[{key}] missed claim ({g['by']}): {sq.fold(g['content'])[:90]}"
                for gi, g in enumerate(gold)
                if gi not in hit_g
            ]
            details += [
                f"[{key}] spurious claim ({p.get('by')!r}): {sq.fold(p['text'])[:90]}"
                for pi, p in enumerate(preds)
                if pi not in hit_p
            ]
        for k, v in (
            ("gold", len(gold)),
            ("pred", len(preds)),
            ("matched", len(pairs)),
            ("judged", judged),
            ("right", right),
        ):
            tot[k] += v
        rows.append((key, len(gold), len(preds), len(pairs), judged, right))
    return tot, rows, details


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------------------------------------- quotes


def quote_rows(sq, gold_path: Path, export_path: Path, tmp: Path) -> list[tuple]:
    """Per-article quote figures, by running the scorer's own `score` on one gold record at a time."""
    rows = []
    for rec in read_jsonl(gold_path):
        one = tmp / f"gold_{rec['id']}.jsonl"
        one.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        t, _ = sq.score(str(export_path), [str(one)])
        one.unlink()
        g = t["gold_direct"]
        rows.append(
            (
                rec["id"],
                t["missing_articles"],
                g,
                t["found_direct"],
                t["judged_direct"],
                t["right_direct"],
                t["gold_indirect"],
                t["found_indirect"],
                t["pred"],
                t["pred_ok"],
            )
        )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description="Score ingest + export on the held-out corpus.")
    ap.add_argument(
        "--corpus",
        type=Path,
        default=REPO / "bench" / "corpus",
        help="folder with articles/ and gold.jsonl (default: bench/corpus)",
    )
    ap.add_argument("--verbose", action="store_true", help="per-article breakdown and every miss")
    ap.add_argument("--keep", action="store_true", help="keep the temporary database and export")
    ap.add_argument(
        "--min-checkworthiness",
        type=float,
        default=0.0,
        help="only count exported claims scoring at least this (default: all exported claims)",
    )
    args = ap.parse_args()

    corpus = args.corpus if args.corpus.is_absolute() else (Path.cwd() / args.corpus)
    articles, gold_path = corpus / "articles", corpus / "gold.jsonl"
    if not articles.is_dir() or not gold_path.is_file():
        fail(f"{corpus} must hold articles/ and gold.jsonl")
    sq = score_quotes
    gold_recs = read_jsonl(gold_path)

    tmp = Path(tempfile.mkdtemp(prefix="newsroom-eval-"))
    try:
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp}/eval.sqlite3"}
        export_path = tmp / "export.jsonl"
        run(["manage.py", "migrate", "-v0"], env, "migrate")
        ing = run(["manage.py", "ingest", str(articles)], env, "ingest", allow=(0, 1))
        if ing.returncode:
            print("ingest reported failures (the run goes on with what was stored):")
            sys.stdout.write("".join(f"  {line}\n" for line in ing.stderr.strip().splitlines()[-25:]))
        elif args.verbose and ing.stdout.strip():
            print("  " + ing.stdout.strip().splitlines()[-1])
        run(["manage.py", "export", "--format", "jsonl", "--output", str(export_path)], env, "export")
        if not export_path.is_file():
            fail("export wrote no file", 1)
        exported = {stem(a.get("source")): a for a in read_jsonl(export_path)}
        print(f"exported {len(exported)} articles; gold has {len(gold_recs)}")

        # the project's scorer, printed as is
        print(f"\n== quotes: {SCORER.relative_to(REPO)} ==")
        cmd = [sys.executable, str(SCORER), str(export_path), str(gold_path)] + (["--verbose"] if args.verbose else [])
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        if proc.returncode:
            sys.stderr.write(proc.stderr)
            print(f"(scorer exited {proc.returncode})")

        if args.verbose:
            print("\n-- quotes per article (direct = direct + mixed) --")
            print(
                f"{'article':40s} {'d.gold':>6s} {'found':>5s} {'attr':>9s} "
                f"{'i.gold':>6s} {'found':>5s} {'precision':>11s}"
            )
            for key, missing, g, fd, jd, rd, gi, fi, pr, ok in quote_rows(sq, gold_path, export_path, tmp):
                if missing:
                    print(f"{key:40s} not in export")
                    continue
                print(f"{key:40s} {g:6d} {fd:5d} {rd:4d}/{jd:<4d} {gi:6d} {fi:5d} {ok:5d}/{pr:<5d}")

        # claims
        tot, rows, details = claim_scores(sq, gold_recs, exported, args.min_checkworthiness, args.verbose)
        print(f"\n== claims ({tot['articles']} articles with claim annotations) ==")
        if args.verbose:
            for d in details:
                print(d)
            print(f"{'article':40s} {'gold':>4s} {'pred':>4s} {'match':>5s} {'claimer':>8s}")
            for key, g, p, m, j, r in rows:
                print(f"{key:40s} {g:4d} {p:4d} {m:5d} {r:4d}/{j:<3d}")
        p, r = ratio(tot["matched"], tot["pred"]), ratio(tot["matched"], tot["gold"])
        print(
            f"claim_precision={p:.3f} claim_recall={r:.3f} claim_f1={f1(p, r):.3f} "
            f"claimer_accuracy={ratio(tot['right'], tot['judged']):.3f} "
            f"(gold={tot['gold']} extracted={tot['pred']} matched={tot['matched']} "
            f"claimer_judged={tot['judged']} claimer_right={tot['right']})"
        )
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
