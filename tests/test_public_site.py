"""What residents rely on: no cookie and no third party, security headers, both
languages linked to each other, themed error pages, and no server error whatever
the request."""

from __future__ import annotations

import io
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from home.demo.context import make_image
from home.models import ContentPage, HomePage, Menu
from tests.helpers import add_page, assert_page_basics, soup
from tests.tree import shared_layer, translate


@shared_layer("_legal_page", on="_site_layer")
def _legal_page(below: dict) -> int:
    site = below["_site_layer"]
    page = ContentPage(
        title="Mentions légales",
        slug="mentions-legales",
        introduction="Qui publie ce site.",
        locale_id=site.locale_fr,
    )
    return add_page(HomePage.objects.get(pk=site.home_fr), page).pk


@shared_layer("_legal_page_en", on="_legal_page")
def _legal_page_en(below: dict) -> int:
    english = translate(
        ContentPage.objects.get(pk=below["_legal_page"]),
        {
            "title": "Legal notice",
            "slug": "legal-notice",
            "introduction": "Who publishes this site.",
        },
    )
    return english.pk


@shared_layer("_illustrated_home", on="_site_layer")
def _illustrated_home(below: dict) -> int:
    home = HomePage.objects.get(pk=below["_site_layer"].home_fr)
    home.image = make_image(
        "Accueil de test", "Cercles colorés sur fond bleu.", seed="test"
    )
    home.save_revision().publish()
    return home.pk


@pytest.fixture
def legal_page(_legal_page) -> ContentPage:
    return ContentPage.objects.get(pk=_legal_page)


@pytest.fixture
def translated_legal_page(legal_page, _legal_page_en):
    return legal_page, ContentPage.objects.get(pk=_legal_page_en)


@pytest.fixture
def illustrated_home(_illustrated_home, site_tree):
    """The home page with a hero image, so that <img> tags are rendered."""
    return HomePage.objects.get(pk=_illustrated_home)


PUBLIC_URLS = ["/", "/en/", "/mentions-legales/", "/en/legal-notice/"]


# Privacy and security -----------------------------------------------------------


@pytest.mark.usefixtures("translated_legal_page", "illustrated_home")
@pytest.mark.parametrize(
    "url", [*PUBLIC_URLS, "/nope/", "/en/nope/", "/robots.txt", "/sitemap.xml"]
)
def test_no_cookie_is_ever_set_for_residents(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.usefixtures("translated_legal_page")
@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/nope/"])
def test_public_pages_carry_a_content_security_policy(client, url):
    policy = client.get(url).headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/admin/", "/admin/pages/", "/django-admin/"]
)
def test_the_admin_carries_its_own_policy(client, admin_client, url):
    """The admin's policy (home/security/csp.py): scripts and stylesheets from the site
    only, no eval, no inline event handler; inline <script> elements and inline
    styles, which Wagtail 8 still uses (tests/browser/test_admin_csp_browser.py
    opens its screens under it)."""
    for response in (client.get(url), admin_client.get(url)):
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert policy["default-src"] == "'self'"
        assert policy["script-src-elem"] == "'self' 'unsafe-inline'"
        assert policy["script-src-attr"] == "'none'"
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.usefixtures("illustrated_home")
@pytest.mark.parametrize("url", ["/", "/en/"])
def test_the_home_page_loads_nothing_from_another_host(client, url):
    document = soup(client.get(url))
    assert document.find("img"), "the hero image should be rendered"
    foreign = []
    for tag in document.find_all(["link", "script", "img", "source", "iframe"]):
        for attribute in ("src", "href", "srcset"):
            for value in (tag.get(attribute) or "").replace(",", " ").split():
                parts = urlsplit(value)
                if (
                    parts.scheme in ("http", "https", "")
                    and parts.netloc
                    not in (
                        "",
                        "testserver",
                    )
                    or value.startswith("//")
                ):
                    foreign.append(f"<{tag.name} {attribute}={value}>")
    assert not foreign, foreign


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_favicon_is_the_shield_served_at_the_root_and_cacheable(client):
    # No database here (pytest-django refuses it): whitenoise answers first.
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "ETag" in response
    assert not response.cookies
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


@pytest.mark.usefixtures("translated_legal_page")
@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/nope/", "/admin/login/"])
def test_every_page_links_the_favicon_and_the_svg_shield(client, url):
    response = client.get(url)
    icons = soup(response).head.select("link[rel~=icon]")
    assert {link["href"] for link in icons} >= {
        "/favicon.ico",
        "/static/img/favicon.svg",
    }
    for link in icons:
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_the_sitemap_lists_both_languages(client, translated_legal_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ElementTree.fromstring(response.content)
    paths = {urlsplit(loc.text.strip()).path for loc in tree.iter(f"{namespace}loc")}
    assert {"/", "/en/", "/mentions-legales/", "/en/legal-notice/"} <= paths


# Languages ----------------------------------------------------------------------


def test_the_root_is_french_and_en_is_english(client, site_tree):
    french = assert_page_basics(client.get("/"), "fr")
    english = assert_page_basics(client.get("/en/"), "en")
    assert french.h1.get_text(strip=True) == site_tree.home_fr.title
    assert english.h1.get_text(strip=True) == site_tree.home_en.title


def alternates(document) -> dict[str, str]:
    return {
        link["hreflang"]: urlsplit(link["href"]).path
        for link in document.find_all("link", rel="alternate", hreflang=True)
    }


@pytest.mark.usefixtures("translated_legal_page")
@pytest.mark.parametrize(
    ("url", "translation"),
    [
        ("/", "/en/"),
        ("/en/", "/"),
        ("/mentions-legales/", "/en/legal-notice/"),
        ("/en/legal-notice/", "/mentions-legales/"),
    ],
)
def test_each_page_links_its_translation_with_hreflang(client, url, translation):
    document = soup(client.get(url))
    links = alternates(document)
    other = "en" if translation.startswith("/en/") else "fr"
    assert links.get(other) == translation, links
    own = "fr" if other == "en" else "en"
    assert links.get(own) == url, links


@pytest.mark.usefixtures("site_tree")
@pytest.mark.parametrize(("url", "language"), [("/nope/", "fr"), ("/en/nope/", "en")])
def test_not_found_pages_use_the_theme_in_the_right_language(client, url, language):
    response = client.get(url)
    assert response.status_code == 404
    document = soup(response)
    assert document.html.get("lang") == language
    assert len(document.find_all("h1")) == 1
    first_link = document.body.find("a")
    assert first_link is not None and first_link["href"] == "#content", (
        "the skip link should be the first link"
    )
    assert document.find(id="content") is not None


# Bad input ----------------------------------------------------------------------

ODD_QUERIES = [
    "?page=-1",
    "?page=999999999999999999999",
    "?%ff=%fe",
    "?a[]=1&a[]=2",
    "?" + "x=" + "é" * 2000,
    "?category=<script>alert(1)</script>",
    "?utm_source=x&&&==",
]


@pytest.mark.usefixtures("translated_legal_page")
@pytest.mark.parametrize("query", ODD_QUERIES)
@pytest.mark.parametrize("url", ["/", "/en/", "/mentions-legales/"])
def test_odd_query_strings_are_harmless(client, url, query):
    response = client.get(url + query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.usefixtures("site_tree")
@pytest.mark.parametrize(
    "path",
    [
        "/" + "a" * 5000 + "/",
        "/a" * 800 + "/",
        "/en/" + "é" * 1000 + "/",
        "/%ff%fe/",
        "/en/%ff/",
        "/../../etc/passwd",
        "/mentions-legales/../../",
    ],
)
def test_strange_paths_give_not_found_never_an_error(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 404), response.status_code


@pytest.mark.engine
@pytest.mark.usefixtures("site_tree")
@pytest.mark.parametrize("url", ["/%00/", "/en/a%00b/", "/?q=%00", "/en/?page=1%00"])
def test_nul_characters_are_a_bad_request(client, url):
    """PostgreSQL cannot even look such a path up: a clear 400, not a 500."""
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.usefixtures("translated_legal_page")
@pytest.mark.parametrize("url", ["/", "/en/", "/mentions-legales/"])
def test_posting_to_a_page_is_not_a_server_error(client, url):
    before = soup(client.get(url)).find("h1").get_text(strip=True)
    response = client.post(url, {"title": "x" * 1000})
    assert response.status_code in (200, 403, 405)
    assert client.put(url, "{}").status_code in (200, 403, 405)
    # Nothing a visitor sends changes what the page says.
    assert soup(client.get(url)).find("h1").get_text(strip=True) == before


# Query counts -------------------------------------------------------------------


def home_queries(client) -> tuple[int, str]:
    client.get("/")  # warm the caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_home_queries_do_not_grow_with_the_menu(client, site_tree):
    home = site_tree.home_fr
    pages = [
        add_page(
            home,
            ContentPage(
                title=f"Rubrique {n}", slug=f"rubrique-{n}", locale=home.locale
            ),
        )
        for n in range(12)
    ]
    menu = Menu(location="main", locale=home.locale)

    def set_items(count: int) -> None:
        menu.items = [
            ("link", {"page": page, "url": "", "text": ""}) for page in pages[:count]
        ]
        menu.save()
        menu.save_revision().publish()

    set_items(2)
    with_two, html = home_queries(client)
    assert "Rubrique 1" in html and "Rubrique 2" not in html
    set_items(12)
    with_twelve, html = home_queries(client)
    assert "Rubrique 11" in html, "the main menu should list its 12 links"
    assert with_twelve == with_two


@pytest.mark.usefixtures("site_tree")
@pytest.mark.parametrize(
    "headers",
    [
        {"accept-language": "../../etc/passwd;q=abc, *;q=9"},
        {"accept-language": "x" * 5000},
        {"cookie": "sessionid=%%%; csrftoken=\x7f; =="},
        {"if-modified-since": "yesterday at noon"},
        {"if-none-match": '"' * 100},
        {"x-forwarded-proto": "gopher"},
        {"range": "bytes=999999-0"},
    ],
    ids=["language", "long-language", "cookie", "date", "etag", "proto", "range"],
)
def test_odd_request_headers_are_harmless(client, headers):
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
