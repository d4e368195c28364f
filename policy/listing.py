"""The editors' listing of the master plan's actions: every action of the plan in
one table (axis, status, progress, last update), filtered and sorted, from which
an editor opens the action to update it. The page tree stays the place to write
the plan; this is where its progress is kept up to date."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import (
    BooleanRadioSelect,
    DateRangePickerWidget,
    WagtailFilterSet,
)
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .import_admin import may_import
from .models import ActionPage, ActionStatus, AxisPage, ObjectivePage

# Wagtail's page listings are open to whoever may add, edit or publish pages.
EDITING_PERMISSIONS = {"add", "change", "publish"}

# Status in the order an action goes through them, rather than alphabetical.
STATUS_ORDER = [
    ActionStatus.PLANNED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.ABANDONED,
]


def ancestor_title(model: type[Page], generations: int) -> Subquery:
    """The title of the action's ancestor `generations` levels up, read in the
    listing's own query: its tree path is a prefix of the action's."""
    cut = Length(OuterRef("path")) - generations * Page.steplen
    return Subquery(
        model.objects.filter(path=Substr(OuterRef("path"), 1, cut)).values("title")[:1]
    )


class AxisChoiceField(forms.ModelChoiceField):
    """Axes are named with their language: each language has its own."""

    def label_from_instance(self, obj: AxisPage) -> str:
        return f"{obj.title} ({obj.locale.get_display_name()})"


class AxisFilter(django_filters.ModelChoiceFilter):
    field_class = AxisChoiceField

    def filter(self, qs: QuerySet, value: AxisPage | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(path__startswith=value.path)


def departments() -> list[tuple[str, str]]:
    """The departments named by actions, each once: one query."""
    names = (
        ActionPage.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


class ActionFilterSet(WagtailFilterSet):
    """Filters of the listing; the language filter is added by Wagtail."""

    axis = AxisFilter(
        label=_("Axis"),
        queryset=AxisPage.objects.select_related("locale").order_by(
            "locale_id", "path"
        ),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ActionStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    department = django_filters.ChoiceFilter(
        label=_("Responsible department"),
        choices=departments,
        empty_label=_("All"),
    )
    live = django_filters.BooleanFilter(label=_("Published"), widget=BooleanRadioSelect)
    latest_revision_created_at = django_filters.DateFromToRangeFilter(
        label=_("Last update"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ActionPage
        fields: list[str] = []


class ActionIndexView(IndexView):
    """Wagtail's page listing, with the axis and objective of each action read in
    the same query and the status sorted in its natural order."""

    default_ordering = "path"
    page_title = _("Master plan actions")

    def annotate_queryset(self, pages: QuerySet) -> QuerySet:
        pages = super().annotate_queryset(pages)
        return pages.annotate(
            axis_title=ancestor_title(AxisPage, 2),
            objective_title=ancestor_title(ObjectivePage, 1),
            status_rank=Case(
                *(
                    When(status=status, then=Value(rank))
                    for rank, status in enumerate(STATUS_ORDER)
                ),
                output_field=IntegerField(),
            ),
        )

    def order_queryset(self, queryset: QuerySet) -> QuerySet:
        # The search backend sorts by indexed fields only, not by annotations.
        if self.is_searching and self.ordering in ("status_rank", "-status_rank"):
            return queryset.order_by(self.ordering.replace("status_rank", "status"))
        return super().order_queryset(queryset)

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        """« Update actions from a spreadsheet » beside the title, for those who may
        (policy.import_admin)."""
        buttons = list(super().header_buttons)
        if may_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Update actions from a spreadsheet"),
                    url=reverse("plan_import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_table_kwargs(self) -> dict[str, Any]:
        """After publishing an action, the editor comes back to the listing as
        they left it: same filters, order and page."""
        kwargs = super().get_table_kwargs()
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        kwargs["actions_next_url"] = (
            f"{self.index_url}?{query.urlencode()}" if query else self.index_url
        )
        return kwargs

    def render_to_response(self, context: dict, **kwargs: Any) -> HttpResponse:
        """A filter given a value it does not know is a bad request: the form says
        which one, rather than a listing that silently ignores it."""
        response = super().render_to_response(context, **kwargs)
        if self.filters is not None and not self.filters.is_valid():
            response.status_code = 400
        return response


class ActionTitleColumn(PageTitleColumn):
    """The title, linked to the edit view, and its language, without Wagtail's
    menu of page actions (its buttons cost queries for every row)."""

    cell_template_name = "policy/admin/action_title_cell.html"


class AxisObjectiveColumn(Column):
    """The axis and, under it, the objective: one column rather than two, so that
    the listing's words fit whole down to 1024 pixels (see
    static/css/admin-listings.css)."""

    cell_template_name = "policy/admin/axis_objective_cell.html"


class ActionMenuItem(MenuItem):
    """Shown to those who may edit pages, as the listing is."""

    def is_shown(self, request: Any) -> bool:
        return PagePermissionPolicy().user_has_any_permission(
            request.user, EDITING_PERMISSIONS
        )


def progress_percent(page: ActionPage) -> str:
    return _("%(progress)s%%") % {"progress": page.progress}


class ActionListingViewSet(PageListingViewSet):
    """« Master plan actions » in the admin menu."""

    model = ActionPage
    index_view_class = ActionIndexView
    icon = "tasks"
    menu_label = _("Master plan actions")
    menu_name = "master-plan-actions"
    add_to_admin_menu = True
    menu_order = 250
    menu_item_class = ActionMenuItem
    filterset_class = ActionFilterSet
    columns = [
        ActionTitleColumn(
            "title", label=_("Title"), sort_key="title", classname="title"
        ),
        AxisObjectiveColumn("axis", label=_("Axis and objective")),
        Column(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            sort_key="status_rank",
        ),
        Column(
            "progress",
            label=_("Progress"),
            accessor=progress_percent,
            sort_key="progress",
        ),
        Column("department", label=_("Department"), sort_key="department"),
        DateColumn(
            "latest_revision_created_at",
            label=_("Last update"),
            sort_key="latest_revision_created_at",
        ),
        PageStatusColumn("live", label=_("Published"), sort_key="live"),
    ]


action_listing_viewset = ActionListingViewSet("master_plan_actions")
