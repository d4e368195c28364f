"""The master plan, the awards and the open-data catalogue in a language
without an interface catalogue ("fr,en,de"): their interface strings fall back
to French and are marked French; what editors wrote in German keeps `lang="de"`."""

from __future__ import annotations

import pytest

from policy.models import AwardMention
from tests.helpers import soup, use_languages
from tests.language_marks import unmarked_french
from tests.policy.awards.conftest import _awards_layer  # noqa: F401
from tests.policy.awards.conftest import awards as awards  # the layer's fixture
from tests.policy.test_opendata import make_dataset
from tests.policy.test_schemas import BROKEN_PLACE, PLACE, schema_resource
from tests.tree import translate

pytestmark = pytest.mark.django_db


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def closest_language(element) -> str | None:
    found = element if element.has_attr("lang") else element.find_parent(lang=True)
    return found["lang"] if found is not None else None


@pytest.fixture
def german(settings, site_tree):
    use_languages(settings, "fr,en,de")
    home = {"title": "Teststadt", "slug": "startseite"}
    return translate(site_tree.home_fr, home, "de")


@pytest.fixture
def german_plan(german, plan):
    pages = {
        "plan": translate(
            plan.plan,
            {
                "title": "Digitaler Masterplan",
                "slug": "digitaler-masterplan",
                "introduction": "Was die Stadt verspricht.",
                "deliberation_reference": "Beschluss Nr. 2021-045",
                "body": paragraph("Nach einer Konsultation beschlossen."),
            },
            "de",
        ),
        "axis": translate(
            plan.axis,
            {
                "title": "Digitale Teilhabe",
                "slug": "digitale-teilhabe",
                "introduction": "Niemand bleibt zurück.",
                "body": paragraph("Eine Achse des Plans."),
            },
            "de",
        ),
        "objective": translate(
            plan.objective,
            {
                "title": "Die Einwohner begleiten",
                "slug": "einwohner-begleiten",
                "introduction": "Jedem bei seinen Behördengängen helfen.",
                "body": paragraph("Ein Ziel der Achse."),
            },
            "de",
        ),
    }
    pages["action"] = translate(
        plan.actions["ateliers-numeriques"],
        {
            "title": "Digitale Workshops",
            "slug": "digitale-workshops",
            "introduction": "Jede Woche kostenlose Workshops.",
            "description": paragraph("Die Workshops finden in der Bibliothek statt."),
            "department": "Abteilung digitale Teilhabe",
        },
        "de",
    )
    for slug in ("wi-fi-public", "telephonie-libre"):
        translate(
            plan.actions[slug],
            {"title": f"Aktion {slug}", "slug": slug, "introduction": "Eine Aktion."},
            "de",
        )
    return pages


@pytest.fixture
def german_catalogue(german, home):
    from policy.models import OpenDataPage
    from tests.helpers import add_page

    catalogue = add_page(
        home, OpenDataPage(title="Données ouvertes", slug="donnees-ouvertes")
    )
    dataset = make_dataset(
        catalogue,
        1,
        resources=[schema_resource(1, [PLACE, {**BROKEN_PLACE, "id": "b"}])],
    )
    catalogue_de = translate(
        catalogue, {"title": "Offene Daten", "slug": "offene-daten"}, "de"
    )
    dataset_de = translate(
        dataset,
        {
            "title": "Orte der digitalen Hilfe",
            "slug": "orte",
            "introduction": "Wo man Hilfe findet.",
            "description": "Die Orte der Stadt.",
            "keywords": "Teilhabe",
            "producer": "Digitalabteilung",
        },
        "de",
    )
    resource = dataset_de.resources.get()
    return {
        "catalogue": catalogue_de.url,
        "dataset": dataset_de.url,
        "report": f"{dataset_de.url}schema-report/{resource.pk}/",
    }


@pytest.mark.parametrize("kind", ["plan", "axis", "objective", "action"])
def test_the_german_plan_marks_its_french_interface(client, german_plan, kind):
    response = client.get(german_plan[kind].url)
    assert response.status_code == 200
    assert unmarked_french(response.content.decode()) == []
    document = soup(response)
    # What editors wrote, inside French-marked elements too, is German again.
    for element in document.select("main h1, main .policy-facts dd, main bdi"):
        for text in element.find_all(string=True):
            assert closest_language(text.parent) == "de", element


@pytest.mark.parametrize("kind", ["catalogue", "dataset", "report"])
def test_the_german_open_data_marks_its_french_interface(
    client, german_catalogue, kind
):
    response = client.get(german_catalogue[kind])
    assert response.status_code == 200
    assert unmarked_french(response.content.decode()) == []


@pytest.fixture
def german_awards(german, awards):
    body = translate(
        awards.bodies["adullact"],
        {
            "name": "ADULLACT",
            "slug": "adullact",
            "description": "Der Verband der Kommunen für freie Software.",
        },
        "de",
    )
    award = awards.awards["tnl-2021"]
    translate(
        award,
        {
            "name": "Label Freies Digitales Gebiet",
            "slug": award.slug,
            "level": "Stufe 4",
            "mentions": [AwardMention(text="Beste erste Bewerbung")],
        },
        "de",
    )
    assert body.locale.language_code == "de"
    return translate(
        awards.page,
        {
            "title": "Preise und Labels",
            "slug": "preise-und-labels",
            "introduction": "Die Auszeichnungen der Stadt.",
        },
        "de",
    )


def test_the_german_awards_mark_their_french_interface(client, german_awards):
    response = client.get(german_awards.url)
    assert response.status_code == 200
    assert unmarked_french(response.content.decode()) == []
    document = soup(response)
    title = document.select_one(".award__title")
    assert title.get_text(strip=True) == "Label Freies Digitales Gebiet — Stufe 4"
    assert closest_language(title) == "de"


def test_active_filters_keep_each_part_in_its_language(
    client, german_plan, german_catalogue
):
    """A status or a theme is an interface label (French here), an axis title
    is the editors' German: each keeps its own language in the filters' lists."""
    axis = german_plan["axis"].slug
    for url in [
        f"{german_plan['plan'].url}actions/?status=in_progress&axis={axis}",
        f"{german_catalogue['catalogue']}?theme=GOVE",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert unmarked_french(response.content.decode()) == [], url
