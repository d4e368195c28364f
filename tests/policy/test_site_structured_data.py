"""Structured data on every page type: the commune and the site on the home page,
a BreadcrumbList on every page below it, each page type's own JSON-LD, all of it
in schema.org's vocabulary."""

import pytest

from tests.structured_data import by_type, check_json_ld


@pytest.mark.django_db
def test_every_page_below_the_home_page_has_its_breadcrumb_list(client, plan):
    pages = [
        plan.plan,
        plan.axis,
        plan.objective,
        *plan.actions.values(),
        plan.article,
        plan.plan_en,
        plan.objective_en,
        *plan.actions_en.values(),
        plan.article_en,
    ]
    for page in pages:
        response = client.get(page.url)
        blocks = check_json_ld(response)
        (trail,) = by_type(blocks, "BreadcrumbList")
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        assert (
            items[0]["item"]
            == "http://testserver"
            + page.get_parent()
            .get_ancestors(inclusive=True)
            .filter(depth=2)
            .first()
            .url
        )
        assert items[-1]["name"] == page.title
        assert items[-1]["item"] == "http://testserver" + page.url
        assert len(items) == page.depth - 1


@pytest.mark.django_db
def test_page_types_keep_their_own_json_ld(client, plan):
    assert by_type(check_json_ld(client.get(plan.plan.url)), "CreativeWork")
    assert by_type(check_json_ld(client.get(plan.article.url)), "NewsArticle")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_describes_the_commune_and_the_site(client, plan, language):
    from home.models import SiteSettings

    settings = SiteSettings.for_site(plan.plan.get_site())
    settings.email = "mairie@ville.example"
    settings.phone = "04 76 00 00 00"
    settings.social_links = [
        ("link", {"url": "https://mastodon.example/@ville", "text": "Mastodon"}),
        ("link", {"page": plan.plan, "text": "Le plan"}),
    ]
    settings.member_of = [
        ("organization", {"name": "SITPI", "url": ""}),
        ("organization", {"name": "ADULLACT", "url": "https://adullact.org/"}),
    ]
    settings.save()
    url = "/" if language == "fr" else "/en/"
    blocks = check_json_ld(client.get(url))
    (commune,) = by_type(blocks, "GovernmentOrganization")
    assert commune["name"] == settings.commune_name
    assert commune["url"] == "http://testserver/"
    assert commune["logo"].startswith("http://testserver/static/")
    assert commune["sameAs"] == ["https://mastodon.example/@ville"]
    assert commune["memberOf"] == [
        {"@type": "Organization", "name": "SITPI"},
        {"@type": "Organization", "name": "ADULLACT", "url": "https://adullact.org/"},
    ]
    assert commune["contactPoint"] == {
        "@type": "ContactPoint",
        "contactType": "customer service",
        "email": "mairie@ville.example",
        "telephone": "04 76 00 00 00",
        "availableLanguage": ["fr", "en"],
    }
    (site,) = by_type(blocks, "WebSite")
    assert site["inLanguage"] == language
    assert site["url"] == "http://testserver" + url
    search = site["potentialAction"]
    assert search["@type"] == "SearchAction"
    template = search["target"]["urlTemplate"]
    path = "/recherche/" if language == "fr" else "/en/search/"
    assert template == f"http://testserver{path}?q={{search_term_string}}"
    assert search["query-input"] == "required name=search_term_string"
    # The home page has no breadcrumb.
    assert not by_type(blocks, "BreadcrumbList")
    # The search it announces answers.
    found = client.get(template.replace("{search_term_string}", "wi-fi"))
    assert found.status_code == 200
