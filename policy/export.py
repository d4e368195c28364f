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
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import tablib
from django.apps import apps
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from wagtail.models import Page

if TYPE_CHECKING:
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
# Rows read from the database at a time while an export is written.
CHUNK = 200


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


def levels_by_path(axes: Iterable[Page]) -> dict[str, Page]:
    """The plan's axes and their objectives (as MasterPlanPage.levels attaches
    them), by tree path."""
    found: dict[str, Page] = {}
    for axis in axes:
        found[axis.path] = axis
        for objective in axis.plan_objectives:
            found[objective.path] = objective
    return found


def last_change() -> Subquery:
    """The date of an action's latest status change (the history is shared by
    translations), as the action page reads it (a corrected date, a withdrawn
    entry left out), in the actions' own query. The model is looked up by name:
    the plan page imports this module, so it cannot import the models."""
    status_change = apps.get_model("policy", "ActionStatusChange")
    return Subquery(
        status_change.objects.filter(
            action__translation_key=OuterRef("translation_key")
        )
        .standing()
        .annotate(shown=Coalesce("corrected_date", "date"))
        .order_by("-shown")
        .values("shown")[:1]
    )


def streamed_actions(
    actions: QuerySet[ActionPage], axes: Iterable[Page], department: str = ""
) -> Iterator[ActionPage]:
    """The actions (the plan's live ones, in its language), in tree order, read
    CHUNK at a time, each with `export_axis`, `export_objective`,
    `export_last_change` and `export_indicators`; only those of `department`
    (its slug, as the plan page's filter writes it) when one is given.

    Two queries whatever the number of actions (the actions with their latest
    change's date; their indicators, in the same order, merged as they come):
    neither is read whole into memory."""
    indicator_model = apps.get_model("policy", "ActionIndicator")
    levels = levels_by_path(axes)
    step = Page.steplen
    rows = actions.annotate(export_last=last_change()).order_by("path")
    indicators = (
        indicator_model.objects.filter(page__in=actions.order_by().values("pk"))
        .order_by("page__path", "sort_order", "pk")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(indicators, None)
    for action in rows.iterator(chunk_size=CHUNK):
        own = []
        while pending is not None and pending.page_id == action.pk:
            own.append(pending)
            pending = next(indicators, None)
        if department and slugify(action.department) != department:
            continue
        action.export_objective = levels.get(action.path[:-step])
        action.export_axis = levels.get(action.path[: -2 * step])
        if action.export_objective is None or action.export_axis is None:
            continue  # under an unpublished objective or axis, as on the site
        action.export_last_change = action.export_last
        action.export_indicators = own
        yield action


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
    actions: QuerySet[ActionPage],
    axes: Iterable[Page],
    request: HttpRequest,
    department: str = "",
) -> Iterator[dict[str, Any]]:
    """One record per action, keyed by COLUMNS; plain JSON types; streamed."""
    for action in streamed_actions(actions, axes, department):
        yield {
            "id": action.pk,
            "key": str(action.translation_key),
            "slug": action.slug,
            "url": absolute_url(action, request),
            "title": action.title,
            "summary": action.introduction,
            "axis": action.export_axis.title if action.export_axis else "",
            "objective": action.export_objective.title
            if action.export_objective
            else "",
            "status": action.status,
            "status_label": str(action.get_status_display()),
            "progress": action.progress,
            "department": action.department,
            "start_date": iso(action.start_date),
            "target_date": iso(action.target_date),
            "budget": json_number(action.budget),
            "last_change": iso(action.export_last_change),
            "indicators": [
                indicator_record(indicator) for indicator in action.export_indicators
            ],
        }


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


class StreamedExport(StreamingHttpResponse):
    """A download written as it is read: a server sends each part as it comes,
    never holding the whole file. `content` gives the whole body at once, read
    once, to a reader that wants it so (a test client, a tool)."""

    @property
    def content(self) -> bytes:
        if not hasattr(self, "_whole"):
            self._whole = b"".join(self.streaming_content)
        return self._whole

    @property
    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8")


def download_headers(
    response: HttpResponse, name: str, attached: bool = True
) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(attached, name)
    response["Cache-Control"] = CACHE_CONTROL
    return response


class Echo:
    """What csv.writer writes to: each row handed back as it is written."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    plan: MasterPlanPage,
    actions: QuerySet[ActionPage],
    axes: Iterable[Page],
    request: HttpRequest,
) -> HttpResponse:
    """The CSV, streamed row by row."""
    department = department_filter(request)
    writer = csv.writer(Echo())

    def rows() -> Iterator[bytes]:
        yield ("\ufeff" + writer.writerow(COLUMNS)).encode("utf-8")
        for record in action_records(actions, axes, request, department):
            row = [csv_cell(record, column) for column in COLUMNS]
            yield writer.writerow(row).encode("utf-8")

    response = StreamedExport(
        rows(), content_type="text/csv; charset=utf-8; header=present"
    )
    return download_headers(response, filename(plan, "csv", department))


def sheet_cell(record: dict[str, Any], column: str) -> Any:
    """A spreadsheet cell: numbers stay numbers, text is neutralised as in the
    CSV (a cell starting with « = » would otherwise be written as a formula)."""
    value = record[column]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return csv_cell(record, column)


def dataset(
    actions: QuerySet[ActionPage],
    axes: Iterable[Page],
    request: HttpRequest,
    department: str = "",
) -> tablib.Dataset:
    """The export as a tablib dataset: the CSV's columns and cells."""
    data = tablib.Dataset(headers=list(COLUMNS), title="actions")
    for record in action_records(actions, axes, request, department):
        data.append([sheet_cell(record, column) for column in COLUMNS])
    return data


def spreadsheet_response(
    plan: MasterPlanPage,
    actions: QuerySet[ActionPage],
    axes: Iterable[Page],
    request: HttpRequest,
    extension: str,
) -> HttpResponse:
    """The CSV's columns as an OpenDocument (`ods`) or Excel (`xlsx`) sheet:
    the template a department fills in and sends back (policy.plan_import).
    A zipped sheet is built whole (its parts are written at the end), from the
    streamed records: the same queries whatever the number of actions."""
    department = department_filter(request)
    content = dataset(actions, axes, request, department).export(extension)
    return attachment(
        content, SPREADSHEET_TYPES[extension], filename(plan, extension, department)
    )


def json_response(
    plan: MasterPlanPage,
    actions: QuerySet[ActionPage],
    axes: Iterable[Page],
    request: HttpRequest,
) -> HttpResponse:
    """The JSON, streamed action by action: the plan's record, then the list of
    actions."""
    head = json.dumps(plan_record(plan, request), ensure_ascii=False, indent=2)

    def parts() -> Iterator[bytes]:
        yield ('{\n"plan": ' + head + ',\n"actions": [').encode("utf-8")
        separator = "\n"
        for record in action_records(actions, axes, request):
            yield (separator + json.dumps(record, ensure_ascii=False)).encode("utf-8")
            separator = ",\n"
        yield b"\n]\n}\n"

    response = StreamedExport(parts(), content_type="application/json; charset=utf-8")
    return download_headers(response, filename(plan, "json"), attached=False)


def progress_response(plan: MasterPlanPage, points: Iterable[Any]) -> HttpResponse:
    """The plan's overall progress over time as CSV: one row per date where an
    action changed (policy.progress.ProgressPoint), its exact value to two
    decimals and the rounded one the page shows."""
    writer = csv.writer(Echo())

    def rows() -> Iterator[bytes]:
        yield (
            "\ufeff" + writer.writerow(["date", "progress", "progress_rounded"])
        ).encode()
        for point in points:
            exact = f"{float(point.progress):.2f}"
            yield writer.writerow(
                [point.date.isoformat(), exact, point.percent]
            ).encode()

    response = StreamedExport(
        rows(), content_type="text/csv; charset=utf-8; header=present"
    )
    return download_headers(response, f"{plan.slug}-progress.csv")
