"""Alerts to businesses: subscriptions, matching new and changed items, sending each match exactly once.

**Changes.** When a notice, a planned procurement or a market dialogue is new or changes in a way that
matters, ``queue_matching`` has the task record one ``AlertChange(kind, object_id, version)`` per item
version that may be alerted (unique on those three, so a repeat records nothing). The change's id orders
the changes; on PostgreSQL the writers take a table lock that readers wait for (``latest_change(safe=True)``),
so a sender never moves past a change that is still being committed.

**Matching** is set-based, in the database: for the batch of subscriptions a run has claimed and the changes
past their marks, one SELECT per kind finds every (subscription, change) pair where the subscription is active
and takes that kind, the change is past the subscription's ``alerted_upto`` and is the item's current version,
one of the subscription's CPV codes (``AlertCpv``) equals one of the item's CPV rows (which hold each code
*and its ancestors*, so equality is a tree match) or it has none, one of its keywords (``AlertKeyword``,
lower-cased) occurs in the item's heading or description or it has none, the item's value is within its range
(an item without a value passes), and the item changed after the subscription was created (no backlog).
Nothing is written per match: an item gone, changed again (its new version is a change of its own) or no
longer matching when its turn comes is simply not found, and one that changes between the matching and the
sending (the item is read again at its matched version) is not sent.

**Sending** goes exactly once per (subscription, item, version) because each subscription records how far
along the changes it has been served, as ``portal/digest.py`` and ``meetings/services/reminders.py`` record
their rows: a run claims the subscriptions (``select_for_update(skip_locked=True)`` on PostgreSQL, and a
conditional UPDATE of ``claimed_at`` everywhere), transfers each message to the mail server
(``portal.mail.Transfer``), moves ``alerted_upto`` past what it held in a committed conditional UPDATE, and
only then releases it. A worker killed before the commit leaves a transaction the server discards and the mark
where it was; the next run takes over a claim older than ``RETRY_AFTER`` and sends it. Instant subscriptions
get one e-mail per item, in the order of the changes (the task after recording, and a beat task every five
minutes as the safety net); daily ones one e-mail with everything since the last (beat, 06:30). A subscription
switched off is not served (a run sending to it stops at once); switched on again, it starts from the latest
change.

Keywords are compared with SQL ``LOWER``: on PostgreSQL that folds Æ/Ø/Å too; SQLite (development only)
folds ASCII letters only.
"""

import datetime
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail, signing
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.mail import REFUSED, Message, render_message, send_once, server_answer
from procurement.models import (
    AlertChange,
    AlertCpv,
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

Kind = AlertChange.Kind
# A subscription claimed this long ago and not released belongs to a run that died: the next run takes it over.
RETRY_AFTER = datetime.timedelta(minutes=15)
# Items per recording statement (the ids go into an IN list), and subscriptions a run claims and matches at once:
# each matching statement reads the run's changes whole, so fewer, larger batches match faster (the matches of
# a batch are held in memory: about 150 bytes each).
MATCH_BATCH_SIZE = 500
# Recording at least this many changes at once refreshes the change table's statistics (PostgreSQL).
ANALYZE_AFTER = 1_000
SEND_BATCH_SIZE = 1000
# How long a run has held its claims (seconds; the tests wind it on).
_clock = time.monotonic
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
    """A new subscription set up by ``by`` (for themselves, or for ``data.business``). It is served the
    changes recorded from now on."""
    subscription = AlertSubscription.objects.create(
        user=by, alerted_upto=latest_change(), **{field: getattr(data, field) for field in _FIELDS}
    )
    _write_rows(subscription, data)
    return subscription


@transaction.atomic
def change_subscription(subscription: AlertSubscription, data: SubscriptionData) -> AlertSubscription:
    """Change what the subscription matches and where it goes, from its next alert on."""
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
    """Switch the subscription on or off; a repeat is a no-op. Returns whether anything changed. Switched on
    again, it is served the changes recorded from then on, not those made while it was off."""
    restart = {"alerted_upto": latest_change()} if active else {}
    return bool(AlertSubscription.objects.filter(pk=subscription.pk).exclude(active=active).update(active=active, **restart))


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


# --- Changes and matching ----------------------------------------------------------------------


def queue_matching(kind: str, ids) -> None:
    """After the current transaction commits, record the items' (``AlertChange.Kind``) current versions as
    changes and send what is due at once."""
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
            changed="i.updated",
            cpv_table=_t(PlannedCpv),
            cpv_item="item_id",
            # Open for input: a dialogue in draft or closed is no news to a supplier.
            where=f"i.state = '{MarketDialogue.State.OPEN}'",
        )
    raise ValueError(f"Unknown kind of item: {kind!r}")


def _lock_changes(mode: str) -> None:
    """PostgreSQL: writers of changes take SHARE ROW EXCLUSIVE (one at a time), readers of the latest SHARE,
    which waits for writers to commit. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_t(AlertChange)} IN {mode} MODE")


def record_changes(kind: str, ids: Iterable[int]) -> int:
    """Record an AlertChange for the current version of each of these items that may be alerted (a notice,
    a planned procurement in a published plan, a dialogue out of draft). Returns how many are new: a
    version already recorded is not recorded again."""
    kind = Kind(kind).value
    source = _source(kind)
    ids = sorted({int(pk) for pk in ids})
    created = 0
    for start in range(0, len(ids), MATCH_BATCH_SIZE):
        batch = ids[start : start + MATCH_BATCH_SIZE]
        # The SELECT always has a WHERE, so SQLite does not read ON CONFLICT as a join's ON.
        sql = (
            f"INSERT INTO {_t(AlertChange)} (kind, object_id, version, recorded) "
            f"SELECT %s, i.id, i.version, %s FROM {source.table} i{source.joins} "
            f"WHERE i.id IN ({', '.join(['%s'] * len(batch))}) AND {source.where} ORDER BY i.id ON CONFLICT DO NOTHING"
        )
        with transaction.atomic():
            _lock_changes("SHARE ROW EXCLUSIVE")
            with connection.cursor() as cursor:
                cursor.execute(sql, [kind, connection.ops.adapt_datetimefield_value(timezone.now()), *batch])
                created += max(cursor.rowcount, 0)
    if created >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # So many new rows that the table's statistics (autovacuum's, from before) would have the matching plan
        # for a handful of changes: a nested loop where a hash join belongs. A sample of the narrow table is cheap.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_t(AlertChange)}")
    return created


def latest_change(*, safe: bool = False) -> int:
    """The id of the latest AlertChange (0 if none). ``safe``: no change with a lower id is still being
    committed (PostgreSQL waits for the writers), so a sender may serve everything up to it."""
    with transaction.atomic():
        if safe:
            _lock_changes("SHARE")
        return AlertChange.objects.aggregate(latest=Max("id"))["latest"] or 0


# One change due to one subscription: (change id, kind, item id, item version, version of what the item takes
# its codes and value from: a dialogue's planned procurement, else the item's own). Plain tuples: there may be
# a great many, and they sort in the order of the changes.
Match = tuple[int, str, int, int, int]


def match_sql(kind: str, *, subscription_ids: list[int], after: int, upto: int):
    """The SELECT of (subscription id, change id, item id, item version) that match, and its parameters: the
    changes of ``kind`` with ids in (after, upto] past each subscription's mark (``alerted_upto``), for these
    subscriptions if active.

    The CPV condition is a join of the subscription's codes with the item's CPV rows on equal codes (the
    item's rows include every ancestor); the dialogue's rows are its planned procurement's.
    """
    source = _source(kind)
    item_key = "i.item_id" if kind == Kind.DIALOGUE else "i.id"
    basis = "p.version" if kind == Kind.DIALOGUE else "i.version"
    subs, alert_cpv, keyword, changes = _t(AlertSubscription), _t(AlertCpv), _t(AlertKeyword), _t(AlertChange)
    which = ["{s}.active", f"{{s}}.id IN ({', '.join(['%s'] * len(subscription_ids))})"]
    which_params = list(subscription_ids)
    # Only the item's current version: an older one has been superseded by a change of its own.
    items = f"{changes} ch JOIN {source.table} i ON i.id = ch.object_id AND i.version = ch.version"
    window, window_params = "ch.kind = %s AND ch.id > %s AND ch.id <= %s", [kind, after, upto]
    conditions = [
        *(condition.format(s="s") for condition in which),
        window,
        f"s.{source.include}",
        source.where,
        "ch.id > s.alerted_upto",
        f"{source.changed} > s.created",
        f"""(NOT EXISTS (SELECT 1 FROM {keyword} k WHERE k.subscription_id = s.id)
          OR EXISTS (SELECT 1 FROM {keyword} k WHERE k.subscription_id = s.id
                     AND LOWER({source.text}) LIKE '%%' || k.word || '%%'))""",
        f"""({source.value} IS NULL OR ((s.min_value IS NULL OR {source.value} >= s.min_value)
          AND (s.max_value IS NULL OR {source.value} <= s.max_value)))""",
    ]
    where = " AND ".join(conditions)
    # Two branches: the subscriptions whose CPV codes meet the item's by equality (DISTINCT: several of a
    # subscription's codes may meet the same item), and those without codes, which meet every item. These are
    # found once (MATERIALIZED: whatever the planner thinks of the number of changes, it does not search them
    # again for each).
    sql = f"""
        WITH nocode AS MATERIALIZED (
            SELECT s0.id FROM {subs} s0 WHERE {" AND ".join(which).format(s="s0")}
               AND NOT EXISTS (SELECT 1 FROM {alert_cpv} ac WHERE ac.subscription_id = s0.id))
        SELECT DISTINCT s.id, ch.id, i.id, i.version, {basis}
          FROM {items}{source.joins} JOIN {source.cpv_table} ic ON ic.{source.cpv_item} = {item_key}
          JOIN {alert_cpv} ac ON ac.code = ic.code JOIN {subs} s ON s.id = ac.subscription_id
         WHERE {where}
        UNION ALL
        SELECT s.id, ch.id, i.id, i.version, {basis}
          FROM nocode JOIN {subs} s ON s.id = nocode.id CROSS JOIN {items}{source.joins}
         WHERE {where}"""
    params = [*which_params, *which_params, *window_params, *which_params, *window_params]
    return sql, params


def due_matches(subscription_ids: list[int], *, upto: int) -> dict[int, list[Match]]:
    """{subscription id: its matches in the order of the changes} for the changes up to ``upto`` past the
    marks of these subscriptions, if active. Subscriptions with nothing due are left out. Call it for the
    subscriptions a run has claimed: their marks cannot move meanwhile."""
    after = AlertSubscription.objects.filter(pk__in=subscription_ids, active=True).aggregate(after=Min("alerted_upto"))["after"]
    due: dict[int, list[Match]] = {}
    if after is None or after >= upto:
        return due
    for kind in Kind.values:
        sql, params = match_sql(kind, subscription_ids=subscription_ids, after=after, upto=upto)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for subscription_id, change, object_id, version, basis in rows:
            matches = due.get(subscription_id)
            if matches is None:
                matches = due[subscription_id] = []
            matches.append((change, kind, object_id, version, basis))
    for matches in due.values():
        matches.sort()
    return due


# --- Sending ---------------------------------------------------------------------------------


def _stale(now: datetime.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_AFTER)


def _claim(frequency: str, *, upto: int, after_pk: int, now: datetime.datetime) -> list[AlertSubscription]:
    """Claim the next active subscriptions of ``frequency`` (pk above ``after_pk``) with changes to serve that
    nobody is serving (or whose sender died)."""
    with transaction.atomic():
        ids = list(
            AlertSubscription.objects.select_for_update(skip_locked=True)
            .filter(_stale(now), active=True, frequency=frequency, alerted_upto__lt=upto, pk__gt=after_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:SEND_BATCH_SIZE]
        )
        AlertSubscription.objects.filter(_stale(now), pk__in=ids).update(claimed_at=now)
    # The conditional UPDATE decides between two runs that read the same rows (SQLite has no row locks).
    return list(AlertSubscription.objects.filter(pk__in=ids, claimed_at=now).order_by("pk"))


def send_instant_alerts(*, now: datetime.datetime | None = None) -> int:
    """Send each active instant subscription its due items, one e-mail each. Returns how many were sent.
    Call it outside a transaction."""
    return _serve(AlertSubscription.Frequency.INSTANT, now=now or timezone.now())


def send_alert_digests(*, now: datetime.datetime | None = None) -> int:
    """Send each active daily subscription its due items in one e-mail. Returns how many e-mails."""
    return _serve(AlertSubscription.Frequency.DAILY, now=now or timezone.now())


def _serve(frequency: str, *, now: datetime.datetime) -> int:
    """Claim the subscriptions of ``frequency`` with changes to serve in batches; match and serve each batch.
    Each batch's claim is stamped with the time it is taken (``now`` for the first)."""
    upto = latest_change(safe=True)
    started = _clock()
    sent, after_pk = 0, 0
    while True:
        stamp = now + datetime.timedelta(seconds=_clock() - started) if after_pk else now
        subscriptions = _claim(frequency, upto=upto, after_pk=after_pk, now=stamp)
        if not subscriptions:
            return sent
        after_pk = subscriptions[-1].pk
        due = due_matches([subscription.pk for subscription in subscriptions], upto=upto)
        sent += _serve_batch(subscriptions, due, upto=upto, now=stamp)


def _serve_batch(subscriptions: list[AlertSubscription], due: dict[int, list[Match]], *, upto: int, now) -> int:
    """Serve the claimed subscriptions up to ``upto``, over one connection, and release them. Those not reached
    while the claim is young enough (half of ``RETRY_AFTER``) are released for the next run."""
    started = _clock()
    items = _load_items([match for matches in due.values() for match in matches])
    # An item gone, changed again (its new version is a change of its own) or no longer public since the
    # matching is not sent.
    due = {
        subscription.pk: [match for match in due.get(subscription.pk, []) if _still_due(match, items)]
        for subscription in subscriptions
    }
    idle = [subscription.pk for subscription in subscriptions if not due[subscription.pk]]
    AlertSubscription.objects.filter(pk__in=idle, claimed_at=now, alerted_upto__lt=upto).update(alerted_upto=upto)
    AlertSubscription.objects.filter(pk__in=idle, claimed_at=now).update(claimed_at=None)
    busy = [subscription for subscription in subscriptions if due[subscription.pk]]
    sent = 0
    try:
        if busy:
            with mail.mailers.default as connection_:
                while busy and _clock() - started < RETRY_AFTER.total_seconds() / 2:
                    subscription = busy.pop(0)
                    try:
                        sent += _serve_one(subscription, due[subscription.pk], items, upto=upto, now=now, connection=connection_)
                    except OSError:
                        busy.insert(0, subscription)
                        raise
                    except Exception:
                        # Not the mail server's doing (an item that cannot be shown, say): this subscription waits
                        # for the next run, logged; the others go on.
                        logger.exception("Procurement alerts to subscription %s failed", subscription.pk)
                        AlertSubscription.objects.filter(pk=subscription.pk, claimed_at=now).update(claimed_at=None)
    except OSError as error:
        # No connection (or it broke): these wait for the next run.
        logger.warning("Procurement alerts not sent: %s", error)
    finally:
        AlertSubscription.objects.filter(pk__in=[s.pk for s in busy], claimed_at=now).update(claimed_at=None)
    return sent


def _serve_one(subscription: AlertSubscription, matches: list[Match], items: dict, *, upto: int, now, connection) -> int:
    """Send one subscription its matches (an e-mail each, or one digest), moving its mark past each message
    as it goes, then up to ``upto``; release it. Returns how many e-mails went."""
    if subscription.frequency == AlertSubscription.Frequency.DAILY:
        messages = [(matches, upto)]
    else:
        messages = [([match], match[0]) for match in matches]
    at, sent, finished = subscription.alerted_upto, 0, True
    for group, to in messages:
        shown = [(kind, items[(kind, object_id)]) for _, kind, object_id, *_ in group]
        message = _alert_message(subscription, shown, first=at, last=to)
        try:
            went = send_once(
                message,
                mark_sent=lambda frm=at, to=to: _advance(subscription.pk, frm, to, claimed_at=now),
                unmark=lambda frm=at, to=to: AlertSubscription.objects.filter(pk=subscription.pk, alerted_upto=to).update(
                    alerted_upto=frm
                ),
                connection=connection,
            )
        except REFUSED as error:
            answer, final = server_answer(error)
            logger.warning("Procurement alert to subscription %s not delivered: %s", subscription.pk, answer)
            # Refused for good: not tried again, and the answer is kept. Anything else waits for the next run.
            if not (final and _advance(subscription.pk, at, to, claimed_at=now, error=answer[:500])):
                finished = False
                break
            at = to
            continue
        if not went:  # its mark moved (another run took it over) or it was switched off: stop here
            finished = False
            break
        sent, at = sent + 1, to
    if finished and at < upto:
        _advance(subscription.pk, at, upto, claimed_at=now, keep_error=True)
    AlertSubscription.objects.filter(pk=subscription.pk, claimed_at=now).update(claimed_at=None)
    return sent


def _advance(pk: int, frm: int, to: int, *, claimed_at, error: str = "", keep_error: bool = False) -> bool:
    """Move the claimed subscription's mark from ``frm`` to ``to``, committed. False if it is no longer ours or
    no longer active (unsubscribed meanwhile: nothing more goes out)."""
    fields = {"alerted_upto": to} if keep_error else {"alerted_upto": to, "delivery_error": error}
    with transaction.atomic():
        mine = AlertSubscription.objects.filter(pk=pk, alerted_upto=frm, claimed_at=claimed_at, active=True)
        return mine.update(**fields) == 1


def _still_due(match: Match, items: dict) -> bool:
    """The match's item is still there, at the matched version (a dialogue's planned procurement too), and
    still public."""
    _, kind, object_id, version, basis = match
    item = items.get((kind, object_id))
    if item is None or item.version != version:
        return False
    if kind == Kind.PLAN_ITEM:
        return item.plan.state == ProcurementPlan.State.PUBLISHED and item.state == PlannedProcurement.State.PLANNED
    if kind == Kind.DIALOGUE:
        return item.state == MarketDialogue.State.OPEN and item.item.version == basis
    return True


def _load_items(matches: list[Match]) -> dict[tuple[str, int], object]:
    """{(kind, id): the item} for the matches, a query per kind."""
    by_kind: dict[str, set[int]] = {}
    for _, kind, object_id, *_ in matches:
        by_kind.setdefault(kind, set()).add(object_id)
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


def _alert_message(subscription: AlertSubscription, items: list[tuple[str, object]], *, first: int, last: int) -> Message:
    """The e-mail for ``items`` ((kind, item) pairs): the changes after ``first`` up to ``last``."""
    with translation.override(subscription.language):
        shown = [alert_item(kind, item) for kind, item in items]
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
            "Message-ID": f"<alert-{subscription.pk}-{first}-{last}@{host}>",
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
