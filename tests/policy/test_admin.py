"""Editors' work on the master plan through the admin views: create each level,
the validation of an action's status and progress, preview, scheduling and
rollback of an action."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from home.models import HomePage
from news.models import NewsIndexPage
from policy.models import (
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AxisPage,
    MasterPlanPage,
    ObjectivePage,
)
from tests import tree
from tests.helpers import soup

DATETIME_FORMAT = "%Y-%m-%d %H:%M"
PUBLISH = {"action-publish": "action-publish"}

pytestmark = pytest.mark.django_db


def stream(text: str) -> dict:
    return streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])


def level_form(model: type[Page], title: str, slug: str, **extra: Any) -> dict:
    """What the admin's page form posts for a page of the master plan."""
    data: dict[str, Any] = {
        "title": title,
        "slug": slug,
        "introduction": f"Introduction de {title}.",
        "comments": inline_formset([]),
    }
    if model is MasterPlanPage:
        data.update(
            period_start="2020",
            period_end="2026",
            adoption_date="2021-03-29",
            deliberation_reference="Délibération n° 2021-045",
            document="",
            body=stream("Le schéma adopté."),
        )
    elif model in (AxisPage, ObjectivePage):
        data["body"] = stream(f"Le contenu de {title}.")
    else:
        data.update(
            description=stream("Le détail de l'action."),
            status=ActionStatus.PLANNED,
            progress="0",
            department="Direction du numérique",
            start_date="2022-01-10",
            target_date="2026-06-30",
            budget="12500",
            indicators=inline_formset([]),
            news_links=inline_formset([]),
        )
    data.update(extra)
    return nested_form_data(data)


def form_errors(response) -> dict[str, str]:
    """The admin form's errors, by the name of the field they are shown on."""
    errors = {}
    for wrapper in soup(response).select("[data-field-wrapper]"):
        message = wrapper.select_one(".error-message")
        field = wrapper.select_one("input[name], select[name], textarea[name]")
        if message and field:
            errors[field["name"]] = message.get_text(" ", strip=True)
    return errors


class PlanPageTypesTests(WagtailPageTestCase):
    """Where each level of the plan goes, and an editor creating and publishing
    the whole tree through the admin; the site is built once for the class."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.site = tree.build_site()
        cls.news = tree.build_news(cls.site)
        cls.admin = cls.create_superuser("admin")

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_where_each_level_may_be_created(self):
        self.assertAllowedParentPageTypes(MasterPlanPage, {HomePage})
        self.assertAllowedSubpageTypes(MasterPlanPage, {AxisPage})
        self.assertAllowedParentPageTypes(AxisPage, {MasterPlanPage})
        self.assertAllowedSubpageTypes(AxisPage, {ObjectivePage})
        self.assertAllowedParentPageTypes(ObjectivePage, {AxisPage})
        self.assertAllowedSubpageTypes(ObjectivePage, {ActionPage})
        self.assertAllowedParentPageTypes(ActionPage, {ObjectivePage})
        self.assertAllowedSubpageTypes(ActionPage, set())

    def test_an_editor_creates_the_plan_down_to_an_action(self):
        article = tree.add_article(
            NewsIndexPage.objects.get(pk=self.news.index),
            get_image_model().objects.get(pk=self.news.image),
            "Le Wi-Fi public arrive",
        )
        parent: Page = HomePage.objects.get(pk=self.site.home_fr)
        levels = [
            (MasterPlanPage, "Schéma directeur", "schema", {}),
            (AxisPage, "Inclusion numérique", "inclusion", {}),
            (ObjectivePage, "Accompagner les habitants", "accompagner", {}),
            (
                ActionPage,
                "Wi-Fi public",
                "wi-fi-public",
                {
                    "status": ActionStatus.IN_PROGRESS,
                    "progress": "30",
                    "indicators": inline_formset(
                        [
                            {
                                "name": "Bâtiments équipés",
                                "unit": "bâtiments",
                                "baseline": "0",
                                "target": "12",
                                "current_value": "4",
                                "measured_on": "2025-09-30",
                            }
                        ]
                    ),
                    "news_links": inline_formset([{"article": str(article.pk)}]),
                },
            ),
        ]
        for model, title, slug, extra in levels:
            with self.subTest(model=model.__name__):
                meta = model._meta
                add_url = reverse(
                    "wagtailadmin_pages:add",
                    args=[meta.app_label, meta.model_name, parent.pk],
                )
                self.assertEqual(self.client.get(add_url).status_code, 200)
                self.assertCanCreate(
                    parent, model, level_form(model, title, slug, **extra)
                )
                page = model.objects.get(slug=slug)
                self.assertTrue(page.live)
                self.assertEqual(page.locale, parent.locale)
                self.assertPageIsRenderable(page)
                h1 = soup(self.client.get(page.url)).h1
                self.assertEqual(h1.get_text(strip=True), title)
                parent = page
        action = ActionPage.objects.get(slug="wi-fi-public")
        self.assertEqual(action.budget, 12500)
        self.assertEqual(
            [(i.name, i.current_value) for i in action.indicators.all()],
            [("Bâtiments équipés", 4)],
        )
        self.assertEqual(action.news_articles(), [article])
        self.assertEqual(
            [(c.status, c.progress) for c in action.history()],
            [(ActionStatus.IN_PROGRESS, 30)],
        )


def edit(admin_client, page: Page, data: dict):
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"status": ActionStatus.IN_PROGRESS, "progress": "150"},
            "progress",
            "L'avancement est un pourcentage, de 0 à 100.",
        ),
        (
            {"status": ActionStatus.DONE, "progress": "80"},
            "progress",
            "Une action réalisée est à 100",
        ),
        (
            {"status": ActionStatus.PLANNED, "progress": "10"},
            "progress",
            "Une action prévue n'a pas commencé",
        ),
        (
            {"start_date": "2025-01-01", "target_date": "2024-12-31"},
            "target_date",
            "La date cible ne peut pas précéder la date de début.",
        ),
    ],
    ids=["progress-above-100", "done-below-100", "planned-above-0", "target-first"],
)
def test_the_action_form_refuses_inconsistent_values(
    admin_client, plan, changes, field, message
):
    action = plan.actions["wi-fi-public"]
    revisions = action.revisions.count()
    data = level_form(ActionPage, action.title, action.slug, **changes, **PUBLISH)
    response = edit(admin_client, action, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == [field]
    assert message in errors[field]
    fresh = ActionPage.objects.get(pk=action.pk)
    assert (fresh.status, fresh.progress, fresh.target_date) == (
        ActionStatus.PLANNED,
        0,
        None,
    )
    assert fresh.revisions.count() == revisions
    assert fresh.history().count() == 1


def test_a_negative_progress_is_refused(admin_client, plan):
    action = plan.actions["wi-fi-public"]
    data = level_form(
        ActionPage, action.title, action.slug, status="in_progress", progress="-5"
    )
    response = edit(admin_client, action, data)
    assert response.status_code == 200
    assert list(form_errors(response)) == ["progress"]


def test_a_consistent_action_is_saved(admin_client, plan):
    action = plan.actions["wi-fi-public"]
    data = level_form(
        ActionPage, action.title, action.slug, status="done", progress="100", **PUBLISH
    )
    assert edit(admin_client, action, data).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DONE, 100)


def test_the_plan_period_cannot_end_before_it_starts(admin_client, plan):
    data = level_form(
        MasterPlanPage,
        plan.plan.title,
        plan.plan.slug,
        period_start="2026",
        period_end="2020",
        **PUBLISH,
    )
    response = edit(admin_client, plan.plan, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == ["period_end"]
    assert "La dernière année ne peut pas précéder la première." in errors["period_end"]
    plan.plan.refresh_from_db()
    assert (plan.plan.period_start, plan.plan.period_end) == (2020, 2026)


def test_preview_of_an_action_edit_leaves_the_live_page_alone(
    client, admin_client, plan
):
    action = plan.actions["wi-fi-public"]
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[action.pk])
    data = level_form(
        ActionPage,
        "Wi-Fi public en relecture",
        action.slug,
        status="in_progress",
        progress="55",
    )
    assert admin_client.post(url, data).json()["is_valid"] is True
    preview = soup(admin_client.get(url))
    assert preview.h1.get_text(strip=True) == "Wi-Fi public en relecture"
    assert "Avancement : 55 %" in " ".join(
        preview.select_one(".policy-status").get_text(" ", strip=True).split()
    )
    live = soup(client.get(action.url))
    assert live.h1.get_text(strip=True) == "Wi-Fi public"
    assert ActionPage.objects.get(pk=action.pk).history().count() == 1


def test_preview_of_a_new_action(admin_client, plan):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["policy", "actionpage", plan.objective.pk],
    )
    data = level_form(ActionPage, "Action en aperçu", "apercu")
    assert admin_client.post(url, data).json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Action en aperçu" in response.content.decode()
    assert not ActionPage.objects.filter(slug="apercu").exists()


def test_a_scheduled_progress_goes_live_and_into_the_history_on_time(
    client, admin_client, plan
):
    action = plan.actions["wi-fi-public"]
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    data = level_form(
        ActionPage,
        action.title,
        action.slug,
        status="in_progress",
        progress="25",
        go_live_at=go_live_at.strftime(DATETIME_FORMAT),
        **PUBLISH,
    )
    assert edit(admin_client, action, data).status_code == 302
    call_command("publish_scheduled")
    assert ActionPage.objects.get(pk=action.pk).progress == 0
    assert action.history().count() == 1

    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 25)
    latest = action.history().last()
    assert (latest.status, latest.progress) == (ActionStatus.IN_PROGRESS, 25)
    assert latest.date == timezone.localdate(later)
    assert "Avancement : 25 %" in " ".join(
        soup(client.get(action.url)).select_one(".policy-status").get_text(" ").split()
    )


def test_an_editor_rolls_an_action_back(client, admin_client, plan):
    action = plan.actions["wi-fi-public"]
    first_revision = action.latest_revision
    data = level_form(
        ActionPage,
        "Wi-Fi public partout",
        action.slug,
        status="in_progress",
        progress="50",
        **PUBLISH,
    )
    assert edit(admin_client, action, data).status_code == 302

    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[action.pk, first_revision.pk]
    )
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    form = soup(response)
    assert form.find("input", attrs={"name": "title"})["value"] == "Wi-Fi public"
    assert form.find("input", attrs={"name": "progress"})["value"] == "0"

    data = level_form(ActionPage, "Wi-Fi public", action.slug, **PUBLISH)
    assert admin_client.post(revert_url, data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.progress) == (
        "Wi-Fi public",
        ActionStatus.PLANNED,
        0,
    )
    assert PageLogEntry.objects.filter(page=action, action="wagtail.revert").exists()
    # The history keeps what residents saw: planned, then 50 %, then planned again.
    assert [(c.status, c.progress) for c in action.history()] == [
        (ActionStatus.PLANNED, 0),
        (ActionStatus.IN_PROGRESS, 50),
        (ActionStatus.PLANNED, 0),
    ]
    assert ActionStatusChange.objects.filter(action=action).count() == 3
