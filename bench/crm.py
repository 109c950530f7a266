"""Benchmark of the officer's start page (/arbeid/) and a busy business's timeline (/bedrifter/<orgnr>/) at
municipal scale and beyond, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/crm.py \\
        [--businesses 100000] [--interactions 20000] [--enquiries 5000] [--requests 50] [--keep]

It creates (and afterwards drops) a database of its own, ``portal_bench_crm``, fills it with bulk inserts
(businesses, registry events, enquiries, interactions, follow-ups, red flags, claims, meeting requests and
meetings naming businesses, with one busy business that has a long history), and prints, for each page as
an officer sees it: the server time p50/p95 over ``--requests`` requests through the Django test client
(the full middleware stack), against a bare view through the same middleware that runs the same queries
and returns their rows as plain text (target: page p95 at most 3x the bare view's), and the number of SQL
queries (target: at most 15).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry import admin_sql, database_url, percentile, run_manage  # noqa: E402

DATABASE = "portal_bench_crm"
BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--enquiries", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
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
    officer, busy = generate(args)
    print(f"generated in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    measure(officer, busy, args.requests)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")


def generate(args):
    """Fill the database; returns (the officer whose pages are measured, the busy business's orgnr)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from businesses.models import (
        Business,
        BusinessClaim,
        DecisionState,
        Enquiry,
        FollowUp,
        Interaction,
        MeetingRequest,
        RedFlag,
        RegistryEvent,
        Topic,
    )
    from meetings.models import ActionPoint, AgendaItem, Meeting, Visibility
    from portal.models import User
    from portal.roles import Role
    from portal.services import assign_role, sync_role_groups

    rng = random.Random(11)
    now = timezone.now()
    today = timezone.localdate()
    sync_role_groups()

    def user(email, role):
        person = User.objects.create_user(email=email, name=email.split("@")[0].title(), password=None)
        assign_role(person, role, by=None)
        if role in (Role.OFFICER, Role.ADMINISTRATOR):
            TOTP.activate(person, generate_totp_secret())
        return person

    officer = user("naeringssjef@bench.example", Role.OFFICER)
    officers = [officer] + [user(f"radgiver{n}@bench.example", Role.OFFICER) for n in range(3)]
    owners = [user(f"eier{n}@bench.example", Role.BUSINESS_OWNER) for n in range(300)]

    sections = "ABCCCFGGGGHIJKLMMMNNPQRS"
    Business.objects.bulk_create(
        (
            Business(
                orgnr=f"{900000000 + n}",
                name=f"BENCH BEDRIFT {n} AS",
                search_name=f"bench bedrift {n} as",
                industry_section=sections[n % len(sections)],
                industry_division=f"{10 + n % 80:02d}",
                municipality_id="3201" if n % 2 else "3203",
                employees=n % 50,
                registered=today - datetime.timedelta(days=n % 9000),
            )
            for n in range(args.businesses)
        ),
        batch_size=BATCH,
    )
    ids = list(Business.objects.order_by("pk").values_list("pk", flat=True))
    busy_id = ids[len(ids) // 2]
    busy = Business.objects.get(pk=busy_id)

    def some_business():
        return busy_id if rng.random() < 0.01 else rng.choice(ids)

    RegistryEvent.objects.bulk_create(
        (
            RegistryEvent(
                orgnr=busy.orgnr if n % 100 == 0 else f"{900000000 + rng.randrange(args.businesses)}",
                kind=rng.choice(RegistryEvent.Kind.values),
                date=today - datetime.timedelta(days=rng.randrange(2000)),
                source="bench",
            )
            for n in range(args.businesses // 10)
        ),
        batch_size=BATCH,
    )

    def ago(days_max):
        return now - datetime.timedelta(days=rng.random() * days_max)

    enquiries = Enquiry.objects.bulk_create(
        (
            Enquiry(
                reference=f"2026-{n:06d}",
                topic=rng.choice(Topic.values),
                business_id=some_business() if n % 5 else None,
                user=rng.choice(owners) if n % 3 == 0 else None,
                sender_name="Avsender",
                sender_email=f"avsender{n}@bench.example",
                message="Spørsmål om lokaler.",
                consent_text="Samtykke.",
                state=rng.choices(Enquiry.State.values, weights=(1, 1, 6, 4))[0],
                assigned_to=rng.choice(officers) if n % 4 else None,
            )
            for n in range(args.enquiries)
        ),
        batch_size=BATCH,
    )
    # created is auto_now_add: spread it over the last year in one UPDATE.
    with_times = [(enquiry.pk, ago(365)) for enquiry in enquiries]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.executemany("UPDATE businesses_enquiry SET created = %s WHERE id = %s", [(t, pk) for pk, t in with_times])

    interactions = Interaction.objects.bulk_create(
        (
            Interaction(
                kind=rng.choice(Interaction.Kind.values),
                date=today - datetime.timedelta(days=rng.randrange(730)),
                subject=f"Samtale {n}",
                notes="Notater fra samtalen.",
                created_by=rng.choice(officers),
            )
            for n in range(args.interactions)
        ),
        batch_size=BATCH,
    )
    through = Interaction.businesses.through
    links = set()
    for interaction in interactions:
        for _ in range(1 + (rng.random() < 0.2)):
            links.add((interaction.pk, some_business()))
    through.objects.bulk_create((through(interaction_id=i, business_id=b) for i, b in links), batch_size=BATCH)

    red_flags = RedFlag.objects.bulk_create(
        (
            RedFlag(
                business_id=some_business(),
                category=rng.choice(RedFlag.Category.values),
                severity=rng.choice(RedFlag.Severity.values),
                description="Beskrivelse.",
                raised_by=rng.choice(officers),
                resolved_at=ago(100) if n % 3 == 0 else None,
            )
            for n in range(args.enquiries // 5)
        ),
        batch_size=BATCH,
    )
    FollowUp.objects.bulk_create(
        (
            FollowUp(
                business_id=some_business(),
                title=f"Oppfølging {n}",
                owner=rng.choice(officers),
                due=today + datetime.timedelta(days=rng.randrange(-60, 120)),
                state=rng.choices(FollowUp.State.values, weights=(3, 6, 1))[0],
                created_by=officer,
            )
            for n in range(args.enquiries // 2)
        ),
        batch_size=BATCH,
    )
    BusinessClaim.objects.bulk_create(
        (
            BusinessClaim(
                business_id=rng.choice(ids),
                user=owners[n % len(owners)],
                state=DecisionState.PENDING if n % 4 == 0 else DecisionState.APPROVED,
            )
            for n in range(400)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    MeetingRequest.objects.bulk_create(
        (
            MeetingRequest(
                business_id=rng.choice(ids),
                requested_by=rng.choice(owners),
                adviser=rng.choice(officers),
                topic=rng.choice(Topic.values),
                message="Vi ønsker et møte.",
                state=rng.choice(MeetingRequest.State.values),
            )
            for n in range(400)
        ),
        batch_size=BATCH,
    )
    for n in range(24):
        starts = now - datetime.timedelta(days=30 * n - 60)
        meeting = Meeting.objects.create(
            title=f"Dialogmøte {n}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            organiser=officer,
            visibility=Visibility.INTERNAL if n % 3 == 0 else Visibility.PUBLIC,
            state=Meeting.State.MINUTES_PUBLISHED if n > 2 else Meeting.State.INVITED,
        )
        for position in range(1, 9):
            item = AgendaItem.objects.create(meeting=meeting, position=position, title=f"Sak {position}", internal=position == 8)
            item.businesses.add(busy_id if position < 3 else rng.choice(ids), rng.choice(ids))
            point = ActionPoint.objects.create(meeting=meeting, agenda_item=item, title=f"Tiltak {position}", owner=officer)
            point.businesses.add(busy_id if position < 3 else rng.choice(ids))

    def count(model, **filters):
        return model.objects.filter(**filters).count()

    def number(value: int) -> str:
        return f"{value:,}".replace(",", " ")

    print(
        f"data: {number(count(Business))} businesses, {number(count(Interaction))} interactions, "
        f"{number(count(Enquiry))} enquiries, {number(count(FollowUp))} follow-ups, {number(len(red_flags))} red flags, "
        f"{number(count(RegistryEvent))} registry events; the busy business {busy.orgnr}: "
        f"{count(Interaction, businesses=busy)} interactions, {count(Enquiry, business=busy)} enquiries, "
        f"{count(RedFlag, business=busy)} red flags, {count(FollowUp, business=busy)} follow-ups, "
        f"{count(RegistryEvent, orgnr=busy.orgnr)} registry events"
    )
    return officer, busy.orgnr


def measure(officer, orgnr: str, requests: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(officer)

    def timed(path) -> tuple[list[float], int]:
        client.get(path)  # warm up (templates, the user's roles)
        reset_queries()  # each request starts the log afresh (request_started), so the capture must start from empty
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        walls = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            walls.append(time.perf_counter() - started)
            assert response.status_code == 200
        return walls, len(queries)

    bare, _ = timed("/bench/bare/")
    bare_p50, bare_p95 = statistics.median(bare) * 1000, percentile(bare, 95) * 1000
    print(f"bare view through the same middleware: p50 {bare_p50:.1f} ms, p95 {bare_p95:.1f} ms")
    for name, page, bare_path in (
        ("work queue /arbeid/", "/arbeid/", "/bench/bare-work/"),
        (f"business page /bedrifter/{orgnr}/", f"/bedrifter/{orgnr}/", f"/bench/bare-business/{orgnr}/"),
    ):
        walls, queries = timed(page)
        bare_walls, bare_queries = timed(bare_path)
        p50, p95 = statistics.median(walls) * 1000, percentile(walls, 95) * 1000
        bare_p50, bare_p95 = statistics.median(bare_walls) * 1000, percentile(bare_walls, 95) * 1000
        print(
            f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms = {p95 / bare_p95:.2f} x a bare view of the same queries "
            f"(p50 {bare_p50:.1f} ms, p95 {bare_p95:.1f} ms) (target <= 3x); SQL queries {queries} "
            f"(bare view {bare_queries}) (target <= 15)"
        )


if __name__ == "__main__":
    main()
