"""« Lancer les vérifications automatiques » in the audit's admin screen: the
button enqueues a background job (axe-core in Chromium reads the site's own
pages, which a request cannot wait for), and a state screen follows it, in
French, reloading itself while the job waits or runs: waiting for the worker,
running, done, failed."""

from __future__ import annotations

import datetime
import sys

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accessibility import hints, jobs
from accessibility.models import Audit, AxeHint, HintRun, Result
from accessibility.services import start_audit
from home.jobs import progress
from tests.helpers import run_background_jobs, soup

from .test_admin import refused

pytestmark = pytest.mark.django_db

VIOLATIONS = [
    {"id": "image-alt", "help": "Images must have alternate text", "nodes": [1, 2]},
    {"id": "color-contrast", "help": "Contrast", "nodes": [1, 2, 3]},
]


@pytest.fixture
def audit(audited_site, manager) -> Audit:
    return start_audit(manager)


def run_url(audit: Audit) -> str:
    return reverse("accessibility_hints_run", args=[audit.pk])


def state_url(audit: Audit) -> str:
    return reverse("accessibility_hints", args=[audit.pk])


def status_text(client, audit: Audit) -> str:
    response = client.get(state_url(audit))
    assert response.status_code == 200
    status = soup(response).find(id="hints-state")
    assert status["role"] == "status"
    return " ".join(status.get_text(" ").split())


@pytest.fixture
def fake_axe(monkeypatch) -> list[str]:
    """Chromium faked: the contact page has two problems, the legal notice
    does not load, every other page is clean."""
    asked: list[str] = []
    browser_open = False

    def run_axe(urls, chromium, timeout_seconds):
        nonlocal browser_open
        browser_open = True
        for url in urls:
            asked.append(url)
            if "contact" in url:
                yield url, VIOLATIONS
            elif "mentions-legales" in url:
                yield url, "TimeoutError: page did not load"
            else:
                yield url, []
        browser_open = False

    record = hints.record

    def record_once_closed(sample, violations):
        # While Playwright's browser is open, its event loop runs in the
        # thread, where Django refuses any query.
        assert not browser_open, "a query while the browser is open"
        return record(sample, violations)

    monkeypatch.setattr(hints, "run_axe", run_axe)
    monkeypatch.setattr(hints, "record", record_once_closed)
    monkeypatch.setenv("CHROMIUM_PATH", sys.executable)
    return asked


def test_the_button_is_there_for_managers_only(audit, manager_client, writer_client):
    url = reverse("accessibility_audit", args=[audit.pk])
    form = soup(manager_client.get(url)).find("form", action=run_url(audit))
    assert form.find("button").get_text(strip=True) == (
        "Lancer les vérifications automatiques"
    )
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form["method"] == "post"
    assert not soup(writer_client.get(url)).find("form", action=run_url(audit))


def test_the_button_enqueues_the_job_and_runs_nothing(audit, manager_client, fake_axe):
    response = manager_client.post(run_url(audit))
    assert response.status_code == 302
    assert response["Location"] == state_url(audit)
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY
    run = HintRun.objects.get()
    assert (run.audit, run.result_id) == (audit, str(job.id))
    assert run.enqueued_by.username == "responsable"
    assert fake_axe == []
    assert not AxeHint.objects.exists()


def test_a_second_click_does_not_enqueue_a_second_job(audit, manager_client):
    manager_client.post(run_url(audit))
    response = manager_client.post(run_url(audit), follow=True)
    assert DBTaskResult.objects.count() == 1
    assert HintRun.objects.count() == 1
    assert "Une vérification est déjà en cours." in response.content.decode()
    # Running counts as pending too.
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    manager_client.post(run_url(audit))
    assert DBTaskResult.objects.count() == 1


def test_who_may_not_edit_audits_enqueues_nothing(
    audit, client, writer_client, translator_client
):
    for refused_client in (writer_client, translator_client):
        assert refused(refused_client.post(run_url(audit)))
    response = client.post(run_url(audit))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    missing = reverse("accessibility_hints_run", args=[audit.pk + 100])
    assert refused(writer_client.post(missing))
    assert not DBTaskResult.objects.exists()
    assert not HintRun.objects.exists()


def test_an_unknown_audit_is_a_404(audit, manager_client):
    missing = audit.pk + 100
    url = reverse("accessibility_hints_run", args=[missing])
    assert manager_client.post(url).status_code == 404
    assert manager_client.get(state_url(Audit(pk=missing))).status_code == 404
    assert not DBTaskResult.objects.exists()


def test_the_state_screen_before_any_run(audit, manager_client):
    assert "Aucune vérification automatique" in status_text(manager_client, audit)


def test_waiting_for_the_worker_then_worker_not_started(audit, manager_client):
    manager_client.post(run_url(audit))
    page = soup(manager_client.get(state_url(audit)))
    text = " ".join(page.find(id="hints-state").get_text(" ").split())
    assert "en attente du service de traitement" in text
    assert "ne semble pas démarré" not in text
    # It reloads itself (a script, not a <meta> refresh), which the reader can
    # stop (RGAA 13.1); « Mettre à jour » works without the script.
    assert not page.find("meta", attrs={"http-equiv": "refresh"})
    assert page.select_one("[data-auto-refresh]")["data-auto-refresh"] == "2"
    refresh = page.find("a", string="Mettre à jour")
    assert refresh["href"] == state_url(audit)
    stop = page.find("a", string="Arrêter la mise à jour automatique")
    stopped = soup(manager_client.get(stop["href"]))
    assert stopped.select_one("[data-auto-refresh]") is None
    assert stopped.find("a", string="Mettre à jour automatiquement")["href"] == (
        state_url(audit)
    )
    assert not page.find("form", action=run_url(audit))

    HintRun.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
    text = status_text(manager_client, audit)
    assert "ne semble pas démarré" in text
    assert "db_worker" in text


def test_running_shows_the_pages_checked(audit, manager_client):
    manager_client.post(run_url(audit))
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    run = HintRun.objects.get()
    progress.report(jobs.progress_name(run.pk), 3, 12)
    try:
        page = soup(manager_client.get(state_url(audit)))
    finally:
        progress.clear(jobs.progress_name(run.pk))
    status = page.find(id="hints-state")
    bar = status.find("progress")
    assert (bar["value"], bar["max"]) == ("3", "12")
    assert bar["aria-valuetext"] == "3 pages sur 12"
    assert status.find("label", attrs={"for": bar["id"]}).get_text() == (
        "Pages vérifiées"
    )
    assert "3 pages sur 12" in status.get_text()
    assert "La vérification est en cours" in status.get_text()


def test_the_job_stores_the_hints_and_the_screen_shows_them(
    audit, manager_client, fake_axe
):
    manager_client.post(run_url(audit))
    assert run_background_jobs() == 1
    # Chromium reads each page at its public address.
    assert fake_axe[1] == "http://localhost/contact/"
    assert len(fake_axe) == audit.sample.count()
    contact = audit.sample.get(page__slug="contact")
    assert sorted(
        AxeHint.objects.filter(sample=contact).values_list("criterion", "count")
    ) == [("1.1", 2), ("3.2", 3)]
    assert AxeHint.objects.exclude(sample=contact).count() == 0
    assert not Result.objects.exists()
    run = HintRun.objects.get()
    report = progress.read(jobs.progress_name(run.pk))
    assert (report.done, report.total) == (audit.sample.count(),) * 2
    progress.clear(jobs.progress_name(run.pk))

    page = soup(manager_client.get(state_url(audit)))
    text = " ".join(page.find(id="hints-state").get_text(" ").split())
    assert "axe-core a trouvé 5 problèmes" in text
    table = " ".join(page.find(id="hints-pages").get_text(" ").split())
    assert "Contact 5" in table
    assert "Non vérifiée : TimeoutError" in table
    grid = reverse("accessibility_grid", args=[audit.pk, contact.pk])
    assert page.find("a", href=grid).get_text() == "Contact"
    back = reverse("accessibility_audit", args=[audit.pk])
    assert page.find("a", href=back, string="Retour à la grille de l’audit")
    # Done: the button is there again, and a new click enqueues a new run.
    assert page.find("form", action=run_url(audit))
    manager_client.post(run_url(audit))
    assert DBTaskResult.objects.count() == 2
    # The grid shows the hints beside the answers.
    hint = soup(manager_client.get(grid)).find(id="criterion-c1_1")
    assert "axe-core a trouvé 2 problèmes" in hint.get_text()


def test_without_chromium_the_job_fails_with_a_clear_message(
    audit, manager_client, monkeypatch
):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    manager_client.post(run_url(audit))
    run_background_jobs()
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    text = status_text(manager_client, audit)
    assert "Chromium n’est pas installé sur le serveur" in text
    assert "Traceback" not in text
    assert not AxeHint.objects.exists()


def test_another_failure_shows_its_error(audit, manager_client, monkeypatch):
    def broken(urls, chromium, timeout_seconds):
        raise RuntimeError("Chromium crashed")
        yield  # a generator, like the real one

    monkeypatch.setattr(hints, "run_axe", broken)
    monkeypatch.setenv("CHROMIUM_PATH", sys.executable)
    manager_client.post(run_url(audit))
    run_background_jobs()
    text = status_text(manager_client, audit)
    assert "La vérification a échoué : RuntimeError: Chromium crashed" in text
    assert "Traceback" not in text


def test_writers_read_the_state_but_get_no_button(audit, manager_client, writer_client):
    manager_client.post(run_url(audit))
    page = soup(writer_client.get(state_url(audit)))
    assert "en attente du service de traitement" in page.get_text()
    assert not page.find("form", action=run_url(audit))


def test_a_run_whose_worker_died_no_longer_blocks_a_new_one(audit, manager_client):
    """A worker stopped in the middle leaves its job « running » for ever:
    past any run's length, the screen says so and the button enqueues again."""
    manager_client.post(run_url(audit))
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    manager_client.post(run_url(audit))
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.update(
        started_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    page = soup(manager_client.get(state_url(audit)))
    text = " ".join(page.find(id="hints-state").get_text(" ").split())
    assert "ne répond plus depuis plus de 30 minutes" in text
    assert page.find("form", action=run_url(audit))
    manager_client.post(run_url(audit))
    assert DBTaskResult.objects.count() == 2
