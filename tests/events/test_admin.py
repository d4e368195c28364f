"""What editors do in the Wagtail admin: create an event, preview it, schedule it,
roll it back; the form's checks."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import EventPage

pytestmark = pytest.mark.django_db


def event_form_data(image, categories=(), **overrides) -> dict:
    data = {
        "title": "AlpOSS 2027",
        "slug": "alposs-2027",
        "introduction": "La quatrième édition du rendez-vous du logiciel libre.",
        "start": "2027-02-16 09:00",
        "end": "2027-02-16 18:00",
        "status": "scheduled",
        "place_name": "La Rampe",
        "street_address": "15 avenue du 8 Mai 1945",
        "postal_code": "38130",
        "locality": "Échirolles",
        "audience": "everyone",
        "free": "on",
        "image": str(image.pk),
        "image_alt": "La grande salle de La Rampe",
        "body": streamfield(
            [("paragraph", rich_text("<p>Tables rondes et ateliers.</p>"))]
        ),
        "organisers": streamfield(
            [
                (
                    "organiser",
                    {"name": "OW2", "url": "https://www.ow2.org/", "role": "organiser"},
                )
            ]
        ),
        "materials": streamfield([]),
        "action_links": inline_formset([]),
        "article_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["categories"] = [str(c.pk) for c in categories]
    return form


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])


def test_editor_creates_and_publishes_an_event(admin_client, agenda, image, categories):
    data = event_form_data(image, [categories["evenements"]])
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(agenda), data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="alposs-2027")
    assert event.live
    assert timezone.localtime(event.start).hour == 9
    assert list(event.categories.all()) == [categories["evenements"]]
    assert event.organiser_list[0]["name"] == "OW2"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": "2027-02-15 18:00"}, "end"),
        ({"free": "", "price": ""}, "price"),
        ({"status": "rescheduled"}, "previous_start"),
        ({"place_name": "", "street_address": ""}, "place_name"),
        ({"image_alt": ""}, "image_alt"),
    ],
)
def test_form_errors(admin_client, agenda, image, overrides, field):
    image.description = ""
    image.save()
    data = event_form_data(image, **overrides)
    if "free" in overrides:
        del data["free"]
    response = admin_client.post(add_url(agenda), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EventPage.objects.exists()


def test_editor_previews_an_unsaved_event(admin_client, agenda, image):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["events", "eventpage", agenda.pk],
    )
    assert admin_client.post(url, event_form_data(image)).json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "AlpOSS 2027" in response.content.decode()


def test_scheduled_event_goes_live_at_its_time(admin_client, client, agenda, image):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    data = event_form_data(
        image, go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
    )
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(agenda), data).status_code == 302
    event = EventPage.objects.get()
    assert not event.live
    with mock.patch(
        "django.utils.timezone.now",
        return_value=go_live + datetime.timedelta(minutes=1),
    ):
        call_command("publish_scheduled")
    event.refresh_from_db()
    assert event.live


def test_editor_rolls_back_to_an_earlier_revision(admin_client, make_event):
    event = make_event("Première version")
    first = event.latest_revision
    event.title = "Seconde version"
    event.save_revision().publish()
    url = reverse("wagtailadmin_pages:revisions_revert", args=[event.pk, first.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Première version" in response.content.decode()


def test_events_are_never_due_for_review(make_event):
    event = make_event()
    assert event.due_for_review_on is None


def test_managers_see_past_events_without_what_happened(admin_client, make_event):
    from tests.events.conftest import paris

    make_event("Atelier sans bilan", start=paris(2025, 3, 4, 14))
    make_event("Atelier avec bilan", start=paris(2025, 3, 5, 14), attendance=12)
    make_event("Atelier à venir")
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="events-missing-reports"' in html or "events-missing-reports" in html
    assert "Atelier sans bilan" in html
    assert "Atelier avec bilan" not in html
    assert "Atelier à venir" not in html


def test_a_writer_submits_an_event_and_a_manager_approves_it(
    writer, writer_client, manager_client, agenda, image, categories
):
    """Through the admin views, as for every page: the writer's « submit » leaves
    the event unpublished and in moderation; the manager's approval publishes it."""
    data = event_form_data(image, [categories["evenements"]])
    data["action-submit"] = "action-submit"
    response = writer_client.post(add_url(agenda), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="alposs-2027")
    assert not event.live
    assert Client().get(agenda.url + "alposs-2027/").status_code == 404

    state = event.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    response = manager_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[event.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Relu."},
    )
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.live
    assert event.get_latest_revision().user == writer
    page = Client().get(event.url)
    assert page.status_code == 200
    assert "AlpOSS 2027" in page.content.decode()
