"""Reminders: recorded once per (meeting, recipient, kind), sent once, queued again when lost."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils import timezone

from meetings.models import Meeting, Participant, ReminderDelivery
from meetings.services.reminders import (
    MAX_ATTEMPTS,
    REQUEUE_AFTER,
    RETRY_DELAYS,
    claim_reminders_to_send,
    record_due_reminders,
    send_reminders,
)
from meetings.tasks import dispatch_reminders
from tests.factories import UserFactory

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def invited(meetings):
    public, _ = meetings
    public.state = Meeting.State.INVITED
    public.starts_at = NOW + datetime.timedelta(days=6)
    public.ends_at = public.starts_at + datetime.timedelta(hours=2)
    public.save()
    return public


@pytest.fixture
def three_due(invited):
    """Three reminders due for the invited meeting, in the order of their ids."""
    Participant.objects.create(meeting=invited, email="tredje@bedrift.example", name="Tredje Gjest")
    record_due_reminders(NOW)
    return list(ReminderDelivery.objects.order_by("pk"))


class SMTPSink:
    """A local SMTP server: keeps the recipients of what it accepts, counts connections, answers RCPT
    for a recipient in ``rcpt_replies`` and the final "." of a message to a recipient in
    ``data_replies`` with the reply given there, and runs ``on_rcpt[recipient]()`` once when that
    recipient is named."""

    def __init__(self):
        self.accepted: list[str] = []
        self.connections = 0
        self.rcpt_replies: dict[str, str] = {}
        self.data_replies: dict[str, str] = {}
        self.on_rcpt = {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        if address in self.on_rcpt:
            self.on_rcpt.pop(address)()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            if recipient in self.data_replies:
                return self.data_replies[recipient]
        self.accepted += envelope.rcpt_tos
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    """Mail goes over SMTP to a local SMTPSink for this test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SMTPSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield sink
    controller.stop()


def kinds():
    return sorted(ReminderDelivery.objects.values_list("recipient", "kind"))


def test_reminders_become_due_at_their_offsets_and_are_recorded_once(invited):
    assert record_due_reminders(NOW) == 2  # the 7-day reminder, to both participants
    assert record_due_reminders(NOW) == 0
    assert kinds() == [("council@test.example", "before-10080"), ("gjest@bedrift.example", "before-10080")]
    assert record_due_reminders(invited.starts_at - datetime.timedelta(hours=12)) == 2  # the 1-day reminder
    assert record_due_reminders(invited.starts_at + datetime.timedelta(minutes=1)) == 0  # started: nothing more


@pytest.mark.parametrize(
    "change",
    [
        {"state": Meeting.State.PLANNED},
        {"state": Meeting.State.CANCELLED},
        {"reminders_enabled": False},
        {"reminder_offsets": []},
    ],
)
def test_no_reminders_unless_invited_and_switched_on(invited, change):
    Meeting.objects.filter(pk=invited.pk).update(**change)
    assert record_due_reminders(NOW) == 0


def test_organiser_is_nudged_3_and_7_days_after_a_held_meeting_without_minutes(meetings):
    public, _ = meetings
    public.state = Meeting.State.HELD
    public.starts_at = NOW - datetime.timedelta(days=4, hours=2)
    public.ends_at = NOW - datetime.timedelta(days=4)
    public.save()
    assert record_due_reminders(NOW) == 1
    assert record_due_reminders(NOW + datetime.timedelta(days=3)) == 1
    assert kinds() == [("officer@test.example", "minutes-3"), ("officer@test.example", "minutes-7")]
    Meeting.objects.filter(pk=public.pk).update(state=Meeting.State.MINUTES_PUBLISHED)
    assert record_due_reminders(NOW + datetime.timedelta(days=10)) == 0


def test_dispatch_sends_each_reminder_once_in_the_recipients_language(invited, django_capture_on_commit_callbacks):
    english = UserFactory(email="english@test.example", language="en")
    Participant.objects.create(meeting=invited, user=english, email=english.email, name="English Speaker")
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["council@test.example", "english@test.example", "gjest@bedrift.example"]
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["english@test.example"].subject.startswith("[Næringsportal] Reminder: Dialogmøte 1/2027 on ")
    assert by_recipient["gjest@bedrift.example"].subject.startswith("[Næringsportal] Påminnelse: Dialogmøte 1/2027 ")
    delivery = ReminderDelivery.objects.get(recipient="gjest@bedrift.example")
    assert by_recipient["gjest@bedrift.example"].extra_headers["Message-ID"] == f"<reminder-{delivery.pk}@localhost>"
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}


def statuses():
    return sorted(ReminderDelivery.objects.values_list("recipient", "kind", "status"))


def test_a_meeting_invited_less_than_a_day_before_it_starts_sends_only_the_latest_reminder(
    invited, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=invited.pk).update(
        starts_at=NOW + datetime.timedelta(hours=12), ends_at=NOW + datetime.timedelta(hours=14)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 2  # both kinds are due; one is sent per participant
    assert statuses() == [
        ("council@test.example", "before-10080", "skipped"),
        ("council@test.example", "before-1440", "sent"),
        ("gjest@bedrift.example", "before-10080", "skipped"),
        ("gjest@bedrift.example", "before-1440", "sent"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["council@test.example", "gjest@bedrift.example"]
    assert [m.subject.startswith("[Næringsportal] Påminnelse: Dialogmøte 1/2027 ") for m in mail.outbox] == [True, True]
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 0
    assert len(mail.outbox) == 2


def test_a_reminder_still_on_its_way_when_a_later_one_is_due_is_skipped(invited):
    record_due_reminders(NOW)
    on_the_way = claim_reminders_to_send(NOW)  # the 7-day reminders; their task waits in the queue
    assert record_due_reminders(invited.starts_at - datetime.timedelta(hours=12)) == 2
    assert [status for _, _, status in statuses()] == ["skipped", "queued", "skipped", "queued"]
    assert send_reminders(on_the_way) == 0  # the late task finds them skipped
    assert mail.outbox == []
    assert send_reminders(claim_reminders_to_send(invited.starts_at - datetime.timedelta(hours=12))) == 2
    assert sorted((m.to[0]) for m in mail.outbox) == ["council@test.example", "gjest@bedrift.example"]


def test_a_late_nudge_about_the_minutes_skips_the_earlier_one(meetings):
    public, _ = meetings
    Meeting.objects.filter(pk=public.pk).update(
        state=Meeting.State.HELD, starts_at=NOW - datetime.timedelta(days=8, hours=2), ends_at=NOW - datetime.timedelta(days=8)
    )
    assert record_due_reminders(NOW) == 2
    assert statuses() == [("officer@test.example", "minutes-3", "skipped"), ("officer@test.example", "minutes-7", "queued")]


def test_a_reminder_whose_task_was_lost_is_queued_again(invited):
    record_due_reminders(NOW)
    first = claim_reminders_to_send(NOW)
    assert len(first) == 2
    # The tasks never ran (the broker lost them): not again at once, but after REQUEUE_AFTER.
    assert claim_reminders_to_send(NOW + datetime.timedelta(minutes=1)) == []
    assert sorted(claim_reminders_to_send(NOW + REQUEUE_AFTER + datetime.timedelta(seconds=1))) == sorted(first)


def test_sending_twice_sends_once(invited):
    record_due_reminders(NOW)
    delivery = ReminderDelivery.objects.first()
    assert send_reminders([delivery.pk]) == 1
    assert send_reminders([delivery.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_batch_with_a_reminder_already_sent_sends_the_others_once(three_due):
    first, second, third = three_due
    ReminderDelivery.objects.filter(pk=second.pk).update(status=ReminderDelivery.Status.SENT, sent_at=NOW)
    assert send_reminders([first.pk, second.pk, third.pk]) == 2
    assert send_reminders([first.pk, second.pk, third.pk]) == 0
    assert [m.to for m in mail.outbox] == [[first.recipient], [third.recipient]]
    assert ReminderDelivery.objects.filter(sent_at=NOW).get() == second  # left as it was


def test_two_batches_with_overlapping_reminders_send_each_once(three_due):
    first, second, third = three_due
    assert send_reminders([first.pk, second.pk]) == 2
    assert send_reminders([second.pk, third.pk, 999_999]) == 1  # an id that is gone is passed over
    assert [m.to for m in mail.outbox] == [[first.recipient], [second.recipient], [third.recipient]]
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_dispatch_sends_a_batch_over_one_smtp_connection(three_due, smtp_sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 3
    assert smtp_sink.accepted == [delivery.recipient for delivery in three_due]
    assert smtp_sink.connections == 1


def test_dispatch_splits_the_reminders_into_batches(three_due, smtp_sink, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("meetings.tasks.SEND_BATCH_SIZE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 3
    assert smtp_sink.accepted == [delivery.recipient for delivery in three_due]
    assert smtp_sink.connections == 2  # one per batch


def rows():
    """(recipient, status, attempts, error) of each reminder, in the order of their ids."""
    return list(ReminderDelivery.objects.order_by("pk").values_list("recipient", "status", "attempts", "error"))


def test_a_refused_recipient_is_failed_at_once_or_retried_later_and_the_batch_goes_on_over_one_connection(
    three_due, smtp_sink, django_capture_on_commit_callbacks
):
    first, second, third = three_due
    smtp_sink.rcpt_replies = {first.recipient: "550 5.1.1 No such user", second.recipient: "451 4.7.1 Try again later"}
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_reminders() == 3
    assert smtp_sink.accepted == [third.recipient]
    assert rows() == [
        (first.recipient, "failed", 1, "550 5.1.1 No such user"),
        (second.recipient, "queued", 1, "451 4.7.1 Try again later"),
        (third.recipient, "sent", 0, ""),
    ]
    assert smtp_sink.connections == 1  # each refused transaction was reset, not hung up
    retry_at = ReminderDelivery.objects.get(pk=second.pk).next_attempt_at
    assert started + RETRY_DELAYS[0] <= retry_at <= timezone.now() + RETRY_DELAYS[0]
    assert ReminderDelivery.objects.get(pk=first.pk).next_attempt_at is None
    # The beat job, every minute: nothing until the pause is over, and the failed one never again.
    assert claim_reminders_to_send(timezone.now()) == []
    assert claim_reminders_to_send(retry_at - datetime.timedelta(seconds=1)) == []
    assert claim_reminders_to_send(retry_at) == [second.pk]
    # The server takes it this time: every recipient it knows got exactly one message.
    smtp_sink.rcpt_replies = {first.recipient: "550 5.1.1 No such user"}
    assert send_reminders([second.pk]) == 1
    assert sorted(smtp_sink.accepted) == sorted([second.recipient, third.recipient])
    assert rows() == [
        (first.recipient, "failed", 1, "550 5.1.1 No such user"),
        (second.recipient, "sent", 1, "451 4.7.1 Try again later"),
        (third.recipient, "sent", 0, ""),
    ]
    assert claim_reminders_to_send(timezone.now() + datetime.timedelta(days=30)) == []


def test_a_recipient_refused_for_now_every_time_is_failed_after_five_attempts_with_growing_pauses(three_due, smtp_sink):
    first, second, third = three_due
    ReminderDelivery.objects.filter(pk__in=[second.pk, third.pk]).update(status="sent", sent_at=NOW)
    smtp_sink.rcpt_replies = {first.recipient: "452 4.2.2 Mailbox full"}
    pauses = []
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if attempt > 1:  # claimed again only once its pause is over
            assert claim_reminders_to_send(now - datetime.timedelta(seconds=1)) == []
            assert claim_reminders_to_send(now) == [first.pk]
        before = timezone.now()
        assert send_reminders([first.pk]) == 0
        row = ReminderDelivery.objects.get(pk=first.pk)
        assert (row.attempts, row.error) == (attempt, "452 4.2.2 Mailbox full")
        if attempt < MAX_ATTEMPTS:
            assert row.status == "queued"
            pauses.append(row.next_attempt_at - before)
            now = row.next_attempt_at
    assert [round(pause.total_seconds() / 60) for pause in pauses] == [5, 20, 60, 180]
    assert (row.status, row.next_attempt_at) == ("failed", None)
    assert claim_reminders_to_send(now + datetime.timedelta(days=1)) == []
    assert smtp_sink.accepted == []


@pytest.mark.parametrize(
    ("reply", "status", "next_attempt"),
    [("554 5.6.0 Message refused", "failed", False), ("451 4.3.0 Temporary failure", "queued", True)],
)
def test_a_refused_final_dot_is_recorded_on_that_reminder_and_the_batch_goes_on(
    three_due, smtp_sink, reply, status, next_attempt
):
    first, second, third = three_due
    smtp_sink.data_replies = {second.recipient: reply}
    assert send_reminders([first.pk, second.pk, third.pk]) == 2
    assert smtp_sink.accepted == [first.recipient, third.recipient]
    assert rows() == [(first.recipient, "sent", 0, ""), (second.recipient, status, 1, reply), (third.recipient, "sent", 0, "")]
    row = ReminderDelivery.objects.get(pk=second.pk)
    assert (row.sent_at, row.next_attempt_at is not None) == (None, next_attempt)
    assert smtp_sink.connections == 1  # the refusal ended only that message's transaction
    # Sending the batch again sends nothing twice; the one refused for now goes once it is let through.
    smtp_sink.data_replies = {}
    assert send_reminders([first.pk, second.pk, third.pk]) == (1 if next_attempt else 0)
    assert smtp_sink.accepted == [first.recipient, third.recipient] + ([second.recipient] if next_attempt else [])


def test_without_a_mail_server_the_batch_waits_for_its_next_try(three_due, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": port}}
    }
    started = timezone.now()
    assert send_reminders([delivery.pk for delivery in three_due]) == 0
    assert rows() == [(delivery.recipient, "queued", 1, "[Errno 111] Connection refused") for delivery in three_due]
    for row in ReminderDelivery.objects.all():
        assert started + RETRY_DELAYS[0] <= row.next_attempt_at <= timezone.now() + RETRY_DELAYS[0]


@pytest.mark.parametrize(
    "change",
    [
        {"state": Meeting.State.CANCELLED},
        {"reminders_enabled": False},
        {"starts_at": timezone.now() - datetime.timedelta(minutes=1), "ends_at": NOW + datetime.timedelta(hours=1)},
    ],
)
def test_a_reminder_waiting_for_its_next_try_is_skipped_once_it_no_longer_makes_sense(three_due, smtp_sink, change):
    first, second, third = three_due
    smtp_sink.rcpt_replies = {first.recipient: "451 4.7.1 Try again later"}
    assert send_reminders([first.pk, second.pk, third.pk]) == 2
    Meeting.objects.filter(pk=first.meeting_id).update(**change)  # cancelled, reminders off, or started
    smtp_sink.rcpt_replies = {}
    retry_at = ReminderDelivery.objects.get(pk=first.pk).next_attempt_at
    assert send_reminders(claim_reminders_to_send(retry_at)) == 0
    assert rows()[0] == (first.recipient, "skipped", 1, "451 4.7.1 Try again later")
    assert smtp_sink.accepted == [second.recipient, third.recipient]


def test_a_malformed_address_is_failed_at_once(invited, smtp_sink):
    Participant.objects.create(meeting=invited, email="uten-krøll", name="Feil")
    record_due_reminders(NOW)
    assert send_reminders(list(ReminderDelivery.objects.values_list("pk", flat=True))) == 2
    row = ReminderDelivery.objects.get(recipient="uten-krøll")
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.error.startswith("Invalid address")


def test_failed_reminders_are_shown_to_those_who_see_the_participants(client_for, three_due):
    first, _, _ = three_due
    ReminderDelivery.objects.filter(pk=first.pk).update(status="failed", attempts=1, error="550 5.1.1 No such user")
    page = f"/moter/{first.meeting_id}/"
    for persona in ("officer", "admin"):  # the organiser, and staff
        content = client_for(persona).get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Reminders that could not be delivered" in content
        assert f'<th scope="row">{first.recipient}</th>' in content
        assert "550 5.1.1 No such user" in content
    for persona in ("council_member", "anonymous"):
        content = client_for(persona).get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "550 5.1.1 No such user" not in content
        assert "Reminders that could not be delivered" not in content


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_loses_a_reminder_to_another_drops_its_transfer_and_sends_the_rest(three_due, smtp_sink):
    first, second, third = three_due

    def sent_by_another_batch():
        # Runs in the SMTP server's thread, while this batch is transferring the second reminder.
        ReminderDelivery.objects.filter(pk=second.pk).update(status=ReminderDelivery.Status.SENT, sent_at=NOW)
        connection.close()

    smtp_sink.on_rcpt[second.recipient] = sent_by_another_batch
    assert send_reminders([first.pk, second.pk, third.pk]) == 2
    assert smtp_sink.accepted == [first.recipient, third.recipient]  # the second's transfer was dropped, not delivered
    assert smtp_sink.connections == 2  # dropping a transfer means hanging up; the third went over a new connection
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}
