"""Editors correct the machine here. Every change goes through ``claims.services``; the admin only shows
forms and passes what the editor changed on to the service that records it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from . import services
from .models import (
    STATUS_EXPLANATIONS,
    Claim,
    Entity,
    EntityAlias,
    Location,
    Quote,
    Speaker,
    SpeakerAlias,
    SpeakerTopic,
    Status,
    Tension,
)
from .naming import unaccent
from .review import speaker_evidence_html

# ---------------------------------------------------------------- shared pieces


class UnaccentSearchMixin:
    """Search that ignores accents on SQLite and PostgreSQL: "Cavu" finds "Çavuşoğlu".

    ``search_fields`` name ``…__unaccent`` paths; the term is folded the same way here.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, unaccent(search_term))


class TruthfulHistoryHelper(HistoricalRecordContextHelper):
    """History changes that name what a merged or deleted row was, and show an empty value as empty."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return [self._shown(v) for v in value]
        return self._shown(value)

    @staticmethod
    def _shown(value):
        if value is None or value == "":
            return "—"
        if not isinstance(value, DeletedObject):
            return value
        if value.pk is None:
            return "—"
        history = getattr(value.model, "history", None)
        last = history.filter(**{value.model._meta.pk.attname: value.pk}).first() if history is not None else None
        if last is not None:
            return f"{last.instance} (merged or deleted, #{value.pk})"
        return f"{value.model._meta.verbose_name} #{value.pk} (deleted)"


class ChangeGuardMixin:
    """A list action is a change: a user who may only view gets 403, not a quiet "no action selected"."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "action" in request.POST and not self.has_change_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


class HistoryAdmin(ChangeGuardMixin, SimpleHistoryAdmin):
    """History with change reasons and readable values for rows that are gone; reverting needs change rights."""

    def get_historical_record_context_helper(self, request, historical_record):
        return TruthfulHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves the old version through the services like any other change; it marks the request so
        # that save_model also brings back the old version's status.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        request.newsroom_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context)


def _run(modeladmin, request, queryset, service, done: str):
    changed = 0
    for row in queryset:
        before = row.status
        if service(row, request.user).status != before:
            changed += 1
    modeladmin.message_user(request, f"{done} {changed} of {queryset.count()} selected.")


# ---------------------------------------------------------------- quotes and claims


class ReviewedAdmin(UnaccentSearchMixin, HistoryAdmin):
    """Quotes and claims: editable fields go to the ``<entity>_edit`` service, status through the actions or
    the verify / reject / restore buttons of the change form (which save the edits in the same step)."""

    change_form_template = "admin/claims/reviewed_change_form.html"
    actions = ["verify", "reject", "restore"]
    edit_fields: tuple[str, ...] = ()
    add_fields: tuple[str, ...] = ()
    verbs: dict = {}

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.add_fields)
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = set(self.edit_fields)
        return [f.name for f in self.model._meta.fields if f.name not in editable and f.editable] + ["status_in_words"]

    @admin.display(description="status")
    def status_in_words(self, obj):
        return f"{obj.get_status_display()}: {STATUS_EXPLANATIONS.get(obj.status, '')}"

    def has_delete_permission(self, request, obj=None):
        return False  # a wrong quote or claim is rejected: kept, hidden, and never extracted again

    def _status_asked(self, request, obj) -> str | None:
        if getattr(request, "newsroom_revert", False):
            return obj.status  # the old version's status, which the form leaves as it was
        if "_reject" in request.POST:
            return Status.REJECTED
        if "_restore" in request.POST:
            return services.review_restored_status(obj) if obj.status == Status.REJECTED else None
        if "_verify" in request.POST:
            return Status.VERIFIED if obj.status in (Status.MACHINE, Status.REJECTED) else None
        return None

    def _edits(self, form) -> dict:
        return {f: form.cleaned_data[f] for f in self.edit_fields if f in form.cleaned_data}

    def save_model(self, request, obj, form, change):
        if not change:
            new = self.add(request, form)
            obj.pk = new.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        edit = self.verbs["edit"]
        edit(obj, request.user, status=self._status_asked(request, obj), **self._edits(form))

    def save_related(self, request, form, formsets, change):
        # ``about`` was saved by the service with the rest of the change (one history row); only inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def add(self, request, form):
        raise NotImplementedError

    @admin.action(description="Verify the selected (the machine got them right)", permissions=["change"])
    def verify(self, request, queryset):
        _run(self, request, queryset, self.verbs["verify"], "Verified")

    @admin.action(description="Reject the selected (hidden, never extracted again)", permissions=["change"])
    def reject(self, request, queryset):
        _run(self, request, queryset, self.verbs["reject"], "Rejected")

    @admin.action(description="Restore the selected rejected ones", permissions=["change"])
    def restore(self, request, queryset):
        _run(self, request, queryset, self.verbs["restore"], "Restored")

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text[:80]


class QuoteAddForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["article", "location", "caption_index", "text", "speaker", "speaker_mention", "kind", "cue", "about"]

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        if article is not None and data.get("text"):
            try:
                services.quote_locate(
                    article=article,
                    text=data["text"],
                    location=data.get("location") or Location.BODY,
                    caption_index=data.get("caption_index") or 0,
                )
            except ValidationError as error:
                self.add_error("text", error)
        return data


@admin.register(Quote)
class QuoteAdmin(ReviewedAdmin):
    list_display = ["text_start", "speaker", "speaker_mention", "kind", "confidence", "status", "article"]
    list_filter = [
        "status",
        "kind",
        "location",
        "added_by_editor",
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
        ("article__outlet", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "text__unaccent",
        "speaker_mention__unaccent",
        "speaker__name__unaccent",
        "speaker__aliases__alias__unaccent",
    ]
    autocomplete_fields = ["article", "speaker", "about"]
    list_select_related = ["speaker", "article", "article__outlet"]
    edit_fields = ("text", "kind", "cue", "speaker", "speaker_mention", "about")
    add_fields = ("article", "location", "caption_index", "text", "speaker", "speaker_mention", "kind", "cue", "about")
    fields = [
        "article",
        "text",
        "speaker",
        "speaker_mention",
        "kind",
        "cue",
        "about",
        "status_in_words",
        "confidence",
        "location",
        "caption_index",
        "start",
        "end",
        "fragments",
        "added_by_editor",
        "reviewed_by",
        "reviewed_at",
    ]
    verbs = {
        "edit": lambda q, editor, **kw: services.quote_edit(quote=q, editor=editor, **kw),
        "verify": lambda q, editor: services.quote_verify(quote=q, editor=editor),
        "reject": lambda q, editor: services.quote_reject(quote=q, editor=editor),
        "restore": lambda q, editor: services.quote_restore(quote=q, editor=editor),
    }

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = QuoteAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def add(self, request, form):
        data = form.cleaned_data
        return services.quote_add(
            article=data["article"],
            editor=request.user,
            text=data["text"],
            speaker=data.get("speaker"),
            speaker_mention=data.get("speaker_mention") or "",
            kind=data["kind"],
            cue=data.get("cue") or "",
            about=data.get("about") or (),
            location=data.get("location") or Location.BODY,
            caption_index=data.get("caption_index") or 0,
        )


class ClaimAddForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["article", "text", "claimant", "about"]

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        if article is not None and data.get("text"):
            try:
                services.quote_locate(article=article, text=data["text"])
            except ValidationError as error:
                self.add_error("text", error)
        return data


class ClaimChangeForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if any(f in self.changed_data for f in services.RATING_FIELDS) and (
            data.get("rating_label") or data.get("rating_value")
        ):
            services.claim_rating_validate(
                rating_value=data.get("rating_value"), rating_label=data.get("rating_label") or ""
            )
        return data


@admin.register(Claim)
class ClaimAdmin(ReviewedAdmin):
    form = ClaimChangeForm
    list_display = ["text_start", "claimant", "checkworthiness", "kind", "status", "rating_label", "article"]
    list_filter = [
        "status",
        "kind",
        "added_by_editor",
        ("rating_label", admin.EmptyFieldListFilter),
        ("claimant", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
        ("article__outlet", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text__unaccent", "claimant__name__unaccent", "claimant__aliases__alias__unaccent"]
    autocomplete_fields = ["article", "claimant", "about"]
    list_select_related = ["claimant", "article", "article__outlet"]
    edit_fields = ("text", "claimant", "about", *services.RATING_FIELDS)
    add_fields = ("article", "text", "claimant", "about")
    fields = [
        "article",
        "text",
        "claimant",
        "claimant_mention",
        "quote",
        "about",
        "status_in_words",
        "checkworthiness",
        "kind",
        "rating_value",
        "rating_label",
        "rating_note",
        "rated_by",
        "rated_at",
        "start",
        "end",
        "fragments",
        "features",
        "added_by_editor",
        "reviewed_by",
        "reviewed_at",
    ]
    verbs = {
        "edit": lambda c, editor, **kw: services.claim_edit(claim=c, editor=editor, **kw),
        "verify": lambda c, editor: services.claim_verify(claim=c, editor=editor),
        "reject": lambda c, editor: services.claim_reject(claim=c, editor=editor),
        "restore": lambda c, editor: services.claim_restore(claim=c, editor=editor),
    }

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ClaimAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.has_perm("claims.rate_claim"):
            readonly = [*readonly, *services.RATING_FIELDS]
        return readonly

    def add(self, request, form):
        data = form.cleaned_data
        return services.claim_add(
            article=data["article"],
            editor=request.user,
            text=data["text"],
            claimant=data.get("claimant"),
            about=data.get("about") or (),
        )


# ---- inlines on the article page: adding what the machine missed


class QuoteInlineForm(QuoteAddForm):
    class Meta(QuoteAddForm.Meta):
        fields = ["text", "speaker", "speaker_mention", "kind", "cue"]


class ClaimInlineForm(ClaimAddForm):
    class Meta(ClaimAddForm.Meta):
        fields = ["text", "claimant"]


class QuoteInline(admin.TabularInline):
    """The article's quotes; existing ones open in their own page, new ones are added here."""

    model = Quote
    form = QuoteInlineForm
    fields = ["text", "speaker", "speaker_mention", "kind", "cue", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["speaker"]
    extra = 1
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False  # existing quotes are corrected on their own page, through the services

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("claims.add_quote")


class ClaimInline(admin.TabularInline):
    model = Claim
    fk_name = "article"
    form = ClaimInlineForm
    fields = ["text", "claimant", "status", "rating_label"]
    readonly_fields = ["status", "rating_label"]
    autocomplete_fields = ["claimant"]
    extra = 1
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("claims.add_claim")


def article_inlines_save(request, article, formset) -> bool:
    """Add the quotes or claims typed into an article's inline rows through the services; True when handled."""
    if formset.model not in (Quote, Claim):
        return False
    _formset_done(formset)
    for form in formset.forms:
        if form.instance.pk is not None or not form.has_changed() or not form.cleaned_data:
            continue
        data = form.cleaned_data
        if formset.model is Quote:
            added = services.quote_add(
                article=article,
                editor=request.user,
                text=data["text"],
                speaker=data.get("speaker"),
                speaker_mention=data.get("speaker_mention") or "",
                kind=data["kind"],
                cue=data.get("cue") or "",
            )
        else:
            added = services.claim_add(
                article=article, editor=request.user, text=data["text"], claimant=data.get("claimant")
            )
        formset.new_objects.append(added)
    return True


def _formset_done(formset) -> None:
    """What the admin's change message reads from a formset that the services saved."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# ---------------------------------------------------------------- speakers and entities


class AliasInlineBase(admin.TabularInline):
    extra = 1
    readonly_fields = ["key"]

    def has_change_permission(self, request, obj=None):
        return False  # a wrong alias is removed and the right one added, each recorded


class SpeakerAliasInline(AliasInlineBase):
    model = SpeakerAlias
    fields = ["alias", "key", "added_by_editor"]
    readonly_fields = ["key", "added_by_editor"]


class EntityAliasInline(AliasInlineBase):
    model = EntityAlias
    fields = ["alias", "key"]


class MergeMixin:
    """A merge action with a confirmation page that shows what moves, then the merge service; deleting goes
    through the delete service, which refuses while anything still points at the row."""

    merge_template = "admin/claims/merge_confirmation.html"

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # bulk deletes would bypass the check; delete one at a time
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "POST" and obj is not None and self.has_delete_permission(request, obj):
            try:
                self.delete_service(obj, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level=messages.ERROR)
                return HttpResponseRedirect(
                    reverse(f"admin:claims_{self.model._meta.model_name}_change", args=[obj.pk])
                )
            self.message_user(request, f"Deleted {obj}.")
            return HttpResponseRedirect(reverse(f"admin:claims_{self.model._meta.model_name}_changelist"))
        return super().delete_view(request, object_id, extra_context)

    def merge_selected(self, request, queryset):
        rows = list(self.merge_order(queryset))
        if len(rows) < 2:
            self.message_user(request, self.merge_needs_two, level=messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            keep = next((r for r in rows if str(r.pk) == request.POST.get("keep")), rows[0])
            others = [r for r in rows if r.pk != keep.pk]
            try:
                self.merge(keep=keep, others=others, editor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level=messages.ERROR)
                return None
            self.message_user(request, f"Merged {len(others)} into {keep}.")
            return None
        previews = [(keep, self.merge_preview(keep=keep, others=[r for r in rows if r.pk != keep.pk])) for keep in rows]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {len(rows)} {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "rows": rows,
            "previews": previews,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.merge_template, context)


@admin.register(Speaker)
class SpeakerAdmin(MergeMixin, UnaccentSearchMixin, HistoryAdmin):
    # quote_count: the stored counter of visible quotes (claims.counters), so a search joining aliases
    # cannot multiply it.
    list_display = ["name", "kind", "role", "affiliation", "quote_count", "needs_review", "could_be"]
    list_filter = ["needs_review", "kind"]
    search_fields = ["name__unaccent", "aliases__alias__unaccent"]
    fields = ["name", "slug", "kind", "gender", "role", "affiliation", "needs_review", "could_be"]
    readonly_fields = ["slug", "could_be"]
    inlines = [SpeakerAliasInline]
    actions = ["merge_speakers"]
    change_form_template = "admin/claims/speaker_change_form.html"
    merge_needs_two = services.MERGE_NEEDS_TWO

    def merge_order(self, queryset):
        return sorted(queryset, key=lambda s: (-s.quote_count, s.pk))

    def delete_service(self, obj, editor):
        services.speaker_delete(speaker=obj, editor=editor)

    def merge_preview(self, *, keep, others):
        return services.speaker_merge_preview(keep=keep, others=others)

    def merge(self, *, keep, others, editor):
        return services.speaker_merge(keep=keep, others=others, editor=editor)

    @admin.action(description="Merge the selected speakers (shows what moves first)", permissions=["change"])
    def merge_speakers(self, request, queryset):
        return self.merge_selected(request, queryset)

    @admin.display(description="Could be")
    def could_be(self, obj):
        """Why the identity rules flagged the speaker, with a link to merge it with each speaker it could be."""
        return speaker_evidence_html(obj.review_evidence, merge_url=lambda pk: _merge_url(obj.pk, pk))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {f: data[f] for f in ("name", "kind", "role", "affiliation") if f in data}
        if change:
            fields.update({f: data[f] for f in ("gender", "needs_review") if f in data})
            services.speaker_edit(speaker=obj, editor=request.user, **fields)
        else:
            new = services.speaker_create(editor=request.user, **fields)
            obj.pk = new.pk
            obj.refresh_from_db()
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        speaker = form.instance
        _formset_done(formset)
        for alias_form in formset.forms:
            if alias_form.instance.pk is None and alias_form.has_changed() and alias_form.cleaned_data:
                if alias_form.cleaned_data.get("DELETE"):
                    continue
                services.speaker_alias_add(speaker=speaker, editor=request.user, alias=alias_form.cleaned_data["alias"])
            elif alias_form.instance.pk is not None and alias_form.cleaned_data.get("DELETE"):
                services.speaker_alias_remove(alias=alias_form.instance, editor=request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="claims_speaker_split",
            ),
            path(
                "<int:object_id>/merge-with/<int:other_id>/",
                self.admin_site.admin_view(self.merge_with_view),
                name="claims_speaker_merge_with",
            ),
            *super().get_urls(),
        ]

    def merge_with_view(self, request, object_id, other_id):
        """The merge confirmation for a flagged speaker and one it could be: the merge is one action away."""
        rows = Speaker.objects.filter(pk__in=[object_id, other_id])
        if len(rows) < 2:
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        response = self.merge_selected(request, rows)
        if response is None:  # merged (or refused, with a message)
            return HttpResponseRedirect(reverse("admin:claims_speaker_changelist") + "?needs_review__exact=1")
        return response

    def split_view(self, request, object_id):
        """Move chosen quotes of a speaker to a new speaker or to another one, after a form."""
        speaker = get_object_or_404(Speaker, pk=object_id)
        if not self.has_change_permission(request, speaker):
            raise PermissionDenied
        form = SpeakerSplitForm(request.POST or None, speaker=speaker)
        if request.method == "POST" and form.is_valid():
            try:
                target = services.speaker_split(
                    speaker=speaker,
                    quotes=list(form.cleaned_data["quotes"]),
                    editor=request.user,
                    into=form.cleaned_data.get("into"),
                    name=form.cleaned_data.get("name") or "",
                    kind=form.cleaned_data.get("kind") or speaker.kind,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"Moved {len(form.cleaned_data['quotes'])} quote(s) to {target}.")
                return HttpResponseRedirect(reverse("admin:claims_speaker_change", args=[target.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Split quotes off {speaker}",
            "opts": self.model._meta,
            "original": speaker,
            "form": form,
        }
        return TemplateResponse(request, "admin/claims/speaker_split.html", context)


def _merge_url(pk: int, other: int) -> str:
    return reverse("admin:claims_speaker_merge_with", args=[pk, other])


class SpeakerSplitForm(forms.Form):
    quotes = forms.ModelMultipleChoiceField(queryset=Quote.objects.none(), widget=forms.CheckboxSelectMultiple)
    into = forms.ModelChoiceField(
        queryset=Speaker.objects.none(), required=False, label="Move to this speaker", empty_label="(a new speaker)"
    )
    name = forms.CharField(required=False, label="…or to a new speaker named", max_length=300)
    kind = forms.ChoiceField(choices=Speaker._meta.get_field("kind").choices, required=False)

    def __init__(self, *args, speaker: Speaker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotes"].queryset = speaker.quotes.select_related("article").order_by("article", "start")
        self.fields["quotes"].label_from_instance = lambda q: f"“{q.text[:120]}” ({str(q.article)[:50]})"
        # The same name search as the quote form's speaker field (the widget first: the queryset fills it).
        self.fields["into"].widget = AutocompleteSelect(Quote._meta.get_field("speaker"), admin.site)
        self.fields["into"].queryset = Speaker.objects.exclude(pk=speaker.pk)
        self.fields["kind"].initial = speaker.kind

    def clean(self):
        data = super().clean()
        if not data.get("into") and not (data.get("name") or "").strip():
            raise ValidationError(services.SPLIT_NEEDS_TARGET)
        return data


@admin.register(Entity)
class EntityAdmin(MergeMixin, UnaccentSearchMixin, HistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name__unaccent", "aliases__alias__unaccent"]
    fields = ["name", "slug", "kind"]
    readonly_fields = ["slug"]
    inlines = [EntityAliasInline]
    actions = ["merge_entities"]
    merge_needs_two = services.ENTITY_MERGE_NEEDS_TWO

    def merge_order(self, queryset):
        return sorted(queryset.annotate(n=Count("quotes", distinct=True)), key=lambda e: (-e.n, e.pk))

    def delete_service(self, obj, editor):
        services.entity_delete(entity=obj, editor=editor)

    def merge_preview(self, *, keep, others):
        return services.entity_merge_preview(keep=keep, others=others)

    def merge(self, *, keep, others, editor):
        return services.entity_merge(keep=keep, others=others, editor=editor)

    @admin.action(description="Merge the selected entities (shows what moves first)", permissions=["change"])
    def merge_entities(self, request, queryset):
        return self.merge_selected(request, queryset)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {f: data[f] for f in ("name", "kind") if f in data}
        if change:
            services.entity_edit(entity=obj, editor=request.user, **fields)
        else:
            new = services.entity_create(editor=request.user, **fields)
            obj.pk = new.pk
            obj.refresh_from_db()
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        entity = form.instance
        _formset_done(formset)
        for alias_form in formset.forms:
            if alias_form.instance.pk is None and alias_form.has_changed() and alias_form.cleaned_data:
                if alias_form.cleaned_data.get("DELETE"):
                    continue
                services.entity_alias_add(entity=entity, editor=request.user, alias=alias_form.cleaned_data["alias"])
            elif alias_form.instance.pk is not None and alias_form.cleaned_data.get("DELETE"):
                services.entity_alias_remove(alias=alias_form.instance, editor=request.user)


class AliasAdminBase(UnaccentSearchMixin, HistoryAdmin):
    """Aliases on their own: listed and searchable; added and removed through the services."""

    readonly_fields = ["key"]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(AliasAdminBase):
    list_display = ["alias", "speaker", "key", "added_by_editor"]
    list_filter = ["added_by_editor"]
    search_fields = ["alias__unaccent", "speaker__name__unaccent"]
    list_select_related = ["speaker"]
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "alias", "key", "added_by_editor"]

    def get_readonly_fields(self, request, obj=None):
        return ["key", "added_by_editor"]

    def save_model(self, request, obj, form, change):
        new = services.speaker_alias_add(speaker=obj.speaker, editor=request.user, alias=obj.alias)
        obj.pk = (new or obj.speaker.aliases.get(key=obj.key or services.name_key(obj.alias))).pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.speaker_alias_remove(alias=obj, editor=request.user)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            services.speaker_alias_remove(alias=alias, editor=request.user)


@admin.register(EntityAlias)
class EntityAliasAdmin(AliasAdminBase):
    list_display = ["alias", "entity", "key"]
    search_fields = ["alias__unaccent", "entity__name__unaccent"]
    list_select_related = ["entity"]
    autocomplete_fields = ["entity"]
    fields = ["entity", "alias", "key"]

    def save_model(self, request, obj, form, change):
        new = services.entity_alias_add(entity=obj.entity, editor=request.user, alias=obj.alias)
        obj.pk = (new or obj.entity.aliases.get(key=services.name_key(obj.alias))).pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.entity_alias_remove(alias=obj, editor=request.user)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            services.entity_alias_remove(alias=alias, editor=request.user)


@admin.register(SpeakerTopic)
class SpeakerTopicAdmin(admin.ModelAdmin):
    """The stored quotes per speaker and topic, to look at: ``claims.counters`` keeps them, nobody edits them."""

    list_display = ["speaker", "entity", "quote_count"]
    list_select_related = ["speaker", "entity"]
    ordering = ["-quote_count", "pk"]
    search_fields = ["speaker__name", "entity__name"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("claims.view_speaker")  # whoever may see speakers may see their counts

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tension)
class TensionAdmin(ChangeGuardMixin, admin.ModelAdmin):
    list_display = ["what", "claim_a", "claim_b", "resolved", "resolved_by"]
    list_filter = ["resolved"]
    list_select_related = ["claim_a", "claim_b", "resolved_by"]
    fields = ["what", "claim_a", "claim_b", "note", "resolved", "resolved_by", "resolved_at"]
    readonly_fields = ["what", "claim_a", "claim_b", "resolved_by", "resolved_at"]
    actions = ["mark_resolved"]

    def save_model(self, request, obj, form, change):
        if obj.resolved and ("resolved" in form.changed_data or "note" in form.changed_data):
            services.tension_resolve(tension=obj, editor=request.user, note=obj.note)
        elif form.changed_data:
            self.message_user(request, "A tension is settled by marking it resolved.", level=messages.WARNING)

    @admin.action(description="Mark the selected tensions resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        for tension in queryset.filter(resolved=False):
            services.tension_resolve(tension=tension, editor=request.user, note=tension.note)
