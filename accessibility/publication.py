"""What the statement page publishes of its latest audit (home's
`AuditFigures`): the rate, the sample as links, the non-conformities grouped
by criterion with the pages concerned, the derogations, the content not
subject to the obligation, the environment.

The figures are the same in every language: the audit is linked to the
statement's source page, and a translation finds it by its translation key;
only the links follow the reader's language where the page is translated."""

from __future__ import annotations

from wagtail.models import Page

from home.models import AccessibilityStatementPage, AuditFigures

from .criteria import criteria
from .models import Audit, Derogation, Result, SamplePage
from .rate import NC


def latest_audit(statement: AccessibilityStatementPage) -> Audit | None:
    return (
        Audit.objects.filter(statement__translation_key=statement.translation_key)
        .order_by("-audit_date", "-pk")
        .first()
    )


def _links(samples: list[SamplePage], locale_id: int) -> dict[int, dict]:
    """Each sample page as a link, to its translation in `locale_id` when live."""
    keys = [s.page.translation_key for s in samples if s.page_id and s.page]
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=keys, locale_id=locale_id
        )
    }
    links = {}
    for sample in samples:
        if sample.page_id and sample.page:
            page = translated.get(sample.page.translation_key, sample.page)
            name = sample.label or page.title
            links[sample.pk] = {"name": name, "url": page.url or ""}
        else:
            links[sample.pk] = {"name": sample.name, "url": sample.url}
    return links


def _grouped(results: list[Result], links: dict[int, dict], note: str) -> list[dict]:
    """Results grouped by criterion, in the reference's order."""
    reference = criteria()
    found: dict[str, dict] = {}
    for result in results:
        criterion = reference.get(result.criterion)
        if criterion is None:
            continue
        entry = found.setdefault(
            result.criterion,
            {"number": criterion.number, "title": criterion.title, "pages": []},
        )
        entry.setdefault("notes", [])
        entry["pages"].append(links[result.sample_id])
        text = getattr(result, note).strip()
        if text and text not in entry["notes"]:
            entry["notes"].append(text)
    order = list(reference)
    return [found[number] for number in sorted(found, key=order.index)]


def audit_figures(statement: AccessibilityStatementPage) -> AuditFigures | None:
    audit = latest_audit(statement)
    if audit is None:
        return None
    samples = list(audit.sample.select_related("page"))
    links = _links(samples, statement.locale_id)
    results = list(
        Result.objects.filter(sample__audit=audit).order_by(
            "sample__sort_order", "sample_id"
        )
    )
    site = audit.site_rate()
    environment = [line.strip() for line in audit.environment.splitlines()]
    return AuditFigures(
        audit_date=audit.audit_date,
        rgaa_version=audit.rgaa_version,
        auditor=audit.auditor,
        rate=site.value,
        average_rate=audit.average_page_rate(),
        complete=site.complete,
        environment=[line for line in environment if line],
        sample=[links[sample.pk] for sample in samples],
        non_compliant=_grouped(
            [r for r in results if r.status == NC and not r.derogation],
            links,
            "comment",
        ),
        derogations=_grouped(
            [r for r in results if r.derogation == Derogation.BURDEN],
            links,
            "justification",
        ),
        not_subject=_grouped(
            [r for r in results if r.derogation == Derogation.NOT_SUBJECT],
            links,
            "justification",
        ),
    )
