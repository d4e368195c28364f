"""The demo catalogue as the national validators read it: its SCDL CSV checked
against OpenDataFrance's official « catalogue » Table Schema (a copy in
tests/schemas/scdl-catalogue/, read without the network), in both languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
from django.test import TestCase

from home.validators import siret_valid
from policy.models import OpenDataPage
from tests.test_demo_data import load_demo_data

SCDL_SCHEMA = (
    Path(__file__).parent.parent / "schemas" / "scdl-catalogue" / "schema.json"
)


def official_schema() -> frictionless.Schema:
    """The copy of the schema (a dict: frictionless reads no file outside its
    base directory, and nothing from the network)."""
    return frictionless.Schema.from_descriptor(json.loads(SCDL_SCHEMA.read_text()))


def scdl_errors(content: bytes) -> list[str]:
    """What the Table Schema finds wrong in `content`, one readable line each."""
    resource = frictionless.Resource(
        content,
        format="csv",
        encoding="utf-8-sig",
        schema=official_schema(),
    )
    report = frictionless.validate(resource)
    return [
        f"row {error.get('rowNumber', '-')}, {error.get('fieldName', '-')}: "
        f"{error['message']}"
        for task in report.to_descriptor()["tasks"]
        for error in task["errors"]
    ] + [str(error["message"]) for error in report.to_descriptor()["errors"]]


class ScdlCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_data()

    def test_the_schema_copy_is_the_official_version(self):
        self.assertEqual(official_schema().custom["version"], "0.1.3")

    def test_the_demo_catalogue_csv_is_valid_in_every_language(self):
        for code in ("fr", "en"):
            with self.subTest(language=code):
                catalogue = OpenDataPage.objects.get(locale__language_code=code)
                response = self.client.get(
                    catalogue.url + catalogue.reverse_subpage("catalogue_csv")
                )
                self.assertEqual(response.status_code, 200)
                errors = scdl_errors(response.content)
                self.assertEqual(errors, [], "\n" + "\n".join(errors))
                # The schema's custom check `french-siret-value` (run by
                # Validata, not by frictionless): each SIRET's check digit.
                rows = list(
                    csv.DictReader(
                        io.StringIO(response.content.decode("utf-8-sig"), newline="")
                    )
                )
                self.assertEqual(len(rows), 6)
                for row in rows:
                    for column in ("COLL_SIRET", "PRODUCTEUR_SIRET"):
                        self.assertTrue(siret_valid(row[column]), (column, row))
