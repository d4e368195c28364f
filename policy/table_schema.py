"""Checking a CSV resource against a Table Schema, as data.gouv.fr does.

National schemas are shipped in `policy/schemas/<name>/<version>/` (a copy of
the official `schema.json` and a `source.toml` saying where it comes from);
managers may upload others. A file is checked by frictionless, bounded: at
most `max_bytes` of it are read and `MAX_ROWS` rows checked, and at most
`MAX_ERRORS` errors are kept. A web request checks only files up to
`INLINE_MAX_BYTES`; bigger ones wait for `manage.py check_schemas`.

The report is stored as plain data (error type, row, column, cell, the
constraint broken) and put into words when shown, in the reader's language:
frictionless's English messages are never shown.

This module imports nothing from `policy.models` (the models import it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .csv_preview import decode, guess_delimiter

SHIPPED_DIR = Path(__file__).resolve().parent / "schemas"
# A check in a web request reads at most this (a 100 MB file waits for the
# command, see check_schemas).
INLINE_MAX_BYTES = 2 * 1024 * 1024
# What the checks of one request read at most, all files together.
INLINE_BUDGET_BYTES = 4 * 1024 * 1024
# What a check reads at most, anywhere.
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
INLINE_MAX_ROWS = 20_000
MAX_ERRORS = 1000
# Errors kept in the stored report (the count says how many were found).
REPORT_ERRORS = 200
MAX_CELL = 100
CHUNK = 64 * 1024


@dataclass(frozen=True)
class ShippedSchema:
    """A schema copied into the app, with its `source.toml`."""

    name: str
    title: str
    version: str
    url: str
    licence: str
    descriptor: dict[str, Any]


def shipped_schemas(folder: Path = SHIPPED_DIR) -> list[ShippedSchema]:
    """Every `<name>/<version>/` folder holding a schema.json and a source.toml."""
    found = []
    for source in sorted(folder.glob("*/*/source.toml")):
        meta = tomllib.loads(source.read_text(encoding="utf-8"))
        descriptor = json.loads(
            (source.parent / "schema.json").read_text(encoding="utf-8")
        )
        found.append(
            ShippedSchema(
                name=meta["name"],
                title=meta.get("title") or descriptor.get("title") or meta["name"],
                version=meta["version"],
                url=meta.get("url", ""),
                licence=meta.get("licence", ""),
                descriptor=descriptor,
            )
        )
    return found


def descriptor_hash(descriptor: dict[str, Any], version: str = "") -> str:
    """What tells one version of a schema from another: its content and the
    version it is given (a check says which version it was made against)."""
    text = version + "\n" + json.dumps(descriptor, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def descriptor_errors(descriptor: Any) -> list[str]:
    """Why `descriptor` is not a Table Schema frictionless can check files
    against (empty if it is one)."""
    from frictionless import FrictionlessException, Schema

    if not isinstance(descriptor, dict):
        return [_("The file is not a JSON object.")]
    fields = descriptor.get("fields")
    if not isinstance(fields, list) or not fields:
        return [_("A Table Schema lists its columns in « fields »; none was found.")]
    report = Schema.validate_descriptor(descriptor)
    if not report.valid:
        return [_("The file is not a valid Table Schema.")]
    try:
        Schema.from_descriptor(descriptor)
    except FrictionlessException:
        return [_("The file is not a valid Table Schema.")]
    return []


@dataclass
class CheckResult:
    """What a check found: `valid`, the number of errors (at least, when
    `truncated`), the rows read, and the first errors as plain data."""

    valid: bool
    error_count: int
    rows: int
    truncated: bool
    errors: list[dict[str, Any]] = field(default_factory=list)


def copy_bounded(stream: IO[bytes], target: IO[bytes], max_bytes: int) -> bool:
    """Copy at most `max_bytes` of `stream`; True when the whole file was."""
    copied = 0
    while copied < max_bytes:
        chunk = stream.read(min(CHUNK, max_bytes - copied))
        if not chunk:
            return True
        target.write(chunk)
        copied += len(chunk)
    return not stream.read(1)


def clip(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def error_data(error: Any) -> dict[str, Any]:
    """The parts of a frictionless error the report puts into words."""
    data: dict[str, Any] = {"type": error.type}
    for name, key in (
        ("row_number", "row"),
        ("field_name", "field"),
        ("field_number", "column"),
        ("label", "label"),
    ):
        value = getattr(error, name, None)
        if value is not None:
            data[key] = clip(value) if isinstance(value, str) else value
    cell = getattr(error, "cell", None)
    if cell is not None:
        data["cell"] = clip(cell)
    note = getattr(error, "note", "") or ""
    if error.type == "constraint-error" and note.startswith('constraint "'):
        data["constraint"] = note.split('"')[1]
    return data


def check_stream(
    stream: IO[bytes],
    descriptor: dict[str, Any],
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> CheckResult:
    """Check a CSV file (read from `stream`, at most `max_bytes`, at most
    `max_rows` rows) against the Table Schema `descriptor`."""
    from frictionless import FrictionlessException, Resource, Schema
    from frictionless.formats import CsvControl

    with tempfile.NamedTemporaryFile(suffix=".csv") as copy:
        complete = copy_bounded(stream, copy, max_bytes)
        copy.flush()
        copy.seek(0)
        sample = copy.read(256 * 1024)
        if not sample.strip():
            return CheckResult(False, 1, 0, False, [{"type": "empty-file"}])
        if b"\x00" in sample:
            return CheckResult(False, 1, 0, False, [{"type": "binary-file"}])
        text, encoding = decode(sample, complete=len(sample) < 256 * 1024)
        try:
            resource = Resource(
                path=os.path.basename(copy.name),
                basepath=os.path.dirname(copy.name),
                format="csv",
                encoding=encoding,
                control=CsvControl(delimiter=guess_delimiter(text.lstrip("\ufeff"))),
                schema=Schema.from_descriptor(descriptor),
            )
            report = resource.validate(limit_errors=MAX_ERRORS, limit_rows=max_rows)
        except FrictionlessException as exc:
            return CheckResult(False, 1, 0, False, [{"type": exc.error.type}])
    task = report.tasks[0] if report.tasks else None
    errors = list(task.errors) if task else list(report.errors)
    rows = (task.stats.get("rows") or 0) if task else 0
    truncated = not complete or len(errors) >= MAX_ERRORS or rows >= max_rows
    return CheckResult(
        valid=not errors and not truncated,
        error_count=len(errors),
        rows=rows,
        truncated=truncated,
        errors=[error_data(e) for e in errors[:REPORT_ERRORS]],
    )


def type_hint(field_type: str) -> str:
    hints = {
        "date": _("a date written YYYY-MM-DD, e.g. 2024-03-31"),
        "datetime": _("a date and time written YYYY-MM-DDThh:mm:ss"),
        "time": _("a time written hh:mm:ss"),
        "integer": _("a whole number without spaces, e.g. 1250"),
        "number": _("a number with a dot before the decimals and no spaces, e.g. 12.5"),
        "boolean": _("true or false"),
        "year": _("a year of four digits, e.g. 2024"),
    }
    return hints.get(
        field_type, _("a value of the type « %(type)s »") % {"type": field_type}
    )


@dataclass(frozen=True)
class ReportLine:
    """One error of a report, in words: where (row, column) and what to do."""

    row: int | None
    column: str
    problem: str
    fix: str


def schema_fields(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f.get("name"): f
        for f in descriptor.get("fields", [])
        if isinstance(f, dict) and f.get("name")
    }


# How national schemas write « one or more of these values, separated by | »:
# (?:(?:^|\|)(A|B|C))+$
LIST_PATTERN = re.compile(r"^\(\?:\(\?:\^\|\\\|\)\((?P<values>.+)\)\)\+\$$")


def listed_values(pattern: str) -> list[str]:
    """The values a list pattern allows, or [] for any other pattern."""
    match = LIST_PATTERN.match(pattern)
    if not match:
        return []
    values = re.split(r"(?<!\\)\|", match.group("values"))
    return [re.sub(r"\\(.)", r"\1", v) for v in values]


def schema_values(values: list[Any]) -> SafeString:
    """The values a national schema allows, quoted and marked as written in the
    schema's language (French) so that a reader of another language hears them
    as French."""
    return format_html_join(
        ", ",
        '« <bdi lang="{}">{}</bdi> »',
        ((settings.LANGUAGE_CODE, v) for v in values),
    )


def with_values(message: str, values: list[Any]) -> SafeString:
    """A translated sentence holding the list of allowed values (escaped)."""
    return mark_safe(escape(message) % {"values": schema_values(values)})


def constraint_words(constraint: str, value: Any, cell: str) -> tuple[str, str]:
    """What is wrong and how to fix it, for a broken field constraint."""
    if constraint == "required":
        return _("The cell is empty, and this column must be filled in."), _(
            "Fill in the cell."
        )
    if constraint == "unique":
        return _("The value « %(cell)s » appears in several rows.") % {"cell": cell}, _(
            "Give each row a value of its own in this column."
        )
    if constraint == "enum":
        return _("The value « %(cell)s » is not one of the values allowed.") % {
            "cell": cell
        }, with_values(_("Write one of: %(values)s."), list(value or []))
    if constraint == "pattern":
        choices = listed_values(str(value))
        if choices:
            return _("The value « %(cell)s » does not have the expected form.") % {
                "cell": cell
            }, with_values(
                _("Write one or more of these values, separated by « | »: %(values)s."),
                choices,
            )
        return _("The value « %(cell)s » does not have the expected form.") % {
            "cell": cell
        }, _(
            "Write it in the form the schema describes (pattern: %(pattern)s); "
            "see the schema's documentation for examples."
        ) % {"pattern": value}
    if constraint in ("minLength", "maxLength"):
        problem = _("The value « %(cell)s » is too short or too long.") % {"cell": cell}
        if constraint == "maxLength":
            return problem, _("Write at most %(count)s characters.") % {"count": value}
        return problem, _("Write at least %(count)s characters.") % {"count": value}
    if constraint in ("minimum", "maximum"):
        problem = _("The value « %(cell)s » is out of the range allowed.") % {
            "cell": cell
        }
        if constraint == "maximum":
            return problem, _("Give a value of at most %(limit)s.") % {"limit": value}
        return problem, _("Give a value of at least %(limit)s.") % {"limit": value}
    return _("The value « %(cell)s » breaks a rule of the schema.") % {"cell": cell}, _(
        "See the schema's documentation for what this column accepts."
    )


def describe(error: dict[str, Any], descriptor: dict[str, Any]) -> ReportLine:
    """One stored error in the current language."""
    kind = error.get("type", "")
    row = error.get("row")
    name = error.get("field") or error.get("label") or ""
    spec = schema_fields(descriptor).get(error.get("field"), {})
    cell = error.get("cell", "")
    if kind == "constraint-error":
        constraint = error.get("constraint", "")
        value = (spec.get("constraints") or {}).get(constraint)
        problem, fix = constraint_words(constraint, value, cell)
    elif kind == "type-error":
        field_type = spec.get("type", "string")
        problem = _("The value « %(cell)s » cannot be read as the schema expects.") % {
            "cell": cell
        }
        fix = _("Write %(hint)s.") % {"hint": type_hint(field_type)}
        if spec.get("format") and spec.get("format") != "default":
            fix = _("Write a value of the format « %(format)s ».") % {
                "format": spec["format"]
            }
    elif kind == "missing-cell":
        problem = _("This row has fewer cells than the header.")
        fix = _("Add the missing cells: an empty cell still needs its separator.")
    elif kind == "extra-cell":
        problem = _("This row has more cells than the header.")
        fix = _(
            "Remove the extra cells, or put in quotes the cells that contain "
            "the separator."
        )
    elif kind == "blank-row":
        problem = _("This row is empty.")
        fix = _("Delete the row.")
    elif kind == "missing-label":
        problem = _("The column « %(name)s » that the schema asks for is missing.") % {
            "name": name
        }
        fix = _("Add a column with exactly this name to the first row.")
    elif kind == "extra-label":
        problem = _("The column « %(name)s » is not in the schema.") % {"name": name}
        fix = _("Remove the column, or give it the name the schema uses.")
    elif kind == "incorrect-label":
        problem = _(
            "This column is named « %(label)s »; the schema expects « %(field)s »."
        ) % {"label": error.get("label", ""), "field": error.get("field", "")}
        fix = _("Rename the column, or put the columns in the schema's order.")
    elif kind == "duplicate-label":
        problem = _("Two columns are named « %(name)s ».") % {"name": name}
        fix = _("Give each column a name of its own.")
    elif kind == "blank-label":
        problem = _("A column has no name.")
        fix = _("Name it as the schema does, or remove it.")
    elif kind in ("unique-error", "primary-key"):
        problem = _("The value « %(cell)s » appears in several rows.") % {"cell": cell}
        fix = _("Give each row a value of its own in this column.")
    elif kind == "encoding-error":
        problem = _("The file's characters cannot be read.")
        fix = _("Save the file as CSV in UTF-8 encoding.")
    elif kind == "binary-file":
        problem = _("The file is not a text table (CSV).")
        fix = _("Export the table as CSV (UTF-8) and upload that file.")
    elif kind == "empty-file":
        problem = _("The file is empty.")
        fix = _("Upload the file with its header row and its data.")
    else:
        problem = _("The file could not be read as a table following the schema.")
        fix = _(
            "Save it as CSV (UTF-8, comma or semicolon separated) with the "
            "schema's columns in the first row."
        )
    column = name
    if error.get("column") and name:
        column = _("%(name)s (column %(number)s)") % {
            "name": name,
            "number": error["column"],
        }
    return ReportLine(row=row, column=column, problem=problem, fix=fix)


def describe_all(
    errors: list[dict[str, Any]], descriptor: dict[str, Any]
) -> Iterator[ReportLine]:
    for error in errors:
        yield describe(error, descriptor)
