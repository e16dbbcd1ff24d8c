"""Check-worthiness as a learned, calibrated probability over one sentence.

    context = article_context(doc)                      # once per parsed article body
    model = load_model()                                # the shipped weights, read once
    verdict = model.assess(sentence_span, context)      # probability, checkworthy, kind
    for sent, verdict in assess_sentences(doc): ...     # the same for every sentence of the body

``CheckworthinessModel`` reads ``data/checkworthiness_model.json``, fitted offline by
``bench/train_claims.py`` (logistic regression on the annotated Wikinews articles of
``claims/training/``, over the features of ``claim_features.py``), and scores a sentence with a dot
product and the logistic function: no scikit-learn at run time. The file also records the
cross-validated thresholds: ``threshold`` (the best F1 within train) and ``recall_floors`` (the highest
threshold that kept a given recall). ``kind`` is the sentence's claim type from the typology features.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span

from .claim_features import (
    HASH_PREFIX,
    KINDS,
    ArticleContext,
    article_context,
    claim_kind,
    feature_names,
    sentence_features,
)

MODEL_FILE = Path(__file__).parent / "data" / "checkworthiness_model.json"
CANDIDATE_RECALL = "0.9"  # the recall floor (cross-validated within train) at which candidates are kept

__all__ = ["KINDS", "MODEL_FILE", "Assessment", "CheckworthinessModel", "assess_sentences", "load_model"]


# --- the model -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The model's verdict on one sentence."""

    probability: float  # calibrated probability that a fact-checker would pick the sentence out
    checkworthy: bool  # probability >= the model's threshold
    kind: str  # one of KINDS
    features: Mapping[str, float]


@dataclass(frozen=True)
class CheckworthinessModel:
    """A logistic-regression scorer read from a weights file: a dot product and the logistic function."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float  # best F1 out of fold: the sentence is check-worthy
    buckets: int
    candidate_threshold: float = 0.0  # out-of-fold recall 0.9: the sentence is kept as a candidate claim
    weight_of: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.features) != len(self.weights):
            raise ValueError(f"{len(self.features)} features but {len(self.weights)} weights")
        weight_of = {name: w for name, w in zip(self.features, self.weights, strict=True) if w != 0.0}
        object.__setattr__(self, "weight_of", weight_of)

    @classmethod
    def from_file(cls, path: Path = MODEL_FILE) -> CheckworthinessModel:
        """Read a weights file written by bench/train_claims.py; its feature list must match the code's."""
        data = json.loads(path.read_text(encoding="utf-8"))
        buckets = int(data["hashing"]["buckets"])
        features = tuple(str(name) for name in data["features"])
        weights = tuple(float(w) for w in data["weights"])
        if features != feature_names(buckets):
            raise ValueError(f"{path}: its feature list does not match claim_features.feature_names()")
        threshold = float(data["threshold"])
        floors = data.get("training", {}).get("cross_validation", {}).get("recall_floors", {})
        candidate = float(floors.get(CANDIDATE_RECALL, threshold))
        return cls(features, weights, float(data["intercept"]), threshold, buckets, min(candidate, threshold))

    def probability(self, features: Mapping[str, float]) -> float:
        """The logistic of the intercept plus the dot product of the weights with ``features``."""
        weight_of = self.weight_of
        z = self.intercept + sum(weight_of.get(name, 0.0) * value for name, value in features.items())
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def contributions(self, features: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's weight times value, largest effect first: why the model scored as it did.

        The hashed n-grams are summed into one ``"words"`` entry (a bucket number tells an editor nothing).
        """
        weight_of = self.weight_of
        named: dict[str, float] = {}
        for name, value in features.items():
            key = "words" if name.startswith(HASH_PREFIX) else name
            named[key] = named.get(key, 0.0) + weight_of.get(name, 0.0) * value
        return sorted(((k, v) for k, v in named.items() if v != 0.0), key=lambda kv: (-abs(kv[1]), kv[0]))

    def assess(self, span: Span, context: ArticleContext, *, headline: bool = False) -> Assessment:
        """Score one sentence of an article whose context is ``context``."""
        features = sentence_features(span, context, headline=headline, buckets=self.buckets)
        p = self.probability(features)
        return Assessment(p, p >= self.threshold, claim_kind(features), features)


def assess_sentences(doc: Doc, model: CheckworthinessModel | None = None) -> list[tuple[Span, Assessment]]:
    """Every sentence of a parsed body (``doc.sents``, blank ones left out) with the model's verdict."""
    model = model or load_model()
    context = article_context(doc)
    return [(sent, model.assess(sent, context)) for sent in doc.sents if any(not t.is_space for t in sent)]


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model (``data/checkworthiness_model.json``), read once per process."""
    return CheckworthinessModel.from_file(MODEL_FILE)
