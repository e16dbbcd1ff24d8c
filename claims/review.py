"""Speakers the identity rules flagged for editors: their evidence as safe HTML (admin and ``/speakers/``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WHY = {
    "ambiguous": "“{mention}” in {article} could be any of",
    "possibly the same": "may be “{mention}”, named in full in {article}:",
}


def speaker_evidence_html(
    evidence: Sequence[dict],
    *,
    merge_url: Callable[[int], str] | None = None,
    link: Callable[[dict], str] | None = None,
) -> SafeString:
    """One line per flag: why, and the speakers it could be, each linked (``link``) with a merge link
    (``merge_url``) when given. Every text is escaped.

    ``[{"why": "ambiguous", "mention": "Mr. Roe", "article": "a.txt", "candidates": [{"id": 3, "name": "Jane
    Roe", "slug": "jane-roe"}]}]`` -> ``“Mr. Roe” in a.txt could be any of: Jane Roe (merge)``.
    """
    lines = []
    for item in evidence or []:
        template = WHY.get(item.get("why", ""), "{mention} ({article}):")
        head = format_html(template, mention=item.get("mention", ""), article=item.get("article", "") or "an article")
        parts = []
        for candidate in item.get("candidates", []):
            name = candidate.get("name", "")
            href = link(candidate) if link else ""
            shown = format_html('<a href="{}">{}</a>', href, name) if href else format_html("{}", name)
            if merge_url and candidate.get("id"):
                shown = format_html('{} (<a href="{}">merge</a>)', shown, merge_url(candidate["id"]))
            parts.append(shown)
        body = format_html_join(", ", "{}", ((p,) for p in parts)) if parts else "no speaker known yet"
        lines.append(format_html("{} {}", head, body))
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))  # noqa: S308
