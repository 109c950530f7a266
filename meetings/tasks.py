from itertools import batched

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting
from meetings.services.pdfs import make_pdf
from meetings.services.reminders import SEND_BATCH_SIZE, claim_reminders_to_send, record_due_reminders, send_reminders


@shared_task(name="meetings.dispatch_reminders")
def dispatch_reminders() -> int:
    """Every minute (beat): record what is due, then queue send tasks, a batch each, for the reminders not yet on their way."""
    now = timezone.now()
    record_due_reminders(now)
    ids = claim_reminders_to_send(now)
    batches = [list(batch) for batch in batched(ids, SEND_BATCH_SIZE)]
    transaction.on_commit(lambda: [send_reminders_task.delay(delivery_ids=batch) for batch in batches])
    return len(ids)


@shared_task(name="meetings.send_reminders")
def send_reminders_task(*, delivery_ids: list[int]) -> int:
    """Send one batch. Not retried by Celery: a refused reminder records its next try on its row; the beat job claims it then."""
    return send_reminders(delivery_ids)


@shared_task(name="meetings.render_pdf")
def render_pdf_task(*, meeting_id: int, kind: str) -> bool:
    """Make one of a meeting's PDFs (notice or minutes); a run that finds the same content writes nothing."""
    meeting = Meeting.objects.select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None:
        return False
    return make_pdf(meeting, kind)
