"""Reads for the website: each page's data in a fixed number of queries, rejected rows never included.

Views call one function here and render what it returns; templates only loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, DateField, Q
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from articles.models import Article

from .charts import timeline_svg
from .highlight import Span, highlight, highlight_paragraphs
from .models import HEADLINE, Claim, Entity, Location, Quote, Speaker, SpeakerAlias, Status, Tension
from .naming import unaccent
from .review import speaker_evidence_html

PAGE_SIZE = 50
QUOTES_LISTED = 100  # quotes listed for checking beside an article; the rest through the filtered quote list
PALETTE_SIZE = 8  # speaker colours sp-0 .. sp-7 in newsroom.css; the name in each mark tells them apart beyond


def paginate(queryset, page_number: Any, per_page: int = PAGE_SIZE, *, count: int | None = None) -> Page:
    """One page of ``queryset``; ``count``, when known (a stored counter), spares counting the rows."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    return paginator.get_page(page_number)


# ---------------------------------------------------------------- the article page


@dataclass
class SpeakerKey:
    """One speaker in an article's legend: a colour class, a name, how many of the article's quotes."""

    speaker: Speaker | None
    name: str
    css: str
    quote_count: int = 0
    href: str = ""  # the speaker's page, worked out once for all of the speaker's marks


@dataclass
class ArticlePage:
    article: Article
    headline: SafeString
    standfirst: str
    paragraphs: list[SafeString]
    captions: list[SafeString]
    legend: list[SpeakerKey]
    speakers: list[Speaker]
    quote_count: int
    unplaced: list[Quote]  # quotes whose stored offsets do not fit the text they point into
    quotes: list[Quote]  # the first QUOTES_LISTED visible quotes, in the order of the text (all are marked)
    rejected: list[Quote]  # the rejected ones, for editors (empty unless asked for)
    claims: list[Claim]
    tensions: list[Tension]
    quotes_url: str = ""  # every quote of the article in the quote list, when not all are listed here

    @property
    def quotes_listed_all(self) -> bool:
        return len(self.quotes) >= self.quote_count


def _speaker_keys(quotes: list[Quote]) -> dict[int | None, SpeakerKey]:
    """A colour per speaker in order of first appearance; quotes without a speaker share one grey key."""
    keys: dict[int | None, SpeakerKey] = {}
    coloured = 0
    for quote in quotes:
        sid = quote.speaker_id
        if sid not in keys:
            if quote.speaker is None:
                keys[None] = SpeakerKey(None, "Unknown speaker", "sp-none")
            else:
                css = f"sp-{coloured % PALETTE_SIZE}"
                coloured += 1
                keys[sid] = SpeakerKey(quote.speaker, quote.speaker.name, css, href=quote.speaker.get_absolute_url())
        keys[sid].quote_count += 1
    return keys


def _spans(quote: Quote, key: SpeakerKey) -> list[Span]:
    href = key.href
    label = key.name if key.speaker else (quote.speaker_mention or key.name)
    pieces = quote.fragments or [[quote.start, quote.end]]
    spans = []
    for piece in pieces:
        try:
            start, end = int(piece[0]), int(piece[1])
        except (TypeError, ValueError, IndexError):
            continue
        spans.append(Span(start, end, key.css, label, href))
    return spans


# The order of an article's parts on its page: quotes are listed for checking in this order.
_PLACES = {HEADLINE: 0, Location.BODY: 1, Location.CAPTION: 2}


def _rejected_quotes(article: Article) -> list[Quote]:
    rejected = Quote.objects.filter(article=article, status=Status.REJECTED).select_related("speaker")
    return sorted(rejected, key=lambda q: (_PLACES.get(q.location, 3), q.caption_index, q.start, q.pk))


def article_page(article: Article, *, with_rejected: bool = False) -> ArticlePage:
    """The article with its quotes marked in place, and its side panel. Three queries, and one more for the
    rejected quotes (``with_rejected``: an editor may restore them)."""
    quotes = list(Quote.objects.visible().filter(article=article).select_related("speaker").order_by("start", "pk"))
    keys = _speaker_keys(quotes)
    captions = [str(c) for c in article.captions] if isinstance(article.captions, list) else []
    headline = article.headline or article.source_name
    body_spans: list[Span] = []
    headline_spans: list[Span] = []
    caption_spans: dict[int, list[Span]] = {}
    unplaced: list[Quote] = []
    for quote in quotes:
        if quote.location == Location.CAPTION:
            text = captions[quote.caption_index] if quote.caption_index < len(captions) else ""
            into = caption_spans.setdefault(quote.caption_index, [])
        elif quote.location == HEADLINE:
            text, into = headline, headline_spans
        else:
            text, into = article.body, body_spans
        spans = [s for s in _spans(quote, keys[quote.speaker_id]) if 0 <= s.start < s.end <= len(text)]
        if spans:
            into.extend(spans)
        else:
            unplaced.append(quote)

    claims = list(Claim.objects.visible().filter(article=article).select_related("claimant").most_checkworthy())
    speakers = {k: v.speaker for k, v in keys.items() if v.speaker is not None}
    for claim in claims:
        if claim.claimant_id is not None:
            speakers.setdefault(claim.claimant_id, claim.claimant)
    tensions = list(
        Tension.objects.visible().in_article(article).select_related("claim_a__article", "claim_b__article")
    )
    return ArticlePage(
        article=article,
        headline=highlight(headline, headline_spans),
        standfirst=article.standfirst,
        paragraphs=highlight_paragraphs(article.body, body_spans),
        captions=[highlight(text, caption_spans.get(i, [])) for i, text in enumerate(captions)],
        legend=list(keys.values()),
        speakers=list(speakers.values()),
        quote_count=len(quotes),
        unplaced=unplaced,
        quotes=sorted(quotes, key=lambda q: (_PLACES.get(q.location, 3), q.caption_index, q.start, q.pk))[
            :QUOTES_LISTED
        ],
        rejected=_rejected_quotes(article) if with_rejected else [],
        claims=claims,
        tensions=tensions,
        quotes_url=quotes_url(article=article.slug) if len(quotes) > QUOTES_LISTED else "",
    )


SUGGESTIONS = 15


def speaker_suggestions(words: str, *, limit: int = SUGGESTIONS) -> list[tuple[str, Speaker]]:
    """Speakers whose name or an alias contains ``words``, accents and case ignored: (value to type, speaker).

    The value is the name, or "name [slug]" when several of the speakers found share that name (the
    correction forms read either). One query.
    """
    folded = unaccent(words.strip()) or ""
    if not folded:
        return []
    aliased = SpeakerAlias.objects.filter(alias__unaccent__icontains=folded).values("speaker")
    found = list(
        Speaker.objects.filter(Q(name__unaccent__icontains=folded) | Q(pk__in=aliased)).order_by("name", "pk")[:limit]
    )
    names = [s.name for s in found]
    return [(s.name if names.count(s.name) == 1 else f"{s.name} [{s.slug}]", s) for s in found]


# ---------------------------------------------------------------- the front page


@dataclass
class MatrixRow:
    speaker: Speaker
    cells: list[tuple[Entity, int, str]]  # (entity, number of quotes, link to those quotes)


@dataclass
class FrontPage:
    articles: list[Article]
    article_count: int
    speakers: list[Speaker]
    speaker_count: int
    matrix_entities: list[Entity]
    matrix: list[MatrixRow]
    claims: list[Claim]
    unrated_count: int
    tensions: list[Tension]
    open_tension_count: int


def quotes_url(**params: str) -> str:
    from django.urls import reverse

    return f"{reverse('claims:quotes')}?{urlencode(params)}"


def who_said_what(speakers: list[Speaker], entities: list[Entity]) -> list[MatrixRow]:
    """Quotes per (speaker, entity) among the given ones, from one aggregate query."""
    if not speakers or not entities:
        return []
    cells = (
        Quote.about.through.objects.exclude(quote__status=Status.REJECTED)
        .filter(quote__speaker__in=[s.pk for s in speakers], entity__in=[e.pk for e in entities])
        .values("quote__speaker", "entity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["quote__speaker"], row["entity"]): row["n"] for row in cells}
    return [
        MatrixRow(
            speaker,
            [(e, counts.get((speaker.pk, e.pk), 0), quotes_url(speaker=speaker.slug, about=e.slug)) for e in entities],
        )
        for speaker in speakers
    ]


def front_page(*, size: int = 10, matrix_size: int = 8) -> FrontPage:
    """Latest articles, most-quoted speakers, the who-said-what matrix, claims to check, open tensions.

    Speakers and topics come from their stored counters (``claims.counters``); the matrix counts quotes only
    for the few speakers and topics shown.
    """
    quoted = Speaker.objects.filter(quote_count__gt=0)
    speakers = list(quoted.order_by("-quote_count", "pk")[:size])
    entities = list(Entity.objects.filter(quote_count__gt=0).order_by("-quote_count", "pk")[:matrix_size])
    unrated = Claim.objects.visible().unrated()
    open_tensions = Tension.objects.visible().open()
    return FrontPage(
        articles=list(Article.objects.select_related("outlet").with_counts().newest_first()[:size]),
        article_count=Article.objects.count(),
        speakers=speakers,
        speaker_count=quoted.count(),
        matrix_entities=entities,
        matrix=who_said_what(speakers[:matrix_size], entities),
        claims=list(unrated.select_related("claimant", "article__outlet").most_checkworthy()[:size]),
        unrated_count=unrated.count(),
        tensions=list(open_tensions.select_related("claim_a__article", "claim_b__article")[:size]),
        open_tension_count=open_tensions.count(),
    )


# ---------------------------------------------------------------- speakers


@dataclass
class ArticleGroup:
    """Quotes from one article, in the order they appear."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)


def group_by_article(quotes) -> list[ArticleGroup]:
    return [ArticleGroup(article, list(items)) for article, items in groupby(quotes, key=lambda q: q.article)]


def month_counts(quotes) -> list[tuple[date, int]]:
    """Quotes per month of the article's date (its publication date, else the day it was ingested)."""
    day = Coalesce("article__published", TruncDate("article__ingested_at"), output_field=DateField())
    rows = (
        quotes.annotate(month=TruncMonth(day, output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows if row["month"] is not None]


@dataclass
class SpeakerPage:
    speaker: Speaker
    aliases: list[SpeakerAlias]
    entities: list[dict]
    page: Page
    groups: list[ArticleGroup]
    timeline: SafeString
    claim_count: int


def speaker_page(speaker: Speaker, page_number: Any = None) -> SpeakerPage:
    quotes = Quote.objects.visible().for_speaker(speaker)
    entities = list(
        Quote.about.through.objects.filter(quote__speaker=speaker)
        .exclude(quote__status=Status.REJECTED)
        .values("entity__name", "entity__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "entity__name")[:10]
    )
    for row in entities:
        row["url"] = Entity(slug=row["entity__slug"]).get_absolute_url()
        row["quotes_url"] = quotes_url(speaker=speaker.slug, about=row["entity__slug"])
    page = paginate(
        quotes.select_related("speaker", "article__outlet").prefetch_related("about").newest_first(),
        page_number,
        count=speaker.quote_count,
    )
    return SpeakerPage(
        speaker=speaker,
        aliases=list(speaker.aliases.all()),
        entities=entities,
        page=page,
        groups=group_by_article(page.object_list),
        timeline=timeline_svg(month_counts(quotes), what=f"Quotes by {speaker.name} per month"),
        claim_count=speaker.claim_count,
    )


# ---------------------------------------------------------------- topics


@dataclass
class SpeakerGroup:
    speaker: Speaker | None
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class TopicPage:
    entity: Entity
    page: Page
    groups: list[SpeakerGroup]
    speaker_count: int
    claims: list[Claim]
    claim_count: int


def topic_page(entity: Entity, page_number: Any = None, *, claims_shown: int = 20) -> TopicPage:
    """Who said what about ``entity``, grouped by speaker, and the claims about it."""
    quotes = Quote.objects.visible().about_entity(entity)
    page = paginate(
        quotes.select_related("speaker", "article")
        .prefetch_related("about")
        .order_by("speaker__name", "speaker", "-article__published", "article", "start", "pk"),
        page_number,
        count=entity.quote_count,
    )
    groups = [SpeakerGroup(s, list(items)) for s, items in groupby(page.object_list, key=lambda q: q.speaker)]
    claims = Claim.objects.visible().filter(about=entity)
    return TopicPage(
        entity=entity,
        page=page,
        groups=groups,
        speaker_count=quotes.exclude(speaker=None).values("speaker").distinct().count(),
        claims=list(claims.select_related("claimant", "article__outlet").most_checkworthy()[:claims_shown]),
        claim_count=entity.claim_count,
    )


def speaker_evidence(speaker: Speaker, *, can_merge: bool) -> SafeString:
    """Why the identity rules flagged ``speaker``, linking each speaker it could be (and a merge, for editors)."""

    def merge(other: int) -> str:
        return reverse("admin:claims_speaker_merge_with", args=[speaker.pk, other])

    return speaker_evidence_html(
        speaker.review_evidence,
        link=lambda c: reverse("claims:speaker", kwargs={"slug": c["slug"]}) if c.get("slug") else "",
        merge_url=merge if can_merge else None,
    )
