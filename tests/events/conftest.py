"""The agenda on top of the shared bilingual site and its news section: the
French agenda and its English translation, and a factory of events."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage, EventSeries
from news.models import NewsCategory
from tests import tree

# The layer below ours, and the news fixtures the events use.
from tests.news.conftest import _news_layer, categories, image  # noqa: F401
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    manager,
    manager_client,
    writer,
    writer_client,
)

_slugs = itertools.count()


@tree.shared_layer("_agenda_layer", on="_news_layer")
def _agenda_layer(below: dict) -> dict[str, int]:
    site = below["_site_layer"]
    from home.models import HomePage

    index = EventIndexPage(
        title="Agenda", slug="agenda", introduction="Les rendez-vous de la ville."
    )
    HomePage.objects.get(pk=site.home_fr).add_child(instance=index)
    index.save_revision().publish()
    index_en = tree.translate(
        index,
        {"title": "Events", "slug": "events", "introduction": "The town's events."},
    )
    series = EventSeries.objects.create(
        locale_id=site.locale_fr,
        name="AlpOSS",
        description="Le rendez-vous du logiciel libre dans les Alpes.",
        url="https://alposs.fr/",
    )
    return {"index": index.pk, "index_en": index_en.pk, "series": series.pk}


@pytest.fixture
def agenda(_agenda_layer) -> EventIndexPage:
    return EventIndexPage.objects.get(pk=_agenda_layer["index"])


@pytest.fixture
def agenda_en(_agenda_layer) -> EventIndexPage:
    return EventIndexPage.objects.get(pk=_agenda_layer["index_en"])


@pytest.fixture
def series(_agenda_layer) -> EventSeries:
    return EventSeries.objects.get(pk=_agenda_layer["series"])


def paris(*args: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(*args), timezone.get_default_timezone()
    )


def add_event(
    parent: EventIndexPage,
    title: str | None = None,
    *,
    start: datetime.datetime | None = None,
    hours: int = 3,
    in_categories: list[NewsCategory] = (),
    **fields,
) -> EventPage:
    number = next(_slugs)
    start = start or timezone.now() + datetime.timedelta(days=10 + number)
    event = EventPage(
        title=title or f"Atelier numérique {number}",
        slug=f"evenement-{number}",
        introduction=fields.pop(
            "introduction", "Un atelier gratuit pour découvrir les logiciels libres."
        ),
        start=start,
        end=fields.pop("end", start + datetime.timedelta(hours=hours)),
        place_name=fields.pop("place_name", "Maison des habitants"),
        street_address="1 place de la Libération",
        postal_code="38130",
        locality="Échirolles",
        **fields,
    )
    parent.add_child(instance=event)
    if in_categories:
        event.categories.set(in_categories)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def make_event(agenda) -> Callable[..., EventPage]:
    def make(title: str | None = None, *, parent=None, **options) -> EventPage:
        return add_event(parent or agenda, title, **options)

    return make
