from celery import shared_task
from django.db import transaction
from django.utils import timezone

from meetings.services.reminders import claim_reminders_to_send, record_due_reminders, send_reminder


@shared_task(name="meetings.dispatch_reminders")
def dispatch_reminders() -> int:
    """Every minute (beat): record what is due, then queue a send task for each reminder not yet on its way."""
    now = timezone.now()
    record_due_reminders(now)
    ids = claim_reminders_to_send(now)
    transaction.on_commit(lambda: [send_reminder_task.delay(delivery_id=pk) for pk in ids])
    return len(ids)


@shared_task(name="meetings.send_reminder", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_reminder_task(*, delivery_id: int) -> bool:
    return send_reminder(delivery_id)
