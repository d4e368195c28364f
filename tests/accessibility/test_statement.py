"""The statement page, and the footer's label, read their figures from the
latest audit linked to the statement, the same in every language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accessibility.criteria import criteria
from accessibility.models import Audit, Result
from accessibility.services import start_audit
from home.demo.translation import publish_translation
from home.models import AccessibilityStatementPage, Conformity
from tests.helpers import assert_page_basics, soup

pytestmark = pytest.mark.django_db

# Every criterion C on the five pages of the sample, except:
# 1.1 NC on the contact page; 3.2 NC on the home page and the legal notice;
# 4.1 NC on the home page under a derogation (disproportionate burden), so NA;
# 4.2 NA everywhere; 8.1 NA on the site map as content not subject.
# Site: 1 NA (4.2), 2 not met (1.1, 3.2), 103 met: 103 / 105 = 98.10 %.
# Pages: home 103/104 = 99.04, contact 104/105 = 99.05, legal 99.05,
# statement 105/105 = 100, site map 104/104 = 100: average 99.43 %.
EXCEPTIONS = {
    ("contact", "1.1"): ("NC", "", "Le logo du formulaire n'a pas d'alternative."),
    ("home", "3.2"): ("NC", "", "Contraste insuffisant du pied de page."),
    ("legal", "3.2"): ("NC", "", ""),
    ("home", "4.1"): ("NC", "burden", "Vidéo d'archives de 1968 sans transcription."),
    ("sitemap", "8.1"): ("NA", "not_subject", "Carte interactive d'un tiers."),
}


@pytest.fixture
def audit(audited_site, manager, django_capture_on_commit_callbacks) -> Audit:
    statement = audited_site["statement"]
    statement.introduction = "Notre engagement."
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(
            statement,
            {"title": "Accessibility statement", "slug": "accessibility"},
            "en",
        )
        audit = start_audit(manager)
        audit.auditor = "Cabinet Exemple"
        audit.audit_date = timezone.localdate() - datetime.timedelta(days=40)
        audit.environment = "Firefox 128 et NVDA 2024.1\n\nSafari et VoiceOver"
        audit.statement = statement
        audit.save()
        keys = {page.pk: key for key, page in audited_site.items()}
        results = []
        for sample in audit.sample.all():
            key = keys[sample.page_id]
            for number in criteria():
                status, derogation, note = EXCEPTIONS.get((key, number), ("C", "", ""))
                if number == "4.2":
                    status = "NA"
                results.append(
                    Result(
                        sample=sample,
                        criterion=number,
                        status=status,
                        derogation=derogation,
                        comment="" if derogation else note,
                        justification=note if derogation else "",
                    )
                )
        Result.objects.bulk_create(results)
        audit.save()
    return audit


def english(statement) -> AccessibilityStatementPage:
    return AccessibilityStatementPage.objects.get(
        translation_key=statement.translation_key, locale__language_code="en"
    )


def test_the_statement_reads_the_rate_of_the_audit(audit, audited_site):
    statement = AccessibilityStatementPage.objects.get(pk=audited_site["statement"].pk)
    figures = statement.audit_figures()
    assert figures.rate == Decimal("98.10")
    assert figures.average_rate == Decimal("99.43")
    assert statement.current_auditor == "Cabinet Exemple"
    assert statement.conformity() == Conformity.PARTIAL
    translated = english(statement)
    assert translated.audit_figures().rate == Decimal("98.10")
    assert translated.conformity() == Conformity.PARTIAL


def test_the_french_statement_publishes_the_findings(client, audit, audited_site):
    statement = audited_site["statement"]
    document = assert_page_basics(client.get(statement.url), "fr")
    text = " ".join(document.get_text(" ").split())
    assert "98,1 % des critères" in text
    assert "99,43 %" in text
    assert "Cabinet Exemple" in text
    findings = document.select(".statement__findings")
    not_met, derogations, not_subject = (
        " ".join(f.get_text(" ").split()) for f in findings
    )
    assert "1.1" in not_met and "3.2" in not_met and "4.1" not in not_met
    assert "Le logo du formulaire" in not_met
    contact_link = findings[0].find("a", href=audited_site["contact"].url)
    assert contact_link.get_text() == "Contact"
    assert "Vidéo d'archives" in derogations and "4.1" in derogations
    assert "8.1" in not_subject and "Plan du site" in not_subject
    sample = [a["href"] for a in document.select(".statement__sample a")]
    assert sample == [
        audited_site[key].url
        for key in ("home", "contact", "legal", "statement", "sitemap")
    ]
    assert "Safari et VoiceOver" in text
    footer = " ".join(document.find("footer").get_text(" ").split()).lower()
    assert "partiellement conforme" in footer


def test_the_english_statement_shows_the_same_figures(client, audit, audited_site):
    translated = english(audited_site["statement"])
    document = assert_page_basics(client.get(translated.url), "en")
    text = " ".join(document.get_text(" ").split())
    assert "98.1%" in text
    assert "99.43%" in text
    # The criterion's text stays in French, marked as such.
    assert document.select_one(".statement__findings span[lang=fr]")
    # The statement's own link follows the reader's language.
    assert translated.url in [
        a["href"] for a in document.select(".statement__sample a")
    ]
    footer = " ".join(document.find("footer").get_text(" ").split()).lower()
    assert "partially compliant" in footer


def test_fixing_the_last_non_conformities_makes_the_footer_fully_compliant(
    client, audit, django_capture_on_commit_callbacks
):
    assert "partially compliant" in client.get("/en/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Result.objects.filter(sample__audit=audit, status="NC", derogation="").update(
            status="C"
        )
        audit.save()
    assert "fully compliant" in client.get("/en/").content.decode()


def test_an_audit_over_three_years_old_is_not_compliant(
    client, audit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        audit.audit_date = timezone.localdate() - datetime.timedelta(days=3 * 366)
        audit.save()
    assert "not compliant" in client.get("/en/").content.decode()


def test_the_latest_audit_linked_is_the_one_published(audit, audited_site, manager):
    newer = start_audit(manager)
    # A new audit is not published until a manager links it to the statement.
    assert newer.statement is None
    statement = AccessibilityStatementPage.objects.get(pk=audited_site["statement"].pk)
    assert statement.audit_figures().auditor == "Cabinet Exemple"
    newer.statement = statement
    newer.auditor = "Service numérique"
    newer.save()
    statement = AccessibilityStatementPage.objects.get(pk=statement.pk)
    assert statement.audit_figures().auditor == "Service numérique"


def test_the_arabic_statement_reads_right_to_left_with_the_same_figures(
    client, settings, site_tree, audit, audited_site
):
    """A third language, read right to left: the same audit, its figures
    written the Arabic way, the headings and the scheme's words in Arabic; the
    criteria and the scheme's French texts marked as French."""
    from accessibility.models import Scheme, SchemeAction
    from tests.helpers import use_languages
    from tests.tree import translate

    use_languages(settings, "fr,en,ar")
    translate(site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar")
    statement = audited_site["statement"]
    year = timezone.localdate().year
    scheme = Scheme.objects.create(
        title="Schéma", start_year=year, end_year=year + 2, statement=statement
    )
    SchemeAction.objects.create(
        scheme=scheme, year=year, title="Sous-titrer les vidéos", criteria="4.3"
    )
    arabic = translate(
        statement, {"title": "بيان إمكانية الوصول", "slug": "imkaniyat-alwusul"}, "ar"
    )
    response = client.get(arabic.url)
    assert response.status_code == 200
    document = soup(response)
    assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
    assert [h1.get_text(strip=True) for h1 in document.find_all("h1")] == [
        "بيان إمكانية الوصول"
    ]
    headings = [h2.get_text(strip=True) for h2 in document.find_all("h2")]
    assert "حالة المطابقة" in headings
    assert "المحتوى غير المطابق" in headings
    text = " ".join(document.get_text(" ").split())
    # 98.10 %, written with the Arabic decimal comma; the level as the source's.
    assert "98,1%" in text
    assert "99,43%" in text
    badge = document.select_one(".statement__badge").get_text(strip=True)
    assert badge == "إمكانية الوصول: مطابقة جزئية"
    assert "هذا الموقع مطابق جزئيًّا" in text
    finding = document.select_one(".statement__findings li")
    assert finding.find("strong").get_text(strip=True) == "المعيار 1.1"
    assert finding.select_one("span[lang=fr]")
    section = document.select_one(".statement__scheme")
    assert section.find("h2").get_text(strip=True) == (
        f"الخطة متعددة السنوات لإمكانية الوصول {year}–{year + 2}"
    )
    plan = section.find("h3").get_text(strip=True)
    assert plan == f"خطة العمل {year} (هذا العام)"
    action = section.find("li")
    assert "مخطط لها" in action.get_text()
    assert "المعايير 4.3" in action.get_text()
    assert action.select_one("[lang=fr]").get_text() == "Sous-titrer les vidéos"
    footer = " ".join(document.find("footer").get_text(" ").split())
    assert "إمكانية الوصول: مطابقة جزئية" in footer
