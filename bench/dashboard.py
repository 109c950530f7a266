"""Benchmark of the politicians' dashboard (/oversikt/) at the issue's scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py \\
        [--businesses 100000] [--requests 50] [--keep] [--reuse] [--who politician] [--explain N] [--profile]

It creates (and afterwards drops) a database of its own, ``portal_bench_dash``, fills it with bulk inserts:
businesses in the two served municipalities (SN2025 sections, organisation forms and employee counts as in
a real register, a third without an employee figure), two years of registry events (new, bankrupt, under
liquidation, deleted, moved, renamed) consistent with the businesses' own fields, interactions, enquiries
(most answered), red flags, follow-ups, 500 dialogue meetings (held, minutes published, internal items,
decisions, action points open and done), an adopted plan with 2,000 measures and its indicators
(bench/plan.py), 10,000 notices with CPV codes, lots and winners (bench/procurement_notices.py, some won by
local businesses, some bought by each served municipality) and market dialogues.

Then, for a politician and for an officer, it prints:
- the dashboard's SQL queries (target at most 15), per section (each section's ``context`` run alone);
- the page's server time p50/p95 over ``--requests`` requests through the Django test client (the full
  middleware stack) against a bare view through the same middleware that runs the same queries and returns
  their rows as plain text (target: the page's p95 at most 3x the bare view's). "The same queries" are
  captured, not re-implemented: one request to the page records every statement it sends (SQL and
  parameters); the bare view replays them in order, leaving out only those the middleware sends on its own
  in the bare view too (the session, the user), so the bare request sends the very same statements as the
  page; the bench checks that it does;
- each section's server time (its ``context`` called ``--requests`` times, then its template rendered);
- the slowest statements (median over the measured page requests).

To find where the time goes: ``--explain N`` prints PostgreSQL's plans (EXPLAIN ANALYZE) of the N slowest
statements, ``--profile`` profiles the page (cProfile), ``--jit-off`` turns PostgreSQL's JIT compilation off for
the bench's connection (a statement whose estimated cost passes ``jit_above_cost`` can spend seconds compiling).
``--keep`` keeps the database and ``--reuse`` measures it again without generating (after ``migrate``).
"""

import argparse
import collections
import datetime
import importlib
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

DATABASE = "portal_bench_dash"
BATCH = 5000
TARGET_QUERIES = 15
TARGET_RATIO = 3.0
PAGE = "/oversikt/"
BARE = "/bench/bare-dashboard/"


# --- The bare view (this module is the URLconf while the bench runs) -------------------------------

# Per persona ("politician", "officer"): the statements the dashboard sent, as (sql, params, many), minus
# those the middleware sends by itself in the bare view too. Filled by measure() before the view is timed.
REPLAY: dict[str, list[tuple]] = {}


def bare_dashboard(request):
    """The dashboard's own statements, replayed in order on the same connection, the rows as plain text."""
    from django.db import connection
    from django.http import HttpResponse

    lines = []
    with connection.cursor() as cursor:
        for sql, params, many in REPLAY[request.GET["who"]]:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
            if cursor.description is not None:
                lines += ["\t".join(map(str, row)) for row in cursor.fetchall()]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _urlpatterns():
    from django.urls import path

    from bench.urls import urlpatterns as bench_urlpatterns

    return [path(BARE.strip("/") + "/", bare_dashboard), *bench_urlpatterns]


def __getattr__(name):
    # Django reads ``urlpatterns`` (and the handlers) from the URLconf after setup, so they are built lazily.
    if name == "urlpatterns":
        return _urlpatterns()
    if name.startswith("handler"):
        import portal.urls

        return getattr(portal.urls, name)
    raise AttributeError(name)


# --- Running ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--enquiries", type=int, default=4_000)
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--measures", type=int, default=2_000)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50, help="requests per page and persona")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    parser.add_argument("--reuse", action="store_true", help=f"measure a {DATABASE} kept by an earlier --keep run")
    parser.add_argument("--profile", action="store_true", help="profile the page (cProfile) and print where the time goes")
    parser.add_argument("--who", choices=("politician", "officer"), help="measure the dashboard of this persona only")
    parser.add_argument(
        "--jit-off", action="store_true", help="diagnosis: turn PostgreSQL's JIT compilation off for the bench's connection"
    )
    parser.add_argument("--explain", type=int, default=0, metavar="N", help="print the plans of the N slowest statements")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (the bench makes its own database there).")
    bench_url = database_url(base, DATABASE)
    env = {**os.environ, "DATABASE_URL": bench_url, "DEBUG": "1", "REDIS_URL": ""}
    if not args.reuse:
        admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")
        admin_sql(base, f"CREATE DATABASE {DATABASE}")
    run_manage("migrate", "-v0", env=env)  # with --reuse: brings a kept database up to the code's migrations

    os.environ.update({"DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.dashboard"

    from django.db import connection, connections

    from portal.models import User

    if args.jit_off:
        from django.db.backends.signals import connection_created

        def jit_off(sender, connection, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")

        connection_created.connect(jit_off, weak=False)
    try:
        if args.reuse:
            personas = {name: User.objects.get(email=f"{name}@bench.example") for name in ("politician", "officer")}
        else:
            started = time.perf_counter()
            personas = generate(args)
            print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
        # Also after a migration of a kept database (a backfill rewrites rows): fresh statistics, and the
        # visibility map index-only scans need, as autovacuum leaves them in production.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        describe_data()
        for name, user in personas.items():
            if args.who in (None, name):
                measure(name, user, args)
    finally:
        if not args.keep:
            connections.close_all()
            admin_sql(base, f"DROP DATABASE IF EXISTS {DATABASE}")


# --- The data ------------------------------------------------------------------------------------

# SN2025 sections as shares of the units in a Norwegian suburban municipality (Bærum/Asker), roughly.
SECTION_WEIGHTS = {
    "A": 2, "B": 0.2, "C": 3, "D": 0.5, "E": 0.4, "F": 10, "G": 11, "H": 3, "I": 2.5, "J": 2, "K": 6,
    "L": 3, "M": 13, "N": 16, "O": 5, "P": 0.5, "Q": 2.5, "R": 6, "S": 4, "T": 8, "U": 0.1,
}  # fmt: skip
FORM_WEIGHTS = {"AS": 58, "ENK": 30, "NUF": 3, "ANS": 2, "DA": 1, "FLI": 3, "STI": 1, "SA": 1, "ASA": 1}


def _section_divisions() -> dict[str, list[tuple[str, str]]]:
    """SN2025: section letter -> [(division, division name)], from the reference file migrate loads."""
    from businesses.models import IndustryCode

    divisions = collections.defaultdict(list)
    for code, parent, name in IndustryCode.objects.filter(version="SN2025", level=2).values_list("code", "parent_code", "name"):
        divisions[parent].append((code, name))
    return divisions


def _employees(rng: random.Random, form: str) -> int | None:
    """None (no figure in the register) for most sole proprietorships and a fifth of the rest; else a long tail."""
    if rng.random() < (0.8 if form == "ENK" else 0.2):
        return None
    if rng.random() < 0.3:
        return 0
    return min(int(rng.paretovariate(0.9)), 4000)


def _spread_times(table: str, column: str, pairs: list[tuple[int, datetime.datetime]]) -> None:
    """Set an ``auto_now_add`` column after the insert, in one UPDATE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = v.t FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, t) WHERE {table}.id = v.id",
            [[pk for pk, _ in pairs], [moment for _, moment in pairs]],
        )


def generate(args) -> dict:
    """Fill the database; returns the personas whose dashboards are measured."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from portal.models import User
    from portal.roles import Role
    from portal.services import assign_role, sync_role_groups

    rng = random.Random(14)
    sync_role_groups()

    def user(email, role, name):
        person = User.objects.create_user(email=email, name=name, password=None)
        assign_role(person, role, by=None)
        if role in (Role.OFFICER, Role.ADMINISTRATOR, Role.CHIEF_EXECUTIVE):
            TOTP.activate(person, generate_totp_secret())
        return person

    # bench/plan.py's build_plan looks the officer up by this address.
    officer = user("officer@bench.example", Role.OFFICER, "Ingrid Næringssjef")
    politician = user("politician@bench.example", Role.POLITICIAN, "Sara Politiker")
    officers = [officer] + [user(f"radgiver{n}@bench.example", Role.OFFICER, f"Rådgiver {n}") for n in range(5)]
    chief = user("kommunedirektor@bench.example", Role.CHIEF_EXECUTIVE, "Lars Direktør")
    council = [user(f"naeringsrad{n}@bench.example", Role.COUNCIL_MEMBER, f"Rådsmedlem {n}") for n in range(8)]
    now = timezone.now()
    today = timezone.localdate()

    step = time.perf_counter()
    ids, orgnrs = generate_businesses(rng, args.businesses, today)
    print(f"  businesses and registry events: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    generate_contact_point(rng, args, ids, officers, now, today)
    print(f"  interactions, enquiries, red flags, follow-ups: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    generate_meetings(rng, args.meetings, ids, officer, [chief, *officers, *council], now)
    print(f"  meetings: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    generate_plan(args.measures, today)
    print(f"  plan: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    generate_procurement(rng, args.notices, orgnrs, officer, now)
    print(f"  procurement: {time.perf_counter() - step:.1f} s", flush=True)
    return {"politician": politician, "officer": officer}


def generate_businesses(rng: random.Random, count: int, today: datetime.date) -> tuple[list[int], list[str]]:
    """The businesses and two years of registry events that agree with them; returns their ids and orgnrs."""
    from businesses.models import Business, RegistryEvent

    divisions = _section_divisions()
    sections, section_weights = list(SECTION_WEIGHTS), list(SECTION_WEIGHTS.values())
    forms, form_weights = list(FORM_WEIGHTS), list(FORM_WEIGHTS.values())
    two_years_ago = datetime.date(today.year - 1, 1, 1)
    span = (today - two_years_ago).days

    def valid_orgnrs():
        # 8 digits and the MOD11 check digit; a body whose check digit would be 10 has no valid number.
        for body in range(91_000_000, 100_000_000):
            remainder = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), str(body), strict=True)) % 11
            if remainder != 1:
                yield f"{body}{(11 - remainder) % 11}"

    numbers = valid_orgnrs()
    businesses, events = [], []
    for n in range(count):
        section = rng.choices(sections, section_weights)[0]
        division, division_name = rng.choice(divisions[section])
        form = rng.choices(forms, form_weights)[0]
        employees = _employees(rng, form)
        orgnr = next(numbers)
        # About 8 % a year are new; the rest were registered since 1970.
        new = rng.random() < 0.16
        registered = two_years_ago + datetime.timedelta(days=rng.randrange(span)) if new else None
        if registered is None:
            registered = datetime.date(1970, 1, 1) + datetime.timedelta(
                days=rng.randrange((two_years_ago - datetime.date(1970, 1, 1)).days)
            )
        unit = Business(
            orgnr=orgnr,
            name=f"BENCH {division_name.split(',')[0].upper()[:40]} {n} {form}",
            search_name=f"bench {division_name.split(',')[0].lower()[:40]} {n} {form.lower()}",
            organisation_form_id=form,
            industry_codes=[{"code": f"{division}.{rng.randrange(1, 10)}{rng.randrange(10)}0", "description": division_name}],
            industry_version="SN2025",
            industry_division=division,
            industry_section=section,
            employees=employees,
            municipality_id="3201" if rng.random() < 0.55 else "3203",
            address=f"Benchveien {n % 300 + 1}",
            postal_code="1337",
            postal_place="SANDVIKA",
            registered=registered,
            founded=registered,
        )
        if new:
            events.append(
                RegistryEvent(orgnr=orgnr, kind="new", date=registered, source="bench", municipality=unit.municipality_id)
            )
        # Over the two years: bankrupt 0.6 %, under liquidation 2 %, deleted 8 %, moved in/out, renamed.
        fate = rng.random()
        when = max(registered, two_years_ago) + datetime.timedelta(
            days=rng.randrange(max(1, (today - max(registered, two_years_ago)).days))
        )
        if fate < 0.006:
            unit.bankrupt, unit.bankrupt_date = True, when
            events.append(
                RegistryEvent(orgnr=orgnr, kind="bankrupt", date=when, source="bench", municipality=unit.municipality_id)
            )
        elif fate < 0.026:
            unit.under_liquidation, unit.under_liquidation_date = True, when
            events.append(
                RegistryEvent(orgnr=orgnr, kind="liquidation", date=when, source="bench", municipality=unit.municipality_id)
            )
        elif fate < 0.106:
            unit.deleted = when
            events.append(
                RegistryEvent(orgnr=orgnr, kind="deleted", date=when, source="bench", municipality=unit.municipality_id)
            )
        elif fate < 0.12:
            events.append(
                RegistryEvent(
                    orgnr=orgnr,
                    kind="moved_in",
                    date=when,
                    data={"from": "0301", "to": unit.municipality_id},
                    source="bench",
                    municipality=unit.municipality_id,
                )
            )
        elif fate < 0.15:
            events.append(
                RegistryEvent(
                    orgnr=orgnr,
                    kind="name_changed",
                    date=when,
                    data={"from": "GAMMELT NAVN AS", "to": unit.name},
                    source="bench",
                    municipality=unit.municipality_id,
                )
            )
        businesses.append(unit)
    Business.objects.bulk_create(businesses, batch_size=BATCH)
    RegistryEvent.objects.bulk_create(events, batch_size=BATCH)
    rows = list(Business.objects.order_by("pk").values_list("pk", "orgnr"))
    return [pk for pk, _ in rows], [orgnr for _, orgnr in rows]


def generate_contact_point(rng, args, ids, officers, now, today) -> None:
    from businesses.models import Enquiry, EnquiryMessage, FollowUp, Interaction, RedFlag, Topic

    two_years = 730

    def ago(days_max):
        return now - datetime.timedelta(days=rng.random() * days_max)

    interactions = Interaction.objects.bulk_create(
        (
            Interaction(
                kind=rng.choices(Interaction.Kind.values, weights=(3, 5, 4, 3, 1))[0],
                date=today - datetime.timedelta(days=rng.randrange(two_years)),
                subject=f"Samtale {n}",
                notes="Notater fra samtalen.",
                created_by=rng.choice(officers),
            )
            for n in range(args.interactions)
        ),
        batch_size=BATCH,
    )
    through = Interaction.businesses.through
    links = {(i.pk, rng.choice(ids)) for i in interactions}
    links |= {(i.pk, rng.choice(ids)) for i in interactions if rng.random() < 0.2}
    through.objects.bulk_create((through(interaction_id=i, business_id=b) for i, b in links), batch_size=BATCH)

    topic_weights = (3, 3, 4, 3, 4, 2, 2, 2)
    states = rng.choices(Enquiry.State.values, weights=(1, 2, 5, 8), k=args.enquiries)
    enquiries = Enquiry.objects.bulk_create(
        (
            Enquiry(
                reference=f"B-{n:06d}",
                topic=rng.choices(Topic.values, weights=topic_weights)[0],
                business_id=rng.choice(ids) if n % 5 else None,
                sender_name="Avsender Avsendersen",
                sender_email=f"avsender{n}@bench.example",
                sender_phone="+47 900 00 000",
                message="Spørsmål om lokaler.",
                consent_text="Samtykke.",
                state=states[n],
                assigned_to=rng.choice(officers) if states[n] != Enquiry.State.NEW else None,
            )
            for n in range(args.enquiries)
        ),
        batch_size=BATCH,
    )
    created = [(e.pk, ago(two_years)) for e in enquiries]
    _spread_times("businesses_enquiry", "created", created)
    answered = []
    for (pk, received), state in zip(created, states, strict=True):
        if state in (Enquiry.State.ANSWERED, Enquiry.State.CLOSED):
            answered.append((pk, received + datetime.timedelta(hours=rng.lognormvariate(3, 1.2))))
    _spread_times("businesses_enquiry", "first_answered_at", answered)
    messages = EnquiryMessage.objects.bulk_create(
        (EnquiryMessage(enquiry_id=pk, direction="answer", author=rng.choice(officers), body="Svar.") for pk, _ in answered),
        batch_size=BATCH,
    )
    _spread_times("businesses_enquirymessage", "created", [(m.pk, t) for m, (_, t) in zip(messages, answered, strict=True)])

    flags = RedFlag.objects.bulk_create(
        (
            RedFlag(
                business_id=rng.choice(ids),
                category=rng.choice(RedFlag.Category.values),
                severity=rng.choice(RedFlag.Severity.values),
                description="Beskrivelse.",
                raised_by=rng.choice(officers),
            )
            for n in range(args.enquiries // 4)
        ),
        batch_size=BATCH,
    )
    raised = [(flag.pk, ago(two_years)) for flag in flags]
    _spread_times("businesses_redflag", "raised_at", raised)
    resolved = [(pk, moment + datetime.timedelta(days=rng.randrange(1, 90))) for pk, moment in raised if rng.random() < 0.6]
    _spread_times("businesses_redflag", "resolved_at", [(pk, min(moment, now)) for pk, moment in resolved])

    FollowUp.objects.bulk_create(
        (
            FollowUp(
                business_id=rng.choice(ids),
                title=f"Oppfølging {n}",
                owner=rng.choice(officers),
                due=today + datetime.timedelta(days=rng.randrange(-200, 120)),
                state=rng.choices(FollowUp.State.values, weights=(3, 6, 1))[0],
                created_by=officers[0],
            )
            for n in range(args.enquiries // 2)
        ),
        batch_size=BATCH,
    )


def generate_meetings(rng, count: int, ids, organiser, people, now) -> None:
    """``count`` dialogue meetings over three years (a tenth still ahead), in four series."""
    from meetings.models import ActionPoint, AgendaItem, Meeting, MeetingSeries, Participant, Visibility

    series = [
        MeetingSeries.objects.create(name=name, organiser=organiser, visibility=visibility)
        for name, visibility in (
            ("Dialogmøte næringsråd–kommunedirektør", Visibility.PUBLIC),
            ("Næringsforum Bærum", Visibility.PUBLIC),
            ("Næringsforum Asker", Visibility.PUBLIC),
            ("Ledermøte næring", Visibility.INTERNAL),
        )
    ]
    meetings = []
    for n in range(count):
        starts = now + datetime.timedelta(days=rng.uniform(-1000, 100))
        starts = starts.replace(hour=14, minute=0, second=0, microsecond=0)
        past = starts < now
        if past:
            state = rng.choices(
                (Meeting.State.MINUTES_PUBLISHED, Meeting.State.HELD, Meeting.State.CANCELLED), weights=(80, 15, 5)
            )[0]
        else:
            state = rng.choice((Meeting.State.PLANNED, Meeting.State.INVITED))
        chosen = rng.choices(series, weights=(4, 2, 2, 2))[0]
        meetings.append(
            Meeting(
                series=chosen,
                title=f"{chosen.name} {n}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place="Rådhuset",
                organiser=organiser,
                visibility=chosen.visibility,
                state=state,
                minutes_published_at=starts + datetime.timedelta(days=7) if state == Meeting.State.MINUTES_PUBLISHED else None,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    Participant.objects.bulk_create(
        (
            Participant(meeting=meeting, user=person, email=person.email, name=person.name, attended=meeting.starts_at < now)
            for meeting in meetings
            for person in rng.sample(people, 6)
        ),
        batch_size=BATCH,
    )
    items = []
    for meeting in meetings:
        held = meeting.state in (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED)
        for position in range(1, rng.randrange(4, 9)):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"Sak {position}: næringsareal og rekruttering",
                    description="Bakgrunn for saken.",
                    internal=rng.random() < 0.12,
                    notes="Referat fra saken." if held else "",
                    decision="Kommunedirektøren følger opp saken." if held and rng.random() < 0.5 else "",
                )
            )
    items = AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    AgendaItem.businesses.through.objects.bulk_create(
        (
            AgendaItem.businesses.through(agendaitem_id=item.pk, business_id=rng.choice(ids))
            for item in items
            if rng.random() < 0.4
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    points, created = [], []
    for item in items:
        meeting = item.meeting
        if meeting.state not in (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED) or rng.random() < 0.5:
            continue
        status = rng.choices(ActionPoint.Status.values, weights=(3, 2, 5))[0]
        external = rng.random() < 0.2  # an owner outside the portal, by name only
        points.append(
            ActionPoint(
                meeting=meeting,
                agenda_item=item,
                title=f"Følge opp {item.title.lower()}",
                owner=None if external else rng.choice(people),
                owner_name="Ekstern Eiersen" if external else "",
                due_date=(meeting.starts_at + datetime.timedelta(days=rng.randrange(14, 180))).date(),
                status=status,
                internal=item.internal or rng.random() < 0.1,
                closed_at=meeting.starts_at + datetime.timedelta(days=rng.randrange(7, 120)) if status == "done" else None,
            )
        )
        created.append(meeting.starts_at + datetime.timedelta(hours=2))
    points = ActionPoint.objects.bulk_create(points, batch_size=BATCH)
    _spread_times("meetings_actionpoint", "created", [(p.pk, t) for p, t in zip(points, created, strict=True)])
    _spread_times("meetings_meeting", "created", [(m.pk, m.starts_at - datetime.timedelta(days=30)) for m in meetings])


def generate_plan(measures: int, today: datetime.date) -> None:
    """bench/plan.py's adopted plan (its measures, indicators and a status round), for both served
    municipalities, with this year's indicator values."""
    from django.conf import settings

    from bench.plan import build_plan
    from strategies.models import Indicator, IndicatorValue

    plan = build_plan(measures, title="Strategisk næringsplan for Bærum og Asker")
    plan.municipalities.set(settings.PORTAL_MUNICIPALITIES)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, period_end=datetime.date(today.year, 8, 31), value=Decimal(1300 + indicator.pk))
        for indicator in Indicator.objects.filter(goal__focus_area__plan=plan)
    )


def generate_procurement(rng, notices: int, orgnrs: list[str], officer, now) -> None:
    """bench/procurement_notices.py's notices, a share bought by each served municipality and a share of the
    winners local businesses; a procurement plan with market dialogues held and open."""
    from django.conf import settings

    from bench.procurement_notices import generate as generate_notices
    from procurement.models import (
        DialogueRegistration,
        LotWinner,
        MarketDialogue,
        Notice,
        NoticeBuyer,
        PlannedProcurement,
        ProcurementPlan,
    )

    generate_notices(notices)
    baerum, asker = settings.PROCUREMENT_BUYER_ORGNRS[:2]
    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True))
    for buyer, name, share in ((baerum, "Bærum kommune", 0.12), (asker, "Asker kommune", 0.1)):
        chosen = [pk for pk in ids if rng.random() < share]
        Notice.objects.filter(pk__in=chosen).update(buyer_orgnr=buyer, buyer_name=name)
        NoticeBuyer.objects.filter(notice__in=chosen, position=0).update(orgnr=buyer, name=name)
    winners = list(LotWinner.objects.values_list("pk", flat=True))
    local = [pk for pk in winners if rng.random() < 0.3]
    rows = LotWinner.objects.in_bulk(local)
    for pk in local:
        rows[pk].orgnr = rng.choice(orgnrs)
    LotWinner.objects.bulk_update(rows.values(), ["orgnr"], batch_size=BATCH)

    plan = ProcurementPlan.objects.create(
        title=f"Anskaffelsesplan {now.year}", buyer_name="Bærum kommune", buyer_orgnr=baerum, year=now.year, state="published"
    )
    for n in range(60):
        item = PlannedProcurement.objects.create(
            plan=plan, title=f"Planlagt anskaffelse {n}", cpv_codes=["72000000"], market_dialogue_planned=True
        )
        state = rng.choice(MarketDialogue.State.values[1:])
        held = now - datetime.timedelta(days=rng.randrange(-60, 600))
        dialogue = MarketDialogue.objects.create(
            item=item,
            title=f"Markedsdialog {n}",
            has_conference=True,
            conference_at=held,
            state=state,
            closed_at=held + datetime.timedelta(days=14) if state == "closed" else None,
            created_by=officer,
        )
        DialogueRegistration.objects.bulk_create(
            DialogueRegistration(
                dialogue=dialogue,
                orgnr=orgnr,
                company_name=f"Leverandør {orgnr}",
                contact_name="Kontakt Person",
                email=f"k{orgnr}@bench.example",
            )
            for orgnr in rng.sample(orgnrs, rng.randrange(2, 12))
        )


def describe_data() -> None:
    from businesses.models import Business, Enquiry, Interaction, RedFlag, RegistryEvent
    from meetings.models import ActionPoint, AgendaItem, Meeting
    from procurement.models import LotWinner, MarketDialogue, Notice
    from strategies.models import IndicatorValue, Measure

    def number(model, **filters) -> str:
        return f"{model.objects.filter(**filters).count():,}".replace(",", " ")

    print(
        f"data: {number(Business)} businesses ({number(Business, employees__isnull=True)} without an employee figure), "
        f"{number(RegistryEvent)} registry events, {number(Interaction)} interactions, {number(Enquiry)} enquiries "
        f"({number(Enquiry, first_answered_at__isnull=False)} answered), {number(RedFlag)} red flags, "
        f"{number(Meeting)} meetings ({number(AgendaItem)} agenda items, {number(ActionPoint)} action points), "
        f"{number(Measure)} measures, {number(IndicatorValue)} indicator values, {number(Notice)} notices "
        f"({number(LotWinner)} winners), {number(MarketDialogue)} market dialogues",
        flush=True,
    )


# --- Measuring -----------------------------------------------------------------------------------


def _short(sql: str, width: int = 150) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


class Recorder:
    """An execute wrapper that keeps every statement sent (sql, params, many) and its time."""

    def __init__(self):
        self.statements: list[tuple] = []
        self.times: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append(time.perf_counter() - started)
            self.statements.append((sql, params, many))


def recorded(client, path, **params) -> tuple[Recorder, object]:
    # An execute wrapper, not CaptureQueriesContext: the request_started signal resets the debug query log.
    from django.db import connection

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return recorder, response


def _key(statement) -> tuple:
    sql, params, many = statement
    return sql, repr(params), many


def sections_for(user) -> list:
    """The dashboard's sections that apply to ``user``, in the page's order (as startpage.parts_for picks them)."""
    from portal import startpage

    chosen = (s for s in startpage._sections.values() if s.page == startpage.DASHBOARD)
    return [s for s in sorted(chosen, key=lambda s: (s.order, s.key)) if s.applies_to(user)]


def measure(name: str, user, args) -> None:
    from django.test import Client

    urlconf = importlib.import_module("bench.dashboard")  # the URLconf module, not __main__
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.force_login(user)
    print(f"\n== the dashboard as {name} ({user.email})", flush=True)
    client.get(PAGE)  # warm up: templates, the filter form's choices, the user's roles
    page, response = recorded(client, PAGE)
    middleware, _ = recorded(client, "/bench/bare/")
    # Matched by their SQL: the parameters of the middleware's own statements (the session's expiry) hold the time.
    own = collections.Counter(sql for sql, _, _ in middleware.statements)
    replay = []
    for statement in page.statements:
        if own[statement[0]]:
            own[statement[0]] -= 1  # the bare view's middleware sends this one itself
        else:
            replay.append(statement)
    urlconf.REPLAY[name] = replay
    bare, bare_response = recorded(client, BARE, who=name)
    sent, expected = (collections.Counter(sql for sql, _, _ in r.statements) for r in (bare, page))
    same = sent == expected
    for sql in (sent - expected) + (expected - sent):
        print(f"  {'only in the bare view' if sql in sent - expected else 'only in the page'}: {_short(sql)}")
    print(
        f"SQL queries: {len(page.statements)} (target <= {TARGET_QUERIES}): {len(page.statements) - len(replay)} by the "
        f"middleware, {len(replay)} by the view; page {len(response.content) // 1024} KB; the bare view sent "
        f"{'the same' if same else 'DIFFERENT'} {len(bare.statements)} statements, "
        f"{len(bare_response.content) // 1024} KB of rows as text"
    )
    for (sql, _, _), seconds in zip(page.statements, page.times, strict=True):
        print(f"  {'view' if any(sql == r[0] for r in replay) else 'middleware'} {seconds * 1000:7.2f} ms  {_short(sql, 130)}")
    section_figures(user, args.requests)

    # Page and bare view interleaved, so a slower moment of the machine weighs on both alike.
    walls, bare_walls = [], []
    per_statement = collections.defaultdict(list)
    from django.db import connection

    for _ in range(args.requests):
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            started = time.perf_counter()
            response = client.get(PAGE)
            walls.append(time.perf_counter() - started)
        assert response.status_code == 200
        for (sql, _, _), seconds in zip(recorder.statements, recorder.times, strict=True):
            per_statement[sql].append(seconds)
        started = time.perf_counter()
        response = client.get(BARE, {"who": name})
        bare_walls.append(time.perf_counter() - started)
        assert response.status_code == 200
    p50, p95 = statistics.median(walls) * 1000, percentile(walls, 95) * 1000
    bare_p50, bare_p95 = statistics.median(bare_walls) * 1000, percentile(bare_walls, 95) * 1000
    sql_total = sum(statistics.median(times) for times in per_statement.values()) * 1000
    verdict = "within" if p95 / bare_p95 <= TARGET_RATIO else "OVER"
    print(
        f"page {PAGE}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; bare view of the same queries: p50 {bare_p50:.1f} ms, "
        f"p95 {bare_p95:.1f} ms; ratio p95 {p95 / bare_p95:.2f} x, p50 {p50 / bare_p50:.2f} x ({verdict} the target of "
        f"at most {TARGET_RATIO:.0f}x); the statements' own time (sum of medians) {sql_total:.1f} ms",
        flush=True,
    )
    print("slowest statements (median over the page requests):")
    slowest = sorted(per_statement.items(), key=lambda item: -statistics.median(item[1]))[:6]
    for sql, times in slowest:
        print(f"  {statistics.median(times) * 1000:7.2f} ms  {_short(sql)}")
    if args.explain:
        explain([statement for statement in page.statements if statement[0] in dict(slowest[: args.explain])])
    if args.profile:
        profile(client, args.requests)


def section_figures(user, calls: int) -> None:
    """Per section: its queries (its context run alone), the context's time over ``calls`` calls, its template's."""
    from django.contrib.auth.context_processors import PermWrapper
    from django.db import connection
    from django.template.loader import render_to_string

    from portal.dashboard import DashboardFilters

    filters = DashboardFilters.default()
    print(f"sections (context called {calls} times each; template rendered as many times):")
    total_queries = 0
    for section in sections_for(user):
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            data = section.context(user, filters=filters)
            _read(data)
        total_queries += len(recorder.statements)
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            _read(section.context(user, filters=filters))
            times.append(time.perf_counter() - started)
        context = {"data": data, "filters": filters, "user": user, "perms": PermWrapper(user)}
        renders = []
        for _ in range(calls):
            started = time.perf_counter()
            render_to_string(section.template, context)
            renders.append(time.perf_counter() - started)
        print(
            f"  {section.key}: {len(recorder.statements)} queries; context p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {percentile(times, 95) * 1000:.1f} ms (SQL {sum(recorder.times) * 1000:.1f} ms); "
            f"template p50 {statistics.median(renders) * 1000:.1f} ms"
        )
        for (sql, _, _), seconds in zip(recorder.statements, recorder.times, strict=True):
            print(f"      {seconds * 1000:7.2f} ms  {_short(sql, 130)}")
    print(f"  sections together: {total_queries} queries")


def _read(value) -> None:
    """Evaluate whatever a section hands its template lazily (querysets, generators), as the template would."""
    from django.db.models import QuerySet

    if isinstance(value, dict):
        for item in value.values():
            _read(item)
    elif isinstance(value, QuerySet):
        list(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _read(item)


def explain(statements) -> None:
    """PostgreSQL's plan of each statement as it ran (EXPLAIN ANALYZE, with buffers)."""
    from django.db import connection

    for sql, params, _ in statements:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
        print(f"plan of {_short(sql, 100)}\n{plan}")


def profile(client, requests: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(PAGE)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"profile of {requests} page requests, by cumulative time:")
    stats.sort_stats("cumulative").print_stats(40)
    print("by own time:")
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
