"""The bases every app shares (home.bases), seen through the home page and the
menus: the main image's alternative text rule, and a snippet unique per language
with its revisions. The news app's tests check the same on articles and
categories."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import migrations
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import TranslationContext, TranslationSource

from home.demo.context import make_image
from home.demo.translation import publish_translation
from home.models import BodyPage, ContentPage, HomePage, Menu
from news.models import NewsPage
from tests.helpers import HOME_EN, HOME_FR, add_page, soup

pytestmark = pytest.mark.django_db


def home_form(image, **extra: Any) -> dict:
    """What the home page's edit form posts, publishing."""
    return nested_form_data(
        {
            "title": HOME_FR["title"],
            "slug": HOME_FR["slug"],
            "introduction": HOME_FR["introduction"],
            "body": streamfield([]),
            "image": str(image.pk),
            "image_alt": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **extra,
        }
    )


def edit_home(client, home: HomePage, image, **extra: Any):
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])
    return client.post(url, home_form(image, **extra))


def english_text() -> dict[str, str]:
    """The English home's texts (the form posted above empties the body)."""
    return {name: HOME_EN[name] for name in ("title", "slug", "introduction")}


def hero_alt(client, url: str) -> str | None:
    img = soup(client.get(url)).select_one(".hero__image img")
    assert img is not None, f"no hero image on {url}"
    return img.get("alt")


@pytest.fixture
def undescribed_image():
    image = make_image("Accueil sans description", "", seed="bases")
    assert image.description == ""
    return image


@pytest.fixture
def described_image():
    return make_image("Accueil", "Cercles colorés sur fond bleu.", seed="bases")


def test_an_image_without_alt_nor_description_is_a_form_error(
    admin_client, home, undescribed_image
):
    response = edit_home(admin_client, home, undescribed_image)
    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    home.refresh_from_db()
    assert home.image is None


def test_the_image_description_becomes_the_alt_text(
    admin_client, client, home, described_image
):
    response = edit_home(admin_client, home, described_image)
    assert response.status_code == 302, response.context["form"].errors
    home.refresh_from_db()
    assert home.image_alt == "Cercles colorés sur fond bleu."
    assert hero_alt(client, "/") == "Cercles colorés sur fond bleu."


def test_a_decorative_image_is_shown_with_an_empty_alt(
    admin_client, client, home, undescribed_image
):
    response = edit_home(
        admin_client,
        home,
        undescribed_image,
        image_decorative="on",
        image_alt="Un texte qui ne servira pas",
    )
    assert response.status_code == 302, response.context["form"].errors
    home.refresh_from_db()
    assert home.image_decorative
    assert home.image_alt == ""
    assert hero_alt(client, "/") == ""
    share = soup(client.get("/")).find("meta", property="og:image:alt")
    assert share is None


def test_the_alt_text_is_translated_with_the_page(
    admin_client, client, home, described_image, django_capture_on_commit_callbacks
):
    response = edit_home(
        admin_client, home, described_image, image_alt="Des cercles sur fond bleu"
    )
    assert response.status_code == 302, response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(
            HomePage.objects.get(pk=home.pk),
            {**english_text(), "image_alt": "Circles on a blue background"},
            "en",
        )
    assert hero_alt(client, "/") == "Des cercles sur fond bleu"
    assert hero_alt(client, "/en/") == "Circles on a blue background"
    english = soup(client.get("/en/")).find("meta", property="og:image:alt")
    assert english["content"] == "Circles on a blue background"


def test_the_decorative_flag_follows_into_the_translation(
    admin_client, client, home, undescribed_image, django_capture_on_commit_callbacks
):
    response = edit_home(admin_client, home, undescribed_image, image_decorative="on")
    assert response.status_code == 302, response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_translation(
            HomePage.objects.get(pk=home.pk), english_text(), "en"
        )
    assert english.image_decorative
    assert english.image_id == undescribed_image.pk
    assert hero_alt(client, "/en/") == ""


def test_the_home_page_fields_were_renamed_not_replaced():
    """Dropping and re-adding the columns would lose every home page's image."""
    module = importlib.import_module("home.migrations.0003_homepage_main_image")
    renames = [
        (op.old_name, op.new_name)
        for op in module.Migration.operations
        if isinstance(op, migrations.RenameField)
    ]
    assert renames == [("hero_image", "image"), ("hero_image_alt", "image_alt")]
    assert not [
        op
        for op in module.Migration.operations
        if isinstance(op, migrations.RemoveField)
    ]


@pytest.mark.engine
def test_the_renaming_reaches_revisions_and_translation_sources(home):
    """The editor opens the latest revision, and wagtail-localize rebuilds pages
    from its sources: with the old field names, both would lose the image."""
    migration = importlib.import_module("home.migrations.0003_homepage_main_image")
    image = make_image("Accueil", "Cercles", seed="bases")
    revision = home.save_revision()
    revision.content = {
        **revision.content,
        "hero_image": image.pk,
        "hero_image_alt": "Cercles",
    }
    del revision.content["image"], revision.content["image_alt"]
    revision.save()
    source = TranslationSource.objects.get_for_instance(home)
    source.content_json = json.dumps(
        {**json.loads(source.content_json), "hero_image": image.pk}
    )
    source.save()
    context = TranslationContext.objects.create(
        object_id=home.translation_key, path="hero_image_alt", field_path="x"
    )

    migration.forwards(django_apps, None)

    revision.refresh_from_db()
    assert revision.as_object().image == image
    assert revision.as_object().image_alt == "Cercles"
    source.refresh_from_db()
    assert source.as_instance().image == image
    context.refresh_from_db()
    assert (context.path, context.field_path) == ("image_alt", "image_alt")
    assert context.path_id == TranslationContext._get_path_id("image_alt")


# Menus: one per location and language -----------------------------------------


def menu_url(name: str, *args: Any) -> str:
    return reverse(f"wagtailsnippets_home_menu:{name}", args=args)


def menu_form(location: str, page: ContentPage) -> dict:
    items = [("link", {"page": page.pk, "url": "", "text": ""})]
    return nested_form_data(
        {
            "location": location,
            "items": streamfield(items),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def legal_page(home) -> ContentPage:
    return add_page(
        home, ContentPage(title="Mentions légales", slug="mentions-legales")
    )


@pytest.mark.engine
def test_a_second_menu_at_a_location_is_a_form_error_in_one_language_only(
    admin_client, legal_page
):
    url = menu_url("add")
    response = admin_client.post(f"{url}?locale=fr", menu_form("main", legal_page))
    assert response.status_code == 302
    menu = Menu.objects.get()
    assert menu.revisions.count() == 1
    assert menu.latest_revision.content["location"] == "main"

    response = admin_client.post(f"{url}?locale=fr", menu_form("main", legal_page))
    assert response.status_code == 200
    assert response.context["form"].errors["location"] == [
        "Cette langue a déjà un menu à cet emplacement."
    ]

    response = admin_client.post(f"{url}?locale=en", menu_form("main", legal_page))
    assert response.status_code == 302
    assert sorted(Menu.objects.values_list("locale__language_code", "location")) == [
        ("en", "main"),
        ("fr", "main"),
    ]


def test_editing_a_menu_keeps_its_location_and_records_a_revision(
    admin_client, legal_page
):
    admin_client.post(f"{menu_url('add')}?locale=fr", menu_form("main", legal_page))
    menu = Menu.objects.get()
    response = admin_client.post(
        menu_url("edit", menu.pk), menu_form("main", legal_page)
    )
    assert response.status_code == 302
    assert menu.revisions.count() == 2


@pytest.mark.parametrize("model", [HomePage, ContentPage, NewsPage])
def test_pages_of_an_introduction_and_a_body_are_searched_and_served_with_both(
    model,
):
    """Every page built on BodyPage indexes its introduction and body, and the
    API serves both, whatever body blocks it has."""
    assert issubclass(model, BodyPage)
    searched = {field.field_name for field in model.get_search_fields()}
    assert {"introduction", "body"} <= searched
    served = {field.name for field in model.api_fields}
    assert {"introduction", "body"} <= served
