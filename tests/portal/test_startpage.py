"""The role's own pages: the staff start page "Mine oppgaver" (/arbeid/), a business owner's Min side, where
each role lands after logging in, and the sections the header shows each persona."""

import datetime
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from businesses.models import BusinessClaim, Enquiry, Topic
from meetings.models import ActionPoint, ItemProposal, Meeting, MeetingSeries, Visibility
from portal.adapters import AccountAdapter
from portal.roles import Role
from tests.factories import TEST_PASSWORD, BusinessFactory, BusinessRepresentativeFactory, UserFactory

EN = {"accept-language": "en"}


def make_meeting(organiser, title, *, days: int, state=Meeting.State.INVITED, series=None, visibility=Visibility.PUBLIC):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Meeting.objects.create(
        series=series,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        organiser=organiser,
        state=state,
        visibility=visibility,
    )


def make_waiting_work(personas) -> dict:
    """Something of every kind the start page lists, beside things of each kind it must leave out."""
    officer, council = personas.officer, personas.council_member
    today = timezone.localdate()
    series = MeetingSeries.objects.create(name="Dialogmøte næringsråd–kommunedirektør", organiser=officer)
    series.members.add(council)
    upcoming = make_meeting(officer, "Dialogmøte 1/2027", days=7, series=series)
    cancelled = make_meeting(officer, "Avlyst møte", days=14, state=Meeting.State.CANCELLED, series=series)
    held = make_meeting(officer, "Dialogmøte 4/2026", days=-30, state=Meeting.State.HELD, series=series)
    over = make_meeting(officer, "Frokostmøte", days=-2, state=Meeting.State.INVITED)
    make_meeting(officer, "Dialogmøte 3/2026", days=-120, state=Meeting.State.MINUTES_PUBLISHED, series=series)
    make_meeting(officer, "Avlyst i fjor", days=-200, state=Meeting.State.CANCELLED)
    waiting = ItemProposal.objects.create(meeting=upcoming, proposed_by=council, title="Parkering i sentrum")
    ItemProposal.objects.create(
        meeting=upcoming, proposed_by=council, title="Allerede tatt inn", status=ItemProposal.Status.ACCEPTED
    )
    ItemProposal.objects.create(meeting=cancelled, proposed_by=council, title="Forslag til avlyst møte")

    def point(title, owner, due, status=ActionPoint.Status.OPEN):
        return ActionPoint.objects.create(
            meeting=held,
            title=title,
            owner=owner,
            due_date=None if due is None else today + datetime.timedelta(days=due),
            status=status,
        )

    return {
        "series": series,
        "upcoming": upcoming,
        "held": held,
        "over": over,
        "proposal": waiting,
        "soon": point("Sende referatet til rådet", officer, 5),
        "overdue": point("Bestille lokale", officer, -3, ActionPoint.Status.IN_PROGRESS),
        "later": point("Årsrapport", officer, 30),
        "done": point("Ferdig sak", officer, -10, ActionPoint.Status.DONE),
        "undated": point("Uten frist", officer, None),
        "council_point": point("Be Ruter om ny rute", council, 1),
    }


def titles(response, key: str, field: str) -> list[str]:
    part = next(part for part in response.context["parts"] if part.key == key)
    return [str(item.title) for item in part.data[field]]


# The business team's sections of the start page, before the meetings' (filled in tests/businesses/test_work_queue.py).
BUSINESS_WORK = [
    "businesses.enquiries",
    "businesses.follow_ups",
    "businesses.red_flags",
    "businesses.claims",
    "businesses.meeting_requests",
]


def part_keys(response) -> list[str]:
    return [part.key for part in response.context["parts"]]


# --- What waits for whom -------------------------------------------------------------------


def test_the_officer_sees_exactly_the_proposals_minutes_and_own_action_points_waiting(client_for, personas):
    work = make_waiting_work(personas)
    response = client_for("officer").get("/arbeid/", headers=EN)
    assert response.status_code == 200
    assert part_keys(response) == [
        *BUSINESS_WORK,
        "meetings.proposals",
        "meetings.minutes",
        "meetings.action_points",
        "strategies.reports_to_submit",
        "strategies.rounds_to_approve",
        "procurement.dialogue_work",
    ]
    assert titles(response, "meetings.proposals", "proposals") == ["Parkering i sentrum"]
    assert titles(response, "meetings.minutes", "meetings") == ["Dialogmøte 4/2026", "Frokostmøte"]
    assert titles(response, "meetings.action_points", "points") == ["Bestille lokale", "Sende referatet til rådet"]
    assert response.context["waiting"] == 5  # nothing waits in the business sections (tests/businesses/test_work_queue.py)
    html = response.content.decode()
    assert "5 things are waiting for you." in html
    # Each item links to the page where it is dealt with.
    assert f'href="/moter/forslag/{work["proposal"].pk}/">Parkering i sentrum</a>' in html
    assert f'href="/moter/{work["held"].pk}/referat/endre/">Dialogmøte 4/2026,' in html
    assert f'href="/moter/{work["over"].pk}/">Frokostmøte,' in html
    assert f'href="/moter/oppfolging/{work["overdue"].pk}/">Bestille lokale</a>' in html
    assert f'href="/moter/oppfolging/{work["soon"].pk}/">Sende referatet til rådet</a>' in html
    # Only the overdue one is marked so.
    assert html.count(">Overdue</span>") == 1


@pytest.mark.parametrize("persona", ["chief_executive", "admin"])
def test_other_staff_decide_the_same_proposals_and_minutes_but_see_only_their_own_action_points(client_for, personas, persona):
    make_waiting_work(personas)
    response = client_for(persona).get("/arbeid/")
    assert titles(response, "meetings.proposals", "proposals") == ["Parkering i sentrum"]
    assert titles(response, "meetings.minutes", "meetings") == ["Dialogmøte 4/2026", "Frokostmøte"]
    assert titles(response, "meetings.action_points", "points") == []
    assert response.context["waiting"] == 3


def test_a_council_member_sees_only_their_own_action_points(client_for, personas):
    work = make_waiting_work(personas)
    response = client_for("council_member").get("/arbeid/", headers=EN)
    # A council member may also report on measures of the plan (tests/strategies/test_rounds.py).
    assert part_keys(response) == ["meetings.action_points", "strategies.reports_to_submit"]
    assert titles(response, "meetings.action_points", "points") == ["Be Ruter om ny rute"]
    html = response.content.decode()
    assert "One thing is waiting for you." in html
    assert f'href="/moter/oppfolging/{work["council_point"].pk}/"' in html
    assert "Parkering i sentrum" not in html


def test_nothing_waiting_says_so(client_for, personas):
    response = client_for("officer").get("/arbeid/", headers=EN)
    html = response.content.decode()
    assert response.context["waiting"] == 0
    assert "Nothing is waiting for you right now." in html
    assert "No proposals are waiting for a decision." in html
    assert "No minutes are waiting to be written." in html
    assert "None of your action points are due in the next two weeks." in html


def test_a_decided_proposal_and_published_minutes_leave_the_start_page(client_for, personas):
    work = make_waiting_work(personas)
    ItemProposal.objects.filter(pk=work["proposal"].pk).update(status=ItemProposal.Status.DECLINED)
    Meeting.objects.filter(pk=work["held"].pk).update(state=Meeting.State.MINUTES_PUBLISHED)
    ActionPoint.objects.filter(pk=work["overdue"].pk).update(status=ActionPoint.Status.DONE)
    response = client_for("officer").get("/arbeid/")
    assert titles(response, "meetings.proposals", "proposals") == []
    assert titles(response, "meetings.minutes", "meetings") == ["Frokostmøte"]
    assert titles(response, "meetings.action_points", "points") == ["Sende referatet til rådet"]


def test_an_organiser_outside_staff_is_offered_only_their_own_meetings(personas):
    """The queries behind the page: who may decide is who may change the meeting."""
    from meetings.queries import minutes_to_write, proposals_to_decide

    work = make_waiting_work(personas)
    organiser = personas.council_member
    own = make_meeting(organiser, "Rådets eget møte", days=-1, state=Meeting.State.HELD)
    ItemProposal.objects.create(meeting=make_meeting(organiser, "Rådets neste", days=3), proposed_by=organiser, title="Egen sak")
    assert [p.title for p in proposals_to_decide(organiser)] == ["Egen sak"]
    assert list(minutes_to_write(organiser)) == [own]
    assert work["proposal"] in proposals_to_decide(personas.officer)


# --- Min side ------------------------------------------------------------------------------


def test_a_business_owner_sees_the_businesses_they_represent_with_links(client_for, personas):
    BusinessRepresentativeFactory(business=BusinessFactory(orgnr="999888777", name="ANDRE BEDRIFT AS"), user=personas.owner)
    response = client_for("owner").get("/min-side/", headers=EN)
    assert response.status_code == 200
    assert part_keys(response) == [
        "businesses.represented",
        "businesses.my_enquiries",
        "businesses.my_meeting_requests",
        "businesses.my_claims",
        "procurement.my_registrations",
        "procurement.my_alerts",
    ]
    part = response.context["parts"][0]
    assert [b.orgnr for b in part.data["businesses"]] == ["999888777", "925321141"]
    html = response.content.decode()
    assert '<a class="ds-card" data-variant="tinted" href="/bedrifter/925321141/">' in html
    assert '<a class="ds-card" data-variant="tinted" href="/bedrifter/999888777/">' in html
    assert "BLOMSTERFRAKT" not in html  # the other owner's business


def test_an_owner_without_businesses_is_told_how_to_get_connected(client, db, settings):
    owner = UserFactory(email="ny@bedrift.example", role=Role.BUSINESS_OWNER)
    client.force_login(owner)
    html = client.get("/min-side/", headers=EN).content.decode()
    assert "You do not represent any business in the portal yet." in html
    assert f'href="mailto:{settings.PORTAL_CONTACT_EMAIL}"' in html


@pytest.mark.parametrize(
    ("persona", "sections"),
    [
        ("officer", []),
        ("chief_executive", []),
        ("admin", []),
        # Council members and politicians run businesses too: they may send enquiries and claim a business.
        ("council_member", ["businesses.my_enquiries", "businesses.my_claims", "procurement.my_registrations"]),
        ("politician", ["businesses.my_enquiries", "businesses.my_claims", "procurement.my_registrations"]),
    ],
)
def test_other_roles_have_no_business_section_on_min_side(client_for, personas, persona, sections):
    response = client_for(persona).get("/min-side/", headers=EN)
    assert response.status_code == 200
    assert part_keys(response) == sections
    assert "Your businesses" not in response.content.decode()


def test_someone_without_a_role_follows_their_claim_and_enquiry_on_min_side(client, personas):
    newcomer = UserFactory(email="ny.eier@test.example", name="Nora Ny")  # signed up; no role until a claim is approved
    BusinessClaim.objects.create(business=personas.other_business, user=newcomer, title="Daglig leder")
    Enquiry.objects.create(
        reference="2026-000777",
        topic=Topic.PREMISES,
        user=newcomer,
        sender_name="Nora Ny",
        sender_email=newcomer.email,
        message="Vi trenger et lager.",
        consent_text="Samtykke",
    )
    client.force_login(newcomer)
    response = client.get("/min-side/", headers=EN)
    assert part_keys(response) == ["businesses.my_enquiries", "businesses.my_claims", "procurement.my_registrations"]
    html = response.content.decode()
    assert '<a class="ds-link" href="/kontakt/henvendelser/2026-000777/">2026-000777</a>' in html
    assert "BLOMSTERFRAKT ØST AS (812844822)" in html


def test_min_side_shows_the_profile_and_the_account_pages(client_for, personas):
    html = client_for("owner").get("/min-side/", headers=EN).content.decode()
    assert "<dt>Name</dt><dd>Kari Eier</dd>" in html
    assert "<dt>E-mail</dt><dd>owner@test.example</dd>" in html
    assert "<dt>Language</dt><dd>Norwegian Bokmål</dd>" in html
    for href in ("/min-side/profil/", "/konto/email/", "/konto/password/change/", "/konto/2fa/"):
        assert f'href="{href}"' in html


# --- Where a login lands -------------------------------------------------------------------


def landing(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return AccountAdapter(request).get_login_redirect_url(request)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("owner", "/min-side/"),
        ("other_owner", "/min-side/"),
        ("officer", "/arbeid/"),
        ("chief_executive", "/arbeid/"),
        ("admin", "/arbeid/"),
        ("politician", "/oversikt/"),
        ("council_member", "/oversikt/"),
    ],
)
def test_each_role_lands_on_its_own_page(personas, persona, expected):
    assert landing(getattr(personas, persona)) == expected


def test_a_council_member_with_an_action_point_due_lands_on_the_start_page(personas):
    make_waiting_work(personas)
    assert landing(personas.council_member) == "/arbeid/"
    ActionPoint.objects.filter(owner=personas.council_member).update(status=ActionPoint.Status.DONE)
    assert landing(personas.council_member) == "/oversikt/"


def test_a_business_owner_logging_in_lands_on_min_side(client, personas):
    response = client.post("/konto/login/", {"login": "owner@test.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/min-side/"


def test_an_officer_logging_in_lands_on_the_start_page_after_the_code(client, personas):
    import pyotp

    client.post("/konto/login/", {"login": "officer@test.example", "password": TEST_PASSWORD})
    response = client.post("/konto/2fa/authenticate/", {"code": pyotp.TOTP(personas.officer.totp_secret).now()})
    assert response["Location"] == "/arbeid/"


def test_an_explicit_next_still_wins(client, personas):
    response = client.post("/konto/login/?next=/moter/", {"login": "owner@test.example", "password": TEST_PASSWORD})
    assert response["Location"] == "/moter/"


# --- The header ----------------------------------------------------------------------------

HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT = (
    "/",
    "/bedrifter/",
    "/moter/",
    "/strategi/",
    "/anskaffelser/",
    "/kontakt/",
)
WORK, DASHBOARD, ADMIN = "/arbeid/", "/oversikt/", "/admin/"
NAV = {
    "anonymous": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT],
    "owner": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT],
    "other_owner": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT],
    "officer": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT, WORK, DASHBOARD],
    "council_member": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT, WORK, DASHBOARD],
    "chief_executive": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT, WORK, DASHBOARD],
    "politician": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT, DASHBOARD],
    "admin": [HOME, REGISTRY, MEETINGS, STRATEGY, PROCUREMENT, CONTACT, WORK, DASHBOARD, ADMIN],
}
MIN_SIDE_MENU = ["/min-side/", "/min-side/profil/", "/konto/password/change/", "/konto/2fa/", "/konto/email/"]


def links_in(html: str, start: str) -> list[str]:
    block = html[html.index(start) :]
    block = block[: block.index("</ul>")]
    return re.findall(r'href="([^"]+)"', block)


@pytest.mark.parametrize("persona", NAV.keys())
def test_the_header_shows_exactly_the_sections_of_the_role(client_for, persona):
    html = client_for(persona).get("/tilgjengelighet/").content.decode()
    assert links_in(html, '<ul class="site-nav-sections">') == NAV[persona]
    if persona == "anonymous":
        assert 'class="site-menu"' not in html
        assert links_in(html, '<ul class="site-nav-account">') == ["/konto/login/", "/konto/signup/"]
    else:
        assert links_in(html, '<details class="site-menu">') == MIN_SIDE_MENU


@pytest.mark.parametrize(("url", "persona"), [("/arbeid/", "officer"), ("/min-side/", "owner"), ("/min-side/profil/", "owner")])
def test_the_header_marks_the_current_page(client_for, url, persona):
    html = client_for(persona).get(url).content.decode()
    assert html.count('aria-current="page"') == (2 if url == "/min-side/profil/" else 1)  # the profile's breadcrumb too
    assert re.search(rf'href="{url}"( [^>]*)? aria-current="page"', html)


# --- Query counts --------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_work(personas, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        meeting = make_meeting(personas.officer, f"Ekstra møte {i}", days=-10 - i, state=Meeting.State.HELD)
        upcoming = make_meeting(personas.officer, f"Kommende {i}", days=10 + i)
        proposer = UserFactory(email=f"forslag{i}@test.example")
        ItemProposal.objects.create(meeting=upcoming, proposed_by=proposer, title=f"Forslag {i}")
        ActionPoint.objects.create(meeting=meeting, title=f"Punkt {i}", owner=personas.officer, due_date=today)


def test_the_start_page_reads_a_fixed_number_of_queries_as_work_grows(client_for, personas, django_assert_max_num_queries):
    make_waiting_work(personas)
    client = client_for("officer")
    with django_assert_max_num_queries(15):  # the session, the user and their roles, one query per section
        assert client.get("/arbeid/").status_code == 200
    before = queries_for(client, "/arbeid/")
    more_work(personas, 5)
    assert client.get("/arbeid/").context["waiting"] == 5 + 5 * 3
    assert queries_for(client, "/arbeid/") == before, before


def test_min_side_reads_a_fixed_number_of_queries_as_businesses_grow(client_for, personas, django_assert_max_num_queries):
    client = client_for("owner")
    with django_assert_max_num_queries(11):  # the session, the user and their roles, one query per section
        assert client.get("/min-side/").status_code == 200
    before = queries_for(client, "/min-side/")
    for i in range(5):
        BusinessRepresentativeFactory(business=BusinessFactory(orgnr=f"99900000{i}"), user=personas.owner)
    assert len(client.get("/min-side/").context["parts"][0].data["businesses"]) == 6
    assert queries_for(client, "/min-side/") == before
