"""Translators translate the multi-year scheme and its actions through
wagtail-localize's own views, as the editor's JavaScript drives them (« Traduire »,
then each string saved through its JSON endpoint, then « Publier »), and the
English statement publishes the English scheme. The French scheme is never
theirs to change, by any route (docs/permissions.md)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Locale, Revision
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from accessibility.models import Scheme, SchemeAction
from accessibility.services import start_audit
from home.demo.translation import publish_translation
from tests.admin_form import untouched_form_data
from tests.helpers import soup
from tests.translation.test_admin_views import (
    editor,
    publish_in_editor,
    save_strings,
    strict,
)

pytestmark = pytest.mark.django_db

SUMMARY_FR = (
    "Une référente accessibilité suit les actions et forme les rédacteurs.\n\n"
    "Un nouvel audit complet vérifie les progrès en fin de période."
)
SUMMARY_EN = (
    "An accessibility referent follows the actions and trains the writers.\n\n"
    "A new full audit checks the progress at the end of the period."
)
# The demo's scheme (accessibility/demo_data/scheme.toml), shortened: every
# text a translator is offered, as the editor shows it (the summary's paragraphs
# apart by line breaks), and its English translation as typed.
SCHEME_EN = {
    "Schéma pluriannuel de mise en accessibilité 2025–2027": (
        "Multi-year accessibility scheme 2025–2027"
    ),
    SUMMARY_FR.replace("\n\n", "<br/><br/>"): SUMMARY_EN,
    "Former les rédacteurs à l'écriture des alternatives textuelles": (
        "Train the writers to write text alternatives"
    ),
    "Sous-titrer les vidéos de présentation des rencontres AlpOSS": (
        "Caption the videos presenting the AlpOSS meetings"
    ),
    "Réaliser un nouvel audit complet du site": (
        "Carry out a new full audit of the site"
    ),
}


@pytest.fixture
def statements(audited_site, django_capture_on_commit_callbacks):
    """The French statement and its English translation."""
    french = audited_site["statement"]
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_translation(
            french, {"title": "Accessibility statement", "slug": "a11y"}, "en"
        )
    return french, english


@pytest.fixture
def scheme(audited_site, statements, manager, django_capture_on_commit_callbacks):
    """A scheme like the demo's, written by a manager, linked to the statement:
    one action done and checked by the audit, one in progress on the contact
    page, one planned."""
    audit = start_audit(manager)
    with django_capture_on_commit_callbacks(execute=True):
        scheme = Scheme.objects.create(
            title="Schéma pluriannuel de mise en accessibilité 2025–2027",
            start_year=2025,
            end_year=2027,
            summary=SUMMARY_FR,
            statement=statements[0],
        )
        for year, title, status, criteria, page, checked_by in [
            (
                2025,
                "Former les rédacteurs à l'écriture des alternatives textuelles",
                "done",
                "1.2, 1.3",
                None,
                audit,
            ),
            (
                2026,
                "Sous-titrer les vidéos de présentation des rencontres AlpOSS",
                "in_progress",
                "4.3",
                audited_site["contact"],
                None,
            ),
            (
                2027,
                "Réaliser un nouvel audit complet du site",
                "planned",
                "",
                None,
                None,
            ),
        ]:
            SchemeAction.objects.create(
                scheme=scheme,
                year=year,
                title=title,
                status=status,
                criteria=criteria,
                page=page,
                checked_by=checked_by,
            )
        scheme.save_revision(user=manager)
    return scheme


def french_state() -> tuple:
    """Everything of the French scheme a route could change."""
    fr = Locale.get_default()
    return (
        tuple(
            Scheme.objects.filter(locale=fr)
            .order_by("pk")
            .values_list(
                "pk", "title", "start_year", "end_year", "summary", "statement_id"
            )
        ),
        tuple(
            SchemeAction.objects.filter(locale=fr)
            .order_by("pk")
            .values_list(
                "pk",
                "scheme_id",
                "year",
                "title",
                "status",
                "criteria",
                "page_id",
                "checked_by_id",
                "sort_order",
            )
        ),
        tuple(
            Revision.objects.filter(
                object_id__in=[str(s.pk) for s in Scheme.objects.filter(locale=fr)],
                base_content_type=ContentType.objects.get_for_model(Scheme),
            ).values_list("pk", flat=True)
        ),
        StringTranslation.objects.filter(locale=fr).count(),
        SegmentOverride.objects.filter(locale=fr).count(),
        Translation.objects.filter(target_locale=fr).count(),
    )


def scheme_section(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return soup(response).select_one(".statement__scheme")


def submit_url(scheme: Scheme) -> str:
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["accessibility", "scheme", scheme.pk],
    )


def edit_url(scheme: Scheme) -> str:
    return reverse("wagtailsnippets_accessibility_scheme:edit", args=[scheme.pk])


def submitted(client, scheme: Scheme, capture) -> Scheme:
    """« Traduire » into English: the English scheme, the editor's next."""
    english = Locale.objects.get(language_code="en")
    with capture(execute=True):
        response = client.post(submit_url(scheme), {"locales": [english.pk]})
    target = Scheme.objects.get(translation_key=scheme.translation_key, locale=english)
    assert response.status_code == 302
    assert response["Location"] == edit_url(target)
    return target


def translate_in_editor(client, scheme: Scheme, capture) -> Scheme:
    """« Traduire » into English (unless done), each string saved as the editor
    saves it typed, then « Publier »: the English scheme."""
    target = scheme.get_translation_or_none(Locale.objects.get(language_code="en"))
    if target is None:
        target = submitted(client, scheme, capture)
    # The translation editor offers the texts, not the years, statuses,
    # criteria or links, which follow the French scheme.
    props = editor(client, edit_url(target))
    strings = [s["source"] for s in props["segments"] if s["type"] == "string"]
    assert sorted(strings) == sorted(SCHEME_EN)
    assert props["perms"]["canPublish"]  # live once saved, like an awarding body
    save_strings(client, props, strict(SCHEME_EN))
    publish_in_editor(client, edit_url(target), capture)
    return Scheme.objects.get(pk=target.pk)


def test_a_translator_translates_the_scheme_and_the_english_statement_publishes_it(
    client, translator_client, scheme, statements, django_capture_on_commit_callbacks
):
    french_statement, english_statement = statements
    before = french_state()
    english = Locale.objects.get(language_code="en")

    # « Traduire » in the French listing leads to wagtail-localize's form,
    # which does not offer French.
    listing = translator_client.get(
        reverse("wagtailsnippets_accessibility_scheme:list"), {"locale": "fr"}
    )
    assert submit_url(scheme) in listing.content.decode()
    form = translator_client.get(submit_url(scheme))
    assert form.status_code == 200
    offered = set(form.context["form"].fields["locales"].queryset)
    assert english in offered and Locale.get_default() not in offered

    # Submitted, not translated yet: the English statement shows the French
    # texts wagtail-localize put in their place, marked as French.
    submitted(translator_client, scheme, django_capture_on_commit_callbacks)
    section = scheme_section(client, english_statement)
    marked = {e.get_text(strip=True): e["lang"] for e in section.select("[lang]")}
    assert marked == {
        **dict.fromkeys(SUMMARY_FR.split("\n\n"), "fr"),
        **{a.title: "fr" for a in scheme.actions.all()},
    }

    target = translate_in_editor(
        translator_client, scheme, django_capture_on_commit_callbacks
    )
    assert target.title == "Multi-year accessibility scheme 2025–2027"
    assert target.summary == SUMMARY_EN
    assert (target.start_year, target.end_year) == (2025, 2027)
    source_actions = list(scheme.actions.order_by("year"))
    actions = list(target.actions.order_by("year"))
    assert [a.title for a in actions] == [
        "Train the writers to write text alternatives",
        "Caption the videos presenting the AlpOSS meetings",
        "Carry out a new full audit of the site",
    ]
    assert [
        (a.year, a.status, a.criteria, a.page_id, a.checked_by_id) for a in actions
    ] == [
        (a.year, a.status, a.criteria, a.page_id, a.checked_by_id)
        for a in source_actions
    ]
    assert all(a.locale == english for a in actions)
    # The editor tells the translator that « Publier » puts it online: no
    # manager publishes a scheme's translation after them.
    page = soup(translator_client.get(edit_url(target))).get_text(" ")
    assert "Ce contenu n'a pas de brouillon : « Publier en … » met aussitôt" in page
    assert "Un responsable publie ensuite la traduction" not in page

    # The English statement publishes the English scheme, nothing marked as
    # French; the French statement keeps the French one.
    section = scheme_section(client, english_statement)
    assert "Multi-year accessibility scheme 2025–2027" in section.h2.get_text()
    assert not section.select("[lang]")
    paragraphs = [p.get_text(strip=True) for p in section.find_all("p")]
    assert paragraphs[:2] == SUMMARY_EN.split("\n\n")
    text = section.get_text(" ", strip=True)
    for title in [a.title for a in actions]:
        assert title in text, title
    assert "Sous-titrer" not in text
    assert "criteria 4.3" in text
    assert "checked by the audit of" in text
    french_text = scheme_section(client, french_statement).get_text(" ", strip=True)
    assert "Sous-titrer les vidéos de présentation des rencontres AlpOSS" in (
        french_text
    )
    assert "Caption" not in french_text
    assert french_state() == before


def test_a_synced_scheme_keeps_its_translations_and_offers_the_new_action(
    client,
    translator_client,
    manager,
    scheme,
    statements,
    django_capture_on_commit_callbacks,
):
    """The French scheme gains an action: the translator syncs its translation
    (« Synchroniser avec la source »), finds the earlier translations kept and
    the new action's title to translate, and publishes."""
    capture = django_capture_on_commit_callbacks
    target = translate_in_editor(translator_client, scheme, capture)
    SchemeAction.objects.create(
        scheme=scheme, year=2026, title="Relier les cellules du tableau du budget"
    )
    Scheme.objects.get(pk=scheme.pk).save_revision(user=manager)

    source = TranslationSource.objects.get_for_instance(scheme)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert translator_client.get(sync).status_code == 200
    with capture(execute=True):
        assert translator_client.post(sync, {}).status_code == 302
    props = editor(translator_client, edit_url(target))
    done = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    by_source = {
        s["source"]: done.get(s["id"])
        for s in props["segments"]
        if s["type"] == "string"
    }
    new = "Relier les cellules du tableau du budget"
    assert by_source == {**SCHEME_EN, new: None}
    # Published with the new action's title untranslated: it reads in French,
    # marked as such, among the English ones.
    publish_in_editor(translator_client, edit_url(target), capture)
    section = scheme_section(client, statements[1])
    marked = {e.get_text(strip=True): e["lang"] for e in section.select("[lang]")}
    assert marked == {new: "fr"}
    save_strings(
        translator_client,
        props,
        lambda text: "Link the budget table’s cells" if text == new else None,
    )
    publish_in_editor(translator_client, edit_url(target), capture)
    section = scheme_section(client, statements[1])
    assert "Link the budget table’s cells" in section.get_text()
    assert "Caption the videos presenting the AlpOSS meetings" in section.get_text()
    assert not section.select("[lang]")


# The French scheme is not the translators' to change -------------------------


# The translators' message, in their (French) admin.
REFUSED = "Les traducteurs ne modifient pas les contenus dans la langue source"


def refused(response) -> bool:
    """Sent back with the translators' message, or denied by Wagtail (403, or
    back to the dashboard), or a 404 for what they may not see."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code != 302:
        return False
    if response["Location"] == reverse("wagtailadmin_home"):
        return True
    shown = response.client.get(response["Location"])
    return any(REFUSED in str(m) for m in shown.context["messages"])


def deleted_none(response) -> bool:
    """Wagtail's bulk deletion leaves out what the user may not delete
    (translators have no « delete »): back to the listing, « 0 » deleted."""
    if response.status_code != 302:
        return False
    shown = response.client.get(response["Location"])
    return [str(m).split()[0] for m in shown.context["messages"]] == ["0"]


def form_of(manager_client, url: str, **changes) -> dict:
    """The form at `url` as a manager's browser sends it, with `changes`."""
    data = untouched_form_data(manager_client, url)
    data.update({name: [value] for name, value in changes.items()})
    return data


def bulk_delete(pk) -> str:
    url = reverse("wagtail_bulk_action", args=["accessibility", "scheme", "delete"])
    listing = reverse("wagtailsnippets_accessibility_scheme:list")
    return f"{url}?id={pk}&next={listing}"


ROUTES = {
    "edit view (GET)": lambda c, m, s: c.get(edit_url(s)),
    "edit view (POST)": lambda c, m, s: c.post(
        edit_url(s), form_of(m, edit_url(s), title="Schéma modifié")
    ),
    "edit view, an action deleted (POST)": lambda c, m, s: c.post(
        edit_url(s), form_of(m, edit_url(s), **{"actions-0-DELETE": "1"})
    ),
    "translation editor's « Publish » (POST)": lambda c, m, s: c.post(
        edit_url(s), {"action": "publish"}
    ),
    "revert to a revision (POST)": lambda c, m, s: c.post(
        reverse(
            "wagtailsnippets_accessibility_scheme:revisions_revert",
            args=[s.pk, s.latest_revision_id],
        ),
        form_of(m, edit_url(s), title="Schéma rétabli"),
    ),
    "delete view (GET)": lambda c, m, s: c.get(
        reverse("wagtailsnippets_accessibility_scheme:delete", args=[s.pk])
    ),
    "delete view (POST)": lambda c, m, s: c.post(
        reverse("wagtailsnippets_accessibility_scheme:delete", args=[s.pk])
    ),
    "bulk delete (POST)": lambda c, m, s: c.post(bulk_delete(s.pk)),
    "copy (POST)": lambda c, m, s: c.post(
        reverse("wagtailsnippets_accessibility_scheme:copy", args=[s.pk]),
        form_of(m, reverse("wagtailsnippets_accessibility_scheme:copy", args=[s.pk])),
    ),
    "create in French (POST)": lambda c, m, s: c.post(
        reverse("wagtailsnippets_accessibility_scheme:add") + "?locale=fr",
        form_of(m, edit_url(s), title="Autre schéma"),
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_translators_change_the_french_scheme_by_no_route(
    route, translator_client, manager_client, scheme
):
    before = french_state()
    response = ROUTES[route](translator_client, manager_client, scheme)
    if route == "bulk delete (POST)":
        assert deleted_none(response)
    else:
        assert refused(response), (response.status_code, response.get("Location"))
    assert french_state() == before
    # A manager's same request is not refused (the route is a real one).
    if route.endswith("(POST)") and "Publish" not in route:
        assert not refused(ROUTES[route](manager_client, manager_client, scheme))


def test_translators_do_not_translate_the_scheme_back_into_french(
    translator_client, scheme, django_capture_on_commit_callbacks
):
    """« Traduire » on the English scheme does not offer French; a submission
    into French changes nothing."""
    english = publish_translation(scheme, {"title": "Scheme"}, "en")
    before = french_state()
    url = submit_url(english)
    assert translator_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(url, {"locales": [Locale.get_default().pk]})
    assert response.status_code in (200, 403) or refused(response)
    assert french_state() == before


@pytest.fixture
def into_french(
    manager_client, audited_site, locales, django_capture_on_commit_callbacks
):
    """A scheme written in English (by a manager), translated into French by a
    manager: a translation into the source language."""
    english_scheme = Scheme.objects.create(
        locale=locales[1],
        title="Scheme written in English",
        start_year=2026,
        end_year=2026,
    )
    SchemeAction.objects.create(
        scheme=english_scheme,
        locale=locales[1],
        year=2026,
        title="Caption the videos",
        page=audited_site["contact"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            submit_url(english_scheme), {"locales": [locales[0].pk]}
        )
    assert response.status_code == 302
    translation = Translation.objects.get(
        source__object_id=english_scheme.translation_key, target_locale=locales[0]
    )
    segment = StringSegment.objects.filter(source=translation.source).first()
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locales[0],
        context=segment.context,
        data="Schéma de la responsable",
    )
    return translation


def json_call(client, method: str, url: str):
    return getattr(client, method)(
        url,
        urlencode({"value": "Texte de la traductrice"}),
        content_type="application/x-www-form-urlencoded",
    )


JSON_ROUTES = {
    "string (PUT)": ("put", "edit_string_translation", StringSegment),
    "string (DELETE)": ("delete", "edit_string_translation", StringSegment),
    "override (PUT)": ("put", "edit_override", OverridableSegment),
}


@pytest.mark.parametrize("route", JSON_ROUTES)
def test_translators_change_no_french_scheme_through_the_editors_endpoints(
    route, translator_client, into_french
):
    method, name, segments = JSON_ROUTES[route]
    segment = segments.objects.filter(source=into_french.source).first()
    assert segment is not None
    before = french_state()
    strings = list(StringTranslation.objects.values_list("data", flat=True))
    url = reverse(f"wagtail_localize:{name}", args=[into_french.pk, segment.pk])
    assert refused(json_call(translator_client, method, url))
    assert french_state() == before
    assert list(StringTranslation.objects.values_list("data", flat=True)) == strings
    # Nor by publishing that translation, nor by syncing it.
    french = into_french.get_target_instance()
    assert refused(translator_client.post(edit_url(french), {"action": "publish"}))
    sync = reverse("wagtail_localize:update_translations", args=[into_french.source.pk])
    assert refused(translator_client.post(sync, {}))
    assert french_state() == before
