"""The read-only API checked against its own OpenAPI description by
schemathesis: for every operation, requests built from the description (valid
ones, and invalid ones) must never be a server error, and every answer must
have a documented status, the documented content type and the documented
shape. Bounded: a fixed number of derandomized examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.documents import get_document_model

from policy.models import DatasetResource
from tests.policy.test_opendata import add_catalogue, make_dataset

# Behaviour that depends on the database engine: CI runs it on SQLite and PostgreSQL.
pytestmark = pytest.mark.engine

# Valid requests may still be a 400: Wagtail refuses combinations its API does
# not support (`order=random` with an `offset`, `_` with a negated field, a
# `child_of` page that does not exist...). The description documents a 400 for
# every operation, so these answers pass the status check: what is checked is
# that they are a clear JSON 400, never a server error.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 25


@pytest.fixture
def description(client, catalogue_with_files) -> dict:
    return client.get("/api/v2/openapi.json").json()


@pytest.fixture
def wsgi_app(settings, description):
    """The site as a WSGI application, as a server runs it, with the throttle
    lifted (a 429 would hide the answers; the throttle is tested in test_api).

    Django closes "old" database connections when a request starts and ends;
    in a test, that connection is the test's own (its transaction holds the
    tree), so the handlers are off while the site is driven here. (Django's
    test client connects them again after each request: it is not used from
    here on.)"""
    settings.API_THROTTLE_RATE = "1000000/second"
    cache.clear()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


@pytest.fixture
def catalogue_with_files(plan, home):
    """A dataset whose resources are a document and an address, so that the
    pages' answers carry resources and the documents endpoint lists one."""
    document = get_document_model().objects.create(
        title="Budget voté", file=ContentFile(b"a;b\n1;2\n", name="budget.csv")
    )
    catalogue = add_catalogue(home)
    return make_dataset(
        catalogue,
        1,
        title="Budget",
        slug="budget",
        resources=[
            DatasetResource(title="Budget voté", document=document),
            DatasetResource(title="Le schéma", url="https://schema.data.gouv.fr/"),
        ],
    )


def operations(description: dict) -> list:
    schema = schemathesis.openapi.from_dict(description)
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in found} == {
        "GET /pages/",
        "GET /pages/{id}/",
        "GET /images/",
        "GET /images/{id}/",
        "GET /documents/",
        "GET /documents/{id}/",
    }
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_as_its_description_says(description, wsgi_app, mode):
    for operation in operations(description):

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case) -> None:
            response = case.call(app=wsgi_app)
            case.validate_response(response, checks=CHECKS)

        check()
