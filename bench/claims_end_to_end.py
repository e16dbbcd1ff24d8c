"""Claims end to end on annotated articles: what ``extract`` stores, against the annotated sentences.

Used by bench/evaluate_claims.py. For every article of a split, the body (rebuilt as in training) is
parsed once; then three detectors run on the same parse and the same quotes:

- ``model``: the extraction pipeline as shipped (``extract_doc``): the learned model's candidates,
  flagged check-worthy at the model's threshold, each with its claimant;
- ``hand weights``: main's hand-weight scorer (``checkworthiness.find_claims``, the detector the model
  replaced) over the same quotes and entity index, as main's pipeline called it;
- ``every sentence``: every annotated sentence a claim, the outlet's.

An annotated sentence is predicted when a claim overlaps it (for the model: one at or above the
threshold; the "candidates" row counts every stored claim), ranked by the highest score of those
claims. Claimer accuracy is over the check-worthy sentences found: the outlet's own claims and
reported claims apart (the annotated claimer is "outlet" or a source's words); a reported claim is
right when the claim credits a speaker whose name or mention matches the annotation (the scorer's
``same_speaker``, or one containing the other after folding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.score_quotes import fold, same_speaker
from bench.train_claims import auc, body_of, prf
from claims.extraction import types as T

Detector = Callable[[Any, T.Extraction], Sequence[T.Claim]]


@dataclass
class Tally:
    y: list[int] = field(default_factory=list)
    pred: list[int] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    outlet: list[int] = field(default_factory=list)  # 1 right, 0 wrong, per found outlet claim
    reported: list[int] = field(default_factory=list)

    def row(self, name: str) -> str:
        p, r, f1 = prf(self.y, self.pred)

        def acc(xs: list[int]) -> str:
            return f"{sum(xs) / len(xs):.3f} ({sum(xs)}/{len(xs)})" if xs else "-"

        return (
            f"{name:30s} P {p:.3f} R {r:.3f} F1 {f1:.3f} AUC {auc(self.y, self.score):.3f}  "
            f"claimer: outlet {acc(self.outlet)}, reported {acc(self.reported)}"
        )


def credited(claim: T.Claim | None) -> tuple[str, str]:
    """(words for the claimant, "outlet" or "source") of a claim; no claim: the outlet's."""
    if claim is None or claim.by is None:
        return "", "outlet"
    by = claim.by
    return by.name or claim.mention or next(iter(by.aliases), ""), "source"


def claimer_right(gold: str, claim: T.Claim | None) -> bool:
    words, who = credited(claim)
    if gold == "outlet":
        return who == "outlet"
    if who == "outlet" or not words:
        return False
    a, b = fold(words).lower(), fold(gold).lower()
    return same_speaker(words, [gold]) or a in b or b in a


def score_article(record: dict[str, Any], claims: Sequence[T.Claim], cut: float, tally: Tally) -> None:
    _, offsets = body_of(record)
    for sentence, (a, b) in zip(record["sentences"], offsets, strict=True):
        over = [c for c in claims if any(f.field == T.BODY and f.start < b and a < f.end for f in c.fragments)]
        best = max(over, key=lambda c: c.checkworthiness, default=None)
        flagged = best is not None and best.checkworthiness >= cut
        tally.y.append(int(sentence["checkworthy"]))
        tally.pred.append(int(flagged))
        tally.score.append(best.checkworthiness if best is not None else 0.0)
        if sentence["checkworthy"] and flagged and sentence.get("claimer"):
            right = int(claimer_right(sentence["claimer"], best))
            (tally.outlet if sentence["claimer"] == "outlet" else tally.reported).append(right)


def every_sentence(record: dict[str, Any], tally: Tally) -> None:
    for sentence in record["sentences"]:
        tally.y.append(int(sentence["checkworthy"]))
        tally.pred.append(1)
        tally.score.append(1.0)
        if sentence["checkworthy"] and sentence.get("claimer"):
            (tally.outlet if sentence["claimer"] == "outlet" else tally.reported).append(
                int(sentence["claimer"] == "outlet")
            )


def hand_weights(doc: Any, extraction: T.Extraction) -> Sequence[T.Claim]:
    """Main's hand-weight detector on the same parse and quotes, as main's pipeline called it."""
    from claims.extraction.checkworthiness import find_claims
    from claims.extraction.topics import find_entities

    return find_claims(doc, list(extraction.quotes), find_entities(doc))


def evaluate(records: Sequence[dict[str, Any]], nlp: Any, threshold: float) -> dict[str, Tally]:
    """Tallies of every detector over ``records``."""
    from claims.extraction.nlp import parse
    from claims.extraction.pipeline import extract_doc

    tallies = {name: Tally() for name in ("model", "model candidates", "hand weights (main)", "every sentence")}
    docs = parse(nlp, [body_of(r)[0] for r in records])
    for record, doc in zip(records, docs, strict=True):
        result = extract_doc(doc)
        score_article(record, result.claims, threshold, tallies["model"])
        score_article(record, result.claims, 0.0, tallies["model candidates"])
        score_article(record, hand_weights(doc, result), 0.0, tallies["hand weights (main)"])
        every_sentence(record, tallies["every sentence"])
    return tallies
