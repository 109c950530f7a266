"""Planning through the portal: series, the year plan, meetings, participants, notices, updates and cancellations."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import CalendarFeed, Meeting, MeetingSeries, Participant
from portal.models import ActivityLog


def _ics(message) -> icalendar.Calendar:
    (name, content, mimetype) = message.attachments[0]
    return name, mimetype, icalendar.Calendar.from_ical(content)


def test_officer_creates_a_series_and_plans_a_year_without_holidays(client_for, personas):
    client = client_for("officer")
    response = client.post(
        "/moter/serier/ny/",
        {
            "name": "Dialogmøte næringsråd–kommunedirektør",
            "organiser": personas.officer.pk,
            "members": [personas.council_member.pk, personas.chief_executive.pk],
            "meetings_per_year": 4,
            "weekday": 3,
            "start_time": "14:00",
            "duration_minutes": 120,
            "place": "Rådhuset, møterom Kalvøya",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert set(series.members.values_list("email", flat=True)) == {"council@test.example", "ce@test.example"}
    response = client.post(f"/moter/serier/{series.pk}/planlegg/", {"year": 2027})
    assert response.status_code == 302
    starts = [m.starts_at.astimezone(datetime.UTC) for m in series.meetings.order_by("starts_at")]
    # Thursdays from the 15th of February, May, August and November 2027 at 14:00 Oslo time.
    assert [s.isoformat() for s in starts] == [
        "2027-02-18T13:00:00+00:00",
        "2027-05-20T12:00:00+00:00",
        "2027-08-19T12:00:00+00:00",
        "2027-11-18T13:00:00+00:00",
    ]
    # Planning again creates nothing more.
    client.post(f"/moter/serier/{series.pk}/planlegg/", {"year": 2027})
    assert series.meetings.count() == 4
    # The series' organiser is each planned meeting's participant, attending.
    assert (
        list(Participant.objects.filter(meeting__series=series).values_list("user", "email", "name", "rsvp"))
        == [(personas.officer.pk, "officer@test.example", "Ingrid Næringssjef", "yes")] * 4
    )


def test_planning_an_absurd_year_is_refused(client_for, personas):
    series = MeetingSeries.objects.create(name="Serie", organiser=personas.officer)
    response = client_for("officer").post(f"/moter/serier/{series.pk}/planlegg/", {"year": 1999})
    assert response.status_code == 400
    assert series.meetings.count() == 0


def _meeting_data(**overrides):
    start = timezone.localtime() + datetime.timedelta(days=30)
    data = {
        "title": "Dialogmøte 2/2027",
        "starts_at": start.strftime("%Y-%m-%dT14:00"),
        "ends_at": start.strftime("%Y-%m-%dT16:00"),
        "place": "Rådhuset",
        "online_url": "",
        "visibility": "public",
        "proposal_deadline": "",
        "reminders_enabled": "on",
        "reminder_offsets": "7 d, 1 d",
        "reminder_text": "",
    }
    return {**data, **overrides}


def test_officer_creates_a_meeting_with_reminder_offsets(client_for, personas):
    response = client_for("officer").post("/moter/ny/", _meeting_data(reminder_offsets="2 t, 7 d, 30 min"))
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/moter/{meeting.pk}/"
    assert (meeting.organiser, meeting.state, meeting.reminder_offsets) == (personas.officer, "planned", [10080, 120, 30])
    assert timezone.localtime(meeting.ends_at) - timezone.localtime(meeting.starts_at) == datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2027-01-01T10:00", "starts_at": "2027-01-01T12:00"}, "ends_at", "The meeting must end after it starts."),
        ({"reminder_offsets": "-1 d"}, "reminder_offsets", '"-1 d" is not a time before the start, such as "7 d" or "2 t".'),
        (
            {"reminder_offsets": "400 d"},
            "reminder_offsets",
            '"400 d" is not possible: a reminder goes between 15 minutes and 60 days before the start.',
        ),
        (
            {"reminder_offsets": "5 min"},
            "reminder_offsets",
            '"5 min" is not possible: a reminder goes between 15 minutes and 60 days before the start.',
        ),
        ({"reminder_offsets": "1 d, 2 d, 3 d, 4 d, 5 d, 6 d"}, "reminder_offsets", "At most five reminders per meeting."),
        ({"place": ""}, "place", "Give a place, an online meeting link, or both."),
        ({"starts_at": "i morgen"}, "starts_at", "Enter a valid date/time."),
    ],
)
def test_bad_meeting_input_is_refused_with_a_message_and_nothing_saved(client_for, personas, overrides, field, message):
    client = client_for("officer")
    client.cookies.load({"django_language": "en"})
    response = client.post("/moter/ny/", _meeting_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert Meeting.objects.count() == 0


def test_sending_the_notice_mails_each_participant_the_agenda_and_a_calendar_request(
    client_for, meetings, django_capture_on_commit_callbacks
):
    public, _ = meetings
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(f"/moter/{public.pk}/send/")
    assert response.status_code == 302
    public.refresh_from_db()
    assert (public.state, public.sequence) == ("invited", 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["council@test.example", "gjest@bedrift.example"]
    guest_mail = next(m for m in mail.outbox if m.to == ["gjest@bedrift.example"])
    assert guest_mail.subject == f"[Næringsportal] Innkalling: Dialogmøte 1/2027 {timezone.localtime(public.starts_at):%d.%m.%Y}"
    assert "1. Nytt næringsareal på Fornebu (Kommunedirektøren)\n2. Oppfølging fra forrige møte\n" in guest_mail.body
    guest = Participant.objects.get(meeting=public, email="gjest@bedrift.example")
    assert "/moter/svar/" in guest_mail.body
    name, mimetype, calendar = _ics(guest_mail)
    assert (name, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST")
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert (int(event["SEQUENCE"]), str(event["ATTENDEE"])) == (0, "mailto:gjest@bedrift.example")
    assert str(event["LOCATION"]) == "Rådhuset, https://meet.example/abc"
    assert guest.pk  # the signed link belongs to this participant
    assert ActivityLog.objects.filter(action="meetings.invited").count() == 1


def test_sending_without_participants_is_refused(client_for, personas, meetings):
    public, _ = meetings
    public.participants.all().delete()
    response = client_for("officer").post(f"/moter/{public.pk}/send/")
    assert response.status_code == 409
    assert "Legg til deltakere før du sender innkallingen." in response.content.decode()
    public.refresh_from_db()
    assert public.state == "planned"


def test_moving_an_invited_meeting_raises_the_sequence_and_sends_the_update(
    client_for, meetings, django_capture_on_commit_callbacks
):
    public, _ = meetings
    client = client_for("officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/send/")
    mail.outbox.clear()
    new_start = timezone.localtime(public.starts_at) + datetime.timedelta(days=1)
    data = _meeting_data(
        title=public.title,
        starts_at=new_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        online_url=public.online_url,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moter/{public.pk}/endre/", data)
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.sequence == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("[Næringsportal] Oppdatert innkalling: Dialogmøte 1/2027")
    _, _, calendar = _ics(mail.outbox[0])
    event = calendar.walk("VEVENT")[0]
    assert (int(event["SEQUENCE"]), str(event["UID"])) == (1, f"{public.uid}@localhost")
    # A change to the reminder text alone does not disturb anyone's calendar.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/endre/", {**data, "reminder_text": "Husk å melde fra om allergier."})
    public.refresh_from_db()
    assert (public.sequence, len(mail.outbox), public.reminder_text) == (1, 0, "Husk å melde fra om allergier.")


def test_cancelling_an_invited_meeting_sends_a_cancel_entry_once(client_for, meetings, django_capture_on_commit_callbacks):
    public, _ = meetings
    client = client_for("officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/send/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/moter/{public.pk}/avlys/").status_code == 302
        client.post(f"/moter/{public.pk}/avlys/")  # a repeat is a no-op
    public.refresh_from_db()
    assert (public.state, public.sequence, len(mail.outbox)) == ("cancelled", 1, 2)
    name, mimetype, calendar = _ics(mail.outbox[0])
    assert (name, mimetype, str(calendar["METHOD"])) == ("cancellation.ics", "text/calendar; method=CANCEL", "CANCEL")
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    # A cancelled meeting cannot be sent out again.
    assert client.post(f"/moter/{public.pk}/send/").status_code == 409


def test_participants_added_after_the_notice_get_it_and_removed_ones_a_cancellation(
    client_for, personas, meetings, django_capture_on_commit_callbacks
):
    public, _ = meetings
    client = client_for("officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/send/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/deltakere/", {"user": personas.politician.pk})
        client.post(f"/moter/{public.pk}/deltakere/", {"email": "Ny.Gjest@Firma.example", "name": "Ny Gjest"})
    assert [m.to for m in mail.outbox] == [["politician@test.example"], ["ny.gjest@firma.example"]]
    assert set(public.participants.values_list("email", flat=True)) == {
        "council@test.example",
        "gjest@bedrift.example",
        "politician@test.example",
        "ny.gjest@firma.example",
    }
    mail.outbox.clear()
    guest = public.participants.get(email="gjest@bedrift.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moter/{public.pk}/deltakere/{guest.pk}/fjern/")
    assert [m.to for m in mail.outbox] == [["gjest@bedrift.example"]]
    assert str(_ics(mail.outbox[0])[2]["METHOD"]) == "CANCEL"
    assert not public.participants.filter(email="gjest@bedrift.example").exists()


def test_adding_a_participant_needs_a_user_or_an_email(client_for, meetings):
    public, _ = meetings
    response = client_for("officer").post(f"/moter/{public.pk}/deltakere/", {"email": "", "name": "Uten adresse"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Velg en portalbruker eller oppgi en e-postadresse."]
    assert public.participants.count() == 2


def test_a_meeting_that_has_not_started_cannot_be_marked_held(client_for, meetings):
    public, _ = meetings
    response = client_for("officer").post(f"/moter/{public.pk}/holdt/", headers={"accept-language": "en"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The meeting has not started yet." in page
    assert f'<a class="ds-link" href="/moter/{public.pk}/">Back to the meeting Dialogmøte 1/2027</a>' in page
    public.refresh_from_db()
    assert public.state == "planned"


def test_mark_as_held_is_offered_only_once_the_meeting_has_started(client_for, meetings):
    public, _ = meetings
    client = client_for("officer")
    held_form = f'<form method="post" action="/moter/{public.pk}/holdt/">'
    assert held_form not in client.get(f"/moter/{public.pk}/").content.decode()
    public.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    public.save()
    assert held_form in client.get(f"/moter/{public.pk}/").content.decode()
    assert held_form not in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()
    client = client_for("officer")
    assert client.post(f"/moter/{public.pk}/holdt/")["Location"] == f"/moter/{public.pk}/referat/endre/"
    assert held_form not in client.get(f"/moter/{public.pk}/").content.decode()  # held: nothing more to mark


def test_the_organiser_of_a_new_meeting_is_its_first_participant(client_for, personas):
    client_for("officer").post("/moter/ny/", _meeting_data())
    meeting = Meeting.objects.get()
    assert list(meeting.participants.values_list("user", "email", "name", "rsvp")) == [
        (personas.officer.pk, "officer@test.example", "Ingrid Næringssjef", "yes")
    ]


def test_reading_the_calendar_page_makes_no_address_and_a_post_makes_one(client_for, personas):
    client = client_for("council_member")
    page = client.get("/moter/kalender/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert CalendarFeed.objects.count() == 0
    assert "/moter/kalender/" in page and 'id="feed-url"' not in page
    assert "Make my calendar address" in page
    response = client.post("/moter/kalender/")
    assert (response.status_code, response["Location"]) == (302, "/moter/kalender/")
    feed = CalendarFeed.objects.get()
    assert feed.user == personas.council_member
    assert len(feed.token) == 43  # secrets.token_urlsafe(32)
    assert list(ActivityLog.objects.filter(action__startswith="meetings.feed").values_list("action", flat=True)) == [
        "meetings.feed_created"
    ]
    page = client.get("/moter/kalender/").content.decode()
    assert f'value="http://testserver/moter/kalender/{feed.token}.ics"' in page
    assert CalendarFeed.objects.get().token == feed.token  # reading again changes nothing


def test_private_feed_lists_the_users_meetings_and_a_new_address_revokes_the_old(client_for, personas, meetings):
    client = client_for("council_member")
    client.post("/moter/kalender/")
    page = client.get("/moter/kalender/").content.decode()
    token = personas.council_member.calendar_feed.token
    assert f"/moter/kalender/{token}.ics" in page
    feed = icalendar.Calendar.from_ical(client_for("anonymous").get(f"/moter/kalender/{token}.ics").content)
    assert sorted(str(e["SUMMARY"]) for e in feed.walk("VEVENT")) == ["Dialogmøte 1/2027", "Strategisamling (intern)"]
    client = client_for("council_member")
    client.post("/moter/kalender/")
    personas.council_member.calendar_feed.refresh_from_db()
    assert personas.council_member.calendar_feed.token != token
    assert client.get(f"/moter/kalender/{token}.ics").status_code == 404
    assert client.get(f"/moter/kalender/{personas.council_member.calendar_feed.token}.ics").status_code == 200
