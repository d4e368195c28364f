"""Every page of the demo site, as an anonymous reader meets it: the sitemap.xml
lists the pages of every language; each one answers 200, and while reading them
all the browser contacts no other host and is given no cookie.

One browser context for the whole walk (its cache is shared, as a reader's is),
nothing blocked, and no axe-core here: the accessibility tests run elsewhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import BROWSER_LANGUAGES, watch_other_hosts

pytestmark = pytest.mark.browser

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEFAULT_LANGUAGE = BROWSER_LANGUAGES.split(",")[0]


def _sitemap_pages(context, site_url: str) -> list[str]:
    response = context.request.get(site_url + "/sitemap.xml")
    assert response.status == 200
    root = ET.fromstring(response.body())
    return [loc.text.strip() for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]


def test_every_page_answers_without_cookies_or_other_hosts(browser, site_url):
    host = urlsplit(site_url).netloc
    context = browser.new_context()
    foreign = watch_other_hosts(context, site_url)
    page = context.new_page()
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    try:
        urls = _sitemap_pages(context, site_url)
        # Every language's pages are listed, at this server's address.
        paths = [urlsplit(url).path for url in urls]
        for language in BROWSER_LANGUAGES.split(","):
            prefix = "/" if language == DEFAULT_LANGUAGE else f"/{language}/"
            assert prefix in paths, f"No home page for {language} in the sitemap"
        assert all(urlsplit(url).netloc == host for url in urls)
        assert len(set(urls)) == len(urls) > 100

        errors = []
        for url in urls:
            response = page.goto(url, wait_until="load")
            if response.status != 200:
                errors.append(f"{response.status} {url}")
        errors += [
            f"{response.status} {response.url}"
            for response in responses
            if response.status >= 400
        ]
        set_cookies = [
            response.url
            for response in responses
            if response.header_value("set-cookie") is not None
        ]
        cookies = context.cookies()
    finally:
        context.close()
    assert not errors, errors
    assert not foreign, f"Requests to other hosts: {foreign}"
    assert not set_cookies, f"Responses setting a cookie: {set_cookies}"
    assert cookies == []
