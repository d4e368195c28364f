"""Clients that read a download as browsers and tools do, against a live server:
Python's `urllib.request` made strict about Content-Encoding (it undoes gzip as
a browser would and refuses a coding it does not know, such as « None »), and
`curl --compressed`, which does the same itself."""

from __future__ import annotations

import gzip
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

CODINGS = {"gzip": gzip.decompress, "identity": lambda data: data}


class UnknownCoding(AssertionError):
    pass


@dataclass
class Answer:
    status: int
    headers: Message
    content: bytes


def strict_get(url: str, method: str = "GET", **headers: str) -> Answer:
    """The answer to `method url` with `headers`, its content decoded as its
    Content-Encoding says (none, or one a browser knows)."""
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, answer_headers, raw = response.status, response.headers, b""
            raw = response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    coding = answer_headers.get("Content-Encoding")
    if coding is None:
        return Answer(status, answer_headers, raw)
    if coding.lower() not in CODINGS:
        raise UnknownCoding(f"Content-Encoding: {coding}")
    return Answer(status, answer_headers, CODINGS[coding.lower()](raw))


def curl_compressed(url: str) -> tuple[str, bytes]:
    """`curl --compressed`: the headers it received and the bytes it saved (it
    fails on a Content-Encoding it does not know)."""
    with tempfile.TemporaryDirectory() as folder:
        saved, headers = Path(folder) / "saved", Path(folder) / "headers"
        completed = subprocess.run(
            [
                "curl",
                "--silent",
                "--show-error",
                "--fail",
                "--compressed",
                "--dump-header",
                str(headers),
                "--output",
                str(saved),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return headers.read_text(), saved.read_bytes()
