"""Fragments rendered once per content generation (home/caching/fragments.py) and
the request's site found without a query (home/caching/sites.py): a publication
shows on the next uncached render, a fragment never passes from one language or
one reader to another, and a preview neither reads nor fills one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site
from wagtail.rich_text import RichText

from home.caching.sites import cached_site
from home.models import ContentPage
from policy.models import AxisPage, MasterPlanPage
from tests.helpers import add_page, publish, soup

pytestmark = pytest.mark.django_db

# A cookie: past the full-page cache, every request is rendered. On the site's
# own host, as previews are (Wagtail's preview request is made for it).
UNCACHED = {"Cookie": "reader=uncached", "Host": "localhost"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def render(client, url: str):
    response = client.get(url, headers=UNCACHED)
    assert response.status_code == 200
    return response


def paragraph_body(page, text: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>"))]


@pytest.fixture
def content_page(home) -> ContentPage:
    page = ContentPage(title="Généralités", slug="generalites")
    page.body = paragraph_body(page, "Texte publié")
    return add_page(home, page)


# The site ---------------------------------------------------------------------


def test_the_site_is_found_without_a_query_once_warm(site_tree):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    cached_site(request)
    with CaptureQueriesContext(connection) as queries:
        site = cached_site(RequestFactory().get("/", HTTP_HOST="localhost"))
    assert site.pk == site_tree.site.pk
    assert len(queries) == 0


def test_a_changed_site_is_found_again(site_tree):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert cached_site(request).site_name != "Autre nom"
    site = Site.objects.get(pk=site_tree.site.pk)
    site.site_name = "Autre nom"
    site.save()
    assert cached_site(request).site_name == "Autre nom"


def test_a_new_site_for_a_host_serves_its_own_pages(client, home, content_page):
    render(client, "/")  # the first site, found and kept
    # A second site on another host, rooted at the content page.
    Site.objects.create(hostname="autre.example", port=80, root_page=content_page)
    response = client.get("/", headers={**UNCACHED, "Host": "autre.example"})
    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == "Généralités"
    # The first site still serves its own home page.
    assert soup(render(client, "/")).h1.get_text(strip=True) == home.title


# Invalidation -------------------------------------------------------------------


def assert_a_published_body_shows_at_once(client, content_page) -> None:
    """The published body, then the corrected one on the next uncached render."""
    assert "Texte publié" in render(client, content_page.url).content.decode()
    content_page.body = paragraph_body(content_page, "Texte corrigé")
    publish(content_page)
    html = render(client, content_page.url).content.decode()
    assert "Texte corrigé" in html
    assert "Texte publié" not in html


def test_a_published_body_shows_on_the_next_uncached_render(client, content_page):
    assert_a_published_body_shows_at_once(client, content_page)


def test_a_published_axis_title_shows_on_the_plan_page(client, plan):
    assert plan.axis.title in render(client, plan.plan.url).content.decode()
    axis = AxisPage.objects.get(pk=plan.axis.pk)
    axis.title = "Un axe renommé"
    axis.save_revision().publish()
    titles = [
        h2.get_text(strip=True)
        for h2 in soup(render(client, plan.plan.url)).select(".policy-axis h2")
    ]
    assert "Un axe renommé" in titles


def test_a_renamed_neighbour_shows_on_an_article(client, plan, image):
    from tests import tree

    article = plan.article
    index = article.get_parent().specific
    neighbour = tree.add_article(index, image, "Voisine")
    html = render(client, article.url).content.decode()
    assert "Voisine" in html
    neighbour.title = "Voisine renommée"
    publish(neighbour)
    assert "Voisine renommée" in render(client, article.url).content.decode()


# Languages and readers --------------------------------------------------------------

FRAGMENT = Template(
    "{% load i18n fragment_tags %}"
    '{% cachedfragment "test" 1 %}{% translate "Next page" %}{% endcachedfragment %}'
)


def test_a_fragment_never_passes_between_languages(db):
    request = RequestFactory().get("/")
    shown = {}
    for language in ("fr", "en", "ar", "fr"):
        with translation.override(language):
            shown.setdefault(language, set()).add(
                FRAGMENT.render(Context({"request": request}))
            )
    assert shown["fr"] == {"Page suivante"}
    assert shown["en"] == {"Next page"}
    assert shown["ar"] != shown["en"] and shown["ar"] != shown["fr"]


def test_the_same_plan_in_two_languages_keeps_its_own_fragment(client, plan):
    french = render(client, plan.plan.url).content.decode()
    english = render(client, plan.plan_en.url).content.decode()
    assert plan.axis.title in french
    assert plan.axis_en.title in english
    assert plan.axis.title not in english


def test_a_fragment_holding_a_csrf_token_is_never_stored(db):
    template = Template(
        '{% load fragment_tags %}{% cachedfragment "form" %}{% csrf_token %}'
        "{% endcachedfragment %}"
    )
    first = template.render(
        Context({"request": RequestFactory().get("/"), "csrf_token": "aaa"})
    )
    second = template.render(
        Context({"request": RequestFactory().get("/"), "csrf_token": "bbb"})
    )
    assert "aaa" in first
    assert "bbb" in second


def test_a_signed_in_reader_and_an_anonymous_one_see_their_own_page(
    client, content_page
):
    editor = get_user_model().objects.create_superuser("editrice", "e@example.org", "x")
    signed_in = type(client)()
    signed_in.force_login(editor)
    html = signed_in.get(content_page.url).content.decode()
    assert "wagtail-userbar" in html or "w-userbar" in html
    assert "Texte publié" in html
    anonymous = render(client, content_page.url).content.decode()
    assert "Texte publié" in anonymous
    assert "userbar" not in anonymous
    # And the other way round: the anonymous render first, then the editor.
    cache.clear()
    render(client, content_page.url)
    html = signed_in.get(content_page.url).content.decode()
    assert "userbar" in html


# Previews -------------------------------------------------------------------------


def test_a_preview_neither_reads_nor_fills_a_fragment(client, content_page):
    assert "Texte publié" in render(client, content_page.url).content.decode()
    draft = ContentPage.objects.get(pk=content_page.pk)
    # As the editor's form sends it: nothing saved, so nothing bumps the
    # content generation in between.
    draft.body = paragraph_body(draft, "Brouillon")
    preview = draft.make_preview_request().content.decode()
    assert "Brouillon" in preview, "the preview read the published fragment"
    assert "Texte publié" not in preview
    html = render(client, content_page.url).content.decode()
    assert "Texte publié" in html
    assert "Brouillon" not in html, "the preview filled the readers' fragment"


def test_a_preview_of_the_plan_shows_its_draft_figures_title(client, plan):
    render(client, plan.plan.url)  # fills the plan's fragments
    draft = MasterPlanPage.objects.get(pk=plan.plan.pk)
    draft.body = paragraph_body(draft, "Version de travail")
    assert "Version de travail" in draft.make_preview_request().content.decode()
    assert "Version de travail" not in render(client, plan.plan.url).content.decode()


def test_the_statement_follows_the_day_as_well_as_publications(
    client, home, monkeypatch
):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from home.models import AccessibilityStatementPage

    statement = add_page(
        home,
        AccessibilityStatementPage(
            title="Déclaration d'accessibilité",
            slug="accessibilite",
            audit_date=timezone.localdate() - datetime.timedelta(days=30),
            compliance_rate=Decimal("75"),
        ),
    )

    def badge() -> str:
        page = soup(render(client, statement.url))
        return page.select_one(".statement__badge").get_text(strip=True)

    assert badge() == "Accessibilité : partiellement conforme"
    # Four years on, with no publication in between: the audit is too old.
    later = timezone.localdate() + datetime.timedelta(days=4 * 365)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert badge() == "Accessibilité : non conforme"


# The agenda (events/event_index_page.html) --------------------------------------


def agenda_titles(response, section: str) -> list[str]:
    return [
        a.get_text(strip=True)
        for a in soup(response).select(f"#events-{section}-title ~ * .event-card a")
    ]


def test_a_published_event_shows_on_the_next_uncached_agenda(
    client, agenda, make_event
):
    first = make_event("Atelier du jeudi")
    assert agenda_titles(render(client, agenda.url), "upcoming") == [first.title]
    second = make_event("Permanence numérique")
    assert agenda_titles(render(client, agenda.url), "upcoming") == [
        first.title,
        second.title,
    ]
    first.title = "Atelier du vendredi"
    publish(first)
    assert agenda_titles(render(client, agenda.url), "upcoming") == [
        "Atelier du vendredi",
        second.title,
    ]


def test_an_event_that_ends_leaves_the_cached_upcoming_list(client, agenda, make_event):
    import datetime
    from unittest import mock

    from django.utils import timezone

    start = timezone.now() + datetime.timedelta(hours=1)
    event = make_event("Atelier du soir", start=start, hours=2)
    later = make_event("Permanence", start=start + datetime.timedelta(days=40))
    assert agenda_titles(render(client, agenda.url), "upcoming") == [
        event.title,
        later.title,
    ]
    # No publication in between: time alone moves it to the past events.
    after = event.end + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=after):
        response = render(client, agenda.url)
    assert agenda_titles(response, "upcoming") == [later.title]
    assert agenda_titles(response, "past") == [event.title]


def test_the_agenda_keeps_a_fragment_per_language(client, agenda, agenda_en):
    french = soup(render(client, agenda.url))
    english = soup(render(client, agenda_en.url))
    again = soup(render(client, agenda.url))
    assert french.select_one("#events-filters-title").get_text() == "Filtrer l’agenda"
    assert english.select_one("#events-filters-title").get_text() == "Filter the agenda"
    assert again.select_one("#events-filters-title").get_text() == "Filtrer l’agenda"


def signed_in_client(client):
    editor = get_user_model().objects.create_superuser(
        "editrice-fragments", "ef@example.org", "x"
    )
    signed_in = type(client)()
    signed_in.force_login(editor)
    return signed_in


def assert_readers_apart(client, url: str, shown: str) -> None:
    """The signed-in reader's page first, then the anonymous one, then the other
    way round: each gets its own user bar (or none) around the same content."""
    signed_in = signed_in_client(client)
    html = signed_in.get(url).content.decode()
    assert "userbar" in html and shown in html
    anonymous = render(client, url).content.decode()
    assert "userbar" not in anonymous and shown in anonymous
    assert "csrfmiddlewaretoken" not in anonymous
    cache.clear()
    assert "userbar" not in render(client, url).content.decode()
    html = signed_in.get(url).content.decode()
    assert "userbar" in html and shown in html


def test_the_agenda_keeps_readers_apart(client, agenda, make_event):
    event = make_event("Atelier du jeudi")
    assert_readers_apart(client, agenda.url, event.title)


# A dataset (policy/opendata/dataset_page.html) -----------------------------------


@pytest.fixture
def dataset(home):
    from policy.models import DatasetResource
    from tests.policy.test_opendata import add_catalogue, make_dataset

    return make_dataset(
        add_catalogue(home),
        1,
        resources=[DatasetResource(title="Bornes", url="https://example.org/a.json")],
    )


def resource_titles(response) -> list[str]:
    return [
        h3.get_text(strip=True) for h3 in soup(response).select(".opendata-resource h3")
    ]


def test_a_published_resource_shows_on_the_next_uncached_dataset(client, dataset):
    from policy.models import DatasetPage, DatasetResource

    assert resource_titles(render(client, dataset.url)) == ["Bornes"]
    draft = DatasetPage.objects.get(pk=dataset.pk)
    draft.resources.add(
        DatasetResource(
            title="Antennes", url="https://example.org/b.json", sort_order=1
        )
    )
    draft.description = "Description corrigée."
    publish(draft)
    response = render(client, dataset.url)
    assert resource_titles(response) == ["Bornes", "Antennes"]
    assert "Description corrigée." in response.content.decode()


def test_a_dataset_and_its_translation_keep_their_own_fragment(client, dataset):
    from tests import tree

    tree.translate(
        dataset.get_parent().specific, {"title": "Open data", "slug": "open-data"}
    )
    english = tree.translate(dataset, {"title": "Dataset 1", "slug": "dataset-1"})
    french = soup(render(client, dataset.url))
    in_english = soup(render(client, english.url))
    assert french.select_one("#opendata-resources-title").get_text() == "Ressources"
    assert in_english.select_one("#opendata-resources-title").get_text() == "Resources"
    again = soup(render(client, dataset.url))
    assert again.select_one("#opendata-resources-title").get_text() == "Ressources"


def test_a_dataset_keeps_readers_apart(client, dataset):
    assert_readers_apart(client, dataset.url, "Bornes")


# The search's result cards (home/search/views.py) --------------------------------


@pytest.fixture
def searchable(home, site_tree):
    page = ContentPage(
        title="Ateliers numériques",
        slug="ateliers",
        introduction="Des ateliers gratuits à la médiathèque.",
    )
    add_page(home, page)
    english = ContentPage(
        title="Digital workshops",
        slug="workshops",
        introduction="Free workshops at the library.",
    )
    add_page(site_tree.home_en, english)
    return page, english


def search(client, url: str):
    page = soup(render(client, url))
    return [
        (
            item.select_one("h3").get_text(strip=True),
            item.select_one(".search-results__type").get_text(strip=True),
            " ".join(item.select_one(".search-results__excerpt").get_text().split()),
        )
        for item in page.select(".search-results li")
    ]


def test_a_published_text_shows_in_the_next_search_excerpt(client, searchable):
    page, _ = searchable
    url = "/recherche/?q=ateliers"
    assert search(client, url) == [
        (
            "Ateliers numériques",
            "Page de contenu",
            "Des ateliers gratuits à la médiathèque.",
        )
    ]
    page.introduction = "Des ateliers gratuits à la maison des habitants."
    publish(page)
    assert search(client, url)[0][2] == (
        "Des ateliers gratuits à la maison des habitants."
    )


def test_search_cards_never_pass_between_languages(client, searchable):
    french = search(client, "/recherche/?q=ateliers")
    english = search(client, "/en/search/?q=workshops")
    assert [title for title, _, _ in french] == ["Ateliers numériques"]
    assert english == [
        ("Digital workshops", "Content page", "Free workshops at the library.")
    ]
    assert search(client, "/recherche/?q=ateliers") == french


def test_the_search_keeps_readers_apart(client, searchable):
    signed_in = signed_in_client(client)
    html = signed_in.get("/recherche/?q=ateliers").content.decode()
    assert "Ateliers numériques" in html
    anonymous = render(client, "/recherche/?q=ateliers").content.decode()
    assert "Ateliers numériques" in anonymous
    assert "userbar" not in anonymous and "csrfmiddlewaretoken" not in anonymous


# With a shared cache (Redis): each process keeps what it read ------------------


@pytest.fixture
def shared_cache(monkeypatch):
    """As with Redis: what a process reads under a generation it also keeps in
    its own memory for a few seconds (home/caching/generation.py)."""
    from home.caching import generation

    monkeypatch.setattr(generation, "is_shared", lambda: True)
    generation._local.clear()
    yield generation
    generation._local.clear()


def test_with_a_shared_cache_a_publication_still_shows_at_once(
    client, content_page, shared_cache
):
    assert_a_published_body_shows_at_once(client, content_page)


def test_with_a_shared_cache_another_process_publication_shows(
    client, content_page, shared_cache
):
    """Another process publishes: the number in the shared cache moves, and the
    next request of this one reads its fragments under the new number."""
    assert "Texte publié" in render(client, content_page.url).content.decode()
    # The other process's publication, as this one sees it: the row and the
    # number change, no signal reaches this process.
    page = ContentPage.objects.get(pk=content_page.pk)
    page.body = paragraph_body(page, "Texte d'ailleurs")
    ContentPage.objects.filter(pk=page.pk).update(body=page.body)
    assert "Texte publié" in render(client, content_page.url).content.decode()
    cache.incr(shared_cache.KEY)
    assert "Texte d'ailleurs" in render(client, content_page.url).content.decode()


def test_with_a_shared_cache_languages_and_readers_stay_apart(
    client, plan, shared_cache
):
    french = render(client, plan.plan.url).content.decode()
    english = render(client, plan.plan_en.url).content.decode()
    assert plan.axis.title in french and plan.axis.title not in english
    assert plan.axis_en.title in english
    assert_readers_apart(client, plan.plan.url, plan.axis.title)


def test_with_a_shared_cache_emptied_a_process_forgets_what_it_kept(db, shared_cache):
    """Redis emptied (restarted, flushed): its number starts again from 1, and
    what a process kept under the old 1 is never served under the new one."""
    assert shared_cache.cached(lambda: "avant", "motto") == "avant"
    assert shared_cache.cached(lambda: "ignoré", "motto") == "avant"
    cache.clear()  # Only the shared cache: the process keeps its copy.
    assert shared_cache.current() == 1
    assert shared_cache.cached(lambda: "après", "motto") == "après"


# A form page's links (contact/models.py): never its form ---------------------------


def privacy_link(response):
    return soup(response).select_one(f'a[href*="{PRIVACY_SLUG}"]')


PRIVACY_SLUG = "donnees-personnelles"


def test_a_moved_privacy_page_shows_on_the_next_form_page(client, contact):
    from home.models import ContentPage as Content

    assert privacy_link(render(client, contact.url)) is not None
    privacy = Content.objects.get(slug=PRIVACY_SLUG)
    privacy.slug = "vos-donnees"
    publish(privacy)
    page = soup(render(client, contact.url))
    assert page.select_one(f'a[href*="{PRIVACY_SLUG}"]') is None
    assert page.select_one('a[href*="vos-donnees"]') is not None


def test_a_form_page_keeps_its_links_per_language(client, contact, contact_en):
    french = privacy_link(render(client, contact.url))
    english = privacy_link(render(client, contact_en.url))
    assert not french.has_attr("hreflang")
    assert english["hreflang"] == "fr"  # Not translated: the French page.
    assert english.get_text() == "Your rights and how to use them"
    assert french.get_text() != english.get_text()


def test_a_form_page_token_is_each_readers_own(client, contact):
    from contact.protection import TOKEN_FIELD

    def token(response) -> str:
        return soup(response).select_one(f'input[name="{TOKEN_FIELD}"]')["value"]

    first, second = render(client, contact.url), render(client, contact.url)
    assert token(first) != token(second)
    assert_readers_apart(client, contact.url, PRIVACY_SLUG)
