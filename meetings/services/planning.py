"""Writes for dialogue meetings: series, the year plan, meetings, participants and answers."""

import datetime

import holidays
from django.core import signing
from django.db import transaction

from meetings.models import OSLO, Meeting, MeetingSeries, Participant
from portal.services import log_activity


def meeting_dates(series: MeetingSeries, year: int) -> list[datetime.date]:
    """The series' meeting days in ``year``, spread evenly, never on a Norwegian public holiday.

    Meeting i of n falls in the middle month of its period (four a year: February, May, August and
    November), on the first of the series' weekdays from the 15th; a holiday moves it a week on.
    """
    public_holidays = holidays.Norway(years=[year, year + 1])
    dates = []
    for index in range(series.meetings_per_year):
        month = int(12 * (index + 0.5) / series.meetings_per_year) + 1
        day = datetime.date(year, month, 15)
        day += datetime.timedelta(days=(series.weekday - day.weekday()) % 7)
        while day in public_holidays:
            day += datetime.timedelta(days=7)
        dates.append(day)
    return dates


@transaction.atomic
def plan_year(series: MeetingSeries, year: int, *, by) -> list[Meeting]:
    """Create the series' meetings for ``year`` (planned, editable afterwards). A month that already has one is left alone."""
    existing_months = {
        (meeting.starts_at.astimezone(OSLO).month)
        for meeting in series.meetings.filter(starts_at__year=year).exclude(state=Meeting.State.CANCELLED)
    }
    created = []
    for day in meeting_dates(series, year):
        if day.month in existing_months:
            continue
        starts_at = datetime.datetime.combine(day, series.start_time, tzinfo=OSLO)
        meeting = Meeting.objects.create(
            series=series,
            title=series.name,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=series.duration_minutes),
            place=series.place,
            organiser=series.organiser,
            visibility=series.visibility,
        )
        created.append(meeting)
    log_activity(series, actor=by, action="meetings.year_planned", data={"year": year, "created": len(created)})
    return created


# --- Answers (RSVP) by a signed link -----------------------------------------------------------

RSVP_SALT = "meetings.rsvp"
RSVP_MAX_AGE = datetime.timedelta(days=120)


def rsvp_token(participant: Participant) -> str:
    """A link token that lets this participant answer without logging in."""
    return signing.dumps({"participant": participant.pk, "meeting": participant.meeting_id}, salt=RSVP_SALT, compress=True)


def participant_for_token(token: str) -> Participant:
    """The participant a token was made for. Raises signing.BadSignature (tampered) or SignatureExpired."""
    data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    participant = Participant.objects.select_related("meeting").filter(pk=data["participant"], meeting_id=data["meeting"]).first()
    if participant is None:
        raise signing.BadSignature("The participant is no longer invited.")
    return participant


def record_answer(participant: Participant, answer: str) -> bool:
    """Record yes / no / maybe. Returns False if it was already the answer."""
    if participant.rsvp == answer:
        return False
    participant.rsvp = answer
    participant.save(update_fields=["rsvp"])
    log_activity(
        participant.meeting,
        actor=participant.user,
        action="meetings.answered",
        data={"participant": participant.pk, "answer": answer},
    )
    return True
