"""The commune's JSON-LD keeps its awards (the awards hook) next to the site's
own properties, on the home and awards pages, in schema.org's vocabulary."""

import pytest

from tests.structured_data import by_type, check_json_ld


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "home_en", "page", "page_en"])
def test_the_commune_keeps_its_awards_and_its_logo(client, awards, where):
    url = {"home": "/", "home_en": "/en/"}.get(where) or getattr(awards, where).url
    blocks = check_json_ld(client.get(url))
    (commune,) = by_type(blocks, "GovernmentOrganization")
    assert commune["award"]
    assert commune["logo"].startswith("http://testserver/")
    if where.startswith("page"):
        assert by_type(blocks, "BreadcrumbList")
