from django.shortcuts import get_object_or_404, render

from claims import selectors

from .filters import ArticleFilter
from .models import Article


def article_list(request):
    articles = Article.objects.select_related("outlet").with_counts().newest_first()
    articles = ArticleFilter(request.GET, queryset=articles)
    page = selectors.paginate(articles.qs, request.GET.get("page"))
    return render(request, "articles/article_list.html", {"filter": articles, "page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    return render(request, "articles/article_detail.html", {"view": selectors.article_page(article)})
