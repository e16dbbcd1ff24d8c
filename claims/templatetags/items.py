"""List items that pages repeat fifty times (a quote, a claim), written as HTML in Python.

The same markup as a template include, escaped by ``format_html``; an include per item made the list pages'
template rendering most of their time. ``{% load items %}`` then ``{% quote_item quote ... %}`` or
``{% claim_item claim %}``.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim, Quote, Status

register = template.Library()

_MARKER = "0slug0"
_ROUTES = {"speaker": "claims:speaker", "topic": "claims:topic", "article": "articles:detail"}
_patterns: dict[tuple[str, str], str] = {}


def url(route: str, slug: str) -> str:
    """The page of the speaker, topic or article with ``slug``: ``reverse`` once per route, then the slug put in
    its place (a slug of letters, digits, hyphens and underscores needs no quoting; any other goes through
    ``reverse``)."""
    if not (slug.isascii() and slug.replace("-", "").replace("_", "").isalnum()):
        return reverse(_ROUTES[route], kwargs={"slug": slug})
    key = (route, get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(_ROUTES[route], kwargs={"slug": _MARKER})
    return pattern.replace(_MARKER, slug)


def _topics(row: Quote | Claim) -> SafeString:
    """`` · about <a>Topic</a>, <a>Other</a>`` from the row's prefetched topics, or nothing."""
    topics = row.about.all()
    if not topics:
        return SafeString("")
    links = format_html_join(", ", '<a href="{}">{}</a>', ((url("topic", e.slug), e.name) for e in topics))
    return format_html("· about {}", links)


def _article(article) -> SafeString:
    link = format_html('<a href="{}">{}</a>', url("article", article.slug), str(article))
    if article.published:
        return format_html("{} ({})", link, localize(article.published))
    return link


@register.simple_tag
def quote_item(quote: Quote, *, show_speaker: bool = True, show_article: bool = True, show_topics: bool = True):
    """One quote in a list (``templates/includes/quote_item.html`` said the same): its text, then its speaker
    (``show_speaker``), kind, cue, confidence, status, article (``show_article``) and topics (``show_topics``;
    ``about`` prefetched). The quote's speaker and article are loaded with it."""
    speaker = quote.speaker if quote.speaker_id else None
    mention = quote.speaker_mention
    parts: list[str] = []
    if show_speaker:
        if speaker is not None:
            who = format_html('<a href="{}">{}</a>', url("speaker", speaker.slug), speaker.name)
            if mention and mention != speaker.name:
                who = format_html("{} as “{}”", who, mention)
        else:
            who = format_html("<span>{}</span>", mention or "Unknown speaker")
        parts.append(format_html("{} ·", who))
    elif speaker is not None and mention and mention != speaker.name:
        parts.append(format_html("as “{}” ·", mention))
    place = {"caption": " (photo caption)", "headline": " (headline)"}.get(quote.location, "")
    cue = format_html(" (“{}”)", quote.cue) if quote.cue else ""
    parts.append(format_html("{}{}{}", quote.get_kind_display(), place, cue))
    parts.append(format_html("· confidence {}", floatformat(quote.confidence, 2)))
    if quote.status != Status.MACHINE:
        parts.append(format_html('· <span class="status">{}</span>', quote.get_status_display()))
    if show_article:
        parts.append(format_html("· {}", _article(quote.article)))
    if show_topics:
        parts.append(_topics(quote))
    meta = format_html_join("\n    ", "{}", ((part,) for part in parts if part))
    return format_html(
        '<li class="quote-item">\n  <blockquote class="quote-text">{}</blockquote>\n'
        '  <p class="meta">\n    {}\n  </p>\n</li>',
        quote.text,
        meta,
    )


@register.simple_tag
def claim_item(claim: Claim):
    """One claim in the claim list: its text, check-worthiness, kind, claimant (or the outlet), rating, status,
    article and topics (``about`` prefetched; claimant and article with its outlet loaded with it)."""
    if claim.claimant_id and claim.claimant is not None:
        who = format_html('<a href="{}">{}</a>', url("speaker", claim.claimant.slug), claim.claimant.name)
    else:
        who = conditional_escape(claim.claimant_mention or (claim.article.outlet or "the outlet"))
    parts = [
        format_html('<span class="score">check-worthiness {}</span>', floatformat(claim.checkworthiness, 2)),
        format_html('· <span class="claim-kind">{}</span>', claim.get_kind_display()),
        format_html("· {}", who),
    ]
    if claim.rating_label:
        parts.append(format_html('· <strong class="rating">Rated: {}</strong>', claim.rating_label))
    else:
        parts.append(SafeString('· <span class="unrated">not rated</span>'))
    if claim.status != Status.MACHINE:
        parts.append(format_html('· <span class="status">{}</span>', claim.get_status_display()))
    parts.append(format_html("· {}", _article(claim.article)))
    parts.append(_topics(claim))
    meta = format_html_join("\n      ", "{}", ((part,) for part in parts if part))
    return format_html(
        '<li><p class="claim-text">{}</p>\n    <p class="claim-meta">{}\n    </p></li>', claim.text, meta
    )
