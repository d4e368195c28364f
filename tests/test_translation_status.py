"""The translation-status report and its dashboard panel, against a hand-built
tree: French pages and categories, some translated into English, one translated
then changed at the source (outdated), one only submitted (in progress), one left
untranslated."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail_localize.models import Translation, TranslationSource

from home.models import ContentPage, HomePage, Menu
from home.roles import MANAGERS, TRANSLATORS, WRITERS
from home.translation.status import kinds, translation_status
from news.models import NewsCategory
from tests.helpers import add_page, count_queries, publish, soup, use_languages
from tests.tree import shared_layer, translate
from tests.workflow.conftest import logged_in, member

REPORT = "translation_status"


def content_page(slug: str, title: str) -> ContentPage:
    return ContentPage(
        title=title,
        slug=slug,
        introduction=f"Introduction de {title}.",
        body=[("paragraph", RichText(f"<p>Le texte de {title}.</p>"))],
    )


def translate_page(page: Page, title: str, slug: str) -> Page:
    return translate(
        page,
        {
            "title": title,
            "slug": slug,
            "introduction": f"Introduction of {title}.",
            "body": [("paragraph", RichText(f"<p>The text of {title}.</p>"))],
        },
    )


def submit_only(instance, locale: Locale) -> Translation:
    """What « Translate this page » leaves before anyone translates: a draft copy
    in the target language, every segment still to translate."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=False)
    return translation


@dataclass(frozen=True)
class StatusKeys:
    translated: int
    outdated: int
    submitted: int
    untranslated: int
    category_translated: int
    category_outdated: int
    category_untranslated: int
    menu: int


@shared_layer("_status_layer", on="_site_layer")
def _status_layer(below: dict) -> StatusKeys:
    site = below["_site_layer"]
    home = HomePage.objects.get(pk=site.home_fr)
    english = Locale.objects.get(pk=site.locale_en)
    translated = add_page(home, content_page("traduite", "Page traduite"))
    translate_page(translated, "Translated page", "translated")
    outdated = add_page(home, content_page("modifiee", "Page modifiée"))
    translate_page(outdated, "Changed page", "changed")
    outdated.introduction = "Une introduction réécrite après la traduction."
    publish(outdated)
    submitted = add_page(home, content_page("soumise", "Page soumise"))
    submit_only(submitted, english)
    untranslated = add_page(home, content_page("seule", "Page seule"))

    def category(name: str, slug: str) -> NewsCategory:
        return NewsCategory.objects.create(
            locale_id=site.locale_fr, name=name, slug=slug
        )

    translated_category = category("Culture", "culture")
    translate(translated_category, {"name": "Culture", "slug": "culture"})
    outdated_category = category("Écoles", "ecoles")
    translate(outdated_category, {"name": "Schools", "slug": "schools"})
    outdated_category.name = "Écoles et collèges"
    outdated_category.save()
    outdated_category.save_revision()
    untranslated_category = category("Sport", "sport")
    # Menus have drafts: their last publication is what changes them.
    menu = Menu(location="main", locale_id=site.locale_fr, items=[])
    menu.save()
    menu.save_revision().publish()
    translate(menu, {})
    menu.save_revision().publish()
    # A menu never published is not listed: residents have nothing to read.
    Menu(location="footer", locale_id=site.locale_fr, items=[], live=False).save()
    return StatusKeys(
        translated.pk,
        outdated.pk,
        submitted.pk,
        untranslated.pk,
        translated_category.pk,
        outdated_category.pk,
        untranslated_category.pk,
        menu.pk,
    )


@pytest.fixture
def tree(_status_layer, site_tree) -> StatusKeys:
    return _status_layer


@pytest.fixture
def translator(db, django_user_model):
    return member(django_user_model, "traductrice", TRANSLATORS)


@pytest.fixture
def translator_client(translator) -> Client:
    return logged_in(translator)


def report_rows(response) -> list[list[str]]:
    """The report's rows as read on screen: source, type, language, status,
    translated segments, actions."""
    assert response.status_code == 200
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in soup(response).select("#listing-results table tbody tr")
    ]


def counts_table(response) -> dict[str, list[str]]:
    """The counts by language: language -> the four counts, in the order
    untranslated, outdated, in progress, up to date."""
    table = soup(response).select_one("main table")
    assert table is not None
    rows = {}
    for row in table.select("tbody tr"):
        cells = [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def statuses(status) -> dict[tuple[str, str], str]:
    return {(row.title, row.locale.language_code): row.status for row in status.rows}


def test_every_page_and_snippet_gets_its_status(tree):
    status = translation_status()
    assert status.source.language_code == "fr"
    assert [locale.language_code for locale in status.locales] == ["en"]
    assert statuses(status) == {
        ("Ville de test — Vivre libre", "en"): "up_to_date",
        ("Page traduite", "en"): "up_to_date",
        ("Page modifiée", "en"): "outdated",
        ("Page soumise", "en"): "in_progress",
        ("Page seule", "en"): "untranslated",
        ("Culture", "en"): "up_to_date",
        ("Écoles et collèges", "en"): "outdated",
        ("Sport", "en"): "untranslated",
        ("Menu principal (en-tête) (Français)", "en"): "outdated",
    }
    [counts] = status.counts()
    assert counts.counts == {
        "untranslated": 2,
        "outdated": 3,
        "in_progress": 1,
        "up_to_date": 3,
    }


def test_a_synchronised_translation_is_no_longer_outdated(tree):
    outdated = Page.objects.get(pk=tree.outdated)
    TranslationSource.objects.get_for_instance(outdated).update_from_db()
    category = NewsCategory.objects.get(pk=tree.category_outdated)
    source = TranslationSource.objects.get_for_instance(category)
    source.update_from_db()
    found = statuses(translation_status())
    # The rewritten introduction now waits for its translation.
    assert found[("Page modifiée", "en")] == "in_progress"
    assert found[("Écoles et collèges", "en")] == "in_progress"


def test_a_new_locale_lists_everything_as_untranslated(tree, settings):
    use_languages(settings, "fr,en,es", migrate=False)
    Locale.objects.create(language_code="es")
    status = translation_status()
    assert [locale.language_code for locale in status.locales] == ["en", "es"]
    spanish = {
        title: value
        for (title, code), value in statuses(status).items()
        if code == "es"
    }
    assert len(spanish) == 9
    assert set(spanish.values()) == {"untranslated"}


def test_the_report_lists_rows_with_links_to_translate(tree, translator_client):
    response = translator_client.get(reverse(REPORT))
    rows = report_rows(response)
    assert [row[:5] for row in rows] == [
        ["Ville de test — Vivre libre", "Page d'accueil", "Anglais", "À jour", "5/5"],
        ["Page traduite", "Page de contenu", "Anglais", "À jour", "4/4"],
        ["Page modifiée", "Page de contenu", "Anglais", "Obsolète", "4/4"],
        ["Page soumise", "Page de contenu", "Anglais", "En cours", "0/4"],
        ["Page seule", "Page de contenu", "Anglais", "Non traduite", ""],
        ["Culture", "Catégorie d'actualités", "Anglais", "À jour", "2/2"],
        ["Écoles et collèges", "Catégorie d'actualités", "Anglais", "Obsolète", "2/2"],
        ["Sport", "Catégorie d'actualités", "Anglais", "Non traduite", ""],
        ["Menu principal (en-tête) (Français)", "Menu", "Anglais", "Obsolète", "0/0"],
    ]
    assert counts_table(response) == {"Anglais": ["2", "3", "1", "3"]}
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    links = {
        row.th.get_text(strip=True): [a["href"] for a in row.select("td a")]
        for row in page.select("#listing-results tbody tr")
    }
    untranslated = Page.objects.get(pk=tree.untranslated)
    assert links["Page seule"] == [
        reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    ]
    outdated = Page.objects.get(pk=tree.outdated)
    source = TranslationSource.objects.get_for_instance(outdated)
    english = Locale.objects.get(language_code="en")
    assert links["Page modifiée"] == [
        reverse("wagtail_localize:update_translations", args=[source.pk])
        + "?next=%2Fadmin%2Ftranslation-status%2F",
        reverse(
            "wagtailadmin_pages:edit",
            args=[outdated.get_translation(english).pk],
        ),
    ]
    sport = NewsCategory.objects.get(pk=tree.category_untranslated)
    assert links["Sport"] == [
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["news", "newscategory", sport.pk],
        )
    ]
    source_link = page.select_one("#listing-results tbody tr th a")
    assert source_link["href"] == reverse(
        "wagtailadmin_pages:edit",
        args=[Page.objects.get(depth=2, locale__language_code="fr").pk],
    )


def test_the_links_lead_to_the_translation_editor(tree, translator_client):
    english = Locale.objects.get(language_code="en")
    submitted = Page.objects.get(pk=tree.submitted).get_translation(english)
    response = translator_client.get(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    )
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in response.templates
    ]
    untranslated = tree.untranslated
    response = translator_client.get(
        reverse("wagtail_localize:submit_page_translation", args=[untranslated])
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "status=outdated",
            [
                "Page modifiée",
                "Écoles et collèges",
                "Menu principal (en-tête) (Français)",
            ],
        ),
        ("status=untranslated&kind=page", ["Page seule"]),
        ("kind=news.newscategory", ["Culture", "Écoles et collèges", "Sport"]),
        ("locale=en&status=in_progress", ["Page soumise"]),
    ],
)
def test_the_report_filters(tree, translator_client, query, expected):
    response = translator_client.get(f"{reverse(REPORT)}?{query}")
    assert [row[0] for row in report_rows(response)] == expected


@pytest.mark.parametrize(
    "query",
    ["status=lost", "locale=xx", "kind=auth.user", "status=outdated&status=", "p=abc"],
)
def test_bad_filters_are_ignored_not_an_error(tree, translator_client, query):
    response = translator_client.get(f"{reverse(REPORT)}?{query}")
    assert len(report_rows(response)) == 9


def test_the_results_fragment_and_exports(tree, translator_client):
    response = translator_client.get(
        reverse("translation_status_results") + "?status=untranslated"
    )
    assert response.status_code == 200
    assert "Page seule" in response.content.decode()
    response = translator_client.get(f"{reverse(REPORT)}?status=outdated&export=csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].split(",")[:4] == ["Titre", "Type", "Langue", "Statut"]
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Page modifiée",
        "Écoles et collèges",
        "Menu principal (en-tête) (Français)",
    ]
    response = translator_client.get(f"{reverse(REPORT)}?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(reverse(REPORT))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_users_without_the_right_are_refused(site_tree, django_user_model):
    outsider = django_user_model.objects.create_user("passant", password="x")
    response = logged_in(outsider).get(reverse(REPORT))
    assert response.status_code == 302  # no admin access: back to the login
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    writer = member(django_user_model, "redactrice", WRITERS)
    response = logged_in(writer).get(reverse(REPORT))
    # Wagtail answers a refusal with the dashboard and a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = logged_in(writer).get(reverse("wagtailadmin_home"))
    assert soup(dashboard).select_one("#translation-status-section") is None
    assert reverse(REPORT) not in dashboard.content.decode()


def test_managers_read_it_too(tree, django_user_model):
    manager = member(django_user_model, "responsable", MANAGERS)
    assert logged_in(manager).get(reverse(REPORT)).status_code == 200
    assert Permission.objects.filter(
        group__name=MANAGERS, codename="submit_translation"
    ).exists()


def test_the_dashboard_panel_shows_the_counts(tree, translator_client):
    response = translator_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = soup(response).select_one("#translation-status-section")
    assert panel is not None
    cells = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in panel.select("tbody tr")
    }
    assert cells == {"Anglais": ["2", "3", "1", "3"]}
    hrefs = [a["href"] for a in panel.select("a")]
    assert f"{reverse(REPORT)}?locale=en&status=outdated" in hrefs
    assert reverse(REPORT) in hrefs


def test_the_menu_offers_the_report_to_translators(tree, translator_client):
    response = translator_client.get(reverse("wagtailadmin_home"))
    assert reverse(REPORT) in response.content.decode()


def add_content(home: Page, numbers: range) -> None:
    """Pages and categories, every other page and two categories in three
    translated."""
    for number in numbers:
        page = add_page(home, content_page(f"extra-{number}", f"Extra {number}"))
        if number % 2:
            translate_page(page, f"Extra {number} en", f"extra-{number}-en")
        category = NewsCategory.objects.create(
            locale=home.locale, name=f"Thème {number}", slug=f"theme-{number}"
        )
        if number % 3:
            translate(category, {"name": f"Theme {number}", "slug": f"theme-{number}"})


@pytest.mark.engine
def test_the_report_and_the_panel_read_a_fixed_number_of_queries(
    tree, translator_client
):
    home = Page.objects.get(depth=2, locale__language_code="fr")
    add_content(home, range(3))
    few = [count_queries(translator_client, reverse(name)) for name in PAGES]
    add_content(home, range(3, 12))
    many = [count_queries(translator_client, reverse(name)) for name in PAGES]
    assert many == few
    rows = report_rows(translator_client.get(reverse(REPORT)))
    assert len(rows) == 9 + 12 + 12


PAGES = (REPORT, "wagtailadmin_home")


def test_an_alias_counts_as_untranslated(tree, site_tree):
    """A synchronised tree copies the French page as an alias: its edit view
    offers to translate it."""
    untranslated = Page.objects.get(pk=tree.untranslated)
    alias = untranslated.create_alias(
        parent=site_tree.home_en,
        update_locale=site_tree.locale_en,
        reset_translation_key=False,
    )
    [row] = [row for row in translation_status().rows if row.title == "Page seule"]
    assert row.status == "untranslated"
    assert row.action_url is None
    assert row.translation_url == reverse("wagtailadmin_pages:edit", args=[alias.pk])


def test_a_translation_edited_but_not_published_is_in_progress(tree, site_tree):
    translated = Page.objects.get(pk=tree.translated)
    target = translated.get_translation(site_tree.locale_en).specific
    target.save_revision()
    found = statuses(translation_status())
    assert found[("Page traduite", "en")] == "in_progress"


def test_a_translation_edited_by_hand_follows_its_own_last_change(tree, site_tree):
    """Once wagtail-localize's translation is stopped, the translated page is
    edited like any page: outdated when the source is published after it."""
    translated = Page.objects.get(pk=tree.translated).specific
    Translation.objects.filter(
        source=TranslationSource.objects.get_for_instance(translated)
    ).update(enabled=False)
    assert statuses(translation_status())[("Page traduite", "en")] == "up_to_date"
    publish(translated)
    assert statuses(translation_status())[("Page traduite", "en")] == "outdated"
    publish(translated.get_translation(site_tree.locale_en).specific)
    assert statuses(translation_status())[("Page traduite", "en")] == "up_to_date"


def test_every_translatable_snippet_is_a_kind_of_content(tree):
    assert {kind.key for kind in kinds()} >= {
        "page",
        "home.menu",
        "news.newscategory",
        "policy.award",
        "policy.awardingbody",
    }


def test_synchronising_from_the_report_comes_back_to_it(tree, translator_client):
    outdated = Page.objects.get(pk=tree.outdated)
    source = TranslationSource.objects.get_for_instance(outdated)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    next_url = reverse(REPORT)
    assert translator_client.get(url, {"next": next_url}).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = translator_client.post(f"{url}?next={next_url}", {})
    assert response.status_code == 302
    assert response["Location"] == next_url
    rows = report_rows(translator_client.get(next_url))
    [row] = [row for row in rows if row[0] == "Page modifiée"]
    # The rewritten introduction is now offered for translation.
    assert row[3:5] == ["En cours", "3/4"]


def test_a_language_removed_from_the_setting_is_not_listed(tree):
    Locale.objects.create(language_code="es")
    status = translation_status()
    assert [locale.language_code for locale in status.locales] == ["en"]
