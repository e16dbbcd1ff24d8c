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
    readonly_fields = [
        "checksum",
        "raw_text",
        "ingested_at",
        "extracted_at",
        "extractor_version",
        "source_name",
    ]
    prepopulated_fields = {}
