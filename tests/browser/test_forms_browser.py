"""A resident sends the digital department's contact form in Chromium with
cookies blocked: the errors summarised at the top, then the confirmation page,
axe-core clean on each, and no cookie set at any step. A manager then reads and
exports the answer, and the retention command deletes it once it is old."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.language_marks import unmarked_french

pytestmark = pytest.mark.browser

CONTACT = "/ecrire-a-la-direction-du-numerique/"
FORMS = [
    (CONTACT, "fr"),
    ("/en/write-to-the-digital-department/", "en"),
    ("/ar/murasalat-mudiriyat-al-raqmi/", "ar"),
]
MESSAGE = "Bonjour, quels logiciels libres la médiathèque propose-t-elle ?"
# The answer's page id, and making it older than its form's retention period.
FIND_FORM = (
    "from contact.models import FormPage; "
    "print(FormPage.objects.get(locale__language_code='fr', "
    "slug='ecrire-a-la-direction-du-numerique').pk)"
)
AGE_ANSWERS = (
    "import datetime; from django.utils import timezone; "
    "from wagtail.contrib.forms.models import FormSubmission; "
    "FormSubmission.objects.filter(form_data__votre_message=%r).update("
    "submit_time=timezone.now() - datetime.timedelta(days=400))"
)
COUNT_ANSWERS = (
    "from wagtail.contrib.forms.models import FormSubmission; "
    "print(FormSubmission.objects.filter(form_data__votre_message=%r).count())"
)


def last_line(output: str) -> str:
    """What the script printed last."""
    return output.strip().splitlines()[-1]


def block_cookies(page) -> list[str]:
    """Chromium sends no cookie (the Cookie header is taken off every request);
    the Set-Cookie headers the site answers with are recorded."""
    set_cookies: list[str] = []

    def strip(route):
        headers = {
            k: v for k, v in route.request.headers.items() if k.lower() != "cookie"
        }
        route.fallback(headers=headers)

    def record(response):
        value = response.headers.get("set-cookie")
        if value:
            set_cookies.append(f"{response.url}: {value}")

    page.route("**/*", strip)
    page.on("response", record)
    return set_cookies


@pytest.mark.parametrize(("path", "lang"), FORMS, ids=["french", "english", "arabic"])
def test_the_form_is_accessible_in_every_language(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert "no-store" in response.headers["cache-control"]
    if lang == "ar":
        assert unmarked_french(page.content()) == []
    assert_no_violations(page)


def test_a_resident_sends_the_form_without_cookies(page, site_url, demo_server):
    set_cookies = block_cookies(page)
    page.goto(site_url + CONTACT)
    assert_no_violations(page)
    # A person takes more than the form's two seconds to start writing.
    page.wait_for_timeout(2500)
    page.fill("#id_votre_message", MESSAGE)
    page.fill("#id_courriel", "pas-une-adresse")
    with page.expect_navigation():
        page.locator(".resident-form__send").click()

    summary = page.locator("#form-errors")
    assert summary.is_visible()
    assert page.title().startswith("Erreur")
    links = summary.locator("a")
    assert links.all_inner_texts() == [
        "Nom\u00a0: Champ requis.",
        "Courriel\u00a0: Saisissez une adresse e-mail valide.",
        "Sujet\u00a0: Champ requis.",
    ]
    assert page.get_attribute("#id_courriel", "aria-invalid") == "true"
    assert page.input_value("#id_votre_message") == MESSAGE  # kept
    assert_no_violations(page)
    links.first.click()
    assert page.url.endswith("#id_nom")

    page.fill("#id_nom", "Camille Martin")
    page.fill("#id_courriel", "camille@exemple.fr")
    page.select_option("#id_sujet", "Logiciels libres")
    with page.expect_navigation():
        page.locator(".resident-form__send").click()
    assert page.locator("h1").inner_text() == "Formulaire envoyé"
    assert "dix jours ouvrés" in page.locator(".form-confirmation").inner_text()
    assert_no_violations(page)

    assert set_cookies == []
    assert page.context.cookies() == []

    # A manager reads the answer and exports it.
    form_id = last_line(demo_server.run(FIND_FORM))
    manager = page.context.browser.new_context()
    admin = manager.new_page()
    sign_in(admin, site_url, "responsable")
    admin.goto(f"{site_url}/admin/forms/submissions/{form_id}/")
    assert MESSAGE in admin.content()
    # The export, fetched with the manager's session (Chromium would download it).
    export = manager.request.get(
        f"{site_url}/admin/forms/submissions/{form_id}/?export=csv"
    )
    assert export.status == 200
    rows = list(csv.DictReader(io.StringIO(export.text())))
    assert MESSAGE in [row["Votre message"] for row in rows]
    manager.close()

    # Past its form's twelve months, the retention command deletes it.
    demo_server.run(AGE_ANSWERS % MESSAGE)
    demo_server.manage("purge_form_submissions")
    assert last_line(demo_server.run(COUNT_ANSWERS % MESSAGE)) == "0"
