"""What editors do in the Wagtail admin: create, preview, schedule, roll back."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests import tree

pytestmark = pytest.mark.django_db


def article_form_data(image, categories, **overrides) -> dict:
    data = {
        "title": "AlpOSS 2026 : plus de 500 participants",
        "slug": "alposs-2026",
        "introduction": "La troisième édition a réuni deux fois plus de monde.",
        "date": "2026-02-18",
        "image": str(image.pk),
        "image_alt": "Le public dans la grande salle de La Rampe",
        "body": streamfield(
            [
                ("heading", {"text": "Le programme", "level": "h2"}),
                ("paragraph", rich_text("<p>Tables rondes et ateliers.</p>")),
                (
                    "embed",
                    {
                        "url": "https://videos.example.org/w/alposs2026demo",
                        "title": "Le résumé en vidéo",
                        "description": "",
                    },
                ),
            ]
        ),
        "tags": "AlpOSS, logiciel libre",
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["categories"] = [str(c.pk) for c in categories]
    return form


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])


class NewsPageTypesTests(WagtailPageTestCase):
    """Where news pages go, and an editor publishing an article through the admin;
    the tree is built once for the class."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.news = tree.build_news(tree.build_site())
        cls.admin = cls.create_superuser("admin")

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_where_news_pages_may_be_created(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_editor_creates_and_publishes_an_article(self):
        news_index = NewsIndexPage.objects.get(pk=self.news.index)
        events = NewsCategory.objects.get(pk=self.news.categories["evenements"])
        image = get_image_model().objects.get(pk=self.news.image)
        data = article_form_data(image, [events])
        self.assertCanCreate(news_index, NewsPage, data)

        article = NewsPage.objects.get(slug="alposs-2026")
        self.assertTrue(article.live)
        self.assertEqual(article.get_parent().pk, news_index.pk)
        self.assertEqual(article.date, datetime.date(2026, 2, 18))
        self.assertEqual(list(article.categories.all()), [events])
        tags = sorted(t.name for t in article.tags.all())
        self.assertEqual(tags, ["AlpOSS", "logiciel libre"])
        block_types = [b.block_type for b in article.body]
        self.assertEqual(block_types, ["heading", "paragraph", "embed"])


def test_publication_date_defaults_to_today(admin_client, news_index):
    response = admin_client.get(add_url(news_index))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == timezone.localdate()


def test_only_the_categories_of_the_article_language_are_offered(
    admin_client, news_index, categories_en
):
    response = admin_client.get(add_url(news_index))
    offered = set(response.context["form"].fields["categories"].queryset)
    assert offered == set(NewsCategory.objects.filter(locale=news_index.locale))
    assert not offered & set(categories_en.values())


def test_an_image_needs_an_alternative_text(admin_client, news_index, image):
    image.description = ""
    image.save()
    data = article_form_data(image, [], image_alt="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(news_index), data)
    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    assert not NewsPage.objects.exists()


def test_the_image_description_becomes_the_alternative_text(
    admin_client, news_index, image
):
    data = article_form_data(image, [], image_alt="")
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(news_index), data).status_code == 302
    assert NewsPage.objects.get().image_alt == image.description


def test_missing_introduction_is_a_form_error(admin_client, news_index, image):
    data = article_form_data(image, [], introduction="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(news_index), data)
    assert response.status_code == 200
    assert "introduction" in response.context["form"].errors


def test_insecure_embed_address_is_a_form_error(admin_client, news_index, image):
    data = article_form_data(image, [])
    data["body-2-value-url"] = "http://videos.example.org/w/alposs2026demo"
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(news_index), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NewsPage.objects.exists()


def test_only_one_news_index_per_home(news_index):
    assert not NewsIndexPage.can_create_at(news_index.get_parent().specific)


def test_editor_previews_an_unsaved_article(
    admin_client, news_index, image, categories
):
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["news", "newspage", news_index.pk]
    )
    data = article_form_data(image, [categories["evenements"]])
    response = admin_client.post(url, data)
    assert response.json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "AlpOSS 2026 : plus de 500 participants" in html
    assert "Le résumé en vidéo" in html


def test_editor_previews_changes_to_an_article(admin_client, make_article, image):
    article = make_article("Titre publié")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = article_form_data(image, [], title="Titre en cours de relecture")
    assert admin_client.post(url, data).json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "Titre en cours de relecture" in html
    # The live page is untouched.
    article.refresh_from_db()
    assert article.title == "Titre publié"


def test_scheduled_article_stays_hidden_until_publish_scheduled_runs(
    admin_client, client, news_index, image
):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    data = article_form_data(
        image, [], go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
    )
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(news_index), data).status_code == 302
    article = NewsPage.objects.get()
    assert not article.live
    assert client.get(news_index.url).context["paginator"].count == 0
    assert client.get(news_index.url + "rss/").content.count(b"<item>") == 0

    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live, "published before its time"

    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200
    assert client.get(news_index.url).context["paginator"].count == 1


def test_editor_rolls_back_to_an_earlier_revision(admin_client, make_article):
    article = make_article(
        "Première version",
        body=[("paragraph", RichText("<p>Texte de la première version.</p>"))],
    )
    first_revision = article.latest_revision
    article.title = "Seconde version"
    article.body = [("paragraph", RichText("<p>Texte réécrit.</p>"))]
    article.save_revision().publish()

    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[article.pk, first_revision.pk]
    )
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Texte de la premi" in html  # in the StreamField widget's data
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    assert data["title"] == "Première version"

    # What the editor's browser sends when publishing the reverted form (the
    # StreamField is serialised by its JavaScript, so it is added here).
    for key, value in nested_form_data(
        {
            "body": streamfield(
                [("paragraph", rich_text("<p>Texte de la première version.</p>"))]
            )
        }
    ).items():
        data[key] = value
    data["action-publish"] = "action-publish"
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert article.title == "Première version"
    assert "Texte de la première version." in str(article.body)
    assert article.live


def test_editor_creates_a_category_snippet(admin_client, locales):
    url = reverse("wagtailsnippets_news_newscategory:add") + "?locale=fr"
    response = admin_client.post(
        url, {"name": "Inclusion numérique", "slug": "", "description": ""}
    )
    assert response.status_code == 302
    category = NewsCategory.objects.get()
    assert category.slug == "inclusion-numerique"
    assert category.locale.language_code == "fr"

    response = admin_client.post(url, {"name": "Inclusion numérique", "slug": ""})
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors


def test_editor_creates_previews_and_rolls_back_the_news_index(
    admin_client, home, client
):
    url = reverse("wagtailadmin_pages:add", args=["news", "newsindexpage", home.pk])
    data = nested_form_data(
        {
            "title": "Actualités",
            "slug": "actualites",
            "introduction": "Première introduction.",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    index = NewsIndexPage.objects.get()
    assert index.live
    home.refresh_from_db()
    assert not NewsIndexPage.can_create_at(home)
    first_revision = index.latest_revision

    edit_url = reverse("wagtailadmin_pages:edit", args=[index.pk])
    data["introduction"] = "Seconde introduction."
    assert admin_client.post(edit_url, data).status_code == 302

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[index.pk])
    data["introduction"] = "Introduction en relecture."
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    assert (
        "Introduction en relecture." in admin_client.get(preview_url).content.decode()
    )

    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[index.pk, first_revision.pk]
    )
    reverted = querydict_from_html(
        admin_client.get(revert_url).content.decode(), form_id="page-edit-form"
    ).copy()
    assert reverted["introduction"].strip() == "Première introduction."
    reverted["action-publish"] = "action-publish"
    assert admin_client.post(edit_url, reverted).status_code == 302
    assert "Première introduction." in client.get(index.url).content.decode()


def test_category_listing_and_search_in_the_admin(admin_client, categories):
    url = reverse("wagtailsnippets_news_newscategory:list")
    response = admin_client.get(url, {"q": "labels"})
    assert response.status_code == 200
    assert "Labels et prix" in response.content.decode()
    assert "Événements" not in response.content.decode()


def test_translators_open_the_translation_editors(
    admin_client, make_article, categories, categories_en, news_index_en, translate
):
    article = make_article(categories=[categories["evenements"]], tags=["AlpOSS"])
    english = translate(article, {"title": "In English", "slug": "in-english"})
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    assert "In English" in response.content.decode()
    # Categories follow the source: the translation keeps them, shown in English.
    assert list(english.categories.all()) == [categories["evenements"]]
    category = categories_en["evenements"]
    url = reverse("wagtailsnippets_news_newscategory:edit", args=[category.pk])
    assert admin_client.get(url).status_code == 200


def test_editing_the_source_updates_the_translation_categories(
    make_article, categories, categories_en, news_index_en, translate
):
    article = make_article(categories=[categories["evenements"]])
    translate(article, {"title": "In English", "slug": "in-english"})
    article.categories.set([categories["labels-et-prix"]])
    article.save_revision().publish()
    english = translate(article, {"title": "In English", "slug": "in-english"})
    assert list(english.categories.all()) == [categories["labels-et-prix"]]
