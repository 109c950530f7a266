"""A meeting's notice with agenda (innkalling) and its minutes (referat) as PDF: rendered and stored.

One template and one pure function ``render_<doc>_pdf(meeting) -> bytes`` per document. The HTML is
rendered in the portal's language and time zone, so the same meeting always gives the same HTML: its
hash tells whether a stored PDF is still current. The notice and the full minutes hold everything,
internal items marked as such; the public minutes leave out the internal items and every internal
action point (the split offentleglova asks for). Who may download which is decided in
``meetings.rules``.

The PDFs are stored: marked as being made when the meeting changes, made by a task, written once per
content.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionPoint, Meeting, MeetingPdf, Visibility
from meetings.queries import agenda_for, open_follow_ups, public_action_points
from portal.pdf import html_to_pdf, render_html, render_pdf

logger = logging.getLogger(__name__)

NOTICE_TEMPLATE = "meetings/pdf/notice.html"
MINUTES_TEMPLATE = "meetings/pdf/minutes.html"


# --- The documents ------------------------------------------------------------------------------


def notice_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "document_kind": MeetingPdf.Kind.NOTICE.label,
        "agenda": list(meeting.agenda.prefetch_related("businesses")),
        "follow_ups": list(open_follow_ups(meeting)),
    }


def minutes_context(meeting: Meeting, *, public: bool = False) -> dict:
    """The minutes; ``public``: without the internal items and without any internal action point."""
    participants = list(meeting.participants.all())
    attendance = [
        (_("Present"), [p for p in participants if p.attended is True]),
        (_("Absent"), [p for p in participants if p.attended is False]),
    ]
    if unrecorded := [p for p in participants if p.attended is None]:
        attendance.append((_("Attendance not recorded"), unrecorded))
    # Undated points last on every database (SQLite and PostgreSQL sort NULL differently).
    action_points = ActionPoint.objects.select_related("owner").order_by(F("due_date").asc(nulls_last=True), "pk")
    agenda = agenda_for(meeting, inner_circle=not public)
    if public:
        action_points = public_action_points(action_points)
    return {
        "meeting": meeting,
        "document_kind": (MeetingPdf.Kind.PUBLIC_MINUTES if public else MeetingPdf.Kind.MINUTES).label,
        "public_version": public,
        "published": meeting.state == Meeting.State.MINUTES_PUBLISHED,
        "attendance": attendance,
        "agenda": list(agenda.prefetch_related(Prefetch("action_points", queryset=action_points))),
        "other_action_points": list(action_points.filter(meeting=meeting, agenda_item__isnull=True)),
    }


def notice_html(meeting: Meeting) -> str:
    return render_html(NOTICE_TEMPLATE, notice_context(meeting))


def minutes_html(meeting: Meeting) -> str:
    return render_html(MINUTES_TEMPLATE, minutes_context(meeting))


def public_minutes_html(meeting: Meeting) -> str:
    return render_html(MINUTES_TEMPLATE, minutes_context(meeting, public=True))


def render_notice_pdf(meeting: Meeting) -> bytes:
    """The notice with agenda: time, place, organiser and every agenda item in order."""
    return render_pdf(NOTICE_TEMPLATE, notice_context(meeting))


def render_minutes_pdf(meeting: Meeting) -> bytes:
    """The full minutes: attendance; notes, decision and action points per agenda item; "draft" until published."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(meeting))


def render_public_minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes as anyone may read them: the full minutes less the internal items and internal action points."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(meeting, public=True))


# The HTML each kind of PDF is made from.
HTML_BY_KIND: dict[str, Callable[[Meeting], str]] = {
    MeetingPdf.Kind.NOTICE: notice_html,
    MeetingPdf.Kind.MINUTES: minutes_html,
    MeetingPdf.Kind.PUBLIC_MINUTES: public_minutes_html,
}


# --- Stored: made by a task ---------------------------------------------------------------------

# The minutes are made from the moment the meeting is held (a draft) and kept current when published.
MINUTES_STATES = (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED)


def applicable_kinds(meeting: Meeting) -> list[str]:
    """The notice for every meeting not cancelled; the minutes too once the meeting is held, and for a
    public meeting the public minutes beside them."""
    if meeting.state == Meeting.State.CANCELLED:
        return []
    if meeting.state in MINUTES_STATES or meeting.minutes_published_at is not None:
        kinds = [MeetingPdf.Kind.NOTICE, MeetingPdf.Kind.MINUTES]
        if meeting.visibility == Visibility.PUBLIC:
            kinds.append(MeetingPdf.Kind.PUBLIC_MINUTES)
        return kinds
    return [MeetingPdf.Kind.NOTICE]


def schedule_pdfs(meeting: Meeting) -> list[str]:
    """Mark the meeting's PDFs as being made and queue the task that makes them, once the transaction commits.

    Call it from every service that changes what the PDFs show: the meeting, its agenda, the minutes.
    A PDF that no longer applies (the notice of a cancelled meeting) is removed with its file, so it
    cannot be downloaded as if it still stood. Returns the kinds queued.
    """
    # Imported here, not at the top: meetings.tasks imports this module to run make_pdf (a cycle).
    from meetings.tasks import render_pdf_task

    kinds = applicable_kinds(meeting)
    now = timezone.now()
    with transaction.atomic():
        for kind in kinds:
            MeetingPdf.objects.update_or_create(
                meeting=meeting, kind=kind, defaults={"status": MeetingPdf.Status.PENDING, "requested_at": now}
            )
        stale = list(meeting.pdfs.exclude(kind__in=kinds))
        MeetingPdf.objects.filter(pk__in=[pdf.pk for pdf in stale]).delete()
        files = [pdf.file for pdf in stale if pdf.file]
        transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])
        transaction.on_commit(lambda: [render_pdf_task.delay(meeting_id=meeting.pk, kind=kind) for kind in kinds])
    return kinds


def make_pdf(meeting: Meeting, kind: str) -> bool:
    """Make and store one of the meeting's PDFs if it was asked for. Returns True if a new file was written.

    The HTML is rendered first and its sha256 compared with that of the stored file: if it is the
    same, nothing is written and the PDF is only marked ready. Every write is conditional on the
    request this run started from, so a run overtaken by a newer change (whose own task follows)
    stores nothing, and two runs at once never leave an older file in place of a newer one. A
    failure is logged and marks the PDF failed; the old file, if any, stays until the next success.
    """
    pdf = MeetingPdf.objects.filter(meeting=meeting, kind=kind).first()
    if pdf is None:
        return False  # never asked for, or no longer applies
    current = MeetingPdf.objects.filter(pk=pdf.pk, requested_at=pdf.requested_at)
    storage = pdf.file.storage
    try:
        html = HTML_BY_KIND[kind](meeting)
        source_hash = hashlib.sha256(html.encode()).hexdigest()
        if source_hash == pdf.source_hash and pdf.file and storage.exists(pdf.file.name):
            current.update(status=MeetingPdf.Status.READY, finished_at=timezone.now())
            return False
        name = pdf.file.field.generate_filename(pdf, f"{meeting.pk}-{kind}-{uuid.uuid4().hex}.pdf")
        name = storage.save(name, ContentFile(html_to_pdf(html)))
    except Exception:
        logger.exception("The %s PDF of meeting %s could not be made", kind, meeting.pk)
        current.update(status=MeetingPdf.Status.FAILED, finished_at=timezone.now())
        return False
    if not current.update(file=name, source_hash=source_hash, status=MeetingPdf.Status.READY, finished_at=timezone.now()):
        storage.delete(name)  # overtaken by a newer request: its own run stores the current version
        return False
    if pdf.file:
        storage.delete(pdf.file.name)
    return True
