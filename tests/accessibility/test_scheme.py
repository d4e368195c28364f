"""The multi-year scheme and its yearly action plans: written by managers in
the admin, read by writers, published by the statement in every language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accessibility.models import Scheme, SchemeAction
from accessibility.services import start_audit
from home.demo.translation import publish_translation
from tests.admin_form import untouched_form_data
from tests.helpers import soup

from .test_admin import refused

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def add_form(client) -> dict:
    url = reverse("wagtailsnippets_accessibility_scheme:add")
    data = untouched_form_data(client, url)
    data.update(
        {
            "title": ["Schéma pluriannuel"],
            "start_year": [str(YEAR - 1)],
            "end_year": [str(YEAR + 1)],
            "summary": ["Une référente suit les actions."],
            "actions-TOTAL_FORMS": ["1"],
            "actions-0-year": [str(YEAR)],
            "actions-0-title": ["Sous-titrer les vidéos"],
            "actions-0-status": ["planned"],
            "actions-0-criteria": ["4.3"],
            "actions-0-page": [""],
            "actions-0-checked_by": [""],
            "actions-0-ORDER": ["1"],
            "actions-0-id": [""],
            "actions-0-DELETE": [""],
        }
    )
    return data


def test_a_manager_writes_the_scheme(audited_site, manager_client):
    data = add_form(manager_client)
    data["statement"] = [str(audited_site["statement"].pk)]
    url = reverse("wagtailsnippets_accessibility_scheme:add")
    response = manager_client.post(url, data)
    assert response.status_code == 302
    scheme = Scheme.objects.get()
    assert scheme.actions.get().criteria_numbers() == ["4.3"]
    assert scheme.revisions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_year": [str(YEAR + 3)]}, "end_year"),
        ({"actions-0-criteria": ["4.3, 99.1"]}, "criteria"),
    ],
)
def test_bad_input_is_a_form_error(audited_site, manager_client, changes, field):
    data = add_form(manager_client)
    data.update(changes)
    response = manager_client.post(
        reverse("wagtailsnippets_accessibility_scheme:add"), data
    )
    assert response.status_code == 200
    assert not Scheme.objects.exists()


def test_a_writer_reads_but_may_not_write(audited_site, manager_client, writer_client):
    data = add_form(manager_client)
    assert refused(
        writer_client.post(reverse("wagtailsnippets_accessibility_scheme:add"), data)
    )
    assert not Scheme.objects.exists()
    scheme = Scheme.objects.create(title="S", start_year=YEAR, end_year=YEAR)
    inspect = reverse("wagtailsnippets_accessibility_scheme:inspect", args=[scheme.pk])
    assert writer_client.get(inspect).status_code == 200
    edit = reverse("wagtailsnippets_accessibility_scheme:edit", args=[scheme.pk])
    assert refused(writer_client.post(edit, {"title": "X"}))
    scheme.refresh_from_db()
    assert scheme.title == "S"


def test_the_statement_publishes_this_years_plan_first_in_every_language(
    client, audited_site, manager, django_capture_on_commit_callbacks
):
    statement = audited_site["statement"]
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_translation(
            statement, {"title": "Accessibility statement", "slug": "a11y"}, "en"
        )
        audit = start_audit(manager)
        scheme = Scheme.objects.create(
            title="Schéma", start_year=YEAR - 1, end_year=YEAR + 1, statement=statement
        )
        for year, title, status, checked in [
            (YEAR - 1, "Former les rédacteurs", "done", audit),
            (YEAR, "Sous-titrer les vidéos", "in_progress", None),
            (YEAR + 1, "Nouvel audit", "planned", None),
        ]:
            SchemeAction.objects.create(
                scheme=scheme,
                year=year,
                title=title,
                status=status,
                checked_by=checked,
                page=audited_site["contact"] if status == "in_progress" else None,
            )
    for page, language in ((statement, "fr"), (english, "en")):
        section = soup(client.get(page.url)).select_one(".statement__scheme")
        plans = [h3.get_text(" ", strip=True) for h3 in section.find_all("h3")]
        expected = {
            "fr": f"Plan d’action {YEAR} (cette année)",
            "en": f"Action plan {YEAR} (this year)",
        }[language]
        assert plans[0] == expected
        assert len(plans) == 3
        first = section.find("ul").get_text(" ", strip=True)
        assert "Sous-titrer les vidéos" in first
        # Not translated, the contact page is linked in French.
        assert section.find("a", href=audited_site["contact"].url)
        checked = {"fr": "vérifiée par l’audit du", "en": "checked by the audit of"}
        assert checked[language] in section.get_text()


def test_a_translated_scheme_is_published_in_the_readers_language(
    client, audited_site, manager_client, django_capture_on_commit_callbacks
):
    """The scheme is translated with wagtail-localize like any snippet: its
    texts follow the reader's language, its numbers and links stay the
    source's; untranslated, it shows in French, marked as such."""
    statement = audited_site["statement"]
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_translation(
            statement, {"title": "Accessibility statement", "slug": "a11y"}, "en"
        )
        scheme = Scheme.objects.create(
            title="Schéma",
            start_year=YEAR,
            end_year=YEAR + 1,
            summary="Une référente suit les actions.",
            statement=statement,
        )
        SchemeAction.objects.create(
            scheme=scheme,
            year=YEAR,
            title="Sous-titrer les vidéos",
            criteria="4.3",
            page=audited_site["contact"],
        )
    french = soup(client.get(statement.url)).select_one(".statement__scheme")
    assert not french.select("[lang]")
    untranslated = soup(client.get(english.url)).select_one(".statement__scheme")
    assert untranslated.select_one("li span[lang=fr]").get_text() == (
        "Sous-titrer les vidéos"
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(
            Scheme.objects.get(pk=scheme.pk),
            {
                "title": "Scheme",
                "summary": "A referent follows the actions.",
                "actions": [
                    SchemeAction(
                        year=YEAR,
                        title="Caption the videos",
                        criteria="4.3",
                        page=audited_site["contact"],
                    )
                ],
            },
            "en",
        )
    translated = Scheme.objects.get(locale__language_code="en")
    action = translated.actions.get()
    assert (action.criteria, action.page_id) == ("4.3", audited_site["contact"].pk)
    section = soup(client.get(english.url)).select_one(".statement__scheme")
    assert not section.select("[lang]")
    assert section.find("p").get_text() == "A referent follows the actions."
    item = section.find("li").get_text(" ", strip=True)
    assert "Caption the videos" in item and "criteria 4.3" in item
    # The French statement keeps the French scheme.
    french = soup(client.get(statement.url)).select_one(".statement__scheme")
    assert "Sous-titrer les vidéos" in french.get_text()
    # Managers find the translation in the admin.
    listing = reverse("wagtailsnippets_accessibility_scheme:list")
    assert manager_client.get(listing, {"locale": "en"}).status_code == 200
