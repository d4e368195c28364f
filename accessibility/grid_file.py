"""The audit as a spreadsheet laid out like the official RGAA audit grid, both
ways (ODS or XLSX, through tablib).

Sheets: « Synthèse » (the audit and its rate), « Échantillon » (each page's
code P01, P02…, name and address), then one sheet per page with the official
grid's columns: Thématique, Critère, Recommandation, Statut (C, NC, NA, NT for
not tested), Dérogation (N or D), Modifications à apporter (the auditor's
comment), Commentaires en cas de dérogation (its justification), and one
column the official grid lacks, Nature de la dérogation.

An import is matched by criterion number and page address; any refused line
refuses the whole file, so nothing is ever applied half-way."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from .criteria import criteria, themes
from .models import Audit, Derogation, Result
from .rate import STATUSES

FORMATS = ("xlsx", "ods")
SUMMARY = "Synthèse"
SAMPLE = "Échantillon"
SAMPLE_HEADERS = ["Page", "Nom", "Adresse"]
PAGE_HEADERS = [
    "Thématique",
    "Critère",
    "Recommandation",
    "Statut",
    "Dérogation",
    "Modifications à apporter",
    "Commentaires en cas de dérogation",
    "Nature de la dérogation",
]
NOT_TESTED = "NT"
DEROGATION_NAMES = {
    Derogation.BURDEN: "Charge disproportionnée",
    Derogation.NOT_SUBJECT: "Non soumis",
}
MAX_BYTES = 5 * 1024 * 1024


def code(index: int) -> str:
    return f"P{index + 1:02d}"


def _percent(value) -> str:
    return "" if value is None else f"{value} %"


def export_audit(audit: Audit, file_format: str) -> bytes:
    samples = list(audit.sample.select_related("page"))
    grid = {
        sample.pk: {result.criterion: result for result in sample.results.all()}
        for sample in samples
    }
    site = audit.site_rate()
    summary = tablib.Dataset(title=SUMMARY, headers=["Indicateur", "Valeur"])
    for row in (
        ("Audit", audit.title),
        ("Date", audit.audit_date.isoformat()),
        ("Version du RGAA", audit.rgaa_version),
        ("Auditeur ou auditrice", audit.auditor),
        ("Environnement de test", audit.environment),
        ("Taux de conformité", _percent(site.value)),
        ("Taux moyen des pages", _percent(audit.average_page_rate())),
        ("Critères conformes", site.met),
        ("Critères non conformes", site.not_met),
        ("Critères non applicables", site.not_applicable),
        ("Critères non testés", site.incomplete),
    ):
        summary.append(row)
    sample_sheet = tablib.Dataset(title=SAMPLE, headers=SAMPLE_HEADERS)
    sheets = [summary, sample_sheet]
    for index, sample in enumerate(samples):
        sample_sheet.append([code(index), sample.name, sample.address])
        sheet = tablib.Dataset(title=code(index), headers=PAGE_HEADERS)
        for theme in themes():
            for criterion in theme.criteria:
                result = grid[sample.pk].get(criterion.number)
                sheet.append(
                    [
                        theme.title.upper(),
                        criterion.number,
                        criterion.title,
                        (result.status if result else "") or NOT_TESTED,
                        "D" if result and result.derogation else "N",
                        result.comment if result else "",
                        result.justification if result else "",
                        DEROGATION_NAMES.get(result.derogation, "") if result else "",
                    ]
                )
        sheets.append(sheet)
    return tablib.Databook(sheets).export(file_format)


@dataclass
class ImportReport:
    """What a file said: the answers read per page, and what was refused."""

    pages: list[dict] = field(default_factory=list)  # {"code", "address", "read"}
    refused: list[str] = field(default_factory=list)
    changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _same_address(ours: str, theirs: str) -> bool:
    """An address matches by its path when either side has no host."""
    if ours == theirs:
        return True
    a, b = urlsplit(ours), urlsplit(theirs)
    if a.netloc and b.netloc and a.netloc != b.netloc:
        return False
    return (a.path.rstrip("/") or "/") == (b.path.rstrip("/") or "/")


def _load(content: bytes) -> tablib.Databook:
    if len(content) > MAX_BYTES:
        raise ValueError("too large")
    file_format = "ods" if b"opendocument.spreadsheet" in content[:200] else "xlsx"
    return tablib.Databook().load(content, file_format)


def read_grid(audit: Audit, content: bytes) -> tuple[ImportReport, dict]:
    """The file's answers by (sample page id, criterion), and the report."""
    report = ImportReport()
    answers: dict[tuple[int, str], dict] = {}
    try:
        book = _load(content)
    except Exception:  # noqa: BLE001  (a broken or foreign file, whatever breaks)
        report.refused.append(_("The file is not a readable ODS or XLSX workbook."))
        return report, answers
    sheets = {sheet.title: sheet for sheet in book.sheets()}
    if SAMPLE not in sheets:
        report.refused.append(
            _("The workbook has no « %(sheet)s » sheet.") % {"sheet": SAMPLE}
        )
        return report, answers
    samples = list(audit.sample.select_related("page"))
    reference = criteria()
    for row in sheets[SAMPLE]:
        page_code, _name, address = (_text(value) for value in list(row)[:3])
        if not page_code:
            continue
        sample = next((s for s in samples if _same_address(s.address, address)), None)
        if sample is None:
            report.refused.append(
                _("%(page)s: the address « %(address)s » is not in the sample.")
                % {"page": page_code, "address": address}
            )
            continue
        sheet = sheets.get(page_code)
        if sheet is None:
            report.refused.append(
                _("%(page)s: no sheet of that name.") % {"page": page_code}
            )
            continue
        missing = [h for h in PAGE_HEADERS[:7] if h not in (sheet.headers or [])]
        if missing:
            report.refused.append(
                _("%(page)s: missing columns: %(columns)s.")
                % {"page": page_code, "columns": ", ".join(missing)}
            )
            continue
        read = 0
        for line, row_values in enumerate(sheet.dict, start=2):
            values = {key: _text(value) for key, value in row_values.items()}
            number = values["Critère"]
            if not number:
                continue
            where = _("%(page)s, line %(line)s") % {"page": page_code, "line": line}
            if number not in reference:
                report.refused.append(
                    _("%(where)s: unknown criterion « %(number)s ».")
                    % {"where": where, "number": number}
                )
                continue
            status = values["Statut"].upper()
            if status == NOT_TESTED:
                status = ""
            if status and status not in STATUSES:
                report.refused.append(
                    _("%(where)s: status « %(status)s » (C, NC, NA or NT expected).")
                    % {"where": where, "status": values["Statut"]}
                )
                continue
            derogation = ""
            if values["Dérogation"].upper() == "D":
                nature = values.get("Nature de la dérogation", "")
                derogation = (
                    Derogation.NOT_SUBJECT
                    if nature.lower().startswith("non soumis")
                    else Derogation.BURDEN
                )
                if not values["Commentaires en cas de dérogation"]:
                    report.refused.append(
                        _("%(where)s: a derogation without its justification.")
                        % {"where": where}
                    )
                    continue
            elif values["Dérogation"].upper() not in ("", "N"):
                report.refused.append(
                    _("%(where)s: derogation « N » or « D » expected.")
                    % {"where": where}
                )
                continue
            answers[(sample.pk, number)] = {
                "status": status,
                "comment": values["Modifications à apporter"],
                "derogation": derogation,
                "justification": values["Commentaires en cas de dérogation"],
            }
            read += 1
        report.pages.append({"code": page_code, "address": address, "read": read})
    if not report.pages and not report.refused:
        report.refused.append(_("No page of the sample was read."))
    return report, answers


@transaction.atomic
def import_grid(audit: Audit, content: bytes, user=None) -> ImportReport:
    """Apply the file's answers, all or nothing; one revision of the audit."""
    report, answers = read_grid(audit, content)
    if not report.ok:
        return report
    existing = {
        (result.sample_id, result.criterion): result
        for result in Result.objects.filter(sample__audit=audit)
    }
    parts = ("status", "comment", "derogation", "justification")
    for (sample_id, number), answer in answers.items():
        result = existing.get((sample_id, number))
        if result is None:
            if not any(answer.values()):
                continue
            result = Result(sample_id=sample_id, criterion=number)
        elif all(getattr(result, part) == answer[part] for part in parts):
            continue
        for part in parts:
            setattr(result, part, answer[part])
        result.updated_by = user
        result.save()
        report.changed += 1
    if report.changed:
        audit.save_revision(user=user, log_action=True, clean=False)
    return report
