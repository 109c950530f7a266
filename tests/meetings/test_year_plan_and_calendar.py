"""The year plan skips public holidays; calendar files parse with an independent parser, right across DST."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Meeting, MeetingSeries, Weekday
from meetings.services.calendar import meeting_calendar
from meetings.services.planning import meeting_dates, plan_year
from portal.models import ActivityLog
from portal.roles import Role
from tests.factories import UserFactory
from tests.meetings.test_planning import _meeting_data

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC


@pytest.fixture
def series(db):
    organiser = UserFactory(email="naeringssjef@test.example", name="Ingrid Berg", role=Role.OFFICER)
    return MeetingSeries.objects.create(
        name="Dialogmøte næringsråd–kommunedirektør", organiser=organiser, weekday=Weekday.THURSDAY, place="Rådhuset, møterom 1"
    )


def test_four_meetings_a_year_fall_mid_quarter_on_the_weekday(series):
    # 2027: the Thursdays from the 15th of February, May, August and November. 20 May is not a
    # holiday, so May keeps it.
    assert meeting_dates(series, 2027) == [
        datetime.date(2027, 2, 18),
        datetime.date(2027, 5, 20),
        datetime.date(2027, 8, 19),
        datetime.date(2027, 11, 18),
    ]


def test_a_public_holiday_moves_the_meeting_a_week(series):
    # Mondays: 17 May 2027 is Constitution Day and Whit Monday, so May's meeting moves to 24 May.
    series.weekday = Weekday.MONDAY
    assert meeting_dates(series, 2027)[1] == datetime.date(2027, 5, 24)
    # Thursdays in 2026: Ascension Day is 14 May (before the 15th), so 21 May stands.
    series.weekday = Weekday.THURSDAY
    assert meeting_dates(series, 2026)[1] == datetime.date(2026, 5, 21)


def test_plan_year_creates_editable_meetings_once(series):
    created = plan_year(series, 2027, by=series.organiser)
    assert [m.starts_at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M") for m in created] == [
        "2027-02-18 14:00",
        "2027-05-20 14:00",
        "2027-08-19 14:00",
        "2027-11-18 14:00",
    ]
    assert {(m.state, m.place, m.ends_at - m.starts_at) for m in created} == {
        ("planned", "Rådhuset, møterom 1", datetime.timedelta(hours=2))
    }
    assert created[0].reminder_offsets == [10080, 1440]
    # Running it again adds nothing; the log says what each run did.
    assert plan_year(series, 2027, by=series.organiser) == []
    assert Meeting.objects.count() == 4
    assert [e.data for e in ActivityLog.objects.filter(action="meetings.year_planned").order_by("pk")] == [
        {"year": 2027, "created": 4},
        {"year": 2027, "created": 0},
    ]


def test_a_meeting_cannot_end_before_it_starts(series):
    start = datetime.datetime(2027, 2, 18, 14, tzinfo=OSLO)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            title="Feil", starts_at=start, ends_at=start - datetime.timedelta(hours=1), organiser=series.organiser
        )


def parse(ics: bytes):
    return vobject.readOne(ics.decode("utf-8"))


@pytest.mark.parametrize(
    ("local_start", "utc_start"),
    [
        # Winter time (CET, UTC+1) and summer time (CEST, UTC+2), on each side of 28 March 2027.
        (datetime.datetime(2027, 3, 25, 14, 0), datetime.datetime(2027, 3, 25, 13, 0, tzinfo=UTC)),
        (datetime.datetime(2027, 3, 30, 14, 0), datetime.datetime(2027, 3, 30, 12, 0, tzinfo=UTC)),
    ],
)
def test_calendar_file_has_the_right_times_across_daylight_saving(series, local_start, utc_start):
    start = local_start.replace(tzinfo=OSLO)
    meeting = Meeting.objects.create(
        title="Dialogmøte",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rådhuset",
        online_url="https://meet.example/abc",
        organiser=series.organiser,
    )
    event = parse(meeting_calendar(meeting, url="https://naering.kommune.example/moter/1/")).vevent
    assert event.dtstart.value.astimezone(UTC) == utc_start
    assert event.dtend.value.astimezone(UTC) == utc_start + datetime.timedelta(hours=2)
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Oslo"]
    assert event.location.value == "Rådhuset, https://meet.example/abc"
    assert event.description.value == "https://naering.kommune.example/moter/1/"
    assert event.organizer.value == "mailto:naeringssjef@test.example"


def test_uid_is_stable_and_cancellation_raises_sequence_with_method_cancel(series):
    start = datetime.datetime(2027, 5, 20, 14, tzinfo=OSLO)
    meeting = Meeting.objects.create(
        title="Dialogmøte", starts_at=start, ends_at=start + datetime.timedelta(hours=2), organiser=series.organiser
    )
    invitation = parse(meeting_calendar(meeting, url="https://x.example/"))
    meeting.sequence += 1
    meeting.state = Meeting.State.CANCELLED
    meeting.save()
    cancellation = parse(meeting_calendar(meeting, url="https://x.example/", method="CANCEL"))
    assert invitation.vevent.uid.value == cancellation.vevent.uid.value == f"{meeting.uid}@localhost"
    assert (invitation.method.value, invitation.vevent.sequence.value, invitation.vevent.status.value) == (
        "REQUEST",
        "0",
        "CONFIRMED",
    )
    assert (cancellation.method.value, cancellation.vevent.sequence.value, cancellation.vevent.status.value) == (
        "CANCEL",
        "1",
        "CANCELLED",
    )


def test_moving_a_planned_public_meeting_raises_the_sequence_in_its_calendar_files(client_for, meetings):
    """Before any invitation the meeting is already in the public feed and its "add to calendar" file:
    a calendar that imported it takes the new time only from a higher SEQUENCE (RFC 5545, 3.8.7.4)."""
    public, _ = meetings

    def events():  # the meeting's own file and its entry in the public feed, as anyone downloads them
        single = icalendar.Calendar.from_ical(client_for("anonymous").get(f"/moter/{public.pk}/kalender.ics").content)
        feed = icalendar.Calendar.from_ical(client_for("anonymous").get("/moter/kalender.ics").content)
        in_feed = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == f"{public.uid}@localhost")
        return [(int(e["SEQUENCE"]), e["DTSTART"].dt.astimezone(UTC)) for e in (single.walk("VEVENT")[0], in_feed)]

    assert events() == [(0, public.starts_at.astimezone(UTC))] * 2
    new_start = timezone.localtime(public.starts_at).replace(second=0) + datetime.timedelta(days=1)
    data = _meeting_data(
        title=public.title,
        starts_at=new_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        place=public.place,
        online_url=public.online_url,
    )
    assert client_for("officer").post(f"/moter/{public.pk}/endre/", data).status_code == 302
    public.refresh_from_db()
    assert (public.state, public.sequence, public.starts_at) == ("planned", 1, new_start)
    assert events() == [(1, new_start.astimezone(UTC))] * 2
    assert mail.outbox == []  # nobody is invited yet: nothing to send
    # A change calendars do not show leaves the SEQUENCE; a new place raises it again.
    client_for("officer").post(f"/moter/{public.pk}/endre/", {**data, "reminder_text": "Husk legitimasjon."})
    public.refresh_from_db()
    assert (public.sequence, public.reminder_text) == (1, "Husk legitimasjon.")
    client_for("officer").post(f"/moter/{public.pk}/endre/", {**data, "place": "Kulturhuset"})
    public.refresh_from_db()
    assert (public.sequence, public.place) == (2, "Kulturhuset")
    assert [sequence for sequence, _ in events()] == [2, 2]
