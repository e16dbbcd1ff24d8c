"""One search over speakers, quotes, claims and articles, for the search page.

On PostgreSQL: full-text search (``websearch`` syntax, English stemming over unaccented words) on stored,
GIN-indexed vectors; quotes and claims ranked with ``ts_rank``, articles with ``ts_rank`` on their headline
and standfirst, then newest first; snippets from ``ts_headline``; speakers by trigram word similarity on
their folded names and aliases (then by number of quotes), so that misspellings and missing accents still
find them.
On SQLite: every word must occur in the folded text; ranked simply (headline matches, then newest).

Each group costs two queries (its page of rows, and its count), plus one for the aliases of the speakers
shown: the number of queries does not depend on the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest, Left
from django.utils.safestring import SafeString

from articles.models import Article
from claims.models import Claim, Quote, Speaker, SpeakerAlias, Status

from . import links
from .db import TS_CONFIG, Fold, StoredVector
from .text import START_SEL, STOP_SEL, Terms, highlight, marked_html, match_spans, parse_terms, snippet_html

KINDS = ("speakers", "quotes", "claims", "articles")
LABELS = {"speakers": "Speakers", "quotes": "Quotes", "claims": "Claims", "articles": "Articles"}
SINGULAR = {"speakers": "speaker", "quotes": "quote", "claims": "claim", "articles": "article"}
# How many of each kind the overview shows; a kind's own page shows PAGE_SIZE at a time.
OVERVIEW_LIMITS = {"speakers": 5, "quotes": 10, "claims": 10, "articles": 10}
PAGE_SIZE = 50
# What a quote or claim hit does not need from its article.
ARTICLE_TEXT = ("article__body", "article__raw_text", "article__standfirst", "article__captions", "article__credits")
SNIPPET_CHARS = 260
# Long article bodies are cut before ts_headline reads them: its cost and output grow with the text.
HEADLINE_SOURCE_CHARS = 20_000


@dataclass(frozen=True)
class SpeakerHit:
    name: SafeString
    url: str
    quotes_url: str
    kind: str
    role: str
    affiliation: str
    quote_count: int
    also_known_as: tuple[SafeString, ...] = ()


@dataclass(frozen=True)
class QuoteHit:
    snippet: SafeString
    speaker: str
    speaker_url: str
    article: str
    article_url: str
    published: date | None


@dataclass(frozen=True)
class ClaimHit:
    snippet: SafeString
    claimant: str
    claimant_url: str
    article: str
    article_url: str
    checkworthiness: float
    rating_label: str


@dataclass(frozen=True)
class ArticleHit:
    headline: SafeString
    url: str
    outlet: str
    published: date | None
    snippet: SafeString


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    total: int
    hits: list = field(default_factory=list)

    @property
    def counted(self) -> str:
        """``"1 quote"``, ``"12 quotes"``."""
        return f"{self.total} {SINGULAR[self.kind] if self.total == 1 else self.label.lower()}"

    @property
    def has_more(self) -> bool:
        return self.total > len(self.hits)


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: Terms
    groups: list[Group]
    page: int = 1

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def search_site(*, query: str, kind: str | None = None, page: int = 1) -> SearchResults:
    """Everything matching ``query``: every kind (a few of each), or one ``kind``, ``PAGE_SIZE`` a page."""
    terms = parse_terms(query)
    if not terms:
        return SearchResults(query=query, terms=terms, groups=[])
    engine = _Postgres(query, terms) if connection.vendor == "postgresql" else _Plain(query, terms)
    kind = kind if kind in KINDS else None
    kinds = [kind] if kind else list(KINDS)
    groups = []
    for name in kinds:
        limit = PAGE_SIZE if kind else OVERVIEW_LIMITS[name]
        offset = (page - 1) * limit if kind else 0
        groups.append(getattr(engine, name)(offset=offset, limit=limit))
    return SearchResults(query=query, terms=terms, groups=groups, page=page if kind else 1)


def article_matches(articles: QuerySet, words: str) -> QuerySet:
    """``articles`` narrowed to those whose stored vector matches ``words`` (PostgreSQL only: the GIN index on
    ``search_vector``), for the article list's search box; the queryset's order is kept."""
    return articles.alias(document=StoredVector(Article)).filter(
        document=SearchQuery(words, search_type="websearch", config=TS_CONFIG)
    )


def _page(qs: QuerySet, offset: int, limit: int, *, index_only_plan: bool = False) -> tuple[list, int]:
    """One page of ``qs`` and the number of all its rows (two queries).

    Counting apart keeps the page's query small: joins, snippets and the sort's other columns are only
    computed for the rows shown (a window count made PostgreSQL join every match first).
    """
    if not index_only_plan:
        return list(qs[offset : offset + limit]), qs.count()
    # PostgreSQL does not count the cost of unpacking each row's TOASTed vector (a few KB per article) in a
    # sequential scan, so for a word found in many articles it picks a scan that unpacks every article, about
    # ten times slower than the bitmap from the GIN index (measured: 130 ms against 16 ms, 10,000 articles).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return list(qs[offset : offset + limit]), qs.count()


def _visible(model) -> QuerySet:
    return model.objects.exclude(status=Status.REJECTED)


class _Engine:
    """What both backends share: turning rows into hits."""

    index_only_plan = False

    def __init__(self, query: str, terms: Terms):
        self.query = query
        self.terms = terms

    def speakers(self, *, offset: int, limit: int) -> Group:
        rows, total = _page(self.speaker_rows().prefetch_related("aliases"), offset, limit)
        hits = [
            SpeakerHit(
                name=highlight(s.name, self.terms),
                url=links.speaker_url(s.slug),
                quotes_url=links.quotes_by_speaker_url(s.slug),
                kind=s.get_kind_display(),
                role=s.role,
                affiliation=s.affiliation,
                quote_count=s.quote_count,
                also_known_as=self._aliases_shown(s),
            )
            for s in rows
        ]
        return Group("speakers", LABELS["speakers"], total, hits)

    def _aliases_shown(self, speaker: Speaker) -> tuple[SafeString, ...]:
        """Aliases other than the name itself, the matching ones first."""
        others = [a.alias for a in speaker.aliases.all() if a.alias.casefold() != speaker.name.casefold()]
        matching = [a for a in others if _matches(a, self.terms)]
        rest = [a for a in others if a not in matching]
        return tuple(highlight(a, self.terms) for a in (matching + rest)[:4])

    def quotes(self, *, offset: int, limit: int) -> Group:
        rows, total = _page(self.quote_rows().select_related("speaker", "article").defer(*ARTICLE_TEXT), offset, limit)
        hits = [
            QuoteHit(
                snippet=self.snippet(q, "text"),
                speaker=q.speaker.name if q.speaker else (q.speaker_mention or "Unknown speaker"),
                speaker_url=links.speaker_url(q.speaker.slug) if q.speaker else "",
                article=str(q.article),
                article_url=links.article_url(q.article.slug),
                published=q.article.published,
            )
            for q in rows
        ]
        return Group("quotes", LABELS["quotes"], total, hits)

    def claims(self, *, offset: int, limit: int) -> Group:
        rows, total = _page(
            self.claim_rows().select_related("claimant", "article__outlet").defer(*ARTICLE_TEXT), offset, limit
        )
        hits = [
            ClaimHit(
                snippet=self.snippet(c, "text"),
                claimant=c.claimant.name if c.claimant else (str(c.article.outlet or "") or "The outlet"),
                claimant_url=links.speaker_url(c.claimant.slug) if c.claimant else "",
                article=str(c.article),
                article_url=links.article_url(c.article.slug),
                checkworthiness=c.checkworthiness,
                rating_label=c.rating_label,
            )
            for c in rows
        ]
        return Group("claims", LABELS["claims"], total, hits)

    def articles(self, *, offset: int, limit: int) -> Group:
        rows, total = _page(
            self.article_rows().select_related("outlet"), offset, limit, index_only_plan=self.index_only_plan
        )
        hits = [
            ArticleHit(
                headline=self.article_headline(a),
                url=links.article_url(a.slug),
                outlet=str(a.outlet or ""),
                published=a.published,
                snippet=self.snippet(a, "body"),
            )
            for a in rows
        ]
        return Group("articles", LABELS["articles"], total, hits)

    def snippet(self, row, field_name: str) -> SafeString:
        return highlight(getattr(row, field_name), self.terms, max_chars=SNIPPET_CHARS)

    def article_headline(self, article: Article) -> SafeString:
        return highlight(str(article), self.terms)


def _matches(text: str, terms: Terms) -> bool:
    return bool(match_spans(text, terms))


class _Postgres(_Engine):
    """Full-text search on the stored vectors; trigram similarity for names."""

    index_only_plan = True

    def __init__(self, query: str, terms: Terms):
        super().__init__(query, terms)
        self.ts_query = SearchQuery(query, search_type="websearch", config=TS_CONFIG)

    def _headline(self, expression) -> SearchHeadline:
        """The whole text with the matched words between markers (HighlightAll keeps every character as stored;
        the other modes drop anything that looks like a tag). The snippet is cut in Python."""
        return SearchHeadline(
            expression, self.ts_query, config=TS_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL, highlight_all=True
        )

    def _matching(self, qs: QuerySet, *, ranked_on: str = "search_vector") -> QuerySet:
        return (
            qs.alias(document=StoredVector(qs.model))
            .filter(document=self.ts_query)
            .annotate(rank=SearchRank(StoredVector(qs.model, ranked_on), self.ts_query))
        )

    def speaker_rows(self) -> QuerySet:
        folded_query = Fold(Value(self.query))
        # Candidates first, each through its trigram index; similarity and counts only for those.
        by_name = Speaker.objects.alias(folded=Fold("name")).filter(folded__trigram_word_similar=folded_query)
        by_alias = SpeakerAlias.objects.alias(folded=Fold("alias")).filter(folded__trigram_word_similar=folded_query)
        best_alias = (
            SpeakerAlias.objects.filter(speaker=OuterRef("pk"))
            .annotate(similarity=TrigramWordSimilarity(folded_query, Fold("alias")))
            .order_by("-similarity")
            .values("similarity")[:1]
        )
        return (
            Speaker.objects.filter(pk__in=by_name.values("pk").union(by_alias.values("speaker_id")))
            .annotate(
                similarity=Greatest(
                    TrigramWordSimilarity(folded_query, Fold("name")), Coalesce(Subquery(best_alias), Value(0.0))
                ),
            )
            .order_by("-similarity", "-quote_count", "name")
        )

    def quote_rows(self) -> QuerySet:
        return (
            self._matching(_visible(Quote))
            .annotate(text_marked=self._headline("text"))
            .order_by("-rank", "-confidence", "pk")
        )

    def claim_rows(self) -> QuerySet:
        return (
            self._matching(_visible(Claim))
            .annotate(text_marked=self._headline("text"))
            .order_by("-rank", "-checkworthiness", "pk")
        )

    def article_rows(self) -> QuerySet:
        return (
            # Ranked on the headline and standfirst only, then newest first: ranking on the whole text
            # unpacks every matching article's vector (120 ms for a word in most of 10,000 articles).
            self._matching(Article.objects.all(), ranked_on="search_title")
            .defer("raw_text", "body")
            .annotate(
                body_marked=self._headline(Left("body", HEADLINE_SOURCE_CHARS)),
                headline_marked=self._headline("headline"),
            )
            .order_by("-rank", F("published").desc(nulls_last=True), "-pk")
        )

    def snippet(self, row, field_name: str) -> SafeString:
        return snippet_html(getattr(row, f"{field_name}_marked") or "", max_chars=SNIPPET_CHARS)

    def article_headline(self, article: Article) -> SafeString:
        if article.headline:
            return marked_html(article.headline_marked)
        return super().article_headline(article)


class _Plain(_Engine):
    """The fallback for other databases: every word must occur in the folded text."""

    def _filter(self, qs: QuerySet, expression) -> QuerySet:
        qs = qs.alias(folded=Fold(expression))
        for term in self.terms.required:
            qs = qs.filter(folded__contains=term)
        for term in self.terms.excluded:
            qs = qs.exclude(folded__contains=term)
        return qs

    def speaker_rows(self) -> QuerySet:
        alias_matches = self._filter(SpeakerAlias.objects.filter(speaker=OuterRef("pk")), "alias")
        by_name = self._filter(Speaker.objects.all(), "name").values("pk")
        return Speaker.objects.filter(Q(pk__in=by_name) | Exists(alias_matches)).order_by("-quote_count", "name")

    def quote_rows(self) -> QuerySet:
        return self._filter(_visible(Quote), "text").order_by("-confidence", "pk")

    def claim_rows(self) -> QuerySet:
        return self._filter(_visible(Claim), "text").order_by("-checkworthiness", "pk")

    def article_rows(self) -> QuerySet:
        everything = Concat("headline", Value(" "), "standfirst", Value(" "), "body")
        return (
            self._filter(Article.objects.defer("raw_text"), everything)
            .alias(headline_folded=Fold("headline"))
            .annotate(
                in_headline=Case(
                    When(headline_folded__contains=self.terms.required[0], then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-in_headline", F("published").desc(nulls_last=True), "-pk")
        )
