"""Moderation in the real admin: the writer `editeur` submits an article, an
action, an award and a dataset from their editors (« Soumettre à … »); the
manager `responsable` opens each one's editor and clicks « Approuver ». Each is
then published: the pages answer residents, the article is on the news index,
the award on the awards page.

The drafts are copies of demo content, made on the demo server's data as the
writer's (`DemoServer.run`) and removed afterwards, so that the demo pages
other browser tests read are left as they were."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest

from tests.browser.conftest import sign_in, watch_other_hosts

pytestmark = pytest.mark.browser


# Run on the demo server's data (`DemoServer.run`): the writer's drafts, one of each
# kind, as JSON (kind, title, editor's path, public path).
MAKE_DRAFTS = r"""
import json, uuid
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from news.models import NewsPage
from policy.models import ActionPage, Award, DatasetPage

writer = get_user_model().objects.get(username="editeur")
french = Locale.objects.get(language_code="fr")
drafts = []
for kind, model in (("article", NewsPage), ("action", ActionPage),
                    ("dataset", DatasetPage)):
    source = model.objects.filter(locale=french, live=True).first()
    title = f"Essai de modération ({kind})"
    attrs = {"title": title, "slug": f"essai-moderation-{kind}", "live": False}
    if model is NewsPage:
        attrs["date"] = timezone.localdate()  # the newest: first on the index
    page = source.copy(
        update_attrs=attrs,
        keep_live=False, user=writer, log_action=None,
    ).specific
    page.save_revision(user=writer)
    drafts.append({"kind": kind, "title": title,
                   "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                   "public": page.get_url(None)})
award = Award.objects.filter(locale=french, live=True).first()
award.pk = award.id = None
award.translation_key = uuid.uuid4()
award.slug = "essai-moderation"
award.level = "niveau d'essai"
award.date = None
award.live = False
award.live_revision = award.latest_revision = None
award.save()
award.save_revision(user=writer)
drafts.append({"kind": "award", "title": award.level,
               "edit": reverse(Award.snippet_viewset.get_url_name("edit"),
                               args=[award.pk]),
               "public": "/prix-et-labels/"})
print(json.dumps(drafts))
"""


# Afterwards, the drafts are removed: the browser tests that follow read the demo
# site as it was (its counts, its translation status).
REMOVE_DRAFTS = r"""
from wagtail.models import Page
from policy.models import Award

for page in Page.objects.filter(slug__startswith="essai-moderation-"):
    page.delete()
Award.objects.filter(slug="essai-moderation").delete()
"""


@pytest.fixture
def drafts(demo_server) -> list[dict]:
    output = demo_server.run(MAKE_DRAFTS)
    yield json.loads(output.strip().splitlines()[-1])
    demo_server.run(REMOVE_DRAFTS)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def session(browser, site_url):
    """Signs a demo account in, in its own browser context; fails the test on a
    request to another host."""
    contexts = []
    foreign: list[list[str]] = []

    def signed_in_page(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        foreign.append(watch_other_hosts(context, site_url))
        page = context.new_page()
        sign_in(page, site_url, username)
        assert "/admin/login/" not in page.url, f"{username} could not sign in"
        return page

    yield signed_in_page
    for context in contexts:
        context.close()
    requested = [url for urls in foreign for url in urls]
    assert not requested, f"Requests to other hosts: {requested}"


def click_footer_action(page, selector: str) -> None:
    """Click an action of the editor's footer, opening « Plus d'actions » when it
    is in there, and wait for the page the form leads to."""
    footer = page.locator("footer.footer")
    button = footer.locator(selector).first
    if not button.is_visible():
        footer.locator("[data-w-dropdown-target='toggle']").first.click()
        button.wait_for(state="visible")
    with page.expect_navigation():
        button.click()


def messages(page) -> str:
    return page.locator(".messages").inner_text()


def test_a_writer_submits_and_a_manager_approves_from_the_editor(
    site_url, drafts, session
):
    assert [d["kind"] for d in drafts] == ["article", "action", "dataset", "award"]
    for draft in drafts:
        if draft["kind"] != "award":
            assert status(site_url + draft["public"]) == 404, draft

    writer = session("editeur")
    for draft in drafts:
        writer.goto(urljoin(site_url, draft["edit"]), wait_until="networkidle")
        click_footer_action(writer, "button[name='action-submit']")
        assert "envoyé" in messages(writer), (draft, messages(writer))

    manager = session("responsable")
    for draft in drafts:
        manager.goto(urljoin(site_url, draft["edit"]), wait_until="networkidle")
        click_footer_action(
            manager,
            "button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])",
        )
        assert "publiée" in messages(manager), (draft, messages(manager))
        assert "mise à jour" not in messages(manager)

    for draft in drafts:
        assert status(site_url + draft["public"]) == 200, draft
    article = next(d for d in drafts if d["kind"] == "article")
    assert article["title"] in read(site_url + "/actualites/")
    award = next(d for d in drafts if d["kind"] == "award")
    assert award["title"] in read(site_url + "/prix-et-labels/")
