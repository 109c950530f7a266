"""Benchmark of the notice list (/anskaffelser/) with 10,000 notices, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/procurement_notices.py \\
        [--notices 10000] [--requests 100] [--keep]

It creates (and afterwards drops) a database of its own, ``portal_bench_notices`` (``migrate`` loads the
9,454 CPV codes), fills it with generated notices (1–2 buyers, 1–3 lots with 0–2 winners each, 1–3 CPV
codes and all their ancestors in NoticeCpv, types, statuses, deadlines and values spread as on Doffin), and
prints for three variants of the list (no filter; a CPV filter; open notices sorted by deadline): the
server time p50/p95 over ``--requests`` requests through the Django test client (the full middleware
stack), against a bare view through the same middleware that runs the same queries and returns their rows
as plain text (target: the page's p95 at most 3x the bare view's), and the number of SQL queries.
"""

import argparse
import contextlib
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

from bench.registry import admin_sql, database_url, percentile, run_manage  # noqa: E402

DATABASE = "portal_bench_notices"
BATCH = 5000

TYPES = [
    ("ANNOUNCEMENT_OF_COMPETITION", "COMPETITION", 0.55),
    ("ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "RESULT", 0.25),
    ("ADVISORY_NOTICE", "PLANNING", 0.12),
    ("ANNOUNCEMENT_OF_INTENT", "RESULT", 0.08),
]
VARIANTS = {
    "no filter": {},
    "CPV 72000000": {"cpv": "72000000"},
    "open, by deadline": {"status": "ACTIVE", "sort": "deadline"},
}
WORDS = "rammeavtale drift vedlikehold skoleskyss renhold konsulent programvare bygg vei vann avløp helse".split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per variant")
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
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.urls"

    started = time.perf_counter()
    generate(args.notices)
    print(f"generated {args.notices} notices in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    measure(args.requests)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")


def generate(count: int) -> None:
    from django.utils import timezone

    from procurement.models import CpvCode, Lot, LotWinner, Notice, NoticeBuyer, NoticeCpv
    from procurement.services import cpv

    rng = random.Random(13)
    codes = list(CpvCode.objects.filter(significant__gte=5).values_list("code", flat=True))
    it_codes = [code for code in codes if code.startswith("72")]
    buyers = [(f"9{rng.randrange(10**7, 10**8)}", f"Oppdragsgiver {n}") for n in range(300)]
    buyers[:2] = [("935478715", "Bærum kommune"), ("944382038", "Asker kommune")]
    winners = [(f"8{rng.randrange(10**7, 10**8)}", f"Leverandør {n} AS") for n in range(2000)]
    now = timezone.now()
    notices = []
    for n in range(count):
        kind, group, _ = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        published = (now - datetime.timedelta(days=rng.randrange(0, 1000))).date()
        competition = group == "COMPETITION"
        deadline = now + datetime.timedelta(days=rng.uniform(-200, 60), hours=rng.randrange(24)) if competition else None
        status = ("ACTIVE" if deadline > now else "EXPIRED") if competition else ("AWARDED" if rng.random() < 0.3 else "")
        buyer = buyers[0] if rng.random() < 0.05 else rng.choice(buyers)
        heading = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {n}"
        notices.append(
            Notice(
                doffin_id=f"{published.year}-{100000 + n}",
                heading=heading,
                description=" ".join(rng.choice(WORDS) for _ in range(40)),
                type=kind,
                all_types=[kind, group],
                status=status,
                issued_at=now,
                published_on=published,
                deadline=deadline,
                estimated_value=Decimal(rng.randrange(100_000, 50_000_000)) if rng.random() < 0.7 else None,
                currency="NOK",
                location_ids=[rng.choice(["NO081", "NO082", "anyw"])],
                buyer_orgnr=buyer[0],
                buyer_name=buyer[1],
                raw={"id": n},
                source_hash=str(n),
            )
        )
    Notice.objects.bulk_create(notices, batch_size=BATCH)
    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True))
    rows_buyers, rows_cpv, lots = [], [], []
    for pk, notice in zip(ids, notices, strict=True):
        rows_buyers.append(NoticeBuyer(notice_id=pk, position=0, orgnr=notice.buyer_orgnr, name=notice.buyer_name))
        if rng.random() < 0.2:
            extra = rng.choice(buyers)
            if extra[0] != notice.buyer_orgnr:
                rows_buyers.append(NoticeBuyer(notice_id=pk, position=1, orgnr=extra[0], name=extra[1]))
        chosen = rng.sample(codes, rng.randrange(1, 4))
        if rng.random() < 0.15:
            chosen[0] = rng.choice(it_codes)
        for code, direct in cpv.expand(chosen).items():
            rows_cpv.append(NoticeCpv(notice_id=pk, code=code, direct=direct))
        for position in range(rng.randrange(1, 4)):
            lots.append(Lot(notice_id=pk, position=position, heading=f"Delkontrakt {position + 1}"))
    NoticeBuyer.objects.bulk_create(rows_buyers, batch_size=BATCH)
    NoticeCpv.objects.bulk_create(rows_cpv, batch_size=BATCH)
    Lot.objects.bulk_create(lots, batch_size=BATCH)
    result = set(Notice.objects.filter(all_types__contains=["RESULT"]).values_list("pk", flat=True))
    rows_winners = []
    for lot_pk, notice_pk in Lot.objects.values_list("pk", "notice_id"):
        if notice_pk in result:
            for position, (orgnr, name) in enumerate(rng.sample(winners, rng.randrange(0, 3))):
                rows_winners.append(LotWinner(lot_id=lot_pk, position=position, orgnr=orgnr, name=name))
    LotWinner.objects.bulk_create(rows_winners, batch_size=BATCH)
    print(
        f"rows: {len(rows_buyers)} buyers, {len(rows_cpv)} NoticeCpv, {len(lots)} lots, {len(rows_winners)} winners",
        flush=True,
    )


def measure(requests: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="nb")

    @contextlib.contextmanager
    def counted():
        # An execute wrapper, not CaptureQueriesContext: the request_started signal resets the debug query log.
        statements = []

        def record(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            yield statements

    def timings(path, params) -> list[float]:
        client.get(path, params)  # warm up
        walls = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path, params)
            walls.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return walls

    bare, _ = timings("/bench/bare/", {}), None
    print(f"bare view through the same middleware (no queries): p50 {statistics.median(bare) * 1000:.1f} ms")
    for name, params in VARIANTS.items():
        with counted() as page_queries:
            client.get("/anskaffelser/", params)
        with counted() as bare_queries:
            found, rows = client.get("/bench/bare-notices/", params).content.decode().split("\n", 1)[0].split()
        page = timings("/anskaffelser/", params)
        plain = timings("/bench/bare-notices/", params)
        p50, p95 = statistics.median(page) * 1000, percentile(page, 95) * 1000
        bare_p50, bare_p95 = statistics.median(plain) * 1000, percentile(plain, 95) * 1000
        print(
            f"notice list, {name} ({rows} rows of {found}): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; bare view of the same queries p50 {bare_p50:.1f} ms, "
            f"p95 {bare_p95:.1f} ms; ratio p95 {p95 / bare_p95:.2f} x (target <= 3x); "
            f"SQL queries {len(page_queries)} (bare view {len(bare_queries)})",
            flush=True,
        )


if __name__ == "__main__":
    main()
