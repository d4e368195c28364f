"""The master plan drawn for residents: counts per status and overall progress on
the plan, its axes and the home page, progress over time on the plan, each
indicator against its target on an action; each drawing with its figures in text,
in French and English, and pages that cost the same queries whatever the number
of actions."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from policy.models import (
    ActionIndicator,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    MasterPlanPage,
)
from tests.helpers import add_page, assert_page_basics, count_queries, publish, soup

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def status_table(section) -> dict[str, str]:
    return {
        text(row.th): text(row.td)
        for row in section.select(".policy-figures__table tr")
        if row.td is not None
    }


def assert_ids_unique(document) -> None:
    ids = [element["id"] for element in document.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def assert_drawings_safe(document) -> None:
    """No inline style (the CSP forbids it); every drawing either hidden from
    screen readers (its text sits next to it) or named."""
    assert not document.select("[style]")
    for svg in document.select("svg"):
        if svg.get("aria-hidden") == "true":
            continue
        assert svg["role"] == "img"
        for labelledby in svg["aria-labelledby"].split():
            assert text(document.find(id=labelledby))


def set_history(plan) -> None:
    """A made-up history: workshops 10 % then 40 %, telephony done; Wi-Fi never
    changed (planned, 0 %)."""
    ActionStatusChange.objects.all().delete()
    workshops = plan.actions["ateliers-numeriques"]
    telephony = plan.actions["telephonie-libre"]
    for action, date, status, progress in [
        (workshops, datetime.date(2022, 1, 10), ActionStatus.IN_PROGRESS, 10),
        (telephony, datetime.date(2023, 5, 2), ActionStatus.DONE, 100),
        (workshops, datetime.date(2024, 1, 8), ActionStatus.IN_PROGRESS, 40),
    ]:
        ActionStatusChange.objects.create(
            action=action, date=date, status=status, progress=progress
        )


@pytest.mark.parametrize(
    ("language", "summary", "rows", "heading"),
    [
        (
            "fr",
            f"Avancement global{NBSP}: 47{NBSP}%, moyenne de l'avancement des 3 "
            "actions non abandonnées.",
            {
                "Prévue": "1",
                "En cours": "1",
                "Réalisée": "1",
                "Abandonnée": "0",
                "Total": "3",
            },
            f"Où en est le schéma directeur{NBSP}?",
        ),
        (
            "en",
            "Overall progress: 47 %, the mean progress of the 3 actions not abandoned.",
            {
                "Planned": "1",
                "In progress": "1",
                "Done": "1",
                "Abandoned": "0",
                "Total": "3",
            },
            "Where the plan stands",
        ),
    ],
    ids=["french", "english"],
)
def test_the_plan_draws_its_counts_and_progress(
    client, plan, language, summary, rows, heading
):
    page = plan.plan if language == "fr" else plan.plan_en
    document = assert_page_basics(client.get(page.url), language)
    section = document.select_one(".policy-figures")
    assert section.h2.get_text() == heading
    # (0 + 40 + 100) / 3 = 46.67, shown 47 %.
    assert section.select_one(".policy-figures__summary").get_text() == summary
    assert status_table(section) == rows
    assert section.select_one(".policy-figures__table caption")
    assert [th["scope"] for th in section.select("thead th")] == ["col", "col"]
    bar = section.select_one("svg.policy-meter .policy-meter__fill")
    assert bar["width"] == "47%"
    segments = section.select("svg.policy-stack rect.policy-stack__segment")
    assert [(s["x"], s["width"]) for s in segments] == [
        ("0%", "33.33%"),
        ("33.33%", "33.33%"),
        ("66.67%", "33.33%"),
    ]
    # Each status is drawn with its own pattern, the one its table row shows.
    fills = [s["fill"] for s in segments]
    assert len(set(fills)) == 3
    swatches = [r["fill"] for r in section.select(".policy-swatch__box")]
    assert fills == swatches[:3]
    # The figures come before the axes; a single date of history draws no chart.
    assert "policy-axis" in section.find_next_sibling("section")["class"]
    assert section.select_one(".policy-timechart") is None
    assert_ids_unique(document)
    assert_drawings_safe(document)


def test_abandoned_actions_are_counted_but_not_averaged(client, plan):
    wifi = plan.actions["wi-fi-public"]
    wifi.status = ActionStatus.ABANDONED
    publish(wifi)
    section = soup(client.get(plan.plan.url)).select_one(".policy-figures")
    assert section.select_one(".policy-figures__summary").get_text() == (
        f"Avancement global{NBSP}: 70{NBSP}%, moyenne de l'avancement des 2 actions "
        "non abandonnées."
    )
    assert status_table(section)["Abandonnée"] == "1"
    assert status_table(section)["Prévue"] == "0"


def test_an_axis_draws_its_own_figures(client, plan):
    for page, language, heading in [
        (plan.axis, "fr", f"Où en est l'axe{NBSP}?"),
        (plan.axis_en, "en", "Where the axis stands"),
    ]:
        document = assert_page_basics(client.get(page.url), language)
        section = document.select_one(".policy-figures")
        assert section.h2.get_text() == heading
        assert "47" in text(section.select_one(".policy-figures__summary"))
        assert status_table(section)["Total"] == "3"
        # Over time is the plan's alone.
        assert section.select_one(".policy-timechart") is None
        assert_ids_unique(document)
        assert_drawings_safe(document)


def test_an_axis_without_actions_says_so(client, plan):
    ActionPage.objects.filter(pk__in=plan.actions.values()).update(live=False)
    section = soup(client.get(plan.axis.url)).select_one(".policy-figures")
    assert "Aucune action n'a encore été publiée." in text(section)
    assert section.select_one("svg") is None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_plan_draws_its_progress_over_time(client, plan, language):
    set_history(plan)
    page = plan.plan if language == "fr" else plan.plan_en
    document = assert_page_basics(client.get(page.url), language)
    figure = document.select_one(".policy-figures figure.policy-timechart")
    svg = figure.svg
    # Named by the heading above it and the sentence under it.
    title, desc = svg["aria-labelledby"].split()
    assert document.find(id=title).name == "h3"
    assert document.find(id=desc) == figure.figcaption
    # Years along the bottom, the plan's period (2020–2026), 0 to 100 % up the side.
    labels = [t.get_text() for t in svg.select("text")]
    assert labels[:5] == [
        f"{n}{NBSP if language == 'fr' else ' '}%" for n in (0, 25, 50, 75, 100)
    ]
    assert labels[5:] == [str(year) for year in range(2020, 2027)]
    assert svg.select_one("path.policy-timechart__points")["d"].count("h0") == 3
    assert svg.select_one("path.policy-timechart__line")["d"].startswith("M")
    # The table gives every point: 10 / 3, 110 / 3, 140 / 3.
    rows = [
        (row.time["datetime"], text(row.td))
        for row in document.select(".policy-timechart__details tbody tr")
    ]
    assert [(date, re.sub(r"\s", " ", value)) for date, value in rows] == [
        ("2022-01-10", "3 %"),
        ("2023-05-02", "37 %"),
        ("2024-01-08", "47 %"),
    ]
    caption = figure.figcaption.get_text()
    if language == "fr":
        assert caption == (
            f"De 3{NBSP}% le 10 janvier 2022 à 47{NBSP}% le 8 janvier 2024."
        )
    else:
        assert caption == "From 3 % on 10 January 2022 to 47 % on 8 January 2024."
    assert_ids_unique(document)
    assert_drawings_safe(document)


def test_the_action_page_draws_each_indicator_against_its_target(client, plan):
    action = plan.actions["ateliers-numeriques"]
    document = assert_page_basics(client.get(action.url), "fr")
    gauge = document.select_one(".policy-gauge")
    assert text(gauge.select_one(".policy-gauge__name")) == "Ateliers tenus (ateliers)"
    # 48 of the way from 0 to 120: 40 %.
    assert gauge.select_one(".policy-gauge__text").get_text(strip=True) == (
        f"40{NBSP}% du chemin parcouru entre la valeur initiale et la cible."
    )
    assert gauge.select_one(".policy-gauge__fill")["width"] == "40%"
    assert gauge.select_one(".policy-gauge__marker")["x"] == "40%"
    assert text(gauge.select_one(".policy-gauge__ends")) == (
        "Valeur initiale : 0 Actuellement : 48 Cible : 120"
    )
    assert gauge.svg["aria-hidden"] == "true"
    # The table stays the full text equivalent.
    assert document.select_one("table tbody tr")
    assert_ids_unique(document)
    assert_drawings_safe(document)

    english = soup(client.get(plan.actions_en["ateliers-numeriques"].url))
    assert text(english.select_one(".policy-gauge__text")) == (
        "40 % of the way from the baseline to the target."
    )


def test_decreasing_and_incomplete_indicators(client, plan):
    action = plan.actions["ateliers-numeriques"]
    action.indicators = [
        ActionIndicator(
            name="Serveurs physiques",
            baseline=Decimal(46),
            target=Decimal(20),
            current_value=Decimal(34),
        ),
        ActionIndicator(name="Sans cible", baseline=Decimal(3), current_value=5),
        ActionIndicator(name="Pas encore mesuré", baseline=0, target=Decimal(10)),
        ActionIndicator(
            name="Dépassé", baseline=0, target=Decimal(10), current_value=12
        ),
    ]
    publish(action)
    document = soup(client.get(action.url))
    gauges = {
        text(g.select_one(".policy-gauge__name")): g
        for g in document.select(".policy-gauge")
    }
    # No target: no bar, but still a row of the table.
    assert list(gauges) == ["Serveurs physiques", "Pas encore mesuré", "Dépassé"]
    assert len(document.select("table tbody tr")) == 4
    # From 46 down to 20, now 34: 12 of 26, 46 %, drawn left to right.
    servers = gauges["Serveurs physiques"]
    assert "policy-gauge--decreasing" in servers["class"]
    assert text(servers.select_one(".policy-gauge__text")) == (
        "46 % du chemin parcouru entre la valeur initiale et la cible. La cible est "
        "inférieure à la valeur initiale : plus la valeur baisse, mieux c'est."
    )
    assert servers.select_one(".policy-gauge__marker")["x"] == "46.15%"
    assert text(servers.select_one(".policy-gauge__ends")) == (
        "Valeur initiale : 46 Actuellement : 34 Cible : 20"
    )
    unmeasured = gauges["Pas encore mesuré"]
    assert text(unmeasured.select_one(".policy-gauge__text")) == "Pas encore mesuré."
    assert unmeasured.select_one(".policy-gauge__marker") is None
    passed = gauges["Dépassé"]
    assert text(passed.select_one(".policy-gauge__text")).startswith(
        "Cible atteinte : 120 %"
    )
    assert passed.select_one(".policy-gauge__marker")["x"] == "100%"


def test_an_action_without_indicators_draws_no_gauge(client, plan):
    document = soup(client.get(plan.actions["wi-fi-public"].url))
    assert document.select_one(".policy-gauges") is None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_shows_the_plan_progress(client, plan, language):
    home = plan.plan.get_parent() if language == "fr" else plan.plan_en.get_parent()
    document = assert_page_basics(client.get(home.url), language)
    section = document.select_one(".policy-home")
    page = plan.plan if language == "fr" else plan.plan_en
    assert section.h2.get_text() == page.title
    assert "47" in text(section.select_one(".policy-figures__summary"))
    assert status_table(section)["Total"] == "3"
    link = section.select_one(".policy-home__more a")
    assert link["href"] == page.url
    assert "2020–2026" in text(link)
    assert document.select_one('link[href$="css/policy-figures.css"]')
    assert_ids_unique(document)
    assert_drawings_safe(document)


def test_no_plan_section_without_a_live_plan(client, site_tree, plan):
    MasterPlanPage.objects.filter(pk=plan.plan.pk).update(live=False)
    document = soup(client.get(site_tree.home_fr.url))
    assert document.select_one(".policy-home") is None
    # The English plan is still live: its home page keeps the section.
    assert soup(client.get(site_tree.home_en.url)).select_one(".policy-home")


def test_no_plan_section_on_a_site_without_plan(client, site_tree):
    document = assert_page_basics(client.get(site_tree.home_fr.url), "fr")
    assert document.select_one(".policy-home") is None
    assert not document.select_one('link[href$="css/policy-figures.css"]')


@pytest.mark.engine
def test_drawn_pages_cost_the_same_queries_for_5_and_50_actions(client, plan):
    set_history(plan)
    day = datetime.date(2024, 6, 3)

    def add(count: int) -> None:
        for n in range(count):
            action = add_page(
                plan.objective,
                ActionPage(
                    title=f"Action {count}-{n}",
                    introduction="Une action de plus.",
                    status=ActionStatus.ABANDONED if n % 5 == 0 else "in_progress",
                    progress=n,
                ),
            )
            ActionStatusChange.objects.create(
                action=action,
                date=day + datetime.timedelta(days=n),
                status=action.status,
                progress=n,
            )

    add(2)  # five actions
    urls = [plan.plan.url, plan.axis.url, plan.plan.get_parent().url]
    with_five = [count_queries(client, url) for url in urls]
    add(45)
    assert [count_queries(client, url) for url in urls] == with_five
    document = soup(client.get(plan.plan.url))
    assert status_table(document.select_one(".policy-figures"))["Total"] == "50"
    # The table keeps the dates that move the rounded curve; the data has all.
    drawn = document.select(".policy-timechart__details tbody tr")
    series = client.get(plan.plan.url + "progress/csv/").content.decode("utf-8-sig")
    assert 10 < len(drawn) < len(series.strip().splitlines()) - 1
    assert len(series.strip().splitlines()) > 40
