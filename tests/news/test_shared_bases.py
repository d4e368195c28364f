"""Articles and categories on the bases `home` shares: the main image's alternative
text (required unless decorative, translated with the article) and categories
with one slug per language and their revisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from news.models import NewsCategory, NewsPage
from tests.helpers import soup
from tests.news.test_admin import add_url, article_form_data

pytestmark = pytest.mark.django_db


def article_image_alt(client, url: str) -> str | None:
    img = soup(client.get(url)).select_one(".news-article__image img")
    assert img is not None, f"no main image on {url}"
    return img.get("alt")


def publish_article(admin_client, news_index, image, **overrides) -> NewsPage:
    data = article_form_data(image, [], **overrides)
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(news_index), data)
    assert response.status_code == 302, response.context["form"].errors
    return NewsPage.objects.get()


def test_an_image_without_alt_nor_description_is_a_form_error(
    admin_client, news_index, image
):
    image.description = ""
    image.save()
    data = article_form_data(image, [], image_alt="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(news_index), data)
    assert response.status_code == 200
    assert response.context["form"].errors["image_alt"] == [
        "Décrivez l'image pour les lecteurs qui ne la voient pas, ou cochez "
        "« image décorative » si elle n'apporte rien au texte."
    ]


def test_a_decorative_image_is_shown_with_an_empty_alt(
    admin_client, client, news_index, image
):
    image.description = ""
    image.save()
    article = publish_article(
        admin_client, news_index, image, image_alt="", image_decorative="on"
    )
    assert article.image_decorative
    assert article_image_alt(client, article.url) == ""
    card = soup(client.get(news_index.url)).select_one(".news-card__image")
    assert card is not None and card.get("alt") == ""


def test_the_alt_text_is_translated_with_the_article(
    admin_client, client, news_index, news_index_en, image, translate
):
    article = publish_article(admin_client, news_index, image)
    english = translate(
        article,
        {
            "title": "AlpOSS 2026: over 500 attendees",
            "slug": "alposs-2026",
            "introduction": "The third edition drew twice as many people.",
            "image_alt": "The audience in La Rampe's main hall",
        },
    )
    assert english.image_id == image.pk
    assert (
        article_image_alt(client, article.url)
        == "Le public dans la grande salle de La Rampe"
    )
    assert article_image_alt(client, english.url) == (
        "The audience in La Rampe's main hall"
    )
    card = soup(client.get(news_index_en.url)).select_one(".news-card__image")
    assert card["alt"] == "The audience in La Rampe's main hall"


# Categories: one slug per language ---------------------------------------------


def category_url(name: str, *args: int) -> str:
    return reverse(f"wagtailsnippets_news_newscategory:{name}", args=args)


def test_a_slug_is_unique_in_its_language_only(admin_client, locales):
    data = {"name": "Événements", "slug": "evenements", "description": ""}
    response = admin_client.post(f"{category_url('add')}?locale=fr", data)
    assert response.status_code == 302

    response = admin_client.post(
        f"{category_url('add')}?locale=fr", {**data, "name": "Rendez-vous"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Une autre catégorie de cette langue a déjà cet identifiant."
    ]

    response = admin_client.post(
        f"{category_url('add')}?locale=en", {**data, "name": "Events"}
    )
    assert response.status_code == 302
    assert sorted(
        NewsCategory.objects.values_list("locale__language_code", "slug")
    ) == [("en", "evenements"), ("fr", "evenements")]


def test_editing_a_category_records_a_revision_and_goes_live(
    admin_client, client, categories, news_index
):
    category = categories["evenements"]
    data = {"name": "Rendez-vous", "slug": "evenements", "description": ""}
    response = admin_client.post(category_url("edit", category.pk), data)
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name == "Rendez-vous"
    assert category.revisions.count() == 1
    assert category.latest_revision.content["name"] == "Rendez-vous"
    history = admin_client.get(category_url("history", category.pk))
    assert history.status_code == 200
