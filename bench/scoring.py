"""The one evaluation module: how extracted quotes and claims are scored against hand-made keys (no Django).

Quotes: ``score_quotes`` (the team's shared scorer, kept here in step with its shared copy) scores a JSON
Lines export against a gold key; ``bench/evaluate.py`` and ``tests/test_seed_scores.py`` both use it.

Claims in an export (``bench/evaluate.py``): ``match_claims`` pairs gold and extracted claims one to one,
closest first, when at least 60% of the gold claim's words lie in the extracted one and at least 50% of the
extracted claim's words lie in the gold one; ``claimant_right`` judges who is credited.

Claims of the dev set (``bench/claims_dev.py`` and ``tests/extraction/test_claims.py``): the set lives in
``tests/extraction/fixtures/claims_dev``: ``NNN_slug.txt`` (headline, blank line, paragraphs) and
``NNN_slug.claims.json`` = ``{"claims": [{"text": <sentence as in the article>, "by": <name or "outlet">}]}``.
A predicted claim matches a gold sentence when the words they share are at least 60% of the gold
sentence's words. Each gold sentence is found (true positive) when some claim matches it; predicted
claims that match no gold sentence are false positives, counted once per unmarked article sentence they
sit in (two pieces of one unmarked sentence are one false positive; a piece of a marked sentence is not
one). The claimer of a found sentence is right when the best-matching claim's ``by`` is None for
"outlet", or shares the gold name's last word.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import score_quotes

REPO = Path(__file__).resolve().parent.parent
DEV_DIR = REPO / "tests" / "extraction" / "fixtures" / "claims_dev"
MATCH = 0.6
OUTLET = "outlet"

_WORD = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")
_ABBREV = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|St|Sen|Rep|Gov|Gen|No|vs|Inc|Co|Ltd|Jr|Sr)\.$")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower().replace("\u2019", "'")))


def coverage(gold: str, pred: str) -> float:
    """Share of the gold sentence's words that the prediction also has."""
    g = words(gold)
    total = sum(g.values())
    return sum((g & words(pred)).values()) / total if total else 0.0


def sentences(body: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of a body: paragraphs split at sentence-final punctuation."""
    spans = []
    for para in re.finditer(r"[^\n]+", body):
        start = para.start()
        text = para.group()
        cut = 0
        for m in _SENT_END.finditer(text):
            if _ABBREV.search(text[: m.start()]):
                continue
            spans.append((start + cut, start + m.start()))
            cut = m.end()
        spans.append((start + cut, start + len(text.rstrip())))
    return [(a, b) for a, b in spans if body[a:b].strip()]


@dataclass
class Prediction:
    text: str
    start: int
    by: str | None  # None = the outlet
    aliases: tuple[str, ...] = ()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right_by: int = 0
    sentences: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.right_by += other.right_by
        self.sentences += other.sentences
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def claimer(self) -> float:
        return self.right_by / self.tp if self.tp else 0.0

    def line(self) -> str:
        return (
            f"P {self.precision:.2f}  R {self.recall:.2f}  F1 {self.f1:.2f}  claimer {self.claimer:.2f}"
            f"  (tp {self.tp} fp {self.fp} fn {self.fn}; {self.tp + self.fp}/{self.sentences} flagged)"
        )


def same_claimer(gold_by: str, pred: Prediction) -> bool:
    if gold_by.lower() == OUTLET:
        return pred.by is None
    if pred.by is None:
        return False
    last = gold_by.lower().replace("\u2019", "'").split()[-1]
    names = [pred.by, *pred.aliases]
    return any(last in n.lower().replace("\u2019", "'").split() for n in names if n)


def score_article(body: str, gold: list[dict], preds: Iterable[Prediction]) -> Score:
    preds = list(preds)
    sents = sentences(body)
    s = Score(sentences=len(sents))
    matched: set[int] = set()
    for g in gold:
        best, best_cov = None, 0.0
        for i, p in enumerate(preds):
            cov = coverage(g["text"], p.text)
            if cov > best_cov:
                best, best_cov = i, cov
        if best is None or best_cov < MATCH:
            s.fn += 1
            s.errors.append(f"missed: {g['text'][:90]}")
            continue
        s.tp += 1
        for i, p in enumerate(preds):
            if coverage(g["text"], p.text) >= MATCH:
                matched.add(i)
        if same_claimer(g["by"], preds[best]):
            s.right_by += 1
        else:
            s.errors.append(f"claimer {preds[best].by!r} (gold {g['by']!r}): {g['text'][:70]}")

    def sentence_of(start: int) -> int:
        return next((k for k, (a, b) in enumerate(sents) if a <= start < b), -1)

    gold_sents = {sentence_of(body.find(g["text"])) for g in gold if g["text"] in body}
    wrong_sents = set()
    for i, p in enumerate(preds):
        if i in matched:
            continue
        where = sentence_of(p.start)
        if where in gold_sents:
            continue  # a piece of a marked sentence: judged by the sentence's own match
        where = where if where >= 0 else -1 - i
        if where not in wrong_sents:
            wrong_sents.add(where)
            s.errors.append(f"spurious: {p.text[:90]}")
    s.fp = len(wrong_sents)
    return s


def dev_articles(directory: Path = DEV_DIR) -> list[tuple[str, bytes, list[dict]]]:
    out = []
    for path in sorted(directory.glob("*.txt")):
        gold = json.loads(path.with_name(path.stem + ".claims.json").read_text(encoding="utf-8"))["claims"]
        out.append((path.stem, path.read_bytes(), gold))
    return out


def _extracted(extraction, threshold: float = 0.0) -> list[Prediction]:
    """The extracted claims whose check-worthiness reaches ``threshold`` (0: every stored candidate)."""
    preds = []
    for c in extraction.claims:
        if c.checkworthiness < threshold:
            continue
        by = c.by.name if c.by is not None else None
        aliases = tuple(c.by.aliases) if c.by is not None else ()
        if c.by is not None and by is None:
            by = next(iter(aliases), "?")
        preds.append(Prediction(c.text, c.fragments[0].start, by, aliases))
    return preds


def every_sentence(body: str) -> list[Prediction]:
    return [Prediction(body[a:b], a, None) for a, b in sentences(body)]


def score_dev(
    nlp,
    directory: Path = DEV_DIR,
    *,
    baseline: bool = False,
    report: Callable[[str, Score], None] | None = None,
    threshold: float | None = None,
) -> Score:
    """Run ``extract`` (or flag every sentence, with ``baseline``) on every dev article; the summed score.

    Claims count when flagged check-worthy: probability at least ``threshold`` (default: the model's
    F1 threshold; 0 counts every stored candidate)."""
    from claims.extraction.claim_model import load_model

    cut = load_model().threshold if threshold is None else threshold
    from articles.reading import read_article
    from claims.extraction import extract

    total = Score()
    for name, data, gold in dev_articles(directory):
        draft = read_article(data, name=name + ".txt")
        body = draft.body
        if baseline:
            preds = every_sentence(body)
        else:
            preds = _extracted(extract(body, nlp, captions=draft.captions, headline=draft.headline), cut)
        s = score_article(body, gold, preds)
        if report:
            report(name, s)
        total.add(s)
    return total


# ---------------------------------------------------------------------------------------------- claims in an export

CLAIM_GOLD_COVER = 0.6  # share of the gold claim's words inside the extracted claim
CLAIM_PRED_COVER = 0.5  # share of the extracted claim's words inside the gold claim


def judgeable_claimant(gold_by: str) -> bool:
    """Whether a gold claimant can be judged: the outlet, or a name with a capital letter."""
    return gold_by == "outlet" or bool(score_quotes.judgeable([gold_by]))


def claimant_right(gold_by: str, pred: dict[str, Any]) -> bool:
    """Whether an exported claim credits the gold claimant (the outlet, or the same speaker by last name)."""
    kind = (pred.get("by_kind") or "").lower()
    if gold_by == "outlet":
        return kind == "outlet"
    return kind != "outlet" and bool(score_quotes.same_speaker(pred.get("by"), [gold_by]))


def match_claims(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) meeting both coverage thresholds, closest first."""
    sq = score_quotes
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            a, b = sq.covered(g["content"], p["text"]), sq.covered(p["text"], g["content"])
            if a >= CLAIM_GOLD_COVER and b >= CLAIM_PRED_COVER:
                cands.append((sq.closeness(g["content"], p["text"]), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(cands, reverse=True):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs
