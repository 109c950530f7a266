"""Cache headers: Cache-Control and an ETag from the body on every JSON answer, 304 for a current copy.

Last-Modified only where one time of change covers all the answer shows (a notice's detail): a list, or a
detail that shows related rows, changes without a later time (a row leaves it, a related row changes), and a
304 to If-Modified-Since there would keep a client's stale copy.
"""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date

from businesses.models import Business, Municipality
from meetings.models import Visibility
from meetings.services.planning import update_meeting
from procurement.models import Notice, PlannedProcurement
from procurement.queries import expired_by_deadline
from procurement.services.plans import save_item
from strategies.models import Goal
from strategies.services.plans import save_focus_area, save_goal, save_plan

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
        f"/api/v1/planned-procurements/{open_data.procurement_plan.items.first().pk}/",
    ]


def now_as_http_date() -> str:
    return http_date(time.time())


def assert_not_current(client, url, before):
    """The answer changed: neither the old ETag nor a time after every change may get a 304."""
    assert client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 200, url
    assert client.get(url, headers={"If-Modified-Since": now_as_http_date()}).status_code == 200, url


def test_every_json_answer_has_cache_headers_and_answers_304_to_its_etag(client, open_data):
    for url in urls(open_data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Accept" in response["Vary"], url
        assert response["ETag"].startswith('"'), url
        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert (again.status_code, again.content) == (304, b""), url
        assert (again["ETag"], again["Cache-Control"]) == (response["ETag"], "public, max-age=300"), url
        assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200, url


def test_only_a_notices_detail_has_last_modified(client, open_data):
    Notice.objects.update(updated=datetime.datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    with_time = {"/api/v1/notices/2025-200002/"}
    for url in urls(open_data):
        response = client.get(url)
        if url in with_time:
            assert response["Last-Modified"] == "Mon, 05 Jan 2026 08:00:00 GMT"
            assert client.get(url, headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304
            assert client.get(url, headers={"If-Modified-Since": "Mon, 05 Jan 2026 07:59:59 GMT"}).status_code == 200
        else:
            assert not response.has_header("Last-Modified"), url
            # Without a time of its own, If-Modified-Since is no reason for a 304.
            assert client.get(url, headers={"If-Modified-Since": now_as_http_date()}).status_code == 200, url


def test_the_etag_is_the_bodys_and_changes_with_it(client, open_data):
    before = client.get("/api/v1/businesses/925321141/")
    Business.objects.filter(orgnr="925321141").update(employees=13)
    after = client.get("/api/v1/businesses/925321141/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["employees"] == 13


# --- What the reviewer found: answers that changed without a later time of change ------------------------------


def test_a_public_meeting_made_internal_leaves_the_list_and_it_is_not_304(client, open_data, personas):
    before = client.get("/api/v1/meetings/")
    meeting = open_data.unpublished
    meeting.visibility = Visibility.INTERNAL
    update_meeting(meeting, changed=["visibility"], by=personas.officer)
    assert_not_current(client, "/api/v1/meetings/", before)
    assert [row["title"] for row in client.get("/api/v1/meetings/").json()["results"]] == [
        "Dialogmøte 1/2026",
        "Åpent møte om næringsareal",
    ]


def test_a_series_rename_is_not_304(client, open_data):
    before = client.get("/api/v1/meetings/")
    series = open_data.published.series
    series.name = "Dialogmøte med næringsrådet"
    series.save()
    assert_not_current(client, "/api/v1/meetings/", before)
    assert client.get("/api/v1/meetings/").json()["results"][0]["series"] == "Dialogmøte med næringsrådet"


def test_a_goals_new_title_is_not_304_on_the_plan_or_the_measures(client, open_data, personas):
    plan_url = f"/api/v1/plans/{open_data.plan.pk}/"
    before = {url: client.get(url) for url in (plan_url, "/api/v1/measures/")}
    goal = Goal.objects.get(focus_area__plan=open_data.plan, title="Flere læreplasser")
    goal.title = "Flere lærlinger"
    save_goal(goal, by=personas.officer)
    for url, response in before.items():
        assert_not_current(client, url, response)
    assert client.get(plan_url).json()["focus_areas"][0]["goals"][0]["title"] == "Flere lærlinger"
    assert client.get("/api/v1/measures/").json()["results"][0]["goal"] == "Flere lærlinger"


def test_a_focus_areas_new_weight_is_not_304(client, open_data, personas):
    url = f"/api/v1/plans/{open_data.plan.pk}/"
    before = client.get(url)
    area = open_data.plan.focus_areas.get(title="Kompetanse")
    area.weight = Decimal(3)
    save_focus_area(area, by=personas.officer)
    assert_not_current(client, url, before)
    assert client.get(url).json()["focus_areas"][0]["weight"] == "3.00"


def test_a_plans_new_municipalities_are_not_304(client, open_data, personas):
    urls = ["/api/v1/plans/", f"/api/v1/plans/{open_data.plan.pk}/"]
    before = {url: client.get(url) for url in urls}
    save_plan(open_data.plan, by=personas.officer, municipalities=Municipality.objects.filter(number__in=["3201", "3203"]))
    for url, response in before.items():
        assert_not_current(client, url, response)
    assert client.get("/api/v1/plans/").json()["results"][0]["municipalities"] == ["3201", "3203"]


def test_a_cancelled_planned_procurement_is_not_304_on_its_plan(client, open_data, personas):
    urls = ["/api/v1/procurement-plans/", f"/api/v1/procurement-plans/{open_data.procurement_plan.pk}/"]
    before = {url: client.get(url) for url in urls}
    item = open_data.procurement_plan.items.get(title="Renhold av skoler og barnehager")
    item.state = PlannedProcurement.State.CANCELLED
    save_item(item, by=personas.officer)
    for url, response in before.items():
        assert_not_current(client, url, response)
    assert client.get("/api/v1/procurement-plans/").json()["results"][0]["item_count"] == 0


def test_a_business_marked_deleted_by_the_import_is_not_304(client, open_data):
    """The register import marks a unit missing from the file as deleted with an UPDATE that leaves ``updated``
    alone (businesses.services.registry._mark_missing): the row's time does not cover its detail either."""
    url = "/api/v1/businesses/925321141/"
    before = client.get(url)
    Business.objects.filter(orgnr="925321141").update(deleted=datetime.date(2026, 5, 1))
    assert_not_current(client, url, before)
    assert client.get(url).json()["deleted"] == "2026-05-01"


# --- The notice's detail: its own time, and the deadline it expires by ------------------------------------------


def test_a_notice_whose_deadline_passes_changes_at_the_deadline(client, open_data):
    """An open notice reads as expired from its deadline on without its row changing: the deadline is its change."""
    Notice.objects.update(updated=datetime.datetime(2025, 11, 1, tzinfo=UTC))
    assert client.get("/api/v1/notices/2025-200003/")["Last-Modified"] == "Mon, 01 Dec 2025 11:00:00 GMT"
    assert client.get("/api/v1/notices/2026-100001/")["Last-Modified"] == "Sat, 01 Nov 2025 00:00:00 GMT"


def test_the_deadline_boundary_is_current_statuss(client, open_data, monkeypatch):
    """At the deadline itself the notice is still open (``deadline < now`` is expired, as ``current_status`` and
    ``expired_by_deadline`` both say): its time is its row's until then, the deadline's from the next moment."""
    url = "/api/v1/notices/2026-100001/"
    Notice.objects.update(updated=datetime.datetime(2025, 11, 1, tzinfo=UTC))
    deadline = Notice.objects.get(doffin_id="2026-100001").deadline
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    response = client.get(url)
    assert (response.json()["status"], response["Last-Modified"]) == ("ACTIVE", "Sat, 01 Nov 2025 00:00:00 GMT")
    assert Notice.objects.filter(expired_by_deadline(), doffin_id="2026-100001").exists() is False
    monkeypatch.setattr(timezone, "now", lambda: deadline + datetime.timedelta(microseconds=1))
    response = client.get(url)
    assert (response.json()["status"], response["Last-Modified"]) == ("EXPIRED", "Sat, 01 Jun 2030 10:00:00 GMT")
    assert Notice.objects.filter(expired_by_deadline(), doffin_id="2026-100001").exists() is True


def test_a_notice_changed_by_the_import_has_a_later_time(client, open_data):
    url = "/api/v1/notices/2025-200002/"
    Notice.objects.update(updated=datetime.datetime(2025, 11, 1, tzinfo=UTC))
    before = client.get(url)
    notice = Notice.objects.get(doffin_id="2025-200002")
    notice.received_tenders = 4
    notice.save()
    assert client.get(url, headers={"If-Modified-Since": before["Last-Modified"]}).status_code == 200
    assert client.get(url).json()["received_tenders"] == 4


# --- CSV ----------------------------------------------------------------------------------------------------


def test_a_csv_export_is_made_afresh_without_etag_or_last_modified(client, open_data):
    first = client.get("/api/v1/businesses/?format=csv")
    assert first["Cache-Control"] == "public, max-age=300"
    assert not first.has_header("ETag") and not first.has_header("Last-Modified")
    # Nothing to compare a client's copy with: the file, never a 304.
    for headers in ({"If-None-Match": "*"}, {"If-None-Match": '"x"'}, {"If-Modified-Since": now_as_http_date()}):
        response = client.get("/api/v1/businesses/?format=csv", headers=headers)
        assert (response.status_code, response.streaming) == (200, True), headers
    # What changed is in it at once, whatever changed (here a row dropped without a later time anywhere).
    Business.objects.filter(orgnr="911222333").delete()
    text = b"".join(client.get("/api/v1/businesses.csv").streaming_content).decode()
    assert "GAMMEL BEDRIFT AS" not in text
    assert "DESINTRYGG AS" in text


@pytest.mark.parametrize("url", ["/api/v1/businesses/?size=huge", "/api/v1/meetings/999999/", "/api/v1/meetings/x/"])
def test_errors_are_not_cached_publicly(client, open_data, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert not response.has_header("ETag")
    assert "public" not in response.get("Cache-Control", "")


def test_the_description_is_cached_too(client, open_data):
    response = client.get("/api/schema/?format=json")
    assert (response.status_code, response["Cache-Control"]) == (200, "public, max-age=300")
    assert client.get("/api/schema/?format=json", headers={"If-None-Match": response["ETag"]}).status_code == 304
