"""The pages the front-cache test reads, built and changed in the server's
database by `manage.py shell` (the test's own process has no database)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Page

from contact.models import FormField, FormPage
from home.models import ContentPage, HomePage
from tests.helpers import add_page
from tests.tree import build_site

EDITOR_PASSWORD = "front-cache-editor"


def build() -> None:
    """A French home page translated into English, a content page, a form."""
    keys = build_site()
    home = HomePage.objects.get(pk=keys.home_fr)
    add_page(home, ContentPage(title="Horaires de la mairie", slug="horaires"))
    add_page(home, ContentPage(title="Fête de l’hiver 2025", slug="fete-hiver"))
    privacy = add_page(
        home, ContentPage(title="Données personnelles", slug="donnees-personnelles")
    )
    form = FormPage(
        title="Écrire à la mairie",
        slug="ecrire",
        privacy_page=privacy,
        purpose="Répondre à votre message.",
        recipients="La mairie",
        thank_you_text="Merci.",
    )
    form.form_fields.add(
        FormField(sort_order=0, label="Message", field_type="multiline")
    )
    add_page(home, form)
    get_user_model().objects.create_superuser(
        "redaction", "redaction@ville.example", EDITOR_PASSWORD
    )


def retitle(slug: str, title: str) -> None:
    """Publish a new revision of the page at `slug` (as an editor does)."""
    page = Page.objects.get(slug=slug).specific
    page.title = title
    page.save_revision().publish()


def unpublish(slug: str) -> None:
    Page.objects.get(slug=slug).unpublish()
