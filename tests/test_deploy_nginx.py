"""The documented nginx configuration (docs/deploy/nginx.conf) reads only public
media from disk: image renditions and originals. A private document, or an
upload still pending in the admin, is never served around the application.
Its front cache lets readers with a cookie past and takes purges from this
machine only (tests/front_cache/ runs it for real).

The file is parsed and each address is matched against its locations the way
nginx chooses one (exact `=`, then the longest prefix, `^~` stopping there, then
regular expressions in order, then the longest prefix)."""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from home.files.storage import PUBLIC_MEDIA_FOLDERS

CONFIG = Path(__file__).resolve().parent.parent / "docs" / "deploy" / "nginx.conf"
MEDIA_ROOT = "/srv/vivre-libre/media"


@dataclass
class Block:
    name: str
    args: list[str]
    directives: list[list[str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)

    def directive(self, name: str) -> list[str] | None:
        return next((d[1:] for d in self.directives if d[0] == name), None)


def tokens(text: str) -> list[str]:
    pattern = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[{};]|[^\s{};"\']+'
    text = re.sub(r"(?m)#.*$", "", text)
    return [
        token[1:-1] if token[0] in "\"'" else token
        for token in re.findall(pattern, text)
    ]


def parse(text: str) -> Block:
    root = Block("main", [])
    stack, words = [root], []
    for token in tokens(text):
        if token == "{":
            block = Block(words[0], words[1:])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        elif token == "}":
            stack.pop()
        elif token == ";":
            stack[-1].directives.append(words)
            words = []
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced configuration"
    return root


def https_server(root: Block) -> Block:
    servers = [
        block
        for block in root.children
        if block.name == "server"
        and any("443" in d[1] for d in block.directives if d[0] == "listen")
    ]
    assert len(servers) == 1
    return servers[0]


def choose_location(server: Block, path: str) -> Block | None:
    """The location nginx picks for a (normalised) path."""
    locations = [b for b in server.children if b.name == "location"]
    prefixes, regexes = [], []
    for location in locations:
        if len(location.args) == 2:
            modifier, pattern = location.args
        else:
            modifier, pattern = "", location.args[0]
        if modifier == "=" and path == pattern:
            return location
        if modifier in {"", "^~"} and path.startswith(pattern):
            prefixes.append((len(pattern), modifier, location))
        if modifier in {"~", "~*"}:
            flags = re.IGNORECASE if modifier == "~*" else 0
            regexes.append((re.compile(pattern, flags), location))
    longest = max(prefixes, key=lambda p: p[0], default=None)
    if longest and longest[1] == "^~":
        return longest[2]
    for regex, location in regexes:
        if regex.search(path):
            return location
    return longest[2] if longest else None


def how_served(server: Block, address: str) -> tuple[str, str | None]:
    """("disk", file), ("application", None) or ("refused", None)."""
    path = posixpath.normpath(address)  # nginx merges "..", "." and "//"
    if address.endswith("/"):
        path += "/"
    location = choose_location(server, path)
    if location is None:
        block = server
    else:
        block = location
        returned = location.directive("return")
        if returned and int(returned[0]) >= 400:
            return "refused", None
        if (
            location.directive("deny") == ["all"]
            or location.directive("internal") == []
        ):
            return "refused", None
        if location.directive("proxy_pass") is not None:
            return "application", None
        if alias := location.directive("alias"):
            prefix = location.args[-1]
            return "disk", alias[0] + path[len(prefix) :]
    root = block.directive("root") or server.directive("root")
    if root:
        return "disk", root[0] + path
    return "refused", None


@pytest.fixture(scope="module")
def server() -> Block:
    return https_server(parse(CONFIG.read_text()))


PRIVATE = [
    "/media/documents/proces-verbal-conseil-prive.pdf",
    "/media/documents/budget.ods",
    "/media/wagtail_uploads/photo-en-attente.jpg",
    "/media/wagtail_uploads/scan.pdf",
    "/media/images/../documents/proces-verbal.pdf",
    "/media//documents/proces-verbal.pdf",
    "/media/./wagtail_uploads/photo.jpg",
    "/media/",
    "/media/anything-else.txt",
]


@pytest.mark.parametrize("address", PRIVATE)
def test_documents_and_pending_uploads_are_never_read_from_disk(server, address):
    assert how_served(server, address)[0] != "disk", address


@pytest.mark.parametrize(
    "address",
    [
        "/media/images/mairie.fill-800x450.format-webp.webp",
        "/media/images/mairie.2e16d0ba.fill-400x300.jpg",
        "/media/original_images/mairie.jpg",
    ],
)
def test_images_are_read_from_disk_under_the_media_root(server, address):
    how, file = how_served(server, address)
    assert how == "disk"
    assert file == MEDIA_ROOT + address.removeprefix("/media")
    folder = address.split("/")[2]
    assert folder in PUBLIC_MEDIA_FOLDERS


def test_documents_and_everything_else_go_to_the_application(server):
    for address in (
        "/documents/12/proces-verbal-conseil-prive.pdf",
        "/documents/authenticate_with_password/3/",
        "/static/css/site.css",
        "/admin/",
        "/",
    ):
        assert how_served(server, address) == ("application", None), address


def test_the_application_gets_the_address_nginx_saw(server):
    proxied = choose_location(server, "/")
    headers = {
        tuple(d[1:2]): d[2] for d in proxied.directives if d[0] == "proxy_set_header"
    }
    assert headers[("X-Forwarded-For",)] in {
        "$proxy_add_x_forwarded_for",
        "$remote_addr",
    }
    assert headers[("X-Forwarded-Proto",)] == "$scheme"


def test_the_matching_catches_the_former_configuration():
    """The configuration the guide used to give, which served all of /media/,
    and one whose image rule is a regular expression that also matches
    documents, are both caught."""
    former = parse(
        "server { listen 443 ssl; location /media/ { alias /srv/media/; }"
        " location / { proxy_pass http://app; } }"
    )
    assert how_served(https_server(former), PRIVATE[0])[0] == "disk"
    regex = parse(
        "server { listen 443 ssl; location ^~ /media/images/ { alias /m/images/; }"
        r" location ~* \.(pdf|jpg)$ { root /m; } location /media/ { return 404; }"
        " location / { proxy_pass http://app; } }"
    )
    assert how_served(https_server(regex), PRIVATE[0]) == (
        "disk",
        "/m" + PRIVATE[0],
    )


@pytest.mark.django_db
def test_the_development_server_serves_the_same_media_only(client, settings):
    """SERVE_MEDIA (development, tests): images only, as nginx does."""
    from django.core.files.storage import default_storage

    for name in ("documents/secret.pdf", "wagtail_uploads/pending.jpg"):
        default_storage.save(name, io.BytesIO(b"%PDF-1.7 secret"))
    default_storage.save("images/public.txt", io.BytesIO(b"public"))
    try:
        assert client.get("/media/images/public.txt").status_code == 200
        for name in ("documents/secret.pdf", "wagtail_uploads/pending.jpg"):
            response = client.get(f"/media/{name}")
            assert response.status_code == 404, name
            assert b"secret" not in response.content
    finally:
        for name in ("documents/secret.pdf", "wagtail_uploads/pending.jpg"):
            default_storage.delete(name)
        default_storage.delete("images/public.txt")


def test_only_this_machine_may_purge_the_front_cache():
    """The server that takes the application's PURGE (docs/caching.md) listens
    on the loopback interface and refuses every other address."""
    root = parse(CONFIG.read_text())
    purgers = [
        block
        for block in root.children
        if block.name == "server"
        and any(
            location.args == ["=", "/front-cache-refresh"]
            for location in block.children
        )
    ]
    assert len(purgers) == 1
    purger = purgers[0]
    assert all(
        d[1].startswith("127.0.0.1:") for d in purger.directives if d[0] == "listen"
    )
    assert ["allow", "127.0.0.1"] in purger.directives
    assert purger.directives[-1] == ["deny", "all"]


def test_readers_with_a_cookie_get_past_the_front_cache(server):
    proxied = choose_location(server, "/")
    assert proxied.directive("proxy_cache") is not None
    for name in ("proxy_cache_bypass", "proxy_no_cache"):
        assert {"$http_cookie", "$http_authorization"} <= set(proxied.directive(name))
    assert proxied.directive("proxy_cache_key") == ["$host$request_uri"]
