"""The RGAA conformity label: derived from the statement's audit, shown in every
page's footer in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from home.demo.translation import publish_translation
from home.models import AccessibilityStatementPage, Conformity
from tests.admin_form import untouched_form_data
from tests.helpers import add_page, assert_page_basics, soup

TODAY = datetime.date(2026, 11, 23)


def statement(rate: str | None, audit_date: datetime.date | None):
    return AccessibilityStatementPage(
        title="Déclaration d'accessibilité",
        compliance_rate=None if rate is None else Decimal(rate),
        audit_date=audit_date,
    )


RECENT = datetime.date(2026, 10, 6)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("100", Conformity.FULL),
        ("100.00", Conformity.FULL),
        ("99.99", Conformity.PARTIAL),
        ("78.5", Conformity.PARTIAL),
        ("50", Conformity.PARTIAL),
        ("49.99", Conformity.NONE),
        ("0", Conformity.NONE),
    ],
)
def test_conformity_follows_the_share_of_criteria_met(rate, expected):
    assert statement(rate, RECENT).conformity(today=TODAY) == expected


def test_no_audit_date_means_not_compliant():
    assert statement("100", None).conformity(today=TODAY) == Conformity.NONE


def test_no_rate_means_not_compliant():
    assert statement(None, RECENT).conformity(today=TODAY) == Conformity.NONE


@pytest.mark.parametrize(
    ("audit_date", "expected"),
    [
        (datetime.date(2023, 11, 24), Conformity.FULL),  # under three years
        (datetime.date(2023, 11, 23), Conformity.FULL),  # exactly three years
        (datetime.date(2023, 11, 22), Conformity.NONE),  # three years and a day
        (datetime.date(2020, 1, 1), Conformity.NONE),
    ],
)
def test_an_audit_older_than_three_years_no_longer_counts(audit_date, expected):
    assert statement("100", audit_date).conformity(today=TODAY) == expected


def test_an_audit_of_29_february_expires_on_28_february():
    audit = statement("100", datetime.date(2024, 2, 29))
    assert audit.conformity(today=datetime.date(2027, 2, 28)) == Conformity.FULL
    assert audit.conformity(today=datetime.date(2027, 3, 1)) == Conformity.NONE


def test_the_label_uses_today_by_default():
    recent = statement("80", timezone.localdate() - datetime.timedelta(days=30))
    assert recent.conformity() == Conformity.PARTIAL
    old = statement("80", timezone.localdate() - datetime.timedelta(days=3 * 366))
    assert old.conformity() == Conformity.NONE


def footer_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    footer = soup(response).find("footer")
    assert footer is not None, "pages need a <footer>"
    return " ".join(footer.get_text(" ", strip=True).split()).lower()


@pytest.fixture
def published_statement(site_tree, django_capture_on_commit_callbacks):
    page = statement("78.5", timezone.localdate() - datetime.timedelta(days=30))
    page.slug = "declaration-d-accessibilite"
    page.locale = site_tree.locale_fr
    add_page(site_tree.home_fr, page)
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_translation(
            page,
            {"title": "Accessibility statement", "slug": "accessibility-statement"},
            "en",
        )
    return page, english


def test_the_footer_says_partially_compliant_in_both_languages(
    client, published_statement
):
    assert "partiellement conforme" in footer_text(client, "/")
    assert "partially compliant" in footer_text(client, "/en/")


def test_the_footer_label_links_to_the_statement(client, published_statement):
    french, english = published_statement
    for url, page in [("/", french), ("/en/", english)]:
        links = soup(client.get(url)).find("footer").find_all("a", href=True)
        assert page.url in [link["href"] for link in links], (url, page.url)


def test_without_a_statement_the_footer_says_not_compliant(client, site_tree):
    assert "non conforme" in footer_text(client, "/")
    assert "not compliant" in footer_text(client, "/en/")


def test_an_expired_audit_is_shown_as_not_compliant(client, published_statement):
    french, _english = published_statement
    french.audit_date = timezone.localdate() - datetime.timedelta(days=3 * 366)
    french.save_revision().publish()
    assert "non conforme" in footer_text(client, "/")


def test_the_statement_page_renders(client, published_statement):
    french, english = published_statement
    document = assert_page_basics(client.get(french.url), "fr")
    assert "4.1.2" in document.get_text()
    assert_page_basics(client.get(english.url), "en")


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"compliance_rate": "100"}, "fully compliant"),
        ({"audit_date": "2020-01-15"}, "not compliant"),
        ({"rgaa_version": "4.2"}, "partially compliant"),
    ],
)
def test_the_audit_reads_the_same_in_english_once_published(
    admin_client, client, published_statement, changes, label
):
    """The audit's facts (home/translation/facts.py) reach the English statement and
    footer
    the moment the French statement is published in the admin."""
    french, english = published_statement
    assert "partially compliant" in footer_text(client, "/en/")
    url = reverse("wagtailadmin_pages:edit", args=[french.pk])
    data = untouched_form_data(admin_client, url, AccessibilityStatementPage)
    for name, value in changes.items():
        data[name] = [value]
    data["action-publish"] = ["action-publish"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    assert label in footer_text(client, "/en/")
    english = AccessibilityStatementPage.objects.get(pk=english.pk)
    for name, value in changes.items():
        assert str(getattr(english, name)).startswith(value)
    assert english.title == "Accessibility statement"
