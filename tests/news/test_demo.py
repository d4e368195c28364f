"""The demo-data hook's news section, on the demo site: bilingual, each article
illustrated and served. That loading it again creates nothing is asserted with
the whole demo (tests/test_demo_data.py, `test_running_it_twice_creates_nothing`:
its pages and snippets, news categories included), and that every article
renders in its language with every other live page of the demo
(`test_every_live_page_renders_in_its_language`)."""

from __future__ import annotations

from wagtail.models import Locale

from home.demo.loader import read_folder
from news.models import NewsCategory, NewsIndexPage, NewsPage
from news.wagtail_hooks import load_news_demo_data
from tests.tree import DemoTestCase

ARTICLES = [
    entry
    for entry in read_folder(load_news_demo_data())
    if entry.data["type"] == "news.NewsPage"
]


class NewsDemoTests(DemoTestCase):
    def test_demo_news_in_french_and_english(self):
        fr = Locale.objects.get(language_code="fr")
        en = Locale.objects.get(language_code="en")
        self.assertGreaterEqual(len(ARTICLES), 12)
        for locale in (fr, en):
            self.assertEqual(
                NewsPage.objects.live().filter(locale=locale).count(), len(ARTICLES)
            )
            self.assertEqual(NewsCategory.objects.filter(locale=locale).count(), 5)
        years = {article.date.year for article in NewsPage.objects.filter(locale=fr)}
        self.assertGreaterEqual(len(years), 4)
        self.assertTrue(all(a.image_id for a in NewsPage.objects.all()))

        alposs = NewsPage.objects.get(slug="alposs-2026-over-500-participants")
        self.assertEqual(alposs.locale, en)
        self.assertTrue(alposs.image_alt.startswith("Abstract illustration"))
        response = self.client.get(alposs.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [c.name for c in response.context["display_categories"]],
            ["Events", "Free software"],
        )
        self.assertEqual([t.name for t in response.context["tags"]], ["AlpOSS"])

        self.assertEqual(NewsIndexPage.objects.get(locale=en).url, "/en/news/")
