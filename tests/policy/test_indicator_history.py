"""The history of an action's indicator values: a new current value that goes
live is recorded, dated the day it is published, beside the value it replaces,
and residents read it under the action's history in their language. A form edit
and an update from a spreadsheet record it alike (the spreadsheet's case is in
test_plan_import)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from policy.models import ActionIndicator, ActionPage, IndicatorValueChange
from tests.helpers import add_page, soup
from tests.policy.test_facts import publish_from_editor

pytestmark = pytest.mark.django_db

SLUG = "ateliers-numeriques"


def indicator_history(client, url: str) -> list[str]:
    document = soup(client.get(url))
    items = document.select(".policy-indicator-history li")
    return [" ".join(item.get_text(" ").split()) for item in items]


def test_a_form_edit_records_the_new_value(admin_client, client, plan):
    page = ActionPage.objects.get(pk=plan.actions[SLUG].pk)
    assert indicator_history(client, page.url) == []
    publish_from_editor(
        admin_client,
        page,
        {
            "indicators-0-current_value": "60",
            "indicators-0-measured_on": "2026-06-30",
        },
    )
    [entry] = IndicatorValueChange.objects.filter(action=page)
    assert (entry.previous_value, entry.value, entry.date) == (
        Decimal(48),
        Decimal(60),
        timezone.localdate(),
    )
    assert entry.measured_on == datetime.date(2026, 6, 30)
    today_fr = timezone.localdate().strftime("%-d")
    [line] = indicator_history(client, page.url)
    assert "Ateliers tenus : de 48 à 60 ateliers" in line
    assert "mesuré le 30 juin 2026" in line
    assert line.startswith(today_fr)
    # The English page reads it with the indicator's English name.
    english = ActionPage.objects.get(pk=plan.actions_en[SLUG].pk)
    [line] = indicator_history(client, english.url)
    assert "Workshops held: from 48 to 60 workshops" in line
    assert "measured on 30 June 2026" in line

    # Publishing again without a new value records nothing more; the status
    # history is left as it was.
    publish_from_editor(admin_client, page, {"introduction": "Chaque semaine."})
    assert IndicatorValueChange.objects.filter(action=page).count() == 1


def test_clearing_a_value_and_a_new_indicator(admin_client, client, plan):
    page = ActionPage.objects.get(pk=plan.actions[SLUG].pk)
    publish_from_editor(admin_client, page, {"indicators-0-current_value": ""})
    [cleared] = IndicatorValueChange.objects.filter(action=page)
    assert (cleared.previous_value, cleared.value) == (Decimal(48), None)
    [line] = indicator_history(client, page.url)
    assert "de 48 à – ateliers" in line


def test_a_first_publication_records_nothing(client, plan):
    """Its starting values are the page's own, not a change."""
    action = ActionPage(
        title="Cartographie libre",
        slug="cartographie-libre",
        introduction="Une carte de la ville en données ouvertes.",
    )
    action.indicators = [
        ActionIndicator(name="Couches publiées", current_value=Decimal(3))
    ]
    action = add_page(plan.objective, action)
    assert not IndicatorValueChange.objects.filter(action=action).exists()
    document = soup(client.get(action.url))
    assert document.select(".policy-indicator-history") == []
