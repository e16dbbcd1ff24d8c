"""Small charts drawn as inline SVG in Python: no charting script, no CDN, no ``style`` attributes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

MAX_MONTHS = 120  # a longer history shows its latest ten years


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def fill_months(counts: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """Return one ``(first of month, count)`` per month from the first to the last given, gaps as 0."""
    if not counts:
        return []
    by_month: dict[date, int] = {}
    for day, n in counts:
        month = date(day.year, day.month, 1)
        by_month[month] = by_month.get(month, 0) + n
    first, last = min(by_month), max(by_month)
    months = []
    month = first
    while month <= last:
        months.append((month, by_month.get(month, 0)))
        month = _next_month(month)
    return months[-MAX_MONTHS:]


def timeline_svg(counts: Sequence[tuple[date, int]], *, what: str = "Quotes per month") -> SafeString:
    """Return a bar chart of counts per month as an ``<svg>`` element (empty string when there is nothing).

    The chart scales to its box through ``viewBox``; each bar carries a ``<title>`` with its month and
    count, and the whole chart an accessible name summarising the busiest month.
    """
    months = fill_months(counts)
    if not months:
        return SafeString("")
    few = len(months) <= 8  # few months: wide bars, each with its month under it
    bar, gap = (44, 10) if few else (18, 6)
    height, top, bottom = 120, 16, 22
    width = max(len(months) * (bar + gap) + gap, 200)
    peak = max(n for _, n in months) or 1
    busiest = max(months, key=lambda m: m[1])
    label = f"{what}: {sum(n for _, n in months)} in {len(months)} months, most in {busiest[0]:%B %Y} ({busiest[1]})"
    bars = []
    for i, (month, n) in enumerate(months):
        x = gap + i * (bar + gap)
        h = round((height - top - bottom) * n / peak) if n else 0
        y = height - bottom - h
        tick = f"{month:%b %Y}" if few or i == 0 else (f"{month:%Y}" if month.month == 1 and i > 3 else "")
        # title, bar (x, y, width, height), count label (x, y, text), month label (x, y, text)
        bars.append((f"{month:%B %Y}: {n}", x, y, bar, h, x + bar / 2, y - 3, n or "", x, height - 6, tick))
    body = format_html_join(
        "\n",
        '<g><title>{}</title><rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="#2b4c7e"></rect>'
        '<text class="count" x="{}" y="{}" text-anchor="middle" font-size="11" fill="#1a1a1a">{}</text>'
        '<text class="tick" x="{}" y="{}" font-size="11" fill="#4a4a4a">{}</text></g>',
        bars,
    )
    return format_html(
        '<svg class="timeline" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><line x1="0" y1="{}" x2="{}" y2="{}" stroke="#767676"></line>{}</svg>',
        label,
        width,
        height,
        width,
        height,
        height - bottom,
        width,
        height - bottom,
        body,
    )
