import csv
import io
from pathlib import Path

import pytest

from businesses.services.registry import load_reference_tables

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "brreg"
SAMPLE_CSV = DATA / "enheter_baerum_asker.csv"
SAMPLE_JSON = ROOT / "businesses" / "data" / "demo_enheter.json"  # the same 190 units in the JSON shape
API = DATA / "api"


@pytest.fixture
def reference(db):
    load_reference_tables()


def sample_rows() -> tuple[list[str], list[dict]]:
    with SAMPLE_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, quoting=csv.QUOTE_ALL, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
