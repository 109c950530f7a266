"""Meetings as iCalendar files: one meeting, the public feed and each user's private feed."""

import datetime
import secrets
from urllib.parse import urlparse

from django.conf import settings
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from meetings.models import OSLO, CalendarFeed, Meeting
from portal.services import log_activity

_PARTSTAT = {"yes": "ACCEPTED", "no": "DECLINED", "maybe": "TENTATIVE"}


def meeting_calendar(meeting: Meeting, *, url: str, method: str = "REQUEST", attendee=None) -> bytes:
    """One meeting as an iCalendar file: REQUEST for an invitation, CANCEL when cancelled, PUBLISH for a download.

    ``attendee`` (a Participant) is named in the event, as invitations sent by e-mail need.
    """
    return calendar_file([(meeting, url)], method=method, attendee=attendee)


def calendar_file(meetings: list[tuple[Meeting, str]], *, method: str = "PUBLISH", attendee=None) -> bytes:
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
        if attendee is not None:
            address = vCalAddress(f"mailto:{attendee.email}")
            address.params["cn"] = vText(str(attendee))
            address.params["role"] = vText("REQ-PARTICIPANT")
            address.params["partstat"] = vText(_PARTSTAT.get(attendee.rsvp, "NEEDS-ACTION"))
            event.add("attendee", address)
        cancelled = method == "CANCEL" or meeting.state == Meeting.State.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
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


# --- Each user's private feed ------------------------------------------------------------------


def feed_token(user, *, renew: bool = False) -> str:
    """The token of the user's private calendar feed; ``renew`` replaces it, so the old URL stops working."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None or renew:
        token = secrets.token_urlsafe(32)
        CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
        log_activity(user, actor=user, action="meetings.feed_renewed" if feed else "meetings.feed_created")
        return token
    return feed.token


def user_for_feed_token(token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return feed.user if feed else None
