"""Alerts to businesses: subscriptions, matching new and changed items, sending each match exactly once.

**Matching** is set-based, in the database: for a batch of items of one kind (notices, planned
procurements, market dialogues) one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` finds every (active
subscription, item) pair where the subscription takes that kind, one of its CPV codes (``AlertCpv``)
equals one of the item's CPV rows (which hold each code *and its ancestors*, so equality is a tree
match) or it has none, one of its keywords (``AlertKeyword``, lower-cased) occurs in the item's heading
or description or it has none, the item's value is within its range (an item without a value passes),
and the item changed after the subscription was created (no backlog). It records one
``AlertDelivery(subscription, kind, object_id, version)`` per pair; the unique constraint on those four
makes a repeat, or two runs at once, record nothing new, and a new version of an item matches again once.

**Sending** goes exactly once per delivery row, as ``portal/digest.py`` and
``meetings/services/reminders.py`` do: rows are claimed (``select_for_update(skip_locked=True)`` on
PostgreSQL, and a conditional UPDATE of ``claimed_at`` everywhere), each message is transferred to the
mail server (``portal.mail.Transfer``), its rows marked sent and committed, and only then released. A
worker killed before the commit leaves a transaction the server discards and the rows pending; the next
run takes over a claim older than ``RETRY_AFTER`` and sends them. Instant subscriptions get one e-mail
per delivery (the task after matching, and a beat task every five minutes as the safety net); daily
ones one e-mail per subscription with all its pending deliveries (beat, 06:30). A delivery whose item is
gone, changed again (a newer version has its own row) or no longer matches is skipped.

Keywords are compared with SQL ``LOWER``: on PostgreSQL that folds Æ/Ø/Å too; SQLite (development only)
folds ASCII letters only.
"""

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail, signing
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.mail import REFUSED, Message, render_message, send_once, server_answer
from procurement.models import (
    AlertCpv,
    AlertDelivery,
    AlertKeyword,
    AlertSubscription,
    MarketDialogue,
    Notice,
    NoticeCpv,
    PlannedCpv,
    PlannedProcurement,
    ProcurementPlan,
)
from procurement.rules import is_procurement_team
from procurement.services import cpv

logger = logging.getLogger(__name__)

Kind = AlertDelivery.Kind
# A delivery claimed this long ago and still pending belongs to a run that died: the next run sends it.
RETRY_AFTER = datetime.timedelta(minutes=15)
# Items per matching statement (the ids go into an IN list) and deliveries claimed per run.
MATCH_BATCH_SIZE = 500
SEND_BATCH_SIZE = 200
UNSUBSCRIBE_SALT = "procurement.alerts.unsubscribe"
SN_CPV_FILE = Path(__file__).resolve().parent.parent / "data" / "sn_cpv.csv"

_SPLIT = re.compile(r"[,\n;]+")
# Keywords are words: LIKE's wildcards and the escape character are dropped rather than escaped.
_NOT_IN_KEYWORD = re.compile(r"[%_\\]")


# --- Subscriptions ---------------------------------------------------------------------------


def parse_keywords(text: str) -> list[str]:
    """``"Renhold, vask\\nVindu"`` → ``["renhold", "vask", "vindu"]``: lower-cased, unique, in order."""
    words = []
    for part in _SPLIT.split(text or ""):
        word = " ".join(_NOT_IN_KEYWORD.sub("", part).split()).lower()[:100]
        if word and word not in words:
            words.append(word)
    return words


def parse_codes(text: str) -> list[str]:
    """CPV codes separated by spaces, commas or new lines, normalised (check digits dropped).

    Raises ``cpv.UnknownCpvCodes`` naming every code that is not in the CPV table."""
    given = [part for part in re.split(r"[\s,;]+", text or "") if part]
    return [code for code, direct in cpv.expand(given).items() if direct]


@dataclass(frozen=True)
class SubscriptionData:
    """What the form gives a subscription."""

    email: str
    language: str
    name: str = ""
    business: object = None
    codes: tuple[str, ...] = ()
    keywords: str = ""
    min_value: object = None
    max_value: object = None
    include_notices: bool = True
    include_plans: bool = True
    include_dialogues: bool = True
    frequency: str = AlertSubscription.Frequency.INSTANT


_FIELDS = (
    "email",
    "language",
    "name",
    "business",
    "keywords",
    "min_value",
    "max_value",
    "include_notices",
    "include_plans",
    "include_dialogues",
    "frequency",
)


@transaction.atomic
def create_subscription(data: SubscriptionData, *, by) -> AlertSubscription:
    """A new subscription set up by ``by`` (for themselves, or for ``data.business``)."""
    subscription = AlertSubscription.objects.create(user=by, **{field: getattr(data, field) for field in _FIELDS})
    _write_rows(subscription, data)
    return subscription


@transaction.atomic
def change_subscription(subscription: AlertSubscription, data: SubscriptionData) -> AlertSubscription:
    """Change what the subscription matches and where it goes. Deliveries already matched stay."""
    for field in _FIELDS:
        setattr(subscription, field, getattr(data, field))
    subscription.save(update_fields=list(_FIELDS))
    _write_rows(subscription, data)
    return subscription


def _write_rows(subscription: AlertSubscription, data: SubscriptionData) -> None:
    codes = list(dict.fromkeys(data.codes))
    subscription.cpv.exclude(code__in=codes).delete()
    AlertCpv.objects.bulk_create([AlertCpv(subscription=subscription, code=code) for code in codes], ignore_conflicts=True)
    words = parse_keywords(data.keywords)
    subscription.keyword_rows.exclude(word__in=words).delete()
    AlertKeyword.objects.bulk_create(
        [AlertKeyword(subscription=subscription, word=word) for word in words], ignore_conflicts=True
    )


def delete_subscription(subscription: AlertSubscription) -> None:
    subscription.delete()


def set_active(subscription: AlertSubscription, active: bool) -> bool:
    """Switch the subscription on or off; a repeat is a no-op. Returns whether anything changed."""
    return bool(AlertSubscription.objects.filter(pk=subscription.pk).exclude(active=active).update(active=active))


def unsubscribe_token(subscription: AlertSubscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_for_token(token: str) -> AlertSubscription | None:
    """The subscription a signed unsubscribe token names; None for a forged or malformed token or a
    deleted subscription."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return AlertSubscription.objects.filter(pk=pk).first()


def unsubscribe_url(subscription: AlertSubscription) -> str:
    return _absolute(reverse("procurement:alert_unsubscribe", args=[unsubscribe_token(subscription)]))


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


# --- Suggestions from the business's industry -------------------------------------------------


def _read_sn_cpv() -> dict[str, list[str]]:
    import csv

    with SN_CPV_FILE.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {row["division"]: row["cpv_codes"].split() for row in csv.DictReader(lines)}


_sn_cpv: dict[str, list[str]] | None = None


def sn_cpv_mapping() -> dict[str, list[str]]:
    """{SN division (two digits): [CPV codes]} from ``procurement/data/sn_cpv.csv``, read once."""
    global _sn_cpv
    if _sn_cpv is None:
        _sn_cpv = _read_sn_cpv()
    return _sn_cpv


def suggested_codes(business) -> list[str]:
    """CPV codes suggested for a business from its industry codes (each code's division), in order."""
    if business is None:
        return []
    divisions = [str(entry.get("code", ""))[:2] for entry in business.industry_codes or []]
    if business.industry_division and business.industry_division not in divisions:
        divisions.insert(0, business.industry_division)
    mapping = sn_cpv_mapping()
    codes: list[str] = []
    for division in divisions:
        for code in mapping.get(division, []):
            if code not in codes:
                codes.append(code)
    return codes


# --- Matching --------------------------------------------------------------------------------


def queue_matching(kind: str, ids) -> None:
    """After the current transaction commits, match the items (``AlertDelivery.Kind``) with these ids
    against every active subscription and send what is due at once."""
    from procurement.tasks import match_alerts

    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return
    kind = Kind(kind).value
    transaction.on_commit(lambda: match_alerts.delay(kind=kind, ids=ids))


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class _Source:
    """How one kind of item looks to the matching: its table, text, value, version and CPV rows."""

    include: str  # the subscription's switch for the kind
    table: str  # the item's table, aliased i
    joins: str  # the joins the other columns need
    text: str  # heading and description
    value: str
    version: str
    changed: str
    cpv_table: str
    cpv_item: str
    where: str  # only items that may be alerted at all


def _source(kind: str) -> _Source:
    if kind == Kind.NOTICE:
        return _Source(
            include="include_notices",
            table=_t(Notice),
            joins="",
            text="i.heading || ' ' || i.description",
            value="i.estimated_value",
            version="i.version",
            changed="i.updated",
            cpv_table=_t(NoticeCpv),
            cpv_item="notice_id",
            where="1 = 1",
        )
    if kind == Kind.PLAN_ITEM:
        return _Source(
            include="include_plans",
            table=_t(PlannedProcurement),
            joins=f" JOIN {_t(ProcurementPlan)} p ON p.id = i.plan_id",
            text="i.title || ' ' || i.description",
            value="i.estimated_value",
            version="i.version",
            # Published later than the item last changed: new to the public then (publish_plan sets plan.updated).
            changed="CASE WHEN p.updated > i.updated THEN p.updated ELSE i.updated END",
            cpv_table=_t(PlannedCpv),
            cpv_item="item_id",
            # Public plans only; an announced item is alerted as its notice.
            where=f"p.state = '{ProcurementPlan.State.PUBLISHED}' AND i.state = '{PlannedProcurement.State.PLANNED}'",
        )
    if kind == Kind.DIALOGUE:
        # A dialogue's CPV codes and value are those of its planned procurement.
        return _Source(
            include="include_dialogues",
            table=_t(MarketDialogue),
            joins=f" JOIN {_t(PlannedProcurement)} p ON p.id = i.item_id",
            text="i.title || ' ' || i.description",
            value="p.estimated_value",
            version="i.version",
            changed="i.updated",
            cpv_table=_t(PlannedCpv),
            cpv_item="item_id",
            where=f"i.state <> '{MarketDialogue.State.DRAFT}'",
        )
    raise ValueError(f"Unknown kind of item: {kind!r}")


def match_sql(
    kind: str,
    *,
    item_ids: list[int],
    subscription_ids: list[int] | None = None,
    backlog: bool = False,
    extra_columns: tuple[str, list] = ("", []),
):
    """The SELECT of (subscription id, item id, item version[, extra columns]) that match, and its parameters.

    ``backlog=False`` leaves out items that last changed before the subscription was created. The CPV
    condition is a join of the subscription's codes with the item's CPV rows on equal codes (the item's
    rows include every ancestor); the dialogue's rows are its planned procurement's.
    """
    source = _source(kind)
    item_key = "i.item_id" if kind == Kind.DIALOGUE else "i.id"
    subs, alert_cpv, keyword = _t(AlertSubscription), _t(AlertCpv), _t(AlertKeyword)
    in_items = f"i.id IN ({', '.join(['%s'] * len(item_ids))})"
    # The candidates: (subscription, item) pairs whose CPV codes meet by equality, and every item for the
    # subscriptions without codes. Driving from the code index keeps this a join, not subscriptions × items.
    candidates = f"""
        SELECT ac.subscription_id AS sid, i.id AS iid
          FROM {source.table} i JOIN {source.cpv_table} ic ON ic.{source.cpv_item} = {item_key}
          JOIN {alert_cpv} ac ON ac.code = ic.code
         WHERE {in_items}
        UNION
        SELECT s0.id, i.id FROM {source.table} i CROSS JOIN {subs} s0
         WHERE {in_items} AND s0.active
           AND NOT EXISTS (SELECT 1 FROM {alert_cpv} ac WHERE ac.subscription_id = s0.id)"""
    columns, params = extra_columns[0], list(extra_columns[1])
    params += [*item_ids, *item_ids]
    conditions = ["s.active", f"s.{source.include}", source.where]
    if subscription_ids is not None:
        conditions.append(f"s.id IN ({', '.join(['%s'] * len(subscription_ids))})")
        params += subscription_ids
    if not backlog:
        conditions.append(f"{source.changed} > s.created")
    conditions += [
        f"""(NOT EXISTS (SELECT 1 FROM {keyword} k WHERE k.subscription_id = s.id)
          OR EXISTS (SELECT 1 FROM {keyword} k WHERE k.subscription_id = s.id
                     AND LOWER({source.text}) LIKE '%%' || k.word || '%%'))""",
        f"""({source.value} IS NULL OR ((s.min_value IS NULL OR {source.value} >= s.min_value)
          AND (s.max_value IS NULL OR {source.value} <= s.max_value)))""",
    ]
    sql = (
        f"SELECT s.id, i.id, {source.version}{columns} FROM ({candidates}) c "
        f"JOIN {subs} s ON s.id = c.sid JOIN {source.table} i ON i.id = c.iid{source.joins} WHERE " + " AND ".join(conditions)
    )
    return sql, params


def match_items(kind: str, ids: Iterable[int], *, now: datetime.datetime | None = None) -> int:
    """Record an AlertDelivery for every active subscription the items match. Returns how many are new."""
    kind = Kind(kind).value
    ids = sorted({int(pk) for pk in ids})
    now = now or timezone.now()
    created = 0
    for start in range(0, len(ids), MATCH_BATCH_SIZE):
        select, params = match_sql(
            kind,
            item_ids=ids[start : start + MATCH_BATCH_SIZE],
            extra_columns=(
                ", %s, %s, %s, ''",
                [kind, AlertDelivery.Status.PENDING, connection.ops.adapt_datetimefield_value(now)],
            ),
        )
        # The SELECT always has a WHERE, so SQLite does not read ON CONFLICT as a join's ON. Rows go in the
        # unique constraint's order (subscription, [kind,] item, version): its index, and the pending index on
        # subscription, are then filled page by page rather than at random places.
        sql = (
            f"INSERT INTO {_t(AlertDelivery)} (subscription_id, object_id, version, kind, status, matched_at, error) "
            f"{select} ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            created += max(cursor.rowcount, 0)
    return created


def still_matching(deliveries: list[AlertDelivery]) -> set[int]:
    """The pks of the deliveries whose item still exists, is at the delivered version and still matches."""
    wanted: dict[tuple[str, int, int, int], int] = {(d.kind, d.subscription_id, d.object_id, d.version): d.pk for d in deliveries}
    keep = set()
    for kind in {d.kind for d in deliveries}:
        of_kind = [d for d in deliveries if d.kind == kind]
        sql, params = match_sql(
            kind,
            item_ids=sorted({d.object_id for d in of_kind}),
            subscription_ids=sorted({d.subscription_id for d in of_kind}),
            backlog=True,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for subscription_id, object_id, version in cursor.fetchall():
                pk = wanted.get((kind, subscription_id, object_id, version))
                if pk is not None:
                    keep.add(pk)
    return keep


# --- Sending ---------------------------------------------------------------------------------


def _stale(now: datetime.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_AFTER)


def _claim(queryset, now: datetime.datetime, limit: int) -> list[int]:
    """Claim pending rows of ``queryset`` nobody is sending (or whose sender died): their pks."""
    with transaction.atomic():
        ids = list(
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(_stale(now), status=AlertDelivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        AlertDelivery.objects.filter(_stale(now), pk__in=ids, status=AlertDelivery.Status.PENDING).update(claimed_at=now)
    # The conditional UPDATE decides between two runs that read the same rows (SQLite has no row locks).
    return list(
        AlertDelivery.objects.filter(pk__in=ids, claimed_at=now, status=AlertDelivery.Status.PENDING).values_list("pk", flat=True)
    )


def send_instant_alerts(*, now: datetime.datetime | None = None) -> int:
    """Send every pending delivery of an active instant subscription, one e-mail each. Returns how many were
    sent. Call it outside a transaction."""
    now = now or timezone.now()
    pending = AlertDelivery.objects.filter(subscription__frequency=AlertSubscription.Frequency.INSTANT, subscription__active=True)
    sent = 0
    tried: list[int] = []  # a row refused for now is left for the next run, not taken again by this one
    while True:
        ids = _claim(pending.exclude(pk__in=tried), now, SEND_BATCH_SIZE)
        if not ids:
            return sent
        tried += ids
        deliveries = list(AlertDelivery.objects.select_related("subscription").filter(pk__in=ids).order_by("pk"))
        sent += _send_batch([[delivery] for delivery in deliveries], now=now)


def send_alert_digests(*, now: datetime.datetime | None = None) -> int:
    """Send each active daily subscription its pending deliveries in one e-mail. Returns how many e-mails."""
    now = now or timezone.now()
    subscription_ids = list(
        AlertSubscription.objects.filter(
            frequency=AlertSubscription.Frequency.DAILY,
            active=True,
            deliveries__status=AlertDelivery.Status.PENDING,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for subscription_id in subscription_ids:
        ids = _claim(AlertDelivery.objects.filter(subscription_id=subscription_id), now, 10_000)
        if ids:
            deliveries = list(
                AlertDelivery.objects.select_related("subscription").filter(pk__in=ids).order_by("kind", "object_id", "version")
            )
            sent += _send_batch([deliveries], now=now)
    return sent


def _send_batch(groups: list[list[AlertDelivery]], *, now: datetime.datetime) -> int:
    """Send each group of claimed deliveries (of one subscription) as one e-mail, over one connection."""
    flat = [delivery for group in groups for delivery in group]
    keep = still_matching(flat)
    skipped = [d.pk for d in flat if d.pk not in keep]
    if skipped:
        AlertDelivery.objects.filter(pk__in=skipped, status=AlertDelivery.Status.PENDING).update(
            status=AlertDelivery.Status.SKIPPED, claimed_at=None
        )
    groups = [[d for d in group if d.pk in keep] for group in groups]
    groups = [group for group in groups if group]
    items = _load_items(flat)
    sent = 0
    try:
        with mail.mailers.default as connection_:
            while groups:
                group = groups[0]
                try:
                    sent += _send_group(group, _alert_message(group, items), connection=connection_, claimed_at=now)
                except REFUSED as error:
                    _record_refusal(group, error)
                groups.pop(0)
    except OSError as error:
        # No connection (or it broke): these wait for the next run.
        logger.warning("Procurement alerts not sent: %s", error)
        for group in groups:
            AlertDelivery.objects.filter(pk__in=[d.pk for d in group], status=AlertDelivery.Status.PENDING).update(
                claimed_at=None
            )
    return sent


def _send_group(group: list[AlertDelivery], message: Message, *, connection, claimed_at) -> int:
    """Transfer, mark the group's rows sent (committed), release. 0 if the rows were no longer ours."""
    ids = [delivery.pk for delivery in group]
    sent = send_once(
        message,
        mark_sent=lambda: _mark_sent(ids, claimed_at=claimed_at) == len(ids),
        unmark=lambda: AlertDelivery.objects.filter(pk__in=ids).update(
            status=AlertDelivery.Status.PENDING, sent_at=None, claimed_at=None
        ),
        connection=connection,
    )
    return int(sent)


def _mark_sent(ids: list[int], *, claimed_at) -> int:
    """Mark the claimed rows sent, all or none, committed. Returns how many were marked."""
    with transaction.atomic():
        marked = AlertDelivery.objects.filter(pk__in=ids, status=AlertDelivery.Status.PENDING, claimed_at=claimed_at).update(
            status=AlertDelivery.Status.SENT, sent_at=timezone.now()
        )
        if marked != len(ids):  # another run took some over: leave them all to it
            transaction.set_rollback(True)
            return 0
    return marked


def _record_refusal(group: list[AlertDelivery], error: Exception) -> None:
    """A 5xx about the recipient or the message fails the rows; anything else leaves them for the next run."""
    answer, final = server_answer(error)
    logger.warning("Procurement alert to subscription %s not delivered: %s", group[0].subscription_id, answer)
    AlertDelivery.objects.filter(pk__in=[d.pk for d in group], status=AlertDelivery.Status.PENDING).update(
        status=AlertDelivery.Status.FAILED if final else AlertDelivery.Status.PENDING,
        error=answer[:500],
        claimed_at=None,
    )


def _load_items(deliveries: list[AlertDelivery]) -> dict[tuple[str, int], object]:
    """{(kind, id): the item} for the deliveries, a query per kind."""
    by_kind: dict[str, set[int]] = {}
    for delivery in deliveries:
        by_kind.setdefault(delivery.kind, set()).add(delivery.object_id)
    items = {}
    querysets = {
        Kind.NOTICE: Notice.objects.all(),
        Kind.PLAN_ITEM: PlannedProcurement.objects.select_related("plan"),
        Kind.DIALOGUE: MarketDialogue.objects.select_related("item__plan"),
    }
    for kind, ids in by_kind.items():
        for item in querysets[Kind(kind)].filter(pk__in=ids):
            items[(kind, item.pk)] = item
    return items


@dataclass(frozen=True)
class AlertItem:
    """One item as an alert shows it."""

    kind: str
    kind_label: str
    heading: str
    buyer: str
    deadline: object
    value: object
    url: str


def alert_item(kind: str, item) -> AlertItem:
    if kind == Kind.NOTICE:
        return AlertItem(
            kind,
            gettext("Notice"),
            item.heading,
            item.buyer_name,
            item.deadline,
            item.estimated_value,
            _absolute(reverse("procurement:notice", args=[item.doffin_id])),
        )
    if kind == Kind.PLAN_ITEM:
        return AlertItem(
            kind,
            gettext("Planned procurement"),
            item.title,
            item.plan.buyer_name,
            item.planned_announcement,
            item.estimated_value,
            _absolute(reverse("procurement:item", args=[item.pk])),
        )
    return AlertItem(
        kind,
        gettext("Market dialogue"),
        item.title,
        item.item.plan.buyer_name,
        item.registration_deadline or item.input_deadline,
        item.item.estimated_value,
        _absolute(reverse("procurement:dialogue", args=[item.pk])),
    )


def _alert_message(group: list[AlertDelivery], items: dict) -> Message:
    subscription = group[0].subscription
    with translation.override(subscription.language):
        shown = [alert_item(d.kind, items[(d.kind, d.object_id)]) for d in group]
    unsubscribe = unsubscribe_url(subscription)
    digest = subscription.frequency == AlertSubscription.Frequency.DAILY
    message = render_message(
        "procurement/email/alert_digest" if digest else "procurement/email/alert_instant",
        to=subscription.email,
        language=subscription.language,
        context={
            "subscription": subscription,
            "items": shown,
            "item": shown[0],
            "count": len(shown),
            "unsubscribe_url": unsubscribe,
            "alerts_url": _absolute(reverse("procurement:alerts")),
        },
    )
    host = urlparse(settings.PORTAL_BASE_URL).hostname
    return replace(
        message,
        headers={
            "Message-ID": f"<alert-{group[0].pk}-{len(group)}@{host}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: a mail client's one-click unsubscribe POSTs "List-Unsubscribe=One-Click" to the URL.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Reads -------------------------------------------------------------------------------------


def listed_subscriptions(user):
    """The subscriptions on the user's list: those they set up, and those set up for a business they represent."""
    if not user.is_authenticated:
        return AlertSubscription.objects.none()
    return (
        AlertSubscription.objects.filter(Q(user=user) | Q(business__representatives__user=user))
        .distinct()
        .select_related("business", "user")
        .prefetch_related("cpv", "keyword_rows")
        .order_by("-created", "-pk")
    )


def changeable_subscriptions(user):
    """The subscriptions the user may change or delete: their list's, and for the procurement team every one."""
    if not user.is_authenticated:
        return AlertSubscription.objects.none()
    if is_procurement_team(user):
        return AlertSubscription.objects.select_related("business")
    return listed_subscriptions(user)
