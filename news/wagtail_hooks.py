"""Admin registration of news categories, and the news app's contributions to the
home page and to the demo data (through hooks, so that `home` never imports us)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from home.editorial.snippet_rights import TranslatableSnippetViewSet

from .models import NewsCategory, NewsIndexPage, article_queryset, attach_categories

HOME_ARTICLES = 3


class NewsCategoryViewSet(TranslatableSnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "description"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(NewsCategoryViewSet)


@hooks.register("home_page_sections")
def latest_news_section(request: HttpRequest, page: Page) -> dict | None:
    """The three latest articles of the home page's language."""
    articles = list(
        article_queryset(page.locale_id).descendant_of(page)[:HOME_ARTICLES]
    )
    if not articles:
        return None
    attach_categories(articles, page.locale_id)
    index = NewsIndexPage.objects.live().public().child_of(page).first()
    return {
        "order": 10,
        "template": "news/includes/home_latest_news.html",
        "stylesheets": ["css/news.css"],
        "articles": articles,
        "index": index,
    }


@hooks.register("load_demo_data")
def load_news_demo_data() -> Path:
    """The news section's demo content: data files read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"
