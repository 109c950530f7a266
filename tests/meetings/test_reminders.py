"""Reminders: recorded once per (meeting, recipient, kind), sent once, queued again when lost."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Meeting, Participant, ReminderDelivery
from meetings.services.reminders import REQUEUE_AFTER, claim_reminders_to_send, record_due_reminders, send_reminder
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
    assert send_reminder(delivery.pk) is True
    assert send_reminder(delivery.pk) is False
    assert len(mail.outbox) == 1
