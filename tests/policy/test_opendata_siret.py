"""What the SCDL catalogue requires, editors enter through the admin's forms: the
commune's SIRET in the site settings, a producer's SIRET on a dataset (the
commune's when left empty), and the period a dataset covers. A wrong SIRET is
a form error in French, never a 500."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from home.models import SiteSettings
from home.validators import siret_valid, validate_siret
from policy.models import DatasetPage
from tests.admin_form import untouched_form_data
from tests.helpers import soup
from tests.policy.test_opendata import add_catalogue, make_dataset

pytestmark = pytest.mark.django_db

COMMUNE_SIRET = "21380151700011"
OTHER_SIRET = "24350013900189"  # the schema's own example (Rennes Métropole)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (COMMUNE_SIRET, True),
        (OTHER_SIRET, True),
        ("21350238800019", True),
        ("21380151700012", False),  # one digit off
        ("2138015170001", False),  # 13 digits
        ("2138015170001A", False),
        ("２１３８０１５１７０００１１", False),  # full-width digits
        # La Poste's establishments: digits adding up to a multiple of 5.
        ("35600000049837", True),
        ("35600000049838", False),
        ("35600000000048", True),  # its head office, with a Luhn key
    ],
)
def test_the_siret_check(value, valid):
    assert siret_valid(value) is valid
    if valid:
        validate_siret(value)
    else:
        with pytest.raises(ValidationError):
            validate_siret(value)


def settings_url(site) -> str:
    return reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])


def test_the_commune_siret_is_entered_in_the_site_settings(admin_client, site_tree):
    url = settings_url(site_tree.site)
    data = untouched_form_data(admin_client, url, SiteSettings)
    assert "siret" in data
    data["siret"] = ["21380151700012"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = [
        e.get_text(" ", strip=True) for e in soup(response).select(".error-message")
    ]
    assert any("clé de contrôle ne correspond pas" in e for e in errors), errors
    assert SiteSettings.for_site(site_tree.site).siret == ""

    data["siret"] = ["2138015170001"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "exactement 14 chiffres" in response.content.decode()

    # As the SIRENE register prints it.
    data["siret"] = ["213 801 517 00011"]
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert SiteSettings.for_site(site_tree.site).siret == COMMUNE_SIRET


def edit(admin_client, dataset, changes: dict, publish: bool = True):
    url = reverse("wagtailadmin_pages:edit", args=[dataset.pk])
    data = untouched_form_data(admin_client, url, type(dataset))
    for name, value in changes.items():
        data[name] = [value]
    if publish:
        data["action-publish"] = ["action-publish"]
    return admin_client.post(url, data)


def test_a_bad_producer_siret_is_a_form_error(admin_client, home):
    dataset = make_dataset(add_catalogue(home), 1)
    response = edit(admin_client, dataset, {"producer_siret": "12345678901234"})
    assert response.status_code == 200
    assert "clé de contrôle ne correspond pas" in response.content.decode()
    dataset.refresh_from_db()
    assert dataset.producer_siret == ""

    response = edit(admin_client, dataset, {"producer_siret": OTHER_SIRET})
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.producer_siret == OTHER_SIRET


def test_the_period_covered_is_required_to_publish(admin_client, home):
    dataset = make_dataset(add_catalogue(home), 1)
    response = edit(admin_client, dataset, {"temporal_start": "", "temporal_end": ""})
    assert response.status_code == 200
    page = soup(response)
    errors = [e.get_text(" ", strip=True) for e in page.select(".error-message")]
    assert (
        errors.count(
            "Le catalogue national des données ouvertes (SCDL) exige la période "
            "couverte par les données : indiquez son premier et son dernier jour."
        )
        == 2
    ), errors
    dataset.refresh_from_db()
    assert dataset.temporal_start == datetime.date(2023, 1, 1)

    # A draft may wait for it.
    response = edit(admin_client, dataset, {"temporal_end": ""}, publish=False)
    assert response.status_code == 302
    draft = DatasetPage.objects.get(pk=dataset.pk).get_latest_revision_as_object()
    assert draft.temporal_end is None


def scdl_row(client, catalogue) -> dict[str, str]:
    response = client.get(catalogue.url + "catalogue/csv/")
    content = response.content.decode("utf-8-sig")
    return next(csv.DictReader(io.StringIO(content, newline="")))


def test_a_dataset_of_the_commune_takes_the_commune_siret(client, site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.siret = COMMUNE_SIRET
    settings.save()
    catalogue = add_catalogue(site_tree.home_fr)
    dataset = make_dataset(catalogue, 1)
    row = scdl_row(client, catalogue)
    assert (row["COLL_SIRET"], row["PRODUCTEUR_SIRET"]) == (COMMUNE_SIRET,) * 2

    dataset.producer_siret = OTHER_SIRET
    dataset.save_revision().publish()
    row = scdl_row(client, catalogue)
    assert (row["COLL_SIRET"], row["PRODUCTEUR_SIRET"]) == (COMMUNE_SIRET, OTHER_SIRET)
