"""The planned procurements out as CSV/XLSX and back in: exact rows, an exact row-by-row report.

The import follows the action programme's established rule: each row is checked on its own, a bad row is
reported by line and reason and left out, the good rows load (each whole). A row finds its item by "what"."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from procurement.models import PlannedCpv, PlannedProcurement
from procurement.services.plans import parse_planned_date
from tests.procurement.factories_plans import make_item, make_notice, make_plan

HEADER = [
    "What",
    "Description",
    "CPV codes",
    "Estimated value (NOK)",
    "Planned announcement",
    "Contact",
    "Contact e-mail",
    "Market dialogue",
    "Doffin id",
]
ROWS = [
    ["Renhold av skoler og barnehager", "Daglig renhold.", "90910000-9, 90919200", "48 000 000", "2027-03-01",
     "Innkjøpsavdelingen", "innkjop@baerum.test.example", "ja", ""],
    ["Rammeavtale for snørydding", "", "90620000 90630000", "22000000", "15.05.2027", "Innkjøpsavdelingen", "", "nei", ""],
    ["Drift av IT-infrastruktur", "Drift og brukerstøtte.", "72514000", "", "2027-Q2", "", "", "yes", "2026-112546"],
    ["Møbler til ny skole", "", "39160000", "5200000", "4. kvartal 2027", "", "", "", ""],
]  # fmt: skip
EXPECTED = [
    ("Drift av IT-infrastruktur", "Drift og brukerstøtte.", ["72514000"], None, datetime.date(2027, 4, 1), "", "", True,
     "2026-112546", "planned"),
    ("Møbler til ny skole", "", ["39160000"], Decimal("5200000.00"), datetime.date(2027, 10, 1), "", "", False, "", "planned"),
    ("Rammeavtale for snørydding", "", ["90620000", "90630000"], Decimal("22000000.00"), datetime.date(2027, 5, 15),
     "Innkjøpsavdelingen", "", False, "", "planned"),
    ("Renhold av skoler og barnehager", "Daglig renhold.", ["90910000", "90919200"], Decimal("48000000.00"),
     datetime.date(2027, 3, 1), "Innkjøpsavdelingen", "innkjop@baerum.test.example", True, "", "planned"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr("procurement.services.alerts.queue_matching", lambda kind, ids: calls.append((kind, list(ids))))
    return calls


def snapshot(plan) -> list[tuple]:
    return list(
        PlannedProcurement.objects.filter(plan=plan)
        .order_by("title")
        .values_list(
            "title",
            "description",
            "cpv_codes",
            "estimated_value",
            "planned_announcement",
            "contact_name",
            "contact_email",
            "market_dialogue_planned",
            "doffin_id",
            "state",
        )
    )


def csv_upload(rows, header=HEADER, name="anskaffelser.csv") -> SimpleUploadedFile:
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
    return SimpleUploadedFile("anskaffelser.xlsx", buffer.getvalue())


def report_of(response) -> dict:
    report = response.context["report"]
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": [(error.line, error.title, error.reason) for error in report.rejected],
    }


def import_url(plan) -> str:
    return f"/anskaffelser/planer/{plan.pk}/import/"


def test_a_good_csv_creates_exact_items(client_for, db, queued):
    plan = make_plan()
    response = client_for("officer").post(import_url(plan), {"file": csv_upload(ROWS)})
    assert response.status_code == 200
    assert report_of(response) == {
        "created": [row[0] for row in ROWS],
        "updated": [],
        "unchanged": [],
        "rejected": [],
    }
    assert snapshot(plan) == EXPECTED
    furniture = PlannedProcurement.objects.get(title="Møbler til ny skole")
    assert list(PlannedCpv.objects.filter(item=furniture).order_by("code").values_list("code", "direct")) == [
        ("39000000", False),
        ("39100000", False),
        ("39160000", True),
    ]
    assert sorted(kind for kind, _ in queued) == ["plan_item"] * 4
    # The same file again changes nothing.
    response = client_for("officer").post(import_url(plan), {"file": csv_upload(ROWS)})
    assert report_of(response)["unchanged"] == [row[0] for row in ROWS]
    assert report_of(response)["created"] == []
    assert snapshot(plan) == EXPECTED
    assert len(queued) == 4


def test_a_good_workbook_creates_the_same_items(client_for, db):
    plan = make_plan()
    rows = [list(row) for row in ROWS]
    rows[0][3] = 48000000  # a number cell
    rows[0][4] = datetime.datetime(2027, 3, 1)  # a date cell
    rows[1][3] = 22000000.0
    response = client_for("officer").post(import_url(plan), {"file": xlsx_upload(rows)})
    assert response.status_code == 200
    assert report_of(response)["rejected"] == []
    assert snapshot(plan) == EXPECTED


def test_bad_rows_are_reported_by_line_and_reason_and_the_good_rows_load(client_for, db):
    plan = make_plan()
    bad = [
        ROWS[0],
        ["Ladepunkter for elbil", "", "45310000, 99999999", "12000000", "2027-06-01", "", "", "nei", ""],
        ROWS[1],
        ["Skolemat", "", "55524000", "mange penger", "2027-13-01", "", "", "kanskje", ""],
    ]
    response = client_for("officer").post(import_url(plan), {"file": csv_upload(bad)})
    assert response.status_code == 400
    assert report_of(response) == {
        "created": ["Renhold av skoler og barnehager", "Rammeavtale for snørydding"],
        "updated": [],
        "unchanged": [],
        "rejected": [
            (3, "Ladepunkter for elbil", "unknown CPV code(s): 99999999"),
            (5, "Skolemat", "the estimated value «mange penger» is not a number"),
        ],
    }
    assert snapshot(plan) == [EXPECTED[2], EXPECTED[3]]
    page = response.content.decode()
    assert '<th scope="row">3</th><td>Ladepunkter for elbil</td><td>unknown CPV code(s): 99999999</td>' in page


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["", "", "90910000", "", "", "", "", "", ""], "the row has no “what”"),
        (["Ny", "", "", "", "", "", "", "", ""], "the row has no CPV code"),
        (["Ny", "", "90910000", "-5", "", "", "", "", ""], "the estimated value must be whole kroner, 0 or more"),
        (
            ["Ny", "", "90910000", "", "neste år", "", "", "", ""],
            "the planned announcement «neste år» is not a date (YYYY-MM-DD or DD.MM.YYYY) or a quarter (2027-Q2)",
        ),
        (["Ny", "", "90910000", "", "", "", "ikke-en-adresse", "", ""], "«ikke-en-adresse» is not an e-mail address"),
        (["Ny", "", "90910000", "", "", "", "", "kanskje", ""], "market dialogue must be yes or no, not «kanskje»"),
        (["Ny", "", "90910000", "", "", "", "", "", "112546"], "«112546» is not a Doffin id (like 2026-112546)"),
    ],
)
def test_each_kind_of_bad_row_has_its_reason(client_for, db, row, reason):
    plan = make_plan()
    response = client_for("officer").post(import_url(plan), {"file": csv_upload([row])})
    assert response.status_code == 400
    assert report_of(response)["rejected"] == [(2, row[0], reason)]
    assert snapshot(plan) == []


def test_a_row_twice_in_the_file_is_rejected_the_second_time(client_for, db):
    plan = make_plan()
    response = client_for("officer").post(import_url(plan), {"file": csv_upload([ROWS[3], ROWS[3]])})
    assert report_of(response)["rejected"] == [(3, "Møbler til ny skole", "“Møbler til ny skole” is also on line 2")]
    assert [row[0] for row in snapshot(plan)] == ["Møbler til ny skole"]


def test_a_row_with_a_doffin_id_of_an_imported_notice_links_it(client_for, db):
    notice = make_notice("2026-112546")
    plan = make_plan()
    client_for("officer").post(import_url(plan), {"file": csv_upload([ROWS[2]])})
    item = PlannedProcurement.objects.get()
    assert (item.notice_id, item.state) == (notice.pk, "announced")


def test_unknown_or_missing_columns_refuse_the_file(client_for, db):
    plan = make_plan()
    client = client_for("officer")
    response = client.post(import_url(plan), {"file": csv_upload([["x"]], header=["What", "Colour"])})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Unknown columns: «Colour». Use the columns of the export; nothing was loaded."]
    }
    response = client.post(import_url(plan), {"file": csv_upload([["90910000"]], header=["CPV codes"])})
    assert response.context["form"].errors == {"file": ["Required columns are missing: «What». Nothing was loaded."]}
    assert snapshot(plan) == []


def test_headers_may_be_the_column_keys(client_for, db):
    plan = make_plan()
    header = ["title", "cpv_codes", "planned_announcement", "market_dialogue"]
    response = client_for("officer").post(
        import_url(plan), {"file": csv_upload([["Snørydding", "90620000", "Q1 2027", "no"]], header=header)}
    )
    assert report_of(response)["created"] == ["Snørydding"]
    assert snapshot(plan)[0][4] == datetime.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2027-04-15", datetime.date(2027, 4, 15)),
        ("15.04.2027", datetime.date(2027, 4, 15)),
        ("2027-Q2", datetime.date(2027, 4, 1)),
        ("2027 q3", datetime.date(2027, 7, 1)),
        ("Q4 2027", datetime.date(2027, 10, 1)),
        ("K1-2027", datetime.date(2027, 1, 1)),
        ("2. kvartal 2027", datetime.date(2027, 4, 1)),
        ("3 kvartal 2027", datetime.date(2027, 7, 1)),
        ("1st quarter 2027", None),
        ("", None),
    ],
)
def test_planned_announcement_as_a_date_or_a_quarter(text, day):
    if text and day is None:
        with pytest.raises(ValueError):
            parse_planned_date(text)
    else:
        assert parse_planned_date(text) == day


# --- Export -------------------------------------------------------------------------------------


@pytest.fixture
def exported_plan(db):
    plan = make_plan()
    make_item(plan)
    make_item(
        plan,
        title="Sensorbasert bygningsovervåking",
        description="Sensorer.\nFem bygg.",
        cpv_codes=["35125100", "71700000"],
        estimated_value=Decimal("1800000"),
        planned_announcement=datetime.date(2027, 8, 1),
        doffin_id="2026-112546",
    )
    make_item(plan, title="Kantine", cpv_codes=["55512000"], planned_announcement=None, estimated_value=None,
              market_dialogue_planned=False, contact_email="")  # fmt: skip
    return plan


def test_csv_export_has_one_exact_row_per_item(client_for, exported_plan):
    response = client_for("anonymous").get(f"/anskaffelser/planer/{exported_plan.pk}/anskaffelser.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="anskaffelser-anskaffelsesplan-2027.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";")) == [
        HEADER,
        ["Renhold av skoler og barnehager", "Daglig renhold av skoler og barnehager.", "90910000", "48000000", "2027-03-01",
         "Innkjøpsavdelingen", "innkjop@baerum.test.example", "yes", ""],
        ["Sensorbasert bygningsovervåking", "Sensorer.\nFem bygg.", "35125100, 71700000", "1800000", "2027-08-01",
         "Innkjøpsavdelingen", "innkjop@baerum.test.example", "yes", "2026-112546"],
        ["Kantine", "Daglig renhold av skoler og barnehager.", "55512000", "", "", "Innkjøpsavdelingen", "", "no", ""],
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_export_round_trips(client_for, exported_plan, suffix):
    client = client_for("officer")
    response = client.get(f"/anskaffelser/planer/{exported_plan.pk}/anskaffelser.{suffix}")
    data = b"".join(response.streaming_content) if suffix == "csv" else response.content
    if suffix == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert [cell.value for cell in sheet[1]] == HEADER
    # Into the same plan: nothing changes.
    before = snapshot(exported_plan)
    response = client.post(import_url(exported_plan), {"file": SimpleUploadedFile(f"a.{suffix}", data)})
    assert report_of(response) == {
        "created": [],
        "updated": [],
        "unchanged": ["Renhold av skoler og barnehager", "Sensorbasert bygningsovervåking", "Kantine"],
        "rejected": [],
    }
    assert snapshot(exported_plan) == before
    # Into an empty plan: the same items.
    other = make_plan(title="Kopi")
    response = client.post(import_url(other), {"file": SimpleUploadedFile(f"a.{suffix}", data)})
    assert report_of(response)["created"] == ["Renhold av skoler og barnehager", "Sensorbasert bygningsovervåking", "Kantine"]
    assert snapshot(other) == before
