"""Downloads read by strict clients from a live server, files on the local
filesystem: the bytes that were uploaded, whatever the client does with
Content-Encoding. The same checks run on object storage in
tests/scaleout/test_document_downloads.py."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.downloads.files import CSV, SAMPLES, Sample, upload
from tests.downloads.strict_clients import UnknownCoding, curl_compressed, strict_get


def check_strict_clients(base_url: str, document, sample: Sample) -> None:
    """What urllib and curl --compressed get of `document`, on GET, HEAD and
    repeated requests."""
    url = base_url + document.url
    got = strict_get(url)
    assert got.status == 200
    assert got.content == sample.content
    assert got.headers["Content-Encoding"] is None
    assert got.headers["Content-Type"] == sample.content_type
    assert got.headers["Content-Disposition"] == sample.disposition
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    etag = got.headers["ETag"]
    assert etag.startswith('"') and len(etag) == 42  # a strong SHA-1

    head = strict_get(url, method="HEAD")
    assert head.status == 200
    assert head.content == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == got.headers[name]

    not_modified = strict_get(url, **{"If-None-Match": etag})
    assert not_modified.status == 304
    assert not_modified.content == b""
    since = strict_get(url, **{"If-Modified-Since": got.headers["Last-Modified"]})
    assert since.status == 304

    headers, saved = curl_compressed(url)
    assert saved == sample.content
    assert "content-encoding" not in headers.lower()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_strict_clients_get_the_uploaded_bytes(live_server, admin_client, sample):
    document = upload(admin_client, sample)
    check_strict_clients(live_server.url, document, sample)


@pytest.fixture
def wagtail_like_server() -> Iterator[str]:
    """A server that answers as Wagtail's sendfile fallback did: the CSV with
    `Content-Encoding: None` at /plain.csv, a .csv.gz as `text/csv` with
    `Content-Encoding: gzip` at /table.csv.gz."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the HTTP method's name)
            coding, content = (
                ("None", CSV)
                if self.path == "/plain.csv"
                else ("gzip", SAMPLES[1].content)
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_strict_clients_catch_what_wagtail_sent(wagtail_like_server):
    """The checks above can fail: the headers Wagtail's view sent make both
    clients refuse the file or save other bytes than those uploaded."""
    with pytest.raises(UnknownCoding):
        strict_get(wagtail_like_server + "/plain.csv")
    # curl passes an unknown coding through; the header is still there.
    headers, _saved = curl_compressed(wagtail_like_server + "/plain.csv")
    assert "content-encoding: none" in headers.lower()
    gzipped = SAMPLES[1].content
    assert strict_get(wagtail_like_server + "/table.csv.gz").content == CSV
    assert curl_compressed(wagtail_like_server + "/table.csv.gz")[1] != gzipped
    assert gzip.decompress(gzipped) == CSV
