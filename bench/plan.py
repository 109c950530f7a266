"""Benchmark of the plan page with 2,000 measures, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/plan.py [--measures 2000] [--requests 50]

It creates (and afterwards drops) a database of its own, ``portal_bench_plan``, builds an adopted plan
(5 focus areas, 4 goals each, the measures spread over them, every tenth nested under another, an
indicator per goal with six yearly values, an approved status round) and prints, measured in the same
run through the same middleware (``bench.plan`` is the URLconf: the portal's URLs plus the bare views):
- server time of the plan page /strategi/<pk>/ for the public and for an officer, p50/p95, against a
  bare view that runs the page's queries (the plan, its structure, the municipalities, the registered
  responsible businesses, every panel's data) and returns their rows as plain text (target at most 3x);
- the number of SQL queries of the page with 20 measures and with the full number (the same).
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_RATIO = 3.0


# --- The bare view (this module is the URLconf while the bench runs) -------------------------------


def bare_plan(request, pk: int):
    """The plan page's queries with their rows as plain text, no template, no roll-up."""
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404

    from bench.urls import _lines
    from businesses.models import Business
    from strategies.queries import plan_structure, visible_plans
    from strategies.views.plans import plan_panels

    plan = get_object_or_404(visible_plans(request.user).select_related("previous"), pk=pk)
    lines = [str(plan), *_lines(list(plan.municipalities.order_by("name")))]
    orgnrs = set()
    for area in plan_structure(plan):
        lines.append(f"{area.pk} {area.title} {area.weight}")
        for goal in area.goals.all():
            lines.append(f"  {goal.pk} {goal.title} {goal.weight}")
            for m in goal.measures.all():
                lines.append(f"    {m.code} {m.title} {m.state} {m.progress} {m.weight} {m.deadline} {m.responsible_name}")
                if m.responsible_orgnr:
                    orgnrs.add(m.responsible_orgnr)
    if orgnrs:
        lines += list(Business.objects.filter(orgnr__in=orgnrs).values_list("orgnr", flat=True))
    lines += _lines(plan_panels(request, plan))
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _urlpatterns():
    from django.urls import path

    from bench.urls import urlpatterns as bench_urlpatterns

    return [path("bench/bare-plan/<int:pk>/", bare_plan), *bench_urlpatterns]


def __getattr__(name):
    # Django reads ``urlpatterns`` (and the handlers) from the URLconf after setup, so they are built lazily.
    if name == "urlpatterns":
        return _urlpatterns()
    if name.startswith("handler"):
        import portal.urls

        return getattr(portal.urls, name)
    raise AttributeError(name)


# --- The data ------------------------------------------------------------------------------------


def build_plan(measures: int, *, title: str):
    from django.utils import timezone

    from portal.models import User
    from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, Plan, StatusReport, StatusRound

    officer = User.objects.filter(email="officer@bench.example").first()
    plan = Plan.objects.create(
        title=title,
        owner_kind=Plan.OwnerKind.REGION,
        owner_name="Gardermoregionen",
        start_year=2026,
        end_year=2029,
        state=Plan.State.ADOPTED,
        decided_by="Regionrådet",
        decided_on=datetime.date(2026, 1, 20),
        case_number="26/101",
    )
    areas = [FocusArea.objects.create(plan=plan, position=n, title=f"Satsingsområde {n}") for n in range(1, 6)]
    goals = [
        Goal.objects.create(focus_area=area, position=n, title=f"Mål {area.position}.{n}") for area in areas for n in range(1, 5)
    ]
    top = Measure.objects.bulk_create(
        Measure(
            goal=goals[n % len(goals)],
            position=n,
            code=f"{n}",
            title=f"Tiltak {n}: samarbeid om næringsareal og kompetanse",
            responsible_kind="business" if n % 7 == 0 else "municipality",
            responsible_name="Næringsavdelingen",
            responsible_orgnr="925321141" if n % 7 == 0 else "",
            state="delayed" if n % 11 == 0 else "in_progress",
            progress=n % 101,
            state_reason="Forsinket" if n % 11 == 0 else "",
            deadline=datetime.date(2027, 1, 1) + datetime.timedelta(days=n % 300),
        )
        for n in range(1, measures - measures // 10 + 1)
    )
    Measure.objects.bulk_create(
        Measure(goal=parent.goal, parent=parent, position=1000 + n, code=f"{parent.code}.1", title=f"Deltiltak {n}", progress=50)
        for n, parent in enumerate(top[: measures // 10])
    )
    for goal in goals:
        indicator = Indicator.objects.create(goal=goal, name=f"Arbeidsplasser {goal.title}", unit="arbeidsplasser", target=1500)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, period_end=datetime.date(year, 12, 31), value=Decimal(1000 + 50 * (year - 2020)))
            for year in range(2020, 2026)
        )
    status_round = StatusRound.objects.create(
        plan=plan,
        title="1. tertial 2026",
        period_end=datetime.date(2026, 4, 30),
        deadline=timezone.now(),
        state=StatusRound.State.APPROVED,
        approved_by=officer,
        approved_at=timezone.now(),
    )
    StatusReport.objects.bulk_create(
        StatusReport(status_round=status_round, measure=m, state=m.state, progress=m.progress, submitted_at=timezone.now())
        for m in top[:100]
    )
    return plan


# --- Measuring -----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def timings(client, url: str, requests: int) -> list[float]:
    client.get(url)  # warm up
    walls = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        walls.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return walls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the portal_bench_plan database afterwards")
    args = parser.parse_args()

    from bench.registry import admin_sql, database_url

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (the bench makes its own database there).")
    bench_url = database_url(base, "portal_bench_plan")
    admin_sql(base, "DROP DATABASE IF EXISTS portal_bench_plan")
    admin_sql(base, "CREATE DATABASE portal_bench_plan")
    env = {**os.environ, "DATABASE_URL": bench_url, "DEBUG": "1", "REDIS_URL": ""}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    os.environ.update({"DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.plan"

    from django.contrib.auth.models import Group

    from portal.models import User
    from portal.roles import Role
    from portal.services import sync_role_groups

    sync_role_groups()
    officer = User.objects.create_user("officer@bench.example", name="Ingrid Næringssjef")
    officer.groups.add(*Group.objects.filter(name=Role.OFFICER))
    # Staff sign in with two factors (portal.middleware.RequireStaffTwoFactorMiddleware): give the officer TOTP.
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(officer, generate_totp_secret())

    small = build_plan(20, title="Liten plan")
    plan = build_plan(args.measures, title="Strategisk næringsplan for Gardermoregionen")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    public, team = Client(), Client()
    team.force_login(officer)
    for name, client in (("public", public), ("officer", team)):
        small_count = query_count(client, f"/strategi/{small.pk}/")
        large_count = query_count(client, f"/strategi/{plan.pk}/")
        print(f"plan page SQL queries ({name}): {large_count} with {args.measures} measures, {small_count} with 20")

    bare = timings(public, "/bench/bare/", args.requests)
    print(f"bare view through the same middleware: p95 {percentile(bare, 95) * 1000:.1f} ms")
    for name, client in (("public", public), ("officer", team)):
        page = timings(client, f"/strategi/{plan.pk}/", args.requests)
        rows = timings(client, f"/bench/bare-plan/{plan.pk}/", args.requests)
        p95, rows_p95 = percentile(page, 95) * 1000, percentile(rows, 95) * 1000
        verdict = "within" if p95 / rows_p95 <= TARGET_RATIO else "OVER"
        print(
            f"plan page ({name}, {args.measures} measures): p50 {statistics.median(page) * 1000:.0f} ms, p95 {p95:.0f} ms = "
            f"{p95 / rows_p95:.2f} x the bare view of the same queries (p95 {rows_p95:.0f} ms; {verdict} the target of at most "
            f"{TARGET_RATIO:.0f}x)"
        )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        admin_sql(base, "DROP DATABASE IF EXISTS portal_bench_plan")


if __name__ == "__main__":
    main()
