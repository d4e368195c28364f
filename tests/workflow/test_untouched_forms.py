"""An edit form posted back untouched changes nothing.

The edit view saves a new revision before a workflow action (« Approuver ») when
the form says it changed, and with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT the
task then starts again instead of publishing. So for every page type of the
project and every snippet under moderation, the demo content's edit form, read
and posted back as a browser does (tests/admin_form.py), must report no change:
no callable default, normalised rich text, inline panel or StreamField may look
edited when nobody touched it. The French (source) content is edited in these
forms; translations are edited in wagtail-localize's editor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowMixin, get_page_models
from wagtail.snippets.models import get_snippet_models

from tests.admin_form import bound_data, untouched_form_data
from tests.tree import DemoTestCase

PROJECT_APPS = {"home", "news", "policy", "events", "alerts", "contact"}


def project_page_models() -> list[type[Page]]:
    return [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]


def moderated_snippet_models() -> list[type]:
    return [
        m
        for m in get_snippet_models()
        if m._meta.app_label in PROJECT_APPS and issubclass(m, WorkflowMixin)
    ]


def differences(before, after, path: str = "") -> list:
    """The leaves that differ between two JSON-like values, with their path."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            found += differences(before.get(key), after.get(key), f"{path}.{key}")
        return found
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        found = []
        for i, (one, other) in enumerate(zip(before, after, strict=True)):
            found += differences(one, other, f"{path}[{i}]")
        return found
    return [] if before == after else [(path, before, after)]


def describe_changes(form) -> dict:
    changes = {}
    for name in form.changed_data:
        field = form.fields[name]
        initial = form.get_initial_for_field(field, name)
        value = form.cleaned_data.get(name)
        if hasattr(field, "block"):
            initial = field.block.get_prep_value(initial)
            value = field.block.get_prep_value(value)
        changes[name] = differences(initial, value) or (initial, value)
    for name, formset in form.formsets.items():
        if formset.has_changed():
            changes[name] = [f.changed_data for f in formset.forms] or "management"
    return changes


class UntouchedFormTests(DemoTestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls) -> None:
        cls.manager = get_user_model().objects.get(username="responsable")
        cls.french = Locale.objects.get(language_code="fr")

    def setUp(self) -> None:
        self.client.force_login(self.manager)

    def test_the_project_has_page_types_and_moderated_snippets(self):
        names = {m.__name__ for m in project_page_models()}
        self.assertLessEqual(
            {"HomePage", "NewsPage", "ActionPage", "DatasetPage", "EventPage"}, names
        )
        self.assertIn("Award", {m.__name__ for m in moderated_snippet_models()})

    def test_no_page_type_looks_changed_when_posted_back_untouched(self):
        for model in project_page_models():
            with self.subTest(page_type=model.__name__):
                page = model.objects.filter(locale=self.french).first()
                self.assertIsNotNone(
                    page, f"the demo data has no French {model.__name__}"
                )
                url = reverse("wagtailadmin_pages:edit", args=[page.pk])
                data = untouched_form_data(self.client, url, model)
                latest = page.get_latest_revision_as_object()
                form_class = model.get_edit_handler().get_form_class()
                form = form_class(
                    bound_data(data),
                    instance=latest,
                    parent_page=page.get_parent().specific,
                    for_user=self.manager,
                )
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(describe_changes(form), {})
                self.assertFalse(form.has_changed())

    def test_no_moderated_snippet_looks_changed_when_posted_back_untouched(self):
        for model in moderated_snippet_models():
            with self.subTest(snippet=model.__name__):
                instance = model.objects.filter(locale=self.french).first()
                self.assertIsNotNone(
                    instance, f"the demo data has no French {model.__name__}"
                )
                url = reverse(
                    model.snippet_viewset.get_url_name("edit"),
                    args=[instance.pk],
                )
                data = untouched_form_data(self.client, url, model)
                latest = instance.get_latest_revision_as_object()
                form_class = model.snippet_viewset.get_edit_handler().get_form_class()
                form = form_class(
                    bound_data(data), instance=latest, for_user=self.manager
                )
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(describe_changes(form), {})
                self.assertFalse(form.has_changed())
