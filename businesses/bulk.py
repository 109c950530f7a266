"""Streaming readers for Enhetsregisteret's bulk downloads.

The register publishes enheter and underenheter as one gzipped JSON array, and as CSV (gzipped or
not) with dotted headers (``forretningsadresse.kommunenummer``). Both are read one unit at a time,
so memory does not grow with the file, and each unit comes out in the API's nested JSON shape so
that one mapper (``services.unit_fields``) serves both. The format is picked from the content, not
the file name.
"""

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ijson

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Row:
    location: str  # "line 14" (CSV) or "record 14" (JSON), for messages about rejected rows
    record: dict


class BulkFile:
    """One bulk file: ``rows()`` yields its units; ``position`` tells how far into the file it is."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._raw = self.path.open("rb")
        compressed = self._raw.read(2) == GZIP_MAGIC
        self._raw.seek(0)
        stream = gzip.GzipFile(fileobj=self._raw) if compressed else self._raw
        self._stream = io.BufferedReader(stream, buffer_size=1 << 16)
        self.format = "json" if _first_significant_byte(self._stream) == b"[" else "csv"
        self.compressed = compressed

    @property
    def position(self) -> int:
        """Bytes of the file on disk consumed so far (compressed bytes for a .gz)."""
        return self._raw.tell()

    def rows(self) -> Iterator[Row]:
        return self._json_rows() if self.format == "json" else self._csv_rows()

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _json_rows(self) -> Iterator[Row]:
        for number, record in enumerate(ijson.items(self._stream, "item", use_float=True), start=1):
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


def _first_significant_byte(stream: io.BufferedReader) -> bytes:
    head = stream.peek(512)[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1]
