"""Mark quotes in article text: plain text and character spans in, escaped HTML out.

Article text is untrusted: every character of it goes through ``format_html``/``escape``; the only markup
added is ours. Spans come from stored offsets, which an editor or an older extractor may have left out of
range or overlapping, so they are clamped and trimmed, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape  # Django's escape is this, wrapped in SafeString: the result is wrapped once
from typing import NamedTuple

from django.utils.safestring import SafeString


class Span(NamedTuple):
    """``text[start:end]`` to mark; ``label`` (the speaker's name) is shown at the start of the mark.

    A named tuple: quick to make, as an article page makes one per quote.
    """

    start: int
    end: int
    css: str = ""
    label: str = ""
    href: str = ""


def _clamped(spans: Iterable[Span], length: int, shift: int = 0) -> list[tuple[int, int, Span]]:
    """``(start, end, span)`` for each span moved back by ``shift`` and cut to ``[0, length)``, sorted; empty ones
    dropped (no new Span per piece: an article page marks thousands)."""
    kept = []
    for span in spans:
        start, end = max(0, span.start - shift), min(length, span.end - shift)
        if start < end:
            kept.append((start, end, span))
    kept.sort(key=lambda item: (item[0], -item[1]))
    return kept


@lru_cache(maxsize=4096)
def _opening(css: str, label: str, href: str) -> str:
    """A mark's opening tag and speaker label, every value escaped; worked out once per speaker, not per mark."""
    label_html = ""
    if label and href:
        label_html = f'<a class="who" href="{escape(href)}">{escape(label)}</a> '
    elif label:
        label_html = f'<span class="who">{escape(label)}</span> '
    return f'<mark class="{escape(f"quote {css}".strip())}">{label_html}'


def _mark(text: str, span: Span) -> str:
    """The marked piece as HTML: every value escaped."""
    return f"{_opening(span.css, span.label, span.href)}{escape(text)}</mark>"


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """Return ``text`` escaped, with each span wrapped in ``<mark>``.

    Overlaps: the span that starts first (the longer one on a tie) wins; a later span is marked only from
    where the earlier one ends, and dropped if nothing of it is left. Spans outside the text are clamped
    to it; empty ones are dropped.
    """
    return _highlighted(text, spans, 0)


def _highlighted(text: str, spans: Iterable[Span], shift: int) -> SafeString:
    """``highlight`` with the spans' offsets counted from ``shift`` characters before ``text``."""
    out: list[str] = []  # every piece escaped here or in _mark
    pos = 0
    for span_start, span_end, span in _clamped(spans, len(text), shift):
        start = max(span_start, pos)
        if start >= span_end:
            continue
        out.append(escape(text[pos:start]))
        out.append(_mark(text[start:span_end], span))
        pos = span_end
    out.append(escape(text[pos:]))
    return SafeString("".join(out))


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each non-blank paragraph of ``body`` (paragraphs are split by a blank line)."""
    bounds = []
    pos = 0
    for piece in body.split("\n\n"):
        if piece.strip():
            bounds.append((pos, pos + len(piece)))
        pos += len(piece) + 2
    return bounds


def highlight_paragraphs(body: str, spans: Sequence[Span]) -> list[SafeString]:
    """Return each paragraph of ``body`` as escaped HTML with the spans (offsets into ``body``) marked.

    A span over several paragraphs is marked in each, with its label repeated so every piece names its
    speaker.
    """
    # One pass over the spans sorted by start: each paragraph takes the spans that start in it, plus those
    # carried over from earlier paragraphs that reach into it (linear in spans + paragraphs, not their product).
    # Spans keep their given order within a paragraph: ``highlight`` breaks ties between equal spans by it.
    ordered = sorted(enumerate(spans), key=lambda item: (item[1].start, -item[1].end))
    marked = []
    carried: list[tuple[int, Span]] = []
    i = 0
    for start, end in paragraph_bounds(body):
        current = [item for item in carried if item[1].end > start]
        while i < len(ordered) and ordered[i][1].start < end:
            if ordered[i][1].end > start:
                current.append(ordered[i])
            i += 1
        carried = [item for item in current if item[1].end > end]
        if len(current) == 1 and start <= current[0][1].start < current[0][1].end <= end:
            # The usual paragraph: one quote inside it (no clamping, no overlap to settle).
            span = current[0][1]
            text = body[span.start : span.end]
            before, after = escape(body[start : span.start]), escape(body[span.end : end])
            marked.append(SafeString(f"{before}{_mark(text, span)}{after}"))
        elif current:
            current.sort(key=lambda item: item[0])
            marked.append(_highlighted(body[start:end], [s for _, s in current], start))
        else:
            marked.append(SafeString(escape(body[start:end])))
    return marked
