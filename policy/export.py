"""The plan's actions as open data: CSV and JSON at stable addresses.

One row per live action of the plan, in tree order, in the plan's language, with
its axis, objective and indicators. Column names are English and never change
with the language, dates are ISO 8601, numbers use a decimal point. Four queries
whatever the number of actions (axes, objectives, actions, their indicators),
plus one for the history's latest dates.

CSV (RFC 4180, comma-separated, UTF-8) starts with a byte order mark: without
it, spreadsheet software on Windows reads the file in the legacy code page and
garbles every accent. Its `indicators` column holds the same list of objects as
the JSON export, JSON-encoded, so that one cell carries any number of them.
JSON is UTF-8 too, and says so (`charset=utf-8`): JSON's own registration needs
no charset, but a browser showing the export as text reads the parameter, and
without it may take the accents for a legacy code page.
Cells starting with a character that spreadsheets read as a formula get a
leading apostrophe (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import tablib
from django.apps import apps
from django.db.models import Max, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import ActionIndicator, ActionPage, MasterPlanPage

COLUMNS = (
    "id",
    "key",
    "slug",
    "url",
    "title",
    "summary",
    "axis",
    "objective",
    "status",
    "status_label",
    "progress",
    "department",
    "start_date",
    "target_date",
    "budget",
    "last_change",
    "indicators",
)
# Data change when editors publish: proxies and browsers may keep a copy an hour.
CACHE_CONTROL = "public, max-age=3600"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_TYPES = {
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_DEPARTMENT = 120


def json_number(value: Decimal | None) -> int | float | None:
    """A decimal as a JSON number: whole amounts without a fractional part."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def absolute_url(page: Page, request: HttpRequest) -> str:
    """The page's address on the host that served the request, as the page
    head's canonical link gives it."""
    return request.build_absolute_uri(page.get_url(request))


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def plan_actions(axes: Iterable[Page], department: str = "") -> list[ActionPage]:
    """The actions attached to the plan's axes and objectives (see
    MasterPlanPage.tree), in tree order, with `export_axis`, `export_objective`
    and their indicators (one query); only those of `department` (its slug, as
    the plan page's filter writes it) when one is given."""
    actions = []
    for axis in axes:
        for objective in axis.plan_objectives:
            for action in objective.plan_actions:
                if department and slugify(action.department) != department:
                    continue
                action.export_axis = axis
                action.export_objective = objective
                actions.append(action)
    prefetch_related_objects(actions, "indicators")
    return actions


def last_changes(actions: Iterable[ActionPage]) -> dict[Any, Any]:
    """The date of each action's latest status change (the history is shared by
    translations), by translation key, as the action page reads it (a corrected
    date, a withdrawn entry left out): one query. The model is looked up by
    name: the plan page imports this module, so it cannot import the models."""
    status_change = apps.get_model("policy", "ActionStatusChange")
    keys = [action.translation_key for action in actions]
    rows = (
        status_change.objects.filter(action__translation_key__in=keys)
        .standing()
        .values("action__translation_key")
        .annotate(last=Max(Coalesce("corrected_date", "date")))
        .order_by()
    )
    return {row["action__translation_key"]: row["last"] for row in rows}


def indicator_record(indicator: ActionIndicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": json_number(indicator.baseline),
        "target": json_number(indicator.target),
        "current_value": json_number(indicator.current_value),
        "measured_on": iso(indicator.measured_on),
    }


def action_records(
    axes: Iterable[Page], request: HttpRequest, department: str = ""
) -> list[dict[str, Any]]:
    """One record per action, keyed by COLUMNS; plain JSON types."""
    actions = plan_actions(axes, department)
    changes = last_changes(actions)
    return [
        {
            "id": action.pk,
            "key": str(action.translation_key),
            "slug": action.slug,
            "url": absolute_url(action, request),
            "title": action.title,
            "summary": action.introduction,
            "axis": action.export_axis.title,
            "objective": action.export_objective.title,
            "status": action.status,
            "status_label": str(action.get_status_display()),
            "progress": action.progress,
            "department": action.department,
            "start_date": iso(action.start_date),
            "target_date": iso(action.target_date),
            "budget": json_number(action.budget),
            "last_change": iso(changes.get(action.translation_key)),
            "indicators": [
                indicator_record(indicator) for indicator in action.indicators.all()
            ],
        }
        for action in actions
    ]


def plan_record(plan: MasterPlanPage, request: HttpRequest) -> dict[str, Any]:
    """What the JSON export says of the plan itself."""
    return {
        "title": plan.title,
        "url": absolute_url(plan, request),
        "language": plan.locale.language_code,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "adoption_date": iso(plan.adoption_date),
        "deliberation": plan.deliberation_reference,
        "columns": list(COLUMNS),
    }


def neutralise(value: Any) -> str:
    """A CSV cell that spreadsheets cannot run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_cell(record: dict[str, Any], column: str) -> str:
    value = record[column]
    if column == "indicators":
        value = json.dumps(value, ensure_ascii=False) if value else ""
    elif isinstance(value, float | int) and not isinstance(value, bool):
        value = json.dumps(value)
    return neutralise(value)


def filename(plan: MasterPlanPage, extension: str, department: str = "") -> str:
    if department:
        return f"{plan.slug}-actions-{department}.{extension}"
    return f"{plan.slug}-actions.{extension}"


def department_filter(request: HttpRequest) -> str:
    """The department asked for (`?department=`, a slug as the plan page's
    filter writes it): only slug characters are kept, so the value never
    reaches a file name or a header as written."""
    return slugify(request.GET.get("department", ""))[:MAX_DEPARTMENT]


def attachment(
    content: bytes, content_type: str, name: str, cache: bool = True
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    if cache:
        response["Cache-Control"] = CACHE_CONTROL
    return response


def csv_response(
    plan: MasterPlanPage, axes: Iterable[Page], request: HttpRequest
) -> HttpResponse:
    department = department_filter(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in action_records(axes, request, department):
        writer.writerow([csv_cell(record, column) for column in COLUMNS])
    return attachment(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        "text/csv; charset=utf-8; header=present",
        filename(plan, "csv", department),
    )


def sheet_cell(record: dict[str, Any], column: str) -> Any:
    """A spreadsheet cell: numbers stay numbers, text is neutralised as in the
    CSV (a cell starting with « = » would otherwise be written as a formula)."""
    value = record[column]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return csv_cell(record, column)


def dataset(
    axes: Iterable[Page], request: HttpRequest, department: str = ""
) -> tablib.Dataset:
    """The export as a tablib dataset: the CSV's columns and cells."""
    data = tablib.Dataset(headers=list(COLUMNS), title="actions")
    for record in action_records(axes, request, department):
        data.append([sheet_cell(record, column) for column in COLUMNS])
    return data


def spreadsheet_response(
    plan: MasterPlanPage, axes: Iterable[Page], request: HttpRequest, extension: str
) -> HttpResponse:
    """The CSV's columns as an OpenDocument (`ods`) or Excel (`xlsx`) sheet:
    the template a department fills in and sends back (policy.plan_import)."""
    department = department_filter(request)
    content = dataset(axes, request, department).export(extension)
    return attachment(
        content, SPREADSHEET_TYPES[extension], filename(plan, extension, department)
    )


def json_response(
    plan: MasterPlanPage, axes: Iterable[Page], request: HttpRequest
) -> HttpResponse:
    data = {
        "plan": plan_record(plan, request),
        "actions": action_records(axes, request),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        False, filename(plan, "json")
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response
