"""One business timeline on /bedrifter/<orgnr>/: what each role sees of it, newest first, a page at a time."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from businesses.models import Enquiry, FollowUp, Interaction, RegistryEvent
from meetings.models import Meeting, Participant, Visibility
from portal.models import User
from portal.timeline import timeline_for
from tests.businesses.factories_queue import (
    at,
    days_ago,
    make_action_point,
    make_enquiry,
    make_event,
    make_follow_up,
    make_interaction,
    make_item,
    make_meeting,
    make_red_flag,
)
from tests.factories import UserFactory

REGISTRY = ["Name changed"]
PUBLIC_MEETING = ["Utvidelse av næringsområdet", "Kartlegge arealbehov"]
INTERNAL_MEETING = ["Flytteplaner (intern sak)", "Intern oppfølging", "Sak på internt møte"]
CRM = ["Besøk hos bedriften", "Relocation risk", "Relocation risk", "Ring tilbake om tomt"]
OWNERS_ENQUIRIES = ["2026-900001", "2026-900002"]


EN = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def story(personas):
    """A year of a business's life: something of every kind, public and internal, on distinct days."""
    business, officer, owner = personas.business, personas.officer, personas.owner
    today = timezone.localdate()
    make_event(business, day=today - datetime.timedelta(days=100), data={"from": "DESINTRYGG", "to": "DESINTRYGG AS"})
    sent = make_enquiry(business=business, user=owner, created=days_ago(50))
    anonymous = make_enquiry(business=business, created=days_ago(45), state=Enquiry.State.ANSWERED)
    Enquiry.objects.filter(pk=sent.pk).update(reference="2026-900001")
    Enquiry.objects.filter(pk=anonymous.pk).update(reference="2026-900002")
    make_enquiry(business=personas.other_business, user=personas.other_owner, created=days_ago(44))  # another business's
    make_interaction(
        [business],
        by=officer,
        day=today - datetime.timedelta(days=30),
        kind=Interaction.Kind.VISIT,
        subject="Besøk hos bedriften",
    )
    make_red_flag(business, by=officer, raised=days_ago(20), resolved=days_ago(10))
    make_follow_up(
        business, owner=officer, due=today + datetime.timedelta(days=3), created=days_ago(5), title="Ring tilbake om tomt"
    )
    published = make_meeting(officer, starts=days_ago(15, 14), title="Dialogmøte 3/2026", state=Meeting.State.MINUTES_PUBLISHED)
    public_item = make_item(published, business, title="Utvidelse av næringsområdet")
    internal_item = make_item(published, business, title="Flytteplaner (intern sak)", internal=True)
    make_action_point(published, business, title="Kartlegge arealbehov", owner=officer, item=public_item)
    make_action_point(published, business, title="Intern oppfølging", owner=officer, item=internal_item)
    closed = make_meeting(
        officer, starts=days_ago(8, 9), title="Formøte", visibility=Visibility.INTERNAL, state=Meeting.State.HELD
    )
    make_item(closed, business, title="Sak på internt møte")
    Participant.objects.create(meeting=closed, user=personas.council_member, email=personas.council_member.email)
    return {"published": published, "closed": closed}


def kinds_and_titles(business, user) -> list[tuple[str, str]]:
    return [(str(entry.kind), str(entry.title)) for entry in timeline_for(business, user).entries]


def test_the_officer_sees_everything_newest_first(story, personas):
    entries = timeline_for(personas.business, personas.officer).entries
    assert [(str(e.kind), str(e.title)) for e in entries] == [
        ("Follow-up", "Ring tilbake om tomt"),
        ("Agenda item", "Sak på internt møte"),
        ("Red flag resolved", "Relocation risk"),
        # The same meeting: what was agreed above what was discussed, then by how late it was added.
        ("Action point", "Intern oppfølging"),
        ("Action point", "Kartlegge arealbehov"),
        ("Agenda item", "Flytteplaner (intern sak)"),
        ("Agenda item", "Utvidelse av næringsområdet"),
        ("Red flag raised", "Relocation risk"),
        ("Visit", "Besøk hos bedriften"),
        ("Enquiry", "Funding"),
        ("Enquiry", "Funding"),
        ("Register", "Name changed"),
    ]
    assert [e.text for e in entries if str(e.kind) == "Enquiry"] == ["2026-900002", "2026-900001"]
    assert [e.url for e in entries if str(e.kind) == "Enquiry"] == [
        "/kontakt/henvendelser/2026-900002/",
        "/kontakt/henvendelser/2026-900001/",
    ]
    assert entries[-1].text == "DESINTRYGG → DESINTRYGG AS"
    assert entries[-1].all_day and entries[-1].when == at(timezone.localdate() - datetime.timedelta(days=100), 0)
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_the_owner_sees_the_register_the_businesss_enquiries_and_public_meeting_items(story, personas):
    assert kinds_and_titles(personas.business, personas.owner) == [
        ("Action point", "Kartlegge arealbehov"),
        ("Agenda item", "Utvidelse av næringsområdet"),
        ("Enquiry", "Funding"),
        ("Enquiry", "Funding"),
        ("Register", "Name changed"),
    ]


@pytest.mark.parametrize("name", ["anonymous", "other_owner", "politician"])
def test_others_see_the_register_and_public_meeting_items_only(story, personas, name):
    assert kinds_and_titles(personas.business, getattr(personas, name) or _anonymous()) == [
        ("Action point", "Kartlegge arealbehov"),
        ("Agenda item", "Utvidelse av næringsområdet"),
        ("Register", "Name changed"),
    ]


def test_a_meeting_participant_sees_that_meetings_internal_items_but_not_the_crm(story, personas):
    assert kinds_and_titles(personas.business, personas.council_member) == [
        ("Agenda item", "Sak på internt møte"),
        ("Action point", "Kartlegge arealbehov"),
        ("Agenda item", "Utvidelse av næringsområdet"),
        ("Register", "Name changed"),
    ]


def test_the_chief_executives_office_sees_every_meeting_item_but_not_the_crm_or_enquiries(story, personas):
    kinds = {str(kind) for kind, _ in kinds_and_titles(personas.business, personas.chief_executive)}
    assert kinds == {"Agenda item", "Action point", "Register"}
    assert len(timeline_for(personas.business, personas.chief_executive).entries) == 6


def test_a_sender_who_does_not_represent_the_business_sees_their_own_enquiry_only(story, personas):
    sender = UserFactory(email="gründer@test.example")
    make_enquiry(business=personas.business, user=sender, created=days_ago(2))
    assert [str(kind) for kind, _ in kinds_and_titles(personas.business, sender)].count("Enquiry") == 1


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- The page ------------------------------------------------------------------------------------


def _timeline_html(response) -> str:
    html = response.content.decode()
    return html[html.index('id="timeline-heading"') :]


@pytest.mark.parametrize(
    ("name", "shown", "hidden"),
    [
        ("officer", PUBLIC_MEETING + INTERNAL_MEETING + CRM + OWNERS_ENQUIRIES + REGISTRY, []),
        ("owner", PUBLIC_MEETING + OWNERS_ENQUIRIES + REGISTRY, INTERNAL_MEETING + CRM),
        ("other_owner", PUBLIC_MEETING + REGISTRY, INTERNAL_MEETING + CRM + OWNERS_ENQUIRIES),
        ("anonymous", PUBLIC_MEETING + REGISTRY, INTERNAL_MEETING + CRM + OWNERS_ENQUIRIES),
    ],
)
def test_the_business_page_shows_each_role_its_part(story, personas, client_for, name, shown, hidden):
    response = client_for(name).get(f"/bedrifter/{personas.business.orgnr}/", headers=EN)
    assert response.status_code == 200
    html = unescape(_timeline_html(response))
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text
    assert "Show older" not in html


def test_the_timeline_links_each_entry(story, personas, client_for):
    response = client_for("officer").get(f"/bedrifter/{personas.business.orgnr}/", headers=EN)
    html = _timeline_html(response)
    published, closed = story["published"], story["closed"]
    assert f'href="/moter/{closed.pk}/#item-' in html
    assert f'href="/moter/{published.pk}/referat/"' in html  # the action points of published minutes
    assert 'href="/kontakt/henvendelser/2026-900001/"' in html
    assert re.search(r'href="/bedrifter/oppfolging/\d+/"', html)
    assert re.search(r'href="/bedrifter/flagg/\d+/"', html)
    assert re.search(r'href="/bedrifter/samhandling/\d+/"', html)


# --- Pages ---------------------------------------------------------------------------------------


def _walk(client, path) -> list[list]:
    pages, url = [], path
    while url:
        response = client.get(url, headers=EN)
        assert response.status_code == 200
        panel = response.context["timeline"]
        pages.append(panel["entries"])
        url = path + unescape(panel["older_url"]).split("#")[0] if panel["older_url"] else ""
        assert len(pages) < 10
    return pages


def test_show_older_pages_through_everything_once_in_order_even_across_a_day_full_of_entries(personas, client_for):
    business, officer = personas.business, personas.officer
    today = timezone.localdate()
    busy_day = today - datetime.timedelta(days=3)
    for number in range(70):  # more than a page on one day: the cursor must split the day
        make_event(business, day=busy_day, kind=RegistryEvent.Kind.INDUSTRY_CHANGED, data={"to": f"{number:02d}"})
    for number in range(25):
        make_interaction([business], by=officer, day=busy_day, subject=f"Samtale {number:02d}")
    for number in range(20):
        make_enquiry(business=business, created=days_ago(number + 1, hour=8))
    make_follow_up(business, owner=officer, due=today, created=days_ago(0, hour=6), title="Ring tilbake")
    pages = _walk(client_for("officer"), f"/bedrifter/{business.orgnr}/")
    assert [len(page) for page in pages] == [50, 50, 16]
    seen = [(entry.app, str(entry.kind), entry.key) for page in pages for entry in page]
    assert len(seen) == len(set(seen)) == 116
    whens = [entry.when for page in pages for entry in page]
    assert whens == sorted(whens, reverse=True)
    assert str(pages[0][0].title) == "Ring tilbake"


def test_the_show_older_link_works_without_javascript(personas, client_for):
    business = personas.business
    for number in range(60):
        make_event(business, day=timezone.localdate() - datetime.timedelta(days=number))
    response = client_for("anonymous").get(f"/bedrifter/{business.orgnr}/", headers=EN)
    html = response.content.decode()
    link = re.search(r'<a class="ds-link" href="([^"]+)">Show older</a>', html)
    assert link, "the first page links to the older entries"
    older = client_for("anonymous").get(f"/bedrifter/{business.orgnr}/" + unescape(link.group(1)), headers=EN)
    assert older.status_code == 200
    assert len(older.context["timeline"]["entries"]) == 10
    assert "Back to the newest" in older.content.decode()
    assert "Show older" not in older.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?before=yesterday",
        "?before=2026-13-01T00:00:00%2B01:00",
        "?before=2026-03-01T00:00:00",
        "?before=2026-03-01T00:00:00Z&skip=-1",
        "?before=2026-03-01T00:00:00Z&skip=99999",
    ],
)
def test_a_cursor_the_page_did_not_make_is_a_400(personas, client_for, query):
    assert client_for("anonymous").get(f"/bedrifter/{personas.business.orgnr}/{query}").status_code == 400


# --- Query counts --------------------------------------------------------------------------------


def _grow(personas, times: int):
    business, officer = personas.business, personas.officer
    today = timezone.localdate()
    meeting = make_meeting(officer, starts=days_ago(times + 200), title=f"Møte {times}")
    for number in range(times):
        day = today - datetime.timedelta(days=number + 1)
        make_event(business, day=day)
        make_enquiry(business=business, user=personas.owner, created=at(day, 9))
        make_interaction([business], by=officer, day=day)
        make_red_flag(business, by=officer, raised=at(day, 10), resolved=at(day, 11))
        make_follow_up(business, owner=officer, due=day, created=at(day, 12), state=FollowUp.State.DONE)
        item = make_item(meeting, business, title=f"Sak {times}-{number}")
        make_action_point(meeting, business, title=f"Oppfølging {times}-{number}", owner=officer, item=item)


@pytest.mark.parametrize("name", ["officer", "owner", "council_member", "anonymous"])
def test_the_timeline_costs_the_same_queries_however_long_it_grows(personas, name, django_assert_max_num_queries):
    def fresh():  # as a request gets it: no roles or permissions cached on the object yet
        user = getattr(personas, name)
        return User.objects.get(pk=user.pk) if user else _anonymous()

    def count() -> int:
        user = fresh()
        with CaptureQueriesContext(connection) as queries:
            timeline_for(personas.business, user)
        return len(queries)

    _grow(personas, 3)
    small = count()
    _grow(personas, 40)
    assert count() == small
    user = fresh()
    # roles and permissions, and one query per app (businesses: two UNIONs; meetings, strategies, procurement: one)
    with django_assert_max_num_queries(8):
        timeline_for(personas.business, user)


def test_the_business_page_costs_the_same_queries_with_a_long_timeline(personas, client_for):
    client = client_for("officer")
    url = f"/bedrifter/{personas.business.orgnr}/"
    _grow(personas, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(personas, 40)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    # Issue 11 set 15 for the business page with its timeline; procurement's timeline source (issue 13) made it 16.
    # Known and noted: bringing it back needs the apps' sources in one UNION across apps (portal/timeline.py).
    assert len(large) <= 16
