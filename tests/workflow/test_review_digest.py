"""The review digest: each section's managers get one e-mail listing that
section's pages due for review, in their admin language; writers get none."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from home.models import ContentPage
from tests.helpers import add_page
from tests.tree import add_article
from tests.workflow.conftest import member

pytestmark = pytest.mark.django_db


def overdue(parent: Page, slug: str) -> Page:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = ContentPage(title=slug.capitalize(), slug=slug, review_date=yesterday)
    return add_page(parent, page)


def test_each_manager_gets_the_pages_of_their_sections(
    home, news_index, writer, manager, django_user_model
):
    overdue(home, "tarifs")
    old_news = add_article(news_index, None, "Archive", with_image=False)
    old_news.review_date = timezone.localdate()
    old_news.save_revision().publish()
    english = member(django_user_model, "manager-en", "Responsables", language="en")
    # A manager of the news section only.
    news_desk = Group.objects.create(name="Responsables actualités")
    GroupPagePermission.objects.create(
        group=news_desk,
        page=news_index,
        permission=Permission.objects.get(codename="publish_page"),
    )
    journalist = member(django_user_model, "journaliste", None)
    journalist.groups.add(news_desk)

    out = io.StringIO()
    call_command("send_review_digest", stdout=out)
    assert "3 digest(s) sent." in out.getvalue()
    mails = {message.to[0]: message for message in mail.outbox}
    assert set(mails) == {manager.email, english.email, journalist.email}
    assert writer.email not in mails

    french = mails[manager.email]
    assert french.subject == "2 pages à revoir"
    assert "Tarifs" in french.body and "Archive" in french.body
    assert "en retard depuis" in french.body
    assert f"http://testserver/admin/pages/{old_news.pk}/edit/" in french.body
    assert mails[english.email].subject == "2 pages to review"
    assert mails[journalist.email].subject == "1 page à revoir"
    assert "Tarifs" not in mails[journalist.email].body


def test_nothing_due_sends_nothing(home, manager):
    add_page(home, ContentPage(title="Récente", slug="recente"))
    call_command("send_review_digest", stdout=io.StringIO())
    assert mail.outbox == []


def test_a_dry_run_sends_nothing(home, manager):
    overdue(home, "tarifs")
    out = io.StringIO()
    call_command("send_review_digest", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert manager.email in out.getvalue()
