"""Mark quotes in article text: plain text and character spans in, escaped HTML out.

Article text is untrusted: every character of it goes through ``format_html``/``escape``; the only markup
added is ours. Spans come from stored offsets, which an editor or an older extractor may have left out of
range or overlapping, so they are clamped and trimmed, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
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


def _mark(text: str, span: Span) -> SafeString:
    css = f"quote {span.css}".strip()
    label = SafeString("")
    if span.label and span.href:
        label = format_html('<a class="who" href="{}">{}</a> ', span.href, span.label)
    elif span.label:
        label = format_html('<span class="who">{}</span> ', span.label)
    return format_html('<mark class="{}">{}{}</mark>', css, label, text)


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """Return ``text`` escaped, with each span wrapped in ``<mark>``.

    Overlaps: the span that starts first (the longer one on a tie) wins; a later span is marked only from
    where the earlier one ends, and dropped if nothing of it is left. Spans outside the text are clamped
    to it; empty ones are dropped.
    """
    out: list[SafeString] = []
    pos = 0
    for span in _clamped(spans, len(text)):
        start = max(span.start, pos)
        if start >= span.end:
            continue
        out.append(escape(text[pos:start]))
        out.append(_mark(text[start : span.end], span))
        pos = span.end
    out.append(escape(text[pos:]))
    return format_html_join("", "{}", ((piece,) for piece in out))


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
    marked = []
    for start, end in paragraph_bounds(body):
        inside = [
            Span(s.start - start, s.end - start, s.css, s.label, s.href)
            for s in spans
            if s.start < end and start < s.end
        ]
        marked.append(highlight(body[start:end], inside))
    return marked
