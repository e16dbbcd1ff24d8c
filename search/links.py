"""Addresses of the pages that search results link to.

Literal paths for now: the speaker, topic and quote pages are built on another branch, where Speaker and
Entity gain ``get_absolute_url``; these helpers are then the one place to switch.
"""

from urllib.parse import urlencode


def article_url(slug: str) -> str:
    return f"/articles/{slug}/"


def speaker_url(slug: str) -> str:
    return f"/speakers/{slug}/"


def quotes_by_speaker_url(slug: str) -> str:
    return "/quotes/?" + urlencode({"speaker": slug})


def claims_by_speaker_url(slug: str) -> str:
    return "/claims/?" + urlencode({"speaker": slug})
