"""A master plan on top of the news section: the French plan, one axis, one
objective and three actions (planned, in progress with indicators and an article
reporting on it, done), all translated into English through wagtail-localize.
Built once (tests/tree.py); each test reads fresh instances."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import TestCase
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.caching import generation
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from policy.models import (
    ActionIndicator,
    ActionNewsLink,
    ActionPage,
    ActionStatus,
    AxisPage,
    MasterPlanPage,
    ObjectivePage,
)
from policy.scale import grow_plan, live_action_count
from tests import tree
from tests.helpers import add_page
from tests.news.conftest import _news_layer  # noqa: F401  (the layer below ours)

ARTICLE_TITLE = "Les ateliers numériques font le plein"
ARTICLE_TITLE_EN = "The digital workshops are full"

# Every French string of the tree, with its English translation: translating a
# page fails on a string missing here, so no text field can be left out.
ENGLISH = {
    "Schéma directeur du numérique": "Digital master plan",
    "schema-directeur-du-numerique": "digital-master-plan",
    "Ce que la ville s'engage à faire.": "What the town commits to.",
    "Délibération n° 2021-045": "Deliberation no. 2021-045",
    "Adopté après une concertation.": "Adopted after a consultation.",
    "Inclusion numérique": "Digital inclusion",
    "inclusion-numerique": "digital-inclusion",
    "Personne ne reste à l'écart.": "Nobody is left behind.",
    "Un axe du schéma.": "An axis of the plan.",
    "Accompagner les habitants": "Support residents",
    "accompagner-les-habitants": "support-residents",
    "Aider chacun à faire ses démarches.": "Help everyone with their procedures.",
    "Un objectif de l'axe.": "An objective of the axis.",
    "Wi-Fi public": "Public Wi-Fi",
    "wi-fi-public": "public-wi-fi",
    "Un accès libre dans les bâtiments.": "Free access in public buildings.",
    "Ateliers numériques": "Digital workshops",
    "ateliers-numeriques": "digital-workshops",
    "Des ateliers gratuits chaque semaine.": "Free workshops every week.",
    "Les ateliers ont lieu à la médiathèque.": "Workshops are held at the library.",
    "Service inclusion numérique": "Digital inclusion department",
    "Ateliers tenus": "Workshops held",
    "ateliers": "workshops",
    "Téléphonie libre": "Free-software telephony",
    "telephonie-libre": "free-software-telephony",
    "La téléphonie en logiciel libre.": "Telephony on free software.",
    "Direction du numérique": "Digital department",
}


def paragraph(text: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def translate_all(source: Any, locale_code: str = "en") -> Any:
    """Translate every string of `source` (its page fields and its indicators)
    from ENGLISH through wagtail-localize, as a translator does, and publish."""
    source = source.specific if isinstance(source, Page) else source
    locale = Locale.objects.get(language_code=locale_code)
    translation_source, _ = TranslationSource.update_or_create_from_instance(source)
    translation, _ = Translation.objects.get_or_create(
        source=translation_source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=translation_source).select_related(
        "string", "context"
    )
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": ENGLISH[segment.string.data],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=False)
    translated = source.get_translation(locale)
    Revision.objects.get(pk=translated.latest_revision_id).publish()
    return type(translated).objects.get(pk=translated.pk)


@dataclass(frozen=True)
class PlanKeys:
    """Primary keys of the plan layer, French and English."""

    plan: int
    plan_en: int
    axis: int
    axis_en: int
    objective: int
    objective_en: int
    actions: dict[str, int]
    actions_en: dict[str, int]
    article: int
    article_en: int


def build_plan(site: tree.SiteKeys, news: tree.NewsKeys) -> PlanKeys:
    home = HomePage.objects.get(pk=site.home_fr)
    plan = add_page(
        home,
        MasterPlanPage(
            title="Schéma directeur du numérique",
            slug="schema-directeur-du-numerique",
            introduction="Ce que la ville s'engage à faire.",
            period_start=2020,
            period_end=2026,
            adoption_date=datetime.date(2021, 3, 29),
            deliberation_reference="Délibération n° 2021-045",
            body=paragraph("Adopté après une concertation."),
        ),
    )
    axis = add_page(
        plan,
        AxisPage(
            title="Inclusion numérique",
            slug="inclusion-numerique",
            introduction="Personne ne reste à l'écart.",
            body=paragraph("Un axe du schéma."),
        ),
    )
    objective = add_page(
        axis,
        ObjectivePage(
            title="Accompagner les habitants",
            slug="accompagner-les-habitants",
            introduction="Aider chacun à faire ses démarches.",
            body=paragraph("Un objectif de l'axe."),
        ),
    )
    article = tree.add_article(
        NewsIndexPage.objects.get(pk=news.index),
        get_image_model().objects.get(pk=news.image),
        ARTICLE_TITLE,
        date=datetime.date(2025, 10, 2),
    )
    workshops = ActionPage(
        title="Ateliers numériques",
        slug="ateliers-numeriques",
        introduction="Des ateliers gratuits chaque semaine.",
        description=paragraph("Les ateliers ont lieu à la médiathèque."),
        status=ActionStatus.IN_PROGRESS,
        progress=40,
        department="Service inclusion numérique",
        start_date=datetime.date(2022, 1, 10),
        target_date=datetime.date(2026, 6, 30),
        budget=Decimal("12500.00"),
    )
    workshops.indicators = [
        ActionIndicator(
            name="Ateliers tenus",
            unit="ateliers",
            baseline=Decimal(0),
            target=Decimal(120),
            current_value=Decimal(48),
            measured_on=datetime.date(2025, 9, 30),
        )
    ]
    workshops.news_links = [ActionNewsLink(article=article)]
    actions = {
        "wi-fi-public": ActionPage(
            title="Wi-Fi public",
            slug="wi-fi-public",
            introduction="Un accès libre dans les bâtiments.",
        ),
        "ateliers-numeriques": workshops,
        "telephonie-libre": ActionPage(
            title="Téléphonie libre",
            slug="telephonie-libre",
            introduction="La téléphonie en logiciel libre.",
            status=ActionStatus.DONE,
            progress=100,
            department="Direction du numérique",
        ),
    }
    for action in actions.values():
        add_page(objective, action)
    article_en = tree.translate(
        article,
        {"title": ARTICLE_TITLE_EN, "slug": "workshops-full", "introduction": "Full."},
    )
    plan_en = translate_all(plan)
    axis_en = translate_all(axis)
    objective_en = translate_all(objective)
    actions_en = {slug: translate_all(action) for slug, action in actions.items()}
    return PlanKeys(
        plan=plan.pk,
        plan_en=plan_en.pk,
        axis=axis.pk,
        axis_en=axis_en.pk,
        objective=objective.pk,
        objective_en=objective_en.pk,
        actions={slug: action.pk for slug, action in actions.items()},
        actions_en={slug: action.pk for slug, action in actions_en.items()},
        article=article.pk,
        article_en=article_en.pk,
    )


@tree.shared_layer("_plan_layer", on="_news_layer")
def _plan_layer(below: dict) -> PlanKeys:
    return build_plan(below["_site_layer"], below["_news_layer"])


@dataclass
class Plan:
    """Fresh instances of the plan layer's pages."""

    plan: MasterPlanPage
    plan_en: MasterPlanPage
    axis: AxisPage
    axis_en: AxisPage
    objective: ObjectivePage
    objective_en: ObjectivePage
    actions: dict[str, ActionPage]
    actions_en: dict[str, ActionPage]
    article: NewsPage
    article_en: NewsPage


@pytest.fixture
def plan(_plan_layer: PlanKeys, site_tree) -> Plan:
    keys = _plan_layer
    found = ActionPage.objects.in_bulk(
        [*keys.actions.values(), *keys.actions_en.values()]
    )
    return Plan(
        plan=MasterPlanPage.objects.get(pk=keys.plan),
        plan_en=MasterPlanPage.objects.get(pk=keys.plan_en),
        axis=AxisPage.objects.get(pk=keys.axis),
        axis_en=AxisPage.objects.get(pk=keys.axis_en),
        objective=ObjectivePage.objects.get(pk=keys.objective),
        objective_en=ObjectivePage.objects.get(pk=keys.objective_en),
        actions={slug: found[pk] for slug, pk in keys.actions.items()},
        actions_en={slug: found[pk] for slug, pk in keys.actions_en.items()},
        article=NewsPage.objects.get(pk=keys.article),
        article_en=NewsPage.objects.get(pk=keys.article_en),
    )


# The plan at a big city's scale, grown once --------------------------------------

LARGE = 500


@tree.shared_layer("_large_plan_layer", on="_plan_layer")
def _large_plan_layer(below: dict) -> list[int]:
    """The plan layer's plan grown to LARGE actions by policy.scale (about 15 s
    of CPU, once per test process instead of once per test), its copies then
    unpublished: a test measures the plan as it was, then publishes them
    (`LargePlan.grow`). The primary keys of the copies, in the order
    `grow_plan` made them."""
    plan = MasterPlanPage.objects.get(pk=below["_plan_layer"].plan)
    before = set(ActionPage.objects.descendant_of(plan).values_list("pk", flat=True))
    grow_plan(plan, LARGE)
    copies = list(
        ActionPage.objects.descendant_of(plan)
        .exclude(pk__in=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ActionPage.objects.filter(pk__in=copies).update(live=False)
    generation.bump()
    return copies


@dataclass
class LargePlan:
    """The plan fixture's plan, with its copies standing by unpublished."""

    plan: Plan
    copies: list[int]

    def grow(self, total: int = LARGE) -> None:
        """Publish copies until the plan holds `total` live actions: the same
        pages, in the same order, as `grow_plan(plan, total)` would add."""
        missing = total - live_action_count(self.plan.plan)
        published = ActionPage.objects.filter(pk__in=self.copies, live=True).count()
        if missing <= 0:
            return
        to_publish = self.copies[published : published + missing]
        assert len(to_publish) == missing, f"the layer holds no {total} actions"
        ActionPage.objects.filter(pk__in=to_publish).update(live=True)
        # The pages' cached parts follow, as after grow_plan.
        generation.bump()


@pytest.fixture
def large_plan(_large_plan_layer: list[int], plan: Plan) -> LargePlan:
    return LargePlan(plan, _large_plan_layer)
