"""Updating the plan's actions from a spreadsheet: a department's figures
imported in one step, previewed, applied through moderation, and recorded in
each action's history when they go live.

The template is the plan's own export (policy.export: CSV, ODS or XLSX, for one
department if chosen): a department fills in the status, the progress, the
dates, the budget and the indicators' current values, and sends it back. Rows
are matched by the `key` column (the action's translation key: the same on
every server, in every language, whatever its slug); the source-language action
is updated, and its translations follow as they do for a form edit (home's
facts, copied on publish).

Reading (`read_table`): CSV in UTF-8 or a legacy code page, with any of the
delimiters the catalogue's preview recognises (policy.csv_preview), ODS and XLSX
through tablib (openpyxl and odfpy). The file's size and number of rows are
capped by settings; a file that is not a table gets a message, never an
exception. A cell is only ever read as text, a number or a date: a formula is
never evaluated (XLSX gives the value its program saved), and the apostrophe
the export puts before formula-looking text is taken off again.

Checking (`build_preview`): each row goes through the model's own field
validation and the action's rules (ActionPage.status_errors: progress 0–100, a
done action at 100 %, a planned one at 0 %, dates in order), in a number of
queries that does not depend on the number of rows. What the preview holds is
plain JSON, kept in the import's row until the editor confirms.

Applying (`apply_import_job`, a background job of home.jobs, enqueued when the
editor confirms): the whole import in one transaction, whatever its size: a new
revision of each changed action by the editor, logged as coming from the
import; a manager's are published (the history records the new status,
progress and indicator values on publish, as for a form edit), a writer's are
each submitted to the site's workflow (one moderation per action: the manager
approves each in the dashboard, as any other page, and the history dates each
change from its own publication). A failure anywhere rolls everything back
(revisions, moderations, publications, history): the import's row then says it
failed, why, and that nothing was changed. The job reports how far it has got
(home.jobs.progress) for the page the editor waits on (policy.import_admin).
A worker stopped or killed halfway rolls everything back too, but cannot say
so: the import stays « being applied » while its job stays « running » in the
queue. Once the job has been silent for long (home.jobs.seems_dead), the
import is `interrupted`: the editor gets its preview back to confirm again.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks.exceptions import TaskResultDoesNotExist
from tablib.formats._ods import ODSFormat
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision, WorkflowState

from home.jobs import background_task, progress, seems_dead

from .csv_preview import decode, guess_delimiter, parse_number
from .export import COLUMNS, FORMULA_PREFIXES, json_number
from .models import ActionPage, ActionStatus, PlanImport

IMPORT_ACTION = "policy.plan_import"
KEY = "key"
# The columns an import changes; the others of the export are read, not applied.
FIELDS = ("status", "progress", "start_date", "target_date", "budget")
INDICATORS = "indicators"
IMPORTED = (*FIELDS, INDICATORS)
# What an indicator's object in the `indicators` cell may change.
INDICATOR_FIELDS = ("current_value", "measured_on")
IGNORED_REASONS = {
    "id": gettext_noop("the page's number on this server: rows are matched by key"),
    "status_label": gettext_noop(
        "written from the status: write the new status in « status » (in French, "
        "in English or its code)"
    ),
    "last_change": gettext_noop("written when a change goes live"),
    "url": gettext_noop("computed"),
    "axis": gettext_noop("the plan's structure is changed in the page tree"),
    "objective": gettext_noop("the plan's structure is changed in the page tree"),
}
TEXT_REASON = gettext_noop("a text, translated: changed in the action's page")
UNKNOWN_REASON = gettext_noop("not a column of the plan's export")

# Messages about the whole file: stored untranslated, translated when shown.
TOO_LARGE = gettext_noop("The file is larger than %(size)s MB: split it.")
TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(rows)s rows: split it (by department, for instance)."
)
NOT_A_TABLE = gettext_noop(
    "This file is not a table the site can read: send a CSV, ODS or XLSX file, "
    "such as the plan's export."
)
EMPTY = gettext_noop("The file is empty.")
NO_KEY = gettext_noop(
    "The file has no « key » column: start from the plan's export, which gives "
    "each action's key, and keep that column."
)
DUPLICATE_KEY = gettext_noop("This action's key is already on row %(row)s.")
NOT_EDITABLE = gettext_noop("You may not edit this action.")
IN_MODERATION = gettext_noop(
    "This action awaits approval: approve it or cancel the moderation first."
)
LOCKED = gettext_noop("This action is locked by someone else.")

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y")
# Spreadsheets pad a sheet with repeated empty columns and rows: what is read of
# them at most. A zipped sheet may hold at most this many times its file's size.
MAX_WIDTH = 200
EMPTY_ROWS_ALLOWED = 10_000
MAX_EXPANSION = 40


class FileRefused(Exception):
    """The file cannot be read as a table: `message` (untranslated) says why."""

    def __init__(self, message: str, values: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.values = values or {}

    def text(self) -> str:
        return str(_(self.message)) % self.values


class CellError(Exception):
    pass


@dataclass
class Table:
    header: list[str]
    # (the row's number in the spreadsheet, its cells)
    rows: list[tuple[int, list[Any]]]


def max_bytes() -> int:
    return settings.PLAN_IMPORT_MAX_BYTES


def max_megabytes() -> float:
    return round(max_bytes() / 1024 / 1024, 1)


def max_rows() -> int:
    return settings.PLAN_IMPORT_MAX_ROWS


# Reading.


def read_table(content: bytes) -> Table:
    """The file's header and rows, whatever its format (CSV, ODS, XLSX)."""
    if len(content) > max_bytes():
        raise FileRefused(TOO_LARGE, {"size": max_megabytes()})
    if not content.strip():
        raise FileRefused(EMPTY)
    if content.startswith(b"PK\x03\x04"):
        rows = read_zipped(content)
    elif b"\x00" in content[:4096] or content.startswith(b"%PDF"):
        raise FileRefused(NOT_A_TABLE)
    else:
        rows = read_csv(content)
    return as_table(rows)


def read_zipped(content: bytes) -> list[list[Any]]:
    """An ODS or XLSX file (both are zip archives): the first sheet's rows."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            mimetype = (
                archive.read("mimetype") if "mimetype" in names else b""
            ).strip()
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise FileRefused(NOT_A_TABLE) from error
    if unzipped > MAX_EXPANSION * max(len(content), 1024 * 1024):
        # Not a spreadsheet a department filled in: an archive built to blow up.
        raise FileRefused(NOT_A_TABLE)
    try:
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return read_ods(content)
        if "xl/workbook.xml" in names:
            data = tablib.Dataset().load(content, format="xlsx", headers=False)
            return [list(row) for row in data]
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001  (a broken file, whatever breaks)
        raise FileRefused(NOT_A_TABLE) from error
    raise FileRefused(NOT_A_TABLE)


def read_ods(content: bytes) -> list[list[Any]]:
    """The first sheet of an ODS file. tablib's reader drops the empty cells
    LibreOffice writes as one repeated cell, which would shift the columns
    after them: each cell is read by tablib, repeated as many times as the
    file says (up to the width the rows can have)."""
    from odf import opendocument

    document = opendocument.load(io.BytesIO(content))
    sheets = [
        node for node in document.spreadsheet.childNodes if node.qname[1] == "table"
    ]
    if not sheets:
        raise FileRefused(NOT_A_TABLE)
    rows: list[list[Any]] = []
    for row in sheets[0].childNodes:
        if row.qname[1] != "table-row":
            continue
        cells: list[Any] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            value = ODSFormat.read_cell(cell)
            cells.extend([value] * min(repeat, MAX_WIDTH - len(cells)))
            if len(cells) >= MAX_WIDTH:
                break
        if any(cell not in ("", None) for cell in cells):
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            rows.extend([list(cells) for _ in range(min(repeat, max_rows() + 2))])
        else:
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            rows.extend([] for _ in range(min(repeat, EMPTY_ROWS_ALLOWED)))
        if len(rows) > max_rows() + 1 + EMPTY_ROWS_ALLOWED:
            break
    return rows


def read_csv(content: bytes) -> list[list[Any]]:
    """A CSV file in the encoding and with the delimiter the catalogue's
    preview would find."""
    text, _encoding = decode(content, complete=True)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
    try:
        return list(reader)
    except csv.Error as error:
        raise FileRefused(NOT_A_TABLE) from error


def as_table(rows: list[list[Any]]) -> Table:
    """The first non-empty row as header, the non-empty rows after it with their
    number in the spreadsheet (the header's is 1 when it is the first line)."""
    numbered = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if any(text(cell) for cell in row)
    ]
    if not numbered:
        raise FileRefused(EMPTY)
    (_number, header), *body = numbered
    if len(body) > max_rows():
        raise FileRefused(TOO_MANY_ROWS, {"rows": max_rows()})
    names = [text(cell).lower() for cell in header]
    if KEY not in names:
        raise FileRefused(NO_KEY)
    return Table(names, body)


# Cells.


def text(cell: Any) -> str:
    """A cell as text, without the apostrophe the export puts before text that
    a spreadsheet would read as a formula."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    value = str(cell).strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def status_names() -> dict[str, str]:
    """Each status by its code and its label in every language of the site,
    lower case."""
    names = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for status in ActionStatus:
                names[str(status.label).lower()] = status.value
    for status in ActionStatus:
        names[status.value] = status.value
        names[status.value.replace("_", " ")] = status.value
    return names


def parse_status(cell: Any, names: dict[str, str]) -> str:
    value = text(cell).lower()
    if value not in names:
        raise CellError(
            _("Unknown status « %(value)s »: planned, in progress, done or abandoned.")
            % {"value": text(cell)}
        )
    return names[value]


def parse_decimal(cell: Any) -> Decimal | None:
    """A number written the French or the English way (« 12 500,50 »), or
    empty."""
    if isinstance(cell, bool):
        raise CellError(_("Expected a number."))
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    value = text(cell)
    if not value:
        return None
    number = parse_number(value)
    if number is None:
        raise CellError(_("« %(value)s » is not a number.") % {"value": value})
    try:
        return Decimal(repr(number))
    except InvalidOperation as error:
        raise CellError(
            _("« %(value)s » is not a number.") % {"value": value}
        ) from error


def parse_progress(cell: Any) -> int:
    number = parse_decimal(cell)
    if number is None:
        raise CellError(_("The progress is required, from 0 to 100."))
    if number != number.to_integral_value():
        raise CellError(_("The progress is a whole number, from 0 to 100."))
    return int(number)


def parse_date(cell: Any) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    value = text(cell)
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("« %(value)s » is not a date: write it 2026-06-30 or 30/06/2026.")
        % {"value": value}
    )


# The values of an action, as JSON.


def plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(json_number(value))
    return value


def from_plain(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in ("start_date", "target_date", "measured_on"):
        return datetime.date.fromisoformat(value)
    if name in ("budget", "current_value"):
        return Decimal(value)
    return value


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    """What an import changes in one action: `fields` maps a field to [old,
    new]; `indicators` lists [position, indicator's name, field, old, new]."""

    row: int
    key: str
    page: int
    revision: int | None
    title: str
    fields: dict[str, list] = field(default_factory=dict)
    indicators: list[list] = field(default_factory=list)


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)

    @property
    def refused_rows(self) -> int:
        return len({error.row for error in self.errors})

    def report(self) -> dict:
        return {
            "unchanged": self.unchanged,
            "errors": [asdict(error) for error in self.errors],
            "unknown": self.unknown,
            "ignored": self.ignored,
        }


def ignored_columns(header: list[str]) -> list[dict]:
    """The columns of the file that are read but never applied, and why."""
    notes = []
    for name in header:
        if not name or name == KEY or name in IMPORTED:
            continue
        if name in IGNORED_REASONS:
            reason = IGNORED_REASONS[name]
        elif name in COLUMNS:
            reason = TEXT_REASON
        else:
            reason = UNKNOWN_REASON
        notes.append({"column": name, "reason": reason})
    return notes


def source_actions(keys: list[str]) -> dict[str, ActionPage]:
    """The source-language actions of `keys`, with their indicators: two
    queries."""
    actions = (
        ActionPage.objects.filter(translation_key__in=keys, locale=Locale.get_default())
        .select_related("locale")
        .prefetch_related("indicators")
    )
    return {str(action.translation_key): action for action in actions}


def latest_versions(actions: list[ActionPage]) -> dict[int, ActionPage]:
    """Each action as its latest revision has it (what its edit form shows):
    one query."""
    revisions = Revision.objects.filter(
        pk__in=[action.latest_revision_id for action in actions]
    )
    by_object = {int(revision.object_id): revision for revision in revisions}
    versions = {}
    for action in actions:
        revision = by_object.get(action.pk)
        if revision is None:
            versions[action.pk] = action
            continue
        # Only the fields are compared and checked: built from the revision's
        # content without the tree and comments Revision.as_object() reads
        # (queries for each action).
        version = ActionPage.from_serializable_data(revision.content, check_fks=False)
        version.pk = version.id = action.pk
        versions[action.pk] = version
    return versions


def in_moderation(actions: list[ActionPage]) -> set[int]:
    """The actions with a workflow under way: one query."""
    ids = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(action.pk) for action in actions],
    )
    return {int(pk) for pk in ids.values_list("object_id", flat=True)}


def cell_of(header: list[str], cells: list[Any], name: str) -> Any:
    index = header.index(name)
    return cells[index] if index < len(cells) else ""


def build_preview(table: Table, user) -> Preview:
    """What importing `table` would change, row by row, checked as the action
    form checks a change; nothing is written."""
    preview = Preview(ignored=ignored_columns(table.header))
    present = [name for name in IMPORTED if name in table.header]
    keys: dict[str, int] = {}
    rows = []
    for number, cells in table.rows:
        key = text(cell_of(table.header, cells, KEY))
        if key in keys:
            preview.errors.append(
                RowError(number, KEY, DUPLICATE_KEY % {"row": keys[key]})
            )
            continue
        keys[key] = number
        rows.append((number, key, cells))
    actions = source_actions(list(keys))
    versions = latest_versions(list(actions.values()))
    moderated = in_moderation(list(actions.values()))
    names = status_names()
    for number, key, cells in rows:
        action = actions.get(key)
        if action is None:
            title = ""
            if "title" in table.header:
                title = text(cell_of(table.header, cells, "title"))
            preview.unknown.append({"row": number, "key": key, "title": title})
            continue
        refusal = refusal_for(action, user, moderated)
        if refusal:
            preview.errors.append(RowError(number, KEY, refusal))
            continue
        change = check_row(
            preview, number, action, versions[action.pk], table, cells, present, names
        )
        if change is None:
            continue
        if change.fields or change.indicators:
            preview.changes.append(change)
        else:
            preview.unchanged.append(
                {"row": number, "key": change.key, "title": change.title}
            )
    return preview


def refusal_for(action: ActionPage, user, moderated: set[int]) -> str:
    """Why `user` may not change `action` now, or ''."""
    if not action.permissions_for_user(user).can_edit():
        return NOT_EDITABLE
    if action.pk in moderated:
        return IN_MODERATION
    if action.locked and action.locked_by_id != user.pk:
        return LOCKED
    return ""


def check_row(
    preview: Preview,
    number: int,
    action: ActionPage,
    version: ActionPage,
    table: Table,
    cells: list[Any],
    present: list[str],
    names: dict[str, str],
) -> Change | None:
    """Read the row's values onto `version` (the action's latest revision) and
    check them: the change, or None when the row has errors (noted in the
    preview)."""
    errors: list[RowError] = []
    parsed: dict[str, Any] = {}
    parsers = {
        "status": lambda cell: parse_status(cell, names),
        "progress": parse_progress,
        "start_date": parse_date,
        "target_date": parse_date,
        "budget": parse_decimal,
    }
    for name in present:
        if name == INDICATORS:
            continue
        try:
            parsed[name] = parsers[name](cell_of(table.header, cells, name))
        except CellError as error:
            errors.append(RowError(number, name, str(error.args[0])))
    # Only what the file changes from the live action (the export's values) is
    # applied, onto the latest revision: a draft's other edits are kept.
    changes: dict[str, list] = {}
    for name, value in parsed.items():
        if value != getattr(action, name):
            changes[name] = [plain(getattr(version, name)), plain(value)]
            setattr(version, name, value)
    indicator_changes: list[list] = []
    if INDICATORS in present:
        try:
            indicator_changes = read_indicators(
                action, version, cell_of(table.header, cells, INDICATORS)
            )
        except CellError as error:
            errors.append(RowError(number, INDICATORS, str(error.args[0])))
    if changes:
        try:
            version.clean_fields(
                exclude=[
                    f.name for f in ActionPage._meta.fields if f.name not in changes
                ]
            )
        except ValidationError as error:
            errors.extend(field_errors(number, error))
        for name, messages in version.status_errors().items():
            column = name if name in changes else next(iter(changes))
            errors.extend(RowError(number, column, str(m)) for m in messages)
    for error in errors:
        error.message = str(error.message)
    preview.errors.extend(errors)
    if errors:
        return None
    changes = {
        name: values for name, values in changes.items() if values[0] != values[1]
    }
    return Change(
        row=number,
        key=str(action.translation_key),
        page=action.pk,
        revision=action.latest_revision_id,
        title=action.title,
        fields=changes,
        indicators=indicator_changes,
    )


def field_errors(number: int, error: ValidationError) -> list[RowError]:
    return [
        RowError(number, name, str(message))
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def read_indicators(action: ActionPage, version: ActionPage, cell: Any) -> list[list]:
    """The indicators' current values and dates the cell gives (the export's
    JSON list, in the action's order): [position, name, field, old, new] for
    each one that differs from the live action, applied to `version`. An empty
    cell changes nothing."""
    value = text(cell)
    if not value:
        return []
    try:
        items = json.loads(value)
    except ValueError as error:
        raise CellError(
            _("The indicators are not readable: keep the export's format.")
        ) from error
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise CellError(_("The indicators are not readable: keep the export's format."))
    live = list(action.indicators.all())
    if len(items) != len(live):
        raise CellError(
            _(
                "The action has %(count)s indicators and the cell %(given)s: "
                "indicators are added or removed in the action's page."
            )
            % {"count": len(live), "given": len(items)}
        )
    drafts = {str(i.translation_key): i for i in version.indicators.all()}
    found: list[list] = []
    for position, (item, indicator) in enumerate(zip(items, live, strict=True)):
        draft = drafts.get(str(indicator.translation_key))
        for name in INDICATOR_FIELDS:
            if name not in item:
                continue
            raw = item[name]
            new = parse_date(raw) if name == "measured_on" else parse_decimal(raw)
            if new == getattr(indicator, name):
                continue
            if draft is None:
                raise CellError(
                    _("The indicator « %(name)s » was removed in a draft.")
                    % {"name": indicator.name}
                )
            old = getattr(draft, name)
            setattr(draft, name, new)
            try:
                draft.clean_fields(
                    exclude=[f.name for f in type(draft)._meta.fields if f.name != name]
                )
            except ValidationError as error:
                raise CellError("; ".join(str(m) for m in error.messages)) from error
            if old != new:
                found.append([position, indicator.name, name, plain(old), plain(new)])
    return found


# Applying.


class StaleImport(Exception):
    """An action changed since the preview."""


class NotQueued(Exception):
    """The import is no longer waiting to be applied (applied, or given up as
    interrupted) by the time the job holds it."""


# Why a confirmed import changed nothing: stored untranslated on the import,
# translated when shown.
STALE = gettext_noop(
    "« %(title)s » has changed since the preview: nothing was changed. Upload "
    "the file again."
)
INVALID = gettext_noop("Nothing was changed: %(errors)s")
NO_EDITOR = gettext_noop(
    "The account of the editor who confirmed the import no longer exists: "
    "nothing was changed."
)
UNEXPECTED = gettext_noop(
    "The import stopped on an unexpected error: nothing was changed. The "
    "administrator will find the details in the background jobs' records."
)
INTERRUPTED = gettext_noop(
    "The import was interrupted: the processing service stopped while applying "
    "it. Nothing was changed."
)
# The job reports its progress after every this many actions.
PROGRESS_EVERY = 10


def progress_name(plan_import: PlanImport) -> str:
    return f"plan-import-{plan_import.job_id or plan_import.pk}"


def stale_change(plan_import: PlanImport) -> dict | None:
    """The first change whose action has a newer revision than the preview
    read, if any: one query."""
    current = dict(
        ActionPage.objects.filter(
            pk__in=[change["page"] for change in plan_import.changes]
        ).values_list("pk", "latest_revision_id")
    )
    for change in plan_import.changes:
        if current.get(change["page"], -1) != change["revision"]:
            return change
    return None


def apply_import(plan_import: PlanImport, user) -> list[Revision]:
    """Apply every change of the import, each a revision of its action,
    published (a manager) or submitted to the workflow (a writer), in one
    transaction: all of them or none. The history records the new status,
    progress and indicator values when each goes live.

    Every change is checked against its action's latest revision before
    anything is written: an action changed since the preview stops the import
    (StaleImport), as does any failure on the way."""
    revisions = []
    name = progress_name(plan_import)
    total = len(plan_import.changes)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if locked.status != PlanImport.Status.QUEUED:
            raise NotQueued(locked.status)
        stale = stale_change(plan_import)
        if stale is not None:
            raise StaleImport(stale["title"])
        actions = ActionPage.objects.select_for_update().in_bulk(
            [change["page"] for change in plan_import.changes]
        )
        for done, data in enumerate(plan_import.changes, start=1):
            change = Change(**data)
            action = actions.get(change.page)
            if action is None or action.latest_revision_id != change.revision:
                raise StaleImport(change.title)
            revision, published = apply_change(action, change, plan_import, user)
            revisions.append(revision)
            plan_import.published = published
            if done % PROGRESS_EVERY == 0 or done == total:
                progress.report(name, done, total)
        plan_import.status = PlanImport.Status.APPLIED
        plan_import.applied_at = timezone.now()
        plan_import.failure = {}
        plan_import.save()
        plan_import.revisions.add(*revisions)
    return revisions


def record_failure(plan_import: PlanImport, message: str, **values: Any) -> None:
    """The import changed nothing: say why (after the rollback)."""
    plan_import.status = PlanImport.Status.FAILED
    plan_import.failure = {"message": message, "values": values}
    plan_import.published = False
    plan_import.save(update_fields=["status", "failure", "published"])


def editors_language(user) -> str:
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language()


@background_task
def apply_import_job(import_id: int) -> dict:
    """The background job a confirmation enqueues: apply the import
    (`apply_import`), or record why it changed nothing. An unexpected error is
    recorded too, then raised again, for the job's own record to keep its
    traceback."""
    plan_import = PlanImport.objects.select_related("user").get(pk=import_id)
    if plan_import.status != PlanImport.Status.QUEUED:
        return {"status": plan_import.status}
    user = plan_import.user
    if user is None:
        record_failure(plan_import, NO_EDITOR)
        return {"status": plan_import.status}
    name = progress_name(plan_import)
    progress.report(name, 0, len(plan_import.changes))
    try:
        with translation.override(editors_language(user)):
            revisions = apply_import(plan_import, user)
    except NotQueued as gone:
        # Left as it is: what it became is not this job's to say.
        return {"status": str(gone.args[0])}
    except StaleImport as stale:
        record_failure(plan_import, STALE, title=str(stale.args[0]))
    except ValidationError as error:
        with translation.override(editors_language(user)):
            errors = "; ".join(str(message) for message in error.messages)
        record_failure(plan_import, INVALID, errors=errors)
    except Exception:
        record_failure(plan_import, UNEXPECTED)
        raise
    else:
        return {"status": plan_import.status, "revisions": len(revisions)}
    finally:
        progress.clear(name)
    return {"status": plan_import.status}


def interrupted(plan_import: PlanImport) -> bool:
    """Was the import interrupted, its worker stopped while it was applying it
    (nothing was changed)? Either its job, still « running », has been silent
    for too long (home.jobs.seems_dead), or the editor has since been given its
    preview back (`restart`)."""
    if plan_import.status == PlanImport.Status.FAILED:
        return plan_import.failure.get("message") == INTERRUPTED
    if plan_import.status != PlanImport.Status.QUEUED:
        return False
    try:
        job = apply_import_job.get_result(plan_import.job_id)
    except (TaskResultDoesNotExist, ValueError):
        return False
    return seems_dead(job, progress_name(plan_import))


def restart(plan_import: PlanImport, user) -> PlanImport | None:
    """An interrupted import's preview again, for `user` (its editor) to
    confirm: a new import with the same changes, read against the same
    revisions (an action changed since the preview still stops it). The
    interrupted one is recorded as such, and its job can no longer apply it if
    it ever went on. None when the import is not interrupted (any more)."""
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if locked.status != PlanImport.Status.QUEUED or not interrupted(locked):
            return None
        record_failure(locked, INTERRUPTED)
        return PlanImport.objects.create(
            user=user,
            file_name=locked.file_name,
            changes=locked.changes,
            report=locked.report,
            changed_count=locked.changed_count,
            unchanged_count=locked.unchanged_count,
            refused_count=locked.refused_count,
        )


def apply_change(
    action: ActionPage, change: Change, plan_import: PlanImport, user
) -> tuple[Revision, bool]:
    """The action's new revision, and whether it was published."""
    version = action.get_latest_revision_as_object()
    for name, (_old, new) in change.fields.items():
        setattr(version, name, from_plain(name, new))
    indicators = list(version.indicators.all())
    live = list(action.indicators.all())
    for position, _name, name, _old, new in change.indicators:
        key = live[position].translation_key
        for indicator in indicators:
            if indicator.translation_key == key:
                setattr(indicator, name, from_plain(name, new))
    version.indicators = indicators
    revision = version.save_revision(user=user)
    log(
        instance=version,
        action=IMPORT_ACTION,
        user=user,
        revision=revision,
        data={"import": plan_import.pk, "file_name": plan_import.file_name},
        content_changed=True,
    )
    if version.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        return revision, True
    workflow = version.get_workflow()
    if workflow is not None:
        workflow.start(version, user)
    return revision, False
