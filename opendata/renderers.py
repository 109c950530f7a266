"""CSV for the API's lists: the list serializer's fields as columns, one row per thing, streamed.

Semicolon-separated UTF-8 with a byte-order mark, as the portal's other exports (``portal/exporters.py``), so
Excel opens it with æ, ø and å intact; ``null`` is an empty cell, a list is its values joined by ", ".
"""

import csv
from collections.abc import Iterable, Iterator

from rest_framework.renderers import BaseRenderer


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(cell(item) for item in value)
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The lines of the file: the byte-order mark and header, then each row's cells in the header's order."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(row.get(name)) for name in header])


class CSVRenderer(BaseRenderer):
    """Chosen by ``?format=csv``, a ``.csv`` suffix or ``Accept: text/csv``. The list views stream their rows
    themselves; this renders what is not a list (nothing, in practice) as one row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data or {}]
        header = list(rows[0]) if rows else []
        return "".join(csv_lines(header, rows)).encode("utf-8")
