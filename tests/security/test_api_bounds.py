"""The API's paging parameters at the limits of what a database can count."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("offset", [str(10**30), str(2**63), str(2**31)])
def test_an_offset_too_large_to_count_is_a_400(client, home, endpoint, offset):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": offset})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


@pytest.mark.django_db
def test_a_large_but_countable_offset_is_an_empty_page(client, home):
    response = client.get("/api/v2/pages/", {"offset": str(2**31 - 1)})
    assert response.status_code == 200
    assert response.json()["items"] == []
