"""A form page costs the same number of queries whatever its number of fields."""

from __future__ import annotations

import pytest
from django.test import Client

from contact.models import FormField
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def test_queries_do_not_grow_with_the_fields(contact):
    client = Client()
    few = count_queries(client, contact.url)
    for order in range(10):
        contact.form_fields.add(
            FormField(
                sort_order=10 + order,
                label=f"Question {order}",
                field_type="dropdown" if order % 2 else "singleline",
                choices="Oui\nNon",
            )
        )
    contact.save_revision().publish()
    assert count_queries(client, contact.url) == few
