"""Writes for dialogue meetings: the year plan, calendar files and answers."""

import datetime
from dataclasses import replace
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from meetings.models import Meeting, MeetingSeries, Participant, ReminderDelivery
from portal.mail import Message, Transfer, render_message
from portal.services import log_activity

OSLO = ZoneInfo("Europe/Oslo")


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


def meeting_calendar(meeting: Meeting, *, url: str, method: str = "REQUEST") -> bytes:
    """One meeting as an iCalendar file: REQUEST for an invitation, CANCEL when cancelled, PUBLISH for a download."""
    return calendar_file([(meeting, url)], method=method)


def calendar_file(meetings: list[tuple[Meeting, str]], *, method: str = "PUBLISH") -> bytes:
    """Meetings (each with the URL of its page) as one iCalendar file.

    Every event has a stable UID and the meeting's SEQUENCE, the page's URL in the description, and
    the place and online link in LOCATION; times are in Europe/Oslo.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Næringsportal//Dialogmøter//NB")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(_oslo_timezone())
    host = urlparse(settings.PORTAL_BASE_URL).hostname
    for meeting, url in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@{host}")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", meeting.updated)
        event.add("dtstart", meeting.starts_at.astimezone(OSLO))
        event.add("dtend", meeting.ends_at.astimezone(OSLO))
        event.add("summary", meeting.title)
        event.add("description", url)
        event.add("url", url)
        location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
        if location:
            event.add("location", vText(location))
        organiser = vCalAddress(f"mailto:{meeting.organiser.email}")
        organiser.params["cn"] = vText(str(meeting.organiser))
        event.add("organizer", organiser)
        cancelled = method == "CANCEL" or meeting.state == Meeting.State.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


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


def _oslo_timezone() -> Timezone:
    """Europe/Oslo with the EU's daylight-saving rules as yearly RRULEs, the form every calendar client reads.

    (icalendar can generate one from zoneinfo, but as long RDATE lists that some parsers misread.)
    """
    timezone = Timezone()
    timezone.add("tzid", "Europe/Oslo")
    for component, name, offset_from, offset_to, month in (
        (TimezoneDaylight(), "CEST", "+0100", "+0200", 3),
        (TimezoneStandard(), "CET", "+0200", "+0100", 10),
    ):
        component.add("dtstart", datetime.datetime(1996, month, 31 if month == 3 else 27, 2 if month == 3 else 3))
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        component.add("tzname", name)
        component.add("tzoffsetfrom", datetime.timedelta(hours=int(offset_from[:3])))
        component.add("tzoffsetto", datetime.timedelta(hours=int(offset_to[:3])))
        timezone.add_component(component)
    return timezone


# --- Reminders --------------------------------------------------------------------------------

# A queued reminder whose send task has not finished this long after it was put on the queue (a
# worker killed mid-batch, a broker restarted) is put on the queue again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
MINUTES_NUDGE_DAYS = (3, 7)


def record_due_reminders(now: datetime.datetime) -> int:
    """Record every reminder that is due and not yet recorded. Returns how many were new.

    Reminders before a meeting go to each participant of an invited meeting once its offset has
    passed and until it starts (late is better than lost); the organiser of a held meeting without
    published minutes is nudged 3 and 7 days after it ended. The unique constraint on (meeting,
    recipient, kind) makes a second run, or two runs at once, record nothing more.
    """
    rows = []
    upcoming = Meeting.objects.filter(state=Meeting.State.INVITED, reminders_enabled=True, starts_at__gt=now).prefetch_related(
        "participants__user"
    )
    for meeting in upcoming:
        for offset in meeting.reminder_offsets:
            due_at = meeting.starts_at - datetime.timedelta(minutes=offset)
            if due_at <= now:
                rows += [
                    ReminderDelivery(
                        meeting=meeting,
                        recipient=participant.email,
                        language=getattr(participant.user, "language", None) or settings.LANGUAGE_CODE,
                        kind=f"before-{offset}",
                        due_at=due_at,
                    )
                    for participant in meeting.participants.all()
                ]
    held = Meeting.objects.filter(state=Meeting.State.HELD, ends_at__lte=now - datetime.timedelta(days=min(MINUTES_NUDGE_DAYS)))
    for meeting in held.select_related("organiser"):
        for days in MINUTES_NUDGE_DAYS:
            due_at = meeting.ends_at + datetime.timedelta(days=days)
            if due_at <= now:
                rows.append(
                    ReminderDelivery(
                        meeting=meeting,
                        recipient=meeting.organiser.email,
                        language=meeting.organiser.language,
                        kind=f"minutes-{days}",
                        due_at=due_at,
                    )
                )
    before = ReminderDelivery.objects.count()
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return ReminderDelivery.objects.count() - before


def claim_reminders_to_send(now: datetime.datetime) -> list[int]:
    """The queued reminders whose send task is not (or no longer) on the queue; marks them enqueued now."""
    stale = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REQUEUE_AFTER)
    with transaction.atomic():
        ids = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(stale, status=ReminderDelivery.Status.QUEUED)
            .values_list("pk", flat=True)[:5000]
        )
        ReminderDelivery.objects.filter(pk__in=ids).update(enqueued_at=now)
    return ids


def send_reminder(delivery_id: int) -> bool:
    """Send one recorded reminder unless it is sent already. Returns True if this call sent it.

    The message is transferred to the mail server first; then the row is marked sent and committed;
    only then is the message released (the final SMTP "."). A worker killed before the commit leaves
    a transaction the server discards and a row still queued, which is sent again later: neither
    lost nor doubled. Two workers with the same reminder: the second finds the row sent and drops
    its transfer.
    """
    delivery = ReminderDelivery.objects.select_related("meeting__organiser").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == ReminderDelivery.Status.SENT:
        return False
    transfer = Transfer(_reminder_message(delivery))
    # One conditional UPDATE, committed at once: of two workers with the same reminder only one wins.
    claimed = ReminderDelivery.objects.filter(pk=delivery_id, status=ReminderDelivery.Status.QUEUED)
    if not claimed.update(status=ReminderDelivery.Status.SENT, sent_at=timezone.now()):
        transfer.abort()
        return False
    try:
        transfer.release()
    except Exception:
        # The server refused at the last step: the reminder is not sent after all; try again later.
        ReminderDelivery.objects.filter(pk=delivery_id).update(status=ReminderDelivery.Status.QUEUED, sent_at=None)
        raise
    return True


def _reminder_message(delivery: ReminderDelivery) -> Message:
    meeting = delivery.meeting
    template = "meetings/email/reminder" if delivery.kind.startswith("before-") else "meetings/email/minutes_nudge"
    message = render_message(
        template,
        to=delivery.recipient,
        language=delivery.language,
        context={"meeting": meeting, "url": settings.PORTAL_BASE_URL + meeting.get_absolute_url(), "text": meeting.reminder_text},
    )
    host = urlparse(settings.PORTAL_BASE_URL).hostname
    return replace(message, headers={"Message-ID": f"<reminder-{delivery.pk}@{host}>"})
