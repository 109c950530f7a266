"""Reading the bulk files at speed, and loading a national file into an empty registry."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from businesses import bulk
from businesses.bulk import BulkFile, BulkFileError
from businesses.models import Business
from businesses.services import registry as services
from businesses.services.registry import import_units
from tests.businesses.conftest import SAMPLE_JSON

# Places where "}, {" occurs inside a unit: in a string, and between the objects of a list.
AWKWARD = [
    {"organisasjonsnummer": "923609016", "navn": "EQUINOR }, { ASA", "aktivitet": ["a }, {", "b"]},
    {"organisasjonsnummer": "914778271", "navn": "REMA", "liste": [{"a": 1}, {"b": [{"c": "}, {"}, {}]}]},
    {"organisasjonsnummer": "974760673", "navn": "BÆRUM KOMMUNE", "tom": {}},
]


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("chunk_size", [7, 64, 1 << 22])
def test_json_units_are_read_whole_wherever_the_chunks_are_cut(tmp_path, monkeypatch, indent, chunk_size):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", chunk_size)
    path = tmp_path / "enheter.json.gz"
    path.write_bytes(gzip.compress(json.dumps(AWKWARD, ensure_ascii=False, indent=indent).encode()))
    with BulkFile(path) as file:
        rows = list(file.rows())
    assert [row.record for row in rows] == AWKWARD
    assert [row.location for row in rows] == ["record 1", "record 2", "record 3"]


def test_an_empty_array_has_no_units(tmp_path):
    path = tmp_path / "enheter.json"
    path.write_text(" [\n ]\n")
    with BulkFile(path) as file:
        assert list(file.rows()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[{"organisasjonsnummer": "923609016"},\n {"navn": tru}]',
            "unreadable JSON after record 1: the next unit is broken: Expecting value",
        ),
        (
            '[{"organisasjonsnummer": "923609016"}',
            "unreadable JSON after record 1: the file ends before the array does: it is cut off",
        ),
    ],
)
def test_broken_json_is_reported_with_where_it_broke(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content)
    with BulkFile(path) as file, pytest.raises(BulkFileError) as error:
        list(file.rows())
    assert str(error.value) == message


def test_a_truncated_gzip_file_is_reported(tmp_path):
    whole = gzip.compress(SAMPLE_JSON.read_bytes())
    path = tmp_path / "enheter.json.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with BulkFile(path) as file, pytest.raises(BulkFileError, match=r"^unreadable JSON at the start: "):
        list(file.rows())


def test_the_command_refuses_a_broken_file_and_keeps_nothing_in_an_empty_registry(reference, tmp_path):
    records = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    text = json.dumps(records, ensure_ascii=False)
    path = tmp_path / "broken.json"
    path.write_text(text[: len(text) - 200], encoding="utf-8")  # the last unit is cut off
    with pytest.raises(CommandError) as error:
        call_command("import_brreg", str(path), "--all", stdout=StringIO())
    assert str(error.value) == (
        f"{path} is broken: unreadable JSON after record 189: the next unit is broken: Unterminated string starting at. "
        "No unit was marked deleted."
    )
    assert Business.objects.count() == 0


def _indexes_and_foreign_keys() -> tuple[list, list]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'businesses_business' ORDER BY 1")
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'businesses_business'::regclass ORDER BY 1"
        )
        return indexes, cursor.fetchall()


def test_a_load_into_an_empty_table_builds_every_index_again(reference):
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are dropped and built again on PostgreSQL only (CI runs this on PostgreSQL)")
    before = _indexes_and_foreign_keys()
    assert len(before[0]) == 20  # the GIN, btree and pattern indexes of migrations 0001-0006, the dashboard's two of 0009
    with BulkFile(SAMPLE_JSON) as file:
        report = import_units(file.rows(), municipalities=None)
    assert (report.new, Business.objects.count()) == (190, 190)
    assert _indexes_and_foreign_keys() == before


def test_an_interrupted_load_into_an_empty_table_leaves_it_as_it_was(reference, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are dropped and built again on PostgreSQL only (CI runs this on PostgreSQL)")
    monkeypatch.setattr(services, "BATCH_SIZE", 50)
    before = _indexes_and_foreign_keys()
    written = []

    def rows_then_failure():
        with BulkFile(SAMPLE_JSON) as file:
            for number, row in enumerate(file.rows()):
                if number == 120:  # two batches of 50 have been written by now
                    written.append(Business.objects.count())
                    raise KeyboardInterrupt
                yield row

    with pytest.raises(KeyboardInterrupt):
        import_units(rows_then_failure(), municipalities=None)
    assert written == [100]
    assert Business.objects.count() == 0
    assert _indexes_and_foreign_keys() == before
