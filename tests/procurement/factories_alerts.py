"""Rows for the alert tests, created directly: notices, plan items and dialogues with their CPV rows (each code
and its ancestors, as the importers write them), and subscriptions."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from procurement.models import (
    AlertSubscription,
    MarketDialogue,
    Notice,
    NoticeCpv,
    PlannedCpv,
    PlannedProcurement,
    ProcurementPlan,
)
from procurement.services import alerts, cpv

_ids = itertools.count(1)


def make_notice(heading="Renhold av skoler", *, codes=("90910000",), value=None, description="", **fields) -> Notice:
    n = next(_ids)
    notice = Notice.objects.create(
        doffin_id=fields.pop("doffin_id", f"2026-{100000 + n}"),
        heading=heading,
        description=description,
        type="ANNOUNCEMENT_OF_COMPETITION",
        status="ACTIVE",
        buyer_orgnr="935478715",
        buyer_name=fields.pop("buyer_name", "Bærum kommune"),
        deadline=fields.pop("deadline", datetime.datetime(2027, 1, 15, 12, 0, tzinfo=datetime.UTC)),
        estimated_value=None if value is None else Decimal(value),
        source_hash=f"hash-{n}",
        **fields,
    )
    NoticeCpv.objects.bulk_create([NoticeCpv(notice=notice, code=c, direct=d) for c, d in cpv.expand(codes).items()])
    return notice


def make_plan(*, state=ProcurementPlan.State.PUBLISHED) -> ProcurementPlan:
    return ProcurementPlan.objects.create(title="Anskaffelsesplan 2027", buyer_name="Bærum kommune", year=2027, state=state)


def make_item(title="Vinduspuss i rådhuset", *, plan=None, codes=("90911300",), value=None, description="") -> PlannedProcurement:
    item = PlannedProcurement.objects.create(
        plan=plan or make_plan(),
        title=title,
        description=description,
        cpv_codes=list(codes),
        estimated_value=None if value is None else Decimal(value),
        planned_announcement=datetime.date(2027, 3, 1),
    )
    PlannedCpv.objects.bulk_create([PlannedCpv(item=item, code=c, direct=d) for c, d in cpv.expand(codes).items()])
    return item


def make_dialogue(item=None, *, title="Markedsdialog om vinduspuss", state=MarketDialogue.State.OPEN) -> MarketDialogue:
    return MarketDialogue.objects.create(
        item=item or make_item(),
        title=title,
        state=state,
        registration_deadline=datetime.datetime(2027, 2, 1, 12, 0, tzinfo=datetime.UTC),
    )


def make_subscription(*, user=None, business=None, email="kari@bedrift.example", codes=(), keywords="", **fields):
    data = alerts.SubscriptionData(
        email=email,
        language=fields.pop("language", "nb"),
        name=fields.pop("name", "Renhold"),
        business=business,
        codes=tuple(codes),
        keywords=keywords,
        **fields,
    )
    return alerts.create_subscription(data, by=user)


def age(subscription: AlertSubscription, *, hours: int = 1) -> AlertSubscription:
    """Set the subscription up an hour ago, before any change recorded in the test, so items made in the test
    are new to it."""
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        created=timezone.now() - datetime.timedelta(hours=hours), alerted_upto=0
    )
    subscription.refresh_from_db()
    return subscription
