"""Demo alerts of procurement: the demo owner's business DESINTRYGG AS (925321141, cleaning of buildings) gets an
instant alert from the suggestions of its industry and a daily digest on the keyword "renhold"; an officer has
set up one for BLOMSTERFRAKT ØST AS (812844822, road freight) from its industry too.

The subscriptions are dated a week back, as if set up before the demo's notices and plan items came in, and
every demo item is then recorded as a change, so the pages and the mail backend (console or file in the demo)
show alerts: the instant ones are sent, the daily ones wait for the 06:30 digest. Safe to run again:
subscriptions are found by (who set them up, business, name), and recording again records nothing new.
"""

import datetime

from django.utils import timezone

from businesses.models import Business
from procurement.models import AlertChange, AlertSubscription, MarketDialogue, Notice, PlannedProcurement
from procurement.services import alerts

OWNER = "eier@demo.example"
OFFICER = "naeringssjef@demo.example"


def _ensure(user, business, *, name: str, **fields) -> AlertSubscription:
    existing = AlertSubscription.objects.filter(user=user, business=business, name=name).first()
    if existing is not None:
        return existing
    subscription = alerts.create_subscription(alerts.SubscriptionData(name=name, business=business, **fields), by=user)
    # Set up a week ago: before the demo's items came in, so their changes are due to it.
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        created=timezone.now() - datetime.timedelta(days=7), alerted_upto=0
    )
    return subscription


def load(users: dict) -> dict[str, int]:
    owner, officer = users.get(OWNER), users.get(OFFICER)
    cleaner = Business.objects.filter(orgnr="925321141").first()
    freight = Business.objects.filter(orgnr="812844822").first()
    if owner is None or cleaner is None:
        return {"alert_subscriptions": AlertSubscription.objects.count()}
    _ensure(
        owner,
        cleaner,
        name="Renhold og bygningsdrift",
        email=owner.email,
        language="nb",
        codes=tuple(alerts.suggested_codes(cleaner)),
        frequency=AlertSubscription.Frequency.INSTANT,
    )
    _ensure(
        owner,
        cleaner,
        name="Daglig oversikt: renhold",
        email=owner.email,
        language="nb",
        keywords="renhold, rengjøring, vindusvask",
        min_value=100_000,
        frequency=AlertSubscription.Frequency.DAILY,
    )
    if officer is not None and freight is not None:
        _ensure(
            officer,
            freight,
            name="Transport for kommunen",
            email=freight.email or "post@blomsterfrakt.demo.example",
            language="nb",
            codes=tuple(alerts.suggested_codes(freight)),
            include_dialogues=False,
            frequency=AlertSubscription.Frequency.INSTANT,
        )
    for kind, model in (
        (AlertChange.Kind.NOTICE, Notice),
        (AlertChange.Kind.PLAN_ITEM, PlannedProcurement),
        (AlertChange.Kind.DIALOGUE, MarketDialogue),
    ):
        alerts.record_changes(kind, model.objects.values_list("pk", flat=True))
    alerts.send_instant_alerts()
    return {
        "alert_subscriptions": AlertSubscription.objects.count(),
        "alert_changes": AlertChange.objects.count(),
    }
