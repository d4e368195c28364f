"""The master plan and its strategic axes and objectives: the levels above the
actions, pages so that each has its address, preview, scheduling and translation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from home.bases import follow_source
from home.blocks import BaseStreamBlock
from home.caching.fragments import deferred, fragment, may_cache
from home.models import BodyPage, SitePage
from home.translation.facts import FACTS

from .. import export
from ..filters import (
    FILTER_KEYS,
    ActionFilters,
    departments_of,
    without_empty_fields,
)
from ..structured_data import plan_structured_data
from .action import ActionPage
from .status import ActionStatus

# What the plan's page and routes take from the modules that read the models (the
# figures, policy.progress; « All the actions », policy.action_index): given by
# the app once loaded (policy.apps), so that the models import neither.
PLAN_VIEWS: dict[str, Callable[..., Any]] = {}
# What the plan page's cached fragment shows (policy/master_plan_page.html).
PLAN_BODY = ("axes", "filter_axes", "departments", "action_count")

# An axis or an objective lists its actions whole up to this many, then a page of
# them at a time (the plan page lists none: « All the actions » does).
LEVEL_PAGE_SIZE = 50


def listed(model: type[Page], root: Page) -> list:
    """The live, public pages of `model` under `root` in its language, in tree
    order: one query whatever their number."""
    return list(
        model.objects.live()
        .public()
        .descendant_of(root)
        .filter(locale_id=root.locale_id)
        .order_by("path")
    )


def attach_children(parents: list[Page], children: list[Page], name: str) -> None:
    """Set `name` on each parent to the list of its children found in `children`,
    grouped by tree path, without queries."""
    by_path: dict[str, list[Page]] = {parent.path: [] for parent in parents}
    for child in children:
        siblings = by_path.get(child.path[: -Page.steplen])
        if siblings is not None:
            siblings.append(child)
    for parent in parents:
        setattr(parent, name, by_path[parent.path])


def live_children(model: type[Page], root: Page) -> models.QuerySet:
    """The live, public pages of `model` under `root` in its language, in tree
    order, as a query (for a page of them)."""
    return (
        model.objects.live()
        .public()
        .descendant_of(root)
        .filter(locale_id=root.locale_id)
        .order_by("path")
    )


def paginated(
    request: HttpRequest, pages: models.QuerySet
) -> tuple[list, PaginatorPage | None]:
    """All of `pages` when there are LEVEL_PAGE_SIZE or fewer, else the page the
    query string asks for (a page that does not exist is a 404), and the
    paginator's page (None when not paginated)."""
    paginator = Paginator(pages, LEVEL_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
    return list(page.object_list), page if paginator.num_pages > 1 else None


class MasterPlanPage(RoutablePageMixin, BodyPage):
    """The digital master plan (« schéma directeur du numérique ») the council
    adopted: editors give its period, its adoption and the original document, and
    write an introduction; its children are the strategic axes. The page lists every
    axis, objective and action with their status and progress, which residents
    filter by axis, status and department, and offers the actions as open data
    (CSV and JSON, at `actions/csv/` and `actions/json/` under the plan; the
    CSV's columns as spreadsheets at `actions/ods/` and `actions/xlsx/`, the
    template of an update from a spreadsheet, policy.plan_import)."""

    period_start = models.PositiveSmallIntegerField(
        _("first year"),
        help_text=_("The year the plan starts, e.g. 2020."),
    )
    period_end = models.PositiveSmallIntegerField(
        _("last year"),
        help_text=_("The year the plan ends, e.g. 2026. Not before the first year."),
    )
    adoption_date = models.DateField(
        _("adoption date"),
        null=True,
        blank=True,
        help_text=_("The day the municipal council adopted the plan."),
    )
    deliberation_reference = models.CharField(
        _("deliberation reference"),
        max_length=100,
        blank=True,
        help_text=_(
            "The council's deliberation that adopted the plan, e.g. « Délibération "
            "n° 2021-045 »."
        ),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("original document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The plan as adopted (PDF), offered for download."),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Free content shown before the axes: context, method, contacts."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policy.AxisPage"]
    max_count_per_parent = 1

    # The plan's period and adoption read the same in every language.
    override_translatable_fields = follow_source(*FACTS["policy.MasterPlanPage"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("period_start"),
                FieldPanel("period_end"),
                FieldPanel("adoption_date"),
                FieldPanel("deliberation_reference"),
            ],
            heading=_("Period and adoption"),
        ),
        FieldPanel("document"),
        FieldPanel("body"),
    ]
    api_fields = [
        *SitePage.api_fields,
        APIField("period_start"),
        APIField("period_end"),
        APIField("adoption_date"),
        APIField("deliberation_reference"),
        APIField("document"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("master plan")
        verbose_name_plural = _("master plans")

    def clean(self) -> None:
        super().clean()
        if (
            self.period_start is not None
            and self.period_end is not None
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The last year cannot come before the first year.")}
            )

    def downloads(self, request: HttpRequest | None) -> list[dict[str, str]]:
        """The open-data exports: their address, media type, name and what they
        hold."""
        base = self.get_url(request) or ""
        return [
            {
                "format": "CSV",
                "media_type": "text/csv",
                "url": base + self.reverse_subpage("actions_csv"),
                "name": _("The plan's actions (CSV)"),
                "description": _(
                    "A table for spreadsheet software: comma-separated, one row "
                    "per action."
                ),
            },
            {
                "format": "ODS",
                "media_type": export.SPREADSHEET_TYPES["ods"],
                "url": base + self.reverse_subpage("actions_ods"),
                "name": _("The plan's actions (ODS)"),
                "description": _(
                    "The same table as an OpenDocument spreadsheet (LibreOffice): "
                    "the template a department fills in to update its actions."
                ),
            },
            {
                "format": "XLSX",
                "media_type": export.SPREADSHEET_TYPES["xlsx"],
                "url": base + self.reverse_subpage("actions_xlsx"),
                "name": _("The plan's actions (XLSX)"),
                "description": _("The same table as an Excel spreadsheet."),
            },
            {
                "format": "JSON",
                "media_type": "application/json",
                "url": base + self.reverse_subpage("actions_json"),
                "name": _("The plan's actions (JSON)"),
                "description": _(
                    "For programs: the plan's period and adoption, then its "
                    "actions with their indicators as lists."
                ),
            },
        ]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """The plan whatever its size: its figures, each axis with its own
        figures and its objectives (links), the form that leads to « All the
        actions », and the open data. The actions themselves are listed by the
        objective pages and « All the actions » (policy.action_index): the page
        reads the same queries and weighs about the same for 28 actions or 500."""
        context = super().get_context(request, *args, **kwargs)
        built = functools.cache(lambda: self._plan_context(request))
        # The axes, figures and filters are read by the template's cached
        # fragment only when it is not in the cache (no query then); the head's
        # links and JSON-LD are kept the same way.
        context.update(
            {name: deferred(lambda name=name: built()[name]) for name in PLAN_BODY}
        )
        context.update(
            fragment(
                request,
                lambda: {
                    "downloads": built()["downloads"],
                    "structured_data": built()["structured_data"],
                },
                "plan-head",
                self.pk,
            )
        )
        context.update(
            {
                "filter_form": None,
                "filters": ActionFilters(),
                "statuses": ActionStatus.choices,
                "actions_url": (self.get_url(request) or "")
                + self.reverse_subpage("actions"),
                "noindex": False,
            }
        )
        return context

    def _plan_context(self, request: HttpRequest) -> dict:
        figures = PLAN_VIEWS["figures"]
        axes = self.levels()
        rows = list(
            self.live_actions().values_list("path", "status", "progress", "department")
        )
        step = Page.steplen
        # The actions of live objectives of live axes, as the site lists them.
        shown = {objective.path for axis in axes for objective in axis.plan_objectives}
        rows = [row for row in rows if row[0][:-step] in shown]
        for axis in axes:
            axis.plan_figures = figures(
                (status, progress)
                for path, status, progress, _department in rows
                if path.startswith(axis.path)
            )
            for objective in axis.plan_objectives:
                objective.action_count = sum(
                    1 for row in rows if row[0][:-step] == objective.path
                )
        departments = departments_of(
            [SimpleNamespace(department=row[3]) for row in rows if row[3]]
        )
        downloads = self.downloads(request)
        structured_data = plan_structured_data(
            self,
            axes,
            request,
            [{**d, "url": request.build_absolute_uri(d["url"])} for d in downloads],
        )
        return {
            "axes": axes,
            "filter_axes": axes,
            "departments": departments,
            "action_count": len(rows),
            "downloads": downloads,
            "structured_data": structured_data,
        }

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The plan; the addresses of its filters (`?status=done`, shared before
        the actions had their own listing) lead to « All the actions » with the
        same filters."""
        query = without_empty_fields(request.GET)
        if query is not None:
            return redirect(self.get_url(request) + query)
        if any(key in request.GET for key in FILTER_KEYS):
            return redirect(
                self.get_url(request)
                + self.reverse_subpage("actions")
                + "?"
                + request.GET.urlencode()
            )
        return super().index_route(request, *args, **kwargs)

    @path("actions/", name="actions")
    def actions_index(self, request: HttpRequest) -> HttpResponse:
        """« All the actions » (policy.action_index)."""
        return PLAN_VIEWS["actions"](self, request)

    def levels(self) -> list[AxisPage]:
        """The live axes, each with its live objectives (`plan_objectives`), in
        tree order: two queries, whatever the number of actions."""
        axes = listed(AxisPage, self)
        attach_children(axes, listed(ObjectivePage, self), "plan_objectives")
        return axes

    def live_actions(self) -> models.QuerySet[ActionPage]:
        """The plan's live, public actions in its language (what it exports)."""
        return (
            ActionPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(locale_id=self.locale_id)
        )

    @path("progress/csv/", name="progress_csv")
    def progress_csv(self, request: HttpRequest) -> HttpResponse:
        """The plan's overall progress at every change date (the chart draws
        the dates that move it): date, exact progress, rounded progress."""
        return export.progress_response(self, PLAN_VIEWS["series"](self))

    @path("actions/csv/", name="actions_csv")
    def actions_csv(self, request: HttpRequest) -> HttpResponse:
        return export.csv_response(self, self.live_actions(), self.levels(), request)

    @path("actions/ods/", name="actions_ods")
    def actions_ods(self, request: HttpRequest) -> HttpResponse:
        return export.spreadsheet_response(
            self, self.live_actions(), self.levels(), request, "ods"
        )

    @path("actions/xlsx/", name="actions_xlsx")
    def actions_xlsx(self, request: HttpRequest) -> HttpResponse:
        return export.spreadsheet_response(
            self, self.live_actions(), self.levels(), request, "xlsx"
        )

    @path("actions/json/", name="actions_json")
    def actions_json(self, request: HttpRequest) -> HttpResponse:
        return export.json_response(self, self.live_actions(), self.levels(), request)


def level_context(
    request: HttpRequest, context: dict, listing: Callable[[HttpRequest], dict]
) -> dict:
    """An axis's or an objective's list: on its first page, read by the
    template's cached fragment only when it is not in the cache; any other
    address (a page number, a preview) afresh."""
    if request.GET or not may_cache(request):
        context.update(listing(request))
        context["fragments_off"] = True
        return context
    built = functools.cache(lambda: listing(request))
    for name in ("objectives", "actions", "page_obj"):
        context[name] = deferred(lambda name=name: built().get(name))
    return context


class PlanLevelPage(BodyPage):
    """What an axis and an objective share: an introduction and free content
    shown before the list of what they hold (objectives or actions), found by
    search and given by the API."""

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Free content shown before the list of objectives or actions."),
    )

    class Meta:
        abstract = True


class AxisPage(PlanLevelPage):
    """A strategic axis of the plan (digital inclusion, sober IT, services to
    residents, ethics...): editors introduce it; its children are objectives. The
    page lists its objectives and their actions, LEVEL_PAGE_SIZE actions a page
    past that many."""

    parent_page_types = ["policy.MasterPlanPage"]
    subpage_types = ["policy.ObjectivePage"]

    class Meta:
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return level_context(request, context, self._listing)

    def _listing(self, request: HttpRequest) -> dict:
        objectives = listed(ObjectivePage, self)
        actions, page = paginated(request, live_children(ActionPage, self))
        attach_children(objectives, actions, "plan_actions")
        if page is not None:
            # A page of a long axis shows the objectives of its actions.
            objectives = [o for o in objectives if o.plan_actions]
        return {"objectives": objectives, "page_obj": page}


class ObjectivePage(PlanLevelPage):
    """An objective of an axis: what the commune wants to reach. Its children are
    the actions that get it there; the page lists them, LEVEL_PAGE_SIZE a page
    past that many."""

    parent_page_types = ["policy.AxisPage"]
    subpage_types = ["policy.ActionPage"]

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return level_context(request, context, self._listing)

    def _listing(self, request: HttpRequest) -> dict:
        actions, page = paginated(request, live_children(ActionPage, self))
        return {"actions": actions, "page_obj": page}
