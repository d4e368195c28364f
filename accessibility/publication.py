"""What the statement page publishes of its latest audit (home's
`AuditFigures`): the rate, the sample as links, the non-conformities grouped
by criterion with the pages concerned, the derogations, the content not
subject to the obligation, the environment.

The figures are the same in every language: the audit is linked to the
statement's source page, and a translation finds it by its translation key;
only the links follow the reader's language where the page is translated."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from home.models import AccessibilityStatementPage, AuditFigures

from .criteria import criteria
from .models import ActionStatus, Audit, Derogation, Result, SamplePage, Scheme
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


def scheme_data(statement: AccessibilityStatementPage) -> dict | None:
    """The latest scheme linked to the statement, its actions by year, this
    year's plan first: {"title", "lang", "summary_lang", "start_year",
    "end_year", "summary", "this_year", "years": [{"year", "current",
    "actions": [{"title", "lang", ...}]}]}. The `lang`s name the language of a
    text that is not the reader's: the French scheme where it is not
    translated, or a French text its translation still holds."""
    # The latest scheme written for the statement (in its language), then its
    # translation into the reader's language where there is one.
    source = (
        Scheme.objects.filter(
            statement__translation_key=statement.translation_key,
            locale_id=F("statement__locale_id"),
        )
        .order_by("-start_year", "-pk")
        .first()
    )
    if source is None:
        return None
    scheme = (
        Scheme.objects.filter(
            translation_key=source.translation_key, locale_id=statement.locale_id
        )
        .select_related("locale")
        .first()
    ) or source
    # The language of its texts, where it is not the reader's.
    translated = scheme.locale_id == statement.locale_id
    lang = "" if translated else scheme.locale.language_code
    this_year = timezone.localdate().year
    actions = list(scheme.actions.select_related("page", "checked_by"))
    summary_lang, fallback = lang, _untranslated(scheme) if translated else None
    if fallback and scheme.summary == fallback.summary:
        summary_lang = fallback.language
    pages = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=[a.page.translation_key for a in actions if a.page],
            locale_id=statement.locale_id,
        )
    }
    years: dict[int, list[dict]] = {}
    for action in sorted(actions, key=lambda a: (a.year, a.sort_order or 0)):
        page = (
            pages.get(action.page.translation_key, action.page) if action.page else None
        )
        untranslated = (
            fallback is not None
            and fallback.titles.get(action.translation_key) == action.title
        )
        years.setdefault(action.year, []).append(
            {
                "title": action.title,
                "lang": fallback.language if untranslated else lang,
                "status": action.status,
                "status_label": ActionStatus(action.status).label,
                "done": action.status == ActionStatus.DONE,
                "criteria": action.criteria_numbers(),
                "page": {"name": page.title, "url": page.url} if page else None,
                "checked_by": action.checked_by,
            }
        )
    ordered = sorted(years, key=lambda year: (year != this_year, year))
    return {
        "title": scheme.title,
        "lang": lang,
        "summary_lang": summary_lang,
        "start_year": scheme.start_year,
        "end_year": scheme.end_year,
        "summary": [p.strip() for p in scheme.summary.split("\n\n") if p.strip()],
        "this_year": this_year,
        "years": [
            {"year": year, "current": year == this_year, "actions": years[year]}
            for year in ordered
        ],
    }


@dataclass(frozen=True)
class _Source:
    language: str
    summary: str
    titles: dict  # action's translation key -> title


def _untranslated(scheme: Scheme) -> _Source | None:
    """For a translation, the French scheme's texts: until a translator
    translates a text (and publishes), wagtail-localize leaves the French one
    in its place, which the statement marks as French."""
    default = Locale.get_default()
    if scheme.locale_id == default.pk:
        return None
    source = Scheme.objects.filter(
        translation_key=scheme.translation_key, locale=default
    ).first()
    if source is None:
        return None
    return _Source(
        language=default.language_code,
        summary=source.summary,
        titles=dict(source.actions.values_list("translation_key", "title")),
    )
