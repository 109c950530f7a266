"""A meeting's notice with agenda (innkalling) and its minutes (referat) as PDF.

One template and one pure function per document; ``meetings.services.pdfs`` stores the results.
The HTML is rendered in the portal's language and time zone, so the same meeting always gives the
same HTML: its hash tells whether a stored PDF is still current. The PDFs hold the full content,
internal items marked as such; who may download them is decided in ``meetings.rules``.
"""

from collections.abc import Callable

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionPoint, Meeting, MeetingPdf
from meetings.queries import open_follow_ups
from portal.pdf import render_html, render_pdf

NOTICE_TEMPLATE = "meetings/pdf/notice.html"
MINUTES_TEMPLATE = "meetings/pdf/minutes.html"


def notice_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "document_kind": MeetingPdf.Kind.NOTICE.label,
        "agenda": list(meeting.agenda.prefetch_related("businesses")),
        "follow_ups": list(open_follow_ups(meeting)),
    }


def minutes_context(meeting: Meeting) -> dict:
    participants = list(meeting.participants.all())
    attendance = [
        (_("Present"), [p for p in participants if p.attended is True]),
        (_("Absent"), [p for p in participants if p.attended is False]),
    ]
    if unrecorded := [p for p in participants if p.attended is None]:
        attendance.append((_("Attendance not recorded"), unrecorded))
    # Undated points last on every database (SQLite and PostgreSQL sort NULL differently).
    action_points = ActionPoint.objects.select_related("owner").order_by(F("due_date").asc(nulls_last=True), "pk")
    return {
        "meeting": meeting,
        "document_kind": MeetingPdf.Kind.MINUTES.label,
        "published": meeting.state == Meeting.State.MINUTES_PUBLISHED,
        "attendance": attendance,
        "agenda": list(meeting.agenda.prefetch_related(Prefetch("action_points", queryset=action_points))),
        "other_action_points": list(action_points.filter(meeting=meeting, agenda_item__isnull=True)),
    }


def notice_html(meeting: Meeting) -> str:
    return render_html(NOTICE_TEMPLATE, notice_context(meeting))


def minutes_html(meeting: Meeting) -> str:
    return render_html(MINUTES_TEMPLATE, minutes_context(meeting))


def render_notice_pdf(meeting: Meeting) -> bytes:
    """The notice with agenda: time, place, organiser and every agenda item in order."""
    return render_pdf(NOTICE_TEMPLATE, notice_context(meeting))


def render_minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes: attendance; notes, decision and action points per agenda item; "draft" until published."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(meeting))


# The HTML each kind of PDF is made from, for the service that stores them.
HTML_BY_KIND: dict[str, Callable[[Meeting], str]] = {
    MeetingPdf.Kind.NOTICE: notice_html,
    MeetingPdf.Kind.MINUTES: minutes_html,
}
