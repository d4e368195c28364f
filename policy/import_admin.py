"""The admin's update of the plan's actions from a spreadsheet (policy.plan_import):
download the template, upload the filled file, read the preview, confirm.

Writers and managers (whoever may edit the actions in the source language)
import; translators and anyone without the right to edit pages are refused by
every view. The preview is kept in the import's row (PlanImport), which only its
editor may confirm; managers (the `view_planimport` permission, policy's
migration 0011) read the log of every import. Confirming enqueues the job that
applies the whole import (policy.plan_import.apply_import_job); the import's
state page then says, without JavaScript, whether it waits for the worker, how
far it has got, and what it did or why it changed nothing. When the worker was
stopped halfway (nothing was changed), the page says the import was
interrupted and its editor gets its preview back, to confirm again."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.jobs import progress, refresh_links, seems_dead, worker_seems_stopped
from home.translation.rights import translates_only

from .filters import departments_of
from .models import ActionPage, ActionStatus, MasterPlanPage, PlanImport
from .plan_import import (
    IMPORT_ACTION,
    KEY,
    STALE,
    TOO_LARGE,
    UNEXPECTED,
    FileRefused,
    apply_import_job,
    build_preview,
    interrupted,
    max_bytes,
    max_megabytes,
    progress_name,
    read_table,
    restart,
    stale_change,
)

FORMATS = ("xlsx", "ods", "csv")


def may_import(user) -> bool:
    """Whoever may edit the plan's actions in the source language."""
    if not user.is_authenticated or translates_only(user):
        return False
    return PagePermissionPolicy().user_has_permission(user, "change")


def may_read_log(user) -> bool:
    return user.is_authenticated and user.has_perm("policy.view_planimport")


class ImportAccessMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "The plan's export (CSV, ODS or XLSX) with the new figures: status, "
            "progress, dates, budget, indicators' current values."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.ods,.xlsx"}),
    )


def source_plan() -> MasterPlanPage | None:
    return MasterPlanPage.objects.live().filter(locale=Locale.get_default()).first()


class ImportView(ImportAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Step one: the template to download, and the upload."""

    template_name = "policy/admin/plan_import.html"
    page_title = gettext_lazy("Update actions from a spreadsheet")
    header_icon = "upload"
    form_class = UploadForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        actions = ActionPage.objects.live().filter(locale=Locale.get_default())
        context.update(
            {
                "plan": source_plan(),
                "departments": departments_of(list(actions.only("department"))),
                "formats": FORMATS,
                "template_url": reverse("plan_import_template"),
                "max_megabytes": max_megabytes(),
                "log_url": reverse("plan_import_log")
                if may_read_log(self.request.user)
                else "",
            }
        )
        return context

    def form_valid(self, form: UploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_bytes():
                raise FileRefused(TOO_LARGE, {"size": max_megabytes()})
            table = read_table(upload.read(max_bytes() + 1))
        except FileRefused as refusal:
            form.add_error("file", refusal.text())
            return self.form_invalid(form)
        preview = build_preview(table, self.request.user)
        plan_import = PlanImport.objects.create(
            user=self.request.user,
            file_name=upload.name[:255],
            changes=[asdict(change) for change in preview.changes],
            report=preview.report(),
            changed_count=len(preview.changes),
            unchanged_count=len(preview.unchanged),
            refused_count=preview.refused_rows + len(preview.unknown),
        )
        return redirect("plan_import_preview", plan_import.pk)


class TemplateDownloadView(ImportAccessMixin, View):
    """The template: the plan's export in the chosen format, for the chosen
    department (the public export's address)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        plan = source_plan()
        extension = request.GET.get("format", "xlsx")
        if plan is None or extension not in FORMATS:
            raise PermissionDenied
        name = "actions_csv" if extension == "csv" else f"actions_{extension}"
        url = plan.get_url(request) + plan.reverse_subpage(name)
        department = request.GET.get("department", "")
        if department:
            url += "?" + urlencode({"department": department})
        return HttpResponseRedirect(url)


class ImportReaderMixin:
    """An import is read by its editor (while they may still import) and by
    managers; anyone else is refused."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.plan_import = get_object_or_404(PlanImport, pk=kwargs["pk"])
        self.own = self.plan_import.user_id == request.user.pk
        if not (self.own and may_import(request.user)) and not may_read_log(
            request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Import of « %(file)s »") % {"file": self.plan_import.file_name}


class PreviewView(ImportReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    """Step two: the changes the file makes, its errors and what it leaves
    alone; the editor who uploaded it confirms. Once applied, the same page is
    the import's log entry, with its revisions."""

    template_name = "policy/admin/plan_import_preview.html"
    header_icon = "upload"

    @property
    def may_confirm(self) -> bool:
        return (
            self.own
            and may_import(self.request.user)
            and self.plan_import.status == PlanImport.Status.PREVIEWED
            and bool(self.plan_import.changes)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.plan_import.status == PlanImport.Status.QUEUED:
            return redirect("plan_import_state", self.plan_import.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan_import = self.plan_import
        report = plan_import.report
        context.update(
            {
                "plan_import": plan_import,
                "changes": [labelled(change) for change in plan_import.changes],
                "errors": [
                    {**error, "message": _(error["message"])}
                    for error in report.get("errors", [])
                ],
                "unknown": report.get("unknown", []),
                "unchanged": report.get("unchanged", []),
                "ignored": [
                    {**note, "reason": _(note["reason"])}
                    for note in report.get("ignored", [])
                ],
                "may_confirm": self.may_confirm,
                "applied": plan_import.status == PlanImport.Status.APPLIED,
                "failed": plan_import.status == PlanImport.Status.FAILED,
                "interrupted": plan_import.status == PlanImport.Status.FAILED
                and interrupted(plan_import),
                "failure": plan_import.failure_text(),
                "revisions": list(plan_import.revisions.order_by("pk")),
                "upload_url": reverse("plan_import"),
                "key_column": KEY,
            }
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Confirm: enqueue the job that applies the whole import, and show the
        page that waits for it. Nothing is changed here."""
        if not self.may_confirm:
            raise PermissionDenied
        with transaction.atomic():
            # Confirmed twice at once (a double click): the second one waits,
            # then finds the import queued.
            plan_import = PlanImport.objects.select_for_update().get(
                pk=self.plan_import.pk
            )
            if plan_import.status != PlanImport.Status.PREVIEWED:
                return redirect("plan_import_state", plan_import.pk)
            # Told at once rather than by the job: an action changed since the
            # preview (the job checks again when it runs).
            stale = stale_change(plan_import)
            if stale is not None:
                messages.error(request, _(STALE) % {"title": stale["title"]})
                return redirect("plan_import")
            result = apply_import_job.enqueue(plan_import.pk)
            plan_import.status = PlanImport.Status.QUEUED
            plan_import.job_id = str(result.id)
            plan_import.save(update_fields=["status", "job_id"])
        return redirect("plan_import_state", plan_import.pk)


class StateView(ImportReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    """Where a confirmed import stands: waiting for the background worker,
    being applied (how many actions of how many), applied (what it did) or
    failed (why; nothing was changed). The page reloads itself until the
    import is done, which the editor may stop (home.jobs.refresh_links)."""

    template_name = "policy/admin/plan_import_state.html"
    header_icon = "upload"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.plan_import.status == PlanImport.Status.PREVIEWED:
            return redirect("plan_import_preview", self.plan_import.pk)
        return super().get(request, *args, **kwargs)

    def outcome(self) -> dict[str, Any] | None:
        if self.plan_import.status == PlanImport.Status.APPLIED:
            return {"state": "applied"}
        if self.plan_import.status == PlanImport.Status.FAILED:
            if interrupted(self.plan_import):
                # Its preview was given back already.
                return {"state": "interrupted", "may_restart": False}
            return {"state": "failed", "failure": self.plan_import.failure_text()}
        return None

    def state(self) -> dict[str, Any]:
        plan_import = self.plan_import
        outcome = self.outcome()
        if outcome:
            return outcome
        try:
            job = apply_import_job.get_result(plan_import.job_id)
        except TaskResultDoesNotExist:
            job = None
        if job is None or job.is_finished:
            # Finished since the import was read (the job commits its changes,
            # then says it is done)?
            plan_import.refresh_from_db()
            # Else finished without saying so on the import, or lost from the
            # queue: the job's own record has the details.
            return self.outcome() or {"state": "failed", "failure": _(UNEXPECTED)}
        if seems_dead(job, progress_name(plan_import)):
            return {
                "state": "interrupted",
                "may_restart": self.own and may_import(self.request.user),
            }
        if job.status == TaskResultStatus.RUNNING:
            report = progress.read(progress_name(plan_import))
            total = len(plan_import.changes)
            return {
                "state": "running",
                "done": report.done if report else 0,
                "total": total,
            }
        return {"state": "waiting", "late": worker_seems_stopped(job.enqueued_at)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pk = self.plan_import.pk
        state = self.state()
        under_way = state["state"] in ("waiting", "running")
        url = reverse("plan_import_state", args=[pk])
        context.update(
            {
                **state,
                "plan_import": self.plan_import,
                "total": len(self.plan_import.changes),
                **refresh_links(self.request, url, under_way=under_way),
                "revisions": list(self.plan_import.revisions.order_by("pk"))
                if state["state"] == "applied"
                else [],
                "detail_url": reverse(
                    "plan_import_preview", args=[self.plan_import.pk]
                ),
                "upload_url": reverse("plan_import"),
                "restart_url": reverse("plan_import_restart", args=[pk]),
            }
        )
        return context


class RestartView(ImportReaderMixin, View):
    """An interrupted import's editor asks for its preview again (policy.
    plan_import.restart), to confirm it as the first time. Anyone else, or an
    import that is not interrupted, gets nothing new."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (self.own and may_import(request.user)):
            raise PermissionDenied
        again = restart(self.plan_import, request.user)
        if again is None:
            return redirect("plan_import_state", self.plan_import.pk)
        messages.info(
            request,
            _(
                "The interrupted import's preview: confirm it to apply it. An "
                "action changed since then stops it, as before."
            ),
        )
        return redirect("plan_import_preview", again.pk)


FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress"),
    "start_date": gettext_lazy("Start date"),
    "target_date": gettext_lazy("Target date"),
    "budget": gettext_lazy("Budget (€)"),
    "current_value": gettext_lazy("current value"),
    "measured_on": gettext_lazy("measured on"),
}


def shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(ActionStatus(value).label)
    if name == "progress":
        return f"{value} %"
    return str(value)


def labelled(change: dict) -> dict:
    """A change as the preview shows it: each field's label, old and new."""
    lines = [
        {
            "label": FIELD_LABELS[name],
            "old": shown(name, old),
            "new": shown(name, new),
        }
        for name, (old, new) in change["fields"].items()
    ]
    lines += [
        {
            "label": f"{indicator} ({FIELD_LABELS[name]})",
            "old": shown(name, old),
            "new": shown(name, new),
        }
        for _position, indicator, name, old, new in change["indicators"]
    ]
    return {**change, "lines": lines}


class ImportLogView(WagtailAdminTemplateMixin, TemplateView):
    """Every import, newest first: who, when, which file, how many actions."""

    template_name = "policy/admin/plan_import_log.html"
    page_title = gettext_lazy("Spreadsheet imports")
    header_icon = "list-ul"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if not may_read_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        imports = list(PlanImport.objects.select_related("user")[:200])
        for item in imports:
            # Only those still « being applied » ask the queue (one query
            # each): the one in progress, if any, and those interrupted and
            # not started again.
            item.interrupted = interrupted(item)
        context["imports"] = imports
        return context


def admin_urls() -> list:
    return [
        path("policy/plan-import/", ImportView.as_view(), name="plan_import"),
        path(
            "policy/plan-import/template/",
            TemplateDownloadView.as_view(),
            name="plan_import_template",
        ),
        path(
            "policy/plan-import/<int:pk>/",
            PreviewView.as_view(),
            name="plan_import_preview",
        ),
        path(
            "policy/plan-import/<int:pk>/state/",
            StateView.as_view(),
            name="plan_import_state",
        ),
        path(
            "policy/plan-import/<int:pk>/restart/",
            RestartView.as_view(),
            name="plan_import_restart",
        ),
        path(
            "policy/plan-import/log/",
            ImportLogView.as_view(),
            name="plan_import_log",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_import(request.user)


class ImportLogMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_read_log(request.user)


def import_menu_item() -> MenuItem:
    # After « Master plan actions » (250) and « Action history » (260).
    return ImportMenuItem(
        gettext_lazy("Actions from a spreadsheet"),
        reverse("plan_import"),
        icon_name="upload",
        order=265,
    )


def import_log_menu_item() -> MenuItem:
    return ImportLogMenuItem(
        gettext_lazy("Spreadsheet imports"),
        reverse("plan_import_log"),
        icon_name="list-ul",
        order=266,
    )


def register_import_log_action(actions) -> None:
    @actions.register_action(IMPORT_ACTION)
    class Imported(LogFormatter):
        label = gettext_lazy("Update from a spreadsheet")

        def format_message(self, log_entry) -> str:
            return _("Updated from the spreadsheet « %(file)s » (import %(id)s)") % {
                "file": log_entry.data.get("file_name", ""),
                "id": log_entry.data.get("import", ""),
            }
