"""A meeting's notice with agenda (innkalling) and its minutes (referat) as PDF.

One template and one pure function per document; ``meetings.services.pdfs`` stores the results.
The HTML is rendered in the portal's language and time zone, so the same meeting always gives the
same HTML: its hash tells whether a stored PDF is still current. The PDFs hold the full content,
internal items marked as such; who may download them is decided in ``meetings.rules``.
"""

from collections.abc import Callable

from django.db.models import F

from meetings.models import Meeting, MeetingPdf
from portal.pdf import render_html, render_pdf

NOTICE_TEMPLATE = "meetings/pdf/notice.html"
MINUTES_TEMPLATE = "meetings/pdf/minutes.html"


def notice_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "document_kind": MeetingPdf.Kind.NOTICE.label,
        "agenda": list(meeting.agenda.prefetch_related("businesses")),
    }


def minutes_context(meeting: Meeting) -> dict:
    participants = list(meeting.participants.all())
    return {
        "meeting": meeting,
        "document_kind": MeetingPdf.Kind.MINUTES.label,
        "published": meeting.state == Meeting.State.MINUTES_PUBLISHED,
        "present": [p for p in participants if p.attended is True],
        "absent": [p for p in participants if p.attended is False],
        "unrecorded": [p for p in participants if p.attended is None],
        "agenda": list(meeting.agenda.all()),
        # Undated points last on every database (SQLite and PostgreSQL sort NULL differently).
        "action_points": list(
            meeting.action_points.select_related("owner", "agenda_item").order_by(F("due_date").asc(nulls_last=True), "pk")
        ),
    }


def notice_html(meeting: Meeting) -> str:
    return render_html(NOTICE_TEMPLATE, notice_context(meeting))


def minutes_html(meeting: Meeting) -> str:
    return render_html(MINUTES_TEMPLATE, minutes_context(meeting))


def render_notice_pdf(meeting: Meeting) -> bytes:
    """The notice with agenda: time, place, organiser and every agenda item in order."""
    return render_pdf(NOTICE_TEMPLATE, notice_context(meeting))


def render_minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes: attendance, notes and decision per agenda item, action points; "draft" until published."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(meeting))


# The HTML each kind of PDF is made from, for the service that stores them.
HTML_BY_KIND: dict[str, Callable[[Meeting], str]] = {
    MeetingPdf.Kind.NOTICE: notice_html,
    MeetingPdf.Kind.MINUTES: minutes_html,
}
