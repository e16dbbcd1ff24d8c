"""Mark quotes in article text: plain text and character spans in, escaped HTML out.

Article text is untrusted: every character of it goes through ``format_html``/``escape``; the only markup
added is ours. Spans come from stored offsets, which an editor or an older extractor may have left out of
range or overlapping, so they are clamped and trimmed, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` to mark; ``label`` (the speaker's name) is shown at the start of the mark."""

    start: int
    end: int
    css: str = ""
    label: str = ""
    href: str = ""


def _clamped(spans: Iterable[Span], length: int) -> list[Span]:
    kept = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            kept.append(Span(start, end, span.css, span.label, span.href))
    return sorted(kept, key=lambda s: (s.start, -s.end))


def _mark(text: str, span: Span) -> str:
    """The marked piece as HTML: every value escaped (plain ``escape`` calls: format_html per mark was the
    article page's main cost with thousands of quotes)."""
    css = escape(f"quote {span.css}".strip())
    label = ""
    if span.label and span.href:
        label = f'<a class="who" href="{escape(span.href)}">{escape(span.label)}</a> '
    elif span.label:
        label = f'<span class="who">{escape(span.label)}</span> '
    return f'<mark class="{css}">{label}{escape(text)}</mark>'


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """Return ``text`` escaped, with each span wrapped in ``<mark>``.

    Overlaps: the span that starts first (the longer one on a tie) wins; a later span is marked only from
    where the earlier one ends, and dropped if nothing of it is left. Spans outside the text are clamped
    to it; empty ones are dropped.
    """
    out: list[str] = []  # every piece escaped here or in _mark
    pos = 0
    for span in _clamped(spans, len(text)):
        start = max(span.start, pos)
        if start >= span.end:
            continue
        out.append(escape(text[pos:start]))
        out.append(_mark(text[start : span.end], span))
        pos = span.end
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
        current.sort(key=lambda item: item[0])
        inside = [Span(s.start - start, s.end - start, s.css, s.label, s.href) for _, s in current]
        marked.append(highlight(body[start:end], inside))
    return marked
