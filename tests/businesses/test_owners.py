"""Business owners: claims, the business's own profile and meeting requests, with exact rows, e-mails and log entries.

E-mails are checked in English (the users' language is set to en), so the tests do not depend on the translations.
"""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from businesses.models import (
    Business,
    BusinessClaim,
    BusinessProfile,
    BusinessRepresentative,
    EnquiryRoute,
    MeetingRequest,
    OfferedTime,
    ProfileContactPerson,
)
from businesses.services.owners import OwnerStateError, accept_offered_time, approve_claim, reject_claim
from meetings.models import Meeting, Participant
from portal.models import ActivityLog
from portal.queries import user_roles
from portal.roles import Role
from tests.businesses.factories_owners import THIRD_ORGNR, UNKNOWN_ORGNR, in_days, make_owners_data, offered_request
from tests.factories import BusinessFactory, UserFactory

PREFIX = "[Næringsportal] "


@pytest.fixture
def owners_data(personas):
    for user in (personas.owner, personas.other_owner, personas.officer):
        user.language = "en"
        user.save(update_fields=["language"])
    data = make_owners_data(personas)
    data["claimant"].language = "en"
    data["claimant"].save(update_fields=["language"])
    return data


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _actions(action: str) -> list:
    return list(ActivityLog.objects.filter(action=action).order_by("pk").values_list("actor__email", "object_id", "data"))


# --- Claims -------------------------------------------------------------------------------------


def test_a_user_claims_a_business_and_the_officers_are_told(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    client = client_for("council_member")
    assert client.get(f"/bedrifter/krav/?orgnr={THIRD_ORGNR}").context["form"]["orgnr"].value() == THIRD_ORGNR
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bedrifter/krav/", {"orgnr": "923 609 016", "title": "Styreleder", "message": "Se Brreg."})
    assert (response.status_code, response["Location"]) == (302, f"/bedrifter/{THIRD_ORGNR}/")
    claim = BusinessClaim.objects.get(user=personas.council_member)
    assert (claim.business.orgnr, claim.title, claim.message, claim.state) == (THIRD_ORGNR, "Styreleder", "Se Brreg.", "pending")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["officer@test.example"], PREFIX + "Claim to represent FJORDKAFFE AS")]
    assert "Yngve Råd (council@test.example) asks to represent FJORDKAFFE AS (923609016)." in mail.outbox[0].body
    assert "/bedrifter/krav/behandle/" in mail.outbox[0].body
    assert _actions("businesses.claim_created") == [("council@test.example", str(claim.pk), {"business": THIRD_ORGNR})]


@pytest.mark.parametrize(
    ("orgnr", "persona", "error"),
    [
        ("925321142", "council_member", "Not a valid organisation number: nine digits with a correct check digit."),
        ("12345", "council_member", "Not a valid organisation number: nine digits with a correct check digit."),
        (UNKNOWN_ORGNR, "council_member", "No business with this organisation number is in the registry."),
        ("925321141", "owner", "You already represent this business."),
        (THIRD_ORGNR, "claimant", "You have already claimed this business; an officer will look at it soon."),
    ],
)
def test_a_bad_claim_is_refused_at_the_field_and_nothing_is_saved(client, client_for, owners_data, orgnr, persona, error):
    if persona == "claimant":
        client.force_login(owners_data["claimant"])
    else:
        client = client_for(persona)
    client.cookies["django_language"] = "en"
    response = client.post("/bedrifter/krav/", {"orgnr": orgnr, "title": "Eier", "message": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {"orgnr": [error]}
    assert "ds-error-summary" in response.content.decode()
    assert BusinessClaim.objects.count() == 1
    assert not ActivityLog.objects.filter(action="businesses.claim_created").exists()


def test_approving_a_claim_makes_a_representative_with_the_owner_role(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    claim, claimant = owners_data["claim"], owners_data["claimant"]
    claimant.groups.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(f"/bedrifter/krav/{claim.pk}/godkjenn/")
    assert (response.status_code, response["Location"]) == (302, "/bedrifter/krav/behandle/")
    claim.refresh_from_db()
    assert (claim.state, claim.decided_by, claim.decided_at is not None) == ("approved", personas.officer, True)
    assert list(BusinessRepresentative.objects.filter(user=claimant).values_list("business__orgnr", "title")) == [
        (THIRD_ORGNR, "Daglig leder")
    ]
    claimant = type(claimant).objects.get(pk=claimant.pk)
    assert user_roles(claimant) == {Role.BUSINESS_OWNER.value}
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ny.eier@test.example"], PREFIX + "You now represent FJORDKAFFE AS")]
    assert "/bedrifter/923609016/" in mail.outbox[0].body
    assert _actions("businesses.claim_approved") == [("officer@test.example", str(claim.pk), {"business": THIRD_ORGNR})]
    assert ActivityLog.objects.filter(action="role.assigned", object_id=str(claimant.pk), actor=personas.officer).count() == 1
    # A repeat changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert approve_claim(claim, by=personas.officer) is False
    assert (len(mail.outbox), BusinessRepresentative.objects.filter(user=claimant).count()) == (1, 1)
    with pytest.raises(OwnerStateError):
        reject_claim(claim, by=personas.officer, reason="For sent")


def test_one_person_may_represent_several_businesses(client_for, personas, owners_data):
    claim = BusinessClaim.objects.create(business=owners_data["third"], user=personas.owner, title="Eier")
    assert client_for("officer").post(f"/bedrifter/krav/{claim.pk}/godkjenn/").status_code == 302
    assert sorted(BusinessRepresentative.objects.filter(user=personas.owner).values_list("business__orgnr", flat=True)) == [
        "923609016",
        "925321141",
    ]
    assert not ActivityLog.objects.filter(action="role.assigned", actor=personas.officer).exists()  # already held


def test_rejecting_a_claim_needs_a_reason_and_tells_the_claimant(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    claim = owners_data["claim"]
    client = client_for("officer")
    response = client.post(f"/bedrifter/krav/{claim.pk}/avvis/", {f"reject-{claim.pk}-reason": "  "})
    assert response.status_code == 400
    assert list(response.context["bound_form"].errors) == ["reason"]
    claim.refresh_from_db()
    assert claim.state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bedrifter/krav/{claim.pk}/avvis/", {f"reject-{claim.pk}-reason": "Ikke i rollene i Brreg."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.reason, claim.decided_by) == ("rejected", "Ikke i rollene i Brreg.", personas.officer)
    assert not BusinessRepresentative.objects.filter(user=owners_data["claimant"]).exists()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ny.eier@test.example"], PREFIX + "Your claim to represent FJORDKAFFE AS")
    ]
    assert "Reason:\nIkke i rollene i Brreg." in mail.outbox[0].body
    assert _actions("businesses.claim_rejected") == [("officer@test.example", str(claim.pk), {"business": THIRD_ORGNR})]
    # Approving it afterwards is refused, and nothing changes.
    assert client.post(f"/bedrifter/krav/{claim.pk}/godkjenn/").status_code == 409
    assert not BusinessRepresentative.objects.filter(user=owners_data["claimant"]).exists()


def test_the_claim_list_shows_pending_claims_first_with_few_queries(
    client_for, personas, owners_data, django_assert_max_num_queries
):
    decided = BusinessClaim.objects.create(business=personas.other_business, user=personas.politician, state="rejected")
    client = client_for("officer")
    client.get("/bedrifter/krav/behandle/")  # warm the session and role caches
    with django_assert_max_num_queries(9):
        response = client.get("/bedrifter/krav/behandle/")
    assert [c.pk for c in response.context["claims"]] == [owners_data["claim"].pk, decided.pk]
    for number in range(5):
        user = UserFactory(email=f"krav{number}@test.example")
        BusinessClaim.objects.create(business=personas.business, user=user)
    with django_assert_max_num_queries(9):
        response = client.get("/bedrifter/krav/behandle/")
    assert len(response.context["claims"]) == 7


# --- The business's profile ---------------------------------------------------------------------


def _profile_post(**overrides) -> dict:
    data = {
        "description": "Renhold for bedrifter i Bærum.",
        "needs": "Lager på 200 m².",
        "website": "https://desintrygg.example",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
        "contacts-0-name": "Kari Eier",
        "contacts-0-role": "Daglig leder",
        "contacts-0-email": "kari@desintrygg.example",
        "contacts-0-phone": "+47 900 00 000",
    }
    return {**data, **overrides}


def test_an_owner_keeps_the_profile_and_the_log_has_no_personal_data(client_for, personas, owners_data):
    client = client_for("owner")
    response = client.post("/bedrifter/925321141/profil/", _profile_post())
    assert (response.status_code, response["Location"]) == (302, "/bedrifter/925321141/")
    profile = BusinessProfile.objects.get(business=personas.business)
    assert (profile.description, profile.needs, profile.website, profile.updated_by) == (
        "Renhold for bedrifter i Bærum.",
        "Lager på 200 m².",
        "https://desintrygg.example",
        personas.owner,
    )
    person = profile.contact_persons.get()
    assert (person.name, person.role, person.email, person.phone) == (
        "Kari Eier",
        "Daglig leder",
        "kari@desintrygg.example",
        "+47 900 00 000",
    )
    # Change the person, add one, then remove the first.
    response = client.post(
        "/bedrifter/925321141/profil/",
        _profile_post(
            **{
                "contacts-TOTAL_FORMS": "2",
                "contacts-INITIAL_FORMS": "1",
                "contacts-0-id": str(person.pk),
                "contacts-0-phone": "+47 911 11 111",
                "contacts-1-name": "Per Regnskap",
                "contacts-1-role": "Økonomi",
            }
        ),
    )
    assert response.status_code == 302
    assert list(profile.contact_persons.values_list("name", "phone")) == [("Kari Eier", "+47 911 11 111"), ("Per Regnskap", "")]
    response = client.post(
        "/bedrifter/925321141/profil/",
        _profile_post(
            **{
                "needs": "",
                "contacts-TOTAL_FORMS": "3",
                "contacts-INITIAL_FORMS": "2",
                "contacts-0-id": str(person.pk),
                "contacts-0-DELETE": "on",
                "contacts-1-id": str(profile.contact_persons.get(name="Per Regnskap").pk),
                "contacts-1-name": "Per Regnskap",
                "contacts-1-role": "Økonomi",
            }
        ),
    )
    assert response.status_code == 302
    assert list(ProfileContactPerson.objects.values_list("name", flat=True)) == ["Per Regnskap"]
    assert [entry[2] for entry in _actions("businesses.profile_changed")] == [
        {
            "business": "925321141",
            "fields": ["description", "needs", "website"],
            "contact_persons": {"added": 1, "changed": 0, "removed": 0},
        },
        {"business": "925321141", "fields": [], "contact_persons": {"added": 1, "changed": 1, "removed": 0}},
        {"business": "925321141", "fields": ["needs"], "contact_persons": {"added": 0, "changed": 0, "removed": 1}},
    ]
    # Saving the same again logs nothing.
    client.post(
        "/bedrifter/925321141/profil/",
        _profile_post(
            **{
                "needs": "",
                "contacts-TOTAL_FORMS": "1",
                "contacts-INITIAL_FORMS": "1",
                "contacts-0-id": str(profile.contact_persons.get().pk),
                "contacts-0-name": "Per Regnskap",
                "contacts-0-role": "Økonomi",
                "contacts-0-email": "",
                "contacts-0-phone": "",
            }
        ),
    )
    assert ActivityLog.objects.filter(action="businesses.profile_changed").count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"website": "javascript:alert(1)"}, "website"),
        ({"contacts-0-email": "not-an-email"}, "contacts-0-email"),
        ({"contacts-0-name": ""}, "contacts-0-name"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_saved(client_for, owners_data, overrides, field):
    response = client_for("owner").post("/bedrifter/925321141/profil/", _profile_post(**overrides))
    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.content.decode()
    assert not BusinessProfile.objects.exists()
    assert not ProfileContactPerson.objects.exists()


def test_another_business_contact_person_id_in_the_form_is_refused(client_for, personas, owners_data):
    other = BusinessProfile.objects.create(business=personas.other_business, description="Blomster")
    stranger = ProfileContactPerson.objects.create(profile=other, name="Ola Annen", email="ola@blomster.example")
    own = BusinessProfile.objects.create(business=personas.business)
    response = client_for("owner").post(
        "/bedrifter/925321141/profil/",
        _profile_post(**{"contacts-INITIAL_FORMS": "1", "contacts-0-id": str(stranger.pk), "contacts-0-name": "Kapret"}),
    )
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert (stranger.profile, stranger.name) == (other, "Ola Annen")
    assert not own.contact_persons.exists()


def test_the_officer_may_keep_the_profile_too(client_for, personas, owners_data):
    response = client_for("officer").post("/bedrifter/812844822/profil/", _profile_post())
    assert response.status_code == 302
    assert BusinessProfile.objects.get(business=personas.other_business).updated_by == personas.officer


# --- The panel on the business's page -----------------------------------------------------------


def test_the_panel_shows_each_role_what_it_may_see(client_for, personas, owners_data):
    profile = BusinessProfile.objects.create(business=personas.business, description="Renhold", needs="Lager")
    ProfileContactPerson.objects.create(profile=profile, name="Kari Eier", email="kari@desintrygg.example")
    owner_panel = client_for("owner").get("/bedrifter/925321141/").context["owner_panel"]
    assert (owner_panel["profile"], [p.name for p in owner_panel["contact_persons"]]) == (profile, ["Kari Eier"])
    assert (owner_panel["edit_url"], owner_panel["meeting_url"]) == ("/bedrifter/925321141/profil/", "/bedrifter/925321141/mote/")
    officer_panel = client_for("officer").get("/bedrifter/925321141/").context["owner_panel"]
    assert (officer_panel["profile"], officer_panel["meeting_url"]) == (profile, "")
    other = client_for("other_owner").get("/bedrifter/925321141/")
    assert other.context["owner_panel"] == {"claim_url": "/bedrifter/krav/?orgnr=925321141", "pending_claim": False}
    assert "kari@desintrygg.example" not in other.content.decode()
    anonymous = client_for("anonymous").get("/bedrifter/925321141/")
    assert anonymous.context["owner_panel"] == {}
    assert "kari@desintrygg.example" not in anonymous.content.decode()
    assert "/bedrifter/krav/" not in anonymous.content.decode()


def test_the_panel_queries_stay_few_as_contact_persons_grow(client_for, personas, owners_data, django_assert_num_queries, rf):
    from businesses.views.owners import detail_panel

    profile = BusinessProfile.objects.create(business=personas.business, description="Renhold")
    request = rf.get("/bedrifter/925321141/")
    request.user = personas.owner
    user_roles(personas.owner)

    def fresh():  # as the business page reads it: no profile cached on the object yet
        return Business.objects.get(pk=personas.business.pk)

    business = fresh()
    with django_assert_num_queries(3):  # represents, profile, its contact persons
        detail_panel(request, business)
    for number in range(6):
        ProfileContactPerson.objects.create(profile=profile, name=f"Person {number}")
    business = fresh()
    with django_assert_num_queries(3):
        panel = detail_panel(request, business)
    assert len(panel["contact_persons"]) == 6


# --- Meeting requests ---------------------------------------------------------------------------


def test_an_owner_asks_for_a_meeting_and_the_routed_adviser_is_told(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    adviser = UserFactory(email="radgiver@test.example", name="Amir Rådgiver", role=Role.OFFICER, language="en")
    EnquiryRoute.objects.create(topic="funding", adviser=adviser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("owner").post("/bedrifter/925321141/mote/", {"topic": "funding", "message": "Søke om tilskudd."})
    meeting_request = MeetingRequest.objects.get(topic="funding")
    assert (response.status_code, response["Location"]) == (302, f"/bedrifter/motebestillinger/{meeting_request.pk}/")
    assert (meeting_request.business, meeting_request.requested_by, meeting_request.adviser, meeting_request.state) == (
        personas.business,
        personas.owner,
        adviser,
        "requested",
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["radgiver@test.example"], PREFIX + "Meeting request from DESINTRYGG AS")
    ]
    assert "Kari Eier of DESINTRYGG AS asks for a meeting about: Funding.\n\nSøke om tilskudd." in mail.outbox[0].body
    assert _actions("businesses.meeting_request_created") == [
        ("owner@test.example", str(meeting_request.pk), {"business": "925321141", "topic": "funding", "adviser": adviser.pk})
    ]


@pytest.mark.parametrize("data", [{"topic": "funding", "message": ""}, {"topic": "lunch", "message": "Hei"}, {}])
def test_a_bad_meeting_request_is_refused(client_for, owners_data, data):
    response = client_for("owner").post("/bedrifter/925321141/mote/", data)
    assert response.status_code == 400
    assert MeetingRequest.objects.count() == 2


def test_the_list_shows_the_team_all_and_an_owner_their_own(client_for, personas, owners_data, django_assert_max_num_queries):
    own, other = owners_data["request"], owners_data["other_request"]
    newest = offered_request(personas.business, personas.owner, personas.officer, times=0, state="requested")
    officer = client_for("officer")
    assert [r.pk for r in officer.get("/bedrifter/motebestillinger/").context["meeting_requests"]] == [
        newest.pk,
        other.pk,
        own.pk,
    ]
    assert [r.pk for r in officer.get("/bedrifter/motebestillinger/?state=requested").context["meeting_requests"]] == [newest.pk]
    assert officer.get("/bedrifter/motebestillinger/?state=nonsense").status_code == 400
    with django_assert_max_num_queries(9):
        officer.get("/bedrifter/motebestillinger/")
    for _ in range(5):
        offered_request(personas.other_business, personas.other_owner, personas.officer, times=0)
    with django_assert_max_num_queries(9):
        assert len(officer.get("/bedrifter/motebestillinger/").context["meeting_requests"]) == 8
    owner = client_for("owner")
    assert [r.pk for r in owner.get("/bedrifter/motebestillinger/").context["meeting_requests"]] == [newest.pk, own.pk]


def _offer(client, meeting_request, *slots):
    data = {}
    for number, (starts_at, ends_at, place) in enumerate(slots, start=1):
        data |= {f"starts_at_{number}": starts_at, f"ends_at_{number}": ends_at, f"place_{number}": place}
    return client.post(f"/bedrifter/motebestillinger/{meeting_request.pk}/tider/", data)


def test_the_adviser_offers_times_and_the_requester_is_told(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    meeting_request = MeetingRequest.objects.create(
        business=personas.business, requested_by=personas.owner, topic="premises", message="Lager"
    )
    first, second = in_days(3, 9), in_days(4, 13)
    with django_capture_on_commit_callbacks(execute=True):
        response = _offer(
            client_for("officer"),
            meeting_request,
            (_local(first), _local(first + datetime.timedelta(hours=1)), "Rådhuset"),
            (_local(second), _local(second + datetime.timedelta(minutes=30)), ""),
        )
    assert (response.status_code, response["Location"]) == (302, f"/bedrifter/motebestillinger/{meeting_request.pk}/")
    meeting_request.refresh_from_db()
    # Nobody was routed to the topic: the officer who offers becomes the adviser.
    assert (meeting_request.state, meeting_request.adviser) == ("offered", personas.officer)
    assert list(meeting_request.offered_times.values_list("starts_at", "ends_at", "place")) == [
        (first, first + datetime.timedelta(hours=1), "Rådhuset"),
        (second, second + datetime.timedelta(minutes=30), ""),
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["owner@test.example"], PREFIX + "Choose a time for your meeting about DESINTRYGG AS")
    ]
    end = first + datetime.timedelta(hours=1)
    assert f"{timezone.localtime(first):%H:%M}–{timezone.localtime(end):%H:%M}, Rådhuset" in mail.outbox[0].body
    assert _actions("businesses.meeting_request_offered") == [("officer@test.example", str(meeting_request.pk), {"times": 2})]


@pytest.mark.parametrize(
    ("slot", "fields"),
    [
        ((in_days(-1), in_days(-1, 11), ""), ["starts_at_1"]),  # in the past
        ((in_days(5, 11), in_days(5, 10), ""), ["ends_at_1"]),  # ends before it starts
        ((in_days(5, 10), in_days(5, 10), ""), ["ends_at_1"]),  # ends as it starts
        ((None, None, ""), ["starts_at_1", "ends_at_1"]),  # none at all
    ],
)
def test_a_bad_time_is_refused_and_nothing_saved(client_for, owners_data, slot, fields):
    meeting_request = owners_data["request"]
    before = list(meeting_request.offered_times.values_list("pk", flat=True))
    starts_at, ends_at, place = slot
    response = _offer(
        client_for("officer"),
        meeting_request,
        (_local(starts_at) if starts_at else "", _local(ends_at) if ends_at else "", place),
    )
    assert response.status_code == 400
    assert list(response.context["offer_form"].errors) == fields
    assert list(meeting_request.offered_times.values_list("pk", flat=True)) == before
    assert not ActivityLog.objects.filter(action="businesses.meeting_request_offered").exists()


def test_accepting_a_time_books_one_meeting_with_an_invitation(
    client_for, personas, owners_data, django_capture_on_commit_callbacks
):
    meeting_request = owners_data["request"]
    chosen = meeting_request.offered_times.order_by("starts_at").last()
    client = client_for("owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bedrifter/motebestillinger/{meeting_request.pk}/godta/", {"offered_time": chosen.pk})
    meeting = Meeting.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/moter/{meeting.pk}/")
    with translation.override("nb"):  # the portal's language, whoever accepts: "Møte med DESINTRYGG AS"
        title = gettext("Meeting with %(business)s") % {"business": "DESINTRYGG AS"}
    assert (meeting.title, meeting.starts_at, meeting.ends_at, meeting.place) == (
        title,
        chosen.starts_at,
        chosen.ends_at,
        "Rådhuset, møterom 3",
    )
    assert (meeting.organiser, meeting.visibility, meeting.state) == (personas.officer, "internal", "invited")
    assert sorted(Participant.objects.filter(meeting=meeting).values_list("user__email", flat=True)) == [
        "officer@test.example",
        "owner@test.example",
    ]
    meeting_request.refresh_from_db()
    assert (meeting_request.state, meeting_request.meeting) == ("accepted", meeting)
    assert sorted(m.to[0] for m in mail.outbox) == ["officer@test.example", "owner@test.example"]
    for message in mail.outbox:
        name, content, mimetype = message.attachments[0]
        assert (name, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST")
        event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
        assert (str(event["SUMMARY"]), event["DTSTART"].dt) == (title, chosen.starts_at)
    assert _actions("businesses.meeting_request_accepted") == [
        ("owner@test.example", str(meeting_request.pk), {"offered_time": chosen.pk, "meeting": meeting.pk})
    ]
    # The owner sees the internal meeting they take part in.
    assert client.get(f"/moter/{meeting.pk}/").status_code == 200
    # A second acceptance is refused: still one meeting, no more mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bedrifter/motebestillinger/{meeting_request.pk}/godta/", {"offered_time": chosen.pk})
    assert response.status_code == 409
    assert (Meeting.objects.count(), len(mail.outbox)) == (1, 2)
    with pytest.raises(OwnerStateError):
        accept_offered_time(meeting_request, chosen, by=personas.owner)
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("value", ["other", "999999", "abc", ""])
def test_a_tampered_time_id_is_refused(client_for, owners_data, value):
    meeting_request = owners_data["request"]
    if value == "other":
        value = owners_data["other_request"].offered_times.get().pk
    response = client_for("owner").post(f"/bedrifter/motebestillinger/{meeting_request.pk}/godta/", {"offered_time": value})
    assert response.status_code == 400
    assert list(response.context["accept_form"].errors) == ["offered_time"]
    meeting_request.refresh_from_db()
    assert (meeting_request.state, Meeting.objects.count()) == ("offered", 0)


def test_a_time_that_has_passed_cannot_be_accepted(client_for, owners_data):
    meeting_request = owners_data["request"]
    time = meeting_request.offered_times.first()
    OfferedTime.objects.filter(pk=time.pk).update(starts_at=in_days(-2), ends_at=in_days(-2, 11))
    response = client_for("owner").post(f"/bedrifter/motebestillinger/{meeting_request.pk}/godta/", {"offered_time": time.pk})
    assert response.status_code == 409
    assert Meeting.objects.count() == 0


def test_the_requester_withdraws_and_the_adviser_is_told(client_for, owners_data, django_capture_on_commit_callbacks):
    meeting_request = owners_data["request"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("owner").post(f"/bedrifter/motebestillinger/{meeting_request.pk}/avslutt/", {"message": "Løst."})
    assert response.status_code == 302
    meeting_request.refresh_from_db()
    assert meeting_request.state == "cancelled"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["officer@test.example"], PREFIX + "DESINTRYGG AS withdrew the meeting request")
    ]
    assert "Løst." in mail.outbox[0].body
    assert _actions("businesses.meeting_request_closed") == [
        ("owner@test.example", str(meeting_request.pk), {"state": "cancelled"})
    ]
    # Closed: a repeat is a no-op, and times can no longer be offered or accepted.
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("owner").post(f"/bedrifter/motebestillinger/{meeting_request.pk}/avslutt/").status_code == 302
    assert len(mail.outbox) == 1
    time = meeting_request.offered_times.first()
    assert (
        client_for("owner")
        .post(f"/bedrifter/motebestillinger/{meeting_request.pk}/godta/", {"offered_time": time.pk})
        .status_code
        == 409
    )
    slot = (_local(in_days(3)), _local(in_days(3, 11)), "")
    assert _offer(client_for("officer"), meeting_request, slot).status_code == 409


def test_the_adviser_declines_and_the_requester_is_told(client_for, owners_data, django_capture_on_commit_callbacks):
    meeting_request = owners_data["request"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(
            f"/bedrifter/motebestillinger/{meeting_request.pk}/avslutt/", {"message": "Ring oss."}
        )
    assert response.status_code == 302
    meeting_request.refresh_from_db()
    assert meeting_request.state == "declined"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["owner@test.example"], PREFIX + "Your meeting request for DESINTRYGG AS is declined")
    ]
    assert "Ingrid Næringssjef closed your request for a meeting about Premises and land.\n\nRing oss." in mail.outbox[0].body


# --- Demo ---------------------------------------------------------------------------------------


def test_the_demo_content_loads_twice_without_duplicates(db, django_capture_on_commit_callbacks):
    from businesses.demo import owners as demo

    for orgnr, name in [
        ("925321141", "DESINTRYGG AS"),
        ("812844822", "BLOMSTERFRAKT ØST AS"),
        ("932167867", "STRAND PLANTEPLAN"),
    ]:
        BusinessFactory(orgnr=orgnr, name=name)
    users = {
        email: UserFactory(email=email, role=role)
        for email, role in [
            ("eier@demo.example", Role.BUSINESS_OWNER),
            ("annen.eier@demo.example", Role.BUSINESS_OWNER),
            ("naeringssjef@demo.example", Role.OFFICER),
            ("naeringsradgiver@demo.example", Role.OFFICER),
        ]
    }
    expected = {"business_profiles": 2, "business_claims": 1, "meeting_requests": 3}
    with django_capture_on_commit_callbacks(execute=False):
        assert demo.load(users) == expected
        assert demo.load(users) == expected
    assert ProfileContactPerson.objects.count() == 4
    assert BusinessClaim.objects.get().state == "pending"
    assert sorted(MeetingRequest.objects.values_list("state", "adviser__email")) == [
        ("accepted", "naeringssjef@demo.example"),
        ("offered", "naeringsradgiver@demo.example"),
        ("requested", "naeringssjef@demo.example"),
    ]
    meeting = Meeting.objects.get()
    assert sorted(meeting.participants.values_list("email", flat=True)) == ["eier@demo.example", "naeringssjef@demo.example"]
    offered = MeetingRequest.objects.get(state="offered")
    assert offered.offered_times.count() == 3
    assert all(time.starts_at > timezone.now() for time in offered.offered_times.all())
    assert mail.outbox == []
