"""The publishing calendar and the review dates, as editors read them in the
admin: the right pages, who scheduled them, per section, in a fixed number of
queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from home.models import ContentPage
from tests.helpers import add_page, soup
from tests.tree import add_article

pytestmark = pytest.mark.django_db


def content_page(parent: Page, slug: str, **fields) -> ContentPage:
    return ContentPage(title=slug.replace("-", " ").capitalize(), slug=slug, **fields)


def schedule(page: Page, parent: Page, user, go_live_at: datetime.datetime) -> Page:
    """A new page approved to go live at `go_live_at`, as the admin leaves it."""
    page.live = False
    parent.add_child(instance=page)
    page.go_live_at = go_live_at
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def table_rows(response, caption_start: str = "") -> list[list[str]]:
    rows = []
    for table in soup(response).select("main table"):
        for row in table.select("tbody tr"):
            rows.append(
                [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
            )
    return rows


def test_the_calendar_lists_what_goes_live_or_expires_in_two_weeks(
    home, manager, writer_client, django_user_model
):
    manager.first_name, manager.last_name = "Camille", "Martin"
    manager.save()
    now = timezone.now()
    schedule(
        content_page(home, "tarifs-2027"),
        home,
        manager,
        now + datetime.timedelta(days=3),
    )
    schedule(
        content_page(home, "plus-tard"),
        home,
        manager,
        now + datetime.timedelta(days=20),
    )
    expiring = add_page(home, content_page(home, "enquete-publique"), user=manager)
    expiring.expire_at = now + datetime.timedelta(days=5)
    expiring.save()

    response = writer_client.get(reverse("publishing_calendar"))
    assert response.status_code == 200
    rows = table_rows(response)
    assert [row[2] for row in rows] == ["Tarifs 2027", "Enquete publique"]
    assert rows[0][1] == "mise en ligne" and rows[1][1] == "expiration"
    assert rows[0][4] == "Camille Martin"
    assert rows[0][3] == "Page de contenu"
    link = soup(response).select_one("main tbody a")
    assert link["href"] == reverse(
        "wagtailadmin_pages:edit", args=[ContentPage.objects.get(slug="tarifs-2027").pk]
    )

    dashboard = writer_client.get(reverse("wagtailadmin_home"))
    panel = soup(dashboard).select_one("#publishing-calendar-section")
    assert panel is not None
    assert "Tarifs 2027" in panel.get_text()
    assert "Plus tard" not in panel.get_text()


def test_a_scheduled_menu_is_in_the_calendar(home, manager, writer_client):
    from home.models import Menu

    menu = Menu(location="footer", locale=home.locale, live=False)
    menu.save()
    menu.go_live_at = timezone.now() + datetime.timedelta(days=2)
    menu.save_revision(user=manager).publish(user=manager)
    rows = table_rows(writer_client.get(reverse("publishing_calendar")))
    assert [row[3] for row in rows] == ["Menu"]
    assert rows[0][2] == str(menu)
    assert rows[0][1] == "mise en ligne"


@pytest.mark.engine
def test_the_calendar_runs_the_same_queries_whatever_its_length(
    home, manager, manager_client
):
    from tests.helpers import count_queries

    now = timezone.now()

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            schedule(
                content_page(home, f"programme-{number}"),
                home,
                manager,
                now + datetime.timedelta(days=1, minutes=number),
            )

    add(2, 0)
    few = count_queries(manager_client, reverse("publishing_calendar"))
    add(8, 2)
    many = count_queries(manager_client, reverse("publishing_calendar"))
    assert len(table_rows(manager_client.get(reverse("publishing_calendar")))) == 10
    assert few == many


def age(page: Page, days: int) -> None:
    """Pretend the page was last published `days` days ago."""
    published = timezone.now() - datetime.timedelta(days=days)
    Page.objects.filter(pk=page.pk).update(
        last_published_at=published, first_published_at=published
    )


def test_pages_due_for_review_are_listed_per_section(
    home, news_index, writer_client, categories
):
    today = timezone.localdate()
    overdue = add_page(
        home,
        content_page(home, "tarifs", review_date=today - datetime.timedelta(days=1)),
    )
    old = add_page(home, content_page(home, "ancienne-page"))
    age(old, 400)
    recent = add_page(home, content_page(home, "page-recente"))
    age(recent, 100)
    later = add_page(
        home,
        content_page(
            home, "plus-tard", review_date=today + datetime.timedelta(days=60)
        ),
    )
    article = add_article(news_index, None, "Un vieil article", with_image=False)
    age(article, 800)
    soon = add_page(
        overdue,
        content_page(home, "bientot", review_date=today + datetime.timedelta(days=10)),
    )
    assert later and recent

    response = writer_client.get(reverse("pages_to_review"))
    assert response.status_code == 200
    document = soup(response)
    sections = {
        section.h2.get_text(" ", strip=True): [
            a.get_text(strip=True) for a in section.select("tbody th a")
        ]
        for section in document.select("main section")
    }
    # Each section lists its pages, earliest due first; the article is not due.
    assert sections == {
        "Tarifs (Français)": ["Tarifs", "Bientot"],
        "Ancienne page (Français)": ["Ancienne page"],
    }
    assert list(sections)[0] == "Tarifs (Français)", "in the tree's order"
    statuses = {
        row.th.get_text(strip=True): row.find_all("td")[-1].get_text(strip=True)
        for row in document.select("main tbody tr")
    }
    assert statuses["Tarifs"] == "Révision en retard"
    assert statuses["Bientot"] == "Bientôt à revoir"
    assert overdue.due_for_review_on == today - datetime.timedelta(days=1)
    assert soon.due_for_review_on == today + datetime.timedelta(days=10)

    panel = soup(writer_client.get(reverse("wagtailadmin_home"))).select_one(
        "#pages-to-review-section"
    )
    assert panel is not None and "Ancienne page" in panel.get_text()


def test_overdue_pages_are_flagged_in_the_page_listing_not_to_readers(
    client, home, writer_client
):
    overdue = add_page(home, content_page(home, "tarifs"))
    age(overdue, 400)
    add_page(home, content_page(home, "page-recente"))

    listing = writer_client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert listing.status_code == 200
    flagged = [
        row.select_one(".title-wrapper a").get_text(strip=True)
        for row in soup(listing).select("tbody tr")
        if "Révision en retard" in row.get_text()
    ]
    assert flagged == ["Tarifs"]
    public = client.get(overdue.url)
    assert public.status_code == 200
    assert "retard" not in public.content.decode()


@pytest.mark.engine
def test_the_review_list_runs_the_same_queries_whatever_its_length(home, writer_client):
    from tests.helpers import count_queries

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            page = add_page(home, content_page(home, f"ancienne-{number}"))
            age(page, 400)

    add(2, 0)
    few = count_queries(writer_client, reverse("pages_to_review"))
    add(8, 2)
    many = count_queries(writer_client, reverse("pages_to_review"))
    titles = soup(writer_client.get(reverse("pages_to_review"))).select("main tbody th")
    assert len(titles) == 10
    assert few == many
