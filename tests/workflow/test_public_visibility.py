"""Draft, scheduled and private pages are invisible to the public everywhere: at
their address, in listings, search, the sitemap, the feeds, the home page and
the exports of the plan and the open-data catalogue, and the read-only API. A
live public page is the control: it shows up in each."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import SiteMapPage
from policy.models import ActionPage, DatasetPage, DatasetResource, OpenDataPage
from tests.helpers import add_page
from tests.tree import add_article

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": "Brouillon confidentiel",
    "scheduled": "Annonce programmée confidentielle",
    "private": "Note interne confidentielle",
}
VISIBLE = "Article public témoin"


@pytest.fixture
def pages(home, news_index, plan):
    add_page(home, SiteMapPage(title="Plan du site", slug="plan-du-site"))
    made = {"visible": add_article(news_index, None, VISIBLE, with_image=False)}
    made["draft"] = add_article(
        news_index, None, HIDDEN["draft"], with_image=False, publish=False
    )
    scheduled = add_article(
        news_index, None, HIDDEN["scheduled"], with_image=False, publish=False
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    made["scheduled"] = scheduled
    private = add_article(news_index, None, HIDDEN["private"], with_image=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    made["private"] = private
    # The same for the plan's actions, which its exports list.
    objective = plan.objective
    draft_action = ActionPage(
        title="Action brouillon confidentielle",
        slug="action-brouillon",
        introduction="Pas encore décidée.",
        live=False,
    )
    objective.add_child(instance=draft_action)
    draft_action.save_revision()
    private_action = add_page(
        objective,
        ActionPage(
            title="Action interne confidentielle",
            slug="interne",
            introduction="Réservée aux services.",
        ),
    )
    PageViewRestriction.objects.create(
        page=private_action, restriction_type="password", password="secret"
    )
    made["plan"] = plan.plan
    # And for the open-data catalogue, which its DCAT and SCDL exports list.
    catalogue = add_page(
        home, OpenDataPage(title="Données ouvertes", slug="donnees-ouvertes")
    )
    for title, slug, live in (
        ("Jeu public témoin", "jeu-public", True),
        ("Jeu brouillon confidentiel", "jeu-brouillon", False),
        ("Jeu interne confidentiel", "jeu-interne", True),
    ):
        dataset = DatasetPage(
            title=title,
            slug=slug,
            introduction="Un jeu de données.",
            description="Des données.",
            theme="GOVE",
            producer="Direction du numérique",
            issued=datetime.date(2025, 1, 1),
            modified=datetime.date(2025, 6, 1),
            temporal_start=datetime.date(2024, 1, 1),
            temporal_end=datetime.date(2024, 12, 31),
            licence="etalab-2.0",
            frequency="ANNUAL",
            live=live,
        )
        dataset.resources = [
            DatasetResource(title="Fichier", url="https://example.org/d.json")
        ]
        if live:
            add_page(catalogue, dataset)
        else:
            catalogue.add_child(instance=dataset)
            dataset.save_revision()
    PageViewRestriction.objects.create(
        page=DatasetPage.objects.get(slug="jeu-interne"),
        restriction_type="password",
        password="secret",
    )
    made["catalogue"] = catalogue
    return made


def public_texts(pages) -> dict[str, str]:
    client = Client()
    index = pages["visible"].get_parent()
    plan_url = pages["plan"].url
    catalogue_url = pages["catalogue"].url
    addresses = {
        "home page": "/",
        "news index": index.url,
        "RSS": index.url + "rss/",
        "Atom": index.url + "atom/",
        "search": reverse("search") + "?q=confidentiel",
        "search (control)": reverse("search") + "?q=témoin",
        "sitemap.xml": "/sitemap.xml",
        "site map page": "/plan-du-site/",
        "plan": plan_url,
        "plan CSV": plan_url + "actions/csv/",
        "plan JSON": plan_url + "actions/json/",
        "catalogue": catalogue_url,
        "DCAT JSON-LD": catalogue_url + "dcat/jsonld/",
        "DCAT Turtle": catalogue_url + "dcat/turtle/",
        "SCDL CSV": catalogue_url + "catalogue/csv/",
        "API": "/api/v2/pages/?limit=100",
        "API datasets": "/api/v2/pages/?type=policy.DatasetPage&limit=100",
        "API actions": "/api/v2/pages/?type=policy.ActionPage&limit=100",
        "API search": "/api/v2/pages/?search=confidentiel",
    }
    texts = {}
    for name, address in addresses.items():
        response = client.get(address)
        assert response.status_code == 200, (name, address, response.status_code)
        texts[name] = response.content.decode()
    return texts


def test_hidden_pages_appear_nowhere_public(pages):
    texts = public_texts(pages)
    leaks = [
        (where, title)
        for where, text in texts.items()
        for title in [
            *HIDDEN.values(),
            "Action brouillon",
            "Action interne",
            "Jeu brouillon",
            "Jeu interne",
        ]
        if title in text
    ]
    assert leaks == []
    for where in (
        "news index",
        "RSS",
        "Atom",
        "search (control)",
        "site map page",
        "API",
    ):
        assert VISIBLE in texts[where], where
    for where in ("catalogue", "DCAT JSON-LD", "DCAT Turtle", "SCDL CSV"):
        assert "Jeu public témoin" in texts[where], where
    assert f"/{pages['visible'].slug}/</loc>" in texts["sitemap.xml"]
    for page in (pages["draft"], pages["scheduled"], pages["private"]):
        assert f"/{page.slug}/</loc>" not in texts["sitemap.xml"]


def test_hidden_pages_do_not_answer_at_their_address(pages):
    client = Client()
    for kind in ("draft", "scheduled"):
        page = pages[kind]
        address = f"{pages['visible'].get_parent().url}{page.slug}/"
        assert client.get(address).status_code == 404, kind
    private = client.get(pages["private"].url)
    body = private.content.decode()
    assert 'type="password"' in body, "a password form instead of the article"
    assert "Introduction de" not in body
    assert "Un paragraphe de texte" not in body
