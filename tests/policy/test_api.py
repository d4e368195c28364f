"""The read-only API (/api/v2/): what other sites and portals read of the plan
and the news, filtered by type and language; never a draft nor a private page;
throttled; open to other origins for GET only; described by its OpenAPI
document, which its answers follow."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from openapi_spec_validator import validate
from wagtail.models import PageViewRestriction

from home.models import ContentPage
from policy.models import ActionPage, ActionStatus
from tests.helpers import add_page
from tests.openapi_check import check_document, errors

API = "/api/v2/pages/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def items(client, **params) -> list[dict]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.mark.django_db
def test_actions_are_served_with_their_status_and_progress(client, plan):
    found = items(client, type="policy.ActionPage", locale="fr", fields="*")
    by_slug = {item["meta"]["slug"]: item for item in found}
    assert set(by_slug) == set(plan.actions)
    workshops = by_slug["ateliers-numeriques"]
    assert workshops["status"] == ActionStatus.IN_PROGRESS
    assert workshops["status_label"] == "en cours"
    assert workshops["progress"] == 40
    assert workshops["budget"] == 12500
    assert workshops["target_date"] == "2026-06-30"
    assert workshops["introduction"] == "Des ateliers gratuits chaque semaine."
    (indicator,) = workshops["indicators"]
    assert indicator["name"] == "Ateliers tenus"
    assert indicator["current_value"] == 48
    assert workshops["meta"]["html_url"].endswith("/ateliers-numeriques/")


@pytest.mark.django_db
def test_the_locale_filter_gives_one_language(client, plan):
    english = items(client, type="policy.ActionPage", locale="en", fields="status")
    assert {item["meta"]["locale"] for item in english} == {"en"}
    assert {item["title"] for item in english} == {
        page.title for page in plan.actions_en.values()
    }
    label = items(client, type="policy.ActionPage", locale="en", fields="status_label")
    assert {item["status_label"] for item in label} == {
        "planned",
        "in progress",
        "done",
    }


@pytest.mark.django_db
def test_news_and_plan_pages_have_their_fields(client, plan):
    (article,) = items(client, type="news.NewsPage", locale="fr", fields="*")
    assert article["date"] == "2025-10-02"
    assert article["body"]
    detail = client.get(f"{API}{plan.plan.pk}/").json()
    assert detail["meta"]["type"] == "policy.MasterPlanPage"
    assert {"period_start", "period_end", "adoption_date", "introduction"} <= set(
        detail
    )


@pytest.mark.django_db
def test_drafts_and_private_pages_are_never_served(client, plan):
    draft = ActionPage(title="Brouillon secret", slug="brouillon-secret", live=False)
    plan.objective.add_child(instance=draft)
    private = add_page(plan.plan, ContentPage(title="Page privée", slug="privee"))
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    below = add_page(private, ContentPage(title="Sous la page privée", slug="sous"))
    unpublished = plan.actions["wi-fi-public"]
    unpublished.unpublish()

    titles = {item["title"] for item in items(client, limit=100)}
    for page in (draft, private, below, unpublished):
        assert page.title not in titles
        assert client.get(f"{API}{page.pk}/").status_code == 404
    assert "Téléphonie libre" in titles
    searched = items(client, search="Brouillon secret privée")
    assert searched == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"type": "nope.Nope"},
        {"type": "policy.Award"},
        {"unknown": "1"},
        {"limit": "abc"},
        {"limit": "-1"},
        {"offset": "x"},
        {"order": "nope"},
        {"child_of": "abc"},
        {"search": "libre", "search_operator": "xor"},
        {"search_operator": "xor"},
        {"fields": "nope"},
        {"limit": "101"},
        {"offset": "2147483648"},
        {"offset": "²"},
        {"child_of": "2147483648"},
        {"translation_of": "99999999999999999999"},
        {"type": "news.NewsPage\x00"},
    ],
)
def test_bad_parameters_are_a_clear_400(client, plan, params):
    """(An unknown `locale` is a 404, as in Wagtail: no such language.)"""
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_an_unknown_language_is_a_documented_404(client, plan):
    """As in Wagtail: there are no pages in a language the site lacks."""
    response = client.get(API, {"locale": "xx"})
    assert response.status_code == 404
    assert response.json()["message"]
    document = client.get("/api/v2/openapi.json").json()
    assert "404" in document["paths"]["/pages/"]["get"]["responses"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "search", ['"', "((", "NEAR(", "x" * 10_000, "🙂", "' OR 1=1 --", "libre*"]
)
def test_odd_searches_answer(client, plan, search):
    response = client.get(API, {"search": search})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/v1/pages/",
        "/api/v2/nope/",
        "/api/v2/pages/-1/",
        "/api/v2/pages/abc/",
        "/api/v2/pages/99999999999999999999/",
        "/api/v2/documents/0/",
    ],
)
def test_an_address_of_the_api_that_names_nothing_is_a_json_404(client, plan, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["message"]


@pytest.mark.django_db
def test_an_api_address_without_its_final_slash_is_redirected(client, plan):
    response = client.get("/api/v2/pages?type=policy.ActionPage")
    assert response.status_code == 301
    assert response["Location"] == "/api/v2/pages/?type=policy.ActionPage"


@pytest.mark.django_db
def test_other_sites_may_read_but_not_write(client, plan):
    response = client.get(API)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET"
    assert response["Content-Type"] == "application/json"
    preflight = client.options(API, HTTP_ORIGIN="https://portail.example")
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(API).status_code == 405


@pytest.mark.django_db
def test_requests_are_throttled(client, plan, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    answers = [client.get(API).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v2/images/").status_code == 429


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_the_actions(client, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"{API}?type=policy.ActionPage&fields=*&limit=100"

    def count() -> int:
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        cache.clear()
        return len(queries)

    few = count()
    for n in range(5):
        add_page(
            plan.objective,
            ActionPage(title=f"Action {n}", slug=f"action-{n}", introduction="Une."),
        )
    assert count() == few


@pytest.mark.django_db
def test_the_openapi_document_describes_every_page_type(client, plan):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    # The OpenAPI Initiative's own rules (its 3.1 meta-schema, shipped inside
    # openapi-spec-validator), then ours: every reference resolves, every
    # operation answers 200.
    validate(document)
    check_document(document)
    schemas = document["components"]["schemas"]
    for key in (
        "home.HomePage",
        "news.NewsPage",
        "policy.MasterPlanPage",
        "policy.ActionPage",
        "policy.AwardsPage",
    ):
        assert key in schemas
    action = schemas["policy.ActionPage"]["allOf"][1]["properties"]
    assert action["status"]["enum"] == [s.value for s in ActionStatus]
    assert action["progress"] == {"type": "integer", "description": "progress (%)"} or (
        action["progress"]["type"] == "integer"
    )


@pytest.mark.django_db
def test_the_api_answers_as_its_openapi_document_says(client, plan):
    document = client.get("/api/v2/openapi.json").json()
    schemas = document["components"]["schemas"]
    ids = {
        "/pages/{id}/": [
            page.pk
            for page in (
                plan.plan,
                plan.axis,
                plan.objective,
                *plan.actions.values(),
                plan.article,
                plan.plan_en,
            )
        ],
        "/images/{id}/": [plan.article.image_id],
        "/documents/{id}/": [],
    }
    checked = 0
    for path, item in document["paths"].items():
        operation = item["get"]
        urls = (
            [path.replace("{id}", str(pk)) for pk in ids[path]]
            if "{id}" in path
            else [path, path + "?fields=*&limit=5", path + "?offset=1"]
        )
        for url in urls:
            cache.clear()
            response = client.get("/api/v2" + url)
            status = str(response.status_code)
            assert status in operation["responses"], (url, status)
            schema = operation["responses"][status]["content"]["application/json"]
            body = response.json()
            assert not errors(document, schema["schema"], body), url
            if path == "/pages/{id}/":
                typed = schemas[body["meta"]["type"]]
                assert not errors(document, typed, body), (
                    url,
                    errors(document, typed, body),
                )
            checked += 1
        # A missing id answers as documented too.
        if "{id}" in path:
            response = client.get("/api/v2" + path.replace("{id}", "999999"))
            assert response.status_code == 404
            assert "404" in operation["responses"]
    assert checked >= 10


@pytest.mark.django_db
def test_documents_of_private_collections_are_never_served(client, plan):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    document_model = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Conseil municipal (interne)")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="secret"
    )
    public_doc = document_model.objects.create(
        title="Délibération publique",
        file=ContentFile(b"public", name="publique.txt"),
        collection=root,
    )
    private_doc = document_model.objects.create(
        title="Note interne",
        file=ContentFile(b"secret", name="interne.txt"),
        collection=private,
    )
    listed = client.get("/api/v2/documents/?limit=100").json()["items"]
    titles = {item["title"] for item in listed}
    assert public_doc.title in titles
    assert private_doc.title not in titles
    assert client.get(f"/api/v2/documents/{private_doc.pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{public_doc.pk}/").status_code == 200
