"""The master plan's contributions to other apps' pages, to the demo data and to
the admin, through their hooks (so that the other apps never import `policy`)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from wagtail import hooks

from .charts import stack_segments
from .history_admin import (
    ActionHistoryViewSet,
    action_history_viewset,
    history_header_button,
    register_history_log_actions,
)
from .import_admin import (
    admin_urls,
    import_log_menu_item,
    import_menu_item,
    register_import_log_action,
)
from .listing import ActionListingViewSet, action_listing_viewset
from .models import ActionNewsLink, ActionPage, MasterPlanPage
from .progress import plan_figures


@hooks.register("news_page_sections")
def actions_reported_on(request: HttpRequest, page) -> dict | None:
    """The actions of the master plan that the article reports on, in the
    article's language (an action not translated into it is left out): two
    queries."""
    keys = ActionNewsLink.objects.filter(
        article__translation_key=page.translation_key
    ).values("page__translation_key")
    actions = list(
        ActionPage.objects.live()
        .public()
        .filter(translation_key__in=keys, locale_id=page.locale_id)
        .order_by("path")
    )
    if not actions:
        return None
    return {
        "template": "policy/includes/article_actions.html",
        "order": 50,
        "stylesheets": ["css/policy.css"],
        "actions": actions,
    }


@hooks.register("home_page_sections")
def plan_progress_section(request: HttpRequest, page) -> dict | None:
    """The master plan under the home page (so in its language): its overall
    progress and counts per status, and a link to it; nothing without a live plan.
    Three queries (the plan, view restrictions, its actions' figures)."""
    plan = MasterPlanPage.objects.live().public().child_of(page).first()
    if plan is None:
        return None
    figures = plan_figures(plan)
    return {
        "template": "policy/includes/home_plan.html",
        "order": 20,
        "stylesheets": ["css/policy-figures.css"],
        "plan": plan,
        "figures": figures,
        "segments": stack_segments(figures.counts),
        "prefix": "policy-home-figures",
    }


@hooks.register("register_admin_viewset")
def register_action_listing() -> ActionListingViewSet:
    """The editors' listing of every action of the plan (« Master plan actions »)."""
    return action_listing_viewset


@hooks.register("register_admin_viewset")
def register_action_history() -> ActionHistoryViewSet:
    """The managers' corrections of the actions' public history (« Action
    history »)."""
    return action_history_viewset


hooks.register("register_page_header_buttons", history_header_button)


@hooks.register("register_log_actions")
def history_log_actions(actions) -> None:
    register_history_log_actions(actions)


@hooks.register("register_admin_urls")
def register_plan_import_urls() -> list:
    """Updating the actions from a spreadsheet: upload, preview, confirm; the
    log of the imports."""
    return admin_urls()


hooks.register("register_admin_menu_item", import_menu_item)
hooks.register("register_admin_menu_item", import_log_menu_item)


@hooks.register("register_log_actions")
def plan_import_log_action(actions) -> None:
    register_import_log_action(actions)


@hooks.register("load_demo_data")
def load_policy_demo_data() -> Path:
    """The master plan's demo content: data files read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"


# Awards and labels: their admin, home section, structured data and the article
# that announces them; the data schemas of the open-data resources and their
# checks (modules of their own, registered on import).
from . import awards_hooks, schemas_admin  # noqa: E402, F401
from .opendata_hooks import datasets_section  # noqa: E402, F401  (open data's hooks)
