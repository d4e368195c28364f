"""The audit as the official grid (ODS, XLSX), both ways, through the admin:
export → import gives back the same audit; a file with any refused line
changes nothing and says why."""

from __future__ import annotations

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accessibility.models import Audit, Result
from accessibility.services import start_audit
from tests.helpers import soup

from .test_admin import refused, state

pytestmark = pytest.mark.django_db


def answers(audit: Audit) -> set[tuple]:
    return set(
        Result.objects.filter(sample__audit=audit)
        .exclude(status="", derogation="", comment="", justification="")
        .values_list(
            "sample_id", "criterion", "status", "comment", "derogation", "justification"
        )
    )


@pytest.fixture
def audit(audited_site, manager) -> Audit:
    audit = start_audit(manager)
    home, contact = list(audit.sample.all())[:2]
    for sample, number, status, comment, derogation, justification in [
        (home, "1.1", "NC", "Logo sans alternative ; « guillemets » & <b>", "", ""),
        (home, "1.2", "C", "", "", ""),
        (home, "4.1", "NC", "", "burden", "Vidéo d'archives"),
        (contact, "8.1", "NA", "", "not_subject", "Carte d'un tiers"),
        (contact, "13.12", "NA", "", "", ""),
    ]:
        Result.objects.create(
            sample=sample,
            criterion=number,
            status=status,
            comment=comment,
            derogation=derogation,
            justification=justification,
        )
    return audit


def export(client, audit: Audit, file_format: str) -> bytes:
    url = reverse("accessibility_export", args=[audit.pk])
    response = client.get(url, {"format": file_format})
    assert response.status_code == 200
    assert f".{file_format}" in response["Content-Disposition"]
    return response.content


def upload(client, audit: Audit, content: bytes, name: str = "grille.ods"):
    return client.post(
        reverse("accessibility_import", args=[audit.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("file_format", ["ods", "xlsx"])
def test_export_then_import_gives_back_the_same_audit(
    audit, manager_client, file_format
):
    before = answers(audit)
    content = export(manager_client, audit, file_format)
    Result.objects.filter(sample__audit=audit).delete()
    response = upload(manager_client, audit, content, f"grille.{file_format}")
    assert response.status_code == 200
    report = soup(response).find(id="import-report")
    assert "5 réponses modifiées" in report.get_text()
    assert answers(audit) == before
    latest = audit.revisions.order_by("-pk").first()
    assert latest.user.username == "responsable"


def test_the_export_is_laid_out_like_the_official_grid(audit, writer_client):
    book = tablib.Databook().load(export(writer_client, audit, "xlsx"), "xlsx")
    titles = [sheet.title for sheet in book.sheets()]
    assert titles[:3] == ["Synthèse", "Échantillon", "P01"]
    assert len(titles) == 2 + audit.sample.count()
    summary = dict(book.sheets()[0])
    # 1.1 is not met; every other criterion is still unanswered on some page,
    # so counts on neither side: 0 / (0 + 1).
    assert summary["Taux de conformité"] == "0.00 %"
    assert summary["Critères non testés"] == 105
    page = book.sheets()[2]
    assert page.headers[:7] == [
        "Thématique",
        "Critère",
        "Recommandation",
        "Statut",
        "Dérogation",
        "Modifications à apporter",
        "Commentaires en cas de dérogation",
    ]
    assert len(page) == 106
    first = page[0]
    assert first[:5] == ("IMAGES", "1.1", first[2], "NC", "N")
    assert page[2][3] == "NT"


def test_one_refused_line_refuses_the_whole_file(audit, manager_client):
    book = tablib.Databook().load(export(manager_client, audit, "xlsx"), "xlsx")
    sheets = book.sheets()
    home = sheets[2]
    rows = [list(row) for row in home]
    rows[1][3] = "C"  # a valid change on 1.2 ...
    rows[5][3] = "Conforme"  # ... and a status the grid does not know
    rows[6][1] = "1.99"  # an unknown criterion
    rows[7][4] = "D"  # a derogation without justification
    sheets[2] = tablib.Dataset(*rows, headers=home.headers, title=home.title)
    content = tablib.Databook(sheets).export("xlsx")
    before = state()
    response = upload(manager_client, audit, content, "grille.xlsx")
    assert response.status_code == 200
    text = soup(response).find(id="import-report").get_text()
    assert "Rien n’a été importé" in text
    assert "P01, ligne 7" in text and "Conforme" in text
    assert "1.99" in text
    assert "sans sa justification" in text
    assert state() == before


def test_an_address_outside_the_sample_is_refused(audit, manager_client):
    book = tablib.Databook().load(export(manager_client, audit, "ods"), "ods")
    sample = book.sheets()[1]
    rows = [list(row) for row in sample]
    rows[0][2] = "/ailleurs/"
    sheets = book.sheets()
    sheets[1] = tablib.Dataset(*rows, headers=sample.headers, title=sample.title)
    before = state()
    response = upload(manager_client, audit, tablib.Databook(sheets).export("ods"))
    assert "« /ailleurs/ »" in soup(response).find(id="import-report").get_text()
    assert state() == before


@pytest.mark.parametrize(
    "content", [b"", b"not a spreadsheet", b"PK\x03\x04broken zip"]
)
def test_a_file_that_is_no_workbook_is_refused_clearly(audit, manager_client, content):
    before = state()
    response = upload(manager_client, audit, content)
    assert response.status_code == 200
    assert state() == before


def test_readers_export_but_may_not_import(audit, manager_client, writer_client):
    content = export(manager_client, audit, "ods")
    assert export(writer_client, audit, "ods") is not None
    before = state()
    url = reverse("accessibility_import", args=[audit.pk])
    assert refused(writer_client.get(url))
    assert refused(upload(writer_client, audit, content))
    assert state() == before
    response = writer_client.get(
        reverse("accessibility_export", args=[audit.pk]), {"format": "csv"}
    )
    assert response.status_code == 404
