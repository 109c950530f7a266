"""Reminders before meetings and nudges about late minutes: recorded once, sent once."""

import datetime
import logging
import smtplib
from dataclasses import replace
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting, ReminderDelivery
from portal.mail import Message, Transfer, render_message

logger = logging.getLogger(__name__)

# A queued reminder whose send task has not finished this long after it was put on the queue (a
# worker killed mid-batch, a broker restarted) is put on the queue again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
MINUTES_NUDGE_DAYS = (3, 7)
# Reminders per send task: enough that a connection to the mail server and a task are paid for
# once per hundred messages, few enough that a task ends in seconds.
SEND_BATCH_SIZE = 100
# The server refused one message (or its address is malformed): the rest of a batch can still go.
REFUSED = (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


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


def send_reminders(delivery_ids: list[int]) -> int:
    """Send the recorded reminders among ``delivery_ids`` not sent yet, over one connection to the
    mail server. Returns how many this call sent. Call it outside a transaction.

    Each message goes in two phases: it is transferred to the mail server; then its row is marked
    sent and committed; only then is it released (the final SMTP "."). A worker killed before a
    commit leaves a transaction the server discards and that row, and every row after it, still
    queued, to be sent again later: neither lost nor doubled. Two batches with the same reminder:
    the second skips it, or, if both got that far, loses the conditional UPDATE and drops its
    transfer. A message the server refuses is left queued and the rest of the batch goes on; the
    first refusal is raised at the end, so the task is retried for what is left.

    What no order of steps can cover without help from the receiving server: a worker killed after
    PostgreSQL has taken the commit of a "sent" mark but before the "." is written loses that one
    message (committing after the "." would double it instead). The window is the commit's round
    trip; a worker stopped with SIGTERM finishes its batch first.
    """
    deliveries = (
        ReminderDelivery.objects.select_related("meeting__organiser")
        .filter(pk__in=delivery_ids, status=ReminderDelivery.Status.QUEUED)
        .order_by("pk")
    )
    sent, refused = 0, None
    with mail.mailers.default as connection:
        for delivery in deliveries:
            try:
                sent += _send_reminder(delivery, connection=connection)
            except REFUSED as error:
                logger.warning("Reminder %s was refused by the mail server: %s", delivery.pk, error)
                refused = refused or error
    if refused is not None:
        raise refused
    return sent


def _send_reminder(delivery: ReminderDelivery, *, connection: BaseEmailBackend) -> bool:
    transfer = Transfer(_reminder_message(delivery), connection=connection)
    try:
        # One conditional UPDATE, committed at once: of two workers with the same reminder only one wins.
        claimed = ReminderDelivery.objects.filter(pk=delivery.pk, status=ReminderDelivery.Status.QUEUED).update(
            status=ReminderDelivery.Status.SENT, sent_at=timezone.now()
        )
    except BaseException:
        transfer.abort()
        raise
    if not claimed:
        transfer.abort()
        return False
    try:
        transfer.release()
    except BaseException:
        # The server refused at the last step (or the connection broke): not sent after all; try again later.
        ReminderDelivery.objects.filter(pk=delivery.pk).update(status=ReminderDelivery.Status.QUEUED, sent_at=None)
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
