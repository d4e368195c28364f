"""The audits in the admin, through its views: managers start and fill an
audit, writers and translators read it, others are refused; a refused request
changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from accessibility.models import Audit, Result, SamplePage
from accessibility.services import start_audit
from tests.admin_form import untouched_form_data
from tests.helpers import soup

pytestmark = pytest.mark.django_db


def state() -> tuple:
    """What the audits hold, to compare before and after a refused request."""
    return (
        list(Audit.objects.values_list("pk", "title", "auditor")),
        list(SamplePage.objects.values_list("pk", "audit_id", "page_id", "url")),
        list(
            Result.objects.values_list(
                "sample_id", "criterion", "status", "comment", "derogation"
            )
        ),
        Revision.objects.count(),
    )


def refused(response) -> bool:
    """The admin's answer to a request someone may not make: « permission
    denied », as a redirect to the dashboard with a message, or a 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def audit(audited_site, manager) -> Audit:
    audit = start_audit(manager)
    audit.auditor = "Service numérique"
    audit.save()
    return audit


def grid_url(audit: Audit, sample: SamplePage | None = None) -> str:
    sample = sample or audit.sample.first()
    return reverse("accessibility_grid", args=[audit.pk, sample.pk])


def test_the_first_audit_starts_with_the_mandatory_sample(audited_site, manager_client):
    response = manager_client.post(reverse("accessibility_start"))
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accessibility_audit", args=[audit.pk])
    sampled = [sample.page_id for sample in audit.sample.all()]
    assert sampled == [
        audited_site[key].pk
        for key in ("home", "contact", "legal", "statement", "sitemap")
    ]
    assert audit.rgaa_version == "4.1.2"
    assert audit.revisions.get().user.username == "responsable"


def test_a_new_audit_is_a_copy_of_the_last(audit, manager_client):
    sample = audit.sample.first()
    Result.objects.create(sample=sample, criterion="1.1", status="NC", comment="Logo")
    manager_client.post(reverse("accessibility_start"))
    copy = Audit.objects.exclude(pk=audit.pk).get()
    assert copy.auditor == "Service numérique"
    assert [s.page_id for s in copy.sample.all()] == [
        s.page_id for s in audit.sample.all()
    ]
    copied = Result.objects.get(sample__audit=copy)
    assert (copied.criterion, copied.status, copied.comment) == ("1.1", "NC", "Logo")
    # The original keeps its own answers.
    assert Result.objects.filter(sample__audit=audit).count() == 1


def test_the_grid_shows_the_13_themes_and_the_progress(audit, manager_client):
    response = manager_client.get(grid_url(audit))
    assert response.status_code == 200
    page = soup(response)
    details = page.select("form[data-edit-form] details")
    assert len(details) == 13
    assert "Images" in details[0].summary.get_text()
    assert len(page.select("fieldset[id^=criterion-]")) == 106
    assert "0 / 106" in page.find(id="grid-progress").get_text()
    assert page.find("button", string=lambda s: s and "Enregistrer" in s)


def test_a_manager_fills_the_grid(audit, manager_client):
    url = grid_url(audit)
    data = untouched_form_data(manager_client, url)
    data["c1_1-status"] = ["NC"]
    data["c1_1-comment"] = ["Le logo n'a pas d'alternative."]
    data["c3_2-status"] = ["C"]
    data["c8_3-status"] = ["NA"]
    data["c8_3-derogation"] = ["not_subject"]
    data["c8_3-justification"] = ["Contenu archivé."]
    response = manager_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    results = {r.criterion: r for r in Result.objects.filter(sample__audit=audit)}
    assert set(results) == {"1.1", "3.2", "8.3"}
    assert results["1.1"].status == "NC"
    assert results["1.1"].comment == "Le logo n'a pas d'alternative."
    assert results["8.3"].derogation == "not_subject"
    assert results["1.1"].updated_by.username == "responsable"
    # One revision more, by the manager: the history says who changed what.
    latest = audit.revisions.order_by("-pk").first()
    assert latest.user.username == "responsable"
    assert latest.content["sample"][0]["results"]
    page = soup(manager_client.get(url))
    assert "3 / 106" in page.find(id="grid-progress").get_text()
    assert page.find("input", {"name": "c1_1-status", "value": "NC"}).has_attr(
        "checked"
    )


def test_posting_the_grid_untouched_changes_nothing(audit, manager_client):
    url = grid_url(audit)
    Result.objects.create(sample=audit.sample.first(), criterion="1.1", status="C")
    before = state()
    response = manager_client.post(url, untouched_form_data(manager_client, url))
    assert response.status_code == 302
    assert state() == before


def test_save_and_next_goes_to_the_next_page(audit, manager_client):
    first, second = list(audit.sample.all())[:2]
    url = grid_url(audit, first)
    data = untouched_form_data(manager_client, url)
    data["and_next"] = ["1"]
    response = manager_client.post(url, data)
    assert response["Location"] == grid_url(audit, second)


def test_a_derogation_needs_its_justification(audit, manager_client):
    url = grid_url(audit)
    data = untouched_form_data(manager_client, url)
    data["c4_1-status"] = ["NC"]
    data["c4_1-derogation"] = ["burden"]
    before = state()
    response = manager_client.post(url, data)
    assert response.status_code == 200
    page = soup(response)
    assert page.find(id="theme-4").has_attr("open")
    assert "Expliquez pourquoi" in page.find(id="criterion-c4_1").get_text()
    assert state() == before


def test_an_unknown_status_is_a_form_error_not_a_500(audit, manager_client):
    url = grid_url(audit)
    data = untouched_form_data(manager_client, url)
    data["c1_1-status"] = ["OK"]
    before = state()
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert state() == before


def test_a_writer_reads_the_audit_without_fields_to_change(audit, writer_client):
    Result.objects.create(sample=audit.sample.first(), criterion="1.1", status="C")
    for url in (
        reverse("accessibility_audits"),
        reverse("accessibility_audit", args=[audit.pk]),
        grid_url(audit),
    ):
        assert writer_client.get(url).status_code == 200
    page = soup(writer_client.get(grid_url(audit)))
    assert all(
        field.has_attr("disabled")
        for field in page.select("form[data-edit-form] input:not([type=hidden])")
    )
    assert not page.find("button", {"type": "submit"})
    assert "1 / 106" in page.find(id="grid-progress").get_text()


@pytest.mark.parametrize("role", ["writer_client", "translator_client"])
def test_readers_are_refused_every_change(audit, manager_client, role, request):
    client = request.getfixturevalue(role)
    url = grid_url(audit)
    data = untouched_form_data(manager_client, url)
    data["c1_1-status"] = ["NC"]
    before = state()
    assert refused(client.post(url, data))
    assert refused(client.post(reverse("accessibility_start")))
    edit = reverse("wagtailsnippets_accessibility_audit:edit", args=[audit.pk])
    assert refused(client.get(edit))
    assert refused(client.post(edit, {"title": "X"}))
    delete = reverse("wagtailsnippets_accessibility_audit:delete", args=[audit.pk])
    assert refused(client.post(delete))
    assert state() == before


def test_no_admin_access_means_the_sign_in_page(audit, manager_client):
    nobody = User.objects.create_user("personne", password="x")
    staff = Client()
    staff.force_login(nobody)
    visitor = Client()
    url = grid_url(audit)
    data = untouched_form_data(manager_client, url)
    before = state()
    for address in (
        reverse("accessibility_audits"),
        reverse("accessibility_audit", args=[audit.pk]),
        url,
    ):
        for client in (staff, visitor):
            response = client.get(address)
            assert response.status_code == 302
            assert "/login/" in response["Location"]
    for client in (staff, visitor):
        for address in (url, reverse("accessibility_start")):
            assert "/login/" in client.post(address, data)["Location"]
    assert state() == before


def test_a_page_of_another_audit_is_not_found(audit, manager_client):
    other = start_audit()
    url = reverse("accessibility_grid", args=[audit.pk, other.sample.first().pk])
    assert manager_client.get(url).status_code == 404


def test_the_overview_shows_the_rate_and_each_page(audit, manager_client):
    samples = list(audit.sample.all())
    for sample in samples:
        Result.objects.create(sample=sample, criterion="1.1", status="C")
    Result.objects.create(sample=samples[0], criterion="3.2", status="NC")
    page = soup(manager_client.get(reverse("accessibility_audit", args=[audit.pk])))
    # 1.1 met, 3.2 not met: 50 %.
    assert "50,00" in page.find("dd", attrs={"data-rate": True}).get_text()
    rows = page.select("table.listing tbody tr")
    assert len(rows) == len(samples)
    assert "2 / 106" in rows[0].get_text()


def test_the_audit_and_its_sample_edited_in_the_snippet_form(audit, manager_client):
    url = reverse("wagtailsnippets_accessibility_audit:edit", args=[audit.pk])
    data = untouched_form_data(manager_client, url)
    data["auditor"] = ["Cabinet Exemple"]
    count = int(data["sample-TOTAL_FORMS"][0])
    data["sample-TOTAL_FORMS"] = [str(count + 1)]
    data[f"sample-{count}-url"] = ["https://demarches.example/inscription"]
    data[f"sample-{count}-label"] = ["Inscription en ligne"]
    data[f"sample-{count}-page"] = [""]
    data[f"sample-{count}-ORDER"] = [str(count + 1)]
    data[f"sample-{count}-id"] = [""]
    data[f"sample-{count}-DELETE"] = [""]
    response = manager_client.post(url, data)
    assert response.status_code == 302, soup(response).select(".error-message")
    audit.refresh_from_db()
    assert audit.auditor == "Cabinet Exemple"
    assert audit.sample.last().address == "https://demarches.example/inscription"


def test_a_sample_entry_needs_a_page_or_an_address(audit, manager_client):
    url = reverse("wagtailsnippets_accessibility_audit:edit", args=[audit.pk])
    data = untouched_form_data(manager_client, url)
    data["sample-0-page"] = [""]
    before = state()
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert state() == before
