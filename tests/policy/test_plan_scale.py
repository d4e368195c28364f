"""The master plan at a big city's scale: with 500 actions the plan page weighs
and reads as with 3, « All the actions » lists them 25 a page, filtered,
searched and sorted, the exports and the editors' listing read the same
queries. The 500 actions are the fixture's copied by policy.scale (the
benchmark's plan too): once per test process (the `large_plan` fixture,
tests/policy/conftest.py), unpublished until a test publishes them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policy.models import ActionPage, MasterPlanPage
from policy.scale import grow_plan
from tests.helpers import count_queries, soup

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 50 * 1024
LARGE = 500


def grow(plan, total: int = LARGE) -> None:
    grow_plan(MasterPlanPage.objects.get(pk=plan.plan.pk), total)


def titles(response) -> list[str]:
    return [
        a.get_text(strip=True) for a in soup(response).select(".policy-action__title a")
    ]


@pytest.mark.engine
def test_the_plan_page_stays_the_same_at_500_actions(client, plan, large_plan):
    url = plan.plan.url
    large_plan.grow(28)  # the demo plan's size
    small = count_queries(client, url)
    large_plan.grow()
    assert count_queries(client, url) == small
    response = client.get(url)
    assert len(response.content) <= PAGE_BUDGET, len(response.content)
    document = soup(response)
    # The plan's figures count every action; the axis links its actions.
    assert "500 actions" in document.select_one(".policy-figures").get_text(" ")
    axis = document.select_one(".policy-axis")
    link = axis.select_one(".policy-axis__more a")
    assert link["href"] == url + "actions/?axis=inclusion-numerique"
    assert "500" in link.get_text()
    objective = axis.select_one(".policy-objectives a")
    assert objective["href"] == plan.objective.url
    # No action is listed on the plan page itself: they are two clicks away.
    assert document.select(".policy-action") == []


@pytest.mark.engine
def test_all_the_actions_25_a_page_in_the_same_queries(client, plan, large_plan):
    url = plan.plan.url + "actions/"
    small = count_queries(client, url)
    small_search = count_queries(client, url + "?q=wi-fi&sort=progress&page=1")
    large_plan.grow()
    assert count_queries(client, url) == small
    assert count_queries(client, url + "?q=wi-fi&sort=progress&page=1") == (
        small_search
    )
    response = client.get(url)
    document = soup(response)
    assert len(response.content) <= PAGE_BUDGET
    assert len(document.select(".policy-action")) == 25
    assert document.h1.get_text(strip=True) == "Toutes les actions"
    status = document.select_one(".policy-results__count").get_text(" ", strip=True)
    assert "Le schéma compte 500 actions" in status
    assert "page 1 sur 20" in status
    pages = document.select_one("nav.policy-pagination")
    assert pages.select_one("a[aria-current=page]").get_text() == "1"
    assert pages.select_one("a[rel=next]")["href"] == "?page=2"
    second = titles(client.get(url + "?page=2"))
    assert len(second) == 25
    assert set(second).isdisjoint(titles(response))
    assert len(titles(client.get(url + "?page=20"))) == 25


def test_filters_search_and_sort(client, plan):
    grow(plan, 30)
    url = plan.plan.url + "actions/"
    found = titles(client.get(url, {"q": "wi-fi"}))
    assert found and all(title.startswith("Wi-Fi public") for title in found)
    assert len(found) == 10
    done = titles(client.get(url, {"status": "done"}))
    assert done and all(
        ActionPage.objects.get(title=title, locale__language_code="fr").status == "done"
        for title in done
    )
    by_progress = [
        ActionPage.objects.get(title=title, locale__language_code="fr").progress
        for title in titles(client.get(url, {"sort": "progress"}))
    ]
    assert by_progress == sorted(by_progress, reverse=True)
    least = [
        ActionPage.objects.get(title=title, locale__language_code="fr").progress
        for title in titles(client.get(url, {"sort": "progress_asc"}))
    ]
    assert least == sorted(least)
    assert client.get(url, {"sort": "recent"}).status_code == 200
    # The shared address keeps only what was chosen.
    response = client.get(url, {"q": "", "status": "done", "axis": "", "sort": ""})
    assert response.status_code == 302
    assert response.url == url + "?status=done"
    nothing = soup(client.get(url, {"q": "introuvable"}))
    assert "Aucune action ne correspond" in nothing.get_text()


def test_bad_addresses_are_told(client, plan):
    url = plan.plan.url + "actions/"
    for query in ({"status": "bientot"}, {"sort": "hasard"}, {"q": "x" * 101}):
        response = client.get(url, query)
        assert response.status_code == 400, query
        assert soup(response).select_one(".policy-filters__errors")
    assert client.get(url, {"page": "9"}).status_code == 404
    assert client.get(url, {"page": "abc"}).status_code == 404
    assert client.get(url + "?status=done&status=planned").status_code == 400


def test_the_plan_filters_addresses_still_work(client, plan):
    response = client.get(plan.plan.url, {"status": "done"})
    assert response.status_code == 302
    assert response.url == plan.plan.url + "actions/?status=done"
    assert titles(client.get(response.url)) == ["Téléphonie libre"]


def test_in_english(client, plan):
    url = plan.plan_en.url + "actions/"
    document = soup(client.get(url))
    assert document.h1.get_text(strip=True) == "All the actions"
    assert document.html["lang"] == "en"
    assert "Public Wi-Fi" in titles(client.get(url))


def download_queries(client, url: str) -> int:
    """The queries of a download read to its end (a streamed one runs its
    queries as it is read)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else b""
    assert body or not response.streaming
    return sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        for query in queries.captured_queries
    )


@pytest.mark.engine
def test_exports_and_the_admin_listing_at_500_actions(
    admin_client, client, plan, large_plan
):
    base = plan.plan.url
    urls = [
        base + "actions/csv/",
        base + "actions/json/",
        base + "actions/ods/",
        base + "actions/xlsx/",
        base + "progress/csv/",
    ]
    listing = reverse("master_plan_actions:index")
    small = [download_queries(client, url) for url in urls]
    small_listing = count_queries(admin_client, listing)
    large_plan.grow()
    assert [download_queries(client, url) for url in urls] == small
    assert count_queries(admin_client, listing) == small_listing
    csv_response = client.get(urls[0])
    assert csv_response.streaming
    rows = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert len(rows.strip().splitlines()) == LARGE + 1
    json_response = client.get(urls[1])
    assert json_response.streaming
    assert len(json_response.json()["actions"]) == LARGE
    # The chart draws the dates that move it; the data has every date.
    series = client.get(urls[4]).content.decode("utf-8-sig").strip().splitlines()
    assert series[0] == "date,progress,progress_rounded"
    document = soup(client.get(base))
    drawn = document.select(".policy-timechart__details tbody tr")
    assert 2 <= len(drawn) < len(series) - 1
    assert document.select_one(".policy-timechart__details a")["href"] == urls[4]


def test_the_demo_size_switch(plan):
    out = io.StringIO()
    call_command("scale_plan", "--actions", "12", stdout=out)
    assert "9 actions added: the plan holds 12." in out.getvalue()
    # Grown again, its copies keep unique addresses.
    call_command("scale_plan", "--actions", "20", stdout=out)
    slugs = list(
        ActionPage.objects.live()
        .descendant_of(plan.plan)
        .filter(locale_id=plan.plan.locale_id)
        .values_list("slug", flat=True)
    )
    assert len(slugs) == len(set(slugs)) == 20
    with pytest.raises(CommandError):
        call_command("scale_plan", "--actions", "0")
