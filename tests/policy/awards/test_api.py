"""The awards page in the read-only API: its live awards, in its language."""

import pytest
from django.core.cache import cache

from tests.openapi_check import errors


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.mark.django_db
def test_the_awards_page_serves_its_live_awards_in_its_language(client, awards):
    french = client.get(f"/api/v2/pages/{awards.page.pk}/").json()
    names = {award["name"] for award in french["awards"]}
    assert names == {a.name for a in awards.awards.values() if a.live}
    first = french["awards"][0]
    assert first["anchor"].startswith("award-")
    assert first["awarding_body"]["name"]
    assert isinstance(first["year"], int)

    english = client.get(f"/api/v2/pages/{awards.page_en.pk}/").json()
    assert {award["name"] for award in english["awards"]} == {
        a.name for a in awards.awards_en.values() if a.live
    }

    hidden = next(iter(awards.awards.values()))
    hidden.live = False
    hidden.save()
    again = client.get(f"/api/v2/pages/{awards.page.pk}/").json()
    assert hidden.anchor not in {award["anchor"] for award in again["awards"]}

    document = client.get("/api/v2/openapi.json").json()
    schema = document["components"]["schemas"]["policy.AwardsPage"]
    assert not errors(document, schema, again)
