"""A meeting's stored PDFs: marked as being made when the meeting changes, made by a task, written once per content."""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting, MeetingPdf
from meetings.pdf import HTML_BY_KIND
from portal.pdf import html_to_pdf

logger = logging.getLogger(__name__)

# The minutes are made from the moment the meeting is held (a draft) and kept current when published.
MINUTES_STATES = (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED)


def applicable_kinds(meeting: Meeting) -> list[str]:
    """The notice for every meeting not cancelled; the minutes too once the meeting is held."""
    if meeting.state == Meeting.State.CANCELLED:
        return []
    if meeting.state in MINUTES_STATES or meeting.minutes_published_at is not None:
        return [MeetingPdf.Kind.NOTICE, MeetingPdf.Kind.MINUTES]
    return [MeetingPdf.Kind.NOTICE]


def schedule_pdfs(meeting: Meeting) -> list[str]:
    """Mark the meeting's PDFs as being made and queue the task that makes them, once the transaction commits.

    Call it from every service that changes what the PDFs show: the meeting, its agenda, the minutes.
    A PDF that no longer applies (the notice of a cancelled meeting) is removed with its file, so it
    cannot be downloaded as if it still stood. Returns the kinds queued.
    """
    from meetings.tasks import render_pdf_task  # the tasks module imports the services

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
