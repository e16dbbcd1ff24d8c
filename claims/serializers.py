"""How quotes, claims and reviewed claims are written out: the export's JSON Lines items and ClaimReview.

The article export (``articles.services.article_export``) builds each article's row from these; the
ClaimReview export writes the reviewed claims as schema.org JSON-LD.
"""

from __future__ import annotations

import json
from typing import TextIO

from .models import Claim, Quote, Status


def quote_as_dict(quote: Quote) -> dict:
    speaker = quote.speaker
    return {
        "speaker": speaker.name if speaker else None,
        "speaker_mention": quote.speaker_mention,
        "speaker_kind": speaker.kind if speaker else None,
        "role": speaker.role if speaker else "",
        "affiliation": speaker.affiliation if speaker else "",
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "about": [e.name for e in quote.about.all()],
        "confidence": quote.confidence,
        "status": quote.status,
        "location": quote.location,
        "caption_index": quote.caption_index,
        "fragments": quote.fragments,
    }


def claim_as_dict(claim: Claim, outlet_name: str) -> dict:
    claimant = claim.claimant
    return {
        "text": claim.text,
        "by": claimant.name if claimant else claim.claimant_mention or outlet_name,
        "by_kind": claimant.kind if claimant else "unknown" if claim.claimant_mention else "outlet",
        "kind": claim.kind,
        "about": [e.name for e in claim.about.all()],
        "checkworthiness": claim.checkworthiness,
        "features": claim.features,
        "status": claim.status,
        "fragments": claim.fragments,
        "rating": {"value": claim.rating_value, "label": claim.rating_label, "note": claim.rating_note}
        if claim.rating_label
        else None,
    }


CLAIMREVIEW_BEST, CLAIMREVIEW_WORST = 5, 1


def claimreview_as_dict(claim: Claim, *, reviewer: str) -> dict:
    """One reviewed claim as a schema.org ClaimReview (JSON-LD)."""
    article = claim.article
    claimant = claim.claimant
    outlet = article.outlet.name if article.outlet else ""
    if claimant is not None:
        author = {"@type": "Person" if claimant.kind == "person" else "Organization", "name": claimant.name}
    else:
        author = {"@type": "Organization", "name": outlet or "unknown outlet"}
    appearance = {"@type": "CreativeWork", "headline": article.headline}
    if article.url:
        appearance["url"] = article.url
    if outlet:
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    item = {"@type": "Claim", "author": author, "appearance": appearance}
    if article.published:
        item["datePublished"] = article.published.isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "datePublished": (claim.rated_at or claim.reviewed_at).date().isoformat(),
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.rating_value,
            "bestRating": CLAIMREVIEW_BEST,
            "worstRating": CLAIMREVIEW_WORST,
            "alternateName": claim.rating_label,
        },
        "itemReviewed": item,
        "url": f"{article.url or ''}#claim-{claim.pk}" if article.url else f"urn:newsroom:claim:{claim.pk}",
    }
    if claim.rating_note:
        review["reviewBody"] = claim.rating_note
    if claim.rated_by is not None:
        review["editor"] = {
            "@type": "Person",
            "name": claim.rated_by.get_full_name() or claim.rated_by.get_username(),
        }
    return review


def claimreview_export(out: TextIO, *, reviewer: str) -> int:
    """Write the reviewed claims as a JSON-LD array of ClaimReview objects; return how many."""
    claims = (
        Claim.objects.reviewed()
        .exclude(status=Status.REJECTED)
        .select_related("article__outlet", "claimant", "rated_by")
        .order_by("article__source_name", "start", "pk")
    )
    reviews = [claimreview_as_dict(c, reviewer=reviewer) for c in claims]
    out.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
    return len(reviews)
