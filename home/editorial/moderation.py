"""Moderation does what the reviewer meant, and says what happened.

A reviewer approves what they wrote. In the edit view, « Approuver » first saves
the form as a new revision when the reviewer changed something, then approves the
task; Wagtail's task state still points at the revision that was submitted, so
with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT the same task started again
instead of publishing. When every revision made since the task started is the
reviewer's own, their approval is recorded on the latest one: a one-stage workflow
publishes what they read and edited. Stages approved earlier approved an older
version, so in a longer workflow they come back, and the message says so. An edit
by someone else since the task started still needs the task again.

What happened is said in words: Wagtail answers « La page … a été mise à jour »
to an approval that published it, nothing to one made from the dashboard. The
signals below note, during an admin request, what moderation did to each object
(submitted, approved and published or scheduled, moved to the next stage, back to
a stage approved earlier); `ModerationMessagesMiddleware` then puts that in place
of Wagtail's success messages."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models.signals import pre_save
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_approved, workflow_approved, workflow_submitted
from wagtail.users.models import UserProfile

SUBMITTED = "submitted"
PUBLISHED = "published"
SCHEDULED = "scheduled"
NEXT_TASK = "next_task"
APPROVE_AGAIN = "approve_again"

# What moderation did during the current request: None outside the admin's requests.
_outcomes: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "moderation_outcomes", default=None
)


@dataclass
class Outcome:
    kind: str
    instance: Any
    task_name: str = ""
    go_live_at: Any = None


def _note(kind: str, instance: Any, task_name: str = "", go_live_at=None) -> None:
    outcomes = _outcomes.get()
    if outcomes is None or instance is None:
        return
    if isinstance(instance, Page):
        instance = instance.specific_deferred
    key = (type(instance)._meta.label, instance.pk)
    outcomes[key] = Outcome(kind, instance, task_name, go_live_at)


# The reviewer approves what they wrote.


def approve_the_reviewers_own_edits(sender, instance: TaskState, **kwargs) -> None:
    """Before a task state is saved as approved: when every revision made since
    the task started is the approving reviewer's, the approval is theirs for the
    latest one."""
    if (
        not isinstance(instance, TaskState)
        or instance.pk is None
        or instance.status != TaskState.STATUS_APPROVED
        or instance.finished_by_id is None
    ):
        return
    before = TaskState.objects.filter(pk=instance.pk).values_list("status", flat=True)
    if list(before) != [TaskState.STATUS_IN_PROGRESS]:
        return
    content = instance.workflow_state.content_object
    if content is None:
        return
    latest = content.get_latest_revision()
    if latest is None or latest.pk == instance.revision_id:
        return
    since = content.revisions.filter(created_at__gte=instance.started_at)
    authors = set(since.values_list("user_id", flat=True))
    if authors == {instance.finished_by_id} and since.filter(pk=latest.pk).exists():
        instance.revision = latest


# What happened.


def on_submitted(sender, instance: WorkflowState, **kwargs) -> None:
    _note(SUBMITTED, instance.content_object)


def on_workflow_approved(sender, instance: WorkflowState, **kwargs) -> None:
    content = instance.content_object
    if content is None:
        return
    revision = content.get_latest_revision()
    go_live_at = revision.approved_go_live_at if revision else None
    if go_live_at and go_live_at > timezone.now():
        _note(SCHEDULED, content, go_live_at=go_live_at)
    else:
        _note(PUBLISHED, content)


def on_task_approved(sender, instance: TaskState, **kwargs) -> None:
    workflow_state = WorkflowState.objects.get(pk=instance.workflow_state_id)
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return  # finished: workflow_approved says what happened
    current = workflow_state.current_task_state
    if current is None:
        return
    approved_before = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            task_id=current.task_id,
            status=TaskState.STATUS_APPROVED,
        )
        .exclude(revision_id=current.revision_id)
        .exists()
    )
    kind = APPROVE_AGAIN if approved_before else NEXT_TASK
    _note(kind, workflow_state.content_object, current.task.name)


def connect() -> None:
    pre_save.connect(
        approve_the_reviewers_own_edits,
        sender=TaskState,
        dispatch_uid="home.editorial.moderation.own_edits",
    )
    workflow_submitted.connect(
        on_submitted, dispatch_uid="home.editorial.moderation.submit"
    )
    workflow_approved.connect(
        on_workflow_approved, dispatch_uid="home.editorial.moderation.approved"
    )
    task_approved.connect(
        on_task_approved, dispatch_uid="home.editorial.moderation.task"
    )


def message(outcome: Outcome) -> str:
    instance = outcome.instance
    if isinstance(instance, Page):
        title = instance.get_admin_display_title()
    else:
        title = str(instance)
    values = {
        "title": title,
        "model": capfirst(instance._meta.verbose_name),
        "task": outcome.task_name,
    }
    is_page = isinstance(instance, Page)
    if outcome.kind == PUBLISHED:
        text = (
            _("Page '%(title)s' has been approved and published.")
            if is_page
            else _("%(model)s '%(title)s': the approved version is published.")
        )
    elif outcome.kind == SCHEDULED:
        values["date"] = formats.date_format(
            timezone.localtime(outcome.go_live_at), "DATETIME_FORMAT"
        )
        text = (
            _("Page '%(title)s' has been approved; it goes live on %(date)s.")
            if is_page
            else _("%(model)s '%(title)s': the approved version goes live on %(date)s.")
        )
    elif outcome.kind == SUBMITTED:
        text = (
            _("Page '%(title)s' has been sent for approval.")
            if is_page
            else _("%(model)s '%(title)s': this version has been sent for approval.")
        )
    elif outcome.kind == APPROVE_AGAIN:
        text = (
            _(
                "To approve again: page '%(title)s' has changed since it was "
                "approved; it awaits '%(task)s' again."
            )
            if is_page
            else _(
                "To approve again: %(model)s '%(title)s' has changed since it was "
                "approved; it awaits '%(task)s' again."
            )
        )
    else:
        text = (
            _("Page '%(title)s' has been approved; it now awaits '%(task)s'.")
            if is_page
            else _("%(model)s '%(title)s' has been approved; it now awaits '%(task)s'.")
        )
    return text % values


def admin_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return translation.get_language()
    return UserProfile.get_for_user(user).get_preferred_language()


class ModerationMessagesMiddleware:
    """During admin requests, says what moderation did in place of Wagtail's
    success messages (placed after MessageMiddleware, so that its messages are
    still queued when this one rewrites them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        outcomes: dict = {}
        token = _outcomes.set(outcomes)
        try:
            response = self.get_response(request)
        finally:
            _outcomes.reset(token)
        if outcomes and hasattr(request, "_messages"):
            # In the admin's language of the user, as Wagtail's own messages.
            with translation.override(admin_language(request)):
                self.replace_messages(request, list(outcomes.values()))
        return response

    @staticmethod
    def replace_messages(request: HttpRequest, outcomes: list[Outcome]) -> None:
        # Django 5.2's message storage internals (tests/test_upgrade_guards.py).
        storage = request._messages
        queued = getattr(storage, "_queued_messages", None)
        if queued is not None:
            storage._queued_messages = [
                m for m in queued if m.level != messages.SUCCESS
            ]
        for outcome in outcomes:
            again = outcome.kind == APPROVE_AGAIN
            level = messages.WARNING if again else messages.SUCCESS
            messages.add_message(request, level, message(outcome))
