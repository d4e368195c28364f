"""Document downloads (/documents/<id>/<name>): the file's own bytes, described
truthfully, on the local filesystem as on S3-compatible object storage.

Wagtail's serve view (`wagtail.documents.views.serve.serve`) sends local files
through its copy of django-sendfile (`wagtail.utils.sendfile.sendfile`), which
ends with `response["Content-Encoding"] = encoding or guessed_encoding`: the
Python `None` for a plain file (the header reads « None », which a strict client
refuses as an unknown coding), `gzip` for a `.csv.gz` sent as `text/csv` (so
browsers and `curl --compressed` decompress it on the way and save other bytes
than those uploaded). Its ETag is the document's `file_hash` quoted, `""` when
Wagtail never computed it (a file saved outside the admin's forms). Files on
object storage go out as a bare `FileResponse` with the type guessed from the
name (`text/csv` for a `.csv.gz` again), no Last-Modified and Wagtail's
Content-Disposition (`filename=` unquoted). No text type has a charset.

This view replaces it at the same address and URL name, with Wagtail's checks in
Wagtail's order — the name in the address, the `before_serve_document` hooks
(which keep private collections private: login or password first), the
`document_served` signal, `WAGTAILDOCS_SERVE_METHOD` — and answers:

- `Content-Type`: the file's own type; a file compressed as a whole (`.gz`,
  `.bz2`, `.xz`, `.br`) is `application/gzip` & co., never a `Content-Encoding`
  (the stored bytes are the file: nothing is encoded for the transfer);
- a `charset` on `text/*` types: the encoding the CSV preview found (through
  the `document_text_encoding` hook, which the open-data catalogue answers),
  else `utf-8` when the file's first bytes are UTF-8 (ASCII included), else none
  (Windows-1252 and Latin-1 cannot be told apart without a reader);
- a strong `ETag` (the SHA-1 of the content Wagtail keeps in `file_hash`,
  computed once if missing) and `Last-Modified` (the storage's), with 304 on
  `If-None-Match` / `If-Modified-Since` and 412 on `If-Match` /
  `If-Unmodified-Since` (Django's `get_conditional_response`);
- `Content-Disposition: attachment` (unless the type is one of
  `WAGTAILDOCS_INLINE_CONTENT_TYPES`) with a quoted ASCII `filename` and, for a
  non-ASCII name, RFC 5987's `filename*=UTF-8''…` (RFC 6266);
- `X-Content-Type-Options: nosniff`, and Wagtail's `default-src 'none'` policy;
- `Cache-Control: public, no-cache` (a shared cache may keep the file but asks
  every time, so the privacy check runs on each revalidation) or `private,
  no-cache` for a document of a private collection;
- HEAD: the same headers, no body, and the file is not read;
- `Accept-Ranges: none`: neither Wagtail nor Django serve byte ranges, so a
  Range request gets the whole file (200), as HTTP allows.
"""

from __future__ import annotations

import codecs
import mimetypes
from collections.abc import Callable
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.coreutils import string_to_ascii
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served

# The media type of a file compressed as a whole, by the encoding `mimetypes`
# guesses from its last extension (the names Django's FileResponse uses).
COMPRESSED_TYPES = {
    "br": "application/x-brotli",
    "bzip2": "application/x-bzip",
    "compress": "application/x-compress",
    "gzip": "application/gzip",
    "xz": "application/x-xz",
}
# How much of a text file is read to tell whether it is UTF-8.
TEXT_SAMPLE = 64 * 1024
# Encodings as their readers name them, as HTTP names them.
CHARSETS = {
    "utf-8-sig": "utf-8",
    "utf8": "utf-8",
    "cp1252": "windows-1252",
    "iso8859-1": "iso-8859-1",
    "iso8859-15": "iso-8859-15",
}
PUBLIC_CACHE_CONTROL = "public, no-cache"
PRIVATE_CACHE_CONTROL = "private, no-cache"
SNIFFED_KEY = "document-charset:{}"
# A week: the key is the content's hash, so an entry never goes stale.
SNIFFED_TIMEOUT = 7 * 24 * 3600


def media_type(document: Any) -> str:
    """The file's own type: `WAGTAILDOCS_CONTENT_TYPES` for its extension, else
    the one its name says; a compressed file is of the compression's type."""
    configured = getattr(settings, "WAGTAILDOCS_CONTENT_TYPES", {})
    if found := configured.get(document.file_extension.lower()):
        return found
    guessed, encoding = mimetypes.guess_type(document.filename)
    if encoding:
        return COMPRESSED_TYPES.get(encoding, "application/octet-stream")
    return guessed or "application/octet-stream"


def charset_name(encoding: str) -> str:
    """The HTTP name of a Python codec's, "" for a name Python does not know."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return ""
    return CHARSETS.get(name, name)


def sniff_charset(read_sample: Callable[[], bytes]) -> str:
    """`utf-8` if the sample decodes as UTF-8 (a sample cut in the middle of a
    character still does), else "" (unknown)."""
    sample = read_sample()
    try:
        codecs.getincrementaldecoder("utf-8")().decode(
            sample, final=len(sample) < TEXT_SAMPLE
        )
    except UnicodeDecodeError:
        return ""
    return "utf-8"


def text_charset(
    document: Any, file_hash: str, read_sample: Callable[[], bytes]
) -> str:
    """The charset of a text document, or "" when it is not known."""
    for provider in hooks.get_hooks("document_text_encoding"):
        if (encoding := provider(document)) and (charset := charset_name(encoding)):
            return charset
    key = SNIFFED_KEY.format(file_hash)
    found = cache.get(key)
    if found is None:
        found = sniff_charset(read_sample)
        cache.set(key, found, SNIFFED_TIMEOUT)
    return found


def content_disposition(disposition: str, filename: str) -> str:
    """RFC 6266: a quoted ASCII `filename` every client reads, and the real
    name as RFC 5987's `filename*` when it is not ASCII."""
    fallback = string_to_ascii(filename).replace("\\", "\\\\").replace('"', '\\"')
    parts = [disposition, f'filename="{fallback}"']
    if fallback != filename:
        parts.append(f"filename*=UTF-8''{quote(filename)}")
    return "; ".join(parts)


def is_private(document: Any) -> bool:
    return document.collection.get_view_restrictions().exists()


def modified_time(storage: Any, name: str) -> int | None:
    try:
        return int(storage.get_modified_time(name).timestamp())
    except (NotImplementedError, AttributeError):
        return None


def serve_method(document: Any) -> tuple[str, str | None]:
    """Wagtail's choice: `WAGTAILDOCS_SERVE_METHOD`, else a redirect for storages
    with an address and no local path, else this view."""
    try:
        local_path = document.file.path
    except NotImplementedError:
        local_path = None
    try:
        direct_url = document.file.url
    except NotImplementedError:
        direct_url = None
    method = getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None)
    if method is None:
        method = "redirect" if direct_url and not local_path else "serve_view"
    return method, direct_url


@require_safe
def serve_document(
    request: HttpRequest, document_id: str, document_filename: str
) -> HttpResponseBase:
    Document = get_document_model()  # noqa: N806 (a class)
    document = get_object_or_404(Document, id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")

    for check in hooks.get_hooks("before_serve_document"):
        result = check(document, request)
        if isinstance(result, HttpResponse):
            return result

    document_served.send(sender=Document, instance=document, request=request)

    method, direct_url = serve_method(document)
    if method in ("redirect", "direct") and direct_url:
        return redirect(direct_url)

    storage, name = document.file.storage, document.file.name
    if not name or not storage.exists(name):
        raise Http404("The document's file is missing.")
    size = storage.size(name)
    file_hash = document.get_file_hash()
    etag = f'"{file_hash}"'
    last_modified = modified_time(storage, name)

    def finish(response: HttpResponseBase) -> HttpResponseBase:
        """Headers a 304 repeats as well as the 200 (RFC 9110, 15.4.5)."""
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = (
            PRIVATE_CACHE_CONTROL if is_private(document) else PUBLIC_CACHE_CONTROL
        )
        return response

    not_modified = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if not_modified is not None:
        return finish(not_modified)

    opened: list[IO[bytes]] = []

    def open_file() -> IO[bytes]:
        if not opened:
            opened.append(storage.open(name, "rb"))
        return opened[0]

    def read_sample() -> bytes:
        stream = open_file()
        sample = stream.read(TEXT_SAMPLE)
        stream.seek(0)
        return sample

    content_type = media_type(document)
    if (
        content_type.startswith("text/")
        and "charset=" not in content_type
        and (charset := text_charset(document, file_hash, read_sample))
    ):
        content_type = f"{content_type}; charset={charset}"

    if request.method == "HEAD":
        for stream in opened:
            stream.close()
        response: HttpResponseBase = HttpResponse(content_type=content_type)
    else:
        response = FileResponse(open_file(), content_type=content_type)
    response["Content-Length"] = str(size)
    inline_types = getattr(
        settings, "WAGTAILDOCS_INLINE_CONTENT_TYPES", ["application/pdf"]
    )
    disposition = "inline" if media_type(document) in inline_types else "attachment"
    response["Content-Disposition"] = content_disposition(
        disposition, document.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Accept-Ranges"] = "none"
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    return finish(response)
