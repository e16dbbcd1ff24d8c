"""The hand-made answer keys stay true to their articles (plain data checks; no product code runs).

bench/corpus4 (issue 11's evaluation corpus) and tests/speakers_corpus (issue 10's identity corpus) are built
from annotated sources; these checks fail when an article and its key drift apart.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_corpus4_key_matches_its_articles():
    errors, counts, n, words, _records = load(ROOT / "bench" / "corpus4" / "check_gold.py").check()
    assert errors == []
    assert n >= 40
    assert min(counts["direct"], counts["mixed"], counts["indirect"]) > 0


def test_speakers_corpus_key_matches_its_articles():
    errors, counts, n, quotes, people = load(ROOT / "tests" / "speakers_corpus" / "check_expected.py").check()
    assert errors == []
    assert n >= 30
    assert counts["corpus"] > 0 and counts["no"] > 0
