"""The preview of a CSV file: encodings and delimiters found, odd files turned
into a message, and a huge file never read whole."""

from __future__ import annotations

import io

import pytest

from policy.csv_preview import (
    BINARY,
    EMPTY,
    MAX_BYTES,
    MAX_ROWS,
    parse_number,
    preview_bytes,
    preview_stream,
)

TABLE = "commune;nombre\nÉchirolles;12\nGrenoble;30\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TABLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TABLE.encode("utf-8"), "utf-8-sig"),
        (TABLE.encode("latin-1"), "windows-1252"),
        (TABLE.encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings(data, encoding):
    preview = preview_bytes(data)
    assert preview.encoding == encoding
    assert preview.header == ["commune", "nombre"]
    assert preview.rows == [["Échirolles", "12"], ["Grenoble", "30"]]
    assert preview.numeric_columns == [1]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters(delimiter):
    text = f"nom{delimiter}valeur\nA{delimiter}1\nB{delimiter}2\n"
    preview = preview_bytes(text.encode())
    assert preview.delimiter == delimiter
    assert preview.rows == [["A", "1"], ["B", "2"]]


def test_quoted_fields_with_newlines_and_delimiters():
    data = 'nom,adresse\n"Mairie","1 place\ndes Écoles, Échirolles"\n'.encode()
    preview = preview_bytes(data)
    assert preview.rows == [["Mairie", "1 place\ndes Écoles, Échirolles"]]


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_an_empty_file(data):
    assert preview_bytes(data).error == EMPTY


def test_a_binary_file_named_csv():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    preview = preview_bytes(png)
    assert preview.error == BINARY
    assert not preview.rows


def test_only_the_first_rows_are_kept():
    text = "n,carre\n" + "".join(f"{n},{n * n}\n" for n in range(200))
    preview = preview_bytes(text.encode())
    assert len(preview.rows) == MAX_ROWS
    assert preview.rows[-1] == [str(MAX_ROWS - 1), str((MAX_ROWS - 1) ** 2)]
    assert preview.truncated


class HugeFile(io.RawIOBase):
    """A 100 MB CSV generated on the fly, counting the bytes read from it."""

    size = 100 * 1024 * 1024
    line = "Échirolles;12,5;donnée de démonstration\n".encode()

    def __init__(self) -> None:
        self.position = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.position)
        start = self.position % len(self.line)
        chunk = (self.line * (count // len(self.line) + 2))[start : start + count]
        buffer[:count] = chunk
        self.position += count
        self.bytes_read += count
        return count


def test_a_100_mb_file_is_never_read_whole():
    huge = HugeFile()
    preview = preview_stream(io.BufferedReader(huge, buffer_size=8192))
    assert huge.bytes_read <= MAX_BYTES + 8192 * 2
    assert huge.bytes_read < HugeFile.size / 100
    assert preview.truncated
    assert len(preview.rows) == MAX_ROWS
    assert preview.rows[0] == ["Échirolles", "12,5", "donnée de démonstration"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), ("1 234,5", 1234.5), ("1,234.5", 1234.5), ("-3.5", -3.5)],
)
def test_numbers_written_the_french_or_english_way(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "12 rue", "2024-01-01"])
def test_not_numbers(text):
    assert parse_number(text) is None
