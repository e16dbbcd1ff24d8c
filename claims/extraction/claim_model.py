"""Check-worthiness as a learned, calibrated probability over one sentence.

    context = article_context(doc)                      # once per parsed article body
    model = load_model()                                # the shipped weights, read once
    verdict = model.assess(sentence_span, context)      # probability, checkworthy, kind
    for sent, verdict in assess_sentences(doc): ...     # the same for every sentence of the body

``CheckworthinessModel`` reads ``data/checkworthiness_model.json``, fitted offline by
``bench/train_claims.py`` (logistic regressions on the annotated Wikinews articles of
``claims/training/``, over the features of ``claim_features.py``), and scores a sentence with a dot
product and the logistic function: no scikit-learn at run time.

The file holds two models over the same features, Full Fact's two questions. The claim model (under
``"claim"``) says whether the sentence makes a checkable claim at all: a sentence is kept as a claim
(``Assessment.stored``) when that probability reaches its threshold, or when the check-worthiness does.
The check-worthiness model (top level) gives ``probability``, which editors sort by, and ``checkworthy``
at its threshold. Each threshold is the best F1 for its own label, cross-validated within train.
``kind`` is the sentence's claim type from the typology features.
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

__all__ = ["KINDS", "MODEL_FILE", "Assessment", "CheckworthinessModel", "assess_sentences", "load_model"]


# --- the model -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The model's verdict on one sentence."""

    probability: float  # calibrated probability that a fact-checker would pick the sentence out
    checkworthy: bool  # probability >= the model's threshold
    kind: str  # one of KINDS
    features: Mapping[str, float]
    claim_probability: float = 0.0  # probability that the sentence makes a checkable claim at all
    stored: bool = False  # a claim (claim_probability >= its threshold) or check-worthy: kept as a claim


@dataclass(frozen=True)
class CheckworthinessModel:
    """A logistic-regression scorer read from a weights file: a dot product and the logistic function."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float  # best F1 out of fold: the sentence is check-worthy
    buckets: int
    # The claim model (stage one): without one, every sentence counts as a claim and only the
    # check-worthiness threshold decides what is kept.
    claim_weights: tuple[float, ...] = ()
    claim_intercept: float = 0.0
    claim_threshold: float = 0.0  # best claim F1 out of fold: the sentence is kept as a claim
    weight_of: Mapping[str, float] = field(init=False, repr=False, compare=False)
    claim_weight_of: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for weights in (self.weights, self.claim_weights or self.weights):
            if len(self.features) != len(weights):
                raise ValueError(f"{len(self.features)} features but {len(weights)} weights")
        weight_of = {name: w for name, w in zip(self.features, self.weights, strict=True) if w != 0.0}
        object.__setattr__(self, "weight_of", weight_of)
        claim_of = {name: w for name, w in zip(self.features, self.claim_weights, strict=False) if w != 0.0}
        object.__setattr__(self, "claim_weight_of", claim_of)

    @classmethod
    def from_file(cls, path: Path = MODEL_FILE) -> CheckworthinessModel:
        """Read a weights file written by bench/train_claims.py; its feature list must match the code's."""
        data = json.loads(path.read_text(encoding="utf-8"))
        buckets = int(data["hashing"]["buckets"])
        features = tuple(str(name) for name in data["features"])
        weights = tuple(float(w) for w in data["weights"])
        if features != feature_names(buckets):
            raise ValueError(f"{path}: its feature list does not match claim_features.feature_names()")
        claim = data.get("claim")
        return cls(
            features,
            weights,
            float(data["intercept"]),
            float(data["threshold"]),
            buckets,
            tuple(float(w) for w in claim["weights"]) if claim else (),
            float(claim["intercept"]) if claim else 0.0,
            float(claim["threshold"]) if claim else 0.0,
        )

    def probability(self, features: Mapping[str, float]) -> float:
        """The logistic of the intercept plus the dot product of the weights with ``features``."""
        return _logistic(self.intercept, self.weight_of, features)

    def claim_probability(self, features: Mapping[str, float]) -> float:
        """The claim model's probability that the sentence makes a checkable claim (1.0 without one)."""
        if not self.claim_weights:
            return 1.0
        return _logistic(self.claim_intercept, self.claim_weight_of, features)

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
        claim = self.claim_probability(features)
        checkworthy = p >= self.threshold
        stored = checkworthy or claim >= self.claim_threshold
        return Assessment(p, checkworthy, claim_kind(features), features, claim, stored)


def _logistic(intercept: float, weight_of: Mapping[str, float], features: Mapping[str, float]) -> float:
    z = intercept + sum(weight_of.get(name, 0.0) * value for name, value in features.items())
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def assess_sentences(doc: Doc, model: CheckworthinessModel | None = None) -> list[tuple[Span, Assessment]]:
    """Every sentence of a parsed body (``doc.sents``, blank ones left out) with the model's verdict."""
    model = model or load_model()
    context = article_context(doc)
    return [(sent, model.assess(sent, context)) for sent in doc.sents if any(not t.is_space for t in sent)]


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model (``data/checkworthiness_model.json``), read once per process."""
    return CheckworthinessModel.from_file(MODEL_FILE)
