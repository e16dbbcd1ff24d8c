"""Who said what about whom: speakers, entities, quotes, claims and the tensions between figures."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .extraction.types import Field, Kind, QuoteKind

COUNTERS = ["quote_count", "claim_count", "latest_quote"]  # not history: they follow the quotes


def _history(**kwargs) -> HistoricalRecords:
    """History with room for a long change reason (a merge lists what moved)."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


class Status(models.TextChoices):
    MACHINE = "machine", "Machine"
    VERIFIED = "verified", "Verified"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Rejected"

    @property
    def explanation(self) -> str:
        """What the status means, in a sentence (``Status.MACHINE.explanation``)."""
        return STATUS_EXPLANATIONS[self]


# What each status means, in words an editor or a reader can use (templates show these next to the status).
STATUS_EXPLANATIONS = {
    Status.MACHINE: "Found by the machine and not yet checked by an editor; it may be wrong.",
    Status.VERIFIED: "Checked by an editor and confirmed as the machine found it.",
    Status.CORRECTED: "Corrected or added by an editor.",
    Status.REJECTED: "Rejected by an editor: not a quote or claim, or not from this article.",
}
CONFIDENCE_EXPLANATION = (
    "How sure the machine is that it found the words and the speaker right, from 0% to 100%; "
    "it says nothing about whether the statement is true."
)
CHECKWORTHINESS_EXPLANATION = (
    "How much the machine thinks the statement is worth fact-checking (figures, predictions, causes), from 0% "
    "to 100%; it says nothing about whether it is true."
)


def confidence_in_words(value: float | None) -> str:
    """Return a short phrase for a machine confidence: ``0.9`` -> ``"high (90%)"``."""
    if value is None:
        return "unknown"
    level = "high" if value >= 0.8 else "medium" if value >= 0.5 else "low"
    return f"{level} ({round(value * 100)}%)"


class ReviewedRow(models.Model):
    """What quotes and claims share: a status an editor sets, who reviewed it and when."""

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MACHINE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    added_by_editor = models.BooleanField(default=False, help_text="An editor added it: the machine missed it.")

    class Meta:
        abstract = True

    @property
    def status_explanation(self) -> str:
        """The status in a sentence ("Found by the machine and not yet checked by an editor; ...")."""
        return STATUS_EXPLANATIONS.get(self.status, "")

    @property
    def is_editors(self) -> bool:
        """Whether an editor has touched this row (re-extraction keeps it)."""
        return self.status != Status.MACHINE


class SpeakerKind(models.TextChoices):
    PERSON = Kind.PERSON.value, "Person"
    ORGANISATION = Kind.ORGANISATION.value, "Organisation"
    COUNTRY = Kind.COUNTRY.value, "Country"
    UNKNOWN = Kind.UNKNOWN.value, "Unknown"


def count_of(queryset: models.QuerySet, outer: str) -> Coalesce:
    """A correlated subquery counting ``queryset``'s rows whose ``outer`` is the outer row: one SQL query."""
    counted = queryset.order_by().filter(**{outer: OuterRef("pk")}).values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class _Counted(models.Model):
    """A row with stored counters: a save of its other fields never writes them back from a stale copy."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in COUNTERS
            ]
        super().save(*args, **kwargs)


class SpeakerQuerySet(models.QuerySet):
    def search(self, words: str):
        """Speakers whose name or one of whose aliases contains ``words`` (case-insensitive)."""
        words = words.strip()
        if not words:
            return self
        aliased = SpeakerAlias.objects.filter(alias__icontains=words).values("speaker")
        return self.filter(Q(name__icontains=words) | Q(pk__in=aliased))

    def flagged(self):
        """Speakers the identity rules flagged: an ambiguous name, or possibly the same as another speaker."""
        return self.filter(needs_review=True)


class Gender(models.TextChoices):
    MAN = "m", "man"
    WOMAN = "f", "woman"


class Speaker(_Counted):
    """One person or body, the same row across all articles."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.UNKNOWN)
    role = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    gender = models.CharField(
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text="As its honorifics and gendered titles and nouns tell it, or as an editor set it.",
    )
    # Set by the identity rules (claims.services.SpeakerBook) when a mention could be one of several known
    # speakers, or when this speaker may be the same as another; ``review_evidence`` says which and why.
    needs_review = models.BooleanField(default=False, db_index=True)
    review_evidence = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by claims.counters.counters_refresh, called by every service that changes quotes or claims.
    quote_count = models.PositiveIntegerField(default=0, editable=False, help_text="Visible quotes.")
    claim_count = models.PositiveIntegerField(default=0, editable=False, help_text="Visible claims.")
    latest_quote = models.DateField(null=True, blank=True, editable=False, help_text="Newest quoting article's date.")

    history = _history(excluded_fields=COUNTERS)
    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["-quote_count", "name"], name="speaker_most_quoted")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:speaker", kwargs={"slug": self.slug})


class SpeakerAlias(models.Model):
    """A surface form of a speaker's name ("Minister Okafor"); ``key`` is its folded form for lookups."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)
    added_by_editor = models.BooleanField(default=False)

    history = _history()

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["speaker", "key"], name="unique_alias_per_speaker")]
        verbose_name_plural = "speaker aliases"

    def __str__(self):
        return self.alias


class EntityKind(models.TextChoices):
    PERSON = Kind.PERSON.value, "Person"
    ORGANISATION = Kind.ORGANISATION.value, "Organisation"
    COUNTRY = Kind.COUNTRY.value, "Country"
    OTHER = "other", "Other"


class EntityQuerySet(models.QuerySet):
    def search(self, words: str):
        words = words.strip()
        if not words:
            return self
        aliased = EntityAlias.objects.filter(alias__icontains=words).values("entity")
        return self.filter(Q(name__icontains=words) | Q(pk__in=aliased))


class Entity(_Counted):
    """What quotes and claims are about: a country, an organisation or a person."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices, default=EntityKind.OTHER)
    # Kept by claims.counters.counters_refresh, called by every service that changes quotes or claims.
    quote_count = models.PositiveIntegerField(default=0, editable=False, help_text="Visible quotes about it.")
    claim_count = models.PositiveIntegerField(default=0, editable=False, help_text="Visible claims about it.")

    history = _history(excluded_fields=COUNTERS[:2])
    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        indexes = [models.Index(fields=["-quote_count", "id"], name="entity_most_quoted")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic", kwargs={"slug": self.slug})


class EntityAlias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)

    history = _history()

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["entity", "key"], name="unique_alias_per_entity")]
        verbose_name_plural = "entity aliases"

    def __str__(self):
        return self.alias


class QuoteKind(models.TextChoices):
    DIRECT = QuoteKind.DIRECT.value, "Direct"
    MIXED = QuoteKind.MIXED.value, "Mixed"
    INDIRECT = QuoteKind.INDIRECT.value, "Indirect"


class Location(models.TextChoices):
    BODY = Field.BODY.value, "Body"
    CAPTION = Field.CAPTION.value, "Caption"
    HEADLINE = Field.HEADLINE.value, "Headline"


# A quote found in the headline is stored with this location (the extraction's field name for it).
HEADLINE = "headline"


class QuoteQuerySet(models.QuerySet):
    def visible(self):
        """Every quote but those an editor rejected: the only quotes the site shows or counts."""
        return self.exclude(status=Status.REJECTED)

    def for_speaker(self, speaker):
        return self.filter(speaker=speaker)

    def speaker_counts(self):
        """Rows ``{"speaker": id, "n": quotes}`` for quoted speakers, most first: one GROUP BY over quotes."""
        return self.exclude(speaker=None).values("speaker").annotate(n=Count("pk")).order_by("-n", "speaker")

    def about_entity(self, entity):
        return self.filter(about=entity)

    def newest_first(self):
        return self.order_by(
            models.F("article__published").desc(nulls_last=True),
            "-article__ingested_at",
            "-article_id",
            "location",
            "caption_index",
            "start",
            "pk",
        )


class Quote(ReviewedRow):
    """A direct, mixed or indirect quote, with its offsets into the article's body (or a caption)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    speaker_mention = models.CharField(max_length=300, blank=True, help_text="The article's words for the speaker.")
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuoteKind.choices, default=QuoteKind.DIRECT)
    cue = models.CharField(max_length=60, blank=True)
    location = models.CharField(max_length=10, choices=Location.choices, default=Location.BODY)
    caption_index = models.PositiveSmallIntegerField(default=0)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    fragments = models.JSONField(default=list, blank=True, help_text="[[start, end], ...] for each piece.")
    confidence = models.FloatField(default=0.5)
    about = models.ManyToManyField(Entity, blank=True, related_name="quotes")

    history = _history(m2m_fields=[about])
    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "location", "caption_index", "start", "pk"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["confidence"]),
            # Visible quotes by speaker, read without the table (an index-only scan): the front page's matrix,
            # a speaker's topics, and the count of every visible quote.
            models.Index(
                fields=["speaker", "id"], condition=~Q(status=Status.REJECTED), name="quote_visible_by_speaker"
            ),
        ]

    def __str__(self):
        return f"{self.speaker_name or self.speaker_mention or 'unknown'}: {self.text[:60]}"

    @property
    def speaker_name(self) -> str:
        """The speaker's name, or "" when there is none (or, in an old version, it was merged away)."""
        try:
            return self.speaker.name if self.speaker_id else ""
        except ObjectDoesNotExist:
            return ""

    @property
    def confidence_in_words(self) -> str:
        return confidence_in_words(self.confidence)

    confidence_explanation = CONFIDENCE_EXPLANATION

    @property
    def anchor(self) -> str:
        """The id of the quote's entry on its article page (``#quote-12``)."""
        return f"quote-{self.pk}"


class SpeakerTopic(models.Model):
    """How many visible quotes a speaker said about an entity: a stored counter, kept with the speakers' and
    entities' own by ``claims.counters`` (a pair with no quote has no row). The topic page's speakers, a
    speaker's topics and the front page's matrix read it instead of counting every quote link of a topic or a
    speaker; quotes about an entity with no known speaker are its ``quote_count`` less these."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+", db_index=False)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+", db_index=False)
    quote_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "speaker"], name="one_count_per_speaker_topic")]
        # A speaker's topics, most quoted first, read without the table.
        indexes = [models.Index(fields=["speaker", "-quote_count", "entity"], name="speaker_topic_by_speaker")]

    def __str__(self):
        return f"{self.speaker_id} on {self.entity_id}: {self.quote_count}"


class ClaimKind(models.TextChoices):
    """The claim type (Full Fact's typology), as the check-worthiness model reads it."""

    QUANTITY = "quantity", "Quantity"
    PREDICTION = "prediction", "Prediction"
    CAUSAL = "causal", "Cause and effect"
    RULE = "rule", "Law or rule"
    EXPERIENCE = "experience", "Personal experience"
    OTHER = "other", "Other claim about the world"


class ClaimQuerySet(models.QuerySet):
    def visible(self):
        """Every claim but those an editor rejected: the only claims the site shows or counts."""
        return self.exclude(status=Status.REJECTED)

    def reviewed(self):
        """Claims an editor has given a verdict."""
        return self.exclude(rating_label="")

    def unrated(self):
        return self.filter(rating_label="")

    def most_checkworthy(self):
        return self.order_by("-checkworthiness", "pk")


class Claim(ReviewedRow):
    """A check-worthy statement; a null claimant means the outlet asserts it."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    # The article's words for a claimant it does not name ("the scientists"); blank for a named one.
    claimant_mention = models.CharField(max_length=300, blank=True)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=ClaimKind.choices, default=ClaimKind.OTHER, db_index=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    fragments = models.JSONField(default=list, blank=True)
    about = models.ManyToManyField(Entity, blank=True, related_name="claims")
    checkworthiness = models.FloatField(default=0.5)
    features = models.JSONField(default=list, blank=True)
    # An editor's verdict in schema.org ClaimReview terms.
    rating_value = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (false) to 5 (true).")
    rating_label = models.CharField(max_length=100, blank=True, help_text='e.g. "Mostly true".')
    rating_note = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)

    history = _history(m2m_fields=[about])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "pk"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["checkworthiness"]),
            # The few rejected claims, which every visible tension is checked against.
            models.Index(fields=["id"], condition=Q(status=Status.REJECTED), name="claim_rejected"),
            # Visible claims by claimant, read without the table: the count of every visible claim.
            models.Index(
                fields=["claimant", "id"], condition=~Q(status=Status.REJECTED), name="claim_visible_by_claimant"
            ),
            # The front page's claims to check, and their count, read without the table.
            models.Index(
                F("checkworthiness").desc(),
                "id",
                condition=Q(rating_label="") & ~Q(status=Status.REJECTED),
                name="claim_unrated_to_check",
            ),
        ]
        permissions = [("rate_claim", "Can give a claim an editor's rating")]

    def __str__(self):
        return self.text[:80]

    @property
    def rating_in_words(self) -> str:
        """The editor's verdict as shown to readers ("Mostly true (4/5)"), or "" when not rated."""
        if not self.rating_label:
            return ""
        return f"{self.rating_label} ({self.rating_value}/5)" if self.rating_value else self.rating_label

    checkworthiness_explanation = CHECKWORTHINESS_EXPLANATION


class TensionQuerySet(models.QuerySet):
    def visible(self):
        """Tensions between two claims that are both still shown (neither rejected).

        Against the few rejected claims (their partial index ``claim_rejected``), not a join with every claim:
        the front page's open tensions and their count then read the tensions alone.
        """
        rejected = Claim.objects.filter(status=Status.REJECTED).values("pk")
        return self.exclude(claim_a__in=rejected).exclude(claim_b__in=rejected)

    def open(self):
        return self.filter(resolved=False)

    def in_article(self, article):
        """Tensions with a claim of ``article`` (through the claims' article index, not a join of every claim)."""
        claims = Claim.objects.filter(article=article).values("pk")
        return self.filter(Q(claim_a__in=claims) | Q(claim_b__in=claims))

    def visible_with(self, claims):
        """Tensions with one of ``claims`` (a few shown ones: an article's) and neither claim rejected.

        Found through the tensions' two claim indexes, each one's claims then read by their key: a subquery
        here made PostgreSQL expect thousands of tensions and join every claim. No claims, no query.
        """
        ids = [claim.pk for claim in claims]
        shown = self.filter(Q(claim_a__in=ids) | Q(claim_b__in=ids))
        return shown.exclude(claim_a__status=Status.REJECTED).exclude(claim_b__status=Status.REJECTED)


class Tension(models.Model):
    """Two claims giving different figures for the same thing, for an editor to look at."""

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=500)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = TensionQuerySet.as_manager()

    class Meta:
        ordering = ["resolved", "-pk"]
        indexes = [models.Index(fields=["resolved", "-id"], name="tension_open_newest")]
        constraints = [models.UniqueConstraint(fields=["claim_a", "claim_b"], name="unique_tension_pair")]

    def __str__(self):
        return self.what
