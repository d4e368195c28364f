"""Banners through the admin views, as each role uses them: a writer drafts one,
previews it and submits it; a manager approves it and it appears at its start.
Every route a role may not take is refused, and the database is left as it
was. The forms say in French what does not add up."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alerts.models import AlertBanner
from tests.admin_form import browser_form_data
from tests.alerts.conftest import END, MINUTE, START, TEXT_FR, at, make_banner
from tests.helpers import soup
from tests.workflow.test_approval_paths import (
    approve_from_editor,
    edit_url,
    fresh,
    in_moderation,
    post_editor,
    shown_messages,
)

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%d %H:%M"
SUBMIT = {"action-submit": "action-submit"}
PUBLISH = {"action-publish": "action-publish"}


def url(name: str, *args: Any) -> str:
    return reverse(AlertBanner.snippet_viewset.get_url_name(name), args=args)


def add_url() -> str:
    return url("add") + "?locale=fr"


def add_form(client: Client, **changes: str) -> dict[str, list[str]]:
    """The add form as the browser posts it, filled in."""
    response = client.get(add_url())
    assert response.status_code == 200
    data = browser_form_data(response.content.decode())
    values = {
        "level": "information",
        "text": TEXT_FR,
        "link_url": "https://www.example.org/horaires",
        "link_text": "Horaires des services",
        "starts_at": START.strftime(FORMAT),
        "ends_at": END.strftime(FORMAT),
        **changes,
    }
    for name, value in values.items():
        data[name] = [value]
    return data


def snapshot() -> list[tuple]:
    """Everything a refused action must leave as it was."""
    return list(
        AlertBanner.objects.order_by("pk").values_list(
            "pk", "text", "live", "live_revision_id", "latest_revision_id", "locked"
        )
    )


def public_banners(client: Client) -> list[str]:
    """The banners' texts on the French home page (without their links)."""
    document = soup(client.get("/"))
    return [
        span.find(string=True, recursive=False).strip()
        for span in document.select(".alert__text > span")
    ]


def test_the_admin_speaks_french(writer_client, trilingual):
    make_banner()
    make_banner(text="Messagerie en panne.", level=AlertBanner.Level.WARNING)
    listing = soup(writer_client.get(url("list")))
    assert listing.h1.get_text(strip=True) == "Bandeaux d'alerte"
    assert "Attention" in listing.select_one("table").get_text()
    found = soup(writer_client.get(url("list"), {"q": "Messagerie"}))
    rows = found.select("table tbody tr")
    assert [r.get_text(" ", strip=True).startswith("Messagerie") for r in rows] == [
        True
    ]
    form = soup(writer_client.get(add_url()))
    labels = {label.get_text(" ", strip=True) for label in form.select("label")}
    for wanted in ("Niveau", "Texte", "Affiché à partir du", "Affiché jusqu'au"):
        assert any(label.startswith(wanted) for label in labels), (wanted, labels)
    text = form.get_text(" ", strip=True)
    assert "Une ou deux phrases courtes" in text
    assert "Urgence" in text and "Attention" in text


def test_a_writer_drafts_previews_and_submits_a_manager_approves(
    client, writer_client, manager_client, trilingual
):
    data = add_form(writer_client)
    preview = writer_client.post(url("preview_on_add"), data)
    assert preview.json()["is_valid"] is True
    shown = soup(writer_client.get(url("preview_on_add")))
    assert shown.h1.get_text(strip=True) == "Aperçu du bandeau d'alerte"
    banner = shown.select_one(".alert")
    assert banner["role"] == "status"
    assert banner.a["href"] == "https://www.example.org/horaires"
    assert not AlertBanner.objects.exists()

    response = writer_client.post(add_url(), {**data, **SUBMIT})
    assert response.status_code == 302
    banner = AlertBanner.objects.get()
    assert (banner.live, banner.locale.language_code) == (False, "fr")
    assert in_moderation(banner)
    with at(START + MINUTE):
        assert public_banners(client) == []

    response = approve_from_editor(manager_client, banner)
    assert any("approuvé" in message for message in shown_messages(response))
    banner = fresh(banner)
    assert banner.live and not in_moderation(banner)
    # Approved before its start: shown from then on, until its end.
    with at(START - MINUTE):
        assert public_banners(client) == []
    with at(START + MINUTE):
        assert public_banners(client) == [TEXT_FR]
    with at(END):
        assert public_banners(client) == []


def test_a_writer_cannot_publish_a_banner(writer_client, trilingual):
    """« Publier » is not offered to writers; posted anyway, nothing goes live."""
    form = writer_client.get(add_url()).content.decode()
    assert 'name="action-publish"' not in form
    writer_client.post(add_url(), {**add_form(writer_client), **PUBLISH})
    assert not AlertBanner.objects.filter(live=True).exists()

    draft = make_banner(publish=False)
    before = snapshot()
    post_editor(writer_client, draft, **PUBLISH)
    assert not fresh(draft).live
    assert [row[:4] for row in snapshot()] == [row[:4] for row in before]


@pytest.mark.parametrize("role", ["writer", "translator"])
def test_refused_routes_leave_a_banner_as_it_was(
    request, trilingual, role, writer_client
):
    client = request.getfixturevalue(f"{role}_client")
    live = make_banner()
    submitted = make_banner(publish=False, text="Messagerie en panne.")
    submit = writer_client.post(
        edit_url(submitted),
        {**add_form(writer_client, text="Messagerie en panne."), **SUBMIT},
    )
    assert submit.status_code == 302 and in_moderation(submitted)
    task = fresh(submitted).current_workflow_state.current_task_state
    before = snapshot()
    refused = {
        "delete": url("delete", live.pk),
        "unpublish": url("unpublish", live.pk),
        "lock": url("lock", live.pk),
        "bulk delete": f"/admin/bulk/alerts/alertbanner/delete/?id={live.pk}",
        "approve": url("workflow_action", submitted.pk, "approve", task.pk),
        "publish from the editor": edit_url(submitted),
    }
    if role == "translator":
        # The French banner is not theirs to change: they translate it.
        refused["edit"] = edit_url(live)
    for name, address in refused.items():
        data = {**add_form(writer_client), **PUBLISH}
        response = client.post(address, data)
        assert response.status_code in (200, 302, 403), (name, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" not in response["Location"]
        assert snapshot() == before, name
    assert fresh(live).live and not fresh(submitted).live
    assert in_moderation(submitted)


def test_visitors_and_residents_never_reach_the_banners_admin(client, trilingual):
    banner = make_banner()
    before = snapshot()
    for address in (add_url(), edit_url(banner), url("delete", banner.pk)):
        response = client.post(address, {})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert snapshot() == before


def test_a_manager_publishes_unpublishes_and_deletes(
    client, manager_client, trilingual
):
    response = manager_client.post(add_url(), {**add_form(manager_client), **PUBLISH})
    assert response.status_code == 302
    banner = AlertBanner.objects.get()
    assert banner.live
    with at(START + MINUTE):
        assert public_banners(client) == [TEXT_FR]
    # (At today's date: the session would have expired by the banner's.)
    response = manager_client.post(url("unpublish", banner.pk))
    assert response.status_code == 302
    assert not fresh(banner).live
    with at(START + MINUTE):
        assert public_banners(client) == []
    response = manager_client.post(url("delete", banner.pk))
    assert response.status_code == 302
    assert not AlertBanner.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": START.strftime(FORMAT)}, "ends_at", "La fin doit venir après"),
        ({"link_url": ""}, "link_text", "Choisissez une page ou indiquez une adresse"),
        ({"link_text": ""}, "link_text", "Dites vers quoi mène le lien"),
        ({"link_url": "pas une adresse"}, "link_url", "URL valide"),
        ({"text": ""}, "text", "Champ requis"),
        ({"text": "x" * 251}, "text", "250 caractères"),
        ({"starts_at": "demain"}, "starts_at", "date"),
        ({"level": "tempete"}, "level", "choix valide"),
    ],
    ids=[
        "end-before-start",
        "text-without-link",
        "link-without-text",
        "bad-address",
        "no-text",
        "too-long",
        "bad-date",
        "bad-level",
    ],
)
def test_the_form_refuses_what_does_not_add_up(
    manager_client, trilingual, changes, field, message
):
    data = {**add_form(manager_client, **changes), **PUBLISH}
    response = manager_client.post(add_url(), data)
    assert response.status_code == 200
    errors = {
        name: " ".join(str(error) for error in errors)
        for name, errors in response.context["form"].errors.items()
    }
    # An address refused leaves its text without a link: said on both.
    assert list(errors) == [field, "link_text"] if field == "link_url" else [field]
    assert message in errors[field]
    assert not AlertBanner.objects.exists()


def test_both_a_page_and_an_address_is_refused(manager_client, trilingual):
    data = add_form(manager_client, link_page=str(trilingual.home_fr.pk))
    response = manager_client.post(add_url(), {**data, **PUBLISH})
    assert response.status_code == 200
    assert "soit une page du site, soit une adresse" in str(
        response.context["form"].errors["link_url"]
    )
    assert not AlertBanner.objects.exists()


def test_a_translator_opens_the_english_banner_not_the_french(
    translator_client, trilingual
):
    from tests.alerts.conftest import TEXT_EN, translate_banner

    banner = make_banner()
    english = translate_banner(banner, TEXT_EN, "en")
    response = translator_client.get(edit_url(english))
    assert response.status_code == 200
    assert TEXT_EN in response.content.decode()
    french = translator_client.get(edit_url(banner))
    assert french.status_code in (302, 403)
    listing = soup(translator_client.get(url("list") + "?locale=fr"))
    assert not listing.select(f"a[href='{edit_url(banner)}']")
