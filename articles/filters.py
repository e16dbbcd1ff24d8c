"""The article list's search box and filters (all in the URL)."""

import django_filters as df
from django import forms

from .models import Article, Outlet

DATE = forms.DateInput(attrs={"type": "date"})


class ArticleFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label="Words in the headline, standfirst or text")
    outlet = df.ModelChoiceFilter(queryset=Outlet.objects.all(), empty_label="Any outlet")
    date_from = df.DateFilter(field_name="published", lookup_expr="gte", label="Published from", widget=DATE)
    date_to = df.DateFilter(field_name="published", lookup_expr="lte", label="Published to", widget=DATE)
    speaker = df.CharFilter(method="filter_speaker", label="Quoting (speaker slug)")
    entity = df.CharFilter(method="filter_entity", label="About (topic slug)")

    class Meta:
        model = Article
        fields = ["q", "outlet"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_speaker(self, queryset, name, value):
        return queryset.quoting(value)

    def filter_entity(self, queryset, name, value):
        return queryset.mentioning(value)
