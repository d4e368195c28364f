"""Readers see « Mis à jour le … » on content pages and on articles updated after
their date; editors' drafts do not change it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from wagtail.models import Page

from home.models import ContentPage
from tests.helpers import add_page, publish, soup
from tests.tree import add_article

pytestmark = pytest.mark.django_db


def updated_text(response) -> str | None:
    for time in soup(response).select("main time"):
        label = time.parent.get_text(" ", strip=True)
        if label.startswith("Mis à jour le"):
            return label
    return None


def long_date(day: datetime.date) -> str:
    with override("fr"):
        return date_format(day, "DATE_FORMAT")


def test_a_content_page_tells_when_it_was_last_published(client, home):
    page = add_page(home, ContentPage(title="Tarifs", slug="tarifs", introduction=""))
    last_year = timezone.now() - datetime.timedelta(days=400)
    Page.objects.filter(pk=page.pk).update(last_published_at=last_year)
    assert updated_text(client.get(page.url)) == (
        f"Mis à jour le {long_date(timezone.localdate(last_year))}"
    )

    page.refresh_from_db()
    page.title = "Tarifs 2027"
    page.save_revision()  # a draft: readers still see last year's date
    assert long_date(timezone.localdate(last_year)) in updated_text(
        client.get(page.url)
    )
    publish(page)
    assert updated_text(client.get(page.url)) == (
        f"Mis à jour le {long_date(timezone.localdate())}"
    )


def test_an_article_updated_after_its_date_says_so(client, news_index):
    today = timezone.localdate()
    fresh = add_article(news_index, None, "Du jour", with_image=False)
    assert updated_text(client.get(fresh.url)) is None, "published on its date"

    older = add_article(
        news_index,
        None,
        "Plus ancien",
        date=today - datetime.timedelta(days=10),
        with_image=False,
    )
    response = client.get(older.url)
    assert updated_text(response) == f"Mis à jour le {long_date(today)}"
    time = next(
        t for t in soup(response).select("main time") if "Mis à jour" in t.parent.text
    )
    assert time["datetime"] == today.isoformat()
