"""The demo's Arabic agenda (home/demo_data/translations/ar.toml): the agenda,
the AlpOSS series, two editions and a workshop read right to left, in Arabic,
saying they are a demonstration translation, with no unmarked French."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage, EventSeries
from home.demo.loader import Entry, read_file
from tests.helpers import soup
from tests.language_marks import unmarked_french
from tests.test_demo_arabic import DEMO_NOTE, Loaded, load_in_arabic, read_loaded
from tests.tree import shared_layer

pytestmark = pytest.mark.django_db

AGENDA = django_settings.BASE_DIR / "events/demo_data/agenda.toml"
TRANSLATED = {
    "agenda",
    "alposs",
    "alposs-2026",
    "alposs-2027",
    "atelier-premiers-pas-avec-un-ordinateur",
}
# Links to the plan and to articles the layer does not load.
LINKS = {"action_links", "article_links"}
AGENDA_AR = "/ar/al-mawaid/"


@shared_layer("_arabic_agenda_layer")
def _arabic_agenda_layer(below: dict) -> dict[str, tuple[str, int]]:
    """The demo's agenda (the entries translated into Arabic) on top of the
    demo's home page and news section, then its Arabic translation: built once
    for the module's tests."""
    return load_in_arabic(
        [
            Entry(e.kind, e.path, {k: v for k, v in e.data.items() if k not in LINKS})
            for e in read_file(AGENDA)
            if e.key in TRANSLATED
        ]
    )


@pytest.fixture
def arabic_agenda(_arabic_agenda_layer, settings) -> Loaded:
    return read_loaded(_arabic_agenda_layer, settings)


def test_every_agenda_entry_of_the_arabic_file_is_loaded(arabic_agenda):
    arabic = Locale.objects.get(language_code="ar")
    for key in TRANSLATED:
        assert arabic_agenda.objects[key].has_translation(arabic), key
    assert EventIndexPage.objects.filter(locale=arabic).get().url == AGENDA_AR
    assert EventPage.objects.filter(locale=arabic).count() == 3
    assert EventSeries.objects.get(locale=arabic).slug == "alposs"


def test_the_arabic_agenda_reads_right_to_left(client, arabic_agenda):
    response = client.get(AGENDA_AR)
    assert response.status_code == 200
    document = soup(response)
    assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
    assert document.h1.get_text(strip=True) == "المواعيد"
    main = document.select_one("main").get_text()
    assert DEMO_NOTE in main
    assert "المواعيد السابقة" in main  # « Past events »
    titles = {a.get_text(strip=True) for a in document.select(".event-card__title a")}
    assert titles == {"AlpOSS 2026", "AlpOSS 2027", "ورشة: الخطوات الأولى مع الحاسوب"}
    assert unmarked_french(response.content.decode()) == []
    alternates = document.head.find_all("link", rel="alternate")
    feeds = {link.get("title") for link in alternates}
    assert {"المواعيد القادمة (RSS)", "المواعيد القادمة (Atom)"} <= feeds


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("alposs-2026", "أكثر من 500 مشارك"),  # its report
        ("alposs-2027", "قاعة بلا درجات"),  # the venue's accessibility
        ("warshat-al-khutuwat-al-ula-maa-al-hasub", "شاشات كبيرة"),
    ],
)
def test_an_arabic_event_reads_right_to_left(client, arabic_agenda, slug, expected):
    response = client.get(f"{AGENDA_AR}{slug}/")
    assert response.status_code == 200
    document = soup(response)
    assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
    main = document.select_one("main").get_text()
    assert DEMO_NOTE in main
    assert expected in main
    assert "إضافة إلى تقويمي" in main  # « Add to my calendar »
    assert unmarked_french(response.content.decode()) == []


def test_the_arabic_edition_names_its_arabic_series(client, arabic_agenda):
    document = soup(client.get(f"{AGENDA_AR}alposs-2026/"))
    assert "510 مشاركين" in document.select_one("main").get_text()
    series = document.find("dt", string="السلسلة")
    assert series is not None
    assert "AlpOSS" in series.find_next_sibling("dd").get_text()
