"""The Enhetsregisteret API client and the nightly sync, against recorded real responses."""

import copy
import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
import responses
from django.core.management import CommandError, call_command
from responses import matchers

from businesses.brreg import BrregClient, BrregError
from businesses.bulk import BulkFile
from businesses.models import Business, RegistryEvent, SyncState
from businesses.services.registry import import_units, sync_registry
from tests.businesses.conftest import API, SAMPLE_JSON

BASE = "https://data.brreg.no/enhetsregisteret/api"
FEEDS = Path(__file__).parent / "data"


def recorded(name: str) -> dict:
    return json.loads((API / f"{name}.json").read_text(encoding="utf-8"))


def feed(name: str) -> dict:
    return json.loads((FEEDS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def client():
    return BrregClient(BASE)


def test_unit_details(api, client):
    api.get(f"{BASE}/enheter/112233445", json=recorded("enheter-details-response"))
    unit = client.unit("112233445")
    assert unit["navn"] == "SESAM STASJON"
    assert unit["organisasjonsnummer"] == "112233445"


def test_deleted_unit_answers_with_a_stub(api, client):
    api.get(f"{BASE}/enheter/123456789", json=recorded("enheter-details-deleted-response"))
    unit = client.unit("123456789")
    assert (unit["navn"], unit["slettedato"]) == ("SLETTET ENHET AS", "2017-10-20")
    assert "forretningsadresse" not in unit


@pytest.mark.parametrize("status", [404, 410])
def test_unknown_or_gone_unit_is_none(api, client, status):
    api.get(f"{BASE}/enheter/974540193", status=status)
    assert client.unit("974540193") is None


def test_search_follows_the_pages(api, client):
    api.get(
        f"{BASE}/enheter",
        json=recorded("enheter-search-page1-response"),
        match=[matchers.query_param_matcher({"navn": "Sesam", "page": "0", "size": "2"})],
    )
    api.get(
        f"{BASE}/enheter",
        json=recorded("enheter-search-page2-response"),
        match=[matchers.query_param_matcher({"navn": "Sesam", "page": "1", "size": "2"})],
    )
    assert [unit["organisasjonsnummer"] for unit in client.search(navn="Sesam", size=2)] == [
        "976030788",
        "971497017",
        "988879134",
    ]


def test_empty_search_has_no_embedded_list(api, client):
    api.get(f"{BASE}/enheter", json=recorded("enheter-search-empty-response"))
    page = client.search_page(navn="jibberish")
    assert (page.units, page.total_units, page.total_pages) == ([], 0, 0)
    api.get(f"{BASE}/underenheter", json=recorded("underenheter-search-empty-response"))
    assert list(client.search(kind="underenheter", navn="jibberish")) == []


def test_establishment_search_and_details(api, client):
    api.get(f"{BASE}/underenheter", json=recorded("underenheter-search-response"))
    api.get(f"{BASE}/underenheter/776655441", json=recorded("underenheter-details-response"))
    assert [unit["organisasjonsnummer"] for unit in client.search(kind="underenheter", navn="x")] == ["334455660"]
    assert client.unit("776655441", kind="underenheter")["overordnetEnhet"] == "112233445"


def test_server_errors_and_garbage_raise_brreg_error(api, client):
    api.get(f"{BASE}/enheter/974540193", status=502)
    with pytest.raises(BrregError, match="HTTP 502"):
        client.unit("974540193")
    api.get(f"{BASE}/enheter/925321141", body="<html>maintenance</html>")
    with pytest.raises(BrregError, match="not JSON"):
        client.unit("925321141")


def feed_with_one_change(api, *, orgnr: str, change: str) -> None:
    """A sync that has read up to update 1 finds one more change, update 2, in the feed."""
    SyncState.objects.create(feed="enheter", last_update_id=1)
    item = {"oppdateringsid": 2, "dato": "2026-11-21T01:00:00.000Z", "organisasjonsnummer": orgnr, "endringstype": change}
    api.get(f"{BASE}/oppdateringer/enheter", json={"_embedded": {"oppdaterteEnheter": [item]}, "page": {"totalPages": 1}})


@pytest.fixture
def loaded(reference):
    with BulkFile(SAMPLE_JSON) as bulk:
        import_units(bulk.rows(), municipalities=None, version="SN2007")


def sample_record(orgnr: str) -> dict:
    return copy.deepcopy(
        next(r for r in json.loads(SAMPLE_JSON.read_text(encoding="utf-8")) if r["organisasjonsnummer"] == orgnr)
    )


def test_sync_applies_the_change_feed_and_records_events(api, client, loaded):
    api.get(
        f"{BASE}/oppdateringer/enheter",
        json=feed("oppdateringer-enheter-page0"),
        match=[matchers.query_param_matcher({"dato": "2026-11-20T00:00:00.000Z", "size": "500", "page": "0"})],
    )
    api.get(
        f"{BASE}/oppdateringer/enheter",
        json=feed("oppdateringer-enheter-page1"),
        match=[matchers.query_param_matcher({"dato": "2026-11-20T00:00:00.000Z", "size": "500", "page": "1"})],
    )
    bankrupt = sample_record("925321141") | {"konkurs": True, "konkursdato": "2026-11-20"}
    api.get(f"{BASE}/enheter/925321141", json=bankrupt)
    # A unit new to the register, in Asker: the recorded details with a real organisation number.
    newcomer = recorded("enheter-details-response") | {"organisasjonsnummer": "915623123", "navn": "NY BEDRIFT ASKER AS"}
    newcomer["forretningsadresse"] = newcomer["forretningsadresse"] | {"kommunenummer": "3203", "kommune": "ASKER"}
    api.get(f"{BASE}/enheter/915623123", json=newcomer)
    api.get(f"{BASE}/enheter/812844822", status=410)

    report = sync_registry(client, since=datetime.date(2026, 11, 20))

    assert (report.changes, report.new, report.updated, report.deleted, report.last_update_id) == (3, 1, 1, 1, 20112903)
    assert SyncState.objects.get(feed="enheter").last_update_id == 20112903
    assert Business.objects.get(orgnr="925321141").bankrupt_date == datetime.date(2026, 11, 20)
    new = Business.objects.get(orgnr="915623123")
    assert (new.name, new.municipality_id, new.industry_version) == ("NY BEDRIFT ASKER AS", "3203", "SN2025")
    assert Business.objects.get(orgnr="812844822").deleted == datetime.date(2026, 11, 21)
    assert sorted(RegistryEvent.objects.values_list("orgnr", "kind", "source", "municipality")) == [
        ("812844822", "deleted", "sync", "3203"),
        ("915623123", "new", "sync", "3203"),
        ("925321141", "bankrupt", "sync", "3201"),
    ]


def test_sync_resumes_after_the_last_seen_update_and_an_empty_feed_changes_nothing(api, client, loaded):
    SyncState.objects.create(feed="enheter", last_update_id=20112903)
    api.get(
        f"{BASE}/oppdateringer/enheter",
        json={"page": {"size": 500, "totalElements": 0, "totalPages": 0, "number": 0}},
        match=[matchers.query_param_matcher({"oppdateringsid": "20112904", "size": "500", "page": "0"})],
    )
    report = sync_registry(client)
    assert (report.changes, report.last_update_id) == (0, 20112903)
    assert RegistryEvent.objects.count() == 0


def test_a_deletion_stub_marks_the_unit_deleted_on_its_date(api, client, loaded):
    feed_with_one_change(api, orgnr="925321141", change="Sletting")
    api.get(f"{BASE}/enheter/925321141", json=recorded("enheter-details-deleted-response") | {"organisasjonsnummer": "925321141"})
    report = sync_registry(client)
    assert report.deleted == 1
    unit = Business.objects.get(orgnr="925321141")
    assert (unit.deleted, unit.address, unit.municipality_id) == (datetime.date(2017, 10, 20), "Ola Valdris vei 10B", "3201")


def test_units_outside_the_municipalities_are_not_loaded(api, client, loaded):
    feed_with_one_change(api, orgnr="915623123", change="Ny")
    oslo = recorded("enheter-details-response") | {"organisasjonsnummer": "915623123"}
    api.get(f"{BASE}/enheter/915623123", json=oslo)
    report = sync_registry(client)
    assert (report.new, report.skipped) == (0, 1)
    assert not Business.objects.filter(orgnr="915623123").exists()


def test_sync_command_reports_a_register_that_is_down(api, loaded, settings):
    settings.BRREG_API_URL = BASE
    api.get(f"{BASE}/oppdateringer/enheter", status=503)
    with pytest.raises(CommandError, match=r"^Enhetsregisteret did not answer as expected: .*HTTP 503$"):
        call_command("sync_brreg", "--kind", "enheter", stdout=StringIO())
