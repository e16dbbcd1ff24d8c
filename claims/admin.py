"""Editors correct the machine here; every save of a machine-made row marks it as an editor's."""

from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias, Status, Tension


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["alias", "key", "added_by_editor"]
    readonly_fields = ["key"]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [SpeakerAliasInline]

    def save_formset(self, request, form, formset, change):
        from .naming import name_key

        for alias in formset.save(commit=False):
            alias.key = name_key(alias.alias)
            alias.added_by_editor = True
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["alias"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [EntityAliasInline]

    def save_formset(self, request, form, formset, change):
        from .naming import name_key

        for alias in formset.save(commit=False):
            alias.key = name_key(alias.alias)
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


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


@admin.register(Claim)
class ClaimAdmin(ReviewedAdmin):
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
    ]

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text[:80]


@admin.register(Tension)
class TensionAdmin(admin.ModelAdmin):
    list_display = ["what", "resolved"]
    list_filter = ["resolved"]
