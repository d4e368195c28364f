"""The demo catalogue as national validators and search engines read it, in both
languages: its SCDL CSV checked against OpenDataFrance's official « catalogue »
Table Schema (a copy in tests/schemas/scdl-catalogue/, read without the
network); the dataset the site generates dated by its data's last change; every
schema.org Dataset complete enough for Google's dataset search."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
from django.db.models.functions import Coalesce
from django.utils import timezone

from home.validators import siret_valid
from policy.models import (
    ActionIndicator,
    ActionPage,
    ActionStatusChange,
    DatasetPage,
    OpenDataPage,
)
from tests.structured_data import by_type, check_json_ld, out_of_domain
from tests.tree import DemoTestCase

# What Google's dataset search requires of a Dataset (and of its files, where
# the site knows them).
DATASET_KEYS = {"name", "description", "url", "license", "creator", "publisher"}
DATASET_KEYS |= {"dateModified", "distribution"}

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


class ScdlCatalogueTests(DemoTestCase):
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
                live = DatasetPage.objects.live().filter(locale=catalogue.locale)
                self.assertEqual(len(rows), live.count())
                for row in rows:
                    for column in ("COLL_SIRET", "PRODUCTEUR_SIRET"):
                        self.assertTrue(siret_valid(row[column]), (column, row))

    def newest_plan_change(self):
        """The newest dated change of the plan's live actions, from the demo's
        history and measures (both shared in spirit by the two languages)."""
        today = timezone.localdate()
        changes = (
            ActionStatusChange.objects.standing()
            .annotate(on=Coalesce("corrected_date", "date"))
            .filter(on__lte=today)
            .values_list("on", flat=True)
        )
        measures = ActionIndicator.objects.filter(
            page__in=ActionPage.objects.live(), measured_on__lte=today
        ).values_list("measured_on", flat=True)
        return max([*changes, *measures])

    def test_the_plan_actions_dataset_is_dated_by_its_data(self):
        newest = self.newest_plan_change()
        for code in ("fr", "en"):
            with self.subTest(language=code):
                catalogue = OpenDataPage.objects.get(locale__language_code=code)
                dataset = DatasetPage.objects.child_of(catalogue).get(
                    resources__url__contains="/actions/csv/"
                )
                # The date the editor typed is older than the data's.
                self.assertLess(dataset.modified, newest)
                page = self.client.get(dataset.url)
                self.assertContains(page, f'datetime="{newest.isoformat()}"')
                data = by_type(check_json_ld(page), "Dataset")[0]
                self.assertEqual(data["dateModified"], newest.isoformat())
                csv_url = catalogue.url + catalogue.reverse_subpage("catalogue_csv")
                content = self.client.get(csv_url).content.decode("utf-8-sig")
                rows = csv.DictReader(io.StringIO(content, newline=""))
                row = next(r for r in rows if r["ID"] == dataset.slug)
                self.assertEqual(row["DATE_MAJ"], newest.isoformat())
                # The API reads the date the page's JSON-LD gives.
                api = self.client.get(
                    "/api/v2/pages/?type=policy.DatasetPage&fields=modified"
                    f"&locale={code}&limit=20"
                ).json()["items"]
                item = next(d for d in api if d["id"] == dataset.pk)
                self.assertEqual(item["modified"], data["dateModified"])
                detail = self.client.get(f"/api/v2/pages/{dataset.pk}/").json()
                self.assertEqual(detail["modified"], data["dateModified"])

    def assert_complete(self, dataset: dict) -> None:
        missing = DATASET_KEYS - dataset.keys()
        self.assertFalse(missing, (dataset.get("url"), missing))
        self.assertTrue(50 <= len(dataset["description"]) <= 5000, dataset["url"])
        self.assertTrue(dataset["url"].startswith("http"))
        self.assertTrue(dataset["license"].startswith("https://spdx.org/licenses/"))
        self.assertTrue(dataset["creator"]["name"])
        self.assertTrue(dataset["publisher"]["name"])
        self.assertRegex(dataset["dateModified"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertTrue(dataset["distribution"])
        for download in dataset["distribution"]:
            self.assertEqual(download["@type"], "DataDownload")
            self.assertTrue(download["contentUrl"].startswith("http"), download)
            self.assertRegex(download["encodingFormat"], r"^[\w.+-]+/[\w.+-]+$")
        self.assertFalse(out_of_domain(dataset), out_of_domain(dataset))

    def test_every_dataset_in_json_ld_is_complete(self):
        for code in ("fr", "en"):
            with self.subTest(language=code):
                catalogue = OpenDataPage.objects.get(locale__language_code=code)
                response = self.client.get(catalogue.url)
                data = by_type(check_json_ld(response), "DataCatalog")[0]
                self.assertFalse(out_of_domain(data), out_of_domain(data))
                nested = data["dataset"]
                live = DatasetPage.objects.live().filter(locale__language_code=code)
                self.assertEqual(len(nested), live.count())
                self.assertGreaterEqual(len(nested), 7)
                for dataset in nested:
                    self.assert_complete(dataset)
                    page = self.client.get(dataset["url"])
                    own = by_type(check_json_ld(page), "Dataset")
                    self.assertEqual(len(own), 1)
                    self.assert_complete(own[0])
                    del own[0]["@context"]
                    self.assertEqual(dataset, own[0])
