"""The history residents read: a change is recorded when a new status or progress
goes live, once per action whatever its translations, and never otherwise."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from policy.models import ActionPage, ActionStatus, ActionStatusChange
from tests.helpers import publish, soup
from tests.policy.conftest import translate_all

pytestmark = pytest.mark.django_db


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def changes(action: ActionPage) -> list[tuple[str, int]]:
    return [(change.status, change.progress) for change in action.history()]


def test_publishing_a_new_progress_records_it_today(client, plan):
    action = plan.actions["ateliers-numeriques"]
    assert changes(action) == [(ActionStatus.IN_PROGRESS, 40)]
    action.progress = 60
    publish(action)
    assert changes(action) == [
        (ActionStatus.IN_PROGRESS, 40),
        (ActionStatus.IN_PROGRESS, 60),
    ]
    assert action.history().last().date == timezone.localdate()
    timeline = soup(client.get(action.url)).select("ol.policy-timeline li")
    assert len(timeline) == 2
    assert text(timeline[-1].select_one(".policy-timeline__change")) == (
        "En cours, réalisée à 60 %"
    )
    assert timeline[-1].time["datetime"] == timezone.localdate().isoformat()


def test_publishing_a_new_status_records_it(plan):
    action = plan.actions["wi-fi-public"]
    action.status, action.progress = ActionStatus.ABANDONED, 0
    publish(action)
    assert changes(action) == [(ActionStatus.PLANNED, 0), (ActionStatus.ABANDONED, 0)]


def test_a_draft_records_nothing_until_it_is_published(plan):
    action = plan.actions["ateliers-numeriques"]
    action.progress = 70
    revision = action.save_revision()
    assert changes(action) == [(ActionStatus.IN_PROGRESS, 40)]
    revision.publish()
    assert changes(action) == [
        (ActionStatus.IN_PROGRESS, 40),
        (ActionStatus.IN_PROGRESS, 70),
    ]


def test_an_unrelated_edit_records_nothing(plan):
    action = plan.actions["ateliers-numeriques"]
    action.title = "Ateliers numériques pour tous"
    action.department = "Médiathèque"
    publish(action)
    assert changes(action) == [(ActionStatus.IN_PROGRESS, 40)]


def test_the_translation_shares_the_history_and_adds_nothing(client, plan):
    action = plan.actions["ateliers-numeriques"]
    english = plan.actions_en["ateliers-numeriques"]
    assert changes(english) == changes(action) == [(ActionStatus.IN_PROGRESS, 40)]

    # The French action moves on; its translation is published before being
    # brought up to date (still at 40 %), then after (at 80 %).
    action.progress = 80
    publish(action)
    publish(english)
    english = translate_all(action)
    assert (english.status, english.progress) == (ActionStatus.IN_PROGRESS, 80)
    expected = [(ActionStatus.IN_PROGRESS, 40), (ActionStatus.IN_PROGRESS, 80)]
    assert changes(english) == changes(action) == expected
    assert ActionStatusChange.objects.filter(action=english).count() == 0
    timeline = soup(client.get(english.url)).select("ol.policy-timeline li")
    assert [text(li.select_one(".policy-timeline__change")) for li in timeline] == [
        "In progress, 40 % done",
        "In progress, 80 % done",
    ]


def test_the_history_reads_oldest_first(plan):
    action = plan.actions["telephonie-libre"]
    ActionStatusChange.objects.all().filter(action=action).delete()
    for date, status, progress in [
        (datetime.date(2023, 5, 1), ActionStatus.DONE, 100),
        (datetime.date(2021, 6, 1), ActionStatus.PLANNED, 0),
        (datetime.date(2022, 2, 1), ActionStatus.IN_PROGRESS, 50),
    ]:
        ActionStatusChange.objects.create(
            action=action, date=date, status=status, progress=progress
        )
    assert [c.date.year for c in action.history()] == [2021, 2022, 2023]
    # Its last entry equals the live values: publishing again adds nothing.
    publish(action)
    assert action.history().count() == 3
