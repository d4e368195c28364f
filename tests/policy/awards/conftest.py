"""Awards on top of the news section: two awarding bodies, the awards page and
five awards — a label received in 2021, 2022, 2024 and 2025 (2023 missing) and a
prize in 2025 announced by an article — all translated into English through
wagtail-localize. Built once (tests/tree.py); each test reads fresh instances."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from wagtail.images import get_image_model

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from policy.models import Award, AwardingBody, AwardMention, AwardsPage
from tests import tree
from tests.helpers import add_page

TNL = "Label Territoire Numérique Libre"
TNL_EN = "Free Digital Territory label"
NEC = "NEC d'or"
NEC_EN = "Golden NEC"
ARTICLE = "La ville reçoit le NEC d'or"
ARTICLE_EN = "The town receives the Golden NEC"

# slug: French fields, English texts.
AWARDS = {
    "tnl-2021": (
        {"name": TNL, "year": 2021, "level": "niveau 4", "level_rank": 4},
        {"name": TNL_EN, "level": "level 4"},
        [("Meilleure première candidature", "Best first application")],
    ),
    "tnl-2022": (
        {
            "name": TNL,
            "year": 2022,
            "date": datetime.date(2022, 11, 9),
            "level": "niveau 5",
            "level_rank": 5,
        },
        {"name": TNL_EN, "level": "level 5"},
        [],
    ),
    "tnl-2024": (
        {"name": TNL, "year": 2024, "level": "niveau 5", "level_rank": 5},
        {"name": TNL_EN, "level": "level 5"},
        [],
    ),
    "tnl-2025": (
        {"name": TNL, "year": 2025, "level": "Or", "level_rank": 6},
        {"name": TNL_EN, "level": "Gold"},
        [("Promotion des logiciels libres", "Promoting free software")],
    ),
    "nec-2025": (
        {
            "name": NEC,
            "year": 2025,
            "date": datetime.date(2025, 10, 29),
            "level": "de la cohérence",
            "description": "Pour la cohérence de la politique numérique.",
        },
        {
            "name": NEC_EN,
            "level": "for consistency",
            "description": "For the consistency of the digital policy.",
        },
        [],
    ),
}


@dataclass(frozen=True)
class AwardsKeys:
    page: int
    page_en: int
    bodies: dict[str, int]
    bodies_en: dict[str, int]
    awards: dict[str, int]
    awards_en: dict[str, int]
    article: int
    article_en: int


def make_award(
    body: AwardingBody, slug: str, fields: dict, mentions=(), *, publish: bool = True
) -> Award:
    """A French award, published through a revision as the admin does."""
    award = Award(
        locale=body.locale, awarding_body=body, slug=slug, live=publish, **fields
    )
    award.mentions = [AwardMention(text=text) for text in mentions]
    award.save()
    revision = award.save_revision()
    if publish:
        revision.publish()
    return Award.objects.get(pk=award.pk)


def translate_award(award: Award, english: dict, mentions=()) -> Award:
    values = {**english, "slug": award.slug}
    values["mentions"] = [AwardMention(text=text) for text in mentions]
    return tree.translate(award, values)


def build_awards(site: tree.SiteKeys, news: tree.NewsKeys) -> AwardsKeys:
    home = HomePage.objects.get(pk=site.home_fr)
    page = add_page(
        home,
        AwardsPage(
            title="Prix et labels",
            slug="prix-et-labels",
            introduction="Les distinctions reçues par la ville.",
        ),
    )
    page_en = tree.translate(
        page,
        {
            "title": "Awards and labels",
            "slug": "awards-and-labels",
            "introduction": "The distinctions the town received.",
        },
    )
    bodies = {
        "adullact": AwardingBody.objects.create(
            locale_id=site.locale_fr,
            name="ADULLACT",
            slug="adullact",
            website="https://adullact.org/",
            description="L'association des collectivités pour le logiciel libre.",
        ),
        "anct": AwardingBody.objects.create(
            locale_id=site.locale_fr,
            name="ANCT",
            slug="anct",
            description="L'Agence nationale de la cohésion des territoires.",
        ),
    }
    bodies_en = {
        "adullact": tree.translate(
            bodies["adullact"],
            {
                "name": "ADULLACT",
                "description": "The association of communities for free software.",
            },
        ),
        "anct": tree.translate(
            bodies["anct"],
            {
                "name": "ANCT",
                "description": "The National Agency for Territorial Cohesion.",
            },
        ),
    }
    article = tree.add_article(
        NewsIndexPage.objects.get(pk=news.index),
        get_image_model().objects.get(pk=news.image),
        ARTICLE,
        date=datetime.date(2025, 10, 30),
    )
    article_en = tree.translate(
        article, {"title": ARTICLE_EN, "slug": "golden-nec", "introduction": "Yes."}
    )
    awards, awards_en = {}, {}
    for slug, (french, english, mentions) in AWARDS.items():
        body = bodies["anct" if slug.startswith("nec") else "adullact"]
        fields = {**french, **({"article": article} if slug == "nec-2025" else {})}
        award = make_award(body, slug, fields, [fr for fr, _en in mentions])
        awards[slug] = award
        awards_en[slug] = translate_award(award, english, [en for _fr, en in mentions])
    return AwardsKeys(
        page=page.pk,
        page_en=page_en.pk,
        bodies={slug: body.pk for slug, body in bodies.items()},
        bodies_en={slug: body.pk for slug, body in bodies_en.items()},
        awards={slug: award.pk for slug, award in awards.items()},
        awards_en={slug: award.pk for slug, award in awards_en.items()},
        article=article.pk,
        article_en=article_en.pk,
    )


@tree.shared_layer("_awards_layer", on="_news_layer")
def _awards_layer(below: dict) -> AwardsKeys:
    return build_awards(below["_site_layer"], below["_news_layer"])


@dataclass
class Awards:
    """Fresh instances of the awards layer."""

    page: AwardsPage
    page_en: AwardsPage
    bodies: dict[str, AwardingBody]
    bodies_en: dict[str, AwardingBody]
    awards: dict[str, Award]
    awards_en: dict[str, Award]
    article: NewsPage
    article_en: NewsPage


@pytest.fixture
def awards(_awards_layer: AwardsKeys, site_tree) -> Awards:
    keys = _awards_layer
    found = Award.objects.in_bulk([*keys.awards.values(), *keys.awards_en.values()])
    bodies = AwardingBody.objects.in_bulk(
        [*keys.bodies.values(), *keys.bodies_en.values()]
    )
    return Awards(
        page=AwardsPage.objects.get(pk=keys.page),
        page_en=AwardsPage.objects.get(pk=keys.page_en),
        bodies={slug: bodies[pk] for slug, pk in keys.bodies.items()},
        bodies_en={slug: bodies[pk] for slug, pk in keys.bodies_en.items()},
        awards={slug: found[pk] for slug, pk in keys.awards.items()},
        awards_en={slug: found[pk] for slug, pk in keys.awards_en.items()},
        article=NewsPage.objects.get(pk=keys.article),
        article_en=NewsPage.objects.get(pk=keys.article_en),
    )
