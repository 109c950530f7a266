"""/bedrifter/: search, filters, sorting, pagination, exports and the business page."""

import csv
import datetime
import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from businesses.bulk import BulkFile
from businesses.models import RegistryEvent
from businesses.services.registry import import_units
from portal.models import ActivityLog
from tests.businesses.conftest import SAMPLE_JSON
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(reference):
    with BulkFile(SAMPLE_JSON) as bulk:
        import_units(bulk.rows(), municipalities=None, version="SN2007")


def names(response) -> list[str]:
    return [business.name for business in response.context["object_list"]]


def test_list_shows_the_served_municipalities_sorted_by_name(client, sample):
    response = client.get("/bedrifter/")
    assert response.status_code == 200
    assert response.context["paginator"].count == 190
    assert len(names(response)) == 25
    assert names(response) == sorted(names(response))


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("925321141", "DESINTRYGG AS"),
        ("925 321 141", "DESINTRYGG AS"),
        ("desintrygg", "DESINTRYGG AS"),
        ("Blomsterfrakt", "BLOMSTERFRAKT ØST AS"),
    ],
)
def test_search_finds_by_number_and_name(client, sample, query, expected_first):
    assert names(client.get("/bedrifter/", {"q": query}))[0] == expected_first


def test_search_handles_norwegian_letters_both_ways(client, sample):
    folded = set(names(client.get("/bedrifter/", {"q": "baerum"})))
    spelled = set(names(client.get("/bedrifter/", {"q": "BÆRUM"})))
    assert folded == spelled
    assert "BÆRUM PLAST AS" in folded
    assert "BTB BÆRUM TRANSPORTBYRÅ AS" in folded


def test_search_by_address_or_place(client, sample):
    assert "DESINTRYGG AS" in names(client.get("/bedrifter/", {"q": "Ola Valdris vei"}))
    assert "DESINTRYGG AS" in names(client.get("/bedrifter/", {"q": "Bekkestua"}))


def test_search_tolerates_a_typo_on_postgresql(client, sample):
    if connection.vendor != "postgresql":
        pytest.skip("typo tolerance uses pg_trgm; SQLite falls back to substring matching")
    assert names(client.get("/bedrifter/", {"q": "desintryg"}))[0] == "DESINTRYGG AS"
    assert names(client.get("/bedrifter/", {"q": "blomsterfrak øst"}))[0] == "BLOMSTERFRAKT ØST AS"


def test_filters_combine_and_stay_in_the_url(client, sample):
    response = client.get("/bedrifter/", {"municipality": "3203", "status": "liquidation"})
    assert names(response) == ["JNJ HOLDING AS"]
    assert response.context["querystring"] == "municipality=3203&status=liquidation"


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"municipality": "3201"}, 114),
        ({"municipality": "3203"}, 76),
        ({"organisation_form": "ENK"}, 68),
        ({"status": "active"}, 188),
        ({"status": "liquidation"}, 2),
        ({"status": "bankrupt"}, 0),
        ({"size": "unknown"}, 154),  # no figure in the register, which is not "no employees"
        ({"size": "0"}, 0),
        ({"registered_from": "2023-01-01", "registered_to": "2023-12-31"}, 22),
    ],
)
def test_filter_counts(client, sample, params, count):
    assert client.get("/bedrifter/", params).context["paginator"].count == count


def test_without_a_municipality_the_list_covers_the_served_ones(client, sample):
    BusinessFactory(orgnr="915623123", name="OSLOFIRMA AS", municipality__number="0301", municipality__name="Oslo")
    assert "OSLOFIRMA AS" not in names(client.get("/bedrifter/", {"q": "oslofirma"}))
    assert client.get("/bedrifter/").context["paginator"].count == 190


def test_section_filter_places_codes_of_either_vintage(client, reference):
    BusinessFactory(
        orgnr="925321141", name="VASKERIET SN2007", industry_division="81", industry_section="O", industry_version="SN2007"
    )
    BusinessFactory(
        orgnr="812844822", name="PROGRAMMERING AS", industry_division="62", industry_section="K", industry_version="SN2025"
    )
    assert names(client.get("/bedrifter/", {"section": "O"})) == ["VASKERIET SN2007"]
    assert names(client.get("/bedrifter/", {"section": "K"})) == ["PROGRAMMERING AS"]


def test_sorting_by_employees(client, sample):
    response = client.get("/bedrifter/", {"sort": "-employees", "municipality": "3201"})
    employees = [b.employees for b in response.context["object_list"] if b.employees is not None]
    assert employees == sorted(employees, reverse=True)


def test_pagination_keeps_the_filters(client, sample):
    response = client.get("/bedrifter/", {"municipality": "3201", "page": "2"})
    assert response.context["page_obj"].number == 2
    html = response.content.decode()
    assert 'href="?municipality=3201&amp;page=3" rel="next"' in html
    assert 'href="?municipality=3201&amp;page=1" rel="prev"' in html


@pytest.mark.parametrize(
    ("params", "panel_open"),
    [
        ({}, False),
        ({"page": "2"}, False),
        ({"q": "bærum"}, False),
        ({"q": "bærum", "page": "1", "municipality": ""}, False),
        ({"municipality": "3201", "page": "2"}, True),
        ({"sort": "-registered"}, True),
        ({"size": "huge"}, True),
    ],
)
def test_filter_panel_opens_only_for_its_own_fields(client, sample, params, panel_open):
    html = client.get("/bedrifter/", params).content.decode()
    assert ('<details class="ds-details" data-variant="tinted" id="filter-panel" open>' in html) is panel_open
    assert html.count('<details class="ds-details" data-variant="tinted" id="filter-panel"') == 1


@pytest.mark.parametrize(
    "params", [{"registered_from": "2020-13-01"}, {"size": "huge"}, {"sort": "password"}, {"municipality": "9999"}]
)
def test_bad_filter_values_give_400_with_the_reason(client, sample, params):
    response = client.get("/bedrifter/", params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_filter_form_marks_the_chosen_options_in_the_active_language(client, sample):
    english = client.get("/bedrifter/", {"status": "active", "size": "0"}, headers={"accept-language": "en"})
    html = english.content.decode()
    assert '<option value="active" selected>Active</option>' in html
    assert '<option value="0" selected>No employees</option>' in html
    assert '<option value="" selected>The portal&#x27;s municipalities</option>' in html
    form = html.split('class="filter-form"')[1].split("</form>")[0]
    assert form.count(" selected>") == 7  # one per select: the chosen value or the empty choice
    bokmal = client.get("/bedrifter/", {"status": "active"}).content.decode()
    assert '<option value="active" selected>Aktiv</option>' in bokmal


def test_page_out_of_range_is_404(client, sample):
    assert client.get("/bedrifter/", {"page": "99"}).status_code == 404
    assert client.get("/bedrifter/", {"page": "x"}).status_code == 404


def test_query_count_is_the_same_for_20_and_200_businesses(client, reference, django_assert_num_queries):
    for n in range(20):
        BusinessFactory(orgnr=f"{910000000 + n}", name=f"FIRMA {n:03} AS")
    from django.core.cache import cache

    cache.clear()
    # Cold cache: the reference tables' version, the count, the page of rows (municipality joined), and the
    # filter form's choices from the reference tables (municipalities, sections, divisions, organisation forms).
    with django_assert_num_queries(7):
        assert client.get("/bedrifter/", {"q": "firma"}).context["paginator"].count == 20
    for n in range(20, 200):
        BusinessFactory(orgnr=f"{910000000 + n}", name=f"FIRMA {n:03} AS")
    # Warm: the choices come from the cache, under the version read from the database.
    with django_assert_num_queries(3):
        assert client.get("/bedrifter/", {"q": "firma"}).context["paginator"].count == 200


def test_business_page_shows_register_facts_status_and_events(client, sample):
    RegistryEvent.objects.create(orgnr="930357987", kind="liquidation", date=datetime.date(2023, 12, 5), source="bulk")
    response = client.get("/bedrifter/930357987/", headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg">JNJ HOLDING AS</h1>' in html
    assert "Under liquidation since 5 Dec 2023." in html
    assert 'href="https://virksomhet.brreg.no/nb/oppslag/enheter/930357987"' in html
    assert (
        '<div class="ds-alert" data-color="warning"><p class="ds-paragraph">Under liquidation since 5 Dec 2023.</p></div>' in html
    )
    assert '<time datetime="2023-12-05">5 Dec 2023</time> <span>Under liquidation</span>' in html
    assert '<a class="ds-link" href="/bedrifter/930357987/" aria-current="page">JNJ HOLDING AS</a>' in html


@pytest.mark.parametrize("url", ["/bedrifter/123456789/", "/bedrifter/12345/", "/bedrifter/abcdefghi/"])
def test_unknown_or_malformed_organisation_number_is_404(client, sample, url):
    assert client.get(url).status_code == 404


def test_officer_exports_the_filtered_list_as_csv(client_for, sample):
    response = client_for("officer").get("/bedrifter/eksport.csv", {"municipality": "3203", "status": "liquidation"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bedrifter.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Organisasjonsnummer", "Navn", "Organisasjonsform"]
    assert [row[:3] for row in rows[1:]] == [["930357987", "JNJ HOLDING AS", "AS"]]
    entry = ActivityLog.objects.get(action="businesses.exported")
    assert entry.data == {"format": "csv", "filters": {"municipality": "3203", "status": "liquidation"}, "rows": 1}


def test_officer_exports_xlsx(client_for, sample):
    response = client_for("officer").get("/bedrifter/eksport.xlsx", {"municipality": "3203"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 77
    assert rows[0][0] == "Organisasjonsnummer"


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("owner", 403), ("politician", 403), ("council_member", 403), ("admin", 200)]
)
def test_only_officers_and_admins_export(client_for, sample, persona, status):
    assert client_for(persona).get("/bedrifter/eksport.csv").status_code == status


def test_business_page_lists_its_establishments_in_the_municipality(client, sample):
    from businesses.models import Establishment

    Establishment.objects.create(
        orgnr="974540193",
        name="DESINTRYGG AVD SANDVIKA",
        parent_orgnr="925321141",
        municipality_id="3201",
        address="Sandviksveien 10",
    )
    Establishment.objects.create(orgnr="812844822", name="DESINTRYGG AVD OSLO", parent_orgnr="925321141", municipality_id="0301")
    html = client.get("/bedrifter/925321141/").content.decode()
    assert "DESINTRYGG AVD SANDVIKA" in html
    assert "DESINTRYGG AVD OSLO" not in html


def test_a_very_long_list_is_counted_only_up_to_the_cap(client, sample, monkeypatch):
    from portal.pagination import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 100)
    response = client.get("/bedrifter/", headers={"accept-language": "en"})
    assert (response.context["paginator"].count, response.context["paginator"].count_capped) == (100, True)
    assert '<h2 class="ds-heading" data-size="sm" id="results-heading">More than 100 businesses</h2>' in response.content.decode()
    assert response.context["paginator"].num_pages == 4
    narrow = client.get("/bedrifter/", {"municipality": "3203", "status": "liquidation"})
    assert (narrow.context["paginator"].count, narrow.context["paginator"].count_capped) == (1, False)
