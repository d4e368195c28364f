"""The « Schémas de données » in the admin, and the report of a schema check.

Managers (group « Responsables », given add/change/delete on DataSchema by
policy's migration) and administrators add a schema by uploading its
`schema.json`; the file must be a Table Schema, or the form says why. Writers
and translators see no menu item and every view refuses them (the snippet
views ask the model permissions). The schemas shipped with the site are read
from `policy/schemas/` and cannot be edited or deleted here.

The report view shows, in the editor's language, each error of a check: row,
column, what is wrong and how to fix it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import table_schema
from .models import DataSchema, DatasetPage, DatasetResource, SchemaCheck
from .schema_checks import ensure_checks

MAX_SCHEMA_BYTES = 1024 * 1024


class DataSchemaPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, except that a shipped schema is read-only: its
    file in the app is the reference."""

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if action in ("change", "delete") and getattr(instance, "shipped", False):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        found = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= {"change", "delete"}:
            found = found.exclude(shipped=True)
        return found


class DataSchemaForm(WagtailAdminModelForm):
    """The schema's name, title, version and address, and its file (required
    when adding; when editing, leave it empty to keep the current one)."""

    schema_file = forms.FileField(
        label=gettext_lazy("schema file"),
        required=False,
        help_text=gettext_lazy(
            "The schema.json of a Table Schema (frictionless), as published on "
            "schema.data.gouv.fr. At most 1 MB."
        ),
    )

    def clean_schema_file(self) -> Any:
        upload = self.cleaned_data.get("schema_file")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError(_("Upload the schema's file."))
            return None
        if upload.size > MAX_SCHEMA_BYTES:
            raise forms.ValidationError(_("The file is bigger than 1 MB."))
        try:
            descriptor = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(
                _("The file is not JSON: upload the schema.json file.")
            ) from None
        errors = table_schema.descriptor_errors(descriptor)
        if errors:
            raise forms.ValidationError(errors)
        self.descriptor = descriptor
        return upload

    def save(self, commit: bool = True) -> DataSchema:
        descriptor = getattr(self, "descriptor", None)
        if descriptor is not None:
            self.instance.descriptor = descriptor
        # A new version number alone also asks for new checks (they name it).
        self.instance.descriptor_hash = table_schema.descriptor_hash(
            self.instance.descriptor, self.instance.version
        )
        return super().save(commit=commit)


class DataSchemaViewSet(SnippetViewSet):
    model = DataSchema
    icon = "table"
    menu_label = gettext_lazy("Data schemas")
    add_to_admin_menu = False
    list_display = ["title", "name", "version", "shipped"]
    search_fields = ["title", "name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("title"),
            FieldPanel("version"),
            FieldPanel("url"),
            FieldPanel("schema_file"),
        ],
        base_form_class=DataSchemaForm,
    )


register_permission_policy(DataSchema, DataSchemaPermissionPolicy(DataSchema))
register_snippet(DataSchemaViewSet)


def refuse_shipped(request: HttpRequest, instances: Iterable) -> HttpResponse | None:
    """The edit and delete views, and bulk deletion, of a shipped schema: its
    file in the app is the reference; a newer version is added beside it."""
    if any(isinstance(i, DataSchema) and i.shipped for i in instances):
        messages.error(
            request,
            _(
                "This schema is shipped with the site: it cannot be changed or "
                "deleted here. Add its new version as a schema of its own."
            ),
        )
        return redirect("wagtailsnippets_policy_dataschema:list")
    return None


@hooks.register("before_edit_snippet")
def before_edit_schema(request: HttpRequest, instance: Any) -> HttpResponse | None:
    return refuse_shipped(request, [instance])


@hooks.register("before_delete_snippet")
def before_delete_schema(
    request: HttpRequest, instances: Iterable
) -> HttpResponse | None:
    return refuse_shipped(request, instances)


@hooks.register("before_bulk_action")
def before_bulk_schema_action(
    request: HttpRequest, action_type: str, objects: Iterable, action: Any
) -> HttpResponse | None:
    return refuse_shipped(request, objects)


def recheck_schema_users(request: HttpRequest, instance: Any) -> None:
    """After a manager changes a schema: check again the files that use it."""
    if isinstance(instance, DataSchema):
        ensure_checks(
            DatasetResource.objects.filter(schema=instance).select_related(
                "document", "schema"
            )
        )


hooks.register("after_edit_snippet", recheck_schema_users)


def check_dataset_resources(request: HttpRequest, page: Any) -> None:
    """After a dataset is created or saved (draft or published): check the
    files of its resources (the edited ones, not yet in the database for a
    draft) against their schemas."""
    if isinstance(page, DatasetPage):
        ensure_checks(page.resources.all())


hooks.register("after_create_page", check_dataset_resources)
hooks.register("after_edit_page", check_dataset_resources)


class SchemaReportView(WagtailAdminTemplateMixin, TemplateView):
    """A check's report for editors: each error with its row, column, what is
    wrong and how to fix it, in the editor's language."""

    template_name = "policy/admin/schema_report.html"
    page_title = gettext_lazy("Schema check")
    header_icon = "table"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        check = get_object_or_404(
            SchemaCheck.objects.select_related("schema", "document"),
            pk=self.kwargs["pk"],
        )
        self.page_subtitle = check.document.title
        context = super().get_context_data(**kwargs)
        context.update({"check": check, "lines": check.lines()})
        return context


@hooks.register("register_admin_urls")
def schema_report_urls() -> list:
    return [
        path(
            "opendata/schema-checks/<int:pk>/",
            SchemaReportView.as_view(),
            name="policy_schema_report",
        )
    ]
