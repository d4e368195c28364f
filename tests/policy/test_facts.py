"""Facts follow the source at once (home.translation.facts): published in French through
the admin's edit form, a status, a progress, a date, a budget or an indicator's figure
reads the same on the English page, in its structured data, in the exports and in
the API in the same moment, without a translator's sync and without a revision
waiting for anyone."""

from __future__ import annotations

import json

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from home.translation.facts import FACTS
from policy.models import (
    ActionIndicator,
    ActionPage,
    DatasetPage,
    DatasetResource,
    MasterPlanPage,
)
from tests.admin_form import untouched_form_data
from tests.helpers import soup, use_languages
from tests.policy.awards.conftest import _awards_layer, awards  # noqa: F401
from tests.policy.test_opendata import catalogue, wifi  # noqa: F401  (fixtures)
from tests.structured_data import by_type, json_ld
from tests.tree import translate

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
EXPORT = "/en/digital-master-plan/actions/json/"
SLUG = "ateliers-numeriques"


def publish_from_editor(client, page, changes: dict[str, str]) -> None:
    """The editor's « Publier » on the French page, with `changes` typed in."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = untouched_form_data(client, url, type(page))
    for name, value in changes.items():
        data[name] = [value]
    data["action-publish"] = ["action-publish"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def exported(client) -> dict:
    actions = client.get(EXPORT).json()["actions"]
    return next(action for action in actions if action["slug"] == "digital-workshops")


def from_api(client, page_type: str) -> dict:
    response = client.get(API, {"type": page_type, "locale": "en", "fields": "*"})
    assert response.status_code == 200
    [item] = [
        item
        for item in response.json()["items"]
        if page_type != "policy.ActionPage"
        or item["meta"]["slug"] == "digital-workshops"
    ]
    return item


def facts_text(client, url: str) -> str:
    document = soup(client.get(url))
    return " ".join(document.select_one("main").get_text(" ").split())


# The dataset and award facts first: they stand on smaller layers of the shared
# tree (tests/tree.py) than the plan's, which the rest then builds only once.

DATASET_FACTS = [
    pytest.param(
        "licence",
        "etalab-2.0",
        {"license": "https://spdx.org/licenses/etalab-2.0.html"},
        id="licence",
    ),
    pytest.param(
        "temporal_start",
        "2023-06-01",
        {"temporalCoverage": "2023-06-01/2024-12-31"},
        id="temporal_start",
    ),
    pytest.param(
        "temporal_end",
        "2025-06-30",
        {"temporalCoverage": "2024-01-01/2025-06-30"},
        id="temporal_end",
    ),
    pytest.param("issued", "2023-03-01", {"datePublished": "2023-03-01"}, id="issued"),
    pytest.param(
        "modified", "2025-02-03", {"dateModified": "2025-02-03"}, id="modified"
    ),
    pytest.param("theme", "ENVI", {}, id="theme"),
    # A SIRET whose check digit is valid (La Poste's head office).
    pytest.param("producer_siret", "35600000000048", {}, id="producer_siret"),
    pytest.param("frequency", "MONTHLY", {}, id="frequency"),
]


@pytest.fixture
def wifi_en(catalogue, wifi):  # noqa: F811
    translate(catalogue, {"title": "Open data", "slug": "open-data"})
    return translate(
        wifi,
        {
            "title": "Public Wi-Fi access points",
            "slug": "public-wi-fi",
            "description": "Where to connect.",
            "resources": [
                DatasetResource(title=f"Resource {number}", url=resource.url)
                for number, resource in enumerate(wifi.resources.all())
            ],
        },
    )


@pytest.mark.parametrize(("name", "typed", "structured"), DATASET_FACTS)
def test_a_dataset_fact_reads_the_same_in_english_at_once(
    admin_client,
    client,
    wifi,  # noqa: F811
    wifi_en,
    name,
    typed,
    structured,
):
    catalogue_en = wifi_en.get_parent()
    client.get(wifi_en.url)
    client.get(catalogue_en.url + "catalogue/csv/")

    publish_from_editor(admin_client, wifi, {name: typed})

    [data] = by_type(json_ld(client.get(wifi_en.url)), "Dataset")
    for key, value in structured.items():
        assert data[key] == value
    response = client.get(
        API, {"type": "policy.DatasetPage", "locale": "en", "fields": name}
    )
    [item] = response.json()["items"]
    assert item[name] == typed
    # The English catalogue's exports: DCAT (JSON-LD) and the SCDL table.
    english = DatasetPage.objects.get(pk=wifi_en.pk)
    value = getattr(english, f"{name}_uri", typed)
    if name != "producer_siret":  # DCAT names the publisher, not its SIRET.
        dcat = client.get(catalogue_en.url + "dcat/jsonld/").json()
        assert value in json.dumps(dcat)
    if name not in {"licence", "theme", "frequency"}:
        scdl = client.get(catalogue_en.url + "catalogue/csv/")
        assert typed in scdl.content.decode("utf-8-sig")


def awards_from_api(client, page) -> dict[str, dict]:
    data = client.get(f"{API}{page.pk}/").json()
    return {award["anchor"]: award for award in data["awards"]}


def organisation_awards(client, url: str) -> list[str]:
    [organisation] = [block for block in json_ld(client.get(url)) if "award" in block]
    return organisation["award"]


AWARD_FACTS = [
    pytest.param("tnl-2021", "year", "2020", 2020, id="year"),
    pytest.param("tnl-2022", "date", "2022-12-01", "2022-12-01", id="date"),
    pytest.param("tnl-2021", "level_rank", "3", 3, id="level_rank"),
]


@pytest.mark.parametrize(("slug", "name", "typed", "value"), AWARD_FACTS)
def test_an_award_fact_reads_the_same_in_english_at_once(
    admin_client,
    client,
    awards,  # noqa: F811
    slug,
    name,
    typed,
    value,
):
    award = awards.awards[slug]
    english = awards.awards_en[slug]
    client.get(awards.page_en.url)
    url = reverse(type(award).snippet_viewset.get_url_name("edit"), args=[award.pk])
    data = untouched_form_data(admin_client, url, type(award))
    data[name] = [typed]
    data["action-publish"] = ["action-publish"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    assert awards_from_api(client, awards.page_en)[english.anchor][name] == value
    english = type(english).objects.get(pk=english.pk)
    assert english.name == awards.awards_en[slug].name  # still translated
    assert not english.has_unpublished_changes
    card = soup(client.get(awards.page_en.url)).find(id=english.anchor)
    if name == "year":
        assert typed in card.get_text(" ")
        assert any(typed in label for label in organisation_awards(client, "/en/"))


ACTION_FACTS = [
    pytest.param(
        {"status": "done", "progress": "100"},
        ["Done", "Progress: 100 %"],
        {"status": "done", "progress": 100},
        id="status-and-progress",
    ),
    pytest.param(
        {"start_date": "2023-02-01"},
        ["1 February 2023"],
        {"start_date": "2023-02-01"},
        id="start_date",
    ),
    pytest.param(
        {"target_date": "2027-12-31"},
        ["31 December 2027"],
        {"target_date": "2027-12-31"},
        id="target_date",
    ),
    pytest.param({"budget": "20000.00"}, ["€20,000"], {"budget": 20000}, id="budget"),
]


@pytest.mark.parametrize(("changes", "page_text", "values"), ACTION_FACTS)
def test_an_action_fact_reads_the_same_in_english_at_once(
    admin_client, client, plan, changes, page_text, values
):
    action = plan.actions[SLUG]
    english = plan.actions_en[SLUG]
    revisions = english.revisions.count()
    before = facts_text(client, english.url)  # warms the page cache
    for text in page_text:
        assert text not in before

    publish_from_editor(admin_client, action, changes)

    shown = facts_text(client, english.url)
    for text in page_text:
        assert text in shown
    export = exported(client)
    api = from_api(client, "policy.ActionPage")
    for name, value in values.items():
        assert export[name] == value, name
        assert api[name] == value, name
    # Nothing for a translator to approve: no new revision, no pending change.
    english = ActionPage.objects.get(pk=english.pk)
    assert english.revisions.count() == revisions
    assert not english.has_unpublished_changes
    for name in values:
        assert (
            english.latest_revision.content[name]
            == (english.live_revision.content[name])
        )


# The indicators' table: baseline, current value, target, measured on.
COLUMNS = ("baseline", "current_value", "target", "measured_on")
INDICATOR_FACTS = [
    pytest.param("baseline", "5.00", 5, "5", id="baseline"),
    pytest.param("target", "150.00", 150, "150", id="target"),
    pytest.param("current_value", "60.00", 60, "60", id="current_value"),
    pytest.param(
        "measured_on", "2026-01-15", "2026-01-15", "15 January 2026", id="measured_on"
    ),
]


def indicator_cells(client, url: str) -> dict[str, str]:
    heading = soup(client.get(url)).find(
        "th", string=lambda s: s and s.startswith("Workshops held")
    )
    assert heading is not None
    cells = heading.find_parent("tr").find_all("td")
    return {
        name: cell.get_text(strip=True)
        for name, cell in zip(COLUMNS, cells, strict=True)
    }


@pytest.mark.parametrize(("name", "typed", "value", "text"), INDICATOR_FACTS)
def test_an_indicator_figure_reads_the_same_in_english_at_once(
    admin_client, client, plan, name, typed, value, text
):
    action = plan.actions[SLUG]
    english = plan.actions_en[SLUG]
    assert indicator_cells(client, english.url)[name] != text

    publish_from_editor(admin_client, action, {f"indicators-0-{name}": typed})

    assert indicator_cells(client, english.url)[name] == text
    [exported_indicator] = exported(client)["indicators"]
    [api_indicator] = from_api(client, "policy.ActionPage")["indicators"]
    assert exported_indicator[name] == value
    assert api_indicator[name] == value
    # The indicator is still the translated one.
    assert exported_indicator["name"] == "Workshops held"


PLAN_FACTS = [
    pytest.param(
        {"period_start": "2019"}, ("temporalCoverage", "2019/2026"), id="period_start"
    ),
    pytest.param(
        {"period_end": "2030"}, ("temporalCoverage", "2020/2030"), id="period_end"
    ),
    pytest.param(
        {"adoption_date": "2021-04-02"},
        ("dateCreated", "2021-04-02"),
        id="adoption_date",
    ),
]


@pytest.mark.parametrize(("changes", "structured"), PLAN_FACTS)
def test_a_plan_fact_reads_the_same_in_english_at_once(
    admin_client, client, plan, changes, structured
):
    english_url = plan.plan_en.url
    client.get(english_url)

    publish_from_editor(admin_client, plan.plan, changes)

    [data] = [
        block
        for block in json_ld(client.get(english_url))
        if "temporalCoverage" in block
    ]
    key, value = structured
    assert data[key] == value
    export = client.get(EXPORT).json()["plan"]
    api = from_api(client, "policy.MasterPlanPage")
    english = MasterPlanPage.objects.get(pk=plan.plan_en.pk)
    for name in changes:
        typed = getattr(english, name)
        assert str(typed) == changes[name]
        assert str(api[name]) == changes[name]
    assert export["period"] == {
        "start": english.period_start,
        "end": english.period_end,
    }
    assert export["adoption_date"] == english.adoption_date.isoformat()


def test_a_translator_publishing_later_keeps_the_new_facts(admin_client, client, plan):
    """wagtail-localize rebuilds a translation from its copy of the source: that
    copy follows the facts too, so a later publication brings nothing old back."""
    action = plan.actions[SLUG]
    english = plan.actions_en[SLUG]
    publish_from_editor(
        admin_client,
        action,
        {"status": "done", "progress": "100", "indicators-0-current_value": "120.00"},
    )
    source = TranslationSource.objects.get_for_instance(action)
    translation = Translation.objects.get(source=source, target_locale=english.locale)
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)

    english = ActionPage.objects.get(pk=english.pk)
    assert (english.status, english.progress) == ("done", 100)
    assert english.indicators.get().current_value == 120
    assert english.title == "Digital workshops"
    assert "Progress: 100 %" in facts_text(client, english.url)


def test_facts_are_synchronised_and_not_overridable():
    """Every field listed in FACTS is declared to wagtail-localize as following
    the source (so a translator's editor shows it read-only)."""
    from django.apps import apps
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    for label, names in FACTS.items():
        model = apps.get_model(label)
        fields = {field.field_name: field for field in get_translatable_fields(model)}
        for name in names:
            assert isinstance(fields[name], SynchronizedField), (label, name)
            assert not fields[name].overridable, (label, name)
    assert set(FACTS["policy.ActionIndicator"]) <= {
        field.name for field in ActionIndicator._meta.fields
    }


def test_an_article_date_reads_the_same_in_english_at_once(admin_client, client, plan):
    english_url = plan.article_en.url
    client.get(english_url)

    publish_from_editor(admin_client, plan.article, {"date": "2025-09-15"})

    document = soup(client.get(english_url))
    assert document.find("time", datetime="2025-09-15") is not None
    [article] = by_type(json_ld(client.get(english_url)), "NewsArticle")
    assert article["datePublished"].startswith("2025-09-15")
    response = client.get(
        API, {"type": "news.NewsPage", "locale": "en", "fields": "date"}
    )
    dates = {item["id"]: item["date"] for item in response.json()["items"]}
    assert dates[plan.article_en.pk] == "2025-09-15"


def arabic_action(action: ActionPage, publish: bool) -> ActionPage:
    """The action's Arabic translation, made as wagtail-localize makes it."""
    arabic = Locale.objects.get(language_code="ar")
    source = TranslationSource.objects.get_for_instance(action)
    translation = Translation.objects.create(source=source, target_locale=arabic)
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=publish)
    return ActionPage.objects.get(translation_key=action.translation_key, locale=arabic)


def test_every_language_follows_live_or_draft(settings, admin_client, client, plan):
    """With Arabic configured, a translation still in draft (submitted, never
    published) follows too: its row and the revision a translator continues."""
    use_languages(settings, "fr,en,ar")
    action = plan.actions[SLUG]
    draft = arabic_action(action, publish=False)
    assert not draft.live

    publish_from_editor(admin_client, action, {"status": "done", "progress": "100"})

    draft = ActionPage.objects.get(pk=draft.pk)
    assert (draft.status, draft.progress) == ("done", 100)
    content = draft.latest_revision.content
    assert (content["status"], content["progress"]) == ("done", 100)
    assert not draft.live
    english = ActionPage.objects.get(pk=plan.actions_en[SLUG].pk)
    assert (english.status, english.progress) == ("done", 100)


def test_a_live_arabic_translation_reads_the_new_facts_at_once(
    settings, admin_client, client, plan
):
    """With Arabic configured, a published Arabic action shows the French
    page's new status and progress in the same request cycle: on its page (the
    cached copy included) and in the API."""
    use_languages(settings, "fr,en,ar")
    action = plan.actions[SLUG]
    page = arabic_action(action, publish=True)
    assert page.live
    bar = soup(client.get(page.url)).select_one(".policy-status__bar")
    assert bar["value"] != "100"  # and the page is now in the cache

    publish_from_editor(admin_client, action, {"status": "done", "progress": "100"})

    document = soup(client.get(page.url))
    assert document.html["lang"] == "ar"
    assert document.select_one(".policy-status__bar")["value"] == "100"
    response = client.get(
        API, {"type": "policy.ActionPage", "locale": "ar", "fields": "status,progress"}
    )
    [item] = [item for item in response.json()["items"] if item["id"] == page.pk]
    assert (item["status"], item["progress"]) == ("done", 100)
