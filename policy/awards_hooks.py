"""The awards' admin (snippets under « Awards and labels ») and their
contributions to other apps' pages: the home page's latest awards, the commune's
structured data and the article that announces an award. Loaded by
wagtail_hooks; `home` and `news` never import it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from home.editorial.snippet_rights import TranslatableSnippetViewSet

from .awards import award_labels
from .models import Award, AwardingBody, AwardsPage
from .models.awards import published_awards

HOME_AWARDS = 3
STYLESHEET = "css/awards.css"


class AwardViewSet(TranslatableSnippetViewSet):
    model = Award
    icon = "success"
    menu_label = _("Awards")
    list_display = ["__str__", "awarding_body", "year", "locale", "live"]
    list_filter = ["year", "awarding_body", "locale"]
    search_fields = ["name", "description"]
    ordering = ["-year", "name"]


class AwardingBodyViewSet(TranslatableSnippetViewSet):
    model = AwardingBody
    icon = "group"
    menu_label = _("Awarding bodies")
    list_display = ["name", "slug", "website", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "description"]


class AwardsViewSetGroup(SnippetViewSetGroup):
    items = (AwardViewSet, AwardingBodyViewSet)
    menu_icon = "success"
    menu_label = _("Awards and labels")
    menu_name = "awards"
    menu_order = 320


register_snippet(AwardsViewSetGroup)


def awards_page_of(page: Page) -> AwardsPage | None:
    """The live awards page of `page`'s site and language: one query."""
    home_path = page.path[: Page.steplen * 2]
    return (
        AwardsPage.objects.live()
        .public()
        .filter(locale_id=page.locale_id, path__startswith=home_path)
        .order_by("path")
        .first()
    )


@hooks.register("home_page_sections")
def latest_awards_section(request: HttpRequest, page: Page) -> dict | None:
    """The most recent awards of the home page's language: three queries
    (awards, their mentions, the awards page)."""
    awards = list(published_awards(page.locale_id)[:HOME_AWARDS])
    if not awards:
        return None
    return {
        "order": 30,
        "template": "policy/includes/home_latest_awards.html",
        "stylesheets": [STYLESHEET],
        "awards": awards,
        "awards_page": awards_page_of(page),
    }


@hooks.register("organization_structured_data")
def organization_awards(request: HttpRequest, page: Page) -> dict | None:
    """The commune's awards (schema.org `award`), in the page's language, from
    the same records as the awards page: two queries (awards, mentions)."""
    labels = award_labels(published_awards(page.locale_id))
    return {"award": labels} if labels else None


@hooks.register("news_page_sections")
def awards_announced(request: HttpRequest, page: Page) -> dict | None:
    """The awards an article announces (the article or its source), in the
    article's language: two queries, and one for the awards page when there are
    some."""
    awards = list(
        published_awards(page.locale_id).filter(
            article__translation_key=page.translation_key
        )
    )
    if not awards:
        return None
    return {
        "template": "policy/includes/article_awards.html",
        "order": 40,
        "stylesheets": [STYLESHEET],
        "awards": awards,
        "awards_page": awards_page_of(page),
    }
