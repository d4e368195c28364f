"""« Toutes les actions »: every action of the plan in one listing that stays the
same size whatever the plan's (`<plan>/actions/`, a route of the plan page).

The plan's filters (axis, status, department) plus a text search and a sort
(plan order, most or least advanced, latest change), read from the query string
by the same form rules as the plan's (policy.filters: a value the page does not
offer is a 400 page that says so), then PER_PAGE actions a page: the address of
a page, with its filters and sort, is the one readers share. Filtering, sorting
and counting happen in the database: the page reads the same number of queries
for 28 actions or 500 (the plan's axes and objectives, the departments, the
count, the page's actions, their ancestors' titles from the levels already
read)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .filters import (
    FILTER_KEYS,
    ActionFilterForm,
    ActionFilters,
    departments_of,
    without_empty_fields,
)
from .models import (
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AxisPage,
    ObjectivePage,
)
from .models.plan import listed
from .progress import live_actions

if TYPE_CHECKING:
    from .models import MasterPlanPage

PER_PAGE = 25
MAX_QUERY_LENGTH = 100
INDEX_KEYS = (*FILTER_KEYS, "q", "sort")
SORTS = {
    "": ("path",),
    "progress": ("-progress", "path"),
    "progress_asc": ("progress", "path"),
    "recent": (F("last_change").desc(nulls_last=True), "path"),
}
SORT_CHOICES = [
    ("", _("Plan order")),
    ("progress", _("Most advanced first")),
    ("progress_asc", _("Least advanced first")),
    ("recent", _("Latest change first")),
]


class ActionIndexForm(ActionFilterForm):
    """The plan's filters, a text to search for and a sort."""

    filter_keys = INDEX_KEYS

    q = forms.CharField(
        label=_("Words to find"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)


def department_names(plan: MasterPlanPage) -> list[str]:
    """The department names the plan's live actions give, as written: one
    query."""
    return list(
        live_actions(plan)
        .exclude(department="")
        .order_by()
        .values_list("department", flat=True)
        .distinct()
    )


def last_change() -> Subquery:
    """The date of an action's latest standing history entry (shared by its
    translations), as residents read it, in the listing's own query."""
    return Subquery(
        ActionStatusChange.objects.filter(
            action__translation_key=OuterRef("translation_key")
        )
        .standing()
        .annotate(shown=Coalesce("corrected_date", "date"))
        .order_by("-shown")
        .values("shown")[:1]
    )


def matching(
    plan: MasterPlanPage,
    filters: ActionFilters,
    text: str,
    sort: str,
    names: list[str],
    objective_paths: list[str],
) -> QuerySet[ActionPage]:
    """The plan's live actions that the filters keep and that contain `text`
    (title, summary or department), in the order `sort` names; `names` are
    the departments' names as written (department_names); only the actions
    of the live objectives (`objective_paths`) of live axes are listed, as on
    the objective pages."""
    actions = (
        live_actions(plan)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=objective_paths)
        .annotate(last_change=last_change())
    )
    if filters.axis:
        actions = actions.filter(path__startswith=filters.axis.path)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.department:
        # Department names are free text: every spelling with the same slug.
        actions = actions.filter(
            department__in=[
                name for name in names if slugify(name) == filters.department.slug
            ]
        )
    if text:
        actions = actions.filter(
            Q(title__icontains=text)
            | Q(introduction__icontains=text)
            | Q(department__icontains=text)
        )
    return actions.order_by(*SORTS[sort])


def attach_levels(
    actions: list[ActionPage], axes: list[AxisPage], objectives: list[ObjectivePage]
) -> None:
    """Give each action its `index_axis` and `index_objective`, from the plan's
    axes and objectives already read: no query."""
    by_path = {page.path: page for page in (*axes, *objectives)}
    step = Page.steplen
    for action in actions:
        action.index_objective = by_path.get(action.path[:-step])
        action.index_axis = by_path.get(action.path[: -2 * step])


def page_of(actions: QuerySet[ActionPage], number: Any) -> PaginatorPage:
    """One page of PER_PAGE actions; a page that does not exist is a 404."""
    paginator = Paginator(actions, PER_PAGE)
    try:
        return paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def actions_view(plan: MasterPlanPage, request: HttpRequest) -> HttpResponse:
    """The route `actions/` of the plan: a query string with empty fields is
    redirected to the one without them (the address people share), invalid
    filters are a 400 page that says what is wrong."""
    base = (plan.get_url(request) or "") + plan.reverse_subpage("actions")
    query = without_empty_fields(request.GET, INDEX_KEYS)
    if query is not None:
        return redirect(base + query)
    context = index_context(plan, request)
    context["actions_url"] = base
    response = plan.render(
        request,
        template="policy/master_plan_actions.html",
        context_overrides=context,
    )
    if context["filters"] is None:
        response.status_code = 400
    return response


def index_context(plan: MasterPlanPage, request: HttpRequest) -> dict[str, Any]:
    """What policy/master_plan_actions.html shows; `filters` None when the
    query string is not valid (the page is then a 400 with the form's errors)."""
    names = department_names(plan)
    found_departments = departments_of([SimpleNamespace(department=n) for n in names])
    axes = listed(AxisPage, plan)
    form = ActionIndexForm(
        request.GET,
        axes=axes,
        statuses=ActionStatus.choices,
        departments=found_departments,
    )
    filters = form.filters()
    context: dict[str, Any] = {
        "filter_form": form,
        "filters": filters,
        "filter_axes": axes,
        "statuses": ActionStatus.choices,
        "departments": found_departments,
        "sorts": SORT_CHOICES,
        "query": "",
        "sort": "",
        "actions": None,
        "noindex": True,
    }
    if filters is None:
        return context
    text = form.cleaned_data["q"]
    sort = form.cleaned_data["sort"] or ""
    axis_paths = {axis.path for axis in axes}
    objectives = [
        objective
        for objective in listed(ObjectivePage, plan)
        if objective.path[: -Page.steplen] in axis_paths
    ]
    found = matching(plan, filters, text, sort, names, [o.path for o in objectives])
    page = page_of(found, request.GET.get("page"))
    actions = list(page.object_list)
    attach_levels(actions, axes, objectives)
    context.update(
        {
            "actions": actions,
            "page_obj": page,
            "paginator": page.paginator,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "query": text,
            "sort": sort,
            "searching": bool(text) or filters.active,
            "noindex": bool(text) or filters.active or bool(sort) or page.number > 1,
        }
    )
    return context
