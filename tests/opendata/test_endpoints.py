"""Every endpoint of /api/v1/ with exact values from the fixture: what is public is there, field by field, and
what is not (internal meetings, drafts, unpublished minutes) is not found."""

import pytest

from tests.opendata.conftest import get_json

BASE = "http://testserver"


def test_business_list_is_the_served_municipalities_register_data(client, open_data):
    response, body = get_json(client, "/api/v1/businesses/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert [row["orgnr"] for row in body["results"]] == ["925321141", "911222333", "998877665"]  # by name
    assert body["results"][0] == {
        "orgnr": "925321141",
        "name": "DESINTRYGG AS",
        "organisation_form": "AS",
        "industry_code": "81.210",
        "industry_description": "Rengjøring av bygninger",
        "industry_section": "N",
        "industry_division": "81",
        "employees": 12,
        "address": "Industriveien 5",
        "postal_code": "1337",
        "postal_place": "SANDVIKA",
        "municipality": "3201",
        "municipality_name": "Bærum",
        "registered": "2015-03-02",
        "founded": "2015-02-20",
        "bankrupt": False,
        "under_liquidation": False,
        "under_forced_liquidation": False,
        "deleted": None,
        "url": f"{BASE}/bedrifter/925321141/",
    }


def test_a_sole_proprietorship_is_listed_with_its_register_data_but_not_its_address(client, open_data):
    """Its name is the owner's name and its business address is often their home: the address is left out."""
    _response, body = get_json(client, "/api/v1/businesses/?organisation_form=ENK")
    assert body["count"] == 1
    assert body["results"] == [
        {
            "orgnr": "998877665",
            "name": "HÅRSTUDIO ÅSA",
            "organisation_form": "ENK",
            "industry_code": "96.210",
            "industry_description": "Frisering og annen skjønnhetspleie",
            "industry_section": "S",
            "industry_division": "96",
            "employees": None,
            "address": None,
            "postal_code": None,
            "postal_place": None,
            "municipality": "3203",
            "municipality_name": "Asker",
            "registered": "2021-06-01",
            "founded": None,
            "bankrupt": False,
            "under_liquidation": False,
            "under_forced_liquidation": False,
            "deleted": None,
            "url": f"{BASE}/bedrifter/998877665/",
        }
    ]


def test_a_sole_proprietorships_detail_has_no_address_either(client, open_data):
    _response, body = get_json(client, "/api/v1/businesses/998877665/")
    assert (body["address"], body["postal_code"], body["postal_place"]) == (None, None, None)
    assert (body["name"], body["organisation_form_name"], body["municipality"]) == (
        "HÅRSTUDIO ÅSA",
        "Enkeltpersonforetak",
        "3203",
    )
    # Another organisation form at the same kind of address shows it.
    open_data.hairdresser.organisation_form_id = "AS"
    open_data.hairdresser.save()
    _response, body = get_json(client, "/api/v1/businesses/998877665/")
    assert (body["address"], body["postal_code"], body["postal_place"]) == ("Torget 1", "1383", "ASKER")


def test_business_detail_adds_codes_dates_and_the_register_link(client, open_data):
    response, body = get_json(client, "/api/v1/businesses/911222333/")
    assert response.status_code == 200
    assert body == {
        "orgnr": "911222333",
        "name": "GAMMEL BEDRIFT AS",
        "organisation_form": "AS",
        "industry_code": "62.010",
        "industry_description": "Programmeringstjenester",
        "industry_section": "J",
        "industry_division": "62",
        "employees": 0,
        "address": "",
        "postal_code": "",
        "postal_place": "",
        "municipality": "3201",
        "municipality_name": "Bærum",
        "registered": "2010-01-04",
        "founded": None,
        "bankrupt": True,
        "under_liquidation": False,
        "under_forced_liquidation": False,
        "deleted": None,
        "url": f"{BASE}/bedrifter/911222333/",
        "organisation_form_name": "Aksjeselskap",
        "industry_codes": [{"code": "62.010", "description": "Programmeringstjenester"}],
        "industry_version": "SN2007",
        "bankrupt_date": "2025-11-03",
        "under_liquidation_date": None,
        "register_url": "https://virksomhet.brreg.no/nb/oppslag/enheter/911222333",
    }


def test_a_business_outside_the_served_municipalities_has_a_detail_as_it_has_a_page(client, open_data):
    response, body = get_json(client, "/api/v1/businesses/922333444/")
    assert response.status_code == 200
    assert (body["name"], body["municipality"], body["municipality_name"]) == ("OSLO KONSULT AS", "0301", "Oslo")
    assert client.get("/bedrifter/922333444/").status_code == 200


@pytest.mark.parametrize(
    "url", ["businesses/123456789/", "businesses/abc/", "meetings/abc/", "meetings/99999999999999999999999/"]
)
def test_an_unknown_thing_is_404_in_json_in_the_readers_language(client, open_data, url):
    response, body = get_json(client, f"/api/v1/{url}")
    assert (response.status_code, response["Content-Type"], body) == (404, "application/json", {"detail": "Ikke funnet."})
    _response, body = get_json(client, f"/api/v1/{url}", accept_language="en")
    assert body == {"detail": "Not found."}


def test_meeting_list_holds_the_public_meetings_only(client, open_data):
    response, body = get_json(client, "/api/v1/meetings/")
    assert response.status_code == 200
    assert body["count"] == 3
    published, unpublished, other = body["results"]
    assert published == {
        "id": open_data.published.pk,
        "title": "Dialogmøte 1/2026",
        "starts_at": "2026-03-10T14:00:00+01:00",
        "ends_at": "2026-03-10T16:00:00+01:00",
        "place": "Rådhuset, Sandvika",
        "state": "minutes_published",
        "series": "Dialogmøte næringsråd–kommunedirektør",
        "minutes_published_at": "2026-03-12T09:00:00+01:00",
        "url": f"{BASE}/moter/{open_data.published.pk}/",
    }
    assert (unpublished["title"], unpublished["state"], unpublished["minutes_published_at"]) == (
        "Dialogmøte 2/2026",
        "held",
        None,
    )
    # A public meeting of an internal series: the meeting is public, the series' name is not.
    assert (other["title"], other["series"], other["state"]) == ("Åpent møte om næringsareal", None, "planned")


def test_meeting_detail_has_the_public_minutes_without_internal_items_or_owners(client, open_data):
    response, body = get_json(client, f"/api/v1/meetings/{open_data.published.pk}/")
    assert response.status_code == 200
    assert body["minutes"] == {
        "published_at": "2026-03-12T09:00:00+01:00",
        "agenda_items": [
            {
                "position": 1,
                "title": "Nytt næringsareal på Fornebu",
                "decision": "Kommunedirektøren legger fram en sak om arealet innen juni.",
            }
        ],
        "action_points": [
            {"title": "Sende referatet til næringsrådet", "agenda_item": None, "due_date": "2026-03-20", "status": "done"},
            {"title": "Utrede tomt på Fornebu", "agenda_item": 1, "due_date": "2026-06-01", "status": "in_progress"},
        ],
    }


def test_minutes_not_yet_published_are_null(client, open_data):
    _response, body = get_json(client, f"/api/v1/meetings/{open_data.unpublished.pk}/")
    assert body["state"] == "held"
    assert body["minutes"] is None


def test_an_internal_meeting_is_not_found_as_if_it_did_not_exist(client, open_data):
    response, body = get_json(client, f"/api/v1/meetings/{open_data.internal.pk}/")
    assert (response.status_code, body) == (404, {"detail": "Ikke funnet."})


def test_plan_list_leaves_drafts_out(client, open_data):
    _response, body = get_json(client, "/api/v1/plans/")
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": open_data.plan.pk,
        "title": "Strategisk næringsplan for Bærum",
        "summary": "Flere arbeidsplasser i Bærum.",
        "owner_kind": "municipality",
        "owner_name": "Bærum kommune",
        "municipalities": ["3201"],
        "start_year": 2024,
        "end_year": 2028,
        "state": "adopted",
        "decided_by": "Kommunestyret",
        "decided_on": "2024-06-19",
        "case_number": "24/1234",
        "version": 1,
        "previous": None,
        "url": f"{BASE}/strategi/{open_data.plan.pk}/",
    }


def test_plan_detail_rolls_progress_up_as_the_plan_page_does(client, open_data):
    _response, body = get_json(client, f"/api/v1/plans/{open_data.plan.pk}/")
    first, second, cancelled = open_data.measures
    assert body["progress"] == "80.0"  # (40 × 1 + 100 × 2) / 3; the area with only a cancelled measure is left out
    skills, land = body["focus_areas"]
    assert (skills["title"], skills["progress"], land["title"], land["progress"]) == ("Kompetanse", "80.0", "Areal", None)
    goal = skills["goals"][0]
    assert (goal["title"], goal["progress"], goal["weight"]) == ("Flere læreplasser", "80.0", "1.00")
    assert goal["measures"][0] == {
        "id": first.pk,
        "parent": None,
        "code": "1.1.1",
        "title": "Lærlingeløft",
        "description": "",
        "responsible_kind": "municipality",
        "responsible_name": "Næringsavdelingen",
        "responsible_orgnr": "",
        "start": "2024-09-01",
        "deadline": "2026-12-31",
        "budget": "500000",
        "state": "in_progress",
        "progress": 40,
        "weight": "1.00",
        "rolled_up_progress": "40.0",
    }
    assert [(m["title"], m["state"], m["rolled_up_progress"]) for m in goal["measures"]] == [
        ("Lærlingeløft", "in_progress", "40.0"),
        ("Bedriftsbesøk", "done", "100.0"),
    ]
    assert land["goals"][0]["measures"][0]["state"] == "cancelled"
    assert (land["goals"][0]["measures"][0]["id"], second.pk != cancelled.pk) == (cancelled.pk, True)


def test_a_revision_made_from_a_draft_does_not_name_it(client, open_data):
    open_data.plan.previous = open_data.draft_plan
    open_data.plan.save()
    assert get_json(client, f"/api/v1/plans/{open_data.plan.pk}/")[1]["previous"] is None
    assert get_json(client, "/api/v1/plans/")[1]["results"][0]["previous"] is None
    open_data.draft_plan.state = "archived"
    open_data.draft_plan.save()
    assert get_json(client, f"/api/v1/plans/{open_data.plan.pk}/")[1]["previous"] == open_data.draft_plan.pk


def test_a_draft_plan_and_its_measures_are_not_found(client, open_data):
    assert client.get(f"/api/v1/plans/{open_data.draft_plan.pk}/").status_code == 404
    draft_measure = open_data.draft_plan.focus_areas.get().goals.get().measures.get()
    assert client.get(f"/api/v1/measures/{draft_measure.pk}/").status_code == 404


def test_measure_list_is_the_action_programme_as_rows(client, open_data):
    _response, body = get_json(client, "/api/v1/measures/")
    assert body["count"] == 3
    first = open_data.measures[0]
    assert body["results"][0] == {
        "id": first.pk,
        "plan": open_data.plan.pk,
        "plan_title": "Strategisk næringsplan for Bærum",
        "focus_area": "Kompetanse",
        "goal": "Flere læreplasser",
        "parent": None,
        "code": "1.1.1",
        "title": "Lærlingeløft",
        "responsible_kind": "municipality",
        "responsible_name": "Næringsavdelingen",
        "responsible_orgnr": "",
        "start": "2024-09-01",
        "deadline": "2026-12-31",
        "budget": "500000",
        "state": "in_progress",
        "progress": 40,
        "url": f"{BASE}/strategi/tiltak/{first.pk}/",
    }
    assert [row["title"] for row in body["results"]] == ["Lærlingeløft", "Bedriftsbesøk", "Kartlegge tomter"]


def test_notice_list_newest_first_with_a_passed_deadline_as_expired(client, open_data):
    _response, body = get_json(client, "/api/v1/notices/")
    assert [(row["doffin_id"], row["status"]) for row in body["results"]] == [
        ("2026-100001", "ACTIVE"),
        ("2025-200003", "EXPIRED"),
        ("2025-200002", "AWARDED"),
    ]
    assert body["results"][0] == {
        "doffin_id": "2026-100001",
        "heading": "Renhold av skoler og barnehager",
        "type": "ANNOUNCEMENT_OF_COMPETITION",
        "status": "ACTIVE",
        "published_on": "2026-05-04",
        "deadline": "2030-06-01T12:00:00+02:00",
        "estimated_value": "48000000.00",
        "currency": "NOK",
        "buyer_name": "Bærum kommune",
        "buyer_orgnr": "935478715",
        "main_cpv": "90910000",
        "url": f"{BASE}/anskaffelser/kunngjoringer/2026-100001/",
        "doffin_url": "https://doffin.no/notices/2026-100001",
        "demo": False,
    }
    # The demo's invented notices say so, as their pages do.
    assert [row["demo"] for row in body["results"]] == [False, True, False]


def test_notice_detail_has_buyers_lots_and_winners(client, open_data):
    _response, body = get_json(client, "/api/v1/notices/2025-200002/")
    assert body["cpv_codes"] == ["72514000"]
    assert body["all_types"] == ["ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "RESULT"]
    assert body["buyers"] == [{"orgnr": "935478715", "name": "Bærum kommune"}]
    assert body["lots"] == [
        {"heading": "Delkontrakt 1", "description": "", "winners": [{"orgnr": "925321141", "name": "DESINTRYGG AS"}]}
    ]
    assert (body["location_ids"], body["received_tenders"], body["issued_at"]) == (["NO081"], None, None)


def test_procurement_plans_are_the_published_ones_with_their_items(client, open_data):
    _response, body = get_json(client, "/api/v1/procurement-plans/")
    plan = open_data.procurement_plan
    assert body["results"] == [
        {
            "id": plan.pk,
            "title": "Anskaffelsesplan 2027",
            "buyer_name": "Bærum kommune",
            "buyer_orgnr": "935478715",
            "year": 2027,
            "item_count": 1,  # the cancelled one is not counted
            "url": f"{BASE}/anskaffelser/planer/{plan.pk}/",
        }
    ]
    _response, detail = get_json(client, f"/api/v1/procurement-plans/{plan.pk}/")
    assert detail["introduction"] == "Det vi skal kjøpe i 2027."
    cleaning, canteen = detail["items"]  # the scheduled one first, then the one without a date
    assert cleaning == {
        "id": cleaning["id"],
        "title": "Renhold av skoler og barnehager",
        "description": "Daglig renhold av skoler og barnehager.",
        "cpv_codes": ["90910000"],
        "estimated_value": "48000000.00",
        "planned_announcement": "2027-03-01",
        "market_dialogue_planned": True,
        "state": "planned",
        "doffin_id": "",
        "url": f"{BASE}/anskaffelser/punkter/{cleaning['id']}/",
    }
    assert (canteen["title"], canteen["state"], canteen["planned_announcement"]) == ("Kantinedrift", "cancelled", None)


def test_a_draft_procurement_plan_and_its_items_are_not_found(client, open_data):
    draft = open_data.draft_procurement_plan
    assert client.get(f"/api/v1/procurement-plans/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/planned-procurements/{draft.items.get().pk}/").status_code == 404
    _response, body = get_json(client, "/api/v1/planned-procurements/")
    assert [(row["title"], row["plan_title"], row["year"]) for row in body["results"]] == [
        ("Renhold av skoler og barnehager", "Anskaffelsesplan 2027", 2027),
        ("Kantinedrift", "Anskaffelsesplan 2027", 2027),
    ]


def test_the_api_only_reads(client, open_data):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/businesses/", data={}, content_type="application/json")
        assert response.status_code == 405, method


def test_each_list_and_detail_runs_a_fixed_number_of_queries(client, open_data, django_assert_max_num_queries):
    # The count with the latest change (Last-Modified), the page, a prefetch or two: never a query per row.
    urls = {
        "/api/v1/businesses/": 3,  # + the reference tables' version, for the filter's cached choices
        "/api/v1/meetings/": 2,
        "/api/v1/plans/": 3,
        "/api/v1/measures/": 2,
        "/api/v1/notices/": 2,
        "/api/v1/procurement-plans/": 2,
        "/api/v1/planned-procurements/": 2,
        "/api/v1/businesses/925321141/": 1,
        f"/api/v1/meetings/{open_data.published.pk}/": 3,
        f"/api/v1/plans/{open_data.plan.pk}/": 5,
        f"/api/v1/measures/{open_data.measures[0].pk}/": 1,
        "/api/v1/notices/2025-200002/": 5,
        f"/api/v1/procurement-plans/{open_data.procurement_plan.pk}/": 2,
    }
    for url, queries in urls.items():
        client.get(url)  # the filters' choices are cached after the first request
        with django_assert_max_num_queries(queries):
            assert client.get(url).status_code == 200, url
