"""Paging and filtering of the lists: the pages' own filters, and a bad value as a 400 with a clear JSON message."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from businesses.models import Business
from tests.opendata.conftest import get_json


@pytest.fixture
def many_businesses(open_data):
    Business.objects.bulk_create(
        Business(orgnr=f"{930000000 + n}", name=f"BEDRIFT {n:03d} AS", search_name=f"bedrift {n:03d} as", municipality_id="3201")
        for n in range(120)
    )


def names(body):
    return [row["name"] for row in body["results"]]


def test_pages_of_fifty_with_links_to_the_next_and_previous(client, many_businesses):
    _response, first = get_json(client, "/api/v1/businesses/")
    assert (first["count"], len(first["results"]), first["previous"]) == (123, 50, None)
    assert first["next"] == "http://testserver/api/v1/businesses/?page=2"
    assert names(first)[:2] == ["BEDRIFT 000 AS", "BEDRIFT 001 AS"]
    _response, last = get_json(client, "/api/v1/businesses/?page=3")
    assert (len(last["results"]), last["next"], last["previous"]) == (23, None, "http://testserver/api/v1/businesses/?page=2")
    assert names(last)[-3:] == ["DESINTRYGG AS", "GAMMEL BEDRIFT AS", "HÅRSTUDIO ÅSA"]


def test_page_size_is_chosen_up_to_the_maximum(client, many_businesses):
    _response, body = get_json(client, "/api/v1/businesses/?page_size=7&page=2")
    assert names(body) == [f"BEDRIFT {n:03d} AS" for n in range(7, 14)]
    assert body["next"] == "http://testserver/api/v1/businesses/?page=3&page_size=7"
    _response, body = get_json(client, "/api/v1/businesses/?page_size=100000")
    assert len(body["results"]) == 123  # cut to 500, and there are 123


@pytest.mark.parametrize("page", ["5", "0", "-1", "x"])
def test_a_page_past_the_end_or_not_a_page_is_404_with_a_message(client, many_businesses, page):
    response, body = get_json(client, f"/api/v1/businesses/?page={page}", accept_language="en")
    assert (response.status_code, body) == (404, {"detail": "Invalid page."})


def test_a_page_size_that_is_no_number_falls_back_to_the_default(client, many_businesses):
    _response, body = get_json(client, "/api/v1/businesses/?page_size=many")
    assert len(body["results"]) == 50


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=3203", ["HÅRSTUDIO ÅSA"]),
        ("section=N", ["DESINTRYGG AS"]),
        ("division=62", ["GAMMEL BEDRIFT AS"]),
        ("organisation_form=ENK", ["HÅRSTUDIO ÅSA"]),
        ("status=bankrupt", ["GAMMEL BEDRIFT AS"]),
        ("status=active", ["DESINTRYGG AS", "HÅRSTUDIO ÅSA"]),
        ("size=10-49", ["DESINTRYGG AS"]),
        ("size=unknown", ["HÅRSTUDIO ÅSA"]),
        ("registered_from=2015-01-01&registered_to=2020-12-31", ["DESINTRYGG AS"]),
        ("sort=-registered", ["HÅRSTUDIO ÅSA", "DESINTRYGG AS", "GAMMEL BEDRIFT AS"]),
        ("municipality=3201&sort=employees", ["GAMMEL BEDRIFT AS", "DESINTRYGG AS"]),
        ("q=925321141", ["DESINTRYGG AS"]),
        ("q=desintrygg", ["DESINTRYGG AS"]),
    ],
)
def test_business_filters_are_the_registry_pages(client, open_data, query, expected):
    response, body = get_json(client, f"/api/v1/businesses/?{query}")
    assert response.status_code == 200, body
    assert names(body) == expected
    # The same query on the registry page finds the same businesses.
    page = client.get(f"/bedrifter/?{query}")
    assert [business.name for business in page.context["object_list"]] == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("size=huge", "size", "Select a valid choice. huge is not one of the available choices."),
        ("municipality=0301", "municipality", "Select a valid choice. 0301 is not one of the available choices."),
        ("registered_from=2026-02-30", "registered_from", "Enter a valid date."),
        ("sort=email", "sort", "Select a valid choice. email is not one of the available choices."),
        ("q=a%00b", "q", "Null characters are not allowed."),
    ],
)
def test_a_bad_filter_value_is_400_naming_the_parameter(client, open_data, query, field, message):
    response, body = get_json(client, f"/api/v1/businesses/?{query}", accept_language="en")
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert body == {"detail": "A query parameter has a value that cannot be used.", "errors": {field: [message]}}


def test_the_error_is_in_the_readers_language(client, open_data):
    _response, body = get_json(client, "/api/v1/businesses/?size=huge")
    assert body == {
        "detail": "En parameter i adressen har en verdi som ikke kan brukes.",
        "errors": {"size": ["Velg et gyldig valg. huge er ikke et av de tilgjengelige valgene."]},
    }


def test_a_bad_filter_on_a_csv_export_is_still_a_json_400(client, open_data):
    response = client.get("/api/v1/businesses/?format=csv&size=huge")
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json()["errors"] == {"size": ["Velg et gyldig valg. huge er ikke et av de tilgjengelige valgene."]}


def test_the_filters_take_todays_choices_after_the_description_is_made(client, open_data):
    """Making the OpenAPI description reads the filters; a request after it still has the choices of its own."""
    SchemaGenerator().get_schema(request=None, public=True)
    response, body = get_json(client, "/api/v1/businesses/?organisation_form=ENK&section=S&municipality=3203&division=96")
    assert (response.status_code, names(body)) == (200, ["HÅRSTUDIO ÅSA"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The status as the rows show it, as on the notice list: the snow clearing's deadline has passed.
        ("status=ACTIVE", ["2026-100001"]),
        ("status=EXPIRED", ["2025-200003"]),
        ("type=RESULT", ["2025-200002"]),
        ("cpv=90000000", ["2026-100001", "2025-200003"]),  # a parent code finds its children
        ("cpv=72514000-5", ["2025-200002"]),
        ("buyer=944382038", ["2025-200003"]),
        ("value_from=2000000", ["2026-100001"]),
        ("deadline_from=2030-06-01&deadline_to=2030-06-01", ["2026-100001"]),
        ("q=brøyting", ["2025-200003"]),
        ("sort=value", ["2026-100001", "2025-200002", "2025-200003"]),
        ("closing=true", []),
        ("served=true", ["2026-100001", "2025-200003", "2025-200002"]),
    ],
)
def test_notice_filters_are_the_notice_pages(client, open_data, query, expected):
    response, body = get_json(client, f"/api/v1/notices/?{query}")
    assert response.status_code == 200, body
    assert [row["doffin_id"] for row in body["results"]] == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [("cpv=123", "cpv"), ("buyer=123456789", "buyer"), ("value_from=-5", "value_from"), ("type=NOPE", "type")],
)
def test_a_bad_notice_filter_is_400(client, open_data, query, field):
    response, body = get_json(client, f"/api/v1/notices/?{query}")
    assert response.status_code == 400
    assert list(body["errors"]) == [field]


def test_meeting_filters(client, open_data):
    def titles(query):
        return [row["title"] for row in get_json(client, f"/api/v1/meetings/?{query}")[1]["results"]]

    assert titles("minutes=true") == ["Dialogmøte 1/2026"]
    assert titles("minutes=false") == ["Dialogmøte 2/2026", "Åpent møte om næringsareal"]
    assert titles("state=planned") == ["Åpent møte om næringsareal"]
    assert titles("starts_from=2026-06-01&starts_to=2026-06-30") == ["Dialogmøte 2/2026"]
    response, body = get_json(client, "/api/v1/meetings/?starts_from=someday&state=secret")
    assert (response.status_code, sorted(body["errors"])) == (400, ["starts_from", "state"])


def test_plan_and_measure_filters(client, open_data):
    _response, body = get_json(client, "/api/v1/plans/?q=Bærum&state=adopted")
    assert [row["title"] for row in body["results"]] == ["Strategisk næringsplan for Bærum"]
    # A draft is no choice: asking for drafts is a bad value, not an empty list that says they exist.
    response, body = get_json(client, "/api/v1/plans/?state=draft")
    assert (response.status_code, list(body["errors"])) == (400, ["state"])
    _response, body = get_json(client, f"/api/v1/measures/?plan={open_data.plan.pk}&state=done")
    assert [row["title"] for row in body["results"]] == ["Bedriftsbesøk"]
    _response, body = get_json(client, f"/api/v1/measures/?plan={open_data.draft_plan.pk}")
    assert body["count"] == 0
    for bad in ("plan=1.5", "plan=0", "plan=99999999999999999999999", "state=nope"):
        response, body = get_json(client, f"/api/v1/measures/?{bad}")
        assert response.status_code == 400, bad


def test_procurement_filters(client, open_data):
    _response, body = get_json(client, "/api/v1/procurement-plans/?year=2027&buyer=935478715")
    assert [row["title"] for row in body["results"]] == ["Anskaffelsesplan 2027"]
    _response, body = get_json(client, "/api/v1/procurement-plans/?year=2028")
    assert body["count"] == 0  # the draft of 2028 is not public
    _response, body = get_json(client, "/api/v1/planned-procurements/?state=cancelled")
    assert [row["title"] for row in body["results"]] == ["Kantinedrift"]
    response, body = get_json(client, "/api/v1/procurement-plans/?year=1066")
    assert (response.status_code, list(body["errors"])) == (400, ["year"])


def test_dates_of_meetings_are_filtered_in_norwegian_time(client, open_data):
    open_data.in_internal_series.starts_at = datetime.datetime(2026, 9, 1, 23, 30, tzinfo=datetime.UTC)  # 1:30 on 2 Sep
    open_data.in_internal_series.ends_at = open_data.in_internal_series.starts_at + datetime.timedelta(hours=1)
    open_data.in_internal_series.save()
    _response, body = get_json(client, "/api/v1/meetings/?starts_from=2026-09-02&starts_to=2026-09-02")
    assert [row["title"] for row in body["results"]] == ["Åpent møte om næringsareal"]
