"""Reading a spreadsheet upload (XLSX or CSV) whose columns are an export's, mapped by their headers.

Each app's import names its columns (an exporter's columns, each with a ``key``), which of them are
required and how many rows it takes; ``read_sheet`` gives the rows as ``{key: cell text}`` with their
line numbers in the file, or raises ``SheetError`` (nothing is loaded) when the file as a whole cannot be
read: too large, empty, not a workbook or CSV, unknown, doubled or missing columns, too many rows.
Headers are accepted as exported in bokmål or English (case and spacing ignored), or as the column key.
Checking the rows themselves is the app's job.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from portal.exporters import Column

LANGUAGES = ("nb", "en")


class SheetError(Exception):
    """The file as a whole cannot be loaded (nothing is)."""


@dataclass
class Sheet:
    keys: list[str]
    # (line number in the file, {column key: cell text})
    rows: list[tuple[int, dict[str, str]]]


def keyed_column(key: str, header, value) -> Column:
    """An export column that the import can read back: ``key`` names it whatever the header's language."""
    column = Column(header, value)
    object.__setattr__(column, "key", key)  # Column is a frozen dataclass: the key rides along for the import
    return column


def normal(text) -> str:
    """Text compared loosely: spacing collapsed, case folded."""
    return " ".join(str(text or "").split()).casefold()


def header_keys(columns: Iterable[Column], languages: Sequence[str] = LANGUAGES) -> dict[str, str]:
    """Every accepted header (as exported in each language, case and spacing ignored, or the key) → column key."""
    columns = list(columns)
    found = {}
    for language in languages:
        with translation.override(language):
            for column in columns:
                found[normal(column.header)] = column.key
    for column in columns:
        found[normal(column.key)] = column.key
    return found


def cell_text(value) -> str:
    """A cell as text: dates as ISO dates, whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # here: only an import pays for openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SheetError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in row]
    except zipfile.BadZipFile as error:
        raise SheetError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    finally:
        book.close()


def csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell.strip() for cell in row]
    except csv.Error as error:
        raise SheetError(_("The file could not be read as CSV: %(error)s") % {"error": error}) from error


def read_sheet(upload, *, columns: Sequence[Column], required: Sequence[str], max_rows: int, max_size: int) -> Sheet:
    """The file's header mapped to ``columns`` (by their keys) and its non-empty rows. Raises SheetError."""
    name = (upload.name or "").lower()
    if upload.size > max_size:
        raise SheetError(_("The file is larger than %(size)s.") % {"size": filesizeformat(max_size)})
    data = upload.read()
    if not data:
        raise SheetError(_("The file is empty."))
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise SheetError(_("The file could not be read as an Excel workbook (.xlsx)."))
        rows = xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = csv_rows(data)
    else:
        raise SheetError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))

    def label(key: str) -> str:
        return next(str(column.header) for column in columns if column.key == key)

    known = header_keys(columns)
    header = None
    body = []
    for line, cells in enumerate(rows, start=1):
        if header is None:
            header = cells
            while header and not header[-1]:
                header.pop()
            unknown = [cell for cell in header if normal(cell) not in known]
            if unknown:
                raise SheetError(
                    _("Unknown columns: %(columns)s. Use the columns of the export; nothing was loaded.")
                    % {"columns": ", ".join(f"«{cell}»" for cell in unknown)}
                )
            keys = [known[normal(cell)] for cell in header]
            if len(set(keys)) != len(keys):
                doubled = sorted({label(key) for key in keys if keys.count(key) > 1})
                raise SheetError(_("Columns appear twice: %(columns)s.") % {"columns": ", ".join(doubled)})
            missing = [key for key in required if key not in keys]
            if missing:
                raise SheetError(
                    _("Required columns are missing: %(columns)s. Nothing was loaded.")
                    % {"columns": ", ".join(f"«{label(key)}»" for key in missing)}
                )
            continue
        if not any(cells):
            continue  # an empty line
        if len(body) >= max_rows:
            raise SheetError(_("The file has more than %(count)s rows; split it.") % {"count": max_rows})
        body.append((line, {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys)}))
    if header is None:
        raise SheetError(_("The file is empty."))
    return Sheet(keys=keys, rows=body)
