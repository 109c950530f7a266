"""Streaming readers for Enhetsregisteret's bulk downloads.

The register publishes enheter and underenheter as one gzipped JSON array, and as CSV (gzipped or
not) with dotted headers (``forretningsadresse.kommunenummer``). Both are read one unit at a time,
so memory does not grow with the file, and each unit comes out in the API's nested JSON shape so
that one mapper (``records.unit_fields``) serves both. The format is picked from the content, not
the file name.

A national file is 1.1 million units, 1.3 GB of JSON: it is decompressed with ISA-L (igzip, about
five times zlib's speed) and parsed a few megabytes at a time with orjson.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson
from isal import igzip
from isal.isal_zlib import error as IsalError

from businesses.records import Row

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_SIZE = 1 << 22  # bytes of JSON parsed at a time
# Where one unit of the array may end and the next begin: "}", a comma and "{", with any whitespace.
_BETWEEN_UNITS = re.compile(rb"\}\s*,\s*\{")
_SEPARATOR = re.compile(r"\s*,?\s*")


class BulkFileError(Exception):
    """The file is not a readable bulk download (broken JSON or gzip); the message says where."""


class BulkFile:
    """One bulk file: ``rows()`` yields its units; ``position`` tells how far into the file it is."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._raw = self.path.open("rb")
        compressed = self._raw.read(2) == GZIP_MAGIC
        self._raw.seek(0)
        stream = igzip.GzipFile(fileobj=self._raw) if compressed else self._raw
        self._stream = io.BufferedReader(stream, buffer_size=1 << 16)
        self.format = "json" if _first_significant_byte(self._stream) == b"[" else "csv"
        self.compressed = compressed

    @property
    def position(self) -> int:
        """Bytes of the file on disk consumed so far (compressed bytes for a .gz)."""
        return self._raw.tell()

    def rows(self) -> Iterator[Row]:
        """The units one by one. Raises BulkFileError where the file turns out to be broken."""
        row = None
        try:
            for row in self._json_rows() if self.format == "json" else self._csv_rows():
                yield row
        except (ValueError, EOFError, OSError, IsalError, csv.Error) as error:  # JSON, gzip, UTF-8 or CSV
            after = f"after {row.location}" if row else "at the start"
            raise BulkFileError(f"unreadable {self.format.upper()} {after}: {error}") from None

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _json_rows(self) -> Iterator[Row]:
        number = 0
        for units in _json_chunks(self._stream):
            for record in units:
                number += 1
                yield Row(f"record {number}", record)

    def _csv_rows(self) -> Iterator[Row]:
        text = io.TextIOWrapper(self._stream, encoding="utf-8-sig", newline="")
        try:
            yield from self._csv_records(csv.reader(text))
        finally:
            text.detach()  # leave the file open: closing is the caller's (position is read after the last row)

    def _csv_records(self, reader) -> Iterator[Row]:
        header = next(reader, None)
        if header is None:
            return
        # Map columns by header name: "a.b" becomes record["a"]["b"]; the column set may change.
        paths = [tuple(name.strip().split(".", 1)) for name in header]
        first_line = reader.line_num + 1
        for values in reader:
            record: dict = {}
            for path, value in zip(paths, values, strict=False):
                if value == "":
                    continue
                if len(path) == 1:
                    record[path[0]] = value
                else:
                    record.setdefault(path[0], {})[path[1]] = value
            yield Row(f"line {first_line}", record)
            first_line = reader.line_num + 1


def _json_chunks(stream) -> Iterator[list]:
    """The units of one JSON array, a list of a few thousand at a time.

    The text read so far is cut at the last place where one unit may end and the next begin, and
    the part before the cut is parsed as an array of its own. A cut that falls inside a unit (within
    a string, or between objects in a list) leaves that part unbalanced, so the parser stops at its
    very end: the cut then moves back to the place before. An error anywhere else is a broken unit.
    """
    buffer = stream.read(CHUNK_SIZE).lstrip(b"\xef\xbb\xbf \t\r\n")
    if buffer[:1] != b"[":
        raise ValueError("the file does not start with a JSON array")
    buffer = buffer[1:]
    while more := stream.read(CHUNK_SIZE):
        buffer += more
        cut, units = _units_before_a_cut(buffer)
        if cut is not None:
            yield from units
            buffer = buffer[cut + 1 :]
    rest = buffer.rstrip()
    if not rest.endswith(b"]"):
        yield from _one_by_one(rest)
        # A file cut off between two units would otherwise read as the whole register.
        raise ValueError("the file ends before the array does: it is cut off")
    try:
        yield orjson.loads(b"[" + rest)
    except orjson.JSONDecodeError:
        yield from _one_by_one(rest.removesuffix(b"]"))


def _units_before_a_cut(buffer: bytes) -> tuple[int | None, Iterable[list]]:
    """(cut, units): the units before the last cut that falls between two of them, as lists, or
    (None, []) if there is none yet (one unit longer than the text read so far)."""
    for cut in _cuts(buffer):
        piece = b"[" + buffer[:cut] + b"]"
        try:
            return cut, [orjson.loads(piece)]
        except orjson.JSONDecodeError as error:
            if error.pos < len(piece.decode("utf-8", "replace")) - 1:
                return cut, _one_by_one(buffer[:cut])  # up to the broken unit, which raises
            # The parser stopped at the very end: the cut is inside a unit, so try the one before.
    return None, []


def _cuts(buffer: bytes) -> Iterator[int]:
    """Positions of the commas that may separate two units, the last first (within the last chunks read)."""
    matches = list(_BETWEEN_UNITS.finditer(buffer, max(0, len(buffer) - 2 * CHUNK_SIZE)))
    for match in reversed(matches):
        yield buffer.index(b",", match.start())


def _one_by_one(text: bytes) -> Iterator[list]:
    """The units of a run that does not parse, each in a list of its own, up to the broken one:
    it raises ValueError, so that the error is reported after the last unit that could be read."""
    document = text.decode("utf-8")
    decoder = json.JSONDecoder()
    position = 0
    while (position := _SEPARATOR.match(document, position).end()) < len(document):
        try:
            unit, position = decoder.raw_decode(document, position)
        except json.JSONDecodeError as error:
            raise ValueError(f"the next unit is broken: {error.msg}") from None
        yield [unit]


def _first_significant_byte(stream: io.BufferedReader) -> bytes:
    head = stream.peek(512)[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1]
