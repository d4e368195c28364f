"""A resident sends a form without any cookie; what is not from this site's form
(another site, a replayed token, a robot, a flood) is refused with a clear
message, and nothing is stored."""

from __future__ import annotations

import pytest
from django.core import mail, signing
from wagtail.contrib.forms.models import FormSubmission

from contact import protection
from tests.contact.conftest import send, shown_form
from tests.helpers import soup

pytestmark = pytest.mark.django_db

MESSAGE = {
    "nom": "Camille Martin",
    "courriel": "camille@exemple.fr",
    "message": "Bonjour, où trouver les ateliers numériques ?",
}


def alert_text(response) -> str:
    alert = soup(response).select_one(".form-alert")
    assert alert is not None, "no alert at the top of the form"
    return alert.get_text(" ", strip=True)


def test_the_form_sets_no_cookie_and_is_never_stored_by_a_cache(resident, contact):
    response = resident.get(contact.url)
    assert response.status_code == 200
    assert not response.cookies
    control = response["Cache-Control"]
    assert "no-store" in control and "private" in control
    document = soup(response)
    assert len(document.find_all("h1")) == 1
    token = document.select_one(f"input[name={protection.TOKEN_FIELD}]")["value"]
    assert signing.loads(token, salt=protection.SALT)["p"] == contact.pk
    # No CSRF token: nothing a cookie would have to match.
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_fields_have_labels_help_required_marks_and_autocomplete(resident, contact):
    document = soup(resident.get(contact.url))
    name = document.select_one("input[name=nom]")
    assert name["autocomplete"] == "name"
    label = document.select_one(f"label[for={name['id']}]")
    assert label.get_text(" ", strip=True) == "Nom (obligatoire)"
    email = document.select_one("input[name=courriel]")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    help_text = document.select_one(f"#{email['aria-describedby']}")
    assert help_text.get_text(strip=True) == "Pour vous répondre par écrit."
    assert "obligatoire" not in document.select_one(f"label[for={email['id']}]").text
    privacy = document.select_one(".form-privacy")
    assert "Répondre à votre message." in privacy.text
    assert "12 mois" in privacy.text
    assert privacy.select_one("a")["href"] == "/donnees-personnelles/"


def test_a_resident_sends_the_form_without_cookies(resident, contact):
    response = send(resident, contact.url, {**MESSAGE, "send_confirmation": "on"})
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    document = soup(response)
    assert document.h1.get_text(strip=True) == "Formulaire envoyé"
    assert "nous vous répondons sous dix jours" in document.text
    submission = FormSubmission.objects.get(page=contact)
    assert submission.form_data == MESSAGE  # the tick box is not kept
    to_service, to_resident = mail.outbox
    # The service is told, with a link, not what the resident typed.
    assert to_service.to == ["numerique@ville.example"]
    assert f"/admin/forms/submissions/{contact.pk}/" in to_service.body
    for value in MESSAGE.values():
        assert value not in to_service.body
    # The resident gets the confirmation text, never their own message back.
    assert to_resident.to == ["camille@exemple.fr"]
    assert "nous vous répondons sous dix jours" in to_resident.body
    assert MESSAGE["message"] not in to_resident.body


def test_no_confirmation_unless_asked(resident, contact):
    assert send(resident, contact.url, MESSAGE).status_code == 200
    assert [m.to for m in mail.outbox] == [["numerique@ville.example"]]


def test_errors_are_summarised_with_links_and_tied_to_their_field(resident, contact):
    response = send(resident, contact.url, {"courriel": "pas une adresse"})
    assert response.status_code == 200
    assert not FormSubmission.objects.exists()
    document = soup(response)
    assert document.title.text.startswith("Erreur")
    summary = document.select_one("#form-errors")
    assert summary["role"] == "alert"
    assert "3 champs à corriger" in summary.h2.text
    links = {a["href"]: a.get_text(strip=True) for a in summary.select("a")}
    assert links == {
        "#id_nom": "Nom\u00a0: Champ requis.",
        "#id_courriel": "Courriel\u00a0: Saisissez une adresse e-mail valide.",
        "#id_message": "Message\u00a0: Champ requis.",
    }
    email = document.select_one("#id_courriel")
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"] == "id_courriel-help id_courriel-error"
    assert document.select_one("#id_courriel-error").text == (
        "Saisissez une adresse e-mail valide."
    )
    assert email["value"] == "pas une adresse"  # what was typed is kept
    # Corrected and sent again with the new token: accepted.
    fixed = {**MESSAGE}
    token = document.select_one(f"input[name={protection.TOKEN_FIELD}]")["value"]
    response = resident.post(
        contact.url,
        {**fixed, protection.TOKEN_FIELD: token},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact).count() == 1


def test_a_post_from_another_site_is_refused(resident, contact):
    for headers in (
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": ""},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ):
        response = send(resident, contact.url, MESSAGE, **headers)
        assert response.status_code == 403, headers
        assert "envoyé depuis un autre site" in alert_text(response)
        assert MESSAGE["message"] not in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_a_post_without_a_token_or_a_forged_one_is_refused(resident, contact):
    forged = signing.dumps({"p": contact.pk, "t": 0, "n": "x"}, salt="other")
    for token in ("", forged, "abc:def"):
        response = send(resident, contact.url, {**MESSAGE, "submission_token": token})
        assert response.status_code == 400
        assert "n'a pas été envoyé depuis le formulaire" in alert_text(response)
    assert not FormSubmission.objects.exists()


def test_a_token_of_another_form_is_refused(resident, contact, sign_up):
    token = shown_form(resident, sign_up.url)[protection.TOKEN_FIELD]
    response = send(resident, contact.url, {**MESSAGE, "submission_token": token})
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


def test_a_replayed_token_is_refused(resident, contact):
    values = shown_form(resident, contact.url)
    values.update(MESSAGE)
    assert resident.post(contact.url, values).status_code == 200
    response = resident.post(contact.url, values)
    assert response.status_code == 400
    assert "a déjà été envoyé" in alert_text(response)
    assert FormSubmission.objects.filter(page=contact).count() == 1


def test_too_fast_is_refused_and_what_was_typed_kept(resident, contact, settings):
    settings.CONTACT_FORM_MIN_SECONDS = 60
    response = send(resident, contact.url, MESSAGE)
    assert response.status_code == 400
    assert "trop rapidement" in alert_text(response)
    assert soup(response).select_one("#id_nom")["value"] == "Camille Martin"
    assert not FormSubmission.objects.exists()


def test_too_old_is_refused_and_what_was_typed_kept(resident, contact, settings):
    old = signing.dumps(
        {"p": contact.pk, "t": 1_000_000_000, "n": "x"}, salt=protection.SALT
    )
    response = send(resident, contact.url, {**MESSAGE, "submission_token": old})
    assert response.status_code == 400
    assert "a expiré" in alert_text(response)
    assert soup(response).select_one("#id_message").text.strip() == MESSAGE["message"]
    assert not FormSubmission.objects.exists()


def test_a_robot_filling_the_honeypot_is_refused(resident, contact):
    response = send(resident, contact.url, {**MESSAGE, "contact_website": "http://x"})
    assert response.status_code == 400
    assert "Laissez ce champ vide" in alert_text(response)
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_a_flood_from_one_address_is_refused(resident, contact, settings):
    settings.CONTACT_FORM_ADDRESS_LIMIT = (3, 600)
    for _ in range(3):
        assert send(resident, contact.url, MESSAGE).status_code == 200
    response = send(resident, contact.url, MESSAGE)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Trop de formulaires" in alert_text(response)
    assert FormSubmission.objects.filter(page=contact).count() == 3
    # Another address still gets through.
    other = send(resident, contact.url, MESSAGE, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_a_flood_on_one_form_from_many_addresses_is_refused(
    resident, contact, settings
):
    settings.CONTACT_FORM_PAGE_LIMIT = (2, 600)
    for number in range(2):
        response = send(resident, contact.url, MESSAGE, REMOTE_ADDR=f"192.0.2.{number}")
        assert response.status_code == 200
    response = send(resident, contact.url, MESSAGE, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429
    assert FormSubmission.objects.filter(page=contact).count() == 2


def test_the_trusted_proxy_setting_decides_the_address(resident, contact, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONTACT_FORM_ADDRESS_LIMIT = (1, 600)
    first = send(resident, contact.url, MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert first.status_code == 200
    # The same proxy, another resident behind it: counted apart.
    second = send(resident, contact.url, MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert second.status_code == 200
    again = send(resident, contact.url, MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert again.status_code == 429


def test_a_post_too_large_is_refused(resident, contact):
    response = send(resident, contact.url, {**MESSAGE, "message": "x" * 70_000})
    assert response.status_code == 413
    assert "trop long" in alert_text(response)
    assert not FormSubmission.objects.exists()


def test_a_message_too_long_for_its_field_is_a_form_error(resident, contact):
    response = send(resident, contact.url, {**MESSAGE, "message": "x" * 5001})
    assert response.status_code == 200
    assert "5000" in soup(response).select_one("#id_message-error").text
    assert not FormSubmission.objects.exists()


def test_an_english_form_speaks_english(resident, contact_en):
    response = send(resident, contact_en.url, {"courriel": "sam"})
    document = soup(response)
    assert document.html["lang"] == "en"
    summary = document.select_one("#form-errors")
    assert "3 fields need correcting" in summary.text
    assert summary.select_one("a[href='#id_nom']").text == (
        "Name: This field is required."
    )
    assert document.select_one("#id_courriel-help").text == "To answer you in writing."
    refused = send(resident, contact_en.url, MESSAGE, HTTP_SEC_FETCH_SITE="cross-site")
    assert "sent from another site" in alert_text(refused)
