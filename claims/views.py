"""Who said what: speakers, topics (entities), quotes and claims. Thin views over ``selectors``."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import render_article

from . import forms, selectors, services
from .filters import ClaimFilter, QuoteFilter, SpeakerFilter, TopicFilter
from .models import Claim, Entity, Quote, Speaker


def speaker_list(request):
    speakers = SpeakerFilter(request.GET, queryset=Speaker.objects.order_by("-quote_count", "name"))
    page = selectors.paginate(speakers.qs, request.GET.get("page"))
    review = speakers.form.is_valid() and bool(speakers.form.cleaned_data.get("review"))
    if review:  # the evidence of each flagged speaker, with merge links for those who may merge
        can_merge = request.user.has_perm("claims.change_speaker")
        for speaker in page.object_list:
            speaker.evidence_html = selectors.speaker_evidence(speaker, can_merge=can_merge)
    return render(request, "claims/speaker_list.html", {"filter": speakers, "page": page, "review": review})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    view = selectors.speaker_page(speaker, request.GET.get("page"))
    return render(request, "claims/speaker_detail.html", {"view": view, "speaker": speaker})


def topic_list(request):
    # By name unless asked; the counts are stored on each topic (claims.counters).
    topics = TopicFilter(request.GET, queryset=Entity.objects.order_by("name", "pk"))
    page = selectors.paginate(topics.qs, request.GET.get("page"))
    return render(request, "claims/topic_list.html", {"filter": topics, "page": page})


def topic_detail(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    view = selectors.topic_page(entity, request.GET.get("page"))
    return render(request, "claims/topic_detail.html", {"view": view, "entity": entity})


def quote_list(request):
    quotes = QuoteFilter(
        request.GET,
        queryset=selectors.without_article_texts(
            Quote.objects.visible().select_related("speaker", "article__outlet").newest_first()
        ),
    )
    # The count of a speaker's or a topic's quotes (or both) is stored; any other filter's is counted.
    count = selectors.stored_quote_count(quotes.form.cleaned_data) if quotes.is_valid() else None
    page = selectors.paginate(quotes.qs.prefetch_related("about"), request.GET.get("page"), count=count)
    return render(request, "claims/quote_list.html", {"filter": quotes, "page": page})


def claim_list(request):
    claims = ClaimFilter(
        request.GET,
        queryset=selectors.without_article_texts(
            Claim.objects.visible().select_related("claimant", "article__outlet").most_checkworthy()
        ),
    )
    page = selectors.paginate(claims.qs.prefetch_related("about"), request.GET.get("page"))
    return render(request, "claims/claim_list.html", {"filter": claims, "page": page})


# ---------------------------------------------------------------- editors' corrections on the article page
#
# Each view: fetch the quote (403 without the permission), validate the form, call one service, then redirect
# to the quote on its article page with a message, or, for an htmx request, render the page's main part in
# place. The message carries the quote's anchor so the page shows it next to the quote.

REASSIGNED = "Quote credited to {speaker}."
REASSIGNED_NEW = "Quote credited to {speaker}, a new speaker."
VERIFIED = "Quote verified."
REJECTED = "Quote rejected: it is hidden from the site and will not be found again."
RESTORED = "Quote restored."
ADDED = "Quote added and credited to {speaker}."
NOT_ADDED = "The quote was not added: see what to fix in the form."
ADD_ANCHOR = "add-quote"


def _back(request, article, anchor: str):
    """Back to ``anchor`` on the article page; for htmx, the page's main part to swap in place."""
    if request.htmx:
        return render_article(request, article, fragment=True)
    return redirect(f"{article.get_absolute_url()}#{anchor}")


def _speaker(form: forms.SpeakerChoiceForm, editor) -> Speaker:
    """The speaker the form names, made through ``speaker_create`` when the editor asked for a new one."""
    data = form.cleaned_data
    if data["speaker"] is not None:
        return data["speaker"]
    return services.speaker_create(editor=editor, name=data["name"], kind=data["new_kind"])


def _editable_quote(pk: int) -> Quote:
    return get_object_or_404(Quote.objects.select_related("article", "speaker"), pk=pk)


@require_POST
@permission_required("claims.change_quote", raise_exception=True)
def quote_reassign(request, pk):
    quote = _editable_quote(pk)
    form = forms.SpeakerChoiceForm(request.POST, may_add_speaker=request.user.has_perm("claims.add_speaker"))
    if form.is_valid():
        try:
            with transaction.atomic():
                speaker = _speaker(form, request.user)
                services.quote_reassign(quote=quote, editor=request.user, speaker=speaker)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            said = REASSIGNED_NEW if form.cleaned_data["new"] else REASSIGNED
            messages.success(request, said.format(speaker=speaker.name), extra_tags=quote.anchor)
            return _back(request, quote.article, quote.anchor)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors), extra_tags=quote.anchor)
    return _back(request, quote.article, quote.anchor)


def _status_view(service: str, said: str):
    """A view that sets a quote's status through ``services.<service>``."""

    @require_POST
    @permission_required("claims.change_quote", raise_exception=True)
    def view(request, pk):
        quote = _editable_quote(pk)
        getattr(services, service)(quote=quote, editor=request.user)
        messages.success(request, said, extra_tags=quote.anchor)
        return _back(request, quote.article, quote.anchor)

    return view


quote_verify = _status_view("quote_verify", VERIFIED)
quote_reject = _status_view("quote_reject", REJECTED)
quote_restore = _status_view("quote_restore", RESTORED)


@require_POST
@permission_required("claims.add_quote", raise_exception=True)
def quote_add(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    may_add_speaker = request.user.has_perm("claims.add_speaker")
    form = forms.QuoteAddForm(request.POST, article=article, may_add_speaker=may_add_speaker)
    if form.is_valid():
        location, caption_index = form.cleaned_data["where"]
        try:
            with transaction.atomic():
                speaker = _speaker(form, request.user)
                quote = services.quote_add(
                    article=article,
                    editor=request.user,
                    text=form.cleaned_data["text"],
                    kind=form.cleaned_data["kind"],
                    speaker=speaker,
                    location=location,
                    caption_index=caption_index,
                    near=form.cleaned_data["near"],
                )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, ADDED.format(speaker=speaker.name), extra_tags=quote.anchor)
            return _back(request, article, quote.anchor)
    messages.error(request, NOT_ADDED, extra_tags=ADD_ANCHOR)
    return render_article(request, article, fragment=bool(request.htmx), add_form=form, status=400)


def speaker_names(request):
    """``<option>`` elements for a speaker name field's ``<datalist>``: speakers matching ``?speaker=``."""
    suggestions = selectors.speaker_suggestions(request.GET.get("speaker", ""))
    return render(request, "claims/speaker_options.html", {"suggestions": suggestions})
