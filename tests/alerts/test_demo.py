"""The demo's banner (alerts/demo_data/banners.toml): the town hall's closing
on 26 December, scheduled in the demo's future whenever the demo is loaded,
published in French with its English and Arabic translations."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from alerts.models import AlertBanner
from home.demo.loader import read_file
from tests.alerts.conftest import MINUTE, PARIS, at
from tests.helpers import soup
from tests.test_demo_arabic import ROOT
from tests.test_demo_arabic import loader as loader  # the demo's fixture

pytestmark = pytest.mark.django_db

BANNERS = settings.BASE_DIR / "alerts/demo_data/banners.toml"
TEXT_FR = (
    "Fermeture de l'hôtel de ville le 26 décembre : les services en ligne "
    "restent ouverts."
)
TEXT_EN = "The town hall is closed on 26 December: online services remain open."
TEXT_AR = "إغلاق مقر البلدية يوم 26 ديسمبر: تبقى الخدمات الإلكترونية مفتوحة."


def load_banner(loader, capture) -> AlertBanner:
    """The banner, in French and English, then in Arabic (with the English
    home and contact pages, and the Arabic home page, to show it on)."""
    from tests.test_demo_arabic import loaded_translations

    pages = read_file(ROOT / "home/demo_data/pages.toml")
    home = [e for e in pages if e.key in ("home", "contact")]
    with capture(execute=True):
        loader.translate(home)
        loader.load(read_file(BANNERS))
        loader.translate_into("ar", loaded_translations(loader))
    return AlertBanner.objects.get(locale__language_code="fr")


def paris(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("loaded_on", "closing_year"),
    [
        (paris(2026, 12, 7, 10), 2026),
        # After the banner's start: next year's, not one already showing.
        (paris(2026, 12, 20, 10), 2027),
        (paris(2027, 1, 3, 10), 2027),
    ],
)
def test_the_closing_is_in_the_demo_future(
    loader, django_capture_on_commit_callbacks, loaded_on, closing_year
):
    with at(loaded_on):
        banner = load_banner(loader, django_capture_on_commit_callbacks)
    assert banner.live and banner.level == "information"
    assert timezone.localtime(banner.starts_at) == paris(closing_year, 12, 19, 8)
    assert timezone.localtime(banner.ends_at) == paris(closing_year, 12, 27)


def test_shown_on_every_language_from_its_start(
    client, loader, django_capture_on_commit_callbacks
):
    banner = load_banner(loader, django_capture_on_commit_callbacks)
    assert timezone.now() < banner.starts_at
    pages = {"/": TEXT_FR, "/en/": TEXT_EN, "/ar/": TEXT_AR}
    # The banner's link leads to the contact page in the reader's language.
    links = {
        "/": ("/contact/", None, ""),
        "/en/": ("/en/contact/", None, ""),
        "/ar/": ("/ar/ittisal/", None, ""),
    }
    with at(banner.starts_at - MINUTE):
        for url in pages:
            assert soup(client.get(url)).select(".alert") == [], url
    with at(banner.starts_at + MINUTE):
        for url, text in pages.items():
            response = client.get(url)
            assert response.status_code == 200
            (found,) = soup(response).select(".alert")
            assert found["role"] == "status"
            span = found.select_one(".alert__text > span")
            assert span.find(string=True, recursive=False).strip() == text
            assert not span.has_attr("lang")
            href, hreflang, note = links[url]
            assert (found.a["href"], found.a.get("hreflang")) == (href, hreflang)
            assert found.a.get_text().endswith(note)
        # Without an Arabic version of the page: the French one, said so.
        Page.objects.get(url_path__endswith="/ittisal/").unpublish()
        (found,) = soup(client.get("/ar/")).select(".alert")
        assert (found.a["href"], found.a.get("hreflang")) == ("/contact/", "fr")
        assert found.a.get_text().endswith(" (بالفرنسية)")
