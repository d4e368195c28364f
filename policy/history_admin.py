"""Correcting an action's public history: an entry published by mistake is
corrected or withdrawn by a manager, with a reason residents read.

A model viewset (« Action history » under the plan's menu) lists the entries of
every action; its edit view is the correction form. Only the managers (group
« Responsables », given the `change_actionstatuschange` permission by policy's
migration 0006) and the administrators may open it or post to it: writers and
translators do not see the menu item and are refused by every view (the
permission policy below). Nobody adds or deletes an entry here: they are written
when a status goes live, and a withdrawal keeps them.

The published date, status and progress are never changed (they are not in the
form); each correction is in Wagtail's log under its own action, with the values
before and after and the reason, and the public pages follow at once (saving an
entry bumps the content generation, home/caching/generation.py; a frontend cache,
where there is one, is purged of the action's pages)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from home.caching.frontend import pages_to_purge

from .models import PROGRESS_MAX, ActionPage, ActionStatusChange, Correction
from .models.history import CORRECTION_REQUIRED, REASON_REQUIRED

CORRECT_ACTION = "policy.history.correct"
WITHDRAW_ACTION = "policy.history.withdraw"
LOG_ACTIONS = {
    Correction.CORRECTED: CORRECT_ACTION,
    Correction.WITHDRAWN: WITHDRAW_ACTION,
}


class HistoryPermissionPolicy(ModelPermissionPolicy):
    """Correcting is the only thing done to an entry in the admin: no one adds,
    deletes or copies one, administrators included."""

    def user_has_permission(self, user, action: str) -> bool:
        if action != "change":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action == "change"]
        )


class CorrectionForm(WagtailAdminModelForm):
    """A correction: corrected or withdrawn, the values residents should read
    (for a correction) and the reason, both required."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        correction = self.fields["correction"]
        correction.required = True
        correction.choices = Correction.choices
        correction.widget = forms.RadioSelect(choices=Correction.choices)
        correction.error_messages["required"] = CORRECTION_REQUIRED
        reason = self.fields["correction_reason"]
        reason.required = True
        reason.error_messages["required"] = REASON_REQUIRED
        self.fields["corrected_progress"].widget.attrs.update(
            {"min": 0, "max": PROGRESS_MAX}
        )

    def _post_clean(self) -> None:
        # The model checks the same rules (for the demo data): one message each.
        super()._post_clean()
        for name, errors in list(self._errors.items()):
            unique = list(dict.fromkeys(errors))
            if name != NON_FIELD_ERRORS and len(unique) < len(errors):
                self._errors[name] = self.error_class(unique, renderer=self.renderer)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.is_bound and not self.has_changed():
            self.add_error(
                None,
                _(
                    "Nothing was changed: correct a value or withdraw the entry, "
                    "and give the reason."
                ),
            )
        if cleaned.get("correction") == Correction.WITHDRAWN:
            # A withdrawn entry shows no value: what was typed for a correction
            # before choosing to withdraw is not kept.
            for name, empty in (
                ("corrected_date", None),
                ("corrected_status", ""),
                ("corrected_progress", None),
            ):
                cleaned[name] = empty
                setattr(self.instance, name, empty)
        return cleaned


def snapshot(entry: ActionStatusChange) -> dict[str, Any]:
    """What an entry says, for the log: published and corrected values."""
    return {
        "date": entry.date.isoformat(),
        "status": entry.status,
        "progress": entry.progress,
        "correction": entry.correction,
        "corrected_date": entry.corrected_date.isoformat()
        if entry.corrected_date
        else None,
        "corrected_status": entry.corrected_status,
        "corrected_progress": entry.corrected_progress,
        "reason": entry.correction_reason,
    }


def purge_action_pages(entry: ActionStatusChange) -> None:
    """Once committed, purge the action's pages from a frontend cache (if the
    site has one): its translations share the history."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages_to_purge(entry.action))
    transaction.on_commit(batch.purge)


class CorrectionView(EditView):
    page_title = _("Correct a history entry")
    submit_button_label = _("Save the correction")
    success_message = _("History entry « %(object)s » corrected.")
    error_message = _("The correction could not be saved: see the errors below.")

    def get_success_message(self) -> str:
        if self.object.is_withdrawn:
            return _("History entry « %(object)s » withdrawn.") % {
                "object": self.object
            }
        return super().get_success_message()

    def get_object(self, queryset=None) -> ActionStatusChange:
        entry = super().get_object(queryset)
        self.before = snapshot(entry)
        return entry

    def save_instance(self) -> ActionStatusChange:
        entry = self.form.save(commit=False)
        entry.corrected_at = timezone.now()
        entry.corrected_by = self.request.user
        entry.save()
        log(
            instance=entry,
            action=LOG_ACTIONS[entry.correction],
            user=self.request.user,
            data={
                "action": entry.action.title,
                "before": self.before,
                "after": snapshot(entry),
                "reason": entry.correction_reason,
            },
            content_changed=True,
        )
        purge_action_pages(entry)
        return entry


class HistoryIndexView(IndexView):
    page_title = _("Action history")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("action")


class HistoryFilterSet(WagtailFilterSet):
    """By action (any of its translations: they share the history) and by
    correction."""

    action = django_filters.ModelChoiceFilter(
        label=_("Action"),
        queryset=ActionPage.objects.order_by("title"),
        method="filter_action",
    )

    class Meta:
        model = ActionStatusChange
        fields = ["action", "correction"]

    def filter_action(self, queryset, name, value):
        return queryset.filter(action__translation_key=value.translation_key)


def history_header_button(page, user, view_name, next_url=None):
    """« Correct the history » in an action's header menu, for the managers:
    the listing of its entries."""
    if page.specific_class is not ActionPage:
        return
    if not HistoryPermissionPolicy(ActionStatusChange).user_has_permission(
        user, "change"
    ):
        return
    url = reverse("action_history:index") + "?" + urlencode({"action": page.pk})
    yield Button(_("Correct the history"), url, icon_name="history", priority=66)


class ActionHistoryViewSet(ModelViewSet):
    """The entries of the actions' public history, for the managers to correct."""

    model = ActionStatusChange
    icon = "history"
    menu_label = _("Action history")
    add_to_admin_menu = True
    menu_order = 260  # After « Master plan actions ».
    name = "action_history"
    url_prefix = "policy/action-history"
    copy_view_enabled = False
    index_view_class = HistoryIndexView
    edit_view_class = CorrectionView
    list_display = [
        "action",
        "date",
        "status",
        "progress",
        "correction",
        "corrected_at",
    ]
    filterset_class = HistoryFilterSet
    search_fields = ["action__title"]
    ordering = ["-date", "-pk"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("action", read_only=True),
                    FieldRowPanel(
                        [
                            FieldPanel("date", read_only=True),
                            FieldPanel("status", read_only=True),
                            FieldPanel("progress", read_only=True),
                        ]
                    ),
                ],
                heading=_("As published"),
            ),
            FieldPanel("correction"),
            FieldRowPanel(
                [
                    FieldPanel("corrected_date"),
                    FieldPanel("corrected_status"),
                    FieldPanel("corrected_progress"),
                ],
                heading=_("Corrected values (for a correction)"),
            ),
            FieldPanel("correction_reason"),
        ],
        base_form_class=CorrectionForm,
    )

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename="change_actionstatuschange")
        )


register_permission_policy(
    ActionStatusChange, HistoryPermissionPolicy(ActionStatusChange)
)
action_history_viewset = ActionHistoryViewSet()


class CorrectionFormatter(LogFormatter):
    """The log line: what was done, and why."""

    def format_message(self, log_entry) -> str:
        reason = log_entry.data.get("reason", "")
        if not reason:
            return str(self.message)
        return _("%(message)s: %(reason)s") % {
            "message": self.message,
            "reason": reason,
        }


def register_history_log_actions(actions) -> None:
    @actions.register_action(CORRECT_ACTION)
    class Corrected(CorrectionFormatter):
        label = _("Correct a history entry")
        message = _("History entry corrected")

    @actions.register_action(WITHDRAW_ACTION)
    class Withdrawn(CorrectionFormatter):
        label = _("Withdraw a history entry")
        message = _("History entry withdrawn")
