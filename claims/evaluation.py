"""Measure the extractor against editors' verdicts (plain Python: no Django, no spaCy).

Editors keep quotes (verified, corrected, added) and reject others. Running the extractor again over their
articles and comparing gives three figures: recall of the quotes editors kept, precision against what they
rejected, and how often the machine's speaker for a kept quote is the editor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

KEPT = "kept"
REJECTED = "rejected"
NEW_SPEAKER = -1
"""The speaker id of a machine speaker that matches no stored speaker (storing it would make a new one)."""


@dataclass(frozen=True)
class Span:
    """Where a quote is: the field (body or caption), which caption, and character offsets."""

    location: str
    index: int
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return (self.location, self.index) == (other.location, other.index) and (
            self.start < other.end and other.start < self.end
        )


@dataclass(frozen=True)
class EditorQuote:
    span: Span
    text: str
    verdict: str  # KEPT or REJECTED
    speaker_id: int | None = None
    speaker: str = ""


@dataclass(frozen=True)
class MachineQuote:
    span: Span
    text: str
    speaker_id: int | None = None  # NEW_SPEAKER when the name matches no stored speaker
    speaker: str = ""


@dataclass
class ArticleResult:
    article: str
    kept: int = 0
    found: int = 0
    speaker_right: int = 0
    rejected: int = 0
    rejected_again: int = 0
    missed: list[str] = field(default_factory=list)
    wrong_speaker: list[tuple[str, str, str]] = field(default_factory=list)  # (words, editor's, machine's)
    back: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.missed) + len(self.wrong_speaker) + len(self.back)


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _match(editor: EditorQuote, machine: Sequence[MachineQuote]) -> MachineQuote | None:
    """The machine quote at the editor's quote's place (or with the same words), the most overlapping first."""
    same = [m for m in machine if m.span.overlaps(editor.span) or _words(m.text) == _words(editor.text)]
    if not same:
        return None
    return max(same, key=lambda m: min(m.span.end, editor.span.end) - max(m.span.start, editor.span.start))


def compare(article: str, editors: Sequence[EditorQuote], machine: Sequence[MachineQuote]) -> ArticleResult:
    """Compare one article's fresh extraction with its editors' verdicts.

    >>> e = [EditorQuote(Span("body", 0, 0, 10), "We are out", KEPT, 7, "Ana Roe")]
    >>> r = compare("a", e, [MachineQuote(Span("body", 0, 2, 10), "are out", 8, "Bo Roe")])
    >>> (r.found, r.speaker_right, r.wrong_speaker)
    (1, 0, [('We are out', 'Ana Roe', 'Bo Roe')])
    """
    result = ArticleResult(article)
    for quote in editors:
        match = _match(quote, machine)
        if quote.verdict == REJECTED:
            result.rejected += 1
            if match is not None:
                result.rejected_again += 1
                result.back.append(quote.text)
            continue
        result.kept += 1
        if match is None:
            result.missed.append(quote.text)
            continue
        result.found += 1
        if match.speaker_id == quote.speaker_id:
            result.speaker_right += 1
        else:
            result.wrong_speaker.append((quote.text, quote.speaker or "no one", match.speaker or "no one"))
    return result


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Evaluation:
    articles: list[ArticleResult] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.articles)

    @property
    def recall(self) -> float | None:
        """Share of the quotes editors kept that the extractor finds."""
        return _ratio(self.total("found"), self.total("kept"))

    @property
    def precision(self) -> float | None:
        """Of the extractor's quotes that editors judged, the share they kept (not rejected)."""
        return _ratio(self.total("found"), self.total("found") + self.total("rejected_again"))

    @property
    def speaker_accuracy(self) -> float | None:
        """Of the kept quotes found, the share whose speaker is the editor's."""
        return _ratio(self.total("speaker_right"), self.total("found"))

    def worst(self, n: int = 10) -> list[ArticleResult]:
        return sorted((a for a in self.articles if a.errors), key=lambda a: (-a.errors, a.article))[:n]

    def lines(self, *, worst: int = 10) -> list[str]:
        """The report as text lines: the figures, then the worst articles with their cases."""

        def pct(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.1%}"

        out = [
            f"articles: {len(self.articles)}",
            f"quotes editors kept: {self.total('kept')}, rejected: {self.total('rejected')}",
            f"recall of kept quotes: {pct(self.recall)} ({self.total('found')}/{self.total('kept')})",
            f"precision against rejected: {pct(self.precision)} "
            f"({self.total('rejected_again')} rejected quote(s) extracted again)",
            f"speaker accuracy: {pct(self.speaker_accuracy)} ({self.total('speaker_right')}/{self.total('found')})",
        ]
        for result in self.worst(worst):
            out.append(f"-- {result.article}: {result.errors} case(s)")
            out += [f"   missed: “{_short(t)}”" for t in result.missed]
            out += [
                f"   speaker: “{_short(t)}” is {want}'s, machine says {got}" for t, want, got in result.wrong_speaker
            ]
            out += [f"   rejected, found again: “{_short(t)}”" for t in result.back]
        return out


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
