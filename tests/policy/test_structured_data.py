"""The plan page describes itself in schema.org JSON-LD: a CreativeWork made of
its axes and objectives, published by the commune, with its data downloads."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from home.models import SiteSettings
from tests.helpers import publish, soup

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict:
    """The plan's own JSON-LD (the BreadcrumbList aside)."""
    scripts = soup(response).find_all("script", type="application/ld+json")
    blocks = [json.loads(script.string) for script in scripts]
    own = [b for b in blocks if b["@type"] != "BreadcrumbList"]
    assert len(own) == 1
    return own[0]


def test_the_plan_is_a_creative_work_made_of_its_axes(client, plan):
    data = json_ld(client.get(plan.plan.url))
    base = "http://testserver"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Schéma directeur du numérique"
    assert data["description"] == "Ce que la ville s'engage à faire."
    assert data["url"] == base + plan.plan.url
    assert data["inLanguage"] == "fr"
    assert data["temporalCoverage"] == "2020/2026"
    assert data["dateCreated"] == "2021-03-29"
    commune = SiteSettings.objects.get().commune_name
    assert data["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": commune,
        "url": base + "/",
    }
    assert data["creator"] == data["publisher"]
    assert data["hasPart"] == [
        {
            "@type": "CreativeWork",
            "name": "Inclusion numérique",
            "url": base + plan.axis.url,
            "description": "Personne ne reste à l'écart.",
            "hasPart": [
                {
                    "@type": "CreativeWork",
                    "name": "Accompagner les habitants",
                    "url": base + plan.objective.url,
                    "description": "Aider chacun à faire ses démarches.",
                }
            ],
        }
    ]
    assert data["encoding"] == [
        {
            "@type": "DataDownload",
            "name": "Les actions du schéma (CSV)",
            "contentUrl": base + plan.plan.url + "actions/csv/",
            "encodingFormat": "text/csv",
        },
        {
            "@type": "DataDownload",
            "name": "Les actions du schéma (ODS)",
            "contentUrl": base + plan.plan.url + "actions/ods/",
            "encodingFormat": "application/vnd.oasis.opendocument.spreadsheet",
        },
        {
            "@type": "DataDownload",
            "name": "Les actions du schéma (XLSX)",
            "contentUrl": base + plan.plan.url + "actions/xlsx/",
            "encodingFormat": (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        },
        {
            "@type": "DataDownload",
            "name": "Les actions du schéma (JSON)",
            "contentUrl": base + plan.plan.url + "actions/json/",
            "encodingFormat": "application/json",
        },
    ]


def test_the_english_plan_describes_itself_in_english(client, plan):
    data = json_ld(client.get(plan.plan_en.url))
    assert data["inLanguage"] == "en"
    assert data["name"] == "Digital master plan"
    assert data["hasPart"][0]["name"] == "Digital inclusion"
    assert data["encoding"][0]["contentUrl"].endswith(
        "/en/digital-master-plan/actions/csv/"
    )


def test_a_filtered_address_leads_to_the_actions_and_the_plan_stays_whole(client, plan):
    response = client.get(plan.plan.url, {"status": "abandoned"})
    assert response.status_code == 302
    assert response.url == plan.plan.url + "actions/?status=abandoned"
    data = json_ld(client.get(plan.plan.url))
    assert data["hasPart"][0]["hasPart"][0]["name"] == "Accompagner les habitants"


def test_the_adopted_document_is_an_encoding_of_the_plan(client, plan):
    document = get_document_model().objects.create(
        title="Schéma adopté", file=ContentFile(b"%PDF-1.4 test", name="schema.pdf")
    )
    plan.plan.document = document
    publish(plan.plan)
    data = json_ld(client.get(plan.plan.url))
    assert data["encoding"][0] == {
        "@type": "MediaObject",
        "name": "Schéma adopté",
        "contentUrl": "http://testserver" + document.url,
        "encodingFormat": "application/pdf",
    }


def test_editors_text_cannot_break_out_of_the_script(client, plan):
    plan.axis.title = "</script><script>alert(1)</script> & co"
    publish(plan.axis)
    response = client.get(plan.plan.url)
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)["hasPart"][0]["name"] == plan.axis.title
