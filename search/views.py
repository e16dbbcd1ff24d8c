"""The search page: one box over speakers, quotes, claims and articles."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .selectors import KINDS, LABELS, PAGE_SIZE, search_site
from .text import clean_query


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@require_GET
def search(request):
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else None
    page = _page_number(request.GET.get("page")) if kind else 1
    results = search_site(query=query, kind=kind, page=page) if query else None

    def url(**params) -> str:
        return "?" + urlencode({"q": query, **params})

    if results and kind and page > 1 and results.groups and not results.groups[0].hits:
        return redirect(request.path + url(kind=kind))  # past the last page

    group = results.groups[0] if results and kind and results.groups else None
    context = {
        "query": query,
        "kind": kind,
        "kind_label": LABELS.get(kind or "", ""),
        "results": results,
        "sections": [{"group": g, "more_url": url(kind=g.kind)} for g in results.groups] if results else [],
        "all_url": url(),
        "previous_url": url(kind=kind, page=page - 1) if group and page > 1 else "",
        "next_url": url(kind=kind, page=page + 1) if group and group.total > page * PAGE_SIZE else "",
        "first_shown": (page - 1) * PAGE_SIZE + 1,
        "last_shown": (page - 1) * PAGE_SIZE + len(group.hits) if group else 0,
    }
    return render(request, "search/results.html", context)
