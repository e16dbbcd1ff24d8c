"""Editors correct the machine here; every save of a machine-made row marks it as an editor's."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias, Status, Tension
from .naming import name_key
from .services import MERGE_NEEDS_TWO, claim_rate, claim_rating_validate, speaker_merge, tension_resolve


class AliasKeysMixin:
    """Aliases typed in the admin get their lookup key; a speaker's are marked as an editor's."""

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.key = name_key(alias.alias)
            if hasattr(alias, "added_by_editor"):
                alias.added_by_editor = True
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["alias", "key", "added_by_editor"]
    readonly_fields = ["key", "added_by_editor"]


@admin.register(Speaker)
class SpeakerAdmin(AliasKeysMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "affiliation", "quote_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [SpeakerAliasInline]
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_quotes=Count("quotes"))

    @admin.display(description="quotes", ordering="n_quotes")
    def quote_count(self, obj):
        return obj.n_quotes

    @admin.action(description="Merge the selected speakers into the most quoted one")
    def merge_speakers(self, request, queryset):
        speakers = sorted(queryset, key=lambda s: (-s.n_quotes, s.pk))
        if len(speakers) < 2:
            self.message_user(request, MERGE_NEEDS_TWO, level=messages.WARNING)
            return
        keep = speaker_merge(keep=speakers[0], others=speakers[1:], editor=request.user)
        self.message_user(request, f"Merged {len(speakers) - 1} speaker(s) into {keep}.")


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["alias"]


@admin.register(Entity)
class EntityAdmin(AliasKeysMixin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [EntityAliasInline]


class ReviewedAdmin(SimpleHistoryAdmin):
    """Saving a machine-made row in the admin makes it an editor's: re-extraction will keep it."""

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            if obj.status == Status.MACHINE and "status" not in form.changed_data:
                obj.status = Status.CORRECTED
            obj.reviewed_by = request.user
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Quote)
class QuoteAdmin(ReviewedAdmin):
    list_display = ["text_start", "speaker", "speaker_mention", "kind", "confidence", "status", "article"]
    list_filter = ["status", "kind", "location"]
    search_fields = ["text", "speaker__name", "speaker_mention"]
    autocomplete_fields = ["speaker", "about"]
    list_select_related = ["speaker", "article"]
    readonly_fields = [
        "article",
        "start",
        "end",
        "fragments",
        "location",
        "caption_index",
        "reviewed_by",
        "reviewed_at",
    ]

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text[:80]


RATING_FIELDS = ("rating_value", "rating_label", "rating_note")


class ClaimAdminForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if any(f in self.changed_data for f in RATING_FIELDS) and (
            data.get("rating_label") or data.get("rating_value")
        ):
            claim_rating_validate(rating_value=data.get("rating_value"), rating_label=data.get("rating_label") or "")
        return data


@admin.register(Claim)
class ClaimAdmin(ReviewedAdmin):
    form = ClaimAdminForm
    list_display = ["text_start", "claimant", "checkworthiness", "status", "rating_label", "article"]
    list_filter = ["status"]
    search_fields = ["text", "claimant__name"]
    autocomplete_fields = ["claimant", "about"]
    list_select_related = ["claimant", "article"]
    readonly_fields = [
        "article",
        "quote",
        "start",
        "end",
        "fragments",
        "features",
        "reviewed_by",
        "reviewed_at",
        "rated_by",
        "rated_at",
    ]

    def save_model(self, request, obj, form, change):
        """A changed verdict goes through ``claim_rate``, which checks it and records who gave it."""
        if change and any(f in form.changed_data for f in RATING_FIELDS) and obj.rating_label:
            claim_rate(
                claim=obj,
                editor=request.user,
                rating_value=obj.rating_value or 0,
                rating_label=obj.rating_label,
                note=obj.rating_note,
            )
        super().save_model(request, obj, form, change)

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text[:80]


@admin.register(Tension)
class TensionAdmin(admin.ModelAdmin):
    list_display = ["what", "claim_a", "claim_b", "resolved", "resolved_by"]
    list_filter = ["resolved"]
    list_select_related = ["claim_a", "claim_b", "resolved_by"]
    fields = ["what", "claim_a", "claim_b", "note", "resolved", "resolved_by", "resolved_at"]
    readonly_fields = ["what", "claim_a", "claim_b", "resolved_by", "resolved_at"]
    actions = ["mark_resolved"]

    def save_model(self, request, obj, form, change):
        if obj.resolved and "resolved" in form.changed_data:
            tension_resolve(tension=obj, editor=request.user, note=obj.note)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Mark the selected tensions resolved")
    def mark_resolved(self, request, queryset):
        for tension in queryset.filter(resolved=False):
            tension_resolve(tension=tension, editor=request.user, note=tension.note)
