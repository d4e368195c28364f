"""The demo's Arabic pages read as Arabic: no French interface text unless it
is marked French, dates isolated from the sentence around them and written the
Arabic way, « Published on » kept with its date; a dataset's schema check and
its report in Arabic."""

from __future__ import annotations

import pytest

from tests.helpers import soup, use_languages
from tests.language_marks import unmarked_french
from tests.policy.test_schemas import catalogue as catalogue  # its fixture
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


def test_a_dataset_page_and_its_schema_report_read_in_arabic(
    client, settings, site_tree, catalogue
):
    """The conformity lines of CSV resources, and the report of the one that
    does not conform, in Arabic: neither the English nor the French wording."""
    from tests.policy.test_opendata import make_dataset
    from tests.policy.test_schemas import BROKEN_PLACE, PLACE, schema_resource
    from tests.tree import translate

    use_languages(settings, "fr,en,ar")
    dataset = make_dataset(
        catalogue,
        1,
        resources=[
            schema_resource(1, [PLACE]),
            schema_resource(2, [PLACE, {**BROKEN_PLACE, "id": "b"}]),
        ],
    )
    translate(site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar")
    translate(catalogue, {"title": "البيانات المفتوحة", "slug": "ar-data"}, "ar")
    arabic = translate(dataset, {"title": "أماكن", "slug": "ar-places"}, "ar")
    page = soup(client.get(arabic.url))
    valid = " ".join(page.select_one(".opendata-schema--valid").text.split())
    assert "مطابق لمخطط البيانات « Lieux de médiation numérique »" in valid
    invalid = " ".join(page.select_one(".opendata-schema--invalid").text.split())
    assert "خطآن مقارنةً بمخطط البيانات « Lieux de médiation numérique »" in invalid
    for status in (valid, invalid):
        for word in ("Conform", "error", "schema", "schéma", "erreur"):
            assert word not in status
    report = soup(client.get(page.select_one(".opendata-schema--invalid a")["href"]))
    assert report.html["lang"] == "ar"
    headers = [th.text for th in report.select("table.schema-report thead th")]
    assert headers == ["الصف", "العمود", "ما الخطأ", "كيفية تصحيحه"]
    cells = [td.text for td in report.select("table.schema-report tbody td")]
    assert "اكتب تاريخًا بالشكل YYYY-MM-DD، مثل 2024-03-31." in cells
