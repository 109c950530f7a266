"""Writes for dialogue meetings: series, the year plan, meetings, participants and answers."""

import datetime

import holidays
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import OSLO, Meeting, MeetingSeries, Participant
from meetings.queries import open_follow_ups
from meetings.services import MeetingStateError
from meetings.services.calendar import meeting_calendar
from meetings.services.pdfs import schedule_pdfs
from portal.mail import send_templated_mail
from portal.services import log_activity

# What a calendar entry shows: a change to one raises the SEQUENCE, and after the invitation went
# out sends everyone an updated entry.
NOTICE_FIELDS = frozenset({"title", "starts_at", "ends_at", "place", "online_url"})


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
        add_participant(meeting, by=by, user=meeting.organiser, rsvp=Participant.Rsvp.YES)
        created.append(meeting)
    log_activity(series, actor=by, action="meetings.year_planned", data={"year": year, "created": len(created)})
    return created


@transaction.atomic
def save_series(series: MeetingSeries, *, members, by) -> MeetingSeries:
    """Create or change a series and set its members."""
    created = series.pk is None
    series.save()
    series.members.set(members)
    log_activity(series, actor=by, action="meetings.series_created" if created else "meetings.series_changed")
    return series


@transaction.atomic
def create_meeting(meeting: Meeting, *, by) -> Meeting:
    """Save a new meeting; its organiser is its first participant."""
    meeting.save()
    # The organiser takes part in their own meeting: a participant who attends, sent the notice like the rest.
    add_participant(meeting, by=by, user=meeting.organiser, rsvp=Participant.Rsvp.YES)
    log_activity(meeting, actor=by, action="meetings.created")
    schedule_pdfs(meeting)
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, changed: list[str], by) -> bool:
    """Save the changes of ``changed`` fields. Returns True if participants were sent an updated invitation.

    A change to the title, time, place or link raises the iCalendar SEQUENCE in every state: a
    planned meeting is already in the public feed and its "add to calendar" file, and a calendar
    that imported it takes the new time only from a higher SEQUENCE (RFC 5545, 3.8.7.4). Once
    invited, each participant is sent the updated entry, so their calendars move the meeting
    instead of adding a second one.
    """
    significant = bool(NOTICE_FIELDS & set(changed))
    notify = significant and meeting.state == Meeting.State.INVITED
    if significant:
        meeting.sequence += 1
    meeting.save()
    if notify:
        for participant in meeting.participants.select_related("user"):
            _send_notice(meeting, participant, update=True)
    log_activity(meeting, actor=by, action="meetings.changed", data={"fields": sorted(changed), "notified": notify})
    schedule_pdfs(meeting)
    return notify


@transaction.atomic
def send_invitations(meeting: Meeting, *, by) -> int:
    """E-mail every participant the notice with the agenda and a calendar entry; planned → invited.

    Sending again once invited is an updated notice (the agenda changed): SEQUENCE is raised.
    Returns the number of participants notified.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise MeetingStateError(_("Only a planned or invited meeting can be sent out."), meeting=meeting)
    participants = list(meeting.participants.select_related("user"))
    if not participants:
        raise MeetingStateError(_("Add participants before sending the notice."), meeting=meeting)
    update = meeting.state == Meeting.State.INVITED
    if update:
        meeting.sequence += 1
    meeting.state = Meeting.State.INVITED
    meeting.save(update_fields=["state", "sequence", "updated"])
    for participant in participants:
        _send_notice(meeting, participant, update=update)
    log_activity(meeting, actor=by, action="meetings.invited", data={"participants": len(participants), "update": update})
    return len(participants)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by) -> bool:
    """Cancel; if invitations went out, each participant gets a cancellation (METHOD:CANCEL). A repeat is a no-op."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        return False
    if meeting.state in (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED):
        raise MeetingStateError(_("A meeting that has been held cannot be cancelled."), meeting=meeting)
    was_invited = meeting.state == Meeting.State.INVITED
    meeting.state = Meeting.State.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence", "updated"])
    if was_invited:
        for participant in meeting.participants.select_related("user"):
            _send_cancellation(meeting, participant)
    log_activity(meeting, actor=by, action="meetings.cancelled", data={"notified": was_invited})
    schedule_pdfs(meeting)  # a cancelled meeting's PDFs are removed
    return True


def can_mark_held(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    """Whether mark_held would succeed now: planned or invited, and started."""
    return meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED) and meeting.starts_at <= (now or timezone.now())


@transaction.atomic
def mark_held(meeting: Meeting, *, by, now: datetime.datetime | None = None) -> bool:
    """Planned or invited → held, once the meeting has started. A repeat is a no-op."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == Meeting.State.HELD:
        return False
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise MeetingStateError(_("Only a planned or invited meeting can be marked as held."), meeting=meeting)
    if meeting.starts_at > (now or timezone.now()):
        raise MeetingStateError(_("The meeting has not started yet."), meeting=meeting)
    meeting.state = Meeting.State.HELD
    meeting.save(update_fields=["state", "updated"])
    log_activity(meeting, actor=by, action="meetings.held")
    schedule_pdfs(meeting)  # the draft minutes
    return True


@transaction.atomic
def add_participant(
    meeting: Meeting, *, by, user=None, email: str = "", name: str = "", rsvp: str = Participant.Rsvp.PENDING
) -> tuple[Participant, bool]:
    """Invite a portal user or an external guest by e-mail. Returns (participant, created).

    Added after the invitations went out, the new participant gets the notice at once.
    """
    if user is not None:
        email, name = user.email, name or user.name
    participant, created = Participant.objects.get_or_create(
        meeting=meeting, email=email.strip().lower(), defaults={"user": user, "name": name, "rsvp": rsvp}
    )
    if created:
        if meeting.state == Meeting.State.INVITED:
            _send_notice(meeting, participant, update=False)
        log_activity(meeting, actor=by, action="meetings.participant_added", data={"participant": participant.pk})
    return participant, created


@transaction.atomic
def remove_participant(participant: Participant, *, by) -> None:
    """Take a participant off the meeting; if they were sent the invitation, they get a cancellation."""
    meeting = participant.meeting
    if meeting.state == Meeting.State.INVITED:
        _send_cancellation(meeting, participant)
    log_activity(meeting, actor=by, action="meetings.participant_removed", data={"participant": participant.pk})
    participant.delete()


def _language(participant: Participant) -> str:
    return getattr(participant.user, "language", None) or settings.LANGUAGE_CODE


def _send_notice(meeting: Meeting, participant: Participant, *, update: bool) -> None:
    url = settings.PORTAL_BASE_URL + meeting.get_absolute_url()
    ics = meeting_calendar(meeting, url=url, method="REQUEST", attendee=participant)
    send_templated_mail(
        "meetings/email/notice",
        to=participant.email,
        language=_language(participant),
        context={
            "meeting": meeting,
            "participant": participant,
            "agenda": list(meeting.agenda.all()),
            "follow_ups": list(open_follow_ups(meeting)),
            "url": url,
            "answer_url": settings.PORTAL_BASE_URL + answer_path(participant),
            "update": update,
        },
        attachments=[("invitation.ics", ics.decode(), "text/calendar; method=REQUEST")],
    )


def _send_cancellation(meeting: Meeting, participant: Participant) -> None:
    url = settings.PORTAL_BASE_URL + meeting.get_absolute_url()
    ics = meeting_calendar(meeting, url=url, method="CANCEL", attendee=participant)
    send_templated_mail(
        "meetings/email/cancellation",
        to=participant.email,
        language=_language(participant),
        context={"meeting": meeting, "participant": participant, "url": url},
        attachments=[("cancellation.ics", ics.decode(), "text/calendar; method=CANCEL")],
    )


# --- Answers (RSVP) by a signed link -----------------------------------------------------------

RSVP_SALT = "meetings.rsvp"
RSVP_MAX_AGE = datetime.timedelta(days=120)


def rsvp_token(participant: Participant) -> str:
    """A link token that lets this participant answer without logging in."""
    return signing.dumps({"participant": participant.pk, "meeting": participant.meeting_id}, salt=RSVP_SALT, compress=True)


def answer_path(participant: Participant) -> str:
    return reverse("meetings:answer", kwargs={"token": rsvp_token(participant)})


def participant_for_token(token: str) -> Participant:
    """The participant a token was made for. Raises signing.BadSignature (tampered) or SignatureExpired."""
    data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    participant = Participant.objects.select_related("meeting").filter(pk=data["participant"], meeting_id=data["meeting"]).first()
    if participant is None:
        raise signing.BadSignature("The participant is no longer invited.")
    return participant


def can_answer(meeting: Meeting) -> bool:
    """An invitation is answered while the meeting is still to come: planned or invited, not yet ended."""
    return meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED) and timezone.now() < meeting.ends_at


def check_answer_open(meeting: Meeting) -> None:
    if not can_answer(meeting):
        raise MeetingStateError(_("The meeting is over or cancelled; the answer can no longer be changed."), meeting=meeting)


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
