"""Cache headers: Cache-Control, ETag and Last-Modified on every list and detail, 304 for a current copy."""

import datetime

import pytest

from businesses.models import Business
from meetings.models import ActionPoint
from procurement.models import Notice
from strategies.models import Measure, Plan

UTC = datetime.UTC


def urls(open_data):
    return [
        "/api/v1/businesses/",
        "/api/v1/businesses/925321141/",
        "/api/v1/meetings/",
        f"/api/v1/meetings/{open_data.published.pk}/",
        "/api/v1/plans/",
        f"/api/v1/plans/{open_data.plan.pk}/",
        "/api/v1/measures/",
        f"/api/v1/measures/{open_data.measures[0].pk}/",
        "/api/v1/notices/",
        "/api/v1/notices/2025-200002/",
        "/api/v1/procurement-plans/",
        f"/api/v1/procurement-plans/{open_data.procurement_plan.pk}/",
        "/api/v1/planned-procurements/",
        "/api/v1/businesses/?format=csv",
    ]


def test_every_list_and_detail_has_cache_headers_and_answers_304_to_its_etag(client, open_data):
    for url in urls(open_data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Accept" in response["Vary"], url
        assert response["ETag"] and response["Last-Modified"], url
        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert (again.status_code, again.content) == (304, b""), url
        assert (again["ETag"], again["Cache-Control"]) == (response["ETag"], "public, max-age=300"), url
        since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
        assert since.status_code == 304, url
        assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200, url


def test_the_etag_is_the_bodys_and_changes_with_it(client, open_data):
    before = client.get("/api/v1/businesses/925321141/")
    Business.objects.filter(orgnr="925321141").update(employees=13)
    after = client.get("/api/v1/businesses/925321141/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["employees"] == 13


def test_last_modified_is_the_latest_change_of_the_listed_rows(client, open_data):
    Business.objects.update(updated=datetime.datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    Business.objects.filter(orgnr="998877665").update(updated=datetime.datetime(2026, 7, 1, 10, 0, 30, tzinfo=UTC))
    # Outside the served municipalities, so not in the list: its change does not count.
    Business.objects.filter(orgnr="922333444").update(updated=datetime.datetime(2026, 9, 1, tzinfo=UTC))
    response = client.get("/api/v1/businesses/")
    assert response["Last-Modified"] == "Wed, 01 Jul 2026 10:00:30 GMT"
    assert client.get("/api/v1/businesses/?municipality=3201")["Last-Modified"] == "Mon, 05 Jan 2026 08:00:00 GMT"
    assert client.get("/api/v1/businesses/", headers={"If-Modified-Since": "Wed, 01 Jul 2026 10:00:30 GMT"}).status_code == 304
    assert client.get("/api/v1/businesses/", headers={"If-Modified-Since": "Wed, 01 Jul 2026 10:00:29 GMT"}).status_code == 200
    assert client.get("/api/v1/businesses/998877665/")["Last-Modified"] == "Wed, 01 Jul 2026 10:00:30 GMT"


def test_a_meetings_last_modified_counts_its_public_action_points(client, open_data):
    meeting = open_data.published
    type(meeting).objects.filter(pk=meeting.pk).update(updated=datetime.datetime(2026, 3, 12, 8, 0, tzinfo=UTC))
    ActionPoint.objects.update(updated=datetime.datetime(2026, 3, 1, tzinfo=UTC))
    ActionPoint.objects.filter(title="Utrede tomt på Fornebu").update(updated=datetime.datetime(2026, 5, 2, 12, 0, tzinfo=UTC))
    # An internal action point's change is not public, and does not show in the time either.
    ActionPoint.objects.filter(internal=True).update(updated=datetime.datetime(2026, 8, 1, tzinfo=UTC))
    assert client.get(f"/api/v1/meetings/{meeting.pk}/")["Last-Modified"] == "Sat, 02 May 2026 12:00:00 GMT"


def test_a_plans_last_modified_counts_its_measures(client, open_data):
    Plan.objects.update(updated=datetime.datetime(2026, 2, 1, tzinfo=UTC))
    Measure.objects.update(updated=datetime.datetime(2026, 1, 1, tzinfo=UTC))
    Measure.objects.filter(title="Bedriftsbesøk").update(updated=datetime.datetime(2026, 4, 30, 7, 0, tzinfo=UTC))
    assert client.get(f"/api/v1/plans/{open_data.plan.pk}/")["Last-Modified"] == "Thu, 30 Apr 2026 07:00:00 GMT"
    assert client.get("/api/v1/plans/")["Last-Modified"] == "Sun, 01 Feb 2026 00:00:00 GMT"


def test_a_notice_whose_deadline_passes_changes_at_the_deadline(client, open_data):
    """An open notice reads as expired from its deadline on without its row changing: the deadline is its change."""
    Notice.objects.update(updated=datetime.datetime(2025, 11, 1, tzinfo=UTC))
    assert client.get("/api/v1/notices/")["Last-Modified"] == "Mon, 01 Dec 2025 11:00:00 GMT"
    assert client.get("/api/v1/notices/2025-200003/")["Last-Modified"] == "Mon, 01 Dec 2025 11:00:00 GMT"
    assert client.get("/api/v1/notices/2026-100001/")["Last-Modified"] == "Sat, 01 Nov 2025 00:00:00 GMT"


def test_the_csv_etag_changes_when_a_row_changes(client, open_data):
    first = client.get("/api/v1/businesses/?format=csv")
    assert first["ETag"].startswith('W/"')
    assert client.get("/api/v1/businesses/?format=csv", headers={"If-None-Match": first["ETag"]}).status_code == 304
    Business.objects.get(orgnr="925321141").save()  # a new time of change
    again = client.get("/api/v1/businesses/?format=csv", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    # A row gone is another file too, though no time of change is later.
    Business.objects.filter(orgnr="911222333").delete()
    assert client.get("/api/v1/businesses/?format=csv", headers={"If-None-Match": again["ETag"]}).status_code == 200
    # Another filter is another file.
    assert client.get("/api/v1/businesses/?format=csv&size=0")["ETag"] != again["ETag"]


@pytest.mark.parametrize("url", ["/api/v1/businesses/?size=huge", "/api/v1/meetings/999999/"])
def test_errors_are_not_cached_publicly(client, open_data, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert not response.has_header("ETag")
    assert "public" not in response.get("Cache-Control", "")


def test_the_description_is_cached_too(client, open_data):
    response = client.get("/api/schema/?format=json")
    assert (response.status_code, response["Cache-Control"]) == (200, "public, max-age=300")
    assert client.get("/api/schema/?format=json", headers={"If-None-Match": response["ETag"]}).status_code == 304
