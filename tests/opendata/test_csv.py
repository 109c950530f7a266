"""CSV exports: the whole filtered list, streamed, UTF-8 with the JSON list's columns."""

import csv
import io

import pytest

LISTS = ["businesses", "meetings", "plans", "measures", "notices", "procurement-plans", "planned-procurements"]


def read_csv(response) -> tuple[list[str], list[dict]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_business_csv_has_the_json_columns_and_values(client, open_data):
    response = client.get("/api/v1/businesses/?format=csv")
    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="bedrifter.csv"'
    header, rows = read_csv(response)
    assert header == list(client.get("/api/v1/businesses/").json()["results"][0])
    assert rows[0] == {
        "orgnr": "925321141",
        "name": "DESINTRYGG AS",
        "organisation_form": "AS",
        "industry_code": "81.210",
        "industry_description": "Rengjøring av bygninger",
        "industry_section": "N",
        "industry_division": "81",
        "employees": "12",
        "address": "Industriveien 5",
        "postal_code": "1337",
        "postal_place": "SANDVIKA",
        "municipality": "3201",
        "municipality_name": "Bærum",
        "registered": "2015-03-02",
        "founded": "2015-02-20",
        "bankrupt": "false",
        "under_liquidation": "false",
        "under_forced_liquidation": "false",
        "deleted": "",
        "url": "http://testserver/bedrifter/925321141/",
    }
    assert [(row["name"], row["employees"]) for row in rows] == [
        ("DESINTRYGG AS", "12"),
        ("GAMMEL BEDRIFT AS", "0"),
        ("HÅRSTUDIO ÅSA", ""),
    ]
    # A sole proprietorship without its address.
    assert rows[2] == {
        "orgnr": "998877665",
        "name": "HÅRSTUDIO ÅSA",
        "organisation_form": "ENK",
        "industry_code": "96.210",
        "industry_description": "Frisering og annen skjønnhetspleie",
        "industry_section": "S",
        "industry_division": "96",
        "employees": "",
        "address": "",
        "postal_code": "",
        "postal_place": "",
        "municipality": "3203",
        "municipality_name": "Asker",
        "registered": "2021-06-01",
        "founded": "",
        "bankrupt": "false",
        "under_liquidation": "false",
        "under_forced_liquidation": "false",
        "deleted": "",
        "url": "http://testserver/bedrifter/998877665/",
    }


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_a_csv_with_the_same_rows_as_its_json(client, open_data, name):
    results = client.get(f"/api/v1/{name}/").json()["results"]
    header, rows = read_csv(client.get(f"/api/v1/{name}.csv"))
    assert header == list(results[0])
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        for column, value in result.items():
            if isinstance(value, list):
                assert row[column] == ", ".join(value)
            elif isinstance(value, bool):
                assert row[column] == str(value).lower()
            else:
                assert row[column] == ("" if value is None else str(value))


def test_csv_takes_the_same_filters_and_is_not_paged(client, open_data):
    from businesses.models import Business

    Business.objects.bulk_create(
        Business(orgnr=f"{940000000 + n}", name=f"SMÅ {n:03d} AS", municipality_id="3203", employees=2) for n in range(60)
    )
    _header, rows = read_csv(client.get("/api/v1/businesses/?format=csv&municipality=3203&size=1-4"))
    assert len(rows) == 60  # more than a page of 50
    assert {row["municipality_name"] for row in rows} == {"Asker"}


def test_a_list_of_values_is_one_cell(client, open_data):
    _header, rows = read_csv(client.get("/api/v1/plans/?format=csv"))
    assert rows[0]["municipalities"] == "3201"
    _header, rows = read_csv(client.get("/api/v1/planned-procurements/?format=csv"))
    assert [row["cpv_codes"] for row in rows] == ["90910000", "55512000"]


def test_csv_by_accept_header(client, open_data):
    response = client.get("/api/v1/meetings/", headers={"Accept": "text/csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    _header, rows = read_csv(response)
    assert [row["title"] for row in rows] == ["Dialogmøte 1/2026", "Dialogmøte 2/2026", "Åpent møte om næringsareal"]


def test_a_detail_has_no_csv(client, open_data):
    assert client.get("/api/v1/businesses/925321141/?format=csv").status_code == 404
    assert client.get("/api/v1/businesses/925321141.csv").status_code == 404
    assert client.get("/api/v1/businesses/925321141.json").json()["name"] == "DESINTRYGG AS"
    assert client.get("/api/v1/businesses/?format=xml").status_code == 404
