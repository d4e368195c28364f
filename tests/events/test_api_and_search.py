"""An event in the read-only API (as its OpenAPI document says) and in site
search, like every page type."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.events.conftest import paris
from tests.openapi_check import errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_an_event_in_the_api_as_documented(client, make_event, series):
    event = make_event(
        "AlpOSS 2027",
        start=paris(2027, 2, 16, 9),
        hours=9,
        series=series,
        status="full",
        organisers=[("organiser", {"name": "OW2", "url": "", "role": "organiser"})],
    )
    response = client.get(
        "/api/v2/pages/", {"type": "events.EventPage", "fields": "*", "locale": "fr"}
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["start"].startswith("2027-02-16T")
    assert item["status"] == "full"
    assert item["series"] == "AlpOSS"
    assert item["place_name"] == "Maison des habitants"

    document = client.get("/api/v2/openapi.json").json()
    schema = document["components"]["schemas"]["events.EventPage"]
    detail = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert not errors(document, schema, detail), errors(document, schema, detail)


def test_an_event_is_found_by_site_search(client, make_event):
    make_event("Rencontre des bibliothèques libres", place_name="Médiathèque")
    response = client.get("/recherche/", {"q": "bibliothèques"})
    assert response.status_code == 200
    assert "Rencontre des bibliothèques libres" in response.content.decode()
