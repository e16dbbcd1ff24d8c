from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from claims.models import Status

from .models import Article

PAGE_SIZE = 50


def article_list(request):
    articles = Article.objects.select_related("outlet").with_counts().newest_first()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    quotes = article.quotes.exclude(status=Status.REJECTED).select_related("speaker").prefetch_related("about")
    claims = article.claims.exclude(status=Status.REJECTED).select_related("claimant").prefetch_related("about")
    return render(request, "articles/article_detail.html", {"article": article, "quotes": quotes, "claims": claims})
