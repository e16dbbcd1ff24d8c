from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from claims import selectors
from claims.forms import QuoteAddForm
from claims.models import SpeakerKind

from .filters import ArticleFilter
from .models import Article


def article_list(request):
    articles = Article.objects.select_related("outlet").with_counts().newest_first()
    articles = ArticleFilter(request.GET, queryset=articles)
    page = selectors.paginate(articles.qs, request.GET.get("page"))
    return render(request, "articles/article_list.html", {"filter": articles, "page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    return render_article(request, article)


def render_article(
    request, article: Article, *, fragment: bool = False, add_form: QuoteAddForm | None = None, status: int = 200
):
    """The article page; with ``fragment``, only its main part (what the correction forms swap in place).

    Editors (who may change quotes) also get the correction forms and the rejected quotes.
    """
    can_change = request.user.has_perm("claims.change_quote")
    can_add = request.user.has_perm("claims.add_quote")
    view = selectors.article_page(article, with_rejected=can_change)
    # A message about a rejected quote is shown next to it: open the list of rejected quotes then.
    anchors = {message.extra_tags for message in messages.get_messages(request)}
    context = {
        "view": view,
        "can_change": can_change,
        "can_add": can_add,
        "can_add_speaker": request.user.has_perm("claims.add_speaker"),
        "speaker_kinds": SpeakerKind.choices,
        "rejected_open": any(quote.anchor in anchors for quote in view.rejected),
        "add_form": (add_form or QuoteAddForm(article=article)) if can_add else None,
    }
    template = "articles/article_detail.html" + ("#article-layout" if fragment else "")
    return render(request, template, context, status=status)
