"""Declarative exports (CSV, XLSX) over the same querysets the pages use.

An exporter lists its columns; ``csv_response`` streams row by row, ``xlsx_response`` writes a
workbook in openpyxl's write-only mode, so neither holds the whole list as objects at once.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


class Exporter:
    filename = "export"
    columns: list[Column] = []
    # A spreadsheet of more rows than this is refused: filter the list first.
    max_rows = 100_000

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def rows(self, objects: Iterable) -> Iterator[list]:
        for obj in objects:
            yield [column.value(obj) for column in self.columns]

    def csv_response(self, queryset) -> StreamingHttpResponse:
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo(), delimiter=";")
        # The header is translated now, in the request's language; the rows stream after the response starts.
        rows = self._with_header(self.headers(), queryset.iterator(chunk_size=2000))
        lines = (writer.writerow(row) for row in rows)
        response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
        return response

    def xlsx_response(self, queryset) -> HttpResponse:
        from openpyxl import Workbook  # here: only Excel exports pay for importing openpyxl

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(_("Export"))[:31])
        for row in self._with_header(self.headers(), queryset.iterator(chunk_size=2000)):
            sheet.append(row)
        buffer = BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.xlsx"'
        return response

    def _with_header(self, header: list[str], objects) -> Iterator[list]:
        yield header
        yield from self.rows(objects)


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    # A byte-order mark makes Excel open the UTF-8 file with æ, ø and å intact.
    yield "\ufeff"
    yield from lines
