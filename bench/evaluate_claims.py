"""Check-worthiness on the 20 held-out test articles: the learned model against two baselines, in one run.

    .venv/bin/python bench/evaluate_claims.py [--data claims/training/articles.jsonl] [--repeat 3]

Reads only the ``test`` split of the annotated articles (the model never saw them; its choices were
made by cross-validation within ``train``, see bench/train_claims.py). Each article's body is rebuilt
from its sentences as in training; the unit is the annotated sentence. Scored, on the same units:

1. the model (``claims/extraction/data/checkworthiness_model.json``): predicted when its probability
   reaches the file's threshold, ranked by the probability; what extraction stores (the claim model
   says it is a claim, or the sentence is check-worthy); and, for comparison, the earlier storage
   rule, the check-worthiness "recall floor" (the cut-off where cross-validated recall within train
   reaches 0.9);
2. every sentence: all predicted (ranking AUC 0.5 by definition);
3. main's hand-weight detector (``checkworthiness.find_claims`` on the same parse and quotes); a sentence
   is predicted when one of its claims overlaps it, ranked by the highest ``checkworthiness`` of those
   claims (0 when none).

For each: precision, recall, F1 and ranking AUC over all body sentences and over the on-topic ones;
then the same with the headlines as units too (the hand-weight detector never scores a headline);
the model's calibration (mean probability, log loss, Brier score) and the accuracy of its claim ``kind``
over the annotated claims; and the time the model adds (article context, features and scores of every
``doc.sents`` sentence of the parsed body) against ``extract`` on the same texts, on the test articles
and on the speed benchmark's corpus (bench/extraction.py).

Then the same end to end (bench/claims_end_to_end.py): the claims ``extract`` stores, with claimer
accuracy for the outlet's own claims and reported claims apart, against main's hand weights and every
sentence.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.claims_end_to_end import evaluate, hand_weights  # noqa: E402
from bench.train_claims import DATA, Unit, article_units, auc, body_of, prf, read_articles  # noqa: E402
from claims.extraction import claim_features as cf  # noqa: E402
from claims.extraction import claim_model as cm  # noqa: E402


def line(name: str, y: Sequence[int], pred: Sequence[int], score: Sequence[float]) -> str:
    p, r, f1 = prf(y, pred)
    return f"{name:34s} {len(y):5d} {sum(y):4d} {sum(pred):5d}  {p:6.3f} {r:6.3f} {f1:6.3f}  {auc(y, score):6.3f}"


def table(title: str, rows: Sequence[tuple[str, Sequence[int], Sequence[int], Sequence[float]]]) -> None:
    print(f"\n== {title} ==")
    print(f"{'':34s} {'units':>5s} {'pos':>4s} {'pred':>5s}  {'P':>6s} {'R':>6s} {'F1':>6s}  {'AUC':>6s}")
    for row in rows:
        print(line(*row))


def hand_weight_scores(records: Sequence[dict[str, Any]], nlp: Any) -> dict[tuple[str, int], float]:
    """Main's hand-weight detector: for every body sentence, the best check-worthiness of an overlapping claim."""
    from claims.extraction.nlp import parse
    from claims.extraction.pipeline import extract_doc

    scores: dict[tuple[str, int], float] = {}
    for record in records:
        body, offsets = body_of(record)
        (doc,) = parse(nlp, [body])
        claims = hand_weights(doc, extract_doc(doc))
        spans = [(f.start, f.end, c.checkworthiness) for c in claims for f in c.fragments if f.field == "body"]
        for i, (a, b) in enumerate(offsets):
            scores[(record["id"], i)] = max((s for fa, fb, s in spans if fa < b and a < fb), default=0.0)
    return scores


def model_seconds(doc: Any, model: cm.CheckworthinessModel) -> float:
    """Time to score every sentence of a parsed body: article context, features, dot products."""
    start = time.perf_counter()
    context = cf.article_context(doc)
    for sent in doc.sents:
        model.assess(sent, context)
    return time.perf_counter() - start


def timing(
    texts: Sequence[str], nlp: Any, model: cm.CheckworthinessModel, repeat: int
) -> tuple[float, float, float | None]:
    """Total seconds of ``extract``, of the model and of today's ``find_claims`` (None when that
    module has moved) on ``texts``, each the best of ``repeat`` runs per text."""
    from claims.extraction.pipeline import extract

    try:  # today's hand-weight scorer, which the model replaces at integration
        from claims.extraction.checkworthiness import find_claims
        from claims.extraction.topics import find_entities
    except ImportError:
        find_claims = None
    docs = list(nlp.pipe(texts))
    extract_total = 0.0
    model_total = 0.0
    hand_total = 0.0
    for text, doc in zip(texts, docs, strict=True):
        extract_total += min(_timed(lambda text=text: extract(text, nlp)) for _ in range(repeat))
        model_total += min(model_seconds(doc, model) for _ in range(repeat))
        if find_claims is not None:
            quotes, index = list(extract(text, nlp).quotes), find_entities(doc)
            hand_total += min(
                _timed(lambda doc=doc, quotes=quotes, index=index: find_claims(doc, quotes, index))
                for _ in range(repeat)
            )
    return extract_total, model_total, hand_total if find_claims is not None else None


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def speed_corpus_texts() -> list[str]:
    """Bodies of the speed benchmark's corpus (bench/extraction.py's default folders)."""
    from articles.reading import read_article
    from bench.extraction import DEFAULT_CORPUS, corpus_files

    texts = []
    for path in corpus_files(DEFAULT_CORPUS):
        try:
            draft = read_article(path.read_bytes(), name=path.name)
        except ValueError:  # files the benchmark itself skips (too large, unreadable)
            continue
        if draft.body.strip():
            texts.append(draft.body)
    return texts


def calibration(units: Sequence[Unit], prob: dict[tuple[str, int], float]) -> None:
    y = [int(u.checkworthy) for u in units]
    p = [prob[(u.article, u.index)] for u in units]
    eps = 1e-12
    log_loss = -statistics.fmean(
        math.log(max(q, eps)) if t else math.log(max(1 - q, eps)) for t, q in zip(y, p, strict=True)
    )
    brier = statistics.fmean((q - t) ** 2 for t, q in zip(y, p, strict=True))
    print("\n== calibration of the model (sentences + headlines) ==")
    print(f"mean probability {statistics.fmean(p):.3f}, positive rate {statistics.fmean(y):.3f}")
    print(f"log loss {log_loss:.3f}, Brier score {brier:.3f}")
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        band = [(t, q) for t, q in zip(y, p, strict=True) if lo <= q < lo + 0.2 or (lo == 0.8 and q == 1.0)]
        if band:
            mean_p = statistics.fmean(q for _, q in band)
            rate = statistics.fmean(t for t, _ in band)
            print(
                f"  p in [{lo:.1f}, {lo + 0.2:.1f}): {len(band):4d} units, mean p {mean_p:.3f}, check-worthy {rate:.3f}"
            )


def kind_accuracy(units: Sequence[Unit]) -> None:
    print("\n== claim kind (model's typology) ==")
    for name, selected in (
        ("annotated claims", [u for u in units if u.claim]),
        ("check-worthy claims", [u for u in units if u.checkworthy]),
    ):
        right = sum(1 for u in selected if cf.claim_kind(u.features) == u.kind)
        print(f"{name:22s} accuracy {right / len(selected):.3f} ({right}/{len(selected)})")
    confusion = Counter((u.kind, cf.claim_kind(u.features)) for u in units if u.claim)
    print(f"{'gold \\ model':12s} " + " ".join(f"{k[:6]:>6s}" for k in cf.KINDS))
    for gold in cf.KINDS:
        print(f"{gold:12s} " + " ".join(f"{confusion[(gold, k)]:6d}" for k in cf.KINDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--weights", type=Path, default=cm.MODEL_FILE)
    parser.add_argument("--repeat", type=int, default=3, help="timing: best of this many runs per text")
    args = parser.parse_args()
    from claims.extraction import build_nlp

    nlp = build_nlp()
    model = cm.CheckworthinessModel.from_file(args.weights)
    records = read_articles(args.data, "test")
    units = article_units(records, nlp, model.buckets)
    hand = hand_weight_scores(records, nlp)
    print(f"test split: {len(records)} articles, {sum(not u.headline for u in units)} sentences + headlines")
    print(
        f"model: {args.weights.name}, check-worthy threshold {model.threshold}, claim threshold {model.claim_threshold}"
    )

    prob = {(u.article, u.index): model.probability(u.features) for u in units}
    claim_prob = {(u.article, u.index): model.claim_probability(u.features) for u in units}
    weights_file = json.loads(args.weights.read_text(encoding="utf-8"))
    floor = weights_file["training"]["cross_validation"]["recall_floors"]["0.9"]

    def rows(selected: Sequence[Unit]) -> list[tuple[str, Sequence[int], Sequence[int], Sequence[float]]]:
        y = [int(u.checkworthy) for u in selected]
        p = [prob[(u.article, u.index)] for u in selected]
        c = [claim_prob[(u.article, u.index)] for u in selected]
        h = [hand.get((u.article, u.index), 0.0) for u in selected]
        stored = [int(q >= model.threshold or k >= model.claim_threshold) for q, k in zip(p, c, strict=True)]
        return [
            ("learned model", y, [int(q >= model.threshold) for q in p], p),
            ("stored: a claim or check-worthy", y, stored, p),
            (f"learned model, recall floor {floor}", y, [int(q >= floor) for q in p], p),
            ("every sentence", y, [1] * len(y), [1.0] * len(y)),
            ("hand weights (main's scorer)", y, [int(s > 0) for s in h], h),
        ]

    body = [u for u in units if not u.headline]
    table("body sentences, all", rows(body))
    table("body sentences, on topic", rows([u for u in body if u.on_topic]))
    table("body sentences + headlines, all", rows(units))
    table("body sentences + headlines, on topic", rows([u for u in units if u.on_topic]))

    calibration(units, prob)
    kind_accuracy(units)

    print("\n== end to end: what extract stores, body sentences (claimer: found check-worthy sentences) ==")
    for name, tally in evaluate(records, nlp, model.threshold).items():
        print(tally.row(name))

    print("\n== speed: the model's added time against extract (parse included) ==")
    texts = [body_of(r)[0] for r in records]
    for name, corpus in (("test articles", texts), ("speed benchmark corpus", speed_corpus_texts())):
        ext, mod, hand = timing(corpus, nlp, model, args.repeat)
        n = len(corpus)
        print(
            f"{name:24s} {n:3d} texts: extract {1000 * ext / n:7.1f} ms/article, "
            f"model {1000 * mod / n:6.2f} ms/article, added {100 * mod / ext:5.2f}%"
        )
        if hand is not None:
            before = ext - mod + hand  # extract as on main: the hand-weight scorer in place of the model
            print(
                f"{'':24s} main's find_claims (the scoring the model replaced) {1000 * hand / n:6.2f} ms/article; "
                f"extract now against main's: {100 * (ext - before) / before:+5.2f}%"
            )


if __name__ == "__main__":
    main()
