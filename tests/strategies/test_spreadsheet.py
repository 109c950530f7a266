"""The measures out as CSV/XLSX and back in: exact rows, exact reports, nothing half-saved."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from portal.models import ActivityLog
from strategies.models import Measure, Plan
from tests.strategies.factories_reports import build_plan

HEADER = [
    "Number",
    "Focus area",
    "Goal",
    "Part of measure (number)",
    "Measure",
    "Description",
    "Responsible",
    "Responsible party",
    "Responsible party's organisation number",
    "Partners",
    "Start",
    "Deadline",
    "Budget (NOK)",
    "State",
    "Progress (%)",
    "Weight",
]
ROWS = [
    [
        "1.1.1",
        "Areal og infrastruktur",
        "Nok næringsareal",
        "",
        "Kartlegge ledige næringsarealer",
        "Oversikt over regulerte arealer.",
        "The municipality",
        "Plan og bygg",
        "",
        "Eiendomsmeglere\nGrunneiere",
        "2026-02-01",
        "2026-12-31",
        "150000",
        "In progress",
        "40",
        "1.00",
    ],
    ["1.1.2", "Areal og infrastruktur", "Nok næringsareal", "", "Regulere Nordåsen næringspark", "", "The regional council",
     "Regionrådet", "", "", "", "2026-06-30", "", "Delayed", "20", "2.00"],
    ["1.1.1.1", "Areal og infrastruktur", "Nok næringsareal", "1.1.1", "Registrere arealer i kartløsning", "",
     "The municipality", "", "", "", "", "", "", "Done", "100", "1.00"],
    ["1.2.1", "Areal og infrastruktur", "God kollektivdekning", "", "Bedre bussruter til næringsområdene", "", "The county",
     "Ruter", "", "", "", "", "", "Not started", "0", "1.00"],
    ["2.1.1", "Kompetanse og rekruttering", "Flere fagarbeidere", "", "Lærlingløftet", "", "A business", "DESINTRYGG AS",
     "925321141", "", "", "", "80000", "In progress", "50", "1.00"],
]  # fmt: skip


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def plan(db):
    return build_plan()


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def snapshot(plan) -> list[tuple]:
    return list(
        Measure.objects.filter(goal__focus_area__plan=plan)
        .order_by("code")
        .values_list("code", "goal__title", "parent__code", "title", "state", "progress", "budget", "start", "deadline", "weight")
    )


# --- Export -------------------------------------------------------------------------------------


def test_csv_export_has_one_exact_row_per_measure(english, client_for, plan):
    response = client_for("officer").get(f"/strategi/{plan.pk}/tiltak.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tiltak-strategisk-naeringsplan-for-testregionen.csv"'
    assert csv_rows(response) == [HEADER, *ROWS]


def test_xlsx_export_has_the_same_rows(english, client_for, plan):
    response = client_for("officer").get(f"/strategi/{plan.pk}/tiltak.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    # Numbers are numbers in the workbook: 150000, 40, 1 (the weight).
    assert [row[:5] for row in rows[1:]] == [row[:5] for row in ROWS]
    assert rows[1][10:16] == ["2026-02-01", "2026-12-31", "150000", "In progress", "40", "1"]
    assert [row[12:16] for row in rows[2:]] == [
        ["", "Delayed", "20", "2"],
        ["", "Done", "100", "1"],
        ["", "Not started", "0", "1"],
        ["80000", "In progress", "50", "1"],
    ]


def test_the_export_headers_are_in_the_readers_language(client_for, plan):
    # Bokmål is the portal's language; the headers follow the active language (translated by the lead's catalogue).
    response = client_for("anonymous").get(f"/strategi/{plan.pk}/tiltak.csv")
    assert response.status_code == 404  # a draft is hidden from the public


# --- Import -------------------------------------------------------------------------------------


def csv_upload(rows, header=HEADER, name="tiltak.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv")


def xlsx_upload(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("tiltak.xlsx", buffer.getvalue())


def report_of(response) -> dict:
    report = response.context["report"]
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": [(error.line, error.code, error.reason) for error in report.rejected],
    }


def test_the_exported_file_imports_unchanged(english, client_for, plan):
    client = client_for("officer")
    exported = b"".join(client.get(f"/strategi/{plan.pk}/tiltak.csv").streaming_content)
    before = snapshot(plan)
    response = client.post(
        f"/strategi/{plan.pk}/import/", {"file": SimpleUploadedFile("tiltak.csv", exported, content_type="text/csv")}
    )
    assert response.status_code == 200
    assert report_of(response) == {
        "created": [],
        "updated": [],
        "unchanged": ["1.1.1", "1.1.2", "1.1.1.1", "1.2.1", "2.1.1"],
        "rejected": [],
    }
    assert snapshot(plan) == before


def test_the_exported_workbook_imports_unchanged(english, client_for, plan):
    client = client_for("officer")
    exported = client.get(f"/strategi/{plan.pk}/tiltak.xlsx").content
    before = snapshot(plan)
    response = client.post(f"/strategi/{plan.pk}/import/", {"file": SimpleUploadedFile("tiltak.xlsx", exported)})
    assert response.status_code == 200
    assert report_of(response)["unchanged"] == ["1.1.1", "1.1.2", "1.1.1.1", "1.2.1", "2.1.1"]
    assert report_of(response)["created"] == report_of(response)["updated"] == []
    assert snapshot(plan) == before


BAD_AND_GOOD = [
    # line 2: an update of 1.1.1 (progress 40 → 60)
    ["1.1.1", "Areal og infrastruktur", "Nok næringsareal", "", "Kartlegge ledige næringsarealer",
     "Oversikt over regulerte arealer.", "The municipality", "Plan og bygg", "", "Eiendomsmeglere\nGrunneiere",
     "2026-02-01", "2026-12-31", "150000", "In progress", "60", "1"],
    # line 3: a new measure under 1.1.1
    ["1.1.1.2", "Areal og infrastruktur", "Nok næringsareal", "1.1.1", "Lage arealregnskap", "", "municipality", "", "", "",
     "01.03.2026", "", "", "not_started", "0", ""],
    # lines 4–11: bad rows
    ["1.1.3", "Areal og infrastruktur", "Nok næringsareal", "", "Dato", "", "", "", "", "", "2026-13-01", "", "", "", "", ""],
    ["1.1.4", "Areal og infrastruktur", "Nok næringsareal", "", "For mye", "", "", "", "", "", "", "", "", "", "101", ""],
    ["1.1.5", "Areal og infrastruktur", "Nok næringsareal", "", "Status", "", "", "", "", "", "", "", "", "Paused", "", ""],
    ["1.1.6", "Areal og infrastruktur", "Nok næringsareal", "", "Frist", "", "", "", "", "", "2026-06-01", "2026-05-01", "",
     "", "", ""],
    ["1.1.7", "Reiseliv", "Nok næringsareal", "", "Område", "", "", "", "", "", "", "", "", "", "", ""],
    ["1.1.8", "Areal og infrastruktur", "Flere fagarbeidere", "", "Mål", "", "", "", "", "", "", "", "", "", "", ""],
    ["1.1.9", "Areal og infrastruktur", "Nok næringsareal", "", "Orgnr", "", "A business", "Bedrift AS", "925321142", "", "",
     "", "", "", "", ""],
    ["1.1.10", "Areal og infrastruktur", "Nok næringsareal", "9.9", "Forelder", "", "", "", "", "", "", "", "", "", "", ""],
    # line 12: a new measure in the second focus area
    ["2.1.2", "Kompetanse og rekruttering", "flere  FAGARBEIDERE", "", "Sommerjobb for ungdom", "", "The business council",
     "Næringsrådet", "", "Skolene", "", "2026-08-15", "25 000", "In progress", "10", "0,5"],
]  # fmt: skip
EXPECTED_REJECTED = [
    (4, "1.1.3", "start «2026-13-01» is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
    (5, "1.1.4", "progress must be a whole number from 0 to 100, not 101"),
    (6, "1.1.5", "unknown state «Paused»"),
    (7, "1.1.6", "the deadline 2026-05-01 is before the start 2026-06-01"),
    (8, "1.1.7", "unknown focus area «Reiseliv»"),
    (9, "1.1.8", "unknown goal «Flere fagarbeidere» under «Areal og infrastruktur»"),
    (10, "1.1.9", "«925321142» is not a valid organisation number"),
    (11, "1.1.10", "unknown parent measure 9.9"),
]


@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_bad_rows_are_reported_by_line_and_reason_and_the_rest_loads(english, client_for, plan, personas, make_upload):
    client = client_for("officer")
    response = client.post(f"/strategi/{plan.pk}/import/", {"file": make_upload(BAD_AND_GOOD)})
    assert response.status_code == 400  # rows were left out: bad input, though the good rows loaded
    assert report_of(response) == {
        "created": ["1.1.1.2", "2.1.2"],
        "updated": ["1.1.1"],
        "unchanged": [],
        "rejected": EXPECTED_REJECTED,
    }
    content = response.content.decode()
    assert "2 created, 1 updated, 0 unchanged, 8 rejected." in content
    assert '<th scope="row">7</th><td>1.1.6</td><td>the deadline 2026-05-01 is before the start 2026-06-01</td>' in content

    assert Measure.objects.get(code="1.1.1").progress == 60
    new = Measure.objects.get(code="1.1.1.2")
    assert (new.goal.title, new.parent.code, new.title, new.responsible_kind, new.start, new.state, new.position) == (
        "Nok næringsareal",
        "1.1.1",
        "Lage arealregnskap",
        "municipality",
        datetime.date(2026, 3, 1),
        "not_started",
        4,
    )
    other = Measure.objects.get(code="2.1.2")
    assert (other.goal.title, other.budget, other.weight, other.partners, other.responsible_kind) == (
        "Flere fagarbeidere",
        Decimal(25000),
        Decimal("0.50"),
        "Skolene",
        "business_council",
    )
    assert not Measure.objects.filter(code__in=[code for _, code, _ in EXPECTED_REJECTED]).exists()
    log = ActivityLog.objects.get(action="strategies.measures_imported")
    assert (log.actor, log.object_id) == (personas.officer, str(plan.pk))
    assert log.data["created"] == ["1.1.1.2", "2.1.2"]
    assert log.data["updated"] == {"1.1.1": ["progress"]}
    assert len(log.data["rejected"]) == 8

    # The same file again changes nothing: the good rows are unchanged, the bad ones rejected again.
    before = snapshot(plan)
    again = client.post(f"/strategi/{plan.pk}/import/", {"file": make_upload(BAD_AND_GOOD)})
    assert report_of(again) == {
        "created": [],
        "updated": [],
        "unchanged": ["1.1.1", "1.1.1.2", "2.1.2"],
        "rejected": EXPECTED_REJECTED,
    }
    assert snapshot(plan) == before


def test_unknown_columns_are_refused_at_the_field_and_nothing_loads(english, client_for, plan):
    before = snapshot(plan)
    header = [*HEADER[:5], "Kommentar", "Prioritet"]
    rows = [[*ROWS[0][:5], "x", "høy"]]
    response = client_for("officer").post(f"/strategi/{plan.pk}/import/", {"file": csv_upload(rows, header=header)})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Unknown columns: «Kommentar», «Prioritet». Use the columns of the export; nothing was loaded."]
    }
    assert response.context["report"] is None
    assert snapshot(plan) == before
    assert not ActivityLog.objects.filter(action="strategies.measures_imported").exists()


def test_missing_required_columns_are_refused(english, client_for, plan):
    response = client_for("officer").post(
        f"/strategi/{plan.pk}/import/", {"file": csv_upload([["1.9", "Noe"]], header=["Number", "Measure"])}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Required columns are missing: «Focus area», «Goal». Nothing was loaded."]
    }


def test_a_file_of_another_kind_is_refused(english, client_for, plan):
    upload = SimpleUploadedFile("tiltak.xlsx", b"not a workbook")
    response = client_for("officer").post(f"/strategi/{plan.pk}/import/", {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["The file could not be read as an Excel workbook (.xlsx)."]}
    text = SimpleUploadedFile("tiltak.txt", b"Number;Measure\n")
    response = client_for("officer").post(f"/strategi/{plan.pk}/import/", {"file": text})
    assert response.context["form"].errors == {"file": ["Choose an Excel workbook (.xlsx) or a CSV file (.csv)."]}


def test_too_many_rows_are_refused(english, client_for, plan, monkeypatch):
    monkeypatch.setattr("strategies.services.spreadsheet.MAX_ROWS", 2)
    before = snapshot(plan)
    response = client_for("officer").post(f"/strategi/{plan.pk}/import/", {"file": csv_upload(ROWS)})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["The file has more than 2 rows; split it."]}
    assert snapshot(plan) == before


def test_an_adopted_plan_is_revised_first(english, client_for, db):
    adopted = build_plan(state=Plan.State.ADOPTED)
    before = snapshot(adopted)
    client = client_for("officer")
    assert client.get(f"/strategi/{adopted.pk}/import/").status_code == 409
    response = client.post(f"/strategi/{adopted.pk}/import/", {"file": csv_upload(BAD_AND_GOOD)})
    assert response.status_code == 409
    assert "Revise the plan first" in response.content.decode()
    assert snapshot(adopted) == before
