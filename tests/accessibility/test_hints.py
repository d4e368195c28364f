"""axe-core's findings as hints beside the auditor's answers: mapped to the
criteria they can contradict, shown in the grid, never an answer."""

from __future__ import annotations

import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accessibility import hints
from accessibility.models import AxeHint, Result
from accessibility.services import start_audit
from tests.helpers import soup

from .test_admin import grid_url

pytestmark = pytest.mark.django_db

VIOLATIONS = [
    {"id": "image-alt", "help": "Images must have alternate text", "nodes": [1, 2]},
    {"id": "color-contrast", "help": "Contrast", "nodes": [1, 2, 3]},
    {"id": "region", "help": "All content in landmarks", "nodes": [1]},
]


def test_axe_rules_map_to_the_criteria_they_can_contradict():
    found = hints.findings(VIOLATIONS)
    assert [(f.criterion, f.rule, f.count) for f in found] == [
        ("1.1", "image-alt", 2),
        ("3.2", "color-contrast", 3),
    ]
    assert hints.AXE_RULES["html-has-lang"] == ("8.3",)


def test_the_mapping_names_only_criteria_of_the_reference():
    from accessibility.criteria import criteria

    named = {number for numbers in hints.AXE_RULES.values() for number in numbers}
    assert named <= set(criteria())


def test_the_grid_shows_hints_and_leaves_the_answer_alone(
    audited_site, manager, manager_client
):
    audit = start_audit(manager)
    sample = audit.sample.first()
    assert hints.record(sample, VIOLATIONS) == 5
    page = soup(manager_client.get(grid_url(audit, sample)))
    hint = page.find(id="criterion-c1_1").find(class_="accessibility-hint")
    assert "axe-core a trouvé 2 problèmes liés à ce critère" in hint.get_text()
    assert "image-alt" in hint.get_text()
    assert not page.find(id="criterion-c1_2").find(class_="accessibility-hint")
    assert not Result.objects.exists()
    # A new run replaces the page's hints.
    hints.record(sample, VIOLATIONS[1:])
    assert list(AxeHint.objects.values_list("criterion", flat=True)) == ["3.2"]


def test_the_command_records_what_axe_found_on_each_page(
    audited_site, manager, monkeypatch
):
    audit = start_audit(manager)
    asked = []

    def fake_axe(urls, chromium, timeout_seconds):
        for url in urls:
            asked.append(url)
            yield url, (VIOLATIONS if "contact" in url else "Timeout")

    monkeypatch.setattr(hints, "run_axe", fake_axe)
    out, err = StringIO(), StringIO()
    call_command(
        "audit_hints",
        "--chromium",
        sys.executable,
        "--max-pages",
        "2",
        stdout=out,
        stderr=err,
    )
    assert len(asked) == 2 and asked[1].endswith("/contact/")
    assert "Contact: 5 problem(s) found by axe-core" in out.getvalue()
    assert "Timeout" in err.getvalue()
    assert AxeHint.objects.filter(sample__audit=audit).count() == 2
    assert not Result.objects.exists()


def test_the_command_explains_what_is_missing(audited_site):
    with pytest.raises(CommandError, match="No such audit"):
        call_command("audit_hints", "--chromium", sys.executable)
    start_audit()
    with pytest.raises(CommandError, match="Chromium not found"):
        call_command("audit_hints", "--chromium", "/nonexistent/chromium")


def test_managers_are_reminded_of_an_old_audit_and_republished_pages(
    audited_site, manager, manager_client, writer_client
):
    import datetime

    from django.utils import timezone

    audit = start_audit(manager)
    audit.audit_date = timezone.localdate() - datetime.timedelta(days=2 * 366)
    audit.save()
    # Every page of the test site was published after that date.
    dashboard = soup(manager_client.get("/admin/"))
    panel = dashboard.find(id="accessibility-audit-reminders-section")
    assert panel is not None
    text = " ".join(panel.get_text(" ").split())
    assert "plus de deux ans" in text
    assert "Contact" in text
    assert not soup(writer_client.get("/admin/")).find(
        id="accessibility-audit-reminders-section"
    )
    audit.audit_date = timezone.localdate()
    audit.save()
    assert not soup(manager_client.get("/admin/")).find(
        id="accessibility-audit-reminders-section"
    )
