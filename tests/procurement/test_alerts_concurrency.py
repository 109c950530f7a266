"""Alerts on PostgreSQL with runs at once: two senders send each (subscription, item) once between them, and a
sender never moves a mark past a change still being committed."""

import threading
import time

import pytest
from django.core import mail
from django.db import close_old_connections, connection, transaction

from procurement.models import AlertChange, AlertSubscription
from procurement.services import alerts
from tests.procurement.factories_alerts import age, make_notice, make_subscription
from tests.procurement.test_dialogues_concurrency import run_at_once


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")


def test_two_senders_at_once_send_each_item_to_each_subscription_once(postgres, mailoutbox, monkeypatch):
    monkeypatch.setattr(alerts, "SEND_BATCH_SIZE", 1)  # the two runs take turns claiming
    for n in range(8):
        age(make_subscription(name=f"S{n}", email=f"s{n}@bedrift.example"))
    notices = [make_notice(f"Kunngjøring {n}") for n in range(3)]
    alerts.record_changes("notice", [notice.pk for notice in notices])
    results = run_at_once(alerts.send_instant_alerts, alerts.send_instant_alerts)
    assert sum(results) == 24
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert len(sent) == 24
    assert len(set(sent)) == 24
    latest = alerts.latest_change()
    assert set(AlertSubscription.objects.values_list("alerted_upto", "claimed_at")) == {(latest, None)}


def test_a_sender_waits_for_a_change_still_being_committed(postgres):
    age(make_subscription(name="Alle"))
    notice = make_notice()
    recorded, release = threading.Event(), threading.Event()
    seen: dict[str, int] = {}

    def record():
        try:
            with transaction.atomic():
                alerts.record_changes("notice", [notice.pk])
                recorded.set()
                release.wait(10)
        finally:
            close_old_connections()
            connection.close()

    def read():
        try:
            recorded.wait(10)
            seen["latest"] = alerts.latest_change(safe=True)
        finally:
            close_old_connections()
            connection.close()

    writer, reader = threading.Thread(target=record), threading.Thread(target=read)
    writer.start()
    reader.start()
    recorded.wait(10)
    time.sleep(0.5)
    assert "latest" not in seen  # the reader waits for the writer's commit
    release.set()
    writer.join(10)
    reader.join(10)
    assert seen == {"latest": AlertChange.objects.get().pk}
