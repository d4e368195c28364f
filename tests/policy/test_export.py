"""The plan's actions as open data: CSV and JSON at stable addresses, linked from
the plan page, in the page's language, that spreadsheets and programs read back
exactly — and that cannot run a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import timezone

from policy.export import COLUMNS
from policy.models import ActionPage, ActionStatus
from tests.helpers import add_page, count_queries, publish, soup

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "=cmd|' /C calc'!A0; \"Wi-Fi\" public\nen deux lignes"


def csv_rows(response) -> list[dict[str, str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the byte order mark
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    assert header == list(COLUMNS)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_export(client, plan):
    response = client.get(plan.plan.url + "actions/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"] == (
        'attachment; filename="schema-directeur-du-numerique-actions.csv"'
    )
    assert response["Cache-Control"] == "public, max-age=3600"
    rows = csv_rows(response)
    assert [row["slug"] for row in rows] == [
        "wi-fi-public",
        "ateliers-numeriques",
        "telephonie-libre",
    ]
    workshops = rows[1]
    action = plan.actions["ateliers-numeriques"]
    today = timezone.localdate().isoformat()  # published by the test tree
    assert {key: value for key, value in workshops.items() if key != "indicators"} == {
        "id": str(action.pk),
        "key": str(action.translation_key),
        "slug": "ateliers-numeriques",
        "url": "http://testserver" + action.url,
        "title": "Ateliers numériques",
        "summary": "Des ateliers gratuits chaque semaine.",
        "axis": "Inclusion numérique",
        "objective": "Accompagner les habitants",
        "status": "in_progress",
        "status_label": "en cours",
        "progress": "40",
        "department": "Service inclusion numérique",
        "start_date": "2022-01-10",
        "target_date": "2026-06-30",
        "budget": "12500",
        "last_change": today,
    }
    assert json.loads(workshops["indicators"]) == [
        {
            "name": "Ateliers tenus",
            "unit": "ateliers",
            "baseline": 0,
            "target": 120,
            "current_value": 48,
            "measured_on": "2025-09-30",
        }
    ]
    # Empty values are empty cells, not "None".
    wifi = rows[0]
    assert (wifi["department"], wifi["budget"], wifi["start_date"]) == ("", "", "")
    assert wifi["indicators"] == ""


def test_csv_neutralises_formulas_and_round_trips(client, plan):
    action = plan.actions["wi-fi-public"]
    action.title = HOSTILE_TITLE
    action.introduction = "+33 4 76 00 00 00; appelez « vite »"
    action.department = "@SUM(1+1)"
    action.budget = "1234.5"
    publish(action)
    rows = csv_rows(client.get(plan.plan.url + "actions/csv/"))
    assert len(rows) == 3  # the newline and the quotes split nothing
    row = rows[0]
    assert row["title"] == "'" + HOSTILE_TITLE
    assert row["summary"] == "'+33 4 76 00 00 00; appelez « vite »"
    assert row["department"] == "'@SUM(1+1)"
    assert row["budget"] == "1234.5"
    assert row["axis"] == "Inclusion numérique"  # the next cells are in place
    # Text that only contains such characters further on is left alone.
    assert rows[2]["title"] == "Téléphonie libre"

    data = client.get(plan.plan.url + "actions/json/").json()
    # JSON is not read by spreadsheets: the text is exactly the editors'.
    assert data["actions"][0]["title"] == HOSTILE_TITLE
    assert data["actions"][0]["department"] == "@SUM(1+1)"
    assert data["actions"][0]["budget"] == 1234.5


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_formula_prefixes(value, cell):
    from policy.export import neutralise

    assert neutralise(value) == cell


def test_json_export(client, plan):
    response = client.get(plan.plan.url + "actions/json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'inline; filename="schema-directeur-du-numerique-actions.json"'
    )
    assert response["Cache-Control"] == "public, max-age=3600"
    # UTF-8 as is, not \u escapes.
    assert "Inclusion numérique".encode() in response.content
    data = json.loads(response.content.decode("utf-8"))
    assert data["plan"] == {
        "title": "Schéma directeur du numérique",
        "url": "http://testserver" + plan.plan.url,
        "language": "fr",
        "period": {"start": 2020, "end": 2026},
        "adoption_date": "2021-03-29",
        "deliberation": "Délibération n° 2021-045",
        "columns": list(COLUMNS),
    }
    actions = data["actions"]
    assert [list(action) for action in actions] == [list(COLUMNS)] * 3
    workshops = actions[1]
    assert workshops["budget"] == 12500
    assert workshops["progress"] == 40
    assert workshops["indicators"][0]["measured_on"] == "2025-09-30"
    assert actions[0]["indicators"] == []
    assert actions[0]["start_date"] is None
    assert actions[2]["status"] == "done"


def test_the_english_export_is_in_english_with_the_same_columns(client, plan):
    assert plan.plan_en.url == "/en/digital-master-plan/"
    rows = csv_rows(client.get("/en/digital-master-plan/actions/csv/"))
    assert [row["title"] for row in rows] == [
        "Public Wi-Fi",
        "Digital workshops",
        "Free-software telephony",
    ]
    workshops = rows[1]
    assert workshops["axis"] == "Digital inclusion"
    assert workshops["objective"] == "Support residents"
    assert workshops["status_label"] == "in progress"
    assert workshops["department"] == "Digital inclusion department"
    assert json.loads(workshops["indicators"])[0]["name"] == "Workshops held"
    # The history is shared by the translations.
    french = csv_rows(client.get(plan.plan.url + "actions/csv/"))
    assert workshops["last_change"] == french[1]["last_change"]

    response = client.get("/en/digital-master-plan/actions/json/")
    assert "digital-master-plan-actions.json" in response["Content-Disposition"]
    data = response.json()
    assert data["plan"]["language"] == "en"
    assert data["plan"]["deliberation"] == "Deliberation no. 2021-045"


def test_drafts_and_hidden_branches_are_not_exported(client, plan):
    draft = ActionPage(title="Action en préparation", introduction="Non.", live=False)
    plan.objective.add_child(instance=draft)
    rows = csv_rows(client.get(plan.plan.url + "actions/csv/"))
    assert "Action en préparation" not in [row["title"] for row in rows]
    # An unpublished objective hides its actions, as on the plan page.
    plan.objective.unpublish()
    assert csv_rows(client.get(plan.plan.url + "actions/csv/")) == []
    assert client.get(plan.plan.url + "actions/json/").json()["actions"] == []


def test_the_plan_page_links_its_exports(client, plan):
    document = soup(client.get(plan.plan.url))
    section = document.select_one(".policy-open-data")
    assert section.h2.get_text(strip=True) == "Données ouvertes"
    links = {a["type"]: a for a in section.select("a")}
    assert links["text/csv"]["href"] == plan.plan.url + "actions/csv/"
    assert links["application/json"]["href"] == plan.plan.url + "actions/json/"
    spreadsheets = {
        "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    }
    for media_type, extension in spreadsheets.items():
        assert links[media_type]["href"] == plan.plan.url + f"actions/{extension}/"
        assert f"({extension.upper()})" in links[media_type].get_text()
    assert "Les actions du schéma (CSV)" in links["text/csv"].get_text()
    for link in links.values():
        assert client.get(link["href"]).status_code == 200
    alternates = document.select("head link[rel=alternate][type]")
    assert {link["type"] for link in alternates} >= {"text/csv", "application/json"}
    assert {link["type"] for link in alternates} >= set(spreadsheets)


@pytest.mark.engine
def test_export_query_counts_do_not_grow_with_actions(client, plan):
    def add(number: int) -> None:
        for n in range(number):
            add_page(
                plan.objective,
                ActionPage(
                    title=f"Action {number}-{n}",
                    introduction="Une action de plus.",
                    status=ActionStatus.IN_PROGRESS,
                    progress=n + 1,
                ),
            )

    add(2)  # five actions
    urls = [plan.plan.url + "actions/csv/", plan.plan.url + "actions/json/"]
    with_five = [count_queries(client, url) for url in urls]
    add(9)  # a query per action shows at 14 actions as well as at 50
    assert [count_queries(client, url) for url in urls] == with_five
    assert len(csv_rows(client.get(urls[0]))) == 14
