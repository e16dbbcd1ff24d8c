"""List filters for the website's pages: every filter lives in the URL, so a view can be shared."""

import django_filters as df
from django import forms
from django.db.models import F, Subquery

from articles.models import Outlet

from .models import Claim, ClaimKind, Entity, EntityKind, Quote, QuoteKind, Speaker, SpeakerKind, Status


class OrderingFilter(df.OrderingFilter):
    """Sort by the chosen field with empty values last in either direction, then by id (stable pages)."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = self.param_map[param[1:] if descending else param]
        expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return expression

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


def _slug_filter(model, field: str, label: str) -> df.CharFilter:
    """A filter by the slug of a speaker or topic, looked up on its own (``field = (SELECT id ... LIMIT 1)``):
    PostgreSQL then plans with the one row's statistics (a most-quoted speaker's thousands of quotes) instead
    of joining every quote to the speakers or topics table."""

    def by_slug(queryset, name, value):
        return queryset.filter(**{field: Subquery(model.objects.filter(slug=value).order_by().values("pk")[:1])})

    return df.CharFilter(method=by_slug, label=label)


SHOWN_STATUSES = [(value, label) for value, label in Status.choices if value != Status.REJECTED]
DATE = forms.DateInput(attrs={"type": "date"})
SCORE = forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"})


class _ItemFilter(df.FilterSet):
    """What quotes and claims are filtered by: speaker, entity, status, article, outlet, date."""

    about = _slug_filter(Entity, "about", "About (topic slug)")
    status = df.ChoiceFilter(choices=SHOWN_STATUSES, empty_label="Any status")
    article = df.CharFilter(field_name="article__slug", label="Article (slug)")
    outlet = df.ModelChoiceFilter(
        field_name="article__outlet", queryset=Outlet.objects.all(), label="Outlet", empty_label="Any outlet"
    )
    date_from = df.DateFilter(field_name="article__published", lookup_expr="gte", label="Published from", widget=DATE)
    date_to = df.DateFilter(field_name="article__published", lookup_expr="lte", label="Published to", widget=DATE)


class QuoteFilter(_ItemFilter):
    speaker = _slug_filter(Speaker, "speaker", "Speaker (slug)")
    kind = df.ChoiceFilter(choices=QuoteKind.choices, empty_label="Any kind")
    confidence_min = df.NumberFilter(field_name="confidence", lookup_expr="gte", label="Confidence from", widget=SCORE)
    confidence_max = df.NumberFilter(field_name="confidence", lookup_expr="lte", label="Confidence to", widget=SCORE)
    sort = OrderingFilter(
        fields=(("article__published", "date"), ("confidence", "confidence"), ("speaker__name", "speaker")),
        field_labels={"article__published": "Date", "confidence": "Confidence", "speaker__name": "Speaker"},
        label="Sort by",
        empty_label="Newest first",
    )

    class Meta:
        model = Quote
        fields = ["speaker", "about", "kind", "status", "article", "outlet"]


class ClaimFilter(_ItemFilter):
    speaker = _slug_filter(Speaker, "claimant", "Claimant (speaker slug)")
    kind = df.ChoiceFilter(choices=ClaimKind.choices, empty_label="Any kind of claim")
    rated = df.ChoiceFilter(
        choices=[("yes", "Rated"), ("no", "Not rated")],
        method="filter_rated",
        label="Editor's rating",
        empty_label="Rated or not",
    )
    checkworthiness_min = df.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte", label="Check-worthiness from", widget=SCORE
    )
    checkworthiness_max = df.NumberFilter(
        field_name="checkworthiness", lookup_expr="lte", label="Check-worthiness to", widget=SCORE
    )
    sort = OrderingFilter(
        fields=(("checkworthiness", "checkworthiness"), ("article__published", "date"), ("claimant__name", "claimant")),
        field_labels={
            "checkworthiness": "Check-worthiness",
            "article__published": "Date",
            "claimant__name": "Claimant",
        },
        label="Sort by",
        empty_label="Most check-worthy first",
    )

    class Meta:
        model = Claim
        fields = ["speaker", "about", "kind", "status", "article", "outlet"]

    def filter_rated(self, queryset, name, value):
        return queryset.reviewed() if value == "yes" else queryset.unrated()


class SpeakerFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label="Name")
    kind = df.ChoiceFilter(choices=SpeakerKind.choices, empty_label="Any kind")
    review = df.ChoiceFilter(
        choices=[("1", "Flagged for editors")], method="filter_review", label="Identity", empty_label="All speakers"
    )
    sort = OrderingFilter(
        fields=(("quote_count", "quotes"), ("latest_quote", "latest"), ("name", "name")),
        field_labels={"quote_count": "Number of quotes", "latest_quote": "Latest quote", "name": "Name"},
        label="Sort by",
        empty_label="Most quoted first",
    )

    class Meta:
        model = Speaker
        fields = ["q", "kind", "review"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_review(self, queryset, name, value):
        return queryset.flagged() if value else queryset


class TopicFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label="Name")
    kind = df.ChoiceFilter(choices=EntityKind.choices, empty_label="Any kind")
    sort = OrderingFilter(
        fields=(("quote_count", "quotes"), ("claim_count", "claims"), ("name", "name")),
        field_labels={"quote_count": "Number of quotes", "claim_count": "Number of claims", "name": "Name"},
        label="Sort by",
        empty_label="Name (A to Z)",
    )

    class Meta:
        model = Entity
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
