from django.contrib import admin

from .models import Article, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published", "source_name", "ingested_at"]
    list_filter = ["outlet"]
    search_fields = ["headline", "source_name", "body"]
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
