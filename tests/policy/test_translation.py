"""Translators translate every text of the master plan with wagtail-localize; the
status and progress follow the source and cannot be made to differ."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from policy.models import ActionIndicator, ActionPage, ActionStatus, MasterPlanPage
from tests.helpers import publish, soup
from tests.policy.conftest import ENGLISH, translate_all

pytestmark = pytest.mark.django_db


def rendered_text(stream) -> str:
    return " ".join(str(block.value.source) for block in stream)


def test_every_text_of_the_plan_is_translated(plan):
    assert plan.plan_en.title == "Digital master plan"
    assert plan.plan_en.slug == "digital-master-plan"
    assert plan.plan_en.introduction == "What the town commits to."
    assert plan.plan_en.deliberation_reference == "Deliberation no. 2021-045"
    assert "Adopted after a consultation." in rendered_text(plan.plan_en.body)
    assert (plan.plan_en.period_start, plan.plan_en.period_end) == (2020, 2026)
    assert plan.axis_en.introduction == "Nobody is left behind."
    assert "An axis of the plan." in rendered_text(plan.axis_en.body)
    assert plan.objective_en.title == "Support residents"
    assert "An objective of the axis." in rendered_text(plan.objective_en.body)


def test_every_text_of_an_action_is_translated(plan):
    action = plan.actions["ateliers-numeriques"]
    english = plan.actions_en["ateliers-numeriques"]
    assert (english.title, english.slug) == ("Digital workshops", "digital-workshops")
    assert english.introduction == "Free workshops every week."
    assert english.department == "Digital inclusion department"
    assert "Workshops are held at the library." in rendered_text(english.description)
    [indicator] = english.indicators.all()
    assert (indicator.name, indicator.unit) == ("Workshops held", "workshops")
    assert (indicator.target, indicator.current_value) == (120, 48)
    assert indicator.locale == english.locale
    [source_indicator] = action.indicators.all()
    assert indicator.translation_key == source_indicator.translation_key
    # Every string of the source was offered to the translator: none is left in
    # French (translate_all fails on a string it has no English for).
    assert set(ENGLISH.values()) >= {indicator.name, indicator.unit, english.department}


def test_status_and_progress_follow_the_source(plan):
    action = plan.actions["ateliers-numeriques"]
    english = plan.actions_en["ateliers-numeriques"]
    assert (english.status, english.progress) == (action.status, action.progress)
    action.status, action.progress = ActionStatus.DONE, 100
    publish(action)
    english = translate_all(action)
    assert (english.status, english.progress) == (ActionStatus.DONE, 100)
    assert english.budget == action.budget
    assert english.start_date == action.start_date


def test_translators_cannot_override_status_or_progress(plan):
    action = plan.actions["ateliers-numeriques"]
    fields = {field.field_name: field for field in get_translatable_fields(ActionPage)}
    for name in ("status", "progress"):
        assert isinstance(fields[name], SynchronizedField)
        assert fields[name].is_synchronized(action)
        assert not fields[name].is_overridable(action)
    for name in ("title", "introduction", "description", "department", "indicators"):
        assert fields[name].is_translated(action), name
    indicator = action.indicators.get()
    indicator_fields = {
        field.field_name: field for field in get_translatable_fields(ActionIndicator)
    }
    assert indicator_fields["name"].is_translated(indicator)
    assert indicator_fields["unit"].is_translated(indicator)
    assert not indicator_fields["target"].is_translated(indicator)
    plan_fields = {
        field.field_name: field for field in get_translatable_fields(MasterPlanPage)
    }
    assert plan_fields["deliberation_reference"].is_translated(plan.plan)
    assert not plan_fields["period_start"].is_translated(plan.plan)


def test_the_translation_editor_opens_for_an_action(admin_client, plan):
    english = plan.actions_en["ateliers-numeriques"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    assert "Workshops held" in response.content.decode()
    assert soup(response).find(string=lambda s: s and "Digital workshops" in s)
