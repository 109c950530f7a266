"""The officer's work queue on /arbeid/ and the business owner's sections on "Min side"."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from businesses.models import DecisionState, Enquiry, FollowUp, MeetingRequest, RedFlag
from businesses.startpage import ROWS
from portal.roles import Role
from tests.businesses.factories_queue import (
    answer,
    at,
    days_ago,
    make_claim,
    make_enquiry,
    make_follow_up,
    make_meeting_request,
    make_red_flag,
)
from tests.factories import BusinessFactory, UserFactory

EN = {"accept-language": "en"}
BUSINESS_SECTIONS = [
    "businesses.enquiries",
    "businesses.follow_ups",
    "businesses.red_flags",
    "businesses.claims",
    "businesses.meeting_requests",
]


def part(response, key):
    return next(p for p in response.context["parts"] if p.key == key)


@pytest.fixture
def queue(personas):
    """Something of every kind the officer's queue lists, beside things of each kind it must leave out."""
    officer, owner, business = personas.officer, personas.owner, personas.business
    colleague = UserFactory(email="colleague@test.example", name="Amir Rådgiver", role=Role.OFFICER)
    today = timezone.localdate()
    rows = {
        "mine": make_enquiry(business=business, user=owner, assigned_to=officer, created=days_ago(3)),
        "unassigned": make_enquiry(created=days_ago(5), state=Enquiry.State.NEW),
        "open": make_enquiry(business=business, assigned_to=officer, created=days_ago(1), state=Enquiry.State.OPEN),
        "colleagues": make_enquiry(assigned_to=colleague, created=days_ago(2)),
        "answered": make_enquiry(assigned_to=officer, created=days_ago(9), state=Enquiry.State.ANSWERED),
        "closed": make_enquiry(created=days_ago(9), state=Enquiry.State.CLOSED),
        "overdue": make_follow_up(business, owner=officer, due=today - datetime.timedelta(days=2), title="Sende tilbud"),
        "due_today": make_follow_up(business, owner=officer, due=today, title="Ring daglig leder"),
        "in_a_week": make_follow_up(business, owner=officer, due=today + datetime.timedelta(days=7), title="Besøk igjen"),
        "in_eight_days": make_follow_up(business, owner=officer, due=today + datetime.timedelta(days=8), title="Senere"),
        "done": make_follow_up(business, owner=officer, due=today, title="Ferdig", state=FollowUp.State.DONE),
        "colleagues_follow_up": make_follow_up(business, owner=colleague, due=today, title="Kollegas"),
        "low": make_red_flag(business, by=officer, raised=days_ago(30), severity=RedFlag.Severity.LOW),
        "high": make_red_flag(personas.other_business, by=colleague, raised=days_ago(2), severity=RedFlag.Severity.HIGH),
        "resolved": make_red_flag(business, by=officer, raised=days_ago(40), resolved=days_ago(20)),
        "claim": make_claim(BusinessFactory(orgnr="999888777", name="NY BEDRIFT AS"), owner),
        "decided_claim": make_claim(personas.other_business, owner),
        "request": make_meeting_request(business, by=owner, adviser=officer),
        "offered": make_meeting_request(
            business, by=owner, adviser=officer, state=MeetingRequest.State.OFFERED, offered=[days_ago(-3)]
        ),
        "colleagues_request": make_meeting_request(business, by=owner, adviser=colleague),
    }
    rows["decided_claim"].state = DecisionState.REJECTED
    rows["decided_claim"].save(update_fields=["state"])
    return rows


def test_the_officer_sees_what_waits_for_them_in_each_section(queue, personas, client_for):
    response = client_for("officer").get("/arbeid/", headers=EN)
    assert response.status_code == 200
    enquiries = part(response, "businesses.enquiries")
    assert [e.pk for e in enquiries.data["enquiries"]] == [queue["unassigned"].pk, queue["mine"].pk, queue["open"].pk]
    assert enquiries.count == 3
    follow_ups = part(response, "businesses.follow_ups")
    assert [f.title for f in follow_ups.data["follow_ups"]] == ["Sende tilbud", "Ring daglig leder", "Besøk igjen"]
    flags = part(response, "businesses.red_flags")
    assert [f.pk for f in flags.data["red_flags"]] == [queue["high"].pk, queue["low"].pk]
    claims = part(response, "businesses.claims")
    assert [c.pk for c in claims.data["claims"]] == [queue["claim"].pk]
    requests = part(response, "businesses.meeting_requests")
    assert [r.pk for r in requests.data["requests"]] == [queue["request"].pk]
    assert response.context["waiting"] == 3 + 3 + 2 + 1 + 1
    html = unescape(response.content.decode())
    assert html.count(">Overdue</span>") == 1
    assert html.count(">Unassigned</span>") == 1
    for link in [
        "/kontakt/henvendelser/",
        "/bedrifter/oppfolging/",
        "/bedrifter/flagg/",
        "/bedrifter/krav/behandle/",
        "/bedrifter/motebestillinger/",
    ]:
        assert f'href="{link}"' in html, link
    assert f'href="/kontakt/henvendelser/{queue["mine"].reference}/"' in html
    assert f'href="/bedrifter/motebestillinger/{queue["request"].pk}/"' in html


def test_each_section_lists_a_few_and_counts_them_all(personas, client_for):
    for number in range(ROWS + 5):
        make_enquiry(created=days_ago(number + 1))
    response = client_for("officer").get("/arbeid/", headers=EN)
    enquiries = part(response, "businesses.enquiries")
    assert (len(enquiries.data["enquiries"]), enquiries.count) == (ROWS, ROWS + 5)
    assert 'Enquiries waiting for an answer <span class="muted">(15)</span>' in response.content.decode()


@pytest.mark.parametrize("name", ["council_member", "chief_executive"])
def test_the_business_sections_are_for_the_business_team(queue, client_for, name):
    response = client_for(name).get("/arbeid/")
    assert response.status_code == 200
    assert not {p.key for p in response.context["parts"]} & set(BUSINESS_SECTIONS)


def test_the_administrator_gets_the_business_sections_too(queue, client_for):
    keys = [p.key for p in client_for("admin").get("/arbeid/").context["parts"]]
    assert keys[:5] == BUSINESS_SECTIONS


@pytest.mark.parametrize(("name", "status"), [("anonymous", 302), ("owner", 403), ("politician", 403), ("officer", 200)])
def test_the_start_page_is_for_staff(client_for, personas, name, status):
    assert client_for(name).get("/arbeid/").status_code == status


def _fill(personas, times: int):
    officer, owner = personas.officer, personas.owner
    today = timezone.localdate()
    for number in range(times):
        business = BusinessFactory()
        make_enquiry(
            business=business, user=owner, assigned_to=officer if number % 2 else None, created=days_ago(number % 20 + 1)
        )
        make_follow_up(business, owner=officer, due=today - datetime.timedelta(days=number % 5))
        make_red_flag(business, by=officer, raised=days_ago(number % 30 + 1), severity=number % 3 + 1)
        make_claim(business, UserFactory())
        make_meeting_request(business, by=owner, adviser=officer)


def test_the_start_page_costs_the_same_queries_however_much_waits(personas, client_for, django_assert_max_num_queries):
    client = client_for("officer")
    _fill(personas, 2)
    client.get("/arbeid/")
    with CaptureQueriesContext(connection) as small:
        client.get("/arbeid/")
    _fill(personas, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/arbeid/")
    assert part(response, "businesses.claims").count == 32
    assert len(large) == len(small)
    with django_assert_max_num_queries(15):
        client.get("/arbeid/")


# --- Min side ------------------------------------------------------------------------------------


def test_the_owner_follows_their_enquiries_claims_and_meeting_requests_on_min_side(queue, personas, client_for):
    answer(queue["mine"], by=personas.officer, when=at(timezone.localdate() - datetime.timedelta(days=2), 9))
    answer(queue["mine"], by=personas.officer, when=at(timezone.localdate() - datetime.timedelta(days=1), 9))
    other = make_enquiry(business=personas.other_business, user=personas.other_owner)
    response = client_for("owner").get("/min-side/", headers=EN)
    assert response.status_code == 200
    enquiries = part(response, "businesses.my_enquiries").data["enquiries"]
    # Their own, and the ones about the business they represent; not another business's.
    assert [e.pk for e in enquiries] == [queue["open"].pk, queue["mine"].pk]
    assert other.pk not in [e.pk for e in enquiries]
    assert enquiries[1].last_answer == at(timezone.localdate() - datetime.timedelta(days=1), 9)
    assert enquiries[0].last_answer is None
    claims = part(response, "businesses.my_claims").data["claims"]
    assert [c.pk for c in claims] == [queue["claim"].pk]
    requests = part(response, "businesses.my_meeting_requests")
    assert [r.pk for r in requests.data["requests"]] == [queue["offered"].pk, queue["colleagues_request"].pk, queue["request"].pk]
    assert requests.count == 1
    html = unescape(response.content.decode())
    assert "Choose a time" in html and "One time offered" in html
    assert "Waiting for approval" in html and "NY BEDRIFT AS" in html
    assert f'href="/kontakt/henvendelser/{queue["mine"].reference}/"' in html
    assert "Your businesses" in html  # the registry's section stays


def test_another_owner_sees_none_of_it(queue, client_for):
    response = client_for("other_owner").get("/min-side/", headers=EN)
    assert part(response, "businesses.my_enquiries").data["enquiries"] == []
    assert part(response, "businesses.my_claims").data["claims"] == []
    assert part(response, "businesses.my_meeting_requests").data["requests"] == []
    html = response.content.decode()
    assert "You have not sent any enquiries." in html
    assert "Waiting for approval" not in html


def test_min_side_costs_the_same_queries_however_much_the_owner_has(personas, client_for):
    client = client_for("owner")
    _fill(personas, 2)
    client.get("/min-side/")
    with CaptureQueriesContext(connection) as small:
        client.get("/min-side/")
    _fill(personas, 20)
    with CaptureQueriesContext(connection) as large:
        client.get("/min-side/")
    assert len(large) == len(small)
