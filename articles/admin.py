from django.contrib import admin

from claims.admin import ClaimInline, QuoteInline, article_inlines_save

from .models import Article, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published", "quote_count", "claim_count", "source_name", "ingested_at"]
    list_filter = ["outlet"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "source_name", "body"]
    # Quotes and claims the machine missed are added here; existing ones are corrected on their own pages.
    inlines = [QuoteInline, ClaimInline]
    # The text is the source as published: editors correct quotes and claims, not the article.
    # Only the outlet and the date can be set here (a re-ingest of a changed file keeps them).
    readonly_fields = [
        "slug",
        "kicker",
        "headline",
        "standfirst",
        "body",
        "captions",
        "credits",
        "crossheads",
        "author",
        "url",
        "source_name",
        "checksum",
        "raw_text",
        "ingested_at",
        "extracted_at",
        "extractor_version",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    def save_formset(self, request, form, formset, change):
        if not article_inlines_save(request, form.instance, formset):
            super().save_formset(request, form, formset, change)
