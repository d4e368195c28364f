"""Approving publishes what was approved, by every path, and the messages say what
happened.

A writer submits from the editor, a manager approves: from the editor (the form
posted back as the browser posts it when « Approuver » is clicked: the untouched
form plus `action-workflow-action` and `workflow-action-name`), from the editor
with an edit of theirs, from the dashboard's action URL; an article, an action,
a dataset (pages), an award and a menu (the snippets with drafts). The workflow
is the one attached to the root page, whatever its name."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    Page,
    TaskState,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from home.roles import MANAGERS
from news.models import NewsPage
from policy.models import ActionPage, Award, AwardingBody, DatasetPage, DatasetResource
from tests.admin_form import untouched_form_data
from tests.policy.test_opendata import add_catalogue
from tests.workflow.test_moderation import submit_article

pytestmark = pytest.mark.django_db


def edit_url(instance) -> str:
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    viewset = type(instance).snippet_viewset
    return reverse(viewset.get_url_name("edit"), args=[instance.pk])


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def post_editor(client: Client, instance, changes: dict | None = None, **actions):
    """Post the edit form as the browser does: read untouched from the edit view,
    with `changes` typed in and the clicked button's `actions`."""
    url = edit_url(instance)
    data = untouched_form_data(client, url, type(instance))
    for name, value in {**(changes or {}), **actions}.items():
        data[name] = [value]
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def submit_from_editor(client: Client, instance):
    """The writer's « Soumettre pour modération »."""
    return post_editor(client, instance, **{"action-submit": "action-submit"})


def approve_from_editor(client: Client, instance, changes: dict | None = None):
    """The manager's « Approuver » in the editor: the button has no name, the
    admin's script adds these two inputs to the form."""
    return post_editor(
        client,
        instance,
        changes,
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )


def approve_from_dashboard(client: Client, instance):
    """« Approuver » in the dashboard's « En attente de votre vérification »."""
    state = instance.current_workflow_state
    if isinstance(instance, Page):
        name, args = "wagtailadmin_pages:workflow_action", [instance.pk]
    else:
        name = type(instance).snippet_viewset.get_url_name("workflow_action")
        args = [instance.pk]
    url = reverse(name, args=[*args, "approve", state.current_task_state.pk])
    response = client.post(url, {"comment": ""}, follow=True)
    assert response.status_code == 200
    return response


def in_moderation(instance) -> bool:
    state = fresh(instance).current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def draft_page(parent: Page, page: Page, user=None) -> Page:
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return fresh(page)


# What the tests moderate.


@pytest.fixture
def article(writer, writer_client, news_index, categories) -> NewsPage:
    return submit_article(writer_client, news_index, categories)


@pytest.fixture
def action(plan, writer, writer_client) -> ActionPage:
    page = draft_page(
        plan.objective,
        ActionPage(
            title="Bornes de recharge",
            slug="bornes-de-recharge",
            introduction="Des bornes sur le parking de la mairie.",
            live=False,
        ),
        writer,
    )
    submit_from_editor(writer_client, page)
    return fresh(page)


@pytest.fixture
def dataset(home, writer, writer_client) -> DatasetPage:
    page = DatasetPage(
        title="Budget primitif",
        slug="budget-primitif",
        introduction="Le budget voté.",
        description="Le budget primitif de la ville.",
        theme="GOVE",
        keywords="budget",
        producer="Direction des finances",
        licence="etalab-2.0",
        issued=datetime.date(2025, 1, 1),
        modified=datetime.date(2025, 1, 2),
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        frequency="ANNUAL",
        live=False,
    )
    page.resources = [
        DatasetResource(title="Données", url="https://example.org/budget.csv")
    ]
    page = draft_page(add_catalogue(home), page, writer)
    submit_from_editor(writer_client, page)
    return fresh(page)


@pytest.fixture
def award(site_tree, writer, writer_client) -> Award:
    body = AwardingBody.objects.create(
        locale=site_tree.locale_fr, name="ADULLACT", slug="adullact"
    )
    award = Award(
        locale=site_tree.locale_fr,
        awarding_body=body,
        slug="tnl-2026",
        name="Label Territoire Numérique Libre",
        year=2026,
        level="niveau 5",
        level_rank=5,
        live=False,
    )
    award.save()
    award.save_revision(user=writer)
    submit_from_editor(writer_client, award)
    return fresh(award)


@pytest.fixture
def menu(home, writer, writer_client):
    from home.models import Menu

    menu = Menu(
        locale=home.locale,
        location="footer",
        items=[("link", {"page": home, "url": "", "text": "Accueil"})],
        live=False,
    )
    menu.save()
    menu.save_revision(user=writer)
    submit_from_editor(writer_client, menu)
    return fresh(menu)


MODERATED = ["article", "action", "dataset", "award", "menu"]


@pytest.fixture(params=MODERATED)
def submitted(request, plan, news_index, categories, home):
    """Each of MODERATED in turn (the shared tree's layers they stand on are asked
    for here, as arguments)."""
    instance = request.getfixturevalue(request.param)
    assert in_moderation(instance), f"the writer's {request.param} is not submitted"
    assert not instance.live
    return instance


def assert_public(instance) -> None:
    instance = fresh(instance)
    assert instance.live
    assert not in_moderation(instance)
    if isinstance(instance, Page):
        assert Client().get(instance.url).status_code == 200


# The paths.


def test_the_writer_is_told_the_page_was_sent_for_approval(writer_client, plan, writer):
    page = draft_page(
        plan.objective,
        ActionPage(
            title="Fibre", slug="fibre", introduction="Le très haut débit.", live=False
        ),
        writer,
    )
    response = submit_from_editor(writer_client, page)
    assert in_moderation(page)
    assert "La page « Fibre » a été envoyée pour validation." in shown_messages(
        response
    )


def test_approving_the_untouched_editor_publishes(manager_client, submitted):
    response = approve_from_editor(manager_client, submitted)
    assert_public(submitted)
    messages = shown_messages(response)
    assert any("publiée" in message for message in messages), messages
    assert not any("mise à jour" in message for message in messages), messages
    if isinstance(submitted, Page):
        # Nothing was saved on top of what the writer submitted. (Wagtail's
        # snippet editor saves a revision with every action: the manager's
        # approval covers it, see home/editorial/moderation.py.)
        latest = fresh(submitted).get_latest_revision()
        assert latest.user.username == "redactrice"


def test_approving_from_the_dashboard_publishes(manager_client, submitted):
    response = approve_from_dashboard(manager_client, submitted)
    assert_public(submitted)
    assert any("publiée" in message for message in shown_messages(response))


def test_an_edit_made_while_approving_is_what_goes_live(manager_client, submitted):
    """One stage: the manager who corrects the text and approves in one click has
    read what they approve; it goes live as they left it."""
    if isinstance(submitted, Page):
        field, value = "title", "Corrigé"
    elif isinstance(submitted, Award):
        field, value = "level", "Corrigé"
    else:  # the menu
        field, value = "location", "main"
    response = approve_from_editor(manager_client, submitted, {field: value})
    assert_public(submitted)
    live = fresh(submitted)
    assert getattr(live, field) == value
    assert any("publiée" in message for message in shown_messages(response))


def test_a_published_article_is_on_the_index_feeds_and_sitemap(
    manager_client, article, news_index
):
    approve_from_editor(manager_client, article)
    article = fresh(article)
    client = Client()
    assert article.title in client.get(news_index.url).content.decode()
    rss = client.get(news_index.url + news_index.reverse_subpage("rss"))
    assert article.title in rss.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article.url in sitemap


def test_a_manager_approves_their_own_page(manager, manager_client, plan):
    page = draft_page(
        plan.objective,
        ActionPage(
            title="Fibre", slug="fibre", introduction="Le très haut débit.", live=False
        ),
        manager,
    )
    submit_from_editor(manager_client, page)
    assert in_moderation(page)
    response = approve_from_editor(manager_client, page)
    assert_public(page)
    assert "La page « Fibre » a été approuvée et publiée." in shown_messages(response)


def test_an_approved_award_is_on_the_awards_page(manager_client, award, home):
    from policy.models import AwardsPage
    from tests.helpers import add_page

    awards_page = add_page(
        home, AwardsPage(title="Prix et labels", slug="prix-et-labels")
    )
    approve_from_editor(manager_client, award)
    assert fresh(award).live
    page = Client().get(awards_page.url).content.decode()
    assert "niveau 5" in page


def test_the_workflow_report_lists_and_leads_to_the_editor(manager_client, action):
    """The workflow reports offer no action of their own: they lead to the
    editor, whose « Approuver » is tested above."""
    report = manager_client.get(reverse("wagtailadmin_reports:workflow"))
    html = report.content.decode()
    assert edit_url(action) in html
    assert "workflow_action" not in html and "/workflow/action/" not in html
    tasks = manager_client.get(reverse("wagtailadmin_reports:workflow_tasks"))
    assert tasks.status_code == 200
    assert "/workflow/action/" not in tasks.content.decode()


# Two stages.


@pytest.fixture
def two_stages(db):
    workflow = WorkflowPage.objects.get(page__depth=1).workflow
    first = workflow.tasks.first().specific
    second = type(first).objects.create(name="Validation finale")
    second.groups.set([Group.objects.get(name=MANAGERS)])
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=99)
    return first, second


def test_approving_an_edit_at_the_last_stage_asks_the_first_again(
    two_stages, manager_client, writer_client, plan, writer
):
    """The first stage approved the writer's version; an edit made at the last
    stage is new to it: the page goes back to it, and the message says so."""
    first, second = two_stages
    page = draft_page(
        plan.objective,
        ActionPage(
            title="Fibre", slug="fibre", introduction="Le très haut débit.", live=False
        ),
        writer,
    )
    submit_from_editor(writer_client, page)
    response = approve_from_editor(manager_client, fresh(page))
    assert fresh(page).current_workflow_task.name == second.name
    assert any(second.name in message for message in shown_messages(response))

    response = approve_from_editor(manager_client, fresh(page), {"title": "Fibre !"})
    page = fresh(page)
    assert not page.live
    assert page.current_workflow_task.name == first.name
    messages = shown_messages(response)
    assert any(
        "Validation à refaire : la page « Fibre ! » a changé depuis" in message
        for message in messages
    ), messages

    # The last stage approved the edit it made: once the first stage has read
    # it, it goes live.
    response = approve_from_editor(manager_client, page)
    assert_public(page)
    assert fresh(page).title == "Fibre !"
    assert "La page « Fibre ! » a été approuvée et publiée." in shown_messages(response)
    approvals = TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_APPROVED
    )
    assert [state.task_id for state in approvals.order_by("pk")] == [
        first.pk,
        second.pk,
        first.pk,
    ]


def test_a_manager_who_reads_the_admin_in_english_is_told_in_english(
    django_user_model, writer_client, action
):
    from tests.workflow.conftest import logged_in, member

    english = member(django_user_model, "manager-en", MANAGERS, language="en")
    response = approve_from_editor(logged_in(english), action)
    assert_public(action)
    assert "Page 'Bornes de recharge' has been approved and published." in (
        shown_messages(response)
    )


def test_an_approval_that_schedules_says_when_it_goes_live(
    manager_client, writer_client, writer, plan
):
    go_live_at = timezone.localtime() + datetime.timedelta(days=3)
    page = draft_page(
        plan.objective,
        ActionPage(
            title="Fibre",
            slug="fibre",
            introduction="Le très haut débit.",
            live=False,
            go_live_at=go_live_at,
        ),
        writer,
    )
    submit_from_editor(writer_client, page)
    response = approve_from_editor(manager_client, fresh(page))
    page = fresh(page)
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None
    messages = shown_messages(response)
    assert any(
        "La page « Fibre » a été approuvée ; elle sera publiée le" in m
        for m in messages
    ), messages


def test_an_edit_by_another_manager_needs_approving_again(
    django_user_model, manager_client, action
):
    """The approval covers only the approver's own edits: after a colleague's,
    the task starts again, and the message says why."""
    from tests.workflow.conftest import logged_in, member

    colleague = logged_in(member(django_user_model, "collegue", MANAGERS))
    post_editor(colleague, action, {"introduction": "Relu par une collègue."})
    response = approve_from_dashboard(manager_client, fresh(action))
    action = fresh(action)
    assert not action.live
    assert in_moderation(action)
    messages = shown_messages(response)
    assert any(
        "Validation à refaire : la page « Bornes de recharge » a changé depuis" in m
        for m in messages
    ), messages
    response = approve_from_dashboard(manager_client, action)
    assert_public(action)
    assert fresh(action).introduction == "Relu par une collègue."
