"""Editors build a form page in the admin; a manager publishes it; only those
who may publish a form see, export and delete its answers; the retention
command deletes old answers."""

from __future__ import annotations

import datetime
import io

import pytest
import tablib
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from contact.models import FormPage
from home.models import HomePage
from tests.contact.conftest import send
from tests.helpers import soup

pytestmark = pytest.mark.django_db


def form_data(privacy, **overrides) -> dict:
    data = {
        "title": "Demander un composteur",
        "slug": "demander-un-composteur",
        "introduction": "La ville prête des composteurs aux habitants.",
        "thank_you_text": "Merci, nous vous appelons pour convenir d'un rendez-vous.",
        "purpose": "Vous prêter un composteur.",
        "recipients": "Le service environnement",
        "retention_months": "6",
        "privacy_page": str(privacy.pk),
        "capacity": "",
        "event": "",
        "to_address": "",
        "subject": "",
        "form_fields": inline_formset(
            [
                {
                    "label": "Nom",
                    "help_text": "",
                    "required": "on",
                    "field_type": "singleline",
                    "choices": "",
                    "default_value": "",
                    "autocomplete": "name",
                },
                {
                    "label": "Téléphone",
                    "help_text": "Pour convenir d'un rendez-vous.",
                    "required": "on",
                    "field_type": "singleline",
                    "choices": "",
                    "default_value": "",
                    "autocomplete": "tel",
                },
            ]
        ),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["contact", "formpage", parent.pk])


@pytest.fixture
def home(_forms_layer, site_tree) -> HomePage:
    return site_tree.home_fr


@pytest.fixture
def privacy(_forms_layer):
    from home.models import ContentPage

    return ContentPage.objects.get(pk=_forms_layer["privacy"])


def test_a_writer_builds_a_form_and_a_manager_publishes_it(
    writer, writer_client, manager_client, home, privacy, resident
):
    data = form_data(privacy)
    data["action-submit"] = "action-submit"
    response = writer_client.post(add_url(home), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = FormPage.objects.get(slug="demander-un-composteur")
    assert not page.live
    assert [f.label for f in page.form_fields.all()] == ["Nom", "Téléphone"]
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    response = manager_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Relu."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    # Residents can now send it.
    response = send(resident, page.url, {"nom": "Ali", "telephone": "0476000000"})
    assert response.status_code == 200
    assert FormSubmission.objects.get(page=page).form_data == {
        "nom": "Ali",
        "telephone": "0476000000",
    }
    assert (
        soup(resident.get(page.url)).select_one("input[name=telephone]")["autocomplete"]
        == "tel"
    )


def test_the_privacy_page_is_required_and_labels_may_not_take_reserved_names(
    admin_client, home, privacy
):
    data = form_data(privacy, privacy_page="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(home), data)
    assert response.status_code == 200
    assert "privacy_page" in response.context["form"].errors
    assert not FormPage.objects.filter(slug="demander-un-composteur").exists()
    fields = form_data(privacy)
    fields["form_fields-0-label"] = "Submission token"
    response = admin_client.post(add_url(home), fields)
    assert response.status_code == 200
    assert not FormPage.objects.filter(slug="demander-un-composteur").exists()


def test_editors_preview_the_form_and_its_confirmation(admin_client, home, privacy):
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["contact", "formpage", home.pk]
    )
    assert admin_client.post(url, form_data(privacy)).json()["is_valid"] is True
    form = admin_client.get(url + "?mode=form")
    assert form.status_code == 200
    assert soup(form).select_one("label[for=id_telephone]") is not None
    landing = admin_client.get(url + "?mode=landing")
    assert "nous vous appelons" in landing.content.decode()


# Who reads the answers.


@pytest.fixture
def answers(contact, resident) -> list[FormSubmission]:
    for name in ("Camille", '=HYPERLINK("http://x")'):
        send(resident, contact.url, {"nom": name, "message": "Bonjour"})
    return list(FormSubmission.objects.filter(page=contact).order_by("pk"))


def listing_url(page) -> str:
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def test_a_manager_sees_and_exports_the_answers(manager_client, contact, answers):
    response = manager_client.get(reverse("wagtailforms:index"))
    assert response.status_code == 200
    assert contact.title in response.content.decode()
    listing = manager_client.get(listing_url(contact))
    assert listing.status_code == 200
    assert "Camille" in listing.content.decode()
    assert "?export=ods" in listing.content.decode()

    csv = manager_client.get(listing_url(contact) + "?export=csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode()
    assert "Camille" in text
    assert "'=HYPERLINK" in text  # never a formula

    ods = manager_client.get(listing_url(contact) + "?export=ods")
    assert ods.status_code == 200
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    sheet = tablib.Dataset().load(io.BytesIO(ods.content).read(), format="ods")
    names = [row[sheet.headers.index("Nom")] for row in sheet]
    assert names == ["Camille", '\'=HYPERLINK("http://x")']


def test_a_manager_deletes_answers(manager_client, contact, answers):
    url = reverse("wagtailforms:delete_submissions", args=[contact.pk])
    response = manager_client.post(url + f"?selected-submissions={answers[0].pk}")
    assert response.status_code == 302
    assert list(FormSubmission.objects.filter(page=contact)) == answers[1:]


@pytest.mark.parametrize("role", ["writer", "translator"])
def test_other_roles_neither_see_export_nor_delete_answers(
    request, role, contact, answers
):
    """A writer may edit the form page, a translator translate it: neither reads
    what residents sent."""
    client: Client = request.getfixturevalue(f"{role}_client")
    index = client.get(reverse("wagtailforms:index"))
    assert contact.title not in index.content.decode()
    for url in (
        listing_url(contact),
        listing_url(contact) + "?export=csv",
        listing_url(contact) + "?export=ods",
    ):
        assert client.get(url).status_code in (302, 403), url
    url = reverse("wagtailforms:delete_submissions", args=[contact.pk])
    response = client.post(url + f"?selected-submissions={answers[0].pk}")
    assert response.status_code in (302, 403)
    assert list(FormSubmission.objects.filter(page=contact).order_by("pk")) == answers


def test_the_answers_are_in_neither_search_nor_the_api(client, contact, answers):
    found = soup(client.get("/recherche/?q=Camille"))
    assert "0 résultat" in found.select_one(".search-count").text
    assert found.select_one(".search-results") is None
    detail = client.get(f"/api/v2/pages/{contact.pk}/")
    assert detail.status_code == 200
    assert "Camille" not in detail.content.decode()


# Capacity and retention.


def test_the_sign_up_closes_when_the_places_are_taken(resident, sign_up):
    first = send(resident, sign_up.url, {"nom": "A", "courriel": "a@exemple.fr"})
    assert first.status_code == 200
    page = soup(resident.get(sign_up.url))
    assert "1 place restante" in page.select_one(".form-places").text
    assert page.select_one(".form-event a")["href"] == sign_up.event.url
    send(resident, sign_up.url, {"nom": "B", "courriel": "b@exemple.fr"})
    closed = resident.get(sign_up.url)
    document = soup(closed)
    assert document.select_one("form.resident-form") is None
    closed_text = document.select_one(".form-closed").text
    assert "Toutes les places ont été prises" in closed_text
    # A form opened before it closed is refused, and nothing is stored.
    late = resident.post(sign_up.url, {"nom": "C", "courriel": "c@exemple.fr"})
    assert late.status_code == 409
    assert FormSubmission.objects.filter(page=sign_up).count() == 2


def test_the_sign_up_closes_when_the_event_starts(resident, sign_up):
    event = sign_up.event
    event.start = timezone.now() - datetime.timedelta(minutes=5)
    event.save()
    document = soup(resident.get(sign_up.url))
    assert "L'événement a commencé" in document.select_one(".form-closed").text


def test_the_retention_command_deletes_old_answers(contact, sign_up, answers):
    now = timezone.now()
    old, recent = answers
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=now - datetime.timedelta(days=370)
    )
    FormSubmission.objects.filter(pk=recent.pk).update(
        submit_time=now - datetime.timedelta(days=300)
    )
    kept = FormSubmission.objects.create(page=sign_up, form_data={"nom": "B"})
    FormSubmission.objects.filter(pk=kept.pk).update(
        submit_time=now - datetime.timedelta(days=60)
    )
    gone = FormSubmission.objects.create(page=sign_up, form_data={"nom": "A"})
    FormSubmission.objects.filter(pk=gone.pk).update(
        submit_time=now - datetime.timedelta(days=100)
    )
    out = io.StringIO()
    call_command("purge_form_submissions", "--dry-run", stdout=out)
    assert "2 form answer(s) would be deleted." in out.getvalue()
    assert FormSubmission.objects.count() == 4
    out = io.StringIO()
    call_command("purge_form_submissions", stdout=out)
    assert "2 form answer(s) deleted." in out.getvalue()
    assert set(FormSubmission.objects.values_list("pk", flat=True)) == {
        recent.pk,
        kept.pk,
    }
