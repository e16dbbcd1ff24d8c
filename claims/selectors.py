"""Reads for the website: each page's data in a fixed number of queries, rejected rows never included.

Views call one function here and render what it returns; templates only loop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, DateField, F, Q, TextField
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from articles.models import Article

from .charts import timeline_svg
from .highlight import Span, highlight, highlight_paragraphs
from .models import (
    HEADLINE,
    Claim,
    Entity,
    Location,
    Quote,
    Speaker,
    SpeakerAlias,
    SpeakerTopic,
    Status,
    Tension,
)
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


# An article's long texts: a list that names and links articles (quotes, claims, tensions) never reads them,
# and reading them back (each body and file text out of its compressed storage) was part of its time.
ARTICLE_TEXTS = ("body", "raw_text", "captions", "credits", "crossheads", "standfirst")


def without_article_texts(queryset, *articles: str):
    """``queryset`` (quotes or claims, their ``articles`` joined: ``"article"``, ``"claim_a__article"`` ...)
    without the articles' long texts."""
    return queryset.defer(*(f"{article}__{name}" for article in articles or ("article",) for name in ARTICLE_TEXTS))


def stored_quote_count(filters: dict[str, Any]) -> int | None:
    """How many visible quotes the quote list's cleaned ``filters`` select, from the stored counters when they
    name a speaker, a topic or both and nothing else (one query, in place of counting the quotes); ``None``
    for any other filter (the list counts them)."""
    chosen = {name for name, value in filters.items() if value not in (None, "", [], ()) and name != "sort"}
    speaker, about = filters.get("speaker"), filters.get("about")
    if chosen == {"speaker", "about"}:
        pair = SpeakerTopic.objects.filter(speaker__slug=speaker, entity__slug=about)
        return pair.values_list("quote_count", flat=True).first() or 0
    if chosen == {"speaker"}:
        return Speaker.objects.filter(slug=speaker).values_list("quote_count", flat=True).first() or 0
    if chosen == {"about"}:
        return Entity.objects.filter(slug=about).values_list("quote_count", flat=True).first() or 0
    return None


# ---------------------------------------------------------------- the article page

SPEAKERS_LISTED = 50  # speakers in an article's legend and side panel; every mark names its speaker anyway

# An article's quotes are read as plain rows, not model instances: a transcript or live blog holds thousands,
# and building a Quote and a Speaker for each was most of its page's time. Only the quotes and speakers the
# page lists become model instances (``from_db``: the columns not read are deferred, never taken as values).
# Fragments come as JSON text, decoded only when not the usual single piece ``[[start, end]]``.
_QUOTE_FIELDS = (
    "id", "speaker_id", "speaker_mention", "text", "kind", "cue", "location", "caption_index", "start", "end",
    "confidence", "status",
)  # fmt: skip
# The columns read, in the model's order (``from_db`` takes values in that order).
_QUOTE_LOADED = [f.attname for f in Quote._meta.concrete_fields if f.attname in {*_QUOTE_FIELDS, "fragments"}]
_SPEAKER_FIELDS = ("id", "name", "slug", "kind", "role", "affiliation")
_ROW_FIELDS = (*_QUOTE_FIELDS, "fragments_json", *(f"speaker__{name}" for name in _SPEAKER_FIELDS[1:]))
_AT = {name: i for i, name in enumerate(_ROW_FIELDS)}
_PK, _SPEAKER_ID, _LOCATION, _CAPTION = _AT["id"], _AT["speaker_id"], _AT["location"], _AT["caption_index"]
_START, _END, _FRAGMENTS, _MENTION = _AT["start"], _AT["end"], _AT["fragments_json"], _AT["speaker_mention"]
_SPEAKER_NAME, _SPEAKER_SLUG = _AT["speaker__name"], _AT["speaker__slug"]


def _fragments(row: tuple) -> list:
    """The row's stored fragments: ``[[start, end], ...]`` (possibly malformed: the marks check each piece)."""
    text = row[_FRAGMENTS]
    if not text or text == f"[[{row[_START]}, {row[_END]}]]":
        return [[row[_START], row[_END]]] if text else []
    try:
        return json.loads(text) or []
    except ValueError:
        return []


@dataclass
class SpeakerKey:
    """One speaker in an article's legend: a colour class, a name, how many of the article's quotes."""

    speaker_id: int | None
    name: str
    css: str
    quote_count: int = 0
    href: str = ""  # the speaker's page, worked out once for all of the speaker's marks
    row: tuple = ()  # the first quote row naming the speaker, whose speaker columns make ``speaker``
    _speaker: Speaker | None = None

    @property
    def speaker(self) -> Speaker | None:
        """The speaker as a model instance (made on first use, from the row)."""
        if self._speaker is None and self.speaker_id is not None:
            values = (self.speaker_id, *self.row[_SPEAKER_NAME:])
            self._speaker = Speaker.from_db(DEFAULT_DB_ALIAS, _SPEAKER_FIELDS, values)
        return self._speaker


@dataclass
class ArticlePage:
    article: Article
    headline: SafeString
    standfirst: str
    paragraphs: list[SafeString]
    captions: list[SafeString]
    legend: list[SpeakerKey]  # the first SPEAKERS_LISTED speakers quoted, in order of their first quote
    speakers: list[Speaker]  # the first SPEAKERS_LISTED speakers (quoted, then claimants), for the side panel
    speaker_count: int  # every speaker quoted or making a claim here
    quote_count: int
    unplaced: list[Quote]  # quotes whose stored offsets do not fit the text they point into (the first 100)
    quotes: list[Quote]  # the first QUOTES_LISTED visible quotes, in the order of the text (all are marked)
    rejected: list[Quote]  # the first QUOTES_LISTED rejected ones, for editors (empty unless asked for)
    claims: list[Claim]
    tensions: list[Tension]
    quotes_url: str = ""  # every quote of the article in the quote list, when not all are listed here
    quoted_count: int = 0  # speakers quoted here (the legend's length when none is left out)
    unplaced_count: int = 0
    rejected_count: int = 0
    rejected_url: str = ""  # every rejected quote of the article in the admin, when not all are listed here

    @property
    def body(self) -> SafeString:
        """The marked paragraphs as one piece of HTML (a template loop over thousands of them was slow)."""
        return SafeString("".join(f"<p>{paragraph}</p>" for paragraph in self.paragraphs))

    @property
    def quotes_listed_all(self) -> bool:
        return len(self.quotes) >= self.quote_count

    @property
    def speakers_left_out(self) -> int:
        return self.speaker_count - len(self.speakers)

    @property
    def quotes_by_speaker_url(self) -> str:
        return quotes_url(article=self.article.slug, sort="speaker")

    @property
    def legend_left_out(self) -> int:
        return self.quoted_count - len(self.legend)


def _speaker_url_maker():
    """A function from a speaker's slug to its page: ``reverse`` once, then the slug put in its place (a slug of
    letters, digits, hyphens and underscores needs no quoting); any other slug goes through ``reverse``."""
    marker = "0slug0"
    pattern = reverse("claims:speaker", kwargs={"slug": marker})

    def url(slug: str) -> str:
        if slug.isascii() and slug.replace("-", "").replace("_", "").isalnum():
            return pattern.replace(marker, slug)
        return reverse("claims:speaker", kwargs={"slug": slug})

    return url


def _speaker_keys(rows: list[tuple]) -> dict[int | None, SpeakerKey]:
    """A colour per speaker in order of first appearance; quotes without a speaker share one grey key."""
    keys: dict[int | None, SpeakerKey] = {}
    url = _speaker_url_maker()
    coloured = 0
    for row in rows:
        sid = row[_SPEAKER_ID]
        key = keys.get(sid)
        if key is None:
            if sid is None:
                key = keys[None] = SpeakerKey(None, "Unknown speaker", "sp-none")
            else:
                name = row[_SPEAKER_NAME]
                key = keys[sid] = SpeakerKey(
                    sid, name, f"sp-{coloured % PALETTE_SIZE}", href=url(row[_SPEAKER_SLUG]), row=row
                )
                coloured += 1
        key.quote_count += 1
    return keys


def _spans(row: tuple, key: SpeakerKey) -> list[Span]:
    label = key.name if key.speaker_id is not None else (row[_MENTION] or key.name)
    pieces = _fragments(row) or [[row[_START], row[_END]]]
    spans = []
    for piece in pieces:
        try:
            start, end = int(piece[0]), int(piece[1])
        except (TypeError, ValueError, IndexError):
            continue
        spans.append(Span(start, end, key.css, label, key.href))
    return spans


# The order of an article's parts on its page: quotes are listed for checking in this order.
_PLACES = {HEADLINE: 0, Location.BODY: 1, Location.CAPTION: 2}


def _in_page_order(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda r: (_PLACES.get(r[_LOCATION], 3), r[_CAPTION], r[_START], r[_PK]))


def _quote_rows(quotes) -> list[tuple]:
    """Quotes with their speaker's columns, as tuples in ``_ROW_FIELDS`` order (one query)."""
    as_text = Cast("fragments", TextField())
    return list(quotes.order_by("start", "pk").annotate(fragments_json=as_text).values_list(*_ROW_FIELDS))


def _quotes_from(rows: list[tuple], article: Article, keys: dict[int | None, SpeakerKey]) -> list[Quote]:
    """Model instances for the rows a page lists, each with its article and speaker."""
    quotes = []
    for row in rows:
        values = {**dict(zip(_QUOTE_FIELDS, row, strict=False)), "fragments": _fragments(row)}
        quote = Quote.from_db(DEFAULT_DB_ALIAS, _QUOTE_LOADED, [values[name] for name in _QUOTE_LOADED])
        quote.article = article
        key = keys.get(row[_SPEAKER_ID])
        speaker = key.speaker if key is not None else None
        if speaker is None and row[_SPEAKER_ID] is not None:
            values = (row[_SPEAKER_ID], *row[_SPEAKER_NAME:])
            speaker = Speaker.from_db(DEFAULT_DB_ALIAS, _SPEAKER_FIELDS, values)
        quote.speaker = speaker
        quotes.append(quote)
    return quotes


def _rejected(article: Article) -> tuple[list[tuple], int]:
    """The article's rejected quotes, the first QUOTES_LISTED in page order, and how many there are."""
    rows = _in_page_order(_quote_rows(Quote.objects.filter(article=article, status=Status.REJECTED)))
    return rows[:QUOTES_LISTED], len(rows)


def article_page(article: Article, *, with_rejected: bool = False) -> ArticlePage:
    """The article with its quotes marked in place, and its side panel. Three queries (two when it has no
    claims, so no tensions), and one more for the rejected quotes (``with_rejected``: an editor may restore
    them).

    Every visible quote is marked; the legend, the side panel's speakers and the lists of quotes to check
    show the first ones, with their counts, so that an article holding thousands stays one page.
    """
    rows = _quote_rows(Quote.objects.visible().filter(article=article))
    keys = _speaker_keys(rows)
    captions = [str(c) for c in article.captions] if isinstance(article.captions, list) else []
    headline = article.headline or article.source_name
    body_spans: list[Span] = []
    headline_spans: list[Span] = []
    caption_spans: dict[int, list[Span]] = {}
    unplaced: list[tuple] = []
    body_length, headline_length = len(article.body), len(headline)
    for row in rows:
        location = row[_LOCATION]
        if location == Location.CAPTION:
            index = row[_CAPTION]
            length = len(captions[index]) if index < len(captions) else 0
            into = caption_spans.setdefault(index, [])
        elif location == HEADLINE:
            length, into = headline_length, headline_spans
        else:
            length, into = body_length, body_spans
        spans = [s for s in _spans(row, keys[row[_SPEAKER_ID]]) if 0 <= s.start < s.end <= length]
        if spans:
            into.extend(spans)
        else:
            unplaced.append(row)

    claims = list(Claim.objects.visible().filter(article=article).select_related("claimant").most_checkworthy())
    quoted = [k for k in keys.values() if k.speaker_id is not None]
    claimants = {c.claimant_id: c.claimant for c in claims if c.claimant_id is not None and c.claimant_id not in keys}
    speakers = [k.speaker for k in quoted[:SPEAKERS_LISTED]]
    speakers += list(claimants.values())[: SPEAKERS_LISTED - len(speakers)]
    tensions = list(Tension.objects.visible_with(claims).select_related("claim_a__article", "claim_b__article"))
    rejected, rejected_count = _rejected(article) if with_rejected else ([], 0)
    return ArticlePage(
        article=article,
        headline=highlight(headline, headline_spans),
        standfirst=article.standfirst,
        paragraphs=highlight_paragraphs(article.body, body_spans),
        captions=[highlight(text, caption_spans.get(i, [])) for i, text in enumerate(captions)],
        legend=list(keys.values())[:SPEAKERS_LISTED],
        quoted_count=len(keys),
        speakers=speakers,  # type: ignore[arg-type]  # quoted keys have a speaker
        speaker_count=len(quoted) + len(claimants),
        quote_count=len(rows),
        unplaced=_quotes_from(unplaced[:QUOTES_LISTED], article, keys),
        unplaced_count=len(unplaced),
        quotes=_quotes_from(_in_page_order(rows)[:QUOTES_LISTED], article, keys),
        rejected=_quotes_from(rejected, article, keys),
        rejected_count=rejected_count,
        rejected_url=_rejected_url(article) if rejected_count > len(rejected) else "",
        claims=claims,
        tensions=tensions,
        quotes_url=quotes_url(article=article.slug) if len(rows) > QUOTES_LISTED else "",
    )


def _rejected_url(article: Article) -> str:
    """The admin's list of the article's rejected quotes."""
    query = urlencode({"article__id__exact": article.pk, "status__exact": Status.REJECTED})
    return f"{reverse('admin:claims_quote_changelist')}?{query}"


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
    return f"{reverse('claims:quotes')}?{urlencode(params)}"


def who_said_what(speakers: list[Speaker], entities: list[Entity]) -> list[MatrixRow]:
    """Quotes per (speaker, entity) among the given ones, from their stored counts (one query)."""
    if not speakers or not entities:
        return []
    cells = SpeakerTopic.objects.filter(speaker__in=[s.pk for s in speakers], entity__in=[e.pk for e in entities])
    counts = {(speaker, entity): n for speaker, entity, n in cells.values_list("speaker", "entity", "quote_count")}
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
        claims=list(
            without_article_texts(unrated.select_related("claimant", "article__outlet").most_checkworthy()[:size])
        ),
        unrated_count=unrated.count(),
        tensions=list(
            without_article_texts(
                open_tensions.select_related("claim_a__article", "claim_b__article"),
                "claim_a__article",
                "claim_b__article",
            )[:size]
        ),
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


def dated_quotes(quotes) -> list[tuple[date, int]]:
    """The quotes' number per month of the article's date (its publication date, else the day it was
    ingested, in the current time zone), counted by the database in one query."""
    day = Coalesce("article__published", TruncDate("article__ingested_at"))
    rows = (
        quotes.order_by()
        .annotate(month=TruncMonth(day, output_field=DateField()))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return sorted((month, n) for month, n in rows if month is not None)


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
    months = dated_quotes(quotes)
    # The topics the speaker talks about most, from the stored counts per speaker and topic.
    entities = list(
        SpeakerTopic.objects.filter(speaker=speaker)
        .order_by("-quote_count", "entity__name")
        .values("entity__name", "entity__slug", n=F("quote_count"))[:10]
    )
    for row in entities:
        row["url"] = Entity(slug=row["entity__slug"]).get_absolute_url()
        row["quotes_url"] = quotes_url(speaker=speaker.slug, about=row["entity__slug"])
    page = paginate(
        without_article_texts(
            quotes.select_related("speaker", "article__outlet").prefetch_related("about")
        ).newest_first(),
        page_number,
        count=speaker.quote_count,
    )
    return SpeakerPage(
        speaker=speaker,
        aliases=list(speaker.aliases.all()),
        entities=entities,
        page=page,
        groups=group_by_article(page.object_list),
        timeline=timeline_svg(months, what=f"Quotes by {speaker.name} per month"),
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


def _speaker_page(counts: list[tuple[int | None, int]], offset: int, size: int) -> tuple[list[int | None], int]:
    """The speakers whose quotes fill ``size`` places from ``offset``, given each speaker's number of quotes in
    page order, and how many of the first one's quotes come before the page."""
    speakers: list[int | None] = []
    skip, seen = 0, 0
    for speaker, n in counts:
        if seen + n > offset and seen < offset + size:
            if not speakers:
                skip = offset - seen
            speakers.append(speaker)
        seen += n
    return speakers, skip


def topic_page(entity: Entity, page_number: Any = None, *, claims_shown: int = 20) -> TopicPage:
    """Who said what about ``entity``, grouped by speaker (by name, unknown speakers last), and the claims about it.

    The quotes per speaker come first, from the stored counts per speaker and topic (``SpeakerTopic``; the
    quotes with no known speaker are the rest of the topic's stored count); the page's quotes are then read
    for the page's speakers only, not sorted out of every quote about the topic.
    """
    quotes = Quote.objects.visible().about_entity(entity)
    by_name = (F("speaker__name").asc(nulls_last=True), "speaker")
    named_counts = SpeakerTopic.objects.filter(entity=entity).order_by("speaker__name", "speaker")
    counts: list[tuple[int | None, int]] = list(named_counts.values_list("speaker", "quote_count"))
    unknown = entity.quote_count - sum(n for _, n in counts)
    if unknown > 0:
        counts.append((None, unknown))
    paginator = Paginator(Quote.objects.none(), PAGE_SIZE)
    paginator.count = sum(n for _, n in counts)  # a cached property: set, it is not computed
    try:
        number = paginator.validate_number(page_number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    speakers, skip = _speaker_page(counts, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    named = [pk for pk in speakers if pk is not None]
    on_page = Q(speaker__in=named) | Q(speaker__isnull=True) if None in speakers else Q(speaker__in=named)
    rows = (
        without_article_texts(quotes.filter(on_page))
        .select_related("speaker", "article")
        .prefetch_related("about")
        .order_by(*by_name, "-article__published", "article", "start", "pk")[skip : skip + PAGE_SIZE]
    )
    page = Page(list(rows), number, paginator)
    groups = [SpeakerGroup(s, list(items)) for s, items in groupby(page.object_list, key=lambda q: q.speaker)]
    claims = Claim.objects.visible().filter(about=entity)
    return TopicPage(
        entity=entity,
        page=page,
        groups=groups,
        speaker_count=sum(1 for speaker, _ in counts if speaker is not None),
        claims=list(
            without_article_texts(claims.select_related("claimant", "article__outlet").most_checkworthy())[
                :claims_shown
            ]
        ),
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
