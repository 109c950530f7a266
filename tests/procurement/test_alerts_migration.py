"""The migration from a row per match (AlertDelivery) to changes and marks: what was waiting is sent once."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("procurement", "0001_initial")]
AFTER = [("procurement", "0002_alert_changes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_waiting_deliveries_become_changes_and_marks_skip_what_was_sent():
    apps = migrate(BEFORE)
    try:
        Subscription = apps.get_model("procurement", "AlertSubscription")
        Delivery = apps.get_model("procurement", "AlertDelivery")
        instant = Subscription.objects.create(email="a@bedrift.example", frequency="instant")
        daily = Subscription.objects.create(email="b@bedrift.example", frequency="daily")
        idle = Subscription.objects.create(email="c@bedrift.example", frequency="instant")
        # Matched in one run after the others: rows in (subscription, item) order, item 21 seen first by "d".
        first_seen = Subscription.objects.create(email="d@bedrift.example", frequency="daily")
        second = Subscription.objects.create(email="e@bedrift.example", frequency="daily")
        start = timezone.now() - datetime.timedelta(hours=5)
        for n, (subscription, object_id, status) in enumerate(
            [
                (instant, 10, "sent"),
                (daily, 10, "pending"),
                (daily, 11, "pending"),
                (instant, 11, "sent"),
                (instant, 12, "pending"),
                (idle, 10, "sent"),
                (first_seen, 21, "pending"),
                (second, 20, "pending"),
                (second, 21, "pending"),
            ]
        ):
            delivery = Delivery.objects.create(
                subscription=subscription, kind="notice", object_id=object_id, version=1, status=status
            )
            Delivery.objects.filter(pk=delivery.pk).update(matched_at=start + datetime.timedelta(minutes=min(n, 6)))
        apps = migrate(AFTER)
        Change = apps.get_model("procurement", "AlertChange")
        Subscription = apps.get_model("procurement", "AlertSubscription")
        changes = list(Change.objects.order_by("pk").values_list("pk", "kind", "object_id", "version"))
        assert [row[1:] for row in changes] == [
            ("notice", 10, 1),
            ("notice", 11, 1),
            ("notice", 12, 1),
            ("notice", 21, 1),
            ("notice", 20, 1),
        ]
        first, _, third, fourth, fifth = (row[0] for row in changes)
        marks = dict(Subscription.objects.values_list("email", "alerted_upto"))
        # The daily one gets 10 and 11, the instant one only 12 (it had 10 and 11), the idle one nothing; "d" gets
        # 21 (and 20, which it did not match: matched again, it is not due to it), "e" both.
        assert marks == {
            "a@bedrift.example": third - 1,
            "b@bedrift.example": first - 1,
            "c@bedrift.example": fifth,
            "d@bedrift.example": fourth - 1,
            "e@bedrift.example": fourth - 1,
        }
    finally:
        migrate(AFTER)
