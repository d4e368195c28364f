"""The editors' listing of the master plan's actions (« Actions du schéma
directeur »): what it shows, its filters, sorting and search, the way from it to
an action's edit view and back, who may see it, and its constant query count."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from policy.models import ActionPage, ActionStatus, AxisPage, ObjectivePage
from tests.helpers import add_page, count_queries, soup
from tests.policy.test_admin import PUBLISH, form_errors, level_form

pytestmark = pytest.mark.django_db

COLUMNS = ["title", "axis", "status", "progress", "department", "updated", "live"]
FRENCH = {"locale": "fr"}


def listing_url(**params: str) -> str:
    url = reverse("master_plan_actions:index")
    return f"{url}?{urlencode(params)}" if params else url


def rows(client: Client, **params: str) -> list[dict[str, str]]:
    """The listing's rows as the editor reads them, by column."""
    response = client.get(listing_url(**params))
    assert response.status_code == 200, response
    table = soup(response).select_one("table.listing")
    if table is None:
        return []
    assert len(table.select("thead th")) == len(COLUMNS)
    found = []
    for row in table.select("tbody tr"):
        cells = row.find_all("td", recursive=False)
        found.append(
            {
                name: " ".join(cell.get_text(" ", strip=True).split())
                for name, cell in zip(COLUMNS, cells, strict=True)
            }
        )
        # The title alone, without its language and the link to the live page.
        found[-1]["title"] = cells[0].select_one("[id$='_title']").get_text(strip=True)
        found[-1]["language"] = cells[0].select_one(".action-language").get_text()
        # The objective is under the axis.
        found[-1]["axis"] = cells[1].select_one(".action-axis").get_text(strip=True)
        found[-1]["objective"] = (
            cells[1].select_one(".action-objective").get_text(strip=True)
        )
    return found


def titles(client: Client, **params: str) -> list[str]:
    return [row["title"] for row in rows(client, **params)]


def edit_link(client: Client, title: str, **params: str) -> str:
    document = soup(client.get(listing_url(**params)))
    for link in document.select("table.listing td.title a[href*='/edit/']"):
        if link.get_text(strip=True) == title:
            return link["href"]
    raise AssertionError(f"no edit link for {title}")


@pytest.fixture
def moderator_client(client, django_user_model) -> Client:
    """A member of Wagtail's « Moderators »: edits and publishes pages."""
    user = django_user_model.objects.create_user("moderation", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


@pytest.fixture
def second_axis(plan) -> ActionPage:
    """Another axis of the French plan, with an objective and an unpublished
    action of the digital department."""
    axis = add_page(
        plan.plan, AxisPage(title="Sobriété", slug="sobriete", introduction="Moins.")
    )
    objective = add_page(
        axis,
        ObjectivePage(
            title="Durer plus longtemps", slug="durer", introduction="Réparer."
        ),
    )
    action = ActionPage(
        title="Reconditionner les postes",
        slug="reconditionner",
        introduction="Les ordinateurs durent plus longtemps.",
        status=ActionStatus.IN_PROGRESS,
        progress=60,
        department="Direction du numérique",
        live=False,
    )
    objective.add_child(instance=action)
    action.save_revision()
    return action


def test_the_listing_shows_every_action_with_its_axis_status_and_progress(
    admin_client, plan
):
    response = admin_client.get(listing_url())
    document = soup(response)
    assert document.title.get_text(strip=True).startswith("Actions du schéma directeur")
    headers = [
        " ".join(th.get_text(" ", strip=True).split())
        for th in document.select("table.listing thead th")
    ]
    assert headers[1:5] == ["Axe et objectif", "Statut", "Avancement", "Service"]
    assert headers[5] == "Dernière mise à jour"
    found = {row["title"]: row for row in rows(admin_client)}
    assert set(found) == {
        "Wi-Fi public",
        "Ateliers numériques",
        "Téléphonie libre",
        "Public Wi-Fi",
        "Digital workshops",
        "Free-software telephony",
    }
    workshops = found["Ateliers numériques"]
    assert workshops["axis"] == "Inclusion numérique"
    assert workshops["objective"] == "Accompagner les habitants"
    assert workshops["status"] == "en cours"
    assert workshops["progress"] == "40 %"
    assert workshops["department"] == "Service inclusion numérique"
    assert workshops["language"] == "Français"
    assert "publiée" in workshops["live"]
    english = found["Digital workshops"]
    assert (english["axis"], english["language"]) == ("Digital inclusion", "Anglais")
    done = found["Téléphonie libre"]
    assert (done["status"], done["progress"]) == ("réalisée", "100 %")


def test_each_filter_restricts_the_listing(admin_client, plan, second_axis):
    every_french = set(titles(admin_client, **FRENCH))
    assert len(every_french) == 4

    axis = AxisPage.objects.get(slug="sobriete")
    assert titles(admin_client, axis=str(axis.pk)) == ["Reconditionner les postes"]
    assert set(titles(admin_client, axis=str(plan.axis.pk))) == {
        "Wi-Fi public",
        "Ateliers numériques",
        "Téléphonie libre",
    }
    assert set(titles(admin_client, axis=str(plan.axis_en.pk))) == {
        "Public Wi-Fi",
        "Digital workshops",
        "Free-software telephony",
    }

    assert set(titles(admin_client, status=ActionStatus.IN_PROGRESS, **FRENCH)) == {
        "Ateliers numériques",
        "Reconditionner les postes",
    }
    assert titles(admin_client, status=ActionStatus.ABANDONED) == []

    assert set(titles(admin_client, department="Direction du numérique")) == {
        "Téléphonie libre",
        "Reconditionner les postes",
    }
    assert titles(admin_client, live="false") == ["Reconditionner les postes"]
    assert "Reconditionner les postes" not in titles(admin_client, live="true")

    english = set(titles(admin_client, locale="en"))
    assert english == {"Public Wi-Fi", "Digital workshops", "Free-software telephony"}
    assert every_french.isdisjoint(english)


def test_filters_combine(admin_client, plan, second_axis):
    assert titles(
        admin_client, status=ActionStatus.IN_PROGRESS, axis=str(plan.axis.pk)
    ) == ["Ateliers numériques"]


@pytest.mark.parametrize(
    "params",
    [
        {"axis": "abc"},
        {"axis": "999999"},
        {"status": "finished"},
        {"latest_revision_created_at_from": "yesterday"},
    ],
    ids=["axis-not-a-number", "unknown-axis", "unknown-status", "date-not-a-date"],
)
def test_a_filter_value_it_does_not_know_is_a_bad_request(admin_client, plan, params):
    response = admin_client.get(listing_url(**params))
    assert response.status_code == 400
    # The filter form says which value is wrong.
    assert soup(response).select(".error-message, .w-field__errors")


@pytest.mark.parametrize(
    "params",
    [{"ordering": "unknown"}, {"p": "abc"}, {"p": "999"}, {"q": "x" * 300}],
    ids=["unknown-ordering", "page-not-a-number", "page-too-far", "long-search"],
)
def test_odd_query_strings_still_give_the_listing(admin_client, plan, params):
    assert admin_client.get(listing_url(**params)).status_code == 200


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["Ateliers numériques", "Téléphonie libre", "Wi-Fi public"]),
        ("-title", ["Wi-Fi public", "Téléphonie libre", "Ateliers numériques"]),
        ("progress", ["Wi-Fi public", "Ateliers numériques", "Téléphonie libre"]),
        ("-progress", ["Téléphonie libre", "Ateliers numériques", "Wi-Fi public"]),
        # Status in the order an action goes through them.
        ("status_rank", ["Wi-Fi public", "Ateliers numériques", "Téléphonie libre"]),
        ("-status_rank", ["Téléphonie libre", "Ateliers numériques", "Wi-Fi public"]),
    ],
)
def test_sorting(admin_client, plan, ordering, expected):
    assert titles(admin_client, ordering=ordering, **FRENCH) == expected


def test_sorting_by_last_update(admin_client, plan):
    action = plan.actions["ateliers-numeriques"]
    action.save_revision()
    assert titles(admin_client, ordering="-latest_revision_created_at", **FRENCH)[
        0
    ] == ("Ateliers numériques")
    assert titles(admin_client, ordering="latest_revision_created_at", **FRENCH)[
        -1
    ] == ("Ateliers numériques")


def test_column_headers_offer_the_sorts(admin_client, plan):
    document = soup(admin_client.get(listing_url()))
    links = {a["href"] for a in document.select("table.listing thead th a")}
    for key in ("title", "status_rank", "progress", "latest_revision_created_at"):
        assert f"{listing_url()}?ordering={key}" in links


def test_search_by_title(admin_client, plan):
    assert titles(admin_client, q="ateliers") == ["Ateliers numériques"]
    assert titles(admin_client, q="workshops") == ["Digital workshops"]
    # Searching keeps the filters and the orders.
    assert titles(admin_client, q="Wi-Fi", **FRENCH) == ["Wi-Fi public"]
    assert titles(admin_client, q="public", locale="en") == ["Public Wi-Fi"]
    # Sorting search results by status falls back on the status field.
    assert set(titles(admin_client, q="a", ordering="-status_rank", **FRENCH)) >= {
        "Ateliers numériques",
    }


def test_edit_links_open_each_action_and_come_back_to_the_listing(admin_client, plan):
    action = plan.actions["telephonie-libre"]
    link = edit_link(admin_client, "Téléphonie libre", status="done")
    edit_url = reverse("wagtailadmin_pages:edit", args=[action.pk])
    assert link.startswith(edit_url + "?next=")
    response = admin_client.get(link)
    assert response.status_code == 200
    form = soup(response)
    assert form.find("input", attrs={"name": "title"})["value"] == "Téléphonie libre"
    assert form.find("input", attrs={"name": "next"})["value"] == listing_url(
        status="done"
    )


def test_an_editor_updates_status_and_progress_from_the_listing(moderator_client, plan):
    action = plan.actions["wi-fi-public"]
    link = edit_link(moderator_client, "Wi-Fi public", **FRENCH)
    data = level_form(
        ActionPage,
        action.title,
        action.slug,
        status=ActionStatus.IN_PROGRESS,
        progress="30",
        next=listing_url(**FRENCH),
        **PUBLISH,
    )
    response = moderator_client.post(link, data)
    assert response.status_code == 302
    assert response["Location"] == listing_url(**FRENCH)

    row = next(r for r in rows(moderator_client, **FRENCH) if "Wi-Fi" in r["title"])
    assert (row["status"], row["progress"]) == ("en cours", "30 %")
    assert titles(moderator_client, ordering="-latest_revision_created_at")[0] == (
        "Wi-Fi public"
    )
    latest = ActionPage.objects.get(pk=action.pk).history().last()
    assert (latest.status, latest.progress) == (ActionStatus.IN_PROGRESS, 30)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"status": ActionStatus.IN_PROGRESS, "progress": "150"},
            "progress",
            "L'avancement est un pourcentage, de 0 à 100.",
        ),
        (
            {"status": ActionStatus.DONE, "progress": "80"},
            "progress",
            "Une action réalisée est à 100",
        ),
        (
            {"start_date": "2025-01-01", "target_date": "2024-12-31"},
            "target_date",
            "La date cible ne peut pas précéder la date de début.",
        ),
    ],
    ids=["progress-150", "done-at-80", "target-before-start"],
)
def test_the_edit_form_opened_from_the_listing_explains_what_is_wrong(
    moderator_client, plan, changes, field, message
):
    action = plan.actions["wi-fi-public"]
    link = edit_link(moderator_client, "Wi-Fi public", **FRENCH)
    data = level_form(
        ActionPage,
        action.title,
        action.slug,
        next=listing_url(**FRENCH),
        **changes,
        **PUBLISH,
    )
    response = moderator_client.post(link, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert message in errors[field]
    # The page says the form was not saved, and the listing is unchanged.
    text = " ".join(soup(response).get_text(" ").split())
    assert "La page ne peut être enregistrée du fait d'erreurs de validation" in text
    row = next(r for r in rows(moderator_client, **FRENCH) if "Wi-Fi" in r["title"])
    assert (row["status"], row["progress"]) == ("prévue", "0 %")


def test_anonymous_visitors_are_sent_to_the_login(client, plan):
    response = client.get(listing_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_without_admin_access_is_refused(client, django_user_model, plan):
    user = django_user_model.objects.create_user("habitant", password="x")
    client.force_login(user)
    response = client.get(listing_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_admin_user_who_cannot_edit_pages_neither_sees_nor_opens_it(
    client, django_user_model, plan
):
    user = django_user_model.objects.create_user("lecture", password="x")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert listing_url() not in dashboard.content.decode()
    response = client.get(listing_url())
    # Wagtail sends them back to the dashboard, saying they may not go there.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Ateliers" not in response.content.decode()


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editors_find_it_in_the_menu(client, django_user_model, plan, group):
    user = django_user_model.objects.create_user("membre", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert listing_url() in dashboard.content.decode()
    assert "Ateliers numériques" in titles(client)


def test_translators_find_the_actions_but_do_not_publish_them(
    client, django_user_model, plan
):
    """Translators may edit, not publish, pages: the listing helps them find the
    action to translate; its edit view offers no publication. Their group comes
    from home's roles migration."""
    group = Group.objects.get(name="Traducteurs")
    user = django_user_model.objects.create_user("traduction", password="x")
    user.groups.add(group)
    client.force_login(user)
    assert "Digital workshops" in titles(client)
    edit = soup(client.get(edit_link(client, "Digital workshops")))
    assert edit.find(attrs={"name": "action-publish"}) is None


@pytest.mark.engine
def test_query_count_does_not_grow_with_the_actions(admin_client, plan):
    def add(count: int) -> None:
        for n in range(count):
            add_page(
                plan.objective,
                ActionPage(
                    title=f"Action {count}-{n}",
                    introduction="Une action de plus.",
                    status=ActionStatus.IN_PROGRESS,
                    progress=n,
                    department=f"Service {n % 3}",
                ),
            )

    add(2)  # five French actions
    urls = [
        listing_url(**FRENCH),
        listing_url(ordering="status_rank", **FRENCH),
        listing_url(status=ActionStatus.IN_PROGRESS, axis=str(plan.axis.pk)),
    ]
    assert len(rows(admin_client, **FRENCH)) == 5
    with_five = [count_queries(admin_client, url) for url in urls]
    add(9)  # a query per row shows at 14 rows as well as at 50
    assert len(rows(admin_client, **FRENCH)) == 14
    assert [count_queries(admin_client, url) for url in urls] == with_five
