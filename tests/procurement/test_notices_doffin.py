"""The Doffin search client on recorded responses (built from real hits), and the nightly mirror."""

import datetime
import json

import pytest
import responses
from responses import matchers

from procurement.doffin import DoffinClient, DoffinError, DoffinParameterError, DoffinResponseError, validate_parameters
from procurement.models import DoffinSync, Notice
from procurement.services.notices import sync_from_doffin
from tests.procurement.factories_notices import DOFFIN_DATA, make_hit, real_hits, search_page

BASE = "https://api.doffin.test/public/v2"
KEY = "test-key"


def recorded(name: str) -> dict:
    return json.loads((DOFFIN_DATA / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def client():
    return DoffinClient(BASE, KEY, sleep=lambda seconds: None, page_size=2)


def query(**params) -> list:
    return [
        matchers.query_param_matcher({k: v for k, v in params.items()}),
        matchers.header_matcher({"Ocp-Apim-Subscription-Key": KEY}),
    ]


# --- parameters ---


def test_parameters_are_checked_and_sent_as_the_api_names_them():
    assert validate_parameters(
        {
            "numHitsPerPage": 100,
            "page": 1,
            "sortBy": "PUBLICATION_DATE_DESC",
            "searchString": "renhold",
            "type": ["ANNOUNCEMENT_OF_COMPETITION", "RESULT"],
            "status": "ACTIVE",
            "cpvCode": ["72000000-5", "90910000"],
            "location": ["NO081", "anyw"],
            "issueDateFrom": datetime.date(2026, 7, 1),
            "issueDateTo": "2026-07-31",
        }
    ) == {
        "numHitsPerPage": "100",
        "page": "1",
        "sortBy": "PUBLICATION_DATE_DESC",
        "searchString": "renhold",
        "type": ["ANNOUNCEMENT_OF_COMPETITION", "RESULT"],
        "status": ["ACTIVE"],
        "cpvCode": ["72000000", "90910000"],
        "location": ["NO081", "anyw"],
        "issueDateFrom": "2026-07-01",
        "issueDateTo": "2026-07-31",
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"buyer": "935478715"}, "Unknown Doffin search parameter 'buyer'"),
        ({"publicationDateFrom": "2026-07-01"}, "Unknown Doffin search parameter 'publicationDateFrom'"),
        ({"estimatedValueFrom": 100000}, "Unknown Doffin search parameter 'estimatedValueFrom'"),
        ({"numHitsPerPage": 101}, "Bad value for Doffin search parameter 'numHitsPerPage': 101."),
        ({"numHitsPerPage": 0}, "Bad value for Doffin search parameter 'numHitsPerPage': 0."),
        ({"page": 0}, "Bad value for Doffin search parameter 'page': 0."),
        ({"sortBy": "DEADLINE_DESC"}, "Bad value for Doffin search parameter 'sortBy': 'DEADLINE_DESC'."),
        ({"type": ["CONTRACT"]}, "Bad value for Doffin search parameter 'type': 'CONTRACT'."),
        ({"status": "OPEN"}, "Bad value for Doffin search parameter 'status': 'OPEN'."),
        ({"cpvCode": "7200"}, "Bad value for Doffin search parameter 'cpvCode': '7200'."),
        ({"location": "Bærum"}, "Bad value for Doffin search parameter 'location': 'Bærum'."),
        ({"issueDateFrom": "01.07.2026"}, "Bad value for Doffin search parameter 'issueDateFrom': '01.07.2026'."),
        ({"issueDateTo": "2026-02-30"}, "Bad value for Doffin search parameter 'issueDateTo': '2026-02-30'."),
        ({"sortBy": ["RELEVANCE", "DEADLINE"]}, "Doffin search parameter 'sortBy' takes one value, not 2."),
        ({"issueDateFrom": "2026-08-01", "issueDateTo": "2026-07-01"}, "issueDateFrom is after issueDateTo."),
    ],
)
def test_unknown_parameters_and_bad_values_are_refused_before_any_request(api, client, params, message):
    with pytest.raises(DoffinParameterError) as error:
        list(client.search(**params))
    assert str(error.value).startswith(message)


# --- pages ---


def test_one_page_with_the_subscription_key(api, client):
    api.get(f"{BASE}/search", json=recorded("search-page-all"), match=query(numHitsPerPage="100", page="1", type="RESULT"))
    page = client.search_page(numHitsPerPage=100, page=1, type="RESULT")
    assert (page.total, page.accessible) == (4, 4)
    assert [hit["id"] for hit in page.hits] == ["2026-112541", "2026-112546", "2026-112480", "2026-112539"]


def test_search_follows_the_pages(api, client):
    api.get(f"{BASE}/search", json=recorded("search-page-1-of-2"), match=query(numHitsPerPage="2", page="1", cpvCode="72000000"))
    api.get(f"{BASE}/search", json=recorded("search-page-2-of-2"), match=query(numHitsPerPage="2", page="2", cpvCode="72000000"))
    assert [hit["id"] for hit in client.search(cpvCode="72000000")] == [
        "2026-112541",
        "2026-112546",
        "2026-112480",
        "2026-112539",
    ]
    assert client.capped == []


def test_buyers_are_filtered_in_the_client(api, client):
    api.get(f"{BASE}/search", json=recorded("search-page-1-of-2"), match=query(numHitsPerPage="2", page="1"))
    api.get(f"{BASE}/search", json=recorded("search-page-2-of-2"), match=query(numHitsPerPage="2", page="2"))
    assert [hit["id"] for hit in client.search(buyers=["991825827", "942 110 375"])] == ["2026-112546", "2026-112539"]


def test_a_capped_window_is_halved_and_hits_deduplicated(api, client):
    hits = real_hits()
    window = {"numHitsPerPage": "2", "page": "1"}
    api.get(
        f"{BASE}/search",
        json=recorded("search-capped"),
        match=query(**window, issueDateFrom="2026-07-01", issueDateTo="2026-07-04"),
    )
    api.get(
        f"{BASE}/search",
        json=search_page(hits[:2]),
        match=query(**window, issueDateFrom="2026-07-01", issueDateTo="2026-07-02"),
    )
    # The second half has the second real hit again (a notice on a page boundary), and two more.
    api.get(
        f"{BASE}/search",
        json=search_page([hits[1], hits[2]], total=3),
        match=query(**window, issueDateFrom="2026-07-03", issueDateTo="2026-07-04"),
    )
    api.get(
        f"{BASE}/search",
        json=search_page([hits[3]], total=3),
        match=query(numHitsPerPage="2", page="2", issueDateFrom="2026-07-03", issueDateTo="2026-07-04"),
    )
    found = list(client.search(issueDateFrom="2026-07-01", issueDateTo="2026-07-04"))
    assert [hit["id"] for hit in found] == ["2026-112541", "2026-112546", "2026-112480", "2026-112539"]
    assert client.capped == []


def test_one_day_still_capped_is_split_by_type_and_then_reported(api):
    client = DoffinClient(BASE, KEY, sleep=lambda seconds: None, page_size=100)
    day = {"issueDateFrom": "2026-07-01", "issueDateTo": "2026-07-01"}
    capped = recorded("search-capped")
    api.get(f"{BASE}/search", json=capped, match=query(numHitsPerPage="100", page="1", **day, type=["COMPETITION", "RESULT"]))
    api.get(
        f"{BASE}/search",
        json=search_page(real_hits()[:1]),
        match=query(numHitsPerPage="100", page="1", **day, type="COMPETITION"),
    )
    # RESULT alone is still over the cap on that day: read what is accessible and say so.
    api.get(f"{BASE}/search", json=capped, match=query(numHitsPerPage="100", page="1", **day, type="RESULT"))
    # (here an empty second page, which stops the paging at once)
    api.get(
        f"{BASE}/search",
        json=search_page([], total=2500, accessible=1000),
        match=query(numHitsPerPage="100", page="2", **day, type="RESULT"),
    )

    found = [hit["id"] for hit in client.search(**day, type=["COMPETITION", "RESULT"])]
    assert found == ["2026-112541", "2026-112546"]
    assert client.capped == [{**day, "type": ["RESULT"], "numHitsTotal": 2500, "numHitsAccessible": 1000}]
    assert client.requests_made == 4


def test_paging_never_asks_past_the_accessible_hits(api, client):
    api.get(f"{BASE}/search", json=search_page(real_hits()[:2], total=3), match=query(numHitsPerPage="2", page="1"))
    api.get(f"{BASE}/search", json=search_page(real_hits()[2:3], total=3), match=query(numHitsPerPage="2", page="2"))
    assert len(list(client.search())) == 3
    assert client.requests_made == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>Service unavailable</html>", "the answer is not JSON"),
        (json.dumps([]), "expected an object with hits, got list"),
        (json.dumps({"numHitsTotal": 1, "hits": {"id": "2026-1"}}), "'hits' is not a list of notices"),
        (json.dumps({"hits": []}), "'numHitsTotal' is missing or not a count"),
        (json.dumps({"numHitsTotal": 1, "numHitsAccessible": "all", "hits": []}), "'numHitsAccessible' is not a count"),
    ],
)
def test_a_malformed_response_is_a_response_error(api, client, body, message):
    api.get(f"{BASE}/search", body=body)
    with pytest.raises(DoffinResponseError) as error:
        list(client.search())
    assert str(error.value) == f"{BASE}/search: {message}"


def test_an_error_status_is_reported_with_its_reason(api, client):
    api.get(f"{BASE}/search", status=400, json={"reason": "Unable to access more than the top 1000 hits"})
    with pytest.raises(DoffinError) as error:
        client.search_page(page=11, numHitsPerPage=100)
    assert str(error.value) == f"{BASE}/search: HTTP 400: Unable to access more than the top 1000 hits"


def test_rate_limit_is_waited_out(api):
    waits = []
    client = DoffinClient(BASE, KEY, sleep=waits.append, page_size=2)
    api.get(f"{BASE}/search", status=429, headers={"Retry-After": "6"})
    api.get(f"{BASE}/search", json=search_page(real_hits()[:1]))
    assert [hit["id"] for hit in client.search()] == ["2026-112541"]
    assert waits == [6.0]


# --- the nightly mirror ---


class FakeClient:
    """Stands in for DoffinClient: answers every search with the given hits and records the parameters."""

    def __init__(self, hits, error=None):
        self.hits, self.error, self.calls, self.capped = hits, error, [], []

    def search(self, **params):
        self.calls.append(params)
        if self.error:
            raise self.error
        return iter(self.hits)


@pytest.mark.django_db
def test_sync_keeps_the_served_buyers_and_locations_and_advances(settings):
    settings.PROCUREMENT_BUYER_ORGNRS = ["935478715", "944382038"]
    settings.DOFFIN_LOCATION_CODES = ["NO093"]
    hits = [
        make_hit("2026-900101", buyer_orgnr="935478715", locations=["anyw"]),  # Bærum kommune
        make_hit("2026-900102", buyer_orgnr="944 382 038", locations=["NO081"]),  # Asker kommune, with a space
        make_hit("2026-900103", buyer_orgnr="974760673", locations=["NO081"]),  # someone else
        *real_hits(),  # only the Tønsberg one is in NO093
    ]
    fake = FakeClient(hits)

    report = sync_from_doffin(client=fake, today=datetime.date(2026, 8, 4))

    assert fake.calls == [
        {"issueDateFrom": datetime.date(2026, 7, 5), "issueDateTo": datetime.date(2026, 8, 3), "sortBy": "PUBLICATION_DATE_ASC"}
    ]
    assert sorted(Notice.objects.values_list("doffin_id", flat=True)) == ["2026-112539", "2026-900101", "2026-900102"]
    assert (report["created"], report["served_hits"], report["rejected"]) == (3, 3, [])
    state = DoffinSync.objects.get(key="doffin")
    assert state.fetched_through == datetime.date(2026, 8, 3)
    assert state.last_report["created"] == 3

    # The same day again: up to date, no request.
    assert sync_from_doffin(client=fake, today=datetime.date(2026, 8, 4)) == {
        "configured": True,
        "up_to_date": True,
        "fetched_through": "2026-08-03",
    }
    # The next day looks a week back for notices published late; what is unchanged stays unchanged.
    report = sync_from_doffin(client=fake, today=datetime.date(2026, 8, 5))
    assert fake.calls[-1]["issueDateFrom"] == datetime.date(2026, 7, 28)
    assert fake.calls[-1]["issueDateTo"] == datetime.date(2026, 8, 4)
    assert (report["created"], report["unchanged"]) == (0, 3)
    assert DoffinSync.objects.get(key="doffin").fetched_through == datetime.date(2026, 8, 4)


@pytest.mark.django_db
def test_a_failed_sync_does_not_advance():
    DoffinSync.objects.create(key="doffin", fetched_through=datetime.date(2026, 8, 1))
    report = sync_from_doffin(client=FakeClient([], error=DoffinResponseError("bad body")), today=datetime.date(2026, 8, 4))
    assert report["error"] == "bad body"
    state = DoffinSync.objects.get(key="doffin")
    assert state.fetched_through == datetime.date(2026, 8, 1)
    assert state.last_report["error"] == "bad body"


@pytest.mark.django_db
def test_without_a_key_the_mirror_does_nothing(settings, caplog):
    settings.DOFFIN_API_KEY = ""
    report = sync_from_doffin()
    assert report == {"configured": False, "message": "The Doffin mirror is not configured (DOFFIN_API_KEY is empty)."}
    assert DoffinSync.objects.count() == 0
    assert "not configured" in caplog.text


@pytest.mark.django_db
def test_the_task_runs_the_sync(settings):
    from procurement.tasks import sync_doffin

    settings.DOFFIN_API_KEY = ""
    assert sync_doffin.delay().get()["configured"] is False
