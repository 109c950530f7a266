"""import_brreg: the bulk downloads of Enhetsregisteret in both shapes, idempotent, with rejected rows listed."""

import datetime
import gzip
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from businesses.bulk import BulkFile
from businesses.models import Business, RegistryEvent
from businesses.records import fold_for_search
from businesses.services.registry import import_units
from tests.businesses.conftest import API, SAMPLE_CSV, SAMPLE_JSON, sample_rows, write_csv

TODAY = datetime.date.today()


def run(path, **options):
    options.setdefault("municipalities", None)
    options.setdefault("version", "SN2007")
    with BulkFile(path) as bulk:
        return bulk.format, import_units(bulk.rows(), **options)


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(("path", "shape"), [(SAMPLE_CSV, "csv"), (SAMPLE_JSON, "json")])
def test_sample_loads_in_either_shape_gzipped_or_not(reference, tmp_path, path, shape, compress):
    if compress:
        packed = tmp_path / (path.name + ".gz")
        packed.write_bytes(gzip.compress(path.read_bytes()))
        path = packed
    detected, report = run(path)
    assert detected == shape
    assert (report.read, report.new, report.updated, report.unchanged, report.deleted, report.rejected) == (190, 190, 0, 0, 0, [])
    assert Business.objects.count() == 190
    assert Business.objects.filter(municipality_id="3201").count() == 114
    assert Business.objects.filter(municipality_id="3203").count() == 76


def test_named_units_have_exactly_the_registers_values(reference):
    run(SAMPLE_CSV)
    unit = Business.objects.get(orgnr="925321141")
    assert unit.name == "DESINTRYGG AS"
    assert unit.search_name == "desintrygg as"
    assert unit.organisation_form_id == "AS"
    assert unit.industry_codes == [{"code": "81.210", "description": "Rengjøring av bygninger"}]
    assert (unit.industry_version, unit.industry_division, unit.industry_section) == ("SN2007", "81", "O")
    assert unit.employees is None  # registered as having employees, but no figure: unknown, not zero
    assert (unit.address, unit.postal_code, unit.postal_place, unit.municipality_id) == (
        "Ola Valdris vei 10B",
        "1357",
        "BEKKESTUA",
        "3201",
    )
    assert (unit.registered, unit.founded) == (datetime.date(2020, 7, 15), datetime.date(2020, 5, 27))
    assert unit.website == "www.desintrygg.no"
    assert (unit.bankrupt, unit.under_liquidation, unit.under_forced_liquidation, unit.deleted) == (False, False, False, None)

    # A multi-line address, joined with "/n" in the CSV.
    assert Business.objects.get(orgnr="929575636").address == "c/o TMF Norway AS, Hagaløkkveien 26"
    # Under liquidation, with its date.
    jnj = Business.objects.get(orgnr="930357987")
    assert (jnj.under_liquidation, jnj.under_liquidation_date, jnj.is_active) == (True, datetime.date(2023, 12, 5), False)
    # Two industry codes; a sole proprietorship.
    haslum = Business.objects.get(orgnr="980878872")
    assert [code["code"] for code in haslum.industry_codes] == ["01.420", "02.200"]
    assert (haslum.organisation_form_id, haslum.industry_section) == ("ENK", "A")
    # Employees reported.
    assert Business.objects.get(orgnr="812844822").employees == 23


def test_csv_and_json_of_the_same_units_are_the_same_data(reference):
    run(SAMPLE_CSV)
    _, report = run(SAMPLE_JSON)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 190)


def test_second_run_changes_nothing_and_writes_nothing(reference):
    run(SAMPLE_CSV)
    stamps = dict(Business.objects.values_list("orgnr", "updated"))
    with CaptureQueriesContext(connection) as queries:
        _, report = run(SAMPLE_CSV)
    assert (report.read, report.new, report.updated, report.unchanged, report.deleted) == (190, 0, 0, 190, 0)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert dict(Business.objects.values_list("orgnr", "updated")) == stamps


def test_malformed_rows_are_listed_with_line_and_reason_and_the_rest_loads(reference, tmp_path):
    header, rows = sample_rows()
    rows = rows[:6]
    rows[1]["organisasjonsnummer"] = "925321142"  # wrong check digit
    rows[2]["registreringsdatoenhetsregisteret"] = "2020-13-45"
    rows[3]["navn"] = ""
    rows[4] |= {"antallAnsatte": "mange", "harRegistrertAntallAnsatte": "true"}
    path = write_csv(tmp_path / "bad.csv", header, rows)
    _, report = run(path)
    orgnrs = [row["organisasjonsnummer"] for row in rows]
    assert report.rejected == [
        ("line 3", "invalid organisation number '925321142' (must be 9 digits with a valid MOD11 check digit)"),
        ("line 4", "unreadable date in registreringsdato: '2020-13-45'"),
        ("line 5", f"{orgnrs[3]}: missing name"),
        ("line 6", f"{orgnrs[4]}: unreadable number of employees 'mange'"),
    ]
    assert (report.read, report.new) == (6, 2)
    assert sorted(Business.objects.values_list("orgnr", flat=True)) == sorted([orgnrs[0], orgnrs[5]])


def test_rejected_json_records_are_numbered(reference, tmp_path):
    records = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))[:3]
    records[2]["organisasjonsnummer"] = "12345"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    _, report = run(path)
    assert report.rejected == [
        ("record 3", "invalid organisation number '12345' (must be 9 digits with a valid MOD11 check digit)")
    ]


def test_column_set_of_2026_with_unknown_and_reordered_columns_loads(reference, tmp_path):
    header, rows = sample_rows()
    header = ["nyKolonne2026", *reversed(header), "epostadresse", "telefon"]
    for row in rows:
        row["nyKolonne2026"] = "ignored"
    rows[0] |= {"epostadresse": "post@desintrygg.no", "telefon": "+47 22 33 44 55"}
    _, report = run(write_csv(tmp_path / "2026.csv", header, rows))
    assert (report.new, report.rejected) == (190, [])
    unit = Business.objects.get(orgnr="925321141")
    assert (unit.email, unit.phone) == ("post@desintrygg.no", "+47 22 33 44 55")


def test_municipality_filter_loads_only_those_units(reference):
    _, report = run(SAMPLE_CSV, municipalities=["3203"])
    assert (report.read, report.new, report.skipped) == (190, 76, 114)
    assert set(Business.objects.values_list("municipality_id", flat=True)) == {"3203"}


def test_old_municipality_numbers_are_mapped_to_2024(reference, tmp_path):
    header, rows = sample_rows()
    rows = rows[:1]
    rows[0]["forretningsadresse.kommunenummer"] = "0219"
    run(write_csv(tmp_path / "old.csv", header, rows))
    assert Business.objects.get(orgnr="925321141").municipality_id == "3201"


def test_units_that_disappeared_or_carry_a_deletion_date_are_marked_deleted(reference, tmp_path):
    run(SAMPLE_CSV)
    header, rows = sample_rows()
    gone = rows.pop(0)["organisasjonsnummer"]  # 925321141 is no longer in the file
    rows[0]["slettedato"] = "2024-01-10"
    header = [*header, "slettedato"]
    before = dict(
        Business.objects.filter(orgnr__in=[gone, rows[0]["organisasjonsnummer"], rows[1]["organisasjonsnummer"]]).values_list(
            "orgnr", "updated"
        )
    )
    _, report = run(write_csv(tmp_path / "next.csv", header, rows))
    assert (report.read, report.updated, report.unchanged, report.deleted) == (189, 1, 188, 2)
    assert Business.objects.get(orgnr=gone).deleted == TODAY
    # Both ways of being deleted move the unit's change time (the open data API and exports read it); an
    # unchanged unit keeps its own.
    after = dict(Business.objects.filter(orgnr__in=before).values_list("orgnr", "updated"))
    assert after[gone] > before[gone]
    assert after[rows[0]["organisasjonsnummer"]] > before[rows[0]["organisasjonsnummer"]]
    assert after[rows[1]["organisasjonsnummer"]] == before[rows[1]["organisasjonsnummer"]]
    assert Business.objects.get(orgnr=rows[0]["organisasjonsnummer"]).deleted == datetime.date(2024, 1, 10)
    events = sorted(RegistryEvent.objects.values_list("orgnr", "kind", "date", "municipality"))
    assert events == sorted(
        [(gone, "deleted", TODAY, "3201"), (rows[0]["organisasjonsnummer"], "deleted", datetime.date(2024, 1, 10), "3201")]
    )
    # Once marked, a further run of the same file changes nothing.
    _, again = run(write_csv(tmp_path / "next.csv", header, rows))
    assert (again.updated, again.deleted) == (0, 0)


def test_changes_that_matter_to_the_municipality_become_registry_events(reference, tmp_path):
    run(SAMPLE_CSV)
    header, rows = sample_rows()
    by_orgnr = {row["organisasjonsnummer"]: row for row in rows}
    by_orgnr["925321141"] |= {"konkurs": "true", "konkursdato": "2024-01-05"}
    by_orgnr["812844822"] |= {"forretningsadresse.kommunenummer": "0301", "forretningsadresse.kommune": "OSLO"}
    by_orgnr["980878872"] |= {"naeringskode1.kode": "01.500", "navn": "CECILIE HASLUM GÅRD"}
    header = [*header, "konkursdato"]
    _, report = run(write_csv(tmp_path / "changed.csv", header, rows))
    assert (report.updated, report.unchanged) == (3, 187)
    # Each counted in the municipality the unit is registered in after the change; a move out where it was.
    events = sorted((e.orgnr, e.kind, e.data, e.municipality) for e in RegistryEvent.objects.all())
    assert events == [
        ("812844822", "moved_out", {"from": "3203", "to": "0301"}, "3203"),
        ("925321141", "bankrupt", {}, "3201"),
        ("980878872", "industry_changed", {"from": "01.420", "to": "01.500"}, "3201"),
        ("980878872", "name_changed", {"from": "CECILIE HASLUM", "to": "CECILIE HASLUM GÅRD"}, "3201"),
    ]
    assert Business.objects.get(orgnr="980878872").former_names == [{"name": "CECILIE HASLUM", "until": TODAY.isoformat()}]


def test_a_new_unit_after_the_first_import_is_an_event(reference, tmp_path):
    header, rows = sample_rows()
    run(write_csv(tmp_path / "first.csv", header, rows[1:]))
    assert RegistryEvent.objects.count() == 0  # the first load is not 189 "new" events
    run(write_csv(tmp_path / "second.csv", header, rows), mark_missing=False)
    assert list(RegistryEvent.objects.values_list("orgnr", "kind", "municipality")) == [("925321141", "new", "3201")]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("BÆRUM", "baerum"), ("baerum", "baerum"), ("Sørum", "sorum"), ("Soerum", "sorum"), ("Håvard  Ås", "havard as")],
)
def test_names_are_folded_for_search(text, folded):
    assert fold_for_search(text) == folded


def test_command_prints_rejections_and_the_summary(reference, tmp_path):
    header, rows = sample_rows()
    rows[0]["organisasjonsnummer"] = "925321142"
    path = write_csv(tmp_path / "file.csv", header, rows)
    out = StringIO()
    call_command("import_brreg", str(path), "--classification", "SN2007", stdout=out)
    assert out.getvalue().splitlines() == [
        "rejected line 2: invalid organisation number '925321142' (must be 9 digits with a valid MOD11 check digit)",
        f"{path} (csv, 3201, 3203): read 190, new 189, updated 0, unchanged 0, deleted 0, rejected 1, "
        "outside the municipalities 0.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/enheter.json.gz"], "Cannot read /nonexistent/enheter.json.gz: No such file or directory"),
        (
            [str(SAMPLE_CSV), "--municipality", "3025"],
            "--municipality: 3025 is an old municipality number; use 3203 (2024 numbering).",
        ),
        ([str(SAMPLE_CSV), "--municipality", "abcd"], "--municipality: 'abcd' is not a 4-digit municipality number."),
    ],
)
def test_command_refuses_bad_arguments_clearly(reference, args, message):
    with pytest.raises(CommandError, match=f"^{re.escape(message)}$"):
        call_command("import_brreg", *args)


def test_all_option_loads_units_outside_the_served_municipalities(reference, tmp_path):
    header, rows = sample_rows()
    rows = rows[:2]
    rows[0]["forretningsadresse.kommunenummer"] = "0301"
    path = write_csv(tmp_path / "oslo.csv", header, rows)
    call_command("import_brreg", str(path), "--all", "--classification", "SN2007", stdout=StringIO())
    assert sorted(Business.objects.values_list("municipality_id", flat=True)) == [
        "0301",
        rows[1]["forretningsadresse.kommunenummer"],
    ]


def test_establishments_load_with_their_parent_and_location(reference, tmp_path):
    from businesses.models import Establishment

    site = json.loads((API / "underenheter-details-response.json").read_text(encoding="utf-8"))
    site |= {"organisasjonsnummer": "974540193", "overordnetEnhet": "925321141"}
    site["beliggenhetsadresse"] = site["beliggenhetsadresse"] | {
        "kommunenummer": "3201",
        "kommune": "BÆRUM",
        "adresse": ["Sandviksveien 10", None, None],
    }
    path = tmp_path / "underenheter.json"
    path.write_text(json.dumps([site]), encoding="utf-8")
    _, report = run(path, version="SN2025")
    assert (report.read, report.new) == (1, 1)
    unit = Establishment.objects.get(orgnr="974540193")
    assert (unit.name, unit.parent_orgnr, unit.municipality_id, unit.address) == (
        "SESAM STASJON",
        "925321141",
        "3201",
        "Sandviksveien 10",
    )
    assert unit.postal_address == "c/o reder K. Rusing, Postboks 1752 Vika, 0122 OSLO"
    assert (unit.employees, unit.registered, unit.closed) == (50, datetime.date(2017, 10, 20), datetime.date(2018, 10, 20))
    assert unit.industry_codes == [{"code": "52.292", "description": "Skipsmegling"}]
    assert not Business.objects.exists()


def test_an_establishments_events_are_counted_in_no_municipality(reference, tmp_path):
    """The dashboard counts the events of main units per municipality: an establishment's carry none."""
    site = json.loads((API / "underenheter-details-response.json").read_text(encoding="utf-8"))
    site |= {"organisasjonsnummer": "974540193", "overordnetEnhet": "925321141"}
    site["beliggenhetsadresse"] = site["beliggenhetsadresse"] | {"kommunenummer": "3201", "kommune": "BÆRUM"}
    path = tmp_path / "underenheter.json"
    path.write_text(json.dumps([site]), encoding="utf-8")
    run(path, version="SN2025")
    path.write_text(json.dumps([site | {"navn": "SESAM STASJON SANDVIKA"}]), encoding="utf-8")
    run(path, version="SN2025")
    assert list(RegistryEvent.objects.values_list("orgnr", "kind", "municipality")) == [("974540193", "name_changed", "")]
