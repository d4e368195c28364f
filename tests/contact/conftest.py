"""Form pages on top of the shared bilingual site and its agenda: the privacy
page they link to, a contact form (translated into English) and a sign-up form
for an event with two places; residents' posts made as a browser makes them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from contact.models import FormField, FormPage
from home.models import ContentPage, HomePage
from tests import tree
from tests.events.conftest import _agenda_layer, add_event  # noqa: F401
from tests.helpers import soup
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    manager,
    manager_client,
    translator,
    translator_client,
    writer,
    writer_client,
)

CONTACT_FIELDS = [
    {"label": "Nom", "field_type": "singleline", "autocomplete": "name"},
    {
        "label": "Courriel",
        "field_type": "email",
        "required": False,
        "help_text": "Pour vous répondre par écrit.",
    },
    {"label": "Message", "field_type": "multiline"},
]
CONTACT_FIELDS_EN = [
    {"label": "Name"},
    {"label": "E-mail", "help_text": "To answer you in writing."},
    {"label": "Message"},
]
SIGN_UP_FIELDS = [
    {"label": "Nom", "field_type": "singleline", "autocomplete": "name"},
    {"label": "Courriel", "field_type": "email"},
]


def form_page(parent, privacy, fields, **values) -> FormPage:
    page = FormPage(
        privacy_page=privacy,
        purpose=values.pop("purpose", "Répondre à votre message."),
        recipients=values.pop("recipients", "La direction de la stratégie numérique"),
        thank_you_text=values.pop(
            "thank_you_text", "Merci, nous vous répondons sous dix jours ouvrés."
        ),
        **values,
    )
    for order, field in enumerate(fields):
        page.form_fields.add(FormField(sort_order=order, **field))
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@tree.shared_layer("_forms_layer", on="_agenda_layer")
def _forms_layer(below: dict) -> dict[str, int]:
    site = below["_site_layer"]
    home = HomePage.objects.get(pk=site.home_fr)
    privacy = ContentPage(title="Données personnelles", slug="donnees-personnelles")
    home.add_child(instance=privacy)
    privacy.save_revision().publish()
    contact = form_page(
        home,
        privacy,
        CONTACT_FIELDS,
        title="Écrire à la direction du numérique",
        slug="contact",
        introduction="Une question sur les services numériques de la ville ?",
        to_address="numerique@ville.example",
        confirmation_email=True,
    )
    contact_en = tree.translate(
        contact,
        {
            "title": "Write to the digital department",
            "slug": "contact",
            "introduction": "A question about the town's digital services?",
            "purpose": "To answer your message.",
            "recipients": "The digital strategy department",
            "thank_you_text": "Thank you, we answer within ten working days.",
            "form_fields": [
                FormField(sort_order=order, **{**field, **english})
                for order, (field, english) in enumerate(
                    zip(CONTACT_FIELDS, CONTACT_FIELDS_EN, strict=True)
                )
            ],
        },
    )
    agenda = below["_agenda_layer"]
    from events.models import EventIndexPage

    event = add_event(
        EventIndexPage.objects.get(pk=agenda["index"]), "Atelier : réparer son PC"
    )
    sign_up = form_page(
        home,
        privacy,
        SIGN_UP_FIELDS,
        title="S'inscrire à l'atelier",
        slug="inscription-atelier",
        purpose="Vous inscrire à l'atelier.",
        event=event,
        capacity=2,
        retention_months=3,
    )
    return {
        "privacy": privacy.pk,
        "contact": contact.pk,
        "contact_en": contact_en.pk,
        "sign_up": sign_up.pk,
        "event": event.pk,
    }


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """Each test starts with no post counted and no token used; the tests post
    as fast as they like unless they say otherwise."""
    settings.CONTACT_FORM_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact(_forms_layer) -> FormPage:
    return FormPage.objects.get(pk=_forms_layer["contact"])


@pytest.fixture
def contact_en(_forms_layer) -> FormPage:
    return FormPage.objects.get(pk=_forms_layer["contact_en"])


@pytest.fixture
def sign_up(_forms_layer) -> FormPage:
    return FormPage.objects.get(pk=_forms_layer["sign_up"])


@pytest.fixture
def resident() -> Client:
    """A resident's browser: it never keeps a cookie (each request is sent
    without any)."""
    return Client(enforce_csrf_checks=True)


def shown_form(client: Client, url: str) -> dict[str, str]:
    """The hidden inputs of the form as the page shows it (the token, the
    honeypot left empty)."""
    response = client.get(url)
    assert response.status_code == 200
    form = soup(response).select_one("form.resident-form")
    assert form is not None, "no form on the page"
    return {
        field["name"]: field.get("value", "")
        for field in form.select("input")
        if field.get("type") in ("hidden", "text") and field.get("name")
    }


def send(client: Client, url: str, data: dict, **headers):
    """Shows the form, then posts it filled with `data`, from this site."""
    values = shown_form(client, url)
    values.update(data)
    headers.setdefault("HTTP_ORIGIN", "http://testserver")
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post(url, values, **headers)
