"""Sending alerts: over SMTP to a local server, exactly once per (subscription, item, version), through repeats
and a worker that dies between transfer and commit; the daily digest; what an alert e-mail says."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from procurement import tasks
from procurement.models import AlertDelivery, AlertSubscription, Notice
from procurement.services import alerts
from procurement.services.alerts import RETRY_AFTER, match_items, send_alert_digests, send_instant_alerts
from tests.meetings.test_reminders import SMTPSink  # the local SMTP server of the reminder tests
from tests.procurement.factories_alerts import age, make_dialogue, make_item, make_notice, make_subscription

pytestmark = pytest.mark.django_db

BASE = settings.PORTAL_BASE_URL.rstrip("/")


def start_sink(settings, sink: SMTPSink) -> Controller:
    """Mail goes over SMTP to ``sink`` on a free local port until the controller is stopped."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    return controller


@pytest.fixture
def smtp_sink(settings):
    sink = SMTPSink()
    controller = start_sink(settings, sink)
    yield sink
    controller.stop()


def statuses():
    return sorted(AlertDelivery.objects.values_list("object_id", "status"))


@pytest.fixture
def instant():
    return age(make_subscription(name="Renhold", email="kari@bedrift.example", codes=["90900000"], language="en"))


def test_a_matching_notice_goes_out_over_smtp_once_however_often_the_tasks_run(instant, smtp_sink):
    notice = make_notice("Renhold av skoler", codes=["90911200"])
    assert tasks.match_alerts(kind="notice", ids=[notice.pk]) == 1
    assert tasks.match_alerts(kind="notice", ids=[notice.pk]) == 0
    assert tasks.send_instant_alerts() == 0
    assert tasks.send_instant_alerts() == 0
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert statuses() == [(notice.pk, "sent")]


def test_queue_matching_runs_after_commit_and_sends(instant, smtp_sink, django_capture_on_commit_callbacks):
    notice = make_notice("Renhold av skoler", codes=["90911200"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        alerts.queue_matching("notice", [notice.pk, notice.pk])
    assert len(callbacks) == 1
    assert smtp_sink.accepted == ["kari@bedrift.example"]


def test_queue_matching_with_nothing_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        alerts.queue_matching("notice", [])
    assert callbacks == []


def test_a_worker_dying_between_transfer_and_commit_leaves_it_for_the_next_run_without_a_duplicate(
    instant, smtp_sink, monkeypatch
):
    notice = make_notice(codes=["90911200"])
    match_items("notice", [notice.pk])
    now = timezone.now()

    def die(ids, *, claimed_at):
        raise SystemExit("worker killed")  # the message is transferred, its "." not sent, nothing committed

    monkeypatch.setattr(alerts, "_mark_sent", die)
    with pytest.raises(SystemExit):
        send_instant_alerts(now=now)
    monkeypatch.undo()
    assert smtp_sink.accepted == []  # the server discarded the unfinished transaction
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.claimed_at) == ("pending", now)
    # A run while the claim is fresh leaves it to the (dead) run that holds it; one after RETRY_AFTER sends it.
    assert send_instant_alerts(now=now + datetime.timedelta(minutes=1)) == 0
    later = now + RETRY_AFTER + datetime.timedelta(seconds=1)
    assert send_instant_alerts(now=later) == 1
    assert send_instant_alerts(now=later + RETRY_AFTER * 2) == 0
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert statuses() == [(notice.pk, "sent")]


def test_a_delivery_another_run_marked_sent_meanwhile_is_dropped_not_doubled(instant, smtp_sink, monkeypatch):
    notice = make_notice(codes=["90911200"])
    match_items("notice", [notice.pk])
    real = alerts._mark_sent

    def another_run_won(ids, *, claimed_at):
        AlertDelivery.objects.filter(pk__in=ids).update(status="sent")
        return real(ids, claimed_at=claimed_at)

    monkeypatch.setattr(alerts, "_mark_sent", another_run_won)
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []


def test_a_new_version_of_the_notice_is_sent_again_once(instant, smtp_sink):
    notice = make_notice(codes=["90911200"])
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    Notice.objects.filter(pk=notice.pk).update(version=2, updated=timezone.now())
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    assert smtp_sink.accepted == ["kari@bedrift.example", "kari@bedrift.example"]
    assert sorted(AlertDelivery.objects.values_list("version", "status")) == [(1, "sent"), (2, "sent")]


def test_an_item_no_longer_matching_or_gone_at_send_time_is_skipped(instant, smtp_sink):
    recoded, gone, changed = make_notice("A", codes=["90911200"]), make_notice("B", codes=["90911200"]), make_notice("C")
    match_items("notice", [recoded.pk, gone.pk, changed.pk])
    recoded.cpv.all().delete()
    gone_pk = gone.pk
    gone.delete()
    Notice.objects.filter(pk=changed.pk).update(version=2)  # its version 2 gets its own delivery
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []
    assert statuses() == [(recoded.pk, "skipped"), (gone_pk, "skipped"), (changed.pk, "skipped")]


def test_a_recipient_refused_for_good_is_failed_and_the_others_go(smtp_sink):
    age(make_subscription(name="Bad", email="nobody@bedrift.example"))
    age(make_subscription(name="Good", email="kari@bedrift.example"))
    smtp_sink.rcpt_replies = {"nobody@bedrift.example": "550 5.1.1 No such user"}
    notice = make_notice()
    match_items("notice", [notice.pk])
    assert send_instant_alerts() == 1
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert sorted(AlertDelivery.objects.values_list("subscription__name", "status", "error")) == [
        ("Bad", "failed", "550 5.1.1 No such user"),
        ("Good", "sent", ""),
    ]


def test_daily_subscriptions_wait_for_the_digest_which_groups_the_items_in_one_email(smtp_sink):
    daily = age(make_subscription(name="Daily", email="dagsoversikt@bedrift.example", frequency="daily", language="en"))
    first, second = make_notice("Renhold av skoler"), make_notice("Vinduspuss")
    item = make_item("Brøyting", codes=["90620000"])
    matched = match_items("notice", [first.pk, second.pk]) + match_items("plan_item", [item.pk])
    assert matched == 3
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []
    assert send_alert_digests() == 1
    assert send_alert_digests() == 0
    assert smtp_sink.accepted == ["dagsoversikt@bedrift.example"]
    assert set(daily.deliveries.values_list("status", flat=True)) == {"sent"}


def test_the_digest_email_lists_every_item(mailoutbox):
    age(make_subscription(name="Daily", email="dag@bedrift.example", frequency="daily", language="en"))
    first, second = make_notice("Renhold av skoler"), make_notice("Vinduspuss")
    match_items("notice", [first.pk, second.pk])
    assert send_alert_digests() == 1
    [message] = mailoutbox
    assert message.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}2 new procurement items for “Daily”"
    assert "1. Notice: Renhold av skoler" in message.body
    assert "2. Notice: Vinduspuss" in message.body
    assert f"{BASE}/anskaffelser/kunngjoringer/{first.doffin_id}/" in message.body


def test_an_instant_alert_names_heading_buyer_deadline_value_link_and_unsubscribe(instant, mailoutbox):
    notice = make_notice("Renhold av skoler", codes=["90911200"], value="1250000", doffin_id="2026-112546")
    match_items("notice", [notice.pk])
    assert send_instant_alerts() == 1
    [message] = mailoutbox
    token = alerts.unsubscribe_token(instant)
    unsubscribe = f"{BASE}/anskaffelser/varsler/avmeld/{token}/"
    assert message.to == ["kari@bedrift.example"]
    assert message.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Notice: Renhold av skoler"
    assert (
        "Notice: Renhold av skoler\nBuyer: Bærum kommune\nDeadline: 15.01.2027\nEstimated value: 1,250,000 NOK\n" in message.body
    )
    assert f"{BASE}/anskaffelser/kunngjoringer/2026-112546/" in message.body
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_plan_items_and_dialogues_link_to_their_pages(mailoutbox):
    age(make_subscription(name="All", language="en"))
    item = make_item("Vinduspuss i rådhuset", value="300000")
    dialogue = make_dialogue(item)
    match_items("plan_item", [item.pk])
    match_items("dialogue", [dialogue.pk])
    assert send_instant_alerts() == 2
    bodies = sorted(m.body for m in mailoutbox)
    assert f"{BASE}/anskaffelser/markedsdialog/{dialogue.pk}/" in bodies[0]
    assert "Market dialogue: Markedsdialog om vinduspuss\nBuyer: Bærum kommune\nRegistration by: 01.02.2027" in bodies[0]
    assert f"{BASE}/anskaffelser/punkter/{item.pk}/" in bodies[1]
    assert "Planned procurement: Vinduspuss i rådhuset\nBuyer: Bærum kommune\nPlanned announcement: 01.03.2027" in bodies[1]


def test_an_inactive_subscription_gets_nothing_pending_sent(instant, mailoutbox):
    notice = make_notice(codes=["90911200"])
    match_items("notice", [notice.pk])
    AlertSubscription.objects.filter(pk=instant.pk).update(active=False)
    assert send_instant_alerts() == 0
    assert mailoutbox == []


def test_the_smtp_message_carries_the_one_click_headers(instant, settings):
    """The headers as the mail server receives them (RFC 8058)."""
    received = []

    class Keeping(SMTPSink):
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return await super().handle_DATA(server, session, envelope)

    controller = start_sink(settings, Keeping())
    try:
        notice = make_notice(codes=["90911200"])
        match_items("notice", [notice.pk])
        assert send_instant_alerts() == 1
    finally:
        controller.stop()
    [raw] = received
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{alerts.unsubscribe_url(instant)}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
