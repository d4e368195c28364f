"""Who reads the answers, and the forms' demo data."""

from __future__ import annotations

from pathlib import Path

from django.db.models import QuerySet
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy


@hooks.register("filter_form_submissions_for_user")
def managers_only(user, editable_forms: QuerySet) -> QuerySet:
    """Answers are personal data: only those who may publish a form page (the
    managers of its section, the administrators) see, export and delete them;
    a writer who may edit the form does not (docs/forms.md)."""
    if user.is_superuser:
        return editable_forms
    publishable = PagePermissionPolicy().instances_user_has_permission_for(
        user, "publish"
    )
    return editable_forms.filter(pk__in=publishable.values("pk"))


@hooks.register("load_demo_data")
def load_contact_demo_data() -> Path:
    return Path(__file__).resolve().parent / "demo_data"
