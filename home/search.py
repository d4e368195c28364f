"""Site search: the live public pages of the reader's language.

On PostgreSQL, Wagtail's database backend uses full-text search with the French
dictionary (stemming, accents), see WAGTAILSEARCH_BACKENDS in the settings.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(query, operator="and")
        )
        paginator = Paginator(pages, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return render(request, "home/search.html", {"query": query, "results": results})
