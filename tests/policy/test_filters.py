"""Finding an action in « All the actions » (the plan's `actions/`, where the
plan page's form leads): filters by axis, status and department that combine,
can be shared as an address, say how many actions they keep, and refuse bad
values with a clear 400 page."""

from __future__ import annotations

import pytest

from policy.models import ActionPage, ActionStatus, AxisPage, ObjectivePage
from tests.helpers import add_page, assert_page_basics, count_queries, soup

pytestmark = pytest.mark.django_db


def actions_of(page) -> str:
    return page.url + "actions/"


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def titles(document) -> list[str]:
    return [text(a) for a in document.select(".policy-action__title a")]


def count(document) -> str:
    return text(document.select_one(".policy-results__count"))


def robots(document) -> str | None:
    meta = document.find("meta", attrs={"name": "robots"})
    return meta["content"] if meta else None


@pytest.fixture
def second_axis(plan) -> AxisPage:
    """A second axis with one done action of the « Direction du numérique »."""
    axis = add_page(
        plan.plan,
        AxisPage(title="Sobriété numérique", slug="sobriete-numerique"),
    )
    objective = add_page(
        axis, ObjectivePage(title="Faire durer le matériel", slug="faire-durer")
    )
    add_page(
        objective,
        ActionPage(
            title="Garder les ordinateurs sept ans",
            slug="garder-les-ordinateurs",
            introduction="Réparer plutôt que racheter.",
            status=ActionStatus.DONE,
            progress=100,
            department="Direction du numérique",
        ),
    )
    return axis


def test_the_unfiltered_plan_offers_the_filters(client, plan):
    document = assert_page_basics(client.get(actions_of(plan.plan)), "fr")
    form = document.select_one("form.policy-filters")
    assert form["method"] == "get"
    assert form["action"] == actions_of(plan.plan)
    # Every field has a visible label.
    for select in form.select("select"):
        assert document.select_one(f'label[for="{select["id"]}"]')
    assert [o["value"] for o in form.select("select[name=axis] option")] == [
        "",
        "inclusion-numerique",
    ]
    assert [text(o) for o in form.select("select[name=status] option")] == [
        "Tous les statuts",
        "Prévue",
        "En cours",
        "Réalisée",
        "Abandonnée",
    ]
    # Departments of the plan's actions, alphabetical, by slug.
    assert [
        (o["value"], text(o)) for o in form.select("select[name=department] option")
    ] == [
        ("", "Tous les services"),
        ("direction-du-numerique", "Direction du numérique"),
        ("service-inclusion-numerique", "Service inclusion numérique"),
    ]
    assert count(document) == "Le schéma compte 3 actions."
    assert document.select_one(".policy-results__count")["role"] == "status"
    assert robots(document) is None
    assert not form.find("a", string="Réinitialiser les filtres")


def test_a_status_filter_keeps_its_actions(client, plan):
    response = client.get(actions_of(plan.plan), {"status": "done"})
    document = assert_page_basics(response, "fr")
    assert titles(document) == ["Téléphonie libre"]
    assert count(document) == "1 action correspond à ces filtres."
    selected = document.select_one("select[name=status] option[selected]")
    assert selected["value"] == "done"
    assert "Statut : Réalisée" in text(document.select_one(".policy-active-filters"))
    reset = document.select_one(".policy-filters__actions a")
    assert (text(reset), reset["href"]) == (
        "Réinitialiser les filtres",
        actions_of(plan.plan),
    )
    # A filtered list is not a page for search engines.
    assert robots(document) == "noindex, follow"


def test_filters_combine_and_hide_empty_axes(client, plan, second_axis):
    base = actions_of(plan.plan)
    document = soup(client.get(base + "?department=direction-du-numerique"))
    assert titles(document) == ["Téléphonie libre", "Garder les ordinateurs sept ans"]
    assert count(document) == "2 actions correspondent à ces filtres."

    document = soup(
        client.get(base + "?axis=sobriete-numerique&department=direction-du-numerique")
    )
    assert titles(document) == ["Garder les ordinateurs sept ans"]
    assert [text(p) for p in document.select(".policy-action__where")] == [
        "Sobriété numérique › Faire durer le matériel"
    ]

    document = soup(client.get(base + "?axis=inclusion-numerique&status=in_progress"))
    assert titles(document) == ["Ateliers numériques"]
    # Removing one filter keeps the other.
    remove = document.select(".policy-active-filters a")
    assert [a["href"] for a in remove] == [
        "?status=in_progress",
        "?axis=inclusion-numerique",
    ]


def test_the_address_is_shareable(client, plan):
    """The form's field names are the query string's: submitting it gives the
    address, and the address alone gives the same list."""
    document = soup(client.get(actions_of(plan.plan)))
    names = {field["name"] for field in document.select("form.policy-filters select")}
    assert names == {"axis", "status", "department", "sort"}
    shared = actions_of(plan.plan) + "?axis=inclusion-numerique&status=planned"
    assert titles(soup(client.get(shared))) == ["Wi-Fi public"]


def test_no_match_is_an_empty_state_with_a_way_back(client, plan):
    response = client.get(actions_of(plan.plan), {"status": "abandoned"})
    document = assert_page_basics(response, "fr")
    assert titles(document) == []
    assert count(document) == "0 action correspond à ces filtres."
    empty = document.select_one(".policy-empty-state")
    assert "Aucune action ne correspond à ces filtres." in text(empty)
    assert empty.a["href"] == actions_of(plan.plan)
    assert robots(document) == "noindex, follow"


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("?axis=&status=done", "?status=done"),
        ("?axis=&status=&department=", ""),
        (
            "?status=+&department=direction-du-numerique",
            "?department=direction-du-numerique",
        ),
        ("?source=lettre&axis=", "?source=lettre"),
    ],
)
def test_empty_filters_redirect_to_the_clean_address(client, plan, query, clean):
    response = client.get(actions_of(plan.plan) + query)
    assert response.status_code == 302
    assert response["Location"] == actions_of(plan.plan) + clean


@pytest.mark.parametrize(
    "query",
    [
        "?axis=inconnu",
        "?axis=digital-inclusion",  # the English axis on the French plan
        "?axis=accompagner-les-habitants",  # an objective, not an axis
        "?status=finished",
        "?status=DONE",
        "?department=service-fantome",
        "?department=Direction+du+num%C3%A9rique",  # the name, not its slug
        "?status=done&status=planned",
        "?axis=inclusion-numerique&axis=inclusion-numerique",
        "?axis=" + "a" * 300,
        "?department=%ff",
        "?status=%3Cscript%3E",
    ],
)
def test_bad_filter_values_are_a_clear_400(client, plan, query):
    response = client.get(actions_of(plan.plan) + query)
    assert response.status_code == 400
    document = soup(response)
    assert len(document.find_all("h1")) == 1
    errors = document.select_one(".policy-filters__errors")
    assert "Ces filtres ne peuvent pas être appliqués" in text(errors)
    assert errors["role"] == "alert"
    assert titles(document) == []
    reset = document.select_one(".policy-filters__actions a")
    assert reset["href"] == actions_of(plan.plan)
    assert robots(document) == "noindex, follow"
    assert "<script>" not in response.content.decode()


def test_a_repeated_filter_says_so(client, plan):
    response = client.get(actions_of(plan.plan) + "?status=done&status=planned")
    errors = text(soup(response).select_one(".policy-filters__errors"))
    assert "Chaque filtre ne peut être donné qu'une fois." in errors


def test_an_unknown_axis_says_so(client, plan):
    response = client.get(actions_of(plan.plan) + "?axis=inconnu")
    errors = text(soup(response).select_one(".policy-filters__errors"))
    assert "Axe : Cet axe n'est pas un axe du schéma." in errors


@pytest.mark.parametrize("query", ["?status=%00", "?axis=a%00b", "?department=%00"])
def test_nul_characters_are_a_client_error(client, plan, query):
    assert client.get(actions_of(plan.plan) + query).status_code == 400


def test_departments_come_from_live_actions_only(client, plan):
    draft = ActionPage(
        title="Action en préparation",
        introduction="Pas encore.",
        department="Service fantôme",
        live=False,
    )
    plan.objective.add_child(instance=draft)
    document = soup(client.get(actions_of(plan.plan)))
    values = [o["value"] for o in document.select("select[name=department] option")]
    assert "service-fantome" not in values
    assert (
        client.get(actions_of(plan.plan) + "?department=service-fantome").status_code
        == 400
    )


def test_the_english_plan_filters_in_english(client, plan):
    url = actions_of(plan.plan_en)
    document = assert_page_basics(client.get(url, {"status": "done"}), "en")
    assert titles(document) == ["Free-software telephony"]
    assert count(document) == "1 action matches these filters."
    assert [o["value"] for o in document.select("select[name=department] option")] == [
        "",
        "digital-department",
        "digital-inclusion-department",
    ]
    document = soup(client.get(url, {"axis": "digital-inclusion"}))
    assert count(document) == "3 actions match these filters."
    assert client.get(url, {"axis": "inclusion-numerique"}).status_code == 400


@pytest.mark.engine
def test_query_counts_do_not_grow_with_actions_filtered_or_not(client, plan):
    def add(number: int) -> None:
        for n in range(number):
            add_page(
                plan.objective,
                ActionPage(
                    title=f"Action {number}-{n}",
                    introduction="Une action de plus.",
                    status=ActionStatus.IN_PROGRESS,
                    progress=n + 1,
                    department=f"Service {n % 4}",
                ),
            )

    add(2)  # five actions
    base = actions_of(plan.plan)
    urls = [
        base,
        base + "?status=in_progress",
        base + "?axis=inclusion-numerique&department=service-1",
        base + "?status=abandoned",
    ]
    with_five = [count_queries(client, url) for url in urls]
    add(45)
    assert [count_queries(client, url) for url in urls] == with_five
    assert count(soup(client.get(urls[1]))) == (
        "48 actions correspondent à ces filtres. (page 1 sur 2)"
    )


def test_the_plan_page_form_leads_to_all_the_actions(client, plan):
    document = assert_page_basics(client.get(plan.plan.url), "fr")
    form = document.select_one("form.policy-filters")
    assert form["method"] == "get"
    assert form["action"] == actions_of(plan.plan)
    assert {field["name"] for field in form.select("select, input")} == {
        "q",
        "axis",
        "status",
        "department",
    }
    assert count(document).startswith("Le schéma compte 3 actions.")
