"""The preview of a CSV resource: its first rows, read on the server.

A file may be huge, binary, or in the encoding of a spreadsheet from 1998: only
its first `MAX_BYTES` are ever read (a 100 MB file costs 256 KiB), the encoding
and the delimiter are guessed from them, and whatever goes wrong becomes a
message for the reader, never an exception. The result is plain JSON, so that it
is computed once per uploaded file and stored (see `DocumentPreview`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.utils.translation import gettext_noop

MAX_BYTES = 256 * 1024
MAX_ROWS = 50
MAX_COLUMNS = 40
MAX_CELL = 300
DELIMITERS = (";", ",", "\t", "|")
# A French or English number: « 1 234,5 », « 1,234.5 », « -12 », « 45 % ».
NUMBER = re.compile(r"^[-+]?\d[\d\s\u00a0\u202f]*([.,]\d+)?\s*%?$")
GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")

# Messages are stored untranslated (the preview is shared by every language)
# and translated when shown.
EMPTY = gettext_noop("The file is empty.")
BINARY = gettext_noop("This file is not a text table: it cannot be previewed.")
UNREADABLE = gettext_noop("The file could not be read as a table.")
MISSING = gettext_noop("The file is missing: it cannot be previewed.")


@dataclass
class Preview:
    """What the dataset page shows of a CSV file: `header` and `rows` (strings),
    the `encoding` and `delimiter` found, whether the file goes on after the rows
    shown (`truncated`), the indexes of the numeric columns, or only `error`."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    truncated: bool = False
    numeric_columns: list[int] = field(default_factory=list)
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def decode(sample: bytes, complete: bool) -> tuple[str, str]:
    """The text of `sample` and its encoding: UTF-8 (with or without a byte order
    mark), else Windows-1252, else Latin-1 (which decodes anything). A sample cut
    in the middle of a UTF-8 character is still UTF-8."""
    encoding = "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
        return decoder.decode(sample, final=complete), encoding
    except UnicodeDecodeError:
        pass
    try:
        return sample.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return sample.decode("latin-1"), "iso-8859-1"


def guess_delimiter(text: str) -> str:
    """The delimiter the header line uses most, among ; , tab and |; a file
    of one column has none of them and is read with commas."""
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_number(text: str) -> float | None:
    """A cell's number, written the French or the English way, or None."""
    value = text.strip()
    if not value or not NUMBER.match(value) and not GROUPED.match(value):
        return None
    value = value.rstrip("%").strip()
    if GROUPED.match(value):
        value = value.replace(",", "")
    value = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
    try:
        return float(value)
    except ValueError:
        return None


def numeric_columns(header: list[str], rows: list[list[str]]) -> list[int]:
    """Columns whose cells are all numbers (empty ones aside), at least two of
    them: those a chart can draw."""
    found = []
    for index in range(len(header)):
        cells = [row[index] for row in rows if index < len(row) and row[index].strip()]
        if len(cells) >= 2 and all(parse_number(cell) is not None for cell in cells):
            found.append(index)
    return found


def clip(cell: str) -> str:
    return cell if len(cell) <= MAX_CELL else cell[: MAX_CELL - 1] + "…"


def preview_stream(stream: IO[bytes]) -> Preview:
    """Read at most MAX_BYTES + 1 bytes of `stream` and preview them."""
    try:
        sample = stream.read(MAX_BYTES + 1)
    except OSError:
        return Preview(error=MISSING)
    complete = len(sample) <= MAX_BYTES
    return preview_bytes(sample[:MAX_BYTES], complete)


def preview_bytes(sample: bytes, complete: bool = True) -> Preview:
    """The preview of a file's first bytes; `complete` when they are the whole
    file."""
    if not sample.strip():
        return Preview(error=EMPTY)
    if b"\x00" in sample:
        return Preview(error=BINARY)
    text, encoding = decode(sample, complete)
    if not complete:
        # The last line is cut: leave it out (a quoted cell spanning lines may
        # lose its end, never a row its cells).
        text = text[: text.rfind("\n") + 1] if "\n" in text else ""
    text = text.lstrip("\ufeff")
    delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    truncated = not complete
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) > MAX_ROWS:
                truncated = True
                break
            rows.append([clip(cell) for cell in row[:MAX_COLUMNS]])
    except csv.Error:
        return Preview(error=UNREADABLE)
    if not rows:
        return Preview(error=EMPTY)
    header, body = rows[0], rows[1:]
    width = max(len(header), *(len(row) for row in body)) if body else len(header)
    header += [""] * (width - len(header))
    body = [row + [""] * (width - len(row)) for row in body]
    return Preview(
        header=header,
        rows=body,
        encoding=encoding,
        delimiter=delimiter,
        truncated=truncated,
        numeric_columns=numeric_columns(header, body),
    )
