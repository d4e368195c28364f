"""The editorial workflow through the admin views, with real users of each role
(home/roles.py): a writer drafts and submits, a manager approves or requests
changes, nothing goes live without a manager, a slug change keeps old links."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState, WorkflowTask

from news.models import NewsPage
from tests.helpers import add_page
from tests.news.test_admin import add_url, article_form_data
from tests.workflow.conftest import member

pytestmark = pytest.mark.django_db

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def submit_article(writer_client, news_index, categories, **overrides) -> NewsPage:
    """The writer fills in the new article form and submits it for moderation."""
    image = get_image_model().objects.first()
    data = article_form_data(image, [categories["evenements"]], **overrides)
    data["action-submit"] = "action-submit"
    response = writer_client.post(add_url(news_index), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return NewsPage.objects.get(slug=data["slug"])


def act(client, page, action: str, comment: str = "") -> None:
    """A manager's moderation action (« approve », « reject ») on the page's
    current task."""
    state = page.current_workflow_state
    assert state is not None, "the page is not in moderation"
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]


def test_a_writer_submits_an_article_and_cannot_publish_it(
    writer_client, manager, news_index, categories
):
    article = submit_article(writer_client, news_index, categories)
    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Client().get(article.url or "/actualites/alposs-2026/").status_code == 404

    # Publishing by hand is refused, through the form and the publish view.
    image = get_image_model().objects.first()
    data = article_form_data(image, [])
    data["action-publish"] = "action-publish"
    writer_client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert not article.live
    edit = writer_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert 'name="action-publish"' not in edit.content.decode()
    unpublish = writer_client.post(
        reverse("wagtailadmin_pages:unpublish", args=[article.pk])
    )
    assert unpublish.status_code in (302, 403)


def test_the_managers_are_told_in_their_own_language(
    writer_client, manager, django_user_model, news_index, categories
):
    english = member(django_user_model, "manager-en", "Responsables", language="en")
    submit_article(writer_client, news_index, categories)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "submitted for approval" in subjects[english.email]
    assert manager.email in subjects
    assert "submitted for approval" not in subjects[manager.email]
    assert "redactrice@ville.example" not in subjects, "the writer is not told"


def test_a_manager_approves_and_the_article_goes_live(
    writer, writer_client, manager_client, news_index, categories
):
    article = submit_article(writer_client, news_index, categories)
    mail.outbox.clear()
    act(manager_client, article, "approve", "Relu, parfait.")
    article.refresh_from_db()
    assert article.live
    assert Client().get(article.url).status_code == 200
    assert [m.to for m in mail.outbox] == [[writer.email]]
    assert article.get_latest_revision().user == writer


def test_requesting_changes_sends_the_article_back(
    writer, writer_client, manager_client, news_index, categories
):
    article = submit_article(writer_client, news_index, categories)
    mail.outbox.clear()
    act(manager_client, article, "reject", "Précisez la date de l'événement.")
    article.refresh_from_db()
    assert not article.live
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [[writer.email]]
    assert "Précisez la date" in mail.outbox[0].body
    # The writer sees the comment in the edit form and submits again.
    edit = writer_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert "Précisez la date" in edit.content.decode()


def test_an_edit_after_approval_needs_approving_again(
    writer_client, manager_client, news_index, categories
):
    """In a two-stage workflow, an edit made after the first approval sends the
    page back to that stage (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT); the
    writer cannot slip an edit in meanwhile (the page is locked to them)."""
    workflow = Page.get_first_root_node().get_workflow()
    task = workflow.tasks.first()
    second = type(task.specific).objects.create(name="Validation finale")
    second.groups.set(task.specific.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)

    article = submit_article(writer_client, news_index, categories)
    act(manager_client, article, "approve")
    article = NewsPage.objects.get(pk=article.pk)
    assert not article.live
    assert article.current_workflow_task.name == "Validation finale"

    image = get_image_model().objects.first()
    data = article_form_data(image, [], title="AlpOSS 2026 : 600 participants")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    # Under moderation, the page is locked to whoever is not its reviewer.
    writer_client.post(edit_url, data)
    assert NewsPage.objects.get(pk=article.pk).get_latest_revision().object_str != (
        "AlpOSS 2026 : 600 participants"
    )
    response = manager_client.post(edit_url, data)
    assert response.status_code == 302
    # Approving the last stage does not publish the edit: the first stage
    # approved an earlier version, so it comes back. The last stage's manager
    # approved the edit they made themselves (home/editorial/moderation.py): once the
    # first stage has read it, it goes live.
    act(manager_client, NewsPage.objects.get(pk=article.pk), "approve")
    article = NewsPage.objects.get(pk=article.pk)
    assert not article.live
    assert article.current_workflow_task.name == task.name, "back to stage one"
    act(manager_client, article, "approve")
    article = NewsPage.objects.get(pk=article.pk)
    assert article.live
    assert article.title == "AlpOSS 2026 : 600 participants"


def test_a_scheduled_article_goes_live_with_publish_scheduled(
    writer_client, manager_client, news_index, categories
):
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    article = submit_article(
        writer_client,
        news_index,
        categories,
        go_live_at=go_live_at.strftime(DATETIME_FORMAT),
    )
    act(manager_client, article, "approve")
    article.refresh_from_db()
    assert not article.live, "approved, but scheduled"

    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live, "published before its time"
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert Client().get(article.url).status_code == 200


def test_a_slug_change_keeps_the_old_address_answering(
    manager_client, home, django_capture_on_commit_callbacks
):
    from home.models import ContentPage

    page = add_page(
        home, ContentPage(title="Démarches", slug="demarches", introduction="")
    )
    old_url = page.url
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = {
        "title": "Démarches en ligne",
        "slug": "demarches-en-ligne",
        "introduction": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.url != old_url

    response = Client().get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)
    assert Client().get(page.url).status_code == 200


def test_a_writer_submits_a_menu_and_a_manager_publishes_it(
    writer_client, manager_client, home
):
    """Snippets with drafts (menus, awards) go through the same moderation."""
    from home.models import ContentPage, Menu
    from tests.test_admin import menu_form

    pages = [add_page(home, ContentPage(title="Mentions légales", slug="mentions"))]
    add = reverse("wagtailsnippets_home_menu:add") + "?locale=fr"
    response = writer_client.post(
        add, menu_form("footer", pages, **{"action-submit": "action-submit"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    menu = Menu.objects.get(location="footer", locale__language_code="fr")
    assert not menu.live
    state = menu.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS

    # The writer cannot publish it by hand.
    edit = reverse("wagtailsnippets_home_menu:edit", args=[menu.pk])
    writer_client.post(
        edit, menu_form("footer", pages, **{"action-publish": "action-publish"})
    )
    assert not Menu.objects.get(pk=menu.pk).live

    def approve() -> None:
        state = Menu.objects.get(pk=menu.pk).current_workflow_state
        response = manager_client.post(
            reverse(
                "wagtailsnippets_home_menu:workflow_action",
                args=[menu.pk, "approve", state.current_task_state.pk],
            ),
            {"comment": ""},
        )
        assert response.status_code in (200, 302)

    # The writer's later edit (a new draft) needs approving too.
    approve()
    assert not Menu.objects.get(pk=menu.pk).live
    approve()
    assert Menu.objects.get(pk=menu.pk).live
