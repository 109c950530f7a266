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
from procurement.models import AlertChange, AlertSubscription, Notice
from procurement.services import alerts
from procurement.services.alerts import RETRY_AFTER, record_changes, send_alert_digests, send_instant_alerts
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


def mark(subscription) -> tuple[int, object, str]:
    """The subscription's (mark, claim, refusal) as stored."""
    subscription.refresh_from_db()
    return subscription.alerted_upto, subscription.claimed_at, subscription.delivery_error


def change_of(notice) -> int:
    return AlertChange.objects.get(kind="notice", object_id=notice.pk, version=notice.version).pk


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
    assert mark(instant) == (change_of(notice), None, "")


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
    record_changes("notice", [notice.pk])
    now = timezone.now()

    def die(pk, frm, to, **kwargs):
        raise SystemExit("worker killed")  # the message is transferred, its "." not sent, nothing committed

    monkeypatch.setattr(alerts, "_advance", die)
    with pytest.raises(SystemExit):
        send_instant_alerts(now=now)
    monkeypatch.undo()
    assert smtp_sink.accepted == []  # the server discarded the unfinished transaction
    assert mark(instant) == (0, now, "")
    # A run while the claim is fresh leaves it to the (dead) run that holds it; one after RETRY_AFTER sends it.
    assert send_instant_alerts(now=now + datetime.timedelta(minutes=1)) == 0
    later = now + RETRY_AFTER + datetime.timedelta(seconds=1)
    assert send_instant_alerts(now=later) == 1
    assert send_instant_alerts(now=later + RETRY_AFTER * 2) == 0
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert mark(instant) == (change_of(notice), None, "")


def test_a_subscription_another_run_served_meanwhile_is_not_sent_twice(instant, smtp_sink, monkeypatch):
    notice = make_notice(codes=["90911200"])
    record_changes("notice", [notice.pk])
    real = alerts._advance

    def another_run_won(pk, frm, to, **kwargs):
        AlertSubscription.objects.filter(pk=pk).update(alerted_upto=to)
        return real(pk, frm, to, **kwargs)

    monkeypatch.setattr(alerts, "_advance", another_run_won)
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []


def test_a_new_version_of_the_notice_is_sent_again_once(instant, smtp_sink):
    notice = make_notice(codes=["90911200"])
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    Notice.objects.filter(pk=notice.pk).update(version=2, updated=timezone.now())
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    tasks.match_alerts(kind="notice", ids=[notice.pk])
    assert smtp_sink.accepted == ["kari@bedrift.example", "kari@bedrift.example"]
    notice.refresh_from_db()
    assert mark(instant) == (change_of(notice), None, "")


def test_an_item_no_longer_matching_or_gone_at_send_time_is_not_sent_and_the_mark_moves_past_it(instant, smtp_sink):
    recoded, gone, changed = make_notice("A", codes=["90911200"]), make_notice("B", codes=["90911200"]), make_notice("C")
    record_changes("notice", [recoded.pk, gone.pk, changed.pk])
    latest = alerts.latest_change()
    recoded.cpv.all().delete()
    gone.delete()
    Notice.objects.filter(pk=changed.pk).update(version=2)  # its version 2 is a change of its own
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []
    assert mark(instant) == (latest, None, "")


def test_items_are_sent_one_e_mail_each_in_the_order_of_their_changes(instant, mailoutbox):
    first, second = make_notice("Første", codes=["90911200"]), make_notice("Andre", codes=["90911200"])
    record_changes("notice", [second.pk])
    record_changes("notice", [first.pk])
    assert send_instant_alerts() == 2
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == ["Andre", "Første"]
    assert [m.extra_headers["Message-ID"].split("@")[0] for m in mailoutbox] == [
        f"<alert-{instant.pk}-0-{change_of(second)}",
        f"<alert-{instant.pk}-{change_of(second)}-{change_of(first)}",
    ]


def test_a_recipient_refused_for_good_is_recorded_and_the_others_go(smtp_sink):
    bad = age(make_subscription(name="Bad", email="nobody@bedrift.example"))
    good = age(make_subscription(name="Good", email="kari@bedrift.example"))
    smtp_sink.rcpt_replies = {"nobody@bedrift.example": "550 5.1.1 No such user"}
    notice = make_notice()
    record_changes("notice", [notice.pk])
    assert send_instant_alerts() == 1
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert mark(bad) == (change_of(notice), None, "550 5.1.1 No such user")  # not tried again
    assert mark(good) == (change_of(notice), None, "")
    assert send_instant_alerts() == 0
    smtp_sink.rcpt_replies = {}
    second = make_notice("Neste")
    record_changes("notice", [second.pk])
    assert send_instant_alerts() == 2
    assert mark(bad) == (change_of(second), None, "")  # the next one went through


def test_a_recipient_refused_for_now_is_tried_again_by_the_next_run(instant, smtp_sink):
    smtp_sink.rcpt_replies = {"kari@bedrift.example": "450 4.2.1 Try again later"}
    notice = make_notice(codes=["90911200"])
    record_changes("notice", [notice.pk])
    assert send_instant_alerts() == 0
    assert mark(instant) == (0, None, "")
    smtp_sink.rcpt_replies = {}
    assert send_instant_alerts() == 1
    assert mark(instant) == (change_of(notice), None, "")


def test_many_subscriptions_are_served_in_batches(smtp_sink, monkeypatch):
    monkeypatch.setattr(alerts, "SEND_BATCH_SIZE", 2)
    subscriptions = [age(make_subscription(name=f"S{n}", email=f"s{n}@bedrift.example")) for n in range(5)]
    notice = make_notice()
    record_changes("notice", [notice.pk])
    assert send_instant_alerts() == 5
    assert sorted(smtp_sink.accepted) == [f"s{n}@bedrift.example" for n in range(5)]
    assert {mark(s) for s in subscriptions} == {(change_of(notice), None, "")}


def test_daily_subscriptions_wait_for_the_digest_which_groups_the_items_in_one_email(smtp_sink):
    daily = age(make_subscription(name="Daily", email="dagsoversikt@bedrift.example", frequency="daily", language="en"))
    first, second = make_notice("Renhold av skoler"), make_notice("Vinduspuss")
    item = make_item("Brøyting", codes=["90620000"])
    assert record_changes("notice", [first.pk, second.pk]) + record_changes("plan_item", [item.pk]) == 3
    assert send_instant_alerts() == 0
    assert smtp_sink.accepted == []
    assert send_alert_digests() == 1
    assert send_alert_digests() == 0
    assert smtp_sink.accepted == ["dagsoversikt@bedrift.example"]
    assert mark(daily) == (alerts.latest_change(), None, "")


def test_the_digest_email_lists_every_item(mailoutbox):
    age(make_subscription(name="Daily", email="dag@bedrift.example", frequency="daily", language="en"))
    first, second = make_notice("Renhold av skoler"), make_notice("Vinduspuss")
    record_changes("notice", [first.pk, second.pk])
    assert send_alert_digests() == 1
    [message] = mailoutbox
    assert message.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}2 new procurement items for “Daily”"
    assert "1. Notice: Renhold av skoler" in message.body
    assert "2. Notice: Vinduspuss" in message.body
    assert f"{BASE}/anskaffelser/kunngjoringer/{first.doffin_id}/" in message.body


def test_an_instant_alert_names_heading_buyer_deadline_value_link_and_unsubscribe(instant, mailoutbox):
    notice = make_notice("Renhold av skoler", codes=["90911200"], value="1250000", doffin_id="2026-112546")
    record_changes("notice", [notice.pk])
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
    record_changes("plan_item", [item.pk])
    record_changes("dialogue", [dialogue.pk])
    assert send_instant_alerts() == 2
    bodies = sorted(m.body for m in mailoutbox)
    assert f"{BASE}/anskaffelser/markedsdialog/{dialogue.pk}/" in bodies[0]
    assert "Market dialogue: Markedsdialog om vinduspuss\nBuyer: Bærum kommune\nRegistration by: 01.02.2027" in bodies[0]
    assert f"{BASE}/anskaffelser/punkter/{item.pk}/" in bodies[1]
    assert "Planned procurement: Vinduspuss i rådhuset\nBuyer: Bærum kommune\nPlanned announcement: 01.03.2027" in bodies[1]


def test_an_inactive_subscription_gets_nothing_pending_sent(instant, mailoutbox):
    notice = make_notice(codes=["90911200"])
    record_changes("notice", [notice.pk])
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
        record_changes("notice", [notice.pk])
        assert send_instant_alerts() == 1
    finally:
        controller.stop()
    [raw] = received
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{alerts.unsubscribe_url(instant)}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def changing_after_the_matching(monkeypatch, change):
    """Have ``change()`` run right after a run has matched its claimed subscriptions, before it sends."""
    real = alerts.due_matches

    def matched_then_changed(*args, **kwargs):
        due = real(*args, **kwargs)
        change()
        return due

    monkeypatch.setattr(alerts, "due_matches", matched_then_changed)


def test_an_item_changed_again_after_the_matching_is_not_sent_in_its_old_version(instant, mailoutbox, monkeypatch):
    notice = make_notice("Versjon 1", codes=["90911200"])
    record_changes("notice", [notice.pk])
    changing_after_the_matching(
        monkeypatch, lambda: Notice.objects.filter(pk=notice.pk).update(heading="Versjon 2", version=2, updated=timezone.now())
    )
    assert send_instant_alerts() == 0
    monkeypatch.undo()
    assert mailoutbox == []
    assert mark(instant) == (change_of(Notice(pk=notice.pk, version=1)), None, "")
    assert record_changes("notice", [notice.pk]) == 1  # its new version is a change of its own, sent once
    assert send_instant_alerts() == 1
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == ["Versjon 2"]


def test_a_planned_procurement_announced_after_the_matching_is_not_sent(mailoutbox, monkeypatch):
    age(make_subscription(name="All"))
    item = make_item("Vinduspuss i rådhuset")
    record_changes("plan_item", [item.pk])
    changing_after_the_matching(monkeypatch, lambda: type(item).objects.filter(pk=item.pk).update(state="announced"))
    assert send_instant_alerts() == 0
    assert mailoutbox == []


def test_a_daily_subscription_switched_to_instant_gets_what_waited_at_once(smtp_sink):
    daily = age(make_subscription(name="Daily", email="dag@bedrift.example", frequency="daily"))
    first, second = make_notice("Første"), make_notice("Andre")
    record_changes("notice", [first.pk, second.pk])
    assert send_instant_alerts() == 0
    AlertSubscription.objects.filter(pk=daily.pk).update(frequency="instant")
    assert send_instant_alerts() == 2
    assert send_alert_digests() == 0
    assert smtp_sink.accepted == ["dag@bedrift.example", "dag@bedrift.example"]


def test_unsubscribing_while_a_run_sends_stops_the_rest_and_releases_the_subscription(instant, mailoutbox, monkeypatch):
    notices = [make_notice(f"Kunngjøring {n}", codes=["90911200"]) for n in range(3)]
    for notice in notices:
        record_changes("notice", [notice.pk])
    real = alerts._alert_message

    def unsubscribed_after_the_first(subscription, items, **kwargs):
        if mailoutbox:
            alerts.set_active(subscription, False)
        return real(subscription, items, **kwargs)

    monkeypatch.setattr(alerts, "_alert_message", unsubscribed_after_the_first)
    assert send_instant_alerts() == 1
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == ["Kunngjøring 0"]
    assert mark(instant) == (change_of(notices[0]), None, "")


def test_a_subscription_whose_alert_cannot_be_made_waits_and_the_others_go(smtp_sink, monkeypatch, caplog):
    broken = age(make_subscription(name="Broken", email="broken@bedrift.example"))
    good = age(make_subscription(name="Good", email="kari@bedrift.example"))
    notice = make_notice()
    record_changes("notice", [notice.pk])
    real = alerts._alert_message

    def fails_for_one(subscription, items, **kwargs):
        if subscription.pk == broken.pk:
            raise ValueError("cannot show the item")
        return real(subscription, items, **kwargs)

    monkeypatch.setattr(alerts, "_alert_message", fails_for_one)
    assert send_instant_alerts() == 1
    assert smtp_sink.accepted == ["kari@bedrift.example"]
    assert f"Procurement alerts to subscription {broken.pk} failed" in caplog.text
    assert mark(broken) == (0, None, "")  # released, not skipped: the next run tries again
    assert mark(good) == (change_of(notice), None, "")
    monkeypatch.undo()
    assert send_instant_alerts() == 1
    assert smtp_sink.accepted == ["kari@bedrift.example", "broken@bedrift.example"]


def test_a_batch_held_for_half_the_claim_time_releases_the_rest(smtp_sink, monkeypatch):
    for n in range(3):
        age(make_subscription(name=f"S{n}", email=f"s{n}@bedrift.example"))
    record_changes("notice", [make_notice().pk])
    # The run starts, its batch starts, the first subscription is served; by the second, half the claim time is gone.
    ticks = iter([0.0, 0.0, 0.0])
    monkeypatch.setattr(alerts, "_clock", lambda: next(ticks, RETRY_AFTER.total_seconds()))
    assert send_instant_alerts() == 1
    assert set(AlertSubscription.objects.values_list("claimed_at", flat=True)) == {None}
    monkeypatch.undo()
    assert send_instant_alerts() == 2
    assert sorted(smtp_sink.accepted) == ["s0@bedrift.example", "s1@bedrift.example", "s2@bedrift.example"]


def test_a_dialogue_whose_planned_procurement_changed_after_the_matching_is_not_sent(mailoutbox, monkeypatch):
    age(make_subscription(name="Small", max_value=100_000))
    item = make_item(value="50000")
    dialogue = make_dialogue(item)
    record_changes("dialogue", [dialogue.pk])
    changing_after_the_matching(
        monkeypatch, lambda: type(item).objects.filter(pk=item.pk).update(estimated_value=9_000_000, version=2)
    )
    assert send_instant_alerts() == 0
    assert mailoutbox == []


def test_a_closed_dialogue_is_not_alerted(mailoutbox):
    age(make_subscription(name="All"))
    dialogue = make_dialogue(state="closed")
    assert record_changes("dialogue", [dialogue.pk]) == 0
    assert send_instant_alerts() == 0
    assert mailoutbox == []
