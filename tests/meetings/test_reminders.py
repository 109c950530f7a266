"""Reminders: recorded once per (meeting, recipient, kind), sent once, queued again when lost."""

import datetime
import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils import timezone

from meetings.models import Meeting, Participant, ReminderDelivery
from meetings.services.reminders import REQUEUE_AFTER, claim_reminders_to_send, record_due_reminders, send_reminders
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
    """A local SMTP server: keeps the recipients of what it accepts, counts connections, refuses a
    recipient in ``unknown`` and the final "." of a message to a recipient in ``refuse``, and runs
    ``on_rcpt[recipient]()`` once when that recipient is named."""

    def __init__(self):
        self.accepted: list[str] = []
        self.connections = 0
        self.unknown: set[str] = set()
        self.refuse: set[str] = set()
        self.on_rcpt = {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 No such user"
        if address in self.on_rcpt:
            self.on_rcpt.pop(address)()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse & set(envelope.rcpt_tos):
            return "554 5.6.0 Message refused"
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


def test_a_refused_final_dot_leaves_that_reminder_queued_and_the_batch_goes_on(three_due, smtp_sink):
    first, second, third = three_due
    smtp_sink.refuse = {second.recipient}
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send_reminders([first.pk, second.pk, third.pk])
    assert refused.value.smtp_code == 554
    assert smtp_sink.accepted == [first.recipient, third.recipient]
    assert dict(ReminderDelivery.objects.values_list("recipient", "status")) == {
        first.recipient: "sent",
        second.recipient: "queued",
        third.recipient: "sent",
    }
    assert ReminderDelivery.objects.get(pk=second.pk).sent_at is None
    assert smtp_sink.connections == 1  # the refusal ended only that message's transaction
    # The retry sends what is left, once.
    smtp_sink.refuse = set()
    assert send_reminders([first.pk, second.pk, third.pk]) == 1
    assert smtp_sink.accepted == [first.recipient, third.recipient, second.recipient]


def test_a_refused_recipient_leaves_that_reminder_queued_and_the_batch_goes_on_over_the_same_connection(three_due, smtp_sink):
    first, second, third = three_due
    smtp_sink.unknown = {first.recipient}
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send_reminders([first.pk, second.pk, third.pk])
    assert smtp_sink.accepted == [second.recipient, third.recipient]
    assert ReminderDelivery.objects.get(pk=first.pk).status == "queued"
    assert smtp_sink.connections == 1  # the refused transaction was reset, not hung up


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
