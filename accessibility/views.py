"""The audits' admin: the list, one audit's overview (its rate and sample),
one screen per sample page to fill the grid, and « new audit ».

Managers (`change_audit`) fill the audits in; writers and translators
(`view_audit`) read the same screens with every field disabled; anyone else
is refused. A refused POST changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.jobs import (
    progress,
    refresh_links,
    silent_minutes,
    worker_seems_stopped,
)

from . import jobs, rate
from .criteria import criteria
from .forms import PARTS, GridForm
from .grid_file import FORMATS, MAX_BYTES, export_audit, import_grid
from .models import Audit, Result, SamplePage
from .services import start_audit


def may_read(user) -> bool:
    return user.is_authenticated and (
        user.has_perm("accessibility.view_audit")
        or user.has_perm("accessibility.change_audit")
    )


def may_fill(user) -> bool:
    return user.is_authenticated and user.has_perm("accessibility.change_audit")


class ReadAccessMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def sample_progress(audit: Audit) -> list[dict]:
    """Each sample page with its answers counted and its own rate."""
    grid = audit.grid()
    numbers = list(criteria())
    rows = []
    for sample in audit.sample.select_related("page"):
        answers = grid.get(sample.pk, {})
        page_rate = rate.page_rate(answers, numbers)
        rows.append(
            {
                "sample": sample,
                "answered": len(numbers) - page_rate.incomplete,
                "rate": page_rate.value,
                "url": reverse("accessibility_grid", args=[audit.pk, sample.pk]),
            }
        )
    return rows


class AuditListView(ReadAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accessibility/admin/audit_list.html"
    page_title = gettext_lazy("Accessibility audits")
    header_icon = "tasks"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["audits"] = [
            {"audit": audit, "rate": audit.site_rate()} for audit in Audit.objects.all()
        ]
        context["may_fill"] = may_fill(self.request.user)
        return context


class StartAuditView(View):
    """« New audit »: a copy of the last one (or the mandatory sample)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not may_fill(request.user):
            raise PermissionDenied
        audit = start_audit(request.user)
        messages.success(
            request, _("Audit « %(title)s » created.") % {"title": audit.title}
        )
        return redirect("accessibility_audit", audit.pk)


class AuditView(ReadAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accessibility/admin/audit.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.audit.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        audit = self.audit
        user = self.request.user
        context.update(
            {
                "audit": audit,
                "rate": audit.site_rate(),
                "average": audit.average_page_rate(),
                "total": len(criteria()),
                "samples": sample_progress(audit),
                "may_fill": may_fill(user),
                "last_run": jobs.latest_run(audit),
                "edit_url": reverse(
                    "wagtailsnippets_accessibility_audit:edit", args=[audit.pk]
                ),
                "history_url": reverse(
                    "wagtailsnippets_accessibility_audit:history", args=[audit.pk]
                ),
            }
        )
        return context


class GridView(ReadAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """One page of the sample: the 13 themes, each criterion's answer."""

    template_name = "accessibility/admin/grid.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        self.sample = get_object_or_404(
            SamplePage.objects.select_related("page"),
            pk=kwargs["sample_pk"],
            audit=self.audit,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("%(page)s — %(audit)s") % {
            "page": self.sample.name,
            "audit": self.audit.title,
        }

    def results(self) -> dict[str, Result]:
        return {result.criterion: result for result in self.sample.results.all()}

    def get_form(self) -> GridForm:
        return GridForm(
            self.request.POST if self.request.method == "POST" else None,
            results=self.results(),
            read_only=not may_fill(self.request.user),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_fill(request.user):
            raise PermissionDenied
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("The grid could not be saved: see below."))
            return self.render_to_response(self.get_context_data(form=form))
        changed = self.save(form)
        if changed:
            messages.success(
                request,
                ngettext("%(count)s answer saved.", "%(count)s answers saved.", changed)
                % {"count": changed},
            )
        else:
            messages.info(request, _("Nothing changed."))
        target = self.next_sample() if "and_next" in request.POST else None
        url = reverse(
            "accessibility_grid", args=[self.audit.pk, (target or self.sample).pk]
        )
        return redirect(url)

    @transaction.atomic
    def save(self, form: GridForm) -> int:
        """Write the criteria whose answer changed; one revision of the audit."""
        existing = form.results
        changed = 0
        for number, answer in form.answers().items():
            result = existing.get(number)
            if result is None:
                if not any(answer.values()):
                    continue
                result = Result(sample=self.sample, criterion=number)
            elif all(getattr(result, part) == answer[part] for part in PARTS):
                continue
            for part in PARTS:
                setattr(result, part, answer[part])
            result.updated_by = self.request.user
            result.save()
            changed += 1
        if changed:
            self.audit.save_revision(
                user=self.request.user, log_action=True, clean=False
            )
        return changed

    def next_sample(self) -> SamplePage | None:
        samples = list(self.audit.sample.all())
        index = [sample.pk for sample in samples].index(self.sample.pk)
        return samples[index + 1] if index + 1 < len(samples) else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.get_form()
        laid_out = form.themes()
        found: dict[str, dict] = {}
        for hint in self.sample.axe_hints.all():
            entry = found.setdefault(hint.criterion, {"count": 0, "rules": []})
            entry["count"] += hint.count
            entry["rules"].append(hint.rule)
        for theme in laid_out:
            for row in theme["rows"]:
                row["hints"] = found.get(row["criterion"].number)
        next_sample = self.next_sample()
        context.update(
            {
                "audit": self.audit,
                "sample": self.sample,
                "form": form,
                "themes": laid_out,
                "answered": sum(theme["answered"] for theme in laid_out),
                "total": len(criteria()),
                "may_fill": may_fill(self.request.user),
                "next_sample": next_sample,
                "audit_url": reverse("accessibility_audit", args=[self.audit.pk]),
            }
        )
        return context


class ExportView(ReadAccessMixin, View):
    """The audit as the official grid, in ODS or XLSX."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = get_object_or_404(Audit, pk=pk)
        file_format = request.GET.get("format", "ods")
        if file_format not in FORMATS:
            raise Http404
        content_types = {
            "ods": "application/vnd.oasis.opendocument.spreadsheet",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        response = HttpResponse(
            export_audit(audit, file_format), content_type=content_types[file_format]
        )
        name = slugify(audit.title) or "audit"
        response["Content-Disposition"] = (
            f'attachment; filename="grille-{name}.{file_format}"'
        )
        return response


class GridUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled grid"),
        help_text=gettext_lazy(
            "The official grid (ODS or XLSX) as this audit's export lays it out: "
            "pages matched by their address, criteria by their number."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".ods,.xlsx"}),
    )


class ImportView(ReadAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Import a grid an auditor filled: a report of what was read and what was
    refused; nothing applied unless the whole file is read."""

    template_name = "accessibility/admin/grid_import.html"
    header_icon = "upload"
    form_class = GridUploadForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if not may_fill(request.user):
            raise PermissionDenied
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Import a grid into « %(audit)s »") % {"audit": self.audit.title}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["audit"] = self.audit
        context["audit_url"] = reverse("accessibility_audit", args=[self.audit.pk])
        return context

    def form_valid(self, form: GridUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
            return self.form_invalid(form)
        report = import_grid(self.audit, upload.read(), self.request.user)
        if report.ok:
            messages.success(
                self.request,
                ngettext(
                    "Grid imported: %(count)s answer changed.",
                    "Grid imported: %(count)s answers changed.",
                    report.changed,
                )
                % {"count": report.changed},
            )
        else:
            messages.error(
                self.request, _("Nothing was imported: the file has errors.")
            )
        return self.render_to_response(self.get_context_data(form=form, report=report))


FAILURES = {
    "accessibility.hints.ChromiumMissing": gettext_lazy(
        "Chromium is not installed on the server, so the automated checks "
        "cannot run there. Ask the site's administrator to install it, or run "
        "« manage.py audit_hints » where it is installed."
    ),
    "accessibility.hints.AxeMissing": gettext_lazy(
        "axe-core is not installed on the server (the development dependencies, "
        "requirements/dev.txt), so the automated checks cannot run there."
    ),
    "accessibility.hints.NoAddress": gettext_lazy(
        "A page of the sample has no full address: the site's public address "
        "(WAGTAILADMIN_BASE_URL) is not set."
    ),
    "accessibility.jobs.RunGone": gettext_lazy("The audit was deleted."),
}


class StartHintsView(View):
    """« Run the automated checks »: enqueue the job, unless one is pending."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not may_fill(request.user):
            raise PermissionDenied
        audit = get_object_or_404(Audit, pk=pk)
        _run, started = jobs.start(audit, request.user)
        if not started:
            messages.info(request, _("A check is already in progress."))
        return redirect("accessibility_hints", audit.pk)


class HintsStateView(ReadAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Where the last automated check of an audit stands: waiting for the
    worker, running (its progress), done (the hints found), or failed (why).
    It reloads itself while the check waits or runs, which the reader can stop
    (home.jobs.refresh_links)."""

    template_name = "accessibility/admin/hints_state.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Automated checks — %(audit)s") % {"audit": self.audit.title}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = jobs.latest_run(self.audit)
        result = jobs.run_result(run) if run else None
        state = result.status.name.lower() if result else "none"
        if result and jobs.stale(run, result):
            state = "stale"
        context.update(
            {
                "audit": self.audit,
                "audit_url": reverse("accessibility_audit", args=[self.audit.pk]),
                "may_fill": may_fill(self.request.user),
                "run": run,
                "state": state,
                "pending": state in ("ready", "running"),
                "silent_minutes": silent_minutes(),
                **refresh_links(
                    self.request,
                    reverse("accessibility_hints", args=[self.audit.pk]),
                    under_way=state in ("ready", "running"),
                ),
            }
        )
        if state == "ready":
            context["worker_late"] = worker_seems_stopped(run.enqueued_at)
        elif state == "running":
            context["progress"] = progress.read(jobs.progress_name(run.pk))
        elif state == "successful":
            context["report"] = self.report(result.return_value)
        elif state == "failed":
            context["failure"] = self.failure(result)
        return context

    def report(self, value: dict) -> dict:
        pages = []
        for page in value.get("pages", []):
            url = reverse("accessibility_grid", args=[self.audit.pk, page["sample"]])
            exists = self.audit.sample.filter(pk=page["sample"]).exists()
            pages.append({**page, "url": url if exists else ""})
        return {
            "pages": pages,
            "problems": value.get("problems", 0),
            "checked": sum(1 for page in pages if page["problems"] is not None),
        }

    def failure(self, result) -> str:
        error = result.errors[-1] if result.errors else None
        if error is None:
            return _("The check failed.")
        known = FAILURES.get(error.exception_class_path)
        if known:
            return str(known)
        lines = [line for line in error.traceback.splitlines() if line.strip()]
        return _("The check failed: %(error)s") % {
            "error": lines[-1] if lines else error.exception_class_path
        }


def admin_urls() -> list:
    return [
        path("accessibility/", AuditListView.as_view(), name="accessibility_audits"),
        path(
            "accessibility/new/", StartAuditView.as_view(), name="accessibility_start"
        ),
        path(
            "accessibility/<int:pk>/",
            AuditView.as_view(),
            name="accessibility_audit",
        ),
        path(
            "accessibility/<int:pk>/export/",
            ExportView.as_view(),
            name="accessibility_export",
        ),
        path(
            "accessibility/<int:pk>/import/",
            ImportView.as_view(),
            name="accessibility_import",
        ),
        path(
            "accessibility/<int:pk>/hints/",
            HintsStateView.as_view(),
            name="accessibility_hints",
        ),
        path(
            "accessibility/<int:pk>/hints/run/",
            StartHintsView.as_view(),
            name="accessibility_hints_run",
        ),
        path(
            "accessibility/<int:pk>/pages/<int:sample_pk>/",
            GridView.as_view(),
            name="accessibility_grid",
        ),
    ]
