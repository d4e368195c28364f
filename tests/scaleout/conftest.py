"""Services several application servers share, started on 127.0.0.1 for the
tests: an S3-compatible object storage (moto's server mode, never a real
provider), Redis (the shared one, database 5) and a frontend cache that records
the purges it receives.

A service that cannot be reached skips its tests with the reason, unless CI asks
for it (REQUIRE_S3=1, REQUIRE_REDIS=1): then the tests fail."""

from __future__ import annotations

import io
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import call_command

from home.security.csp import media_origin
from website.settings.scaleout import s3_media_storage

REDIS_URL = "redis://127.0.0.1:6379/5"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def unavailable(variable: str, reason: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{reason} ({variable}=1)")
    pytest.skip(reason)


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    client: object


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server on a free port of 127.0.0.1, and a client of it."""
    try:
        import boto3
        from moto.server import ThreadedMotoServer

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
    except Exception as error:  # noqa: BLE001 (any failure: the reason is shown)
        unavailable("REQUIRE_S3", f"moto's S3 server could not start: {error!r}")
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    try:
        yield S3Server(endpoint, client)
    finally:
        server.stop()


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def url(self, key: str) -> str:
        return f"{self.endpoint}/{self.name}/{key}"

    def read_anonymously(self, key: str) -> tuple[int, bytes]:
        """What anyone gets asking the bucket for `key`: status and content."""
        try:
            with urlopen(self.url(key), timeout=10) as response:  # noqa: S310
                return response.status, response.read()
        except HTTPError as error:
            return error.code, b""

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture
def media_bucket(s3_server: S3Server, settings) -> Iterator[Bucket]:
    """An empty bucket of its own, made the media storage as the production
    settings make it from the environment, with its policy applied."""
    environ = {
        **S3_KEYS,
        "AWS_STORAGE_BUCKET_NAME": f"media-{uuid.uuid4().hex[:12]}",
        "AWS_S3_ENDPOINT_URL": s3_server.endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    s3_server.client.create_bucket(Bucket=environ["AWS_STORAGE_BUCKET_NAME"])
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(environ)}
    # As at deployment: image originals and renditions public, nothing else.
    call_command("media_bucket_policy", "--apply", stdout=io.StringIO())
    media_origin.cache_clear()
    yield Bucket(
        environ["AWS_STORAGE_BUCKET_NAME"], s3_server.endpoint, s3_server.client
    )
    media_origin.cache_clear()


@pytest.fixture
def redis_url() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        unavailable("REQUIRE_REDIS", f"no Redis at {REDIS_URL}: {error!r}")
    return REDIS_URL


@dataclass
class PurgeRecorder:
    """A frontend cache that only records the PURGE requests it receives."""

    location: str
    purged: list[tuple[str, str]] = field(default_factory=list)

    def paths(self) -> set[str]:
        return {path for _host, path in self.purged}


@pytest.fixture
def frontend_cache() -> Iterator[PurgeRecorder]:
    recorder = PurgeRecorder(location="")

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self) -> None:  # noqa: N802 (the HTTP method's name)
            recorder.purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    recorder.location = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
