"""Benchmark of alert matching: 10,000 notices against 5,000 subscriptions, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/procurement_alerts.py \\
        [--notices 10000] [--subscriptions 5000] [--runs 5] [--shape heavy|realistic|both] [--keep]

It creates (and afterwards drops) a database of its own, ``portal_bench_alerts`` (``migrate`` loads the CPV
codes), fills it with generated notices (1–3 CPV codes each and all their ancestors in NoticeCpv, headings
from a small vocabulary, a value on four in five) and subscriptions (1–5 CPV codes, keywords on one in
three, a value range on two in five), all set up before the notices changed. The subscriptions' codes come
in two shapes (``--shape``, default ``both``, each measured on its own data):

- ``heavy``: a code at every level of the tree alike (one in six a whole CPV division, 2 digits), so about
  94 matches per notice;
- ``realistic``: mostly groups and classes (3–4 digits), one in twenty a division, the rest finer.

For each shape it prints the median over ``--runs`` runs (all measured in the same run) of:

- the matching as the service does it: ``record_changes("notice", every id)`` (one AlertChange per notice,
  the only rows matching writes) and then ``due_matches`` for every subscription in the batches of
  ``SEND_BATCH_SIZE`` a sender's run claims and matches (the changes are emptied and the marks reset before
  each run), with the number of (subscription, notice) pairs found;
- one plain SQL join over the same rows with the same predicates producing the same pairs (just the SELECT,
  its rows fetched: the issue's baseline, target at most 3x);

and the ratio, with the two steps on their own. It checks that the service and the plain join give the same
pairs, and that recording the same notices again records nothing.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry import admin_sql, database_url, run_manage  # noqa: E402

DATABASE = "portal_bench_alerts"
# The significant digits of a subscription's codes, drawn uniformly from the list (2 is a whole division).
SHAPES = {
    "heavy": [2, 3, 4, 5, 6, 8],
    "realistic": [2] + [3] * 7 + [4] * 7 + [5] * 3 + [6] * 2,
}
BATCH = 5000
WORDS = (
    "rammeavtale drift vedlikehold skoleskyss renhold konsulent programvare bygg vei vann avløp helse "
    "vinduspuss brøyting kantine mat møbler datautstyr rådgivning arkitekt"
).split()

# Same predicates as procurement.services.alerts.match_sql, written as one plain join.
PLAIN_SQL = """
SELECT DISTINCT s.id, n.id, n.version
  FROM procurement_alertcpv ac
  JOIN procurement_noticecpv nc ON nc.code = ac.code
  JOIN procurement_notice n ON n.id = nc.notice_id
  JOIN procurement_alertsubscription s ON s.id = ac.subscription_id
 WHERE s.active AND s.include_notices AND n.updated > s.created
   AND (NOT EXISTS (SELECT 1 FROM procurement_alertkeyword k WHERE k.subscription_id = s.id)
        OR EXISTS (SELECT 1 FROM procurement_alertkeyword k WHERE k.subscription_id = s.id
                   AND LOWER(n.heading || ' ' || n.description) LIKE '%%' || k.word || '%%'))
   AND (n.estimated_value IS NULL OR ((s.min_value IS NULL OR n.estimated_value >= s.min_value)
        AND (s.max_value IS NULL OR n.estimated_value <= s.max_value)))
UNION ALL
SELECT s.id, n.id, n.version
  FROM procurement_alertsubscription s CROSS JOIN procurement_notice n
 WHERE s.active AND s.include_notices AND n.updated > s.created
   AND NOT EXISTS (SELECT 1 FROM procurement_alertcpv ac WHERE ac.subscription_id = s.id)
   AND (NOT EXISTS (SELECT 1 FROM procurement_alertkeyword k WHERE k.subscription_id = s.id)
        OR EXISTS (SELECT 1 FROM procurement_alertkeyword k WHERE k.subscription_id = s.id
                   AND LOWER(n.heading || ' ' || n.description) LIKE '%%' || k.word || '%%'))
   AND (n.estimated_value IS NULL OR ((s.min_value IS NULL OR n.estimated_value >= s.min_value)
        AND (s.max_value IS NULL OR n.estimated_value <= s.max_value)))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--subscriptions", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shape", choices=[*SHAPES, "both"], default="both", help="the subscriptions' CPV codes")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (the bench makes its own database there).")
    bench_url = database_url(base, DATABASE)
    admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")
    admin_sql(base, f"CREATE DATABASE {DATABASE}")
    env = {**os.environ, "DATABASE_URL": bench_url, "DEBUG": "1", "REDIS_URL": ""}
    run_manage("migrate", "-v0", env=env)

    os.environ.update({"DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    try:
        for shape in SHAPES if args.shape == "both" else [args.shape]:
            print(f"\n== shape: {shape} ==")
            started = time.perf_counter()
            notice_ids = generate(args, shape)
            took = time.perf_counter() - started
            print(f"generated {args.notices} notices and {args.subscriptions} subscriptions in {took:.1f} s")
            measure(notice_ids, args.runs)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")


def generate(args, shape: str) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from procurement.models import AlertCpv, AlertKeyword, AlertSubscription, Notice, NoticeCpv
    from procurement.services import cpv

    with connection.cursor() as cursor:  # a fresh start for each shape
        cursor.execute("TRUNCATE procurement_notice, procurement_alertsubscription RESTART IDENTITY CASCADE")
    rng = random.Random(13)
    levels = SHAPES[shape]
    codes = cpv.shipped_codes()
    leaves = [code for code, fields in codes.items() if fields["significant"] >= 5]
    by_level = {}
    for code, fields in codes.items():
        by_level.setdefault(fields["significant"], []).append(code)
    now = timezone.now()

    notices = []
    for n in range(args.notices):
        heading = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        notices.append(
            Notice(
                doffin_id=f"2026-{100000 + n}",
                heading=heading,
                description=" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30))),
                type="ANNOUNCEMENT_OF_COMPETITION",
                status="ACTIVE",
                buyer_name="Bærum kommune",
                estimated_value=Decimal(rng.randrange(50_000, 50_000_000, 1000)) if rng.random() < 0.8 else None,
                source_hash=f"h{n}",
            )
        )
    Notice.objects.bulk_create(notices, batch_size=BATCH)
    rows = []
    for notice in Notice.objects.only("pk"):
        for code, direct in cpv.expand(rng.sample(leaves, rng.randint(1, 3))).items():
            rows.append(NoticeCpv(notice_id=notice.pk, code=code, direct=direct))
    NoticeCpv.objects.bulk_create(rows, batch_size=BATCH)

    subscriptions = []
    for n in range(args.subscriptions):
        low = high = None
        if rng.random() < 0.4:
            low = Decimal(rng.choice([0, 100_000, 500_000, 1_000_000]))
            high = low + Decimal(rng.choice([1_000_000, 5_000_000, 20_000_000]))
        subscriptions.append(
            AlertSubscription(
                email=f"bedrift{n}@bench.example",
                name=f"Varsel {n}",
                min_value=low,
                max_value=high,
                frequency="instant" if n % 2 else "daily",
            )
        )
    AlertSubscription.objects.bulk_create(subscriptions, batch_size=BATCH)
    cpv_rows, keyword_rows = [], []
    for subscription in AlertSubscription.objects.only("pk"):
        for code in {rng.choice(by_level[rng.choice(levels)]) for _ in range(rng.randint(1, 5))}:
            cpv_rows.append(AlertCpv(subscription_id=subscription.pk, code=code))
        if rng.random() < 1 / 3:
            for word in set(rng.sample(WORDS, rng.randint(1, 3))):
                keyword_rows.append(AlertKeyword(subscription_id=subscription.pk, word=word))
    AlertCpv.objects.bulk_create(cpv_rows, batch_size=BATCH)
    AlertKeyword.objects.bulk_create(keyword_rows, batch_size=BATCH)
    # Every subscription was set up a day before the notices changed: all of them are new to it.
    AlertSubscription.objects.update(created=now - datetime.timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  notice CPV rows: {len(rows)}, subscription CPV rows: {len(cpv_rows)}, keyword rows: {len(keyword_rows)}")
    return sorted(Notice.objects.values_list("pk", flat=True))


def measure(notice_ids: list[int], runs: int) -> None:
    from django.db import connection

    from procurement.models import AlertChange, AlertSubscription
    from procurement.services.alerts import SEND_BATCH_SIZE, due_matches, latest_change, record_changes

    service_times, record_times, plain_times = [], [], []
    found: set[tuple[int, int]] = set()
    for _ in range(runs):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE procurement_alertchange")
            cursor.execute("CHECKPOINT")
        AlertSubscription.objects.update(alerted_upto=0)
        started = time.perf_counter()
        record_changes("notice", notice_ids)
        recorded = time.perf_counter()
        upto = latest_change(safe=True)
        subscription_ids = list(AlertSubscription.objects.order_by("pk").values_list("pk", flat=True))
        found = set()
        for start in range(0, len(subscription_ids), SEND_BATCH_SIZE):
            due = due_matches(subscription_ids[start : start + SEND_BATCH_SIZE], upto=upto)
            found.update((pk, object_id) for pk, matches in due.items() for _, _, object_id, *_ in matches)
        service_times.append(time.perf_counter() - started)
        record_times.append(recorded - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(PLAIN_SQL)
            pairs = cursor.fetchall()
        plain_times.append(time.perf_counter() - started)
    assert found == {(sid, nid) for sid, nid, _ in pairs}, f"the service found {len(found)} pairs, the plain join {len(pairs)}"
    again = record_changes("notice", notice_ids)
    service, plain, record = (statistics.median(times) for times in (service_times, plain_times, record_times))
    print(f"matches per notice: {len(found) / len(notice_ids):.1f}")
    print(
        f"matching over {len(notice_ids)} notices: median {service * 1000:.0f} ms, {len(found)} pairs "
        f"({AlertChange.objects.count()} changes recorded)"
    )
    print(f"  of which recording the changes: {record * 1000:.0f} ms; finding the due pairs: {(service - record) * 1000:.0f} ms")
    print(f"plain SQL join (SELECT only):  median {plain * 1000:.0f} ms, {len(pairs)} pairs (same pairs: yes)")
    print(f"ratio against the plain SELECT: {service / plain:.2f}x (target at most 3x)")
    print(f"recording the same notices again records {again} changes")


if __name__ == "__main__":
    main()
