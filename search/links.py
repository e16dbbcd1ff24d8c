"""Addresses of the pages that search results link to, from the URL configuration."""

from urllib.parse import urlencode

from django.urls import reverse


def article_url(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def speaker_url(slug: str) -> str:
    return reverse("claims:speaker", kwargs={"slug": slug})


def quotes_by_speaker_url(slug: str) -> str:
    return reverse("claims:quotes") + "?" + urlencode({"speaker": slug})


def claims_by_speaker_url(slug: str) -> str:
    return reverse("claims:claims") + "?" + urlencode({"speaker": slug})
