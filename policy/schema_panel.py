"""The editor's view of a resource's schema check, inside the dataset's edit
form: whether its file conforms, how many errors, and a link to the report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class SchemaCheckPanel(Panel):
    """Shown under a resource that declares a schema (read-only)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Schema check"))
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "schema_check"

    class BoundPanel(Panel.BoundPanel):
        template_name = "policy/admin/schema_check_panel.html"

        def is_shown(self) -> bool:
            return bool(getattr(self.instance, "schema_id", None))

        def get_context_data(self, parent_context=None) -> dict[str, Any]:
            from .schema_checks import stored_check

            context = super().get_context_data(parent_context)
            context["check"] = stored_check(self.instance)
            return context
