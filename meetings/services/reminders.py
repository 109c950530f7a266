"""Reminders before meetings and nudges about late minutes: recorded once, sent once."""

import datetime
import logging
from dataclasses import replace
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from meetings.models import Meeting, ReminderDelivery
from portal.mail import REFUSED, Message, render_message, send_once, server_answer

logger = logging.getLogger(__name__)

# A queued reminder whose send task has not finished this long after it was put on the queue (a
# worker killed mid-batch, a broker restarted) is put on the queue again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
MINUTES_NUDGE_DAYS = (3, 7)
# Reminders per send task: enough that a connection to the mail server and a task are paid for
# once per hundred messages, few enough that a task ends in seconds.
SEND_BATCH_SIZE = 100
# A reminder refused for now (a 4xx reply, no connection, a refused sender) is tried again after
# these pauses, five tries over some four and a half hours; then it is failed. One refused for good
# (a 5xx reply about its recipient or its message) is failed at once: RFC 5321 (4.2.1) tells a client
# not to repeat such a request, and trying the same address again would be refused the same way.
RETRY_DELAYS = (
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=20),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=3),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def record_due_reminders(now: datetime.datetime) -> int:
    """Record every reminder that is due and not yet recorded. Returns how many were new.

    Reminders before a meeting go to each participant of an invited meeting once its offset has
    passed and until it starts (late is better than lost); the organiser of a held meeting without
    published minutes is nudged 3 and 7 days after it ended. Of several due at once to the same
    recipient only the latest is sent; the others are recorded as skipped. The unique constraint
    on (meeting, recipient, kind) makes a second run, or two runs at once, record nothing more.
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
    with transaction.atomic():  # no send task claims a reminder before an overtaken one is skipped
        before = ReminderDelivery.objects.count()
        ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        _skip_overtaken()
        return ReminderDelivery.objects.count() - before


def _skip_overtaken() -> int:
    """Skip each queued reminder that a later one of its kind to the same recipient has overtaken.

    A meeting invited less than a day before it starts has its 7-day and its 1-day reminder due at
    once, and a nudge recorded late has the 3-day one; only the latest goes, so nobody gets the
    same "Påminnelse" twice in a minute. A send task that had claimed a skipped one loses its
    conditional UPDATE and drops it.
    """
    skipped = 0
    for prefix in ("before-", "minutes-"):
        later = ReminderDelivery.objects.filter(
            meeting=OuterRef("meeting"), recipient=OuterRef("recipient"), kind__startswith=prefix, due_at__gt=OuterRef("due_at")
        )
        skipped += (
            ReminderDelivery.objects.filter(status=ReminderDelivery.Status.QUEUED, kind__startswith=prefix)
            .filter(Exists(later))
            .update(status=ReminderDelivery.Status.SKIPPED, enqueued_at=None, next_attempt_at=None)
        )
    return skipped


def claim_reminders_to_send(now: datetime.datetime) -> list[int]:
    """The queued reminders that are due (a refused one after its pause) and whose send task is not (or
    no longer) on the queue; marks them enqueued now."""
    stale = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REQUEUE_AFTER)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    with transaction.atomic():
        ids = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(stale, due, status=ReminderDelivery.Status.QUEUED)
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
    transfer.

    A message the server refuses is recorded on its row and the rest of the batch goes on: refused
    for good (5xx for its recipient or its content, a malformed address), the row is failed with
    the server's answer; refused for now (4xx, a refused sender), it is tried again after a pause
    (``RETRY_DELAYS``), and failed after ``MAX_ATTEMPTS``. Without a connection to the server, or
    when it breaks, that row and the rest of the batch wait for their next try the same way. A
    reminder that no longer makes sense (its meeting cancelled or started, the minutes written) is
    skipped.

    What no order of steps can cover without help from the receiving server: a worker killed after
    PostgreSQL has taken the commit of a "sent" mark but before the "." is written loses that one
    message (committing after the "." would double it instead). The window is the commit's round
    trip; a worker stopped with SIGTERM finishes its batch first.
    """
    pending = list(
        ReminderDelivery.objects.select_related("meeting__organiser")
        .filter(pk__in=delivery_ids, status=ReminderDelivery.Status.QUEUED)
        .order_by("pk")
    )
    sent = 0
    try:
        with mail.mailers.default as connection:
            while pending:
                if not _still_wanted(pending[0]):
                    ReminderDelivery.objects.filter(pk=pending[0].pk, status=ReminderDelivery.Status.QUEUED).update(
                        status=ReminderDelivery.Status.SKIPPED, next_attempt_at=None
                    )
                else:
                    try:
                        sent += _send_reminder(pending[0], connection=connection)
                    except REFUSED as error:
                        _record_refusal(pending[0], error)
                pending.pop(0)
    except OSError as error:
        # No connection (or it broke, or the server would not greet or log us in): this reminder
        # and the rest of the batch are tried again after a pause.
        for delivery in pending:
            _record_refusal(delivery, error)
    return sent


def _still_wanted(delivery: ReminderDelivery) -> bool:
    """Whether a reminder still makes sense: one waiting for its next try (or queued again after a lost
    task) can outlive its purpose. Before the meeting: while it is invited, with reminders on, and
    has not started. About the minutes: while the meeting is held without them."""
    meeting = delivery.meeting
    if delivery.kind.startswith("before-"):
        return meeting.state == Meeting.State.INVITED and meeting.reminders_enabled and timezone.now() < meeting.starts_at
    return meeting.state == Meeting.State.HELD


def _record_refusal(delivery: ReminderDelivery, error: Exception) -> None:
    answer, final = server_answer(error)
    attempts = delivery.attempts + 1
    failed = final or attempts >= MAX_ATTEMPTS
    logger.warning(
        "Reminder %s was not delivered (try %s, %s): %s", delivery.pk, attempts, "failed" if failed else "queued", answer
    )
    ReminderDelivery.objects.filter(pk=delivery.pk, status=ReminderDelivery.Status.QUEUED).update(
        status=ReminderDelivery.Status.FAILED if failed else ReminderDelivery.Status.QUEUED,
        attempts=attempts,
        error=answer[:500],
        next_attempt_at=None if failed else timezone.now() + RETRY_DELAYS[attempts - 1],
        enqueued_at=None,  # off the queue: a retry is claimed when it is due, not REQUEUE_AFTER later
    )


def failed_reminders(meeting: Meeting) -> QuerySet[ReminderDelivery]:
    """The meeting's reminders that could not be delivered, for those who may see its participants."""
    return meeting.reminders.filter(status=ReminderDelivery.Status.FAILED).order_by("recipient", "due_at")


def _send_reminder(delivery: ReminderDelivery, *, connection: BaseEmailBackend) -> bool:
    rows = ReminderDelivery.objects.filter(pk=delivery.pk)
    # One conditional UPDATE, committed at once: of two workers with the same reminder only one wins. If the
    # server refuses at the last step, the row is queued again and the caller records the refusal.
    return send_once(
        _reminder_message(delivery),
        mark_sent=lambda: bool(
            rows.filter(status=ReminderDelivery.Status.QUEUED).update(status=ReminderDelivery.Status.SENT, sent_at=timezone.now())
        ),
        unmark=lambda: rows.update(status=ReminderDelivery.Status.QUEUED, sent_at=None),
        connection=connection,
    )


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
