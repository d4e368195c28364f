"""The front cache the docs recommend, for real: Debian's nginx with
docs/deploy/nginx.conf (its ports and paths replaced) in front of gunicorn with
production settings. Anonymous pages are served by nginx without reaching the
application; signed-in readers, any cookie and pages with a form get past it;
publishing a page refreshes it there at once; languages and hosts never mix.

Marked `nginx`: skipped without nginx, failed with REQUIRE_NGINX=1 (CI)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPResponse
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests import migrated_db
from tests.front_cache.content import EDITOR_PASSWORD
from tests.front_cache.servers import (
    HOST,
    Application,
    Nginx,
    ServerError,
    nginx_binary,
)

pytestmark = pytest.mark.nginx


@dataclass
class Answer:
    status: int
    headers: HTTPResponse
    body: str

    @property
    def cache(self) -> str | None:
        return self.headers.getheader("X-Cache-Status")

    @property
    def title(self) -> str:
        return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", self.body, re.S).group(1)


@dataclass
class FrontCache:
    app: Application
    nginx: Nginx

    def get(self, path: str, host: str = HOST, **headers: str) -> Answer:
        connection = self.nginx.connection()
        try:
            connection.request("GET", path, headers={"Host": host, **headers})
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        return Answer(response.status, response, body)

    def post(self, path: str, data: dict, **headers: str) -> Answer:
        connection = self.nginx.connection()
        try:
            connection.request(
                "POST",
                path,
                body=urlencode(data),
                headers={
                    "Host": HOST,
                    "Content-Type": "application/x-www-form-urlencoded",
                    **headers,
                },
            )
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        return Answer(response.status, response, body)


def _require_nginx() -> None:
    if nginx_binary() and shutil.which("openssl"):
        return
    reason = "nginx or openssl not found (install Debian's `nginx` package)"
    if os.environ.get("REQUIRE_NGINX") == "1":
        pytest.fail(reason + "; REQUIRE_NGINX=1 makes the front-cache tests mandatory")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> Iterator[FrontCache]:
    _require_nginx()
    workdir = tmp_path_factory.mktemp("front-cache")
    app = Application(workdir / "app")
    nginx = Nginx(workdir / "nginx", app.port, app.media_root)
    try:
        # The migrated database of the run, when a test process saved it.
        migrated_db.copy_to(app.workdir / "db.sqlite3")
        app.manage("migrate", "--noinput")
        app.run("from tests.front_cache.content import build; build()")
        # Publishing (the server's or `app.run`'s) purges through nginx.
        app.env["FRONTEND_CACHE_VARNISH_URL"] = nginx.purge_url
        app.start()
        nginx.start()
    except ServerError as error:
        app.stop()
        nginx.stop()
        pytest.fail(str(error))
    yield FrontCache(app, nginx)
    nginx.stop()
    app.stop()


def test_an_anonymous_page_is_served_again_by_nginx_alone(front):
    page = "/donnees-personnelles/"
    first = front.get(page)
    assert first.status == 200
    assert first.title == "Données personnelles"
    seen = front.app.requests_for(page, at_least=1)
    again = front.get(page)
    assert again.cache == "HIT"
    assert again.body == first.body
    # Browsers still ask each time (a correction shows at once); nginx may keep it.
    control = again.headers.getheader("Cache-Control")
    assert "max-age=0" in control and "s-maxage=" in control
    assert front.app.requests_for(page) == seen


def test_a_request_with_any_cookie_gets_past_the_cache(front):
    front.get("/horaires/")
    assert front.get("/horaires/").cache == "HIT"
    seen = front.app.requests_for("/horaires/")
    with_cookie = front.get("/horaires/", Cookie="django_language=en")
    assert with_cookie.cache == "BYPASS"
    assert front.app.requests_for("/horaires/", at_least=seen + 1) == seen + 1
    assert front.get("/horaires/").cache == "HIT"


def test_a_signed_in_reader_gets_past_the_cache_and_is_not_stored(front):
    assert front.get("/").status == 200
    assert front.get("/").cache == "HIT"
    login = front.get("/admin/login/")
    assert login.cache in {"BYPASS", "MISS", "EXPIRED"}
    cookies = SimpleCookie()
    for header in login.headers.headers.get_all("Set-Cookie"):
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.body)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
    signed_in = front.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "redaction",
            "password": EDITOR_PASSWORD,
            "next": "/admin/",
        },
        Cookie=cookie,
        Referer=f"https://{HOST}/admin/login/",
    )
    assert signed_in.status == 302, signed_in.body[:500]
    for header in signed_in.headers.headers.get_all("Set-Cookie"):
        cookies.load(header)
    assert "sessionid" in cookies
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    mine = front.get("/", Cookie=cookie)
    assert mine.cache == "BYPASS"
    assert "wagtail-userbar" in mine.body  # the editor's own page
    assert "private" in mine.headers.getheader("Cache-Control")
    anonymous = front.get("/")
    assert anonymous.cache == "HIT"
    assert "wagtail-userbar" not in anonymous.body


def test_a_page_with_a_form_is_never_stored(front):
    for _ in range(2):
        answer = front.get("/ecrire/")
        assert answer.status == 200
        assert "no-store" in answer.headers.getheader("Cache-Control")
        assert answer.cache == "MISS"


def test_publishing_shows_at_once_through_the_cache(front):
    assert front.get("/horaires/").status == 200
    assert front.get("/horaires/").cache == "HIT"
    front.app.run(
        "from tests.front_cache.content import retitle;"
        "retitle('horaires', 'Horaires d’été de la mairie')"
    )
    after = front.get("/horaires/")
    assert after.title == "Horaires d’été de la mairie"
    # Refreshed by the purge: nginx serves the new page itself.
    assert after.cache == "HIT"


def test_an_unpublished_page_is_gone_from_the_cache_at_once(front):
    assert front.get("/fete-hiver/").status == 200
    assert front.get("/fete-hiver/").cache == "HIT"
    front.app.run(
        "from tests.front_cache.content import unpublish; unpublish('fete-hiver')"
    )
    gone = front.get("/fete-hiver/")
    assert gone.status == 404
    assert "Fête de l’hiver" not in gone.body


def test_languages_and_hosts_do_not_mix(front):
    for _ in range(2):
        french = front.get("/")
        english = front.get("/en/", **{"Accept-Language": "fr"})
    assert french.cache == english.cache == "HIT"
    assert '<html lang="fr"' in french.body
    assert '<html lang="en"' in english.body
    # The root is French whatever the browser prefers: no variant per language.
    assert front.get("/", **{"Accept-Language": "en"}).body == french.body
    # Another host has its own entries (refused here: not an allowed host).
    other = front.get("/", host="autre.ville.example")
    assert other.status == 400
    assert other.cache != "HIT"
    assert front.get("/").body == french.body
