"""Stored XSS (the class of most past Wagtail advisories): the payload typed into
every text field and block of every page, snippet, setting, image, document and
tag of the demo site is shown as text everywhere — public pages, feeds, JSON-LD,
exports, the API, search results and the admin — and never becomes markup."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import rdflib
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.snippets.models import get_snippet_models

from tests.security.demo import export_urls, page_urls
from tests.security.payloads import (
    MARKER,
    PAYLOAD,
    assert_no_injected_markup,
    poison_everything,
)
from tests.tree import DemoTestCase


def json_strings(value) -> set[str]:
    """Every string of a decoded JSON document."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(json_strings(item) for item in value))
    return set()


# Elements of RSS and Atom whose text readers display as HTML.
FEED_HTML_ELEMENTS = {"description", "summary", "content"}


class StoredXssTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        poison_everything()
        cls.admin = get_user_model().objects.create_superuser(
            "xss-admin", "xss@ville.example", "x"
        )

    def get(self, url: str, **extra):
        response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200, url)
        return response

    def test_the_payload_was_written_where_residents_read(self):
        home = Site.objects.get(is_default_site=True).root_page.specific
        self.assertEqual(home.title, PAYLOAD)
        self.assertEqual(
            Page.objects.live().exclude(depth=1).exclude(title=PAYLOAD).count(), 0
        )

    def test_every_public_page_shows_the_payload_as_text(self):
        urls = page_urls()
        self.assertGreater(len(urls), 30)
        for url in urls:
            with self.subTest(url=url):
                response = self.get(url)
                document = assert_no_injected_markup(response.content.decode(), url)
                self.assertIn(MARKER, document.h1.get_text(), url)
                self.assertIn(MARKER, document.title.get_text(), url)

    def test_feeds_carry_the_payload_as_text(self):
        feeds = {
            k: v for k, v in export_urls().items() if k.split()[0] in {"rss", "atom"}
        }
        self.assertEqual(len(feeds), 4)
        for name, url in feeds.items():
            with self.subTest(feed=name):
                root = ET.fromstring(self.get(url).content)
                shown = False
                for element in root.iter():
                    local = element.tag.rsplit("}", 1)[-1]
                    self.assertNotIn(local, {"script", "img"}, name)
                    text = element.text or ""
                    shown = shown or MARKER in text
                    if local in FEED_HTML_ELEMENTS and text:
                        assert_no_injected_markup(text, f"{name} <{local}>")
                self.assertTrue(shown, name)

    def test_structured_data_exports_round_trip_the_payload(self):
        for name, url in export_urls().items():
            kind = name.split()[0]
            with self.subTest(export=name):
                response = self.get(url)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                content_type = response["Content-Type"]
                self.assertNotIn("html", content_type, name)
                body = response.content.decode()
                if kind in {"dcat_jsonld", "actions_json"}:
                    self.assertIn(PAYLOAD, json_strings(json.loads(body)))
                elif kind == "dcat_turtle":
                    graph = rdflib.Graph().parse(data=body, format="turtle")
                    literals = {
                        str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)
                    }
                    self.assertIn(PAYLOAD, literals)
                elif kind.endswith("_csv"):
                    cells = {
                        cell
                        for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))
                        for cell in row
                    }
                    self.assertTrue(any(MARKER in cell for cell in cells), name)

    def test_the_api_answers_json_and_its_browsable_pages_escape(self):
        for endpoint in ("pages", "images", "documents"):
            url = f"/api/v2/{endpoint}/?fields=*"
            with self.subTest(endpoint=endpoint):
                response = self.get(url)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertIn(PAYLOAD, json_strings(response.json()))
                html = self.client.get(url, HTTP_ACCEPT="text/html")
                if html["Content-Type"].startswith("text/html"):
                    assert_no_injected_markup(html.content.decode(), url)
        page = Page.objects.live().filter(depth=3).first()
        response = self.get(f"/api/v2/pages/{page.pk}/")
        self.assertIn(PAYLOAD, json_strings(response.json()))

    def test_search_results_escape_the_payload(self):
        for language, prefix in (("fr", ""), ("en", "/en")):
            with self.subTest(language=language):
                from django.utils import translation

                with translation.override(language):
                    url = reverse("search")
                response = self.get(url, data={"q": "alert"})
                document = assert_no_injected_markup(response.content.decode(), url)
                self.assertIn(MARKER, document.main.get_text(), url)
                self.assertTrue(url.startswith(prefix))

    def test_the_admin_escapes_the_payload(self):
        self.client.force_login(self.admin)
        urls = [
            reverse("wagtailadmin_home"),
            reverse("wagtailimages:index"),
            reverse("wagtaildocs:index"),
            reverse("wagtailadmin_explore_root"),
        ]
        urls += [
            reverse("wagtailimages:edit", args=[image.pk])
            for image in get_image_model().objects.all()[:3]
        ]
        urls += [
            reverse("wagtaildocs:edit", args=[document.pk])
            for document in get_document_model().objects.all()[:3]
        ]
        # One page of each type and language: its edit view and, for a page
        # with children, its listing (the same columns list the children of the
        # other pages of that type).
        edited, explored = set(), set()
        for page in Page.objects.filter(depth__gt=1).order_by("path"):
            kind = (page.content_type_id, page.locale_id)
            if kind not in edited:
                edited.add(kind)
                urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            if page.numchild and kind not in explored:
                explored.add(kind)
                urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
        for model in get_snippet_models():
            viewset = model.snippet_viewset
            urls.append(reverse(viewset.get_url_name("list")))
            for obj in model.objects.all()[:2]:
                urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
        for model in settings_registry:
            urls.append(
                reverse(
                    "wagtailsettings:edit",
                    args=[model._meta.app_label, model._meta.model_name],
                )
            )
        for url in urls:
            with self.subTest(url=url):
                # The settings' address redirects to the current site's.
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200, url)
                assert_no_injected_markup(response.content.decode(), url)
