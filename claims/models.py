"""Who said what about whom: speakers, entities, quotes, claims and the tensions between figures."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .extraction.types import Field, Kind, QuoteKind


class Status(models.TextChoices):
    MACHINE = "machine", "Machine"
    VERIFIED = "verified", "Verified"
    CORRECTED = "corrected", "Corrected"
    REJECTED = "rejected", "Rejected"


class SpeakerKind(models.TextChoices):
    PERSON = Kind.PERSON.value, "Person"
    ORGANISATION = Kind.ORGANISATION.value, "Organisation"
    COUNTRY = Kind.COUNTRY.value, "Country"
    UNKNOWN = Kind.UNKNOWN.value, "Unknown"


class Speaker(models.Model):
    """One person or body, the same row across all articles."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.UNKNOWN)
    role = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SpeakerAlias(models.Model):
    """A surface form of a speaker's name ("Minister Okafor"); ``key`` is its folded form for lookups."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)
    added_by_editor = models.BooleanField(default=False)

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


class Entity(models.Model):
    """What quotes and claims are about: a country, an organisation or a person."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices, default=EntityKind.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name


class EntityAlias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)

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


class Quote(models.Model):
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
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MACHINE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[about])

    class Meta:
        ordering = ["article", "location", "caption_index", "start", "pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["confidence"])]

    def __str__(self):
        return f"{self.speaker or self.speaker_mention or 'unknown'}: {self.text[:60]}"


class ClaimQuerySet(models.QuerySet):
    def reviewed(self):
        """Claims an editor has given a verdict."""
        return self.exclude(rating_label="")


class Claim(models.Model):
    """A check-worthy statement; a null claimant means the outlet asserts it."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    fragments = models.JSONField(default=list, blank=True)
    about = models.ManyToManyField(Entity, blank=True, related_name="claims")
    checkworthiness = models.FloatField(default=0.5)
    features = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MACHINE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # An editor's verdict in schema.org ClaimReview terms.
    rating_value = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (false) to 5 (true).")
    rating_label = models.CharField(max_length=100, blank=True, help_text='e.g. "Mostly true".')
    rating_note = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[about])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["checkworthiness"])]

    def __str__(self):
        return self.text[:80]


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

    class Meta:
        ordering = ["resolved", "-pk"]
        constraints = [models.UniqueConstraint(fields=["claim_a", "claim_b"], name="unique_tension_pair")]

    def __str__(self):
        return self.what
