"""The translation-status report (« Reports → Translation status ») and its
dashboard panel, for the people who translate or submit translations; and the
managers' panel of translations waiting for publication (translators do not
publish: docs/permissions.md)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from home.translation.rights import translates_only
from home.translation.status import (
    STATUSES,
    Row,
    TranslationStatus,
    kinds,
    source_locale,
    target_locales,
    translation_status,
)

PERMISSION = "wagtail_localize.submit_translation"


def may_see_translation_status(user) -> bool:
    """Translators, managers and administrators: the people who submit, translate
    or synchronise translations (writers do not)."""
    return user.is_active and user.has_perm(PERMISSION)


def _locale_choices() -> list[tuple[str, str]]:
    return [
        (locale.language_code, locale.get_display_name())
        for locale in target_locales(source_locale())
    ]


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in kinds()]


class TranslationStatusFilterSet(WagtailFilterSet):
    """The report's filters. The rows are computed, not a queryset: the view
    applies the valid values itself, and ignores the invalid ones (the filter
    form says what is wrong)."""

    locale = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=_locale_choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=list(STATUSES.items()),
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Content type"),
        choices=_kind_choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Locale
        fields: list[str] = []


class TranslationStatusView(ReportView):
    """Every translatable page and snippet in every language but the source one,
    with its status and links to translate it."""

    template_name = "home/admin/translation_status.html"
    results_template_name = "home/admin/translation_status_results.html"
    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 100
    list_export = [
        "title",
        "type_label",
        "locale.language_code",
        "status_label",
        "progress_label",
        "source_changed_at",
        "synced_at",
    ]
    export_headings = {
        "title": _("Title"),
        "type_label": _("Type"),
        "locale.language_code": _("Language"),
        "status_label": _("Status"),
        "progress_label": _("Translated texts"),
        "source_changed_at": _("Source changed"),
        "synced_at": _("Last synchronised"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    @cached_property
    def status(self) -> TranslationStatus:
        return translation_status()

    def get_queryset(self) -> list[Row]:
        return self.status.rows

    def filter_queryset(self, queryset: list[Row]) -> list[Row]:
        if not self.filters:
            return queryset
        self.filters.is_valid()
        chosen = self.filters.form.cleaned_data
        locale = chosen.get("locale")
        status = chosen.get("status")
        kind = chosen.get("kind")
        return [
            row
            for row in queryset
            if (not locale or row.locale.language_code == locale)
            and (not status or row.status == status)
            and (not kind or row.kind == kind)
        ]

    def get_context_data(self, *args, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["source_locale"] = self.status.source
        context["locale_counts"] = self.status.counts()
        context["statuses"] = STATUSES
        return context


def may_publish_translations(user) -> bool:
    """Who publishes what translators saved: managers and administrators."""
    return may_see_translation_status(user) and not translates_only(user)


def request_translation_status(request) -> TranslationStatus:
    """The status, computed once per request for the dashboard's two panels."""
    status = getattr(request, "_translation_status", None)
    if status is None:
        status = request._translation_status = translation_status()
    return status


class TranslationStatusPanel(Component):
    """The report's counts on the dashboard."""

    name = "translation_status"
    template_name = "home/admin/translation_status_panel.html"
    order = 100

    def get_context_data(self, parent_context: dict) -> dict[str, Any]:
        status = request_translation_status(parent_context["request"])
        return {
            "source_locale": status.source,
            "locale_counts": status.counts(),
            "statuses": STATUSES,
        }


class AwaitingPublicationPanel(Component):
    """The managers' list of translations a translator worked on since they were
    last published (strings saved in the editor, or a draft): each links to the
    translation editor, where « Publish » puts them live."""

    name = "translations_awaiting_publication"
    template_name = "home/admin/translations_awaiting_publication_panel.html"
    order = 99
    shown = 20

    def get_context_data(self, parent_context: dict) -> dict[str, Any]:
        status = request_translation_status(parent_context["request"])
        rows = [row for row in status.rows if row.awaiting_publication]
        return {"rows": rows[: self.shown], "more": max(len(rows) - self.shown, 0)}
