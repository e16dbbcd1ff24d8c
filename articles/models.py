"""Outlets and the articles read from files."""

import re

from django.db import connection, models
from django.urls import reverse

# A search of words only (letters, digits, spaces, hyphens, apostrophes, quotation marks): full-text searchable.
WORDS_ONLY = re.compile(r"[\w\s'\"’-]+")


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate ``quote_count`` and ``claim_count``, rejected rows left out.

        Each count is a correlated subquery in the same SQL statement, so listing a page of articles is one
        query however many quotes they hold (no join of quotes against claims, no rows loaded).
        """
        from claims.models import Claim, Quote, count_of

        return self.annotate(
            quote_count=count_of(Quote.objects.visible(), "article"),
            claim_count=count_of(Claim.objects.visible(), "article"),
        )

    def search(self, words: str):
        """Articles matching ``words``: on PostgreSQL through the search app's stored full-text vector (its GIN
        index; the same matching as ``/search/``), elsewhere, or for text that is not only words, those whose
        headline, standfirst or body contains ``words`` (case-insensitive)."""
        words = words.strip()
        if not words:
            return self
        # Words go through the full-text index; text with markup or symbols (which the full-text parser
        # drops, "<script>") is looked for as it is written.
        if connection.vendor == "postgresql" and WORDS_ONLY.fullmatch(words):
            from search.selectors import article_matches

            return article_matches(self, words)
        Q = models.Q
        return self.filter(Q(headline__icontains=words) | Q(standfirst__icontains=words) | Q(body__icontains=words))

    def quoting(self, speaker_slug: str):
        """Articles with a visible quote by the speaker."""
        from claims.models import Quote

        return self.filter(pk__in=Quote.objects.visible().filter(speaker__slug=speaker_slug).values("article"))

    def mentioning(self, entity_slug: str):
        """Articles with a visible quote or claim about the entity."""
        from claims.models import Claim, Quote

        quotes = Quote.objects.visible().filter(about__slug=entity_slug).values("article")
        claims = Claim.objects.visible().filter(about__slug=entity_slug).values("article")
        return self.filter(models.Q(pk__in=quotes) | models.Q(pk__in=claims))

    def newest_first(self):
        """Newest publication date first, undated articles last; on PostgreSQL the index
        ``article_newest_first`` (migration 0002) serves this order."""
        return self.order_by(models.F("published").desc(nulls_last=True), "-ingested_at", "-id")


class Article(models.Model):
    """One news article as read from a file: layout fields apart, clean body text."""

    slug = models.SlugField(max_length=120, unique=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    kicker = models.CharField(max_length=300, blank=True)
    headline = models.TextField(blank=True)
    standfirst = models.TextField(blank=True)
    body = models.TextField(help_text="Clean text; paragraphs separated by blank lines.")
    captions = models.JSONField(default=list, blank=True)
    credits = models.JSONField(default=list, blank=True)
    crossheads = models.JSONField(default=list, blank=True)
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    source_name = models.CharField(max_length=500, help_text="The file name the article was read from.")
    source_path = models.CharField(
        max_length=2000,
        blank=True,
        help_text="Where the article was read from (the file's full path, or a URL): with the content, "
        "its identity. A new version of the same source updates the article.",
    )
    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file's bytes.")
    raw_text = models.TextField(help_text="The file's text as decoded, before cleaning.")
    ingested_at = models.DateTimeField(auto_now_add=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-ingested_at"]
        indexes = [models.Index(fields=["source_name"]), models.Index(fields=["source_path"])]

    def __str__(self):
        return self.headline or self.source_name

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]
