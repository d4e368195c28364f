"""An entry of an action's public history published by mistake is corrected or
withdrawn by a manager, with a reason residents read; the published values stay
in the database and each correction is in the admin's log. The action page (in
every language), the plan's chart and the exports follow at once; writers and
translators cannot do it by any route."""

from __future__ import annotations

import datetime
import json
from fractions import Fraction

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from wagtail.models import ModelLogEntry

from home.roles import MANAGERS, TRANSLATORS, WRITERS
from policy.models import ActionStatus, ActionStatusChange, Correction
from policy.progress import progress_over_time_for
from tests.helpers import publish, soup
from tests.workflow.conftest import member

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)
REASON = "Saisie erronée : 60 % au lieu de 45 %."


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def edit_url(entry: ActionStatusChange) -> str:
    return reverse("action_history:edit", args=[entry.pk])


def logged_in(client, django_user_model, username: str, role: str):
    client.force_login(member(django_user_model, username, role))
    return client


@pytest.fixture
def manager_client(client, django_user_model):
    return logged_in(client, django_user_model, "responsable", MANAGERS)


@pytest.fixture
def mistake(plan) -> ActionStatusChange:
    """The workshops' action went from 40 % to 60 % by mistake (45 % was meant):
    its latest history entry, the plan's earlier ones dated a year ago."""
    ActionStatusChange.objects.update(date=timezone.localdate() - YEAR)
    action = plan.actions["ateliers-numeriques"]
    action.progress = 60
    publish(action)
    return action.history().last()


def row(entry: ActionStatusChange) -> tuple:
    """Everything an entry holds."""
    entry = ActionStatusChange.objects.get(pk=entry.pk)
    return tuple(getattr(entry, field.attname) for field in entry._meta.concrete_fields)


def timeline(client, url: str) -> list:
    return soup(client.get(url)).select("ol.policy-timeline li")


def test_a_manager_corrects_an_entry_with_the_admin_form(
    manager_client, plan, mistake, client
):
    form = manager_client.get(edit_url(mistake))
    assert form.status_code == 200
    page = soup(form)
    assert (
        page.select_one("h1")
        .get_text(strip=True)
        .startswith("Corriger une entrée de l'historique")
    )
    assert "Raison" in text(page.select_one("label[for=id_correction_reason]"))
    assert page.select("input[name=correction][type=radio]")

    response = manager_client.post(
        edit_url(mistake),
        {
            "correction": "corrected",
            "corrected_date": "",
            "corrected_status": "",
            "corrected_progress": "45",
            "correction_reason": REASON,
            # Not in the form: ignored.
            "date": "2020-01-01",
            "status": "done",
            "progress": "100",
            "action": str(plan.actions["wi-fi-public"].pk),
            "corrected_by": "1",
        },
    )
    assert response.status_code == 302
    entry = ActionStatusChange.objects.get(pk=mistake.pk)
    assert entry.action_id == plan.actions["ateliers-numeriques"].pk
    # The published values are kept; the corrected ones beside them.
    assert (entry.date, entry.status, entry.progress) == (
        mistake.date,
        ActionStatus.IN_PROGRESS,
        60,
    )
    assert (entry.correction, entry.corrected_progress) == (Correction.CORRECTED, 45)
    assert entry.correction_reason == REASON
    assert entry.corrected_by.username == "responsable"
    assert entry.corrected_at is not None

    # In the admin's log, under its own action, with the values before and after.
    log = ModelLogEntry.objects.get(action="policy.history.correct")
    assert log.object_id == str(entry.pk)
    assert log.user.username == "responsable"
    assert log.data["reason"] == REASON
    assert log.data["before"]["correction"] == ""
    assert log.data["after"]["corrected_progress"] == 45
    # The entry's own history in the admin, and the managers' listing.
    entry_log = manager_client.get(reverse("action_history:history", args=[entry.pk]))
    assert REASON in text(soup(entry_log))
    listing = text(soup(manager_client.get(reverse("action_history:index"))))
    assert "Historique des actions" in listing
    assert "Ateliers numériques" in listing and "corrigée" in listing
    report = text(
        soup(manager_client.get(reverse("wagtailadmin_reports:site_history")))
    )
    assert f"Entrée d'historique corrigée : {REASON}" in report
    assert "Ateliers numériques, 2" in report  # the entry, named by its action

    # Residents read the corrected value and the note, in French and English.
    day = timezone.localdate()
    client.logout()
    french = timeline(client, plan.actions["ateliers-numeriques"].url)
    assert text(french[-1].select_one(".policy-timeline__change")) == (
        "En cours, réalisée à 45 %"
    )
    with override("fr"):
        french_day = date_format(day, "DATE_FORMAT")
    assert text(french[-1].select_one(".policy-timeline__note")) == (
        f"Corrigé le {french_day} : {REASON}"
    )
    english = timeline(client, plan.actions_en["ateliers-numeriques"].url)
    assert text(english[-1].select_one(".policy-timeline__change")) == (
        "In progress, 45 % done"
    )
    with override("en"):
        english_day = date_format(day, "DATE_FORMAT")
    note = english[-1].select_one(".policy-timeline__note")
    assert text(note) == f"Corrected on {english_day}: {REASON}"
    assert note.select_one("[lang=fr]").get_text() == REASON


def test_a_manager_withdraws_an_entry_and_residents_read_why(
    manager_client, plan, mistake, client
):
    before = mistake.progress
    response = manager_client.post(
        edit_url(mistake),
        {
            "correction": "withdrawn",
            # Typed before choosing to withdraw: not kept.
            "corrected_progress": "45",
            "correction_reason": "Publiée par erreur.",
        },
        follow=True,
    )
    assert "Entrée d'historique « Ateliers numériques" in text(soup(response))
    assert "» retirée." in text(soup(response))
    entry = ActionStatusChange.objects.get(pk=mistake.pk)
    assert (entry.correction, entry.progress, entry.corrected_progress) == (
        Correction.WITHDRAWN,
        before,
        None,
    )
    assert ModelLogEntry.objects.filter(action="policy.history.withdraw").count() == 1

    client.logout()
    for url, note in (
        (plan.actions["ateliers-numeriques"].url, "Entrée retirée le"),
        (plan.actions_en["ateliers-numeriques"].url, "Entry withdrawn on"),
    ):
        items = timeline(client, url)
        # The entry stays in its place, saying it was withdrawn and why, without
        # the values published by mistake.
        assert len(items) == 2
        withdrawn = items[-1]
        assert "policy-timeline__withdrawn" in withdrawn["class"]
        assert withdrawn.select_one(".policy-timeline__change") is None
        assert "60" not in text(withdrawn)
        assert text(withdrawn.select_one(".policy-timeline__note")).startswith(note)
        assert "Publiée par erreur." in text(withdrawn)

    # The chart and the recording of the next change ignore it.
    assert [p.progress for p in progress_over_time_for(plan.plan)] == [
        Fraction(140, 3)  # 0, 40 and 100: the 60 % is gone
    ]
    action = plan.actions["ateliers-numeriques"]
    action.progress = 40
    publish(action)  # Back to the value residents read: nothing new.
    assert action.history().count() == 2


def test_the_exports_and_the_chart_read_the_corrected_history(
    manager_client, plan, mistake, client
):
    corrected_day = timezone.localdate() - datetime.timedelta(days=3)
    response = manager_client.post(
        edit_url(mistake),
        {
            "correction": "corrected",
            "corrected_date": corrected_day.isoformat(),
            "corrected_status": "",
            "corrected_progress": "45",
            "correction_reason": REASON,
        },
    )
    assert response.status_code == 302
    client.logout()
    data = json.loads(client.get(plan.plan.url + "actions/json/").content)
    (workshops,) = [a for a in data["actions"] if a["slug"] == "ateliers-numeriques"]
    assert workshops["last_change"] == corrected_day.isoformat()
    items = timeline(client, plan.actions["ateliers-numeriques"].url)
    assert items[-1].time["datetime"] == corrected_day.isoformat()
    points = progress_over_time_for(plan.plan)
    assert points[-1].date == corrected_day
    assert points[-1].progress == Fraction(145, 3)  # 0, 45 and 100


def test_the_public_page_changes_right_after_a_correction(
    settings, manager_client, plan, mistake, client
):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    url = plan.actions["ateliers-numeriques"].url
    anonymous = client.__class__()
    assert anonymous.get(url)["X-Cache"] == "MISS"
    assert anonymous.get(url)["X-Cache"] == "HIT"
    manager_client.post(
        edit_url(mistake),
        {
            "correction": "corrected",
            "corrected_progress": "45",
            "correction_reason": REASON,
        },
    )
    response = anonymous.get(url)
    assert response["X-Cache"] == "MISS"
    assert REASON in response.content.decode()


@pytest.mark.parametrize("role", [WRITERS, TRANSLATORS])
def test_writers_and_translators_cannot_correct(
    client, django_user_model, plan, mistake, role
):
    logged_in(client, django_user_model, "quelquun", role)
    before = row(mistake)
    assert client.get(reverse("action_history:index")).status_code in (302, 403)
    assert client.get(edit_url(mistake)).status_code in (302, 403)
    for data in (
        {"correction": "withdrawn", "correction_reason": "Non."},
        {
            "correction": "corrected",
            "corrected_progress": "0",
            "correction_reason": "x",
        },
    ):
        response = client.post(edit_url(mistake), data)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    assert row(mistake) == before
    assert not ModelLogEntry.objects.filter(
        action__startswith="policy.history"
    ).exists()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("action_history:index") not in menu


def test_nobody_adds_or_deletes_an_entry_in_the_admin(admin_client, mistake):
    assert admin_client.get(reverse("action_history:add")).status_code in (302, 403)
    response = admin_client.post(reverse("action_history:delete", args=[mistake.pk]))
    assert response.status_code in (302, 403)
    assert ActionStatusChange.objects.filter(pk=mistake.pk).exists()
    assert admin_client.get(reverse("action_history:index")).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"correction": "corrected", "corrected_progress": "45"},
            "correction_reason",
            "Donnez la raison : les habitants la lisent avec l'entrée.",
        ),
        (
            {"correction": "", "correction_reason": REASON},
            "correction",
            "Choisissez si l'entrée est corrigée ou retirée.",
        ),
        (
            {"correction": "effacer", "correction_reason": REASON},
            "correction",
            "Sélectionnez un choix valide.",
        ),
        (
            {
                "correction": "corrected",
                "corrected_progress": "150",
                "correction_reason": REASON,
            },
            "corrected_progress",
            "L'avancement est un pourcentage, de 0 à 100.",
        ),
        (
            {
                "correction": "corrected",
                "corrected_progress": "-3",
                "correction_reason": REASON,
            },
            "corrected_progress",
            "supérieure ou égale à 0",
        ),
        (
            {
                "correction": "corrected",
                "corrected_status": "done",
                "corrected_progress": "45",
                "correction_reason": REASON,
            },
            "corrected_progress",
            "Une action réalisée est à 100 %",
        ),
        (
            {
                "correction": "corrected",
                "corrected_date": "2026-13-45",
                "correction_reason": REASON,
            },
            "corrected_date",
            "Saisissez une date valide.",
        ),
        (
            {
                "correction": "corrected",
                "corrected_date": "2999-01-01",
                "correction_reason": REASON,
            },
            "corrected_date",
            "Une évolution ne peut pas être datée dans le futur.",
        ),
        (
            {
                "correction": "corrected",
                "corrected_status": "finished",
                "correction_reason": REASON,
            },
            "corrected_status",
            "Sélectionnez un choix valide.",
        ),
        (
            {"correction": "corrected", "correction_reason": REASON},
            None,
            "Une correction change la date, le statut ou l'avancement",
        ),
        (
            {"correction": "corrected", "correction_reason": "   "},
            "correction_reason",
            "Donnez la raison : les habitants la lisent avec l'entrée.",
        ),
    ],
)
def test_bad_input_is_a_form_error(manager_client, mistake, data, field, message):
    before = row(mistake)
    response = manager_client.post(edit_url(mistake), data)
    assert response.status_code == 200
    page = soup(response)
    if field is None:
        errors = text(page.select_one("ul.errorlist"))
    else:
        container = page.select_one(f"[data-field-input] #id_{field}")
        assert container is not None
        wrapper = container.find_parent(attrs={"data-field": True}) or page
        errors = text(wrapper)
    assert message in errors, errors
    assert errors.count(message) == 1, errors
    assert row(mistake) == before
    assert not ModelLogEntry.objects.filter(
        action__startswith="policy.history"
    ).exists()


def test_an_actions_header_leads_managers_to_its_history(
    manager_client, client, django_user_model, plan, mistake
):
    action = plan.actions["ateliers-numeriques"]
    english = plan.actions_en["ateliers-numeriques"]
    edit = reverse("wagtailadmin_pages:edit", args=[action.pk])
    links = [
        a
        for a in soup(manager_client.get(edit)).select("a[href]")
        if "Corriger l'historique" in text(a)
    ]
    assert len(links) == 1
    link = links[0]
    for address in (
        link["href"],
        # Filtered by the English page: the French page's entries, shared.
        reverse("action_history:index") + f"?action={english.pk}",
    ):
        listing = soup(manager_client.get(address))
        rows = listing.select("table.listing tbody tr")
        assert len(rows) == 2
        assert all("Ateliers numériques" in text(row) for row in rows)

    writer = logged_in(client, django_user_model, "redactrice", WRITERS)
    page = writer.get(edit)
    assert "Corriger l'historique" not in text(soup(page))


def test_a_correction_saved_without_its_date_gets_one(mistake):
    mistake.correction = Correction.WITHDRAWN
    mistake.correction_reason = "Publiée par erreur."
    mistake.full_clean()
    mistake.save()
    assert mistake.corrected_at is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"correction_reason": "Sans correction."}, "correction"),
        ({"correction": "withdrawn", "corrected_progress": 10}, "corrected_progress"),
        ({"correction": "corrected", "corrected_progress": 45}, "correction_reason"),
    ],
)
def test_the_model_checks_a_correction_as_the_demo_data_writes_it(
    mistake, changes, field
):
    for name, value in changes.items():
        setattr(mistake, name, value)
    with pytest.raises(ValidationError) as error:
        mistake.full_clean()
    assert field in error.value.message_dict
