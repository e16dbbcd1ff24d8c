"""Fit the check-worthiness model on the annotated training articles and write its weights file.

    .venv/bin/python bench/train_claims.py [--data claims/training/articles.jsonl] [--output PATH]

Reads the ``train`` split of ``claims/training/articles.jsonl`` only (the 20 ``test`` articles are never
read for fitting or for any choice). Each article's body is rebuilt from its sentences (sentences of a
paragraph joined by a space, paragraphs by a blank line), parsed once with the project's ``build_nlp``,
and every annotated sentence is located in the parse by its character offsets; the headline is parsed
on its own and is one more unit. Features come from ``claims.extraction.claim_model``; the label is
``checkworthy``.

Two models on the same features, Full Fact's two questions: is the unit a checkable claim at all
(label ``claim``, the first stage: what is stored), and would a fact-checker pick it out (label
``checkworthy``, the second: the probability editors sort by, and the check-worthy flag).
For each, choices made by 5-fold cross-validation within train, folds by article (``GroupKFold``):
- the feature set (typology + framing + centrality alone, or with hashed word 1-2-grams) and the
  regularisation C, by the out-of-fold log loss (a calibrated probability is the point);
- the threshold, by the best F1 for that model's own label of the pooled out-of-fold probabilities.
Then each logistic regression (lbfgs, fixed seed) is fitted on all of train and written to
``claims/extraction/data/checkworthiness_model.json`` (the check-worthiness model at the top level, the
claim model under ``"claim"``). Rerunning gives the same weights to 1e-6.
scikit-learn is a development dependency: the model file is read at run time without it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from claims.extraction import claim_features as cf  # noqa: E402
from claims.extraction import claim_model as cm  # noqa: E402

DATA = REPO / "claims" / "training" / "articles.jsonl"
SEED = 0
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
# Feature sets: the named features alone, or with the hashed n-grams scaled by a factor while fitting
# (a smaller factor regularises the many sparse n-gram weights harder than the few named ones; the
# weights file stores the n-gram weights multiplied back by it, so at run time every n-gram is 1.0).
FEATURE_SETS: tuple[tuple[str, float], ...] = (
    ("dense", 0.0),
    ("dense+ngrams", 0.1),
    ("dense+ngrams", 0.2),
    ("dense+ngrams", 0.35),
    ("dense+ngrams", 1.0),
)
THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
ROUND = 10  # decimals kept in the weights file


@dataclass(frozen=True)
class Unit:
    """One annotated sentence (or headline) with its features and labels."""

    article: str
    index: int  # -1 for the headline, else the sentence's position in the article
    text: str
    features: dict[str, float]
    checkworthy: bool
    claim: bool
    kind: str | None
    on_topic: bool
    headline: bool
    start: int  # character offsets of the sentence in the rebuilt body (headline: in the headline)
    end: int


def read_articles(path: Path = DATA, split: str | None = None) -> list[dict[str, Any]]:
    """The annotated articles of ``path``, those of one split when ``split`` is given."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if split is None or r["split"] == split]


def checksum(path: Path = DATA) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def body_of(record: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The article body rebuilt from its sentences, and each sentence's (start, end) in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    previous: int | None = None
    for sentence in record["sentences"]:
        if previous is not None:
            sep = " " if sentence["paragraph"] == previous else "\n\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(sentence["text"])
        offsets.append((pos, pos + len(sentence["text"])))
        pos += len(sentence["text"])
        previous = sentence["paragraph"]
    return "".join(parts), offsets


def article_units(records: Sequence[dict[str, Any]], nlp: Any, buckets: int = cf.HASH_BUCKETS) -> list[Unit]:
    """Parse every article (body and headline) and return its units with features, in file order."""
    bodies = [body_of(r) for r in records]
    texts: list[str] = []
    for record, (body, _) in zip(records, bodies, strict=True):
        texts.extend((body, record["headline"]["text"]))
    docs = list(nlp.pipe(texts))
    units: list[Unit] = []
    for n, record in enumerate(records):
        doc, headline_doc = docs[2 * n], docs[2 * n + 1]
        context = cf.article_context(doc)
        head = record["headline"]
        units.append(_unit(record, -1, head, headline_doc[:], context, True, buckets, 0, len(head["text"])))
        for i, (sentence, (start, end)) in enumerate(zip(record["sentences"], bodies[n][1], strict=True)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                raise ValueError(f"{record['id']}: sentence {i} cannot be located in the parse")
            units.append(_unit(record, i, sentence, span, context, False, buckets, start, end))
    return units


def _unit(
    record: dict[str, Any],
    index: int,
    label: dict[str, Any],
    span: Any,
    context: cf.ArticleContext,
    headline: bool,
    buckets: int,
    start: int,
    end: int,
) -> Unit:
    return Unit(
        article=record["id"],
        index=index,
        text=label["text"],
        features=cf.sentence_features(span, context, headline=headline, buckets=buckets),
        checkworthy=bool(label["checkworthy"]),
        claim=bool(label["claim"]),
        kind=label["kind"],
        on_topic=bool(label["on_topic"]),
        headline=headline,
        start=start,
        end=end,
    )


def matrix(units: Sequence[Unit], names: Sequence[str], ngram_scale: float = 1.0) -> Any:
    """A sparse (units x features) matrix, the hashed n-gram columns multiplied by ``ngram_scale``
    (0 leaves them out)."""
    from scipy.sparse import csr_matrix

    column = {name: i for i, name in enumerate(names)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for r, unit in enumerate(units):
        for name, value in sorted(unit.features.items()):
            if name.startswith(cf.HASH_PREFIX):
                if not ngram_scale:
                    continue
                value *= ngram_scale
            rows.append(r)
            cols.append(column[name])
            values.append(value)
    return csr_matrix((values, (rows, cols)), shape=(len(units), len(names)))


def fit(x: Any, y: Sequence[int], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, solver="lbfgs", max_iter=10000, tol=1e-10, random_state=SEED)
    model.fit(x, y)
    return model


def best_threshold(y: Sequence[int], p: Sequence[float]) -> tuple[float, float]:
    """The threshold of ``THRESHOLDS`` with the best F1 (the lowest on ties), and that F1."""
    best = (0.5, -1.0)
    for t in THRESHOLDS:
        f1 = prf(y, [1 if q >= t else 0 for q in p])[2]
        if f1 > best[1] + 1e-12:
            best = (t, f1)
    return best


def prf(y: Sequence[int], pred: Sequence[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predictions against labels."""
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if b and not a)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def auc(y: Sequence[int], score: Sequence[float]) -> float:
    """Ranking AUC (ties count half); 0.5 when one class is missing."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, score)) if 0 < sum(y) < len(y) else 0.5


def label_of(unit: Unit, label: str) -> int:
    """1 when the unit carries ``label`` ("checkworthy" or "claim")."""
    return 1 if getattr(unit, label) else 0


def cross_validate(units: Sequence[Unit], buckets: int = cf.HASH_BUCKETS, label: str = "checkworthy") -> dict[str, Any]:
    """Out-of-fold figures for every feature set and C; the choice by log loss; its threshold (best F1
    for ``label``)."""
    import numpy as np
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    names = cf.feature_names(buckets)
    y = np.array([label_of(u, label) for u in units])
    groups = [u.article for u in units]
    folds = list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(units)), y, groups))
    results: list[dict[str, Any]] = []
    oof_by: dict[tuple[float, float], Any] = {}
    for feature_set, scale in FEATURE_SETS:
        x = matrix(units, names, scale)
        for c in C_GRID:
            oof = np.zeros(len(units))
            for train_idx, test_idx in folds:
                model = fit(x[train_idx], y[train_idx], c)
                oof[test_idx] = model.predict_proba(x[test_idx])[:, 1]
            oof_by[(scale, c)] = oof
            threshold, f1 = best_threshold(list(y), list(oof))
            results.append(
                {
                    "features": feature_set,
                    "ngram_scale": scale,
                    "C": c,
                    "log_loss": round(float(log_loss(y, oof)), 6),
                    "auc": round(auc(list(y), list(oof)), 6),
                    "best_threshold": threshold,
                    "f1_at_best": round(f1, 6),
                }
            )
    chosen = min(results, key=lambda r: (r["log_loss"], r["C"]))
    oof = oof_by[(chosen["ngram_scale"], chosen["C"])]
    threshold, f1 = best_threshold(list(y), list(oof))
    p, r, _ = prf(list(y), [1 if q >= threshold else 0 for q in oof])
    # Lower cut-offs for a recall-first use (candidates shown to editors sorted by probability): the
    # highest threshold whose out-of-fold recall still reaches the target.
    floors = {}
    for target in (0.9, 0.95):
        reach = [t for t in THRESHOLDS if prf(list(y), [1 if q >= t else 0 for q in oof])[1] >= target]
        floors[str(target)] = max(reach) if reach else THRESHOLDS[0]
    on_topic = [i for i, u in enumerate(units) if u.on_topic]
    return {
        "folds": FOLDS,
        "grid": results,
        "chosen": {"features": chosen["features"], "ngram_scale": chosen["ngram_scale"], "C": chosen["C"]},
        "threshold": threshold,
        "recall_floors": floors,
        "oof": {
            "log_loss": chosen["log_loss"],
            "auc": chosen["auc"],
            "auc_on_topic": round(auc([int(y[i]) for i in on_topic], [float(oof[i]) for i in on_topic]), 6),
            "precision": round(p, 6),
            "recall": round(r, 6),
            "f1": round(f1, 6),
            "mean_probability": round(float(oof.mean()), 6),
            "positive_rate": round(float(y.mean()), 6),
        },
    }


def train(nlp: Any, data: Path = DATA, buckets: int = cf.HASH_BUCKETS) -> dict[str, Any]:
    """Cross-validate within train, fit both models on all of train, and return the weights file's content."""
    import sklearn

    records = read_articles(data, "train")
    units = article_units(records, nlp, buckets)
    names = cf.feature_names(buckets)
    cv = cross_validate(units, buckets)
    weights, intercept, y = _fit_all(units, names, cv, "checkworthy")
    claim_cv = cross_validate(units, buckets, "claim")
    claim_weights, claim_intercept, claim_y = _fit_all(units, names, claim_cv, "claim")
    return {
        "format": 2,
        "model": "logistic regression: probability = 1 / (1 + exp(-(intercept + sum(weight * feature))))",
        "features": list(names),
        "weights": weights,
        "intercept": intercept,
        "threshold": cv["threshold"],
        "claim": {
            "label": "claim",
            "use": "stage one: a unit is stored as a claim when this probability reaches its threshold "
            "(or the check-worthiness reaches its own)",
            "weights": claim_weights,
            "intercept": claim_intercept,
            "threshold": claim_cv["threshold"],
            "positives": int(claim_y.sum()),
            "C": claim_cv["chosen"]["C"],
            "ngram_scale": claim_cv["chosen"]["ngram_scale"],
            "cross_validation": claim_cv,
        },
        "hashing": {
            "buckets": buckets,
            "prefix": cf.HASH_PREFIX,
            "hash": "zlib.crc32 of the UTF-8 gram, modulo buckets",
            "grams": "word 1-grams 'u:<w>' and 2-grams 'b:<w1> <w2>'; words lower case, digits as 0, "
            "punctuation and spaces left out",
        },
        "training": {
            "data": "claims/training/articles.jsonl",
            "sha256": checksum(data),
            "split": "train",
            "label": "checkworthy",
            "articles": len(records),
            "units": len(units),
            "positives": int(y.sum()),
            "solver": "lbfgs",
            "seed": SEED,
            "C": cv["chosen"]["C"],
            "ngram_scale": cv["chosen"]["ngram_scale"],
            "scikit_learn": sklearn.__version__,
            "cross_validation": cv,
        },
    }


def _fit_all(
    units: Sequence[Unit], names: Sequence[str], cv: dict[str, Any], label: str
) -> tuple[list[float], float, Any]:
    """Fit the cross-validation's choice on all of train: (weights, intercept, labels)."""
    import numpy as np

    scale = cv["chosen"]["ngram_scale"]
    x = matrix(units, names, scale)
    y = np.array([label_of(u, label) for u in units])
    model = fit(x, y, cv["chosen"]["C"])
    # The n-gram columns were fitted scaled: fold the scale into their weights (run-time value 1.0).
    weights = [
        round(float(w) * (scale if name.startswith(cf.HASH_PREFIX) else 1.0), ROUND) + 0.0
        for name, w in zip(names, model.coef_[0], strict=True)
    ]
    return weights, round(float(model.intercept_[0]), ROUND) + 0.0, y


def write(content: dict[str, Any], path: Path = cm.MODEL_FILE) -> None:
    path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--output", type=Path, default=cm.MODEL_FILE)
    args = parser.parse_args()
    from claims.extraction import build_nlp

    content = train(build_nlp(), args.data)
    write(content, args.output)
    for title, cv in (
        ("check-worthy", content["training"]["cross_validation"]),
        ("claim (stage one)", content["claim"]["cross_validation"]),
    ):
        print(f"== {title} ==")
        print(f"{'features':14s} {'scale':>5s} {'C':>6s} {'logloss':>8s} {'AUC':>6s} {'thr':>5s} {'F1':>6s}")
        for row in cv["grid"]:
            print(
                f"{row['features']:14s} {row['ngram_scale']:5g} {row['C']:6g} {row['log_loss']:8.4f} "
                f"{row['auc']:6.3f} {row['best_threshold']:5.2f} {row['f1_at_best']:6.3f}"
            )
        print(f"chosen: {cv['chosen']}, threshold {cv['threshold']}")
        print("out-of-fold (train, 5 folds by article):", json.dumps(cv["oof"]))
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size:,} bytes, {content['training']['units']} units)")


if __name__ == "__main__":
    main()
