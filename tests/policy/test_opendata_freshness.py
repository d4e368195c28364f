"""A dataset whose files the site generates (the master plan's exports) is as
fresh as its data: its last update is the plan's newest status change or
indicator measure, in the page, the catalogue, DCAT, SCDL and schema.org, at a
number of queries that does not grow with the datasets."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone
from rdflib import Graph, URIRef, namespace

from policy.catalogue import PER_PAGE
from policy.models import ActionIndicator, ActionStatusChange, DatasetResource
from tests.helpers import count_queries, soup
from tests.policy.test_opendata import FEW, MANY, ROUTES, add_catalogue, make_dataset
from tests.structured_data import by_type, json_ld

pytestmark = pytest.mark.django_db

EDITOR_DATE = datetime.date(2020, 1, 15)
API_DATASETS = "/api/v2/pages/?type=policy.DatasetPage&fields=modified,resources"


def plan_dataset(catalogue, plan, number: int = 1, **fields):
    base = plan.plan.url
    values = {
        "modified": EDITOR_DATE,
        "issued": datetime.date(2020, 1, 1),
        "resources": [
            DatasetResource(title="Actions (CSV)", url=base + "actions/csv/"),
            DatasetResource(title="Actions (JSON)", url=base + "actions/json/"),
        ],
    }
    return make_dataset(catalogue, number, **{**values, **fields})


def set_history_back() -> None:
    """The fixtures' history and measures moved to before the editor's date."""
    ActionStatusChange.objects.update(
        date=datetime.date(2019, 1, 1), corrected_date=None
    )
    ActionIndicator.objects.update(measured_on=None)


def dates_everywhere(client, catalogue, dataset) -> dict[str, str]:
    """The dataset's last update as each reader gets it."""
    response = client.get(dataset.url)
    page = soup(response)
    row = next(
        row
        for row in page.select("tr")
        if row.th and row.th.get_text(strip=True) == "Dernière mise à jour"
    )
    listing = client.get(catalogue.url)
    shown = {
        "page": row.select_one("time")["datetime"],
        "page JSON-LD": by_type(json_ld(response), "Dataset")[0]["dateModified"],
        "catalogue JSON-LD": by_type(json_ld(listing), "DataCatalog")[0]["dataset"][0][
            "dateModified"
        ],
        "catalogue card": soup(listing).select_one(".opendata-card time")["datetime"],
    }
    content = client.get(catalogue.url + "catalogue/csv/").content.decode("utf-8-sig")
    shown["SCDL"] = next(csv.DictReader(io.StringIO(content, newline="")))["DATE_MAJ"]
    graph = Graph().parse(
        data=client.get(catalogue.url + "dcat/turtle/").content, format="turtle"
    )
    node = URIRef("http://testserver" + dataset.url)
    shown["DCAT"] = str(graph.value(node, namespace.DCTERMS.modified))
    listed = client.get(API_DATASETS).json()["items"]
    shown["API"] = next(d for d in listed if d["id"] == dataset.pk)["modified"]
    shown["API page"] = client.get(f"/api/v2/pages/{dataset.pk}/").json()["modified"]
    return shown


def test_the_plan_dataset_takes_the_date_of_the_newest_change(client, plan):
    set_history_back()
    catalogue = add_catalogue(plan.plan.get_parent())
    dataset = plan_dataset(catalogue, plan)
    editor_date = {EDITOR_DATE.isoformat()}
    assert set(dates_everywhere(client, catalogue, dataset).values()) == editor_date

    action = plan.actions["ateliers-numeriques"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActionStatusChange.objects.create(
        action=action, date=yesterday, status="in_progress", progress=40
    )
    shown = dates_everywhere(client, catalogue, dataset)
    assert set(shown.values()) == {yesterday.isoformat()}, shown

    # A withdrawn entry says nothing; a measure dated in the future is a typo.
    ActionStatusChange.objects.filter(date=yesterday).update(correction="withdrawn")
    ActionIndicator.objects.create(
        page=action,
        locale=action.locale,
        name="Participants",
        measured_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert set(dates_everywhere(client, catalogue, dataset).values()) == editor_date

    # A newer measure of an indicator is new data too.
    measured = yesterday - datetime.timedelta(days=1)
    ActionIndicator.objects.create(
        page=action, locale=action.locale, name="Ateliers", measured_on=measured
    )
    shown = dates_everywhere(client, catalogue, dataset)
    assert set(shown.values()) == {measured.isoformat()}, shown


def test_a_later_date_given_by_the_editor_is_kept(client, plan):
    set_history_back()
    catalogue = add_catalogue(plan.plan.get_parent())
    later = timezone.localdate()
    dataset = plan_dataset(catalogue, plan, modified=later)
    yesterday = later - datetime.timedelta(days=1)
    ActionStatusChange.objects.create(
        action=plan.actions["ateliers-numeriques"],
        date=yesterday,
        status="in_progress",
        progress=40,
    )
    assert set(dates_everywhere(client, catalogue, dataset).values()) == {
        later.isoformat()
    }


def test_other_datasets_keep_the_editor_date(client, plan):
    catalogue = add_catalogue(plan.plan.get_parent())
    dataset = make_dataset(
        catalogue, 1, modified=EDITOR_DATE, issued=datetime.date(2020, 1, 1)
    )
    assert set(dates_everywhere(client, catalogue, dataset).values()) == {
        EDITOR_DATE.isoformat()
    }


@pytest.mark.engine
def test_queries_do_not_grow_with_generated_datasets(client, plan, subtests):
    """3 generated datasets, then 14: more than the catalogue shows on a page,
    built once for the listing and its three exports."""
    catalogue = add_catalogue(plan.plan.get_parent())
    for number in range(1, FEW + 1):
        plan_dataset(catalogue, plan, number)
    few = {route: count_queries(client, catalogue.url + route) for route in ROUTES}
    for number in range(FEW + 1, MANY + 1):
        plan_dataset(catalogue, plan, number)
    assert len(soup(client.get(catalogue.url)).select(".opendata-card")) == PER_PAGE
    for route in ROUTES:
        with subtests.test(route=route):
            assert count_queries(client, catalogue.url + route) == few[route]


@pytest.mark.engine
def test_api_queries_do_not_grow_with_generated_datasets(client, plan):
    catalogue = add_catalogue(plan.plan.get_parent())
    for number in range(1, 4):
        plan_dataset(catalogue, plan, number)
    url = API_DATASETS + "&limit=20"
    few = count_queries(client, url)
    for number in range(4, 15):
        plan_dataset(catalogue, plan, number)
    assert count_queries(client, url) == few
    assert len(client.get(url).json()["items"]) == 14


def test_the_home_page_lists_recent_datasets_by_the_date_shown(client, plan):
    """The generated dataset, typed older than the others, comes first among
    the recently updated ones once its data changed yesterday."""
    set_history_back()
    home = plan.plan.get_parent()
    catalogue = add_catalogue(home)
    dataset = plan_dataset(catalogue, plan, 1, title="Actions du plan")
    for number in range(2, 6):
        make_dataset(catalogue, number)  # updated in 2024, after the editor's date

    def recent() -> list[tuple[str, str]]:
        section = soup(client.get(home.url)).select_one(".opendata-home")
        return [
            (
                card.select_one(".opendata-card__title").get_text(strip=True),
                card.select_one("time")["datetime"],
            )
            for card in section.select(".opendata-card")
        ]

    assert "Actions du plan" not in [title for title, _ in recent()]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActionStatusChange.objects.create(
        action=plan.actions["ateliers-numeriques"],
        date=yesterday,
        status="in_progress",
        progress=40,
    )
    shown = recent()
    assert shown[0] == ("Actions du plan", yesterday.isoformat())
    assert [title for title, _ in shown] == ["Actions du plan", "Jeu 05", "Jeu 04"]
    assert dataset.modified == EDITOR_DATE  # nothing saved


@pytest.mark.engine
def test_home_page_queries_do_not_grow_with_datasets(client, plan):
    home = plan.plan.get_parent()
    catalogue = add_catalogue(home)
    plan_dataset(catalogue, plan, 1)
    make_dataset(catalogue, 2, featured=True)
    few = count_queries(client, home.url)
    for number in range(3, 12):
        plan_dataset(catalogue, plan, number)
        make_dataset(catalogue, number + 20, featured=number % 2 == 0)
    assert count_queries(client, home.url) == few
