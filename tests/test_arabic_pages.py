"""The demo's Arabic pages read as Arabic: no French interface text unless it
is marked French, dates isolated from the sentence around them and written the
Arabic way, « Published on » kept with its date."""

from __future__ import annotations

import pytest

from tests.helpers import soup
from tests.language_marks import unmarked_french
from tests.test_demo_arabic import ARTICLE_AR, loaded_translations
from tests.test_demo_arabic import loader as loader  # the demo's fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic(loader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        loader.translate_into("ar", loaded_translations(loader))
    return loader


@pytest.mark.parametrize("url", ["/ar/", "/ar/al-akhbar/", ARTICLE_AR])
def test_no_unmarked_french_on_the_arabic_pages(client, arabic, url):
    response = client.get(url)
    assert response.status_code == 200
    assert unmarked_french(response.content.decode()) == []
    document = soup(response)
    assert document.select_one("a.skip-link").get_text() == "الانتقال إلى المحتوى"
    assert document.select_one("nav.main-nav, nav.breadcrumbs, footer") is not None


def test_published_on_and_its_date_stay_together_isolated(client, arabic):
    document = soup(client.get(ARTICLE_AR))
    time = document.select_one(".news-meta time")
    label = time.parent
    assert label.get_text(" ", strip=True) == "نُشر في 9 ديسمبر، 2021"
    assert time["dir"] == "auto"


def test_news_filters_are_all_arabic(client, arabic):
    document = soup(client.get("/ar/al-akhbar/"))
    form = document.select_one("main form")
    assert form is not None
    words = form.get_text(" ", strip=True)
    assert "كل الفئات" in words
    assert unmarked_french(str(form)) == []
