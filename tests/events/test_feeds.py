"""The agenda's feeds of upcoming events, RSS 2.0 and Atom, read with a real
feed parser, as the news feeds are (tests/news/test_feeds.py)."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.events.conftest import paris
from tests.helpers import count_queries
from tests.tree import translate

pytestmark = pytest.mark.django_db

HOSTILE = 'Fête </title><script>alert("x")</script> & <b>co</b> ]]>'
KINDS = [
    ("rss/", "application/rss+xml", "rss20"),
    ("atom/", "application/atom+xml", "atom10"),
]


def parse(client, url: str, content_type: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(("suffix", "content_type", "version"), KINDS)
def test_upcoming_events_soonest_first(
    client, agenda, make_event, suffix, content_type, version
):
    soon = make_event(
        "Atelier Linux", start=timezone.now() + datetime.timedelta(days=2)
    )
    later = make_event(
        "AlpOSS 2031", start=timezone.now() + datetime.timedelta(days=90)
    )
    make_event("AlpOSS 2025", start=paris(2025, 2, 18, 9))
    make_event("Annulé", status="cancelled")
    feed = parse(client, agenda.url + suffix, content_type)
    assert feed.version == version
    assert feed.feed.title == "Agenda : rendez-vous à venir"
    assert feed.feed.link == "http://testserver" + agenda.url
    assert feed.feed.language == "fr"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 3  # the past edition left out, the cancelled one said
    assert titles[0].startswith("Atelier Linux — ")
    assert titles[-1].startswith("AlpOSS 2031 — ")
    first = feed.entries[0]
    assert first.link == "http://testserver" + soon.url
    assert first.id == first.link
    assert first.summary == soon.introduction
    assert feed.entries[-1].link == "http://testserver" + later.url


def test_atom_has_what_the_rfc_requires(client, agenda, make_event):
    """RFC 4287: the feed's id, title, updated and author; each entry's id,
    title, updated; a self link."""
    event = make_event("Atelier Linux")
    feed = parse(client, agenda.url + "atom/", "application/atom+xml")
    assert feed.feed.id == "http://testserver" + agenda.url + "atom/"
    assert feed.feed.updated_parsed
    assert feed.feed.author == "Ville d'Échirolles"
    assert feed.feed.subtitle == agenda.introduction
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://testserver" + agenda.url + "atom/"
    assert links["alternate"] == "http://testserver" + agenda.url
    [entry] = feed.entries
    assert entry.id == "http://testserver" + event.url
    assert entry.updated_parsed and entry.published_parsed


@pytest.mark.parametrize(("suffix", "content_type", "version"), KINDS)
def test_titles_and_summaries_are_escaped(
    client, agenda, make_event, suffix, content_type, version
):
    make_event(HOSTILE, introduction=HOSTILE)
    response = client.get(agenda.url + suffix)
    assert "<script>" not in response.content.decode()
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title.startswith(HOSTILE)
    summary = BeautifulSoup(entry.summary, "html.parser")
    assert summary.get_text() == HOSTILE
    assert not summary.find(["script", "b"])


def test_english_agenda_feeds_are_in_english(client, agenda_en, make_event):
    event = make_event("Atelier Linux")
    translate(event, {"title": "Linux workshop", "slug": "linux-workshop"})
    for suffix, content_type, _version in KINDS:
        feed = parse(client, agenda_en.url + suffix, content_type)
        assert feed.feed.language == "en"
        assert feed.feed.title == "Events: upcoming events"
        assert [e.title.split(" — ")[0] for e in feed.entries] == ["Linux workshop"]


def test_feeds_are_announced_in_the_head_and_on_the_page(client, agenda):
    page = BeautifulSoup(client.get(agenda.url).content, "html.parser")
    head = {
        link["type"]: link["href"]
        for link in page.head.find_all("link", rel="alternate")
        if link.get("type")
    }
    assert head["application/rss+xml"] == agenda.url + "rss/"
    assert head["application/atom+xml"] == agenda.url + "atom/"
    titles = [
        link["title"]
        for link in page.head.find_all("link", type="application/atom+xml")
    ]
    assert titles == ["Rendez-vous à venir (Atom)"]
    listed = [a["href"] for a in page.select(f'a[href="{agenda.url}atom/"]')]
    assert listed == [agenda.url + "atom/"]


@pytest.mark.engine
def test_atom_queries_do_not_grow_with_the_events(client, agenda, make_event):
    make_event()
    few = count_queries(client, agenda.url + "atom/")
    for _ in range(4):
        make_event()
    assert count_queries(client, agenda.url + "atom/") == few
