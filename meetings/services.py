"""Writes for dialogue meetings: the year plan and calendar entries."""

import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import transaction
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from meetings.models import Meeting, MeetingSeries
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
    """The meeting as an iCalendar file: stable UID, SEQUENCE, the portal's URL in the description.

    ``method`` is REQUEST for an invitation, CANCEL when the meeting is cancelled, PUBLISH for a feed.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Næringsportal//Dialogmøter//NB")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{meeting.uid}@{urlparse(settings.PORTAL_BASE_URL).hostname}")
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
    event.add("status", "CANCELLED" if method == "CANCEL" or meeting.state == Meeting.State.CANCELLED else "CONFIRMED")
    calendar.add_component(_oslo_timezone())
    calendar.add_component(event)
    return calendar.to_ical()


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
