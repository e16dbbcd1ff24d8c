"""Who said what: speakers, topics (entities), quotes and claims. Thin views over ``selectors``."""

from django.shortcuts import get_object_or_404, render

from . import selectors
from .filters import ClaimFilter, QuoteFilter, SpeakerFilter, TopicFilter
from .models import Claim, Entity, Quote, Speaker


def speaker_list(request):
    speakers = SpeakerFilter(request.GET, queryset=Speaker.objects.with_quote_counts().order_by("-quote_count", "name"))
    page = selectors.paginate(speakers.qs, request.GET.get("page"))
    return render(request, "claims/speaker_list.html", {"filter": speakers, "page": page})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    view = selectors.speaker_page(speaker, request.GET.get("page"))
    return render(request, "claims/speaker_detail.html", {"view": view, "speaker": speaker})


def topic_list(request):
    # By name unless asked: counting for every topic to sort by count costs far more than for one page.
    topics = TopicFilter(request.GET, queryset=Entity.objects.with_counts().order_by("name", "pk"))
    page = selectors.paginate(topics.qs, request.GET.get("page"))
    return render(request, "claims/topic_list.html", {"filter": topics, "page": page})


def topic_detail(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    view = selectors.topic_page(entity, request.GET.get("page"))
    return render(request, "claims/topic_detail.html", {"view": view, "entity": entity})


def quote_list(request):
    quotes = QuoteFilter(
        request.GET,
        queryset=Quote.objects.visible().select_related("speaker", "article__outlet").newest_first(),
    )
    page = selectors.paginate(quotes.qs.prefetch_related("about"), request.GET.get("page"))
    return render(request, "claims/quote_list.html", {"filter": quotes, "page": page})


def claim_list(request):
    claims = ClaimFilter(
        request.GET,
        queryset=Claim.objects.visible().select_related("claimant", "article__outlet").most_checkworthy(),
    )
    page = selectors.paginate(claims.qs.prefetch_related("about"), request.GET.get("page"))
    return render(request, "claims/claim_list.html", {"filter": claims, "page": page})
