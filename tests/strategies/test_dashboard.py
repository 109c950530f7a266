"""The plan's dashboard section and the Næringsrapport's plan status (strategies/dashboard.py): every figure
against a fixture with known plans, measures, indicators and status rounds; drafts and names never shown."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from businesses.models import Municipality
from portal import startpage
from portal.dashboard import DashboardFilters, Period
from strategies.dashboard import BEHIND, ON_TRACK, REACHED, figures, indicator_status, plan_figures, plan_status
from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, Plan, StatusReport, StatusRound
from strategies.queries import plan_structure
from strategies.services.rollup import plan_item, roll_up

S = Measure.State
D = Decimal
ZERO, HUNDRED = D(0), D(100)

# What must never reach the dashboard or the report: drafts, plans not in force, names of people.
SECRETS = (
    "Utkast til ny næringsplan",
    "Hemmelig utkasttiltak",
    "Utkastindikator",
    "Gammel næringsplan",
    "Arkivert tiltak",
    "Høringsutkast",
    "Høringstiltak",
    "Ingrid Næringssjef",  # the officer who approved the round
    "Yngve Råd",  # a measure's reporter
)


@pytest.fixture(autouse=True)
def _english():
    """The figures' texts in English (the portal's default language is bokmål)."""
    with translation.override("en"):
        yield


def plan(title, *, state=Plan.State.ADOPTED, start_year=2025, municipalities=(), **fields):
    made = Plan.objects.create(
        title=title,
        owner_name="Bærum kommune",
        start_year=start_year,
        end_year=start_year + 3,
        state=state,
        **fields,
    )
    made.municipalities.set(municipalities)
    return made


def area(plan, title, weight=1):
    return FocusArea.objects.create(plan=plan, title=title, position=plan.focus_areas.count(), weight=weight)


def goal(area, title, weight=1):
    return Goal.objects.create(focus_area=area, title=title, position=area.goals.count(), weight=weight)


def measure(goal, code, title, *, progress=0, state=S.IN_PROGRESS, weight=1, parent=None, position=0, **fields):
    return Measure.objects.create(
        goal=goal,
        parent=parent,
        code=code,
        title=title,
        progress=progress,
        state=state,
        weight=weight,
        position=position,
        **fields,
    )


def indicator(goal, name, values=(), **fields):
    made = Indicator.objects.create(goal=goal, name=name, position=goal.indicators.count(), **fields)
    for period_end, value in values:
        IndicatorValue.objects.create(indicator=made, period_end=period_end, value=value)
    return made


@pytest.fixture
def fixture(personas):
    baerum, asker = Municipality.objects.get(number="3201"), Municipality.objects.get(number="3203")
    main = plan(
        "Næringsplan for Bærum",
        municipalities=[baerum],
        decided_by="Kommunestyret",
        decided_on=datetime.date(2025, 2, 12),
        case_number="25/101",
    )
    land = area(main, "Attraktive næringsarealer", weight=2)
    g1 = goal(land, "Mer næringsareal")
    m1 = measure(g1, "1.1.1", "Kartlegge ledige tomter", progress=40, reporter=personas.council_member)
    measure(g1, "1.1.2", "Ny næringsplan for Fornebu", progress=100, state=S.DONE, weight=2, position=1)
    g2 = goal(land, "Raskere regulering")
    m3 = measure(g2, "1.2.1", "Reguleringsløftet", progress=10)
    measure(g2, "1.2.1.1", "Digital byggesak", progress=50, parent=m3)
    m3b = measure(
        g2,
        "1.2.1.2",
        "Regulering av Fornebu-tomta",
        progress=25,
        state=S.DELAYED,
        weight=3,
        parent=m3,
        position=1,
        state_reason="Venter på reguleringsplanen.",
    )
    measure(g2, "1.2.1.2.1", "Grunnundersøkelser", progress=80, parent=m3b)
    measure(g2, "1.2.1.3", "Skrinlagt delprosjekt", progress=0, state=S.CANCELLED, parent=m3, position=2)
    measure(
        g2, "1.2.2", "Finansiering av næringshage", progress=20, state=S.DELAYED, position=2, state_reason="Mangler finansiering."
    )
    measure(g2, "1.2.3", "Avlyst tiltak", progress=90, state=S.CANCELLED, weight=5, position=3)
    skills = area(main, "Kompetanse")
    g3 = goal(skills, "Flere læreplasser")
    m6 = measure(g3, "2.1.1", "Lærlingløftet", progress=0, state=S.NOT_STARTED)
    measure(g3, "2.1.2", "Karrieredag", progress=100, state=S.DONE, weight=0, position=1)
    goal(skills, "Mål uten tiltak")
    area(main, "Tomt satsingsområde")
    indicator(
        g1,
        "Arbeidsplasser i næringsparkene",
        [(datetime.date(2023, 12, 31), 1100), (datetime.date(2025, 12, 31), 1300)],
        unit="arbeidsplasser",
        baseline=1000,
        baseline_year=2020,
        target=1500,
        target_year=2030,
    )
    indicator(
        g2,
        "Ledige næringstomter",
        [(datetime.date(2024, 12, 31), 195), (datetime.date(2025, 4, 30), D("190.5"))],
        unit="daa",
        baseline=200,
        baseline_year=2022,
        target=100,
        target_year=2026,
    )
    indicator(g3, "Nye bedrifter", [(datetime.date(2024, 12, 31), 55)], unit="bedrifter", target=50, target_year=2028)
    indicator(g3, "Fornøyde bedrifter", unit="%")

    # Status rounds: the latest approved is the second tertial; the open third is not approved yet.
    first = StatusRound.objects.create(
        plan=main, title="1. tertial 2025", period_end=datetime.date(2025, 4, 30), deadline=timezone.now(), state="approved"
    )
    second = StatusRound.objects.create(
        plan=main,
        title="2. tertial 2025",
        period_end=datetime.date(2025, 8, 31),
        deadline=timezone.now(),
        state=StatusRound.State.APPROVED,
        approved_by=personas.officer,
        approved_at=datetime.datetime(2025, 9, 20, 12, tzinfo=datetime.UTC),
        summary="Framdriften er god, men to tiltak er forsinket.",
    )
    StatusRound.objects.create(
        plan=main, title="3. tertial 2025", period_end=datetime.date(2025, 12, 31), deadline=timezone.now()
    )
    StatusReport.objects.create(status_round=first, measure=m1, state=S.IN_PROGRESS, progress=5, submitted_at=timezone.now())
    StatusReport.objects.create(
        status_round=second,
        measure=m1,
        reporter=personas.council_member,
        submitted_by=personas.council_member,
        state=S.IN_PROGRESS,
        progress=20,
        comment="Yngve Råd har kartlagt halvparten.",
        submitted_at=timezone.now(),
    )
    StatusReport.objects.create(status_round=second, measure=m6, reporter=personas.council_member)

    other = plan("Næringsplan for Asker", municipalities=[asker], start_year=2024)
    measure(goal(area(other, "Asker sentrum"), "Levende sentrum"), "1.1.1", "Asker-tiltak", progress=30, state=S.DELAYED)
    plan("Felles regional plan", start_year=2023)  # names no municipality; no focus areas yet

    # Not in force: a draft, an archived revision, a plan on consultation.
    for title, state, task in (
        ("Utkast til ny næringsplan", Plan.State.DRAFT, "Hemmelig utkasttiltak"),
        ("Gammel næringsplan", Plan.State.ARCHIVED, "Arkivert tiltak"),
        ("Høringsutkast", Plan.State.CONSULTATION, "Høringstiltak"),
    ):
        hidden = plan(title, state=state, municipalities=[baerum])
        hidden_goal = goal(area(hidden, f"{title}: område"), f"{title}: mål")
        measure(hidden_goal, "9.9.9", task, progress=10, state=S.DELAYED, state_reason="Hemmelig grunn")
        indicator(hidden_goal, "Utkastindikator", [(datetime.date(2025, 12, 31), 1)], unit="stk", target=2)
    return {"main": main, "other": other}


def filters(chosen: str = "", code: str = "2025") -> DashboardFilters:
    default = DashboardFilters.default()
    return DashboardFilters(
        period=Period.parse(code), municipalities=(chosen,) if chosen else default.municipalities, chosen=chosen
    )


def by_title(plans) -> dict:
    return {plan["title"]: plan for plan in plans}


def test_every_adopted_plan_with_all_municipalities_and_the_chosen_ones_plans_otherwise(fixture):
    assert [plan["title"] for plan in plan_figures(filters())] == [
        "Næringsplan for Bærum",
        "Næringsplan for Asker",
        "Felles regional plan",
    ]
    assert [plan["title"] for plan in plan_figures(filters("3201"))] == ["Næringsplan for Bærum", "Felles regional plan"]
    assert [plan["title"] for plan in plan_figures(filters("3203"))] == ["Næringsplan for Asker", "Felles regional plan"]


def test_progress_per_focus_area_follows_the_plan_pages_rule(fixture):
    main = by_title(plan_figures(filters()))["Næringsplan for Bærum"]
    # Goal 1: (40 × 1 + 100 × 2) / 3 = 80.0. Goal 2: "Regulering av Fornebu-tomta" has a part of its own (80.0);
    # "Reguleringsløftet" = (50 × 1 + 80.0 × 3) / 4 = 72.5 (its own 10 % and its cancelled part left out);
    # with "Finansiering av næringshage": (72.5 + 20) / 2 = 46.25 → 46.3. The focus area: (80.0 + 46.3) / 2 =
    # 63.15 → 63.2. Kompetanse: (0 × 1 + 100 × 0) / 1 = 0.0, the goal without measures left out. The plan:
    # (63.2 × 2 + 0.0 × 1) / 3 = 42.13 → 42.1; the empty focus area is left out.
    assert [(area["title"], area["progress"]) for area in main["focus_areas"]] == [
        ("Attraktive næringsarealer", D("63.2")),
        ("Kompetanse", D("0.0")),
        ("Tomt satsingsområde", None),
    ]
    assert main["progress"] == D("42.1")
    levels = roll_up(plan_item(plan_structure(fixture["main"])))
    assert main["progress"] == levels[("plan", 0)].value
    assert [area["progress"] for area in main["focus_areas"]] == [
        levels[("focus_area", area.pk)].value for area in fixture["main"].focus_areas.order_by("position")
    ]
    assert by_title(plan_figures(filters()))["Næringsplan for Asker"]["progress"] == D("30.0")
    assert by_title(plan_figures(filters()))["Felles regional plan"]["progress"] is None


def test_measures_and_goals_counted_by_state_per_focus_area(fixture):
    main = by_title(plan_figures(filters()))["Næringsplan for Bærum"]
    assert [(area["title"], len(area["goals"]), area["measures"], area["states"]) for area in main["focus_areas"]] == [
        (
            "Attraktive næringsarealer",
            2,
            9,
            {"not_started": 0, "in_progress": 4, "done": 1, "delayed": 2, "cancelled": 2},
        ),
        ("Kompetanse", 2, 2, {"not_started": 1, "in_progress": 0, "done": 1, "delayed": 0, "cancelled": 0}),
        ("Tomt satsingsområde", 0, 0, {"not_started": 0, "in_progress": 0, "done": 0, "delayed": 0, "cancelled": 0}),
    ]
    assert (main["goal_count"], main["measures"], main["state_counts"]) == (4, 11, [1, 4, 2, 2, 2])


def test_delayed_measures_in_the_plans_order_with_their_reason(fixture):
    plans = by_title(plan_figures(filters()))
    m3b = Measure.objects.get(title="Regulering av Fornebu-tomta")
    m4 = Measure.objects.get(title="Finansiering av næringshage")
    assert [
        (measure["code"], measure["title"], measure["area"], measure["reason"], measure["url"])
        for measure in plans["Næringsplan for Bærum"]["delayed"]
    ] == [
        (
            "1.2.1.2",
            "Regulering av Fornebu-tomta",
            "Attraktive næringsarealer",
            "Venter på reguleringsplanen.",
            f"/strategi/tiltak/{m3b.pk}/",
        ),
        (
            "1.2.2",
            "Finansiering av næringshage",
            "Attraktive næringsarealer",
            "Mangler finansiering.",
            f"/strategi/tiltak/{m4.pk}/",
        ),
    ]
    assert [measure["title"] for measure in plans["Næringsplan for Asker"]["delayed"]] == ["Asker-tiltak"]
    assert figures(AnonymousUser(), filters=filters())["delayed"] == 3
    assert figures(AnonymousUser(), filters=filters("3201"))["delayed"] == 2


def test_indicators_against_their_targets(fixture):
    main = by_title(plan_figures(filters()))["Næringsplan for Bærum"]
    assert [
        (
            row["name"],
            row["latest_value"],
            row["latest_end"],
            row["target"],
            row["target_year"],
            row["baseline"],
            row["baseline_year"],
            row["unit"],
            row["status"],
        )
        for row in main["indicators"]
    ] == [
        # The line from 1000 (end of 2020) to 1500 (end of 2030) stands at 1250 at the end of 2025: 1300 is on track.
        (
            "Arbeidsplasser i næringsparkene",
            D("1300"),
            datetime.date(2025, 12, 31),
            D("1500"),
            2030,
            D("1000"),
            2020,
            "arbeidsplasser",
            ON_TRACK,
        ),
        # Lower is better: from 200 (end of 2022) to 100 (end of 2026) the line stands at 141.75 on 30 April 2025.
        ("Ledige næringstomter", D("190.5"), datetime.date(2025, 4, 30), D("100"), 2026, D("200"), 2022, "daa", BEHIND),
        ("Nye bedrifter", D("55"), datetime.date(2024, 12, 31), D("50"), 2028, None, None, "bedrifter", REACHED),
        ("Fornøyde bedrifter", None, None, None, None, None, None, "%", None),
    ]


def test_indicator_status_at_the_edges():
    def status(latest, latest_end=datetime.date(2025, 12, 31), baseline=ZERO, target=HUNDRED, first=2020, last=2030):
        return indicator_status(
            {
                "baseline": baseline,
                "baseline_year": first,
                "target": target,
                "target_year": last,
                "latest_value": latest,
                "latest_end": latest_end,
            }
        )

    # Halfway through 2020–2030 on 31 December 2025 (1826 of 3652 days): exactly on the line is on track.
    assert status(D(50)) == ON_TRACK
    assert status(D("49.99")) == BEHIND
    assert status(D(100)) == REACHED
    assert status(D(1), latest_end=datetime.date(2019, 6, 30)) == ON_TRACK  # before the baseline: the line is at 0
    assert status(D(99), latest_end=datetime.date(2031, 6, 30)) == BEHIND  # past the target year: the whole way
    assert status(D(50), baseline=None) is None  # no line without a baseline
    assert status(D(50), first=None) is None
    assert status(D(50), last=2020) is None
    assert status(D(50), target=None) is None
    assert status(None) is None
    assert status(D(60), baseline=D(100), target=D(50)) == ON_TRACK  # lower is better: the line is at 75
    assert status(D(80), baseline=D(100), target=D(50)) == BEHIND
    assert status(D(50), baseline=D(100), target=D(50)) == REACHED


def test_the_section_reads_in_two_queries_however_many_measures(fixture, django_assert_num_queries):
    with django_assert_num_queries(2):
        figures(AnonymousUser(), filters=filters())
    extra = Goal.objects.get(title="Flere læreplasser")
    for n in range(40):
        parent = measure(extra, f"3.{n}", f"Ekstra {n}", progress=n, state=S.DELAYED if n % 4 == 0 else S.IN_PROGRESS)
        measure(extra, f"3.{n}.1", f"Del {n}", progress=50, parent=parent)
        indicator(extra, f"Ekstra indikator {n}", [(datetime.date(2024, 12, 31), n), (datetime.date(2025, 12, 31), n + 1)])
    with django_assert_num_queries(2):
        data = figures(AnonymousUser(), filters=filters())
    assert data["delayed"] == 13


def test_the_same_figures_as_the_plan_page_for_any_structure(fixture):
    """Random plans (nested measures, cancelled ones, weights with decimals and zeros) give the plan page's figures."""
    rng = random.Random(14)
    weights = [D(0), D("0.1"), D("0.35"), D(1), D("1.5"), D(2), D("7.25")]
    for round_number in range(3):
        made = plan(f"Tilfeldig plan {round_number}", start_year=2000 + round_number)
        for a in range(rng.randint(1, 4)):
            focus_area = area(made, f"Område {a}", weight=rng.choice(weights))
            for g in range(rng.randint(0, 3)):
                target = goal(focus_area, f"Mål {g}", weight=rng.choice(weights))
                made_measures = []
                for n in range(rng.randint(0, 12)):
                    parent = rng.choice([None, None, *made_measures]) if made_measures else None
                    made_measures.append(
                        measure(
                            target,
                            f"{a}.{g}.{n}",
                            f"Tiltak {n}",
                            progress=rng.randint(0, 100),
                            state=rng.choice(S.values),
                            weight=rng.choice(weights),
                            parent=parent,
                            position=n,
                        )
                    )
        figures_of = by_title(plan_figures(filters()))[made.title]
        levels = roll_up(plan_item(plan_structure(made)))
        assert figures_of["progress"] == levels[("plan", 0)].value
        assert [area["progress"] for area in figures_of["focus_areas"]] == [
            levels[("focus_area", focus_area.pk)].value for focus_area in made.focus_areas.order_by("position", "pk")
        ]


def render(template: str, data: dict, *, pdf=False, language="en") -> str:
    with translation.override(language):
        return render_to_string(template, {"data": data, "pdf": pdf})


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_section_shows_the_plans_figures_and_links_to_the_public_pages(fixture):
    html = render("strategies/dashboard/figures.html", figures(AnonymousUser(), filters=filters()))
    main = fixture["main"]
    text = text_of(html)
    assert '<section id="strategies-figures" class="dashboard-section" aria-labelledby="strategies-figures-heading">' in html
    assert "The strategic business plan" in text
    assert f'<a class="ds-link" href="/strategi/{main.pk}/">Næringsplan for Bærum</a>' in html
    assert "The plan's progress: 42.1 %, from 11 measures." in text
    assert "2 measures are delayed." in text
    assert "One measure is delayed." in text
    assert "Felles regional plan (2023–2026) The plan's progress is not defined yet. No measures are delayed." in text
    m4 = Measure.objects.get(title="Finansiering av næringshage")
    assert f'<a class="ds-link" href="/strategi/tiltak/{m4.pk}/">1.2.2 Finansiering av næringshage</a>' in html
    area_pk = main.focus_areas.get(position=0).pk
    assert f'href="/strategi/{main.pk}/#area-{area_pk}"' in html  # the chart's table links each focus area
    assert "Arbeidsplasser i næringsparkene 1,300 (2025) 1,500 (2030) 1,000 (2020) arbeidsplasser On track" in text
    assert "Ledige næringstomter 190.5 (30.04.2025) 100 (2026) 200 (2022) daa Behind" in text
    assert "Nye bedrifter 55 (2024) 50 (2028) – bedrifter Target reached" in text
    assert "Fornøyde bedrifter – – – % Not known" in text
    assert "Every adopted plan of the portal." in text
    for secret in SECRETS:
        assert secret not in html
    for language in ("en", "nb"):
        html = render("strategies/dashboard/figures.html", figures(AnonymousUser(), filters=filters("3201")), language=language)
        for secret in SECRETS:
            assert secret not in html


def test_the_section_in_the_report_links_nowhere(fixture):
    html = render("strategies/dashboard/figures.html", figures(AnonymousUser(), filters=filters("3201")), pdf=True)
    assert "<a " not in html
    assert (
        "The adopted plans that include Bærum, and the plans that name no municipality (they cover the whole portal)."
        in text_of(html)
    )


def test_the_dashboard_names_the_first_delayed_measures_and_points_to_the_plan_for_the_rest(fixture):
    extra = Goal.objects.get(title="Flere læreplasser")
    for n in range(25):
        measure(extra, f"4.{n}", f"Forsinket {n}", state=S.DELAYED, position=10 + n)
    html = render("strategies/dashboard/figures.html", figures(AnonymousUser(), filters=filters("3201")))
    assert "27 measures are delayed." in text_of(html)
    assert "The first 20 of 27 are named here; the plan page shows every measure." in text_of(html)
    assert "Forsinket 17" in html and "Forsinket 18" not in html


def test_no_plan_in_force_says_so(fixture):
    Plan.objects.filter(state=Plan.State.ADOPTED).update(state=Plan.State.ARCHIVED)
    html = render("strategies/dashboard/figures.html", figures(AnonymousUser(), filters=filters()))
    assert "No adopted plan is in force for this choice." in html


def test_the_report_gives_the_plans_status_with_the_latest_approved_round(fixture, django_assert_num_queries):
    # Two for the figures, one for the rounds, four for the approved round's report (its reports and the plan's structure).
    with django_assert_num_queries(7):
        data = plan_status(AnonymousUser(), filters=filters())
    main = by_title(data["plans"])["Næringsplan for Bærum"]
    assert main["round"] == {
        "title": "2. tertial 2025",
        "period_end": datetime.date(2025, 8, 31),
        "approved_on": datetime.datetime(2025, 9, 20, 12, tzinfo=datetime.UTC),
        "summary": "Framdriften er god, men to tiltak er forsinket.",
        "counts": {"total": 2, "submitted": 1, "missing": 1},
        # As reported in the round: "Kartlegge ledige tomter" at 20 %: goal 1 (20 + 200) / 3 = 73.3, the focus
        # area (73.3 + 46.3) / 2 = 59.8, the plan (59.8 × 2 + 0.0) / 3 = 39.9.
        "progress": D("39.9"),
    }
    assert [area["round_progress"] for area in main["focus_areas"]] == [D("59.8"), D("0.0"), None]
    assert by_title(data["plans"])["Næringsplan for Asker"]["round"] is None


def test_the_report_section_is_print_friendly_and_names_no_person(fixture):
    data = plan_status(AnonymousUser(), filters=filters())
    html = render("strategies/dashboard/plan_status.html", data, pdf=True)
    text = text_of(html)
    assert "<a " not in html and "<form" not in html
    assert '<h2 id="strategies-plan-status-heading">The plan&#x27;s status</h2>' in html
    assert re.findall(r"<h3>(.*?)</h3>", html) == [
        "Næringsplan for Bærum (2025–2028)",
        "Næringsplan for Asker (2024–2027)",
        "Felles regional plan (2023–2026)",
    ]
    assert "Adopted by Kommunestyret on 12 Feb 2025, case 25/101." in text
    assert "Focus area Goals Measures Not started In progress Done Delayed Cancelled Progress Progress in 2. tertial 2025" in text
    assert "Attraktive næringsarealer 2 9 0 4 1 2 2 63.2 % 59.8 %" in text
    assert "Kompetanse 2 2 1 0 1 0 0 0.0 % 0.0 %" in text
    assert "Tomt satsingsområde 0 0 0 0 0 0 0 – –" in text
    assert "The whole plan 4 11 1 4 2 2 2 42.1 % 39.9 %" in text
    assert "2 delayed measures: Næringsplan for Bærum" in text
    assert "One delayed measure: Næringsplan for Asker" in text
    assert "1.2.1.2 Regulering av Fornebu-tomta Attraktive næringsarealer Venter på reguleringsplanen." in text
    assert "1.2.2 Finansiering av næringshage Attraktive næringsarealer Mangler finansiering." in text
    assert (
        "The latest approved status round is 2. tertial 2025 (the period ending 31 Aug 2025, approved on 20 Sep 2025): "
        "1 of 2 reports submitted." in text
    )
    assert "Framdriften er god, men to tiltak er forsinket." in text
    assert "The plan has no approved status round yet." in text
    assert "Yngve Råd har kartlagt" not in text  # a reporter's comment is not the report's
    for language in ("en", "nb"):
        html = render("strategies/dashboard/plan_status.html", data, pdf=True, language=language)
        for secret in SECRETS:
            assert secret not in html


def test_the_sections_are_registered_on_the_dashboard_and_the_report(fixture, personas):
    dashboard = {part.key: part for part in startpage.parts_for(startpage.DASHBOARD, personas.politician, filters=filters())}
    assert dashboard["strategies.figures"].data["heading"] == "The strategic business plan"
    report = {part.key: part for part in startpage.parts_for(startpage.REPORT, AnonymousUser(), filters=filters())}
    assert report["strategies.plan_status"].template == "strategies/dashboard/plan_status.html"


def test_the_dashboard_page_shows_the_section(fixture, client_for):
    response = client_for("politician").get("/oversikt/?periode=2025&kommune=3201")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="strategies-figures"' in html
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_section_passes_axe_in_both_languages(page_for, personas, fixture, language):
    from tests.browser import WCAG_21_AA, _axe, describe, log_in

    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_url("**")
    response = page.goto("/oversikt/?periode=2025")
    assert response.status == 200
    assert page.locator("#strategies-figures h2").count() == 1
    results = _axe.run(
        page,
        context="#strategies-figures",
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    assert results.response["violations"] == [], describe(results.response["violations"])
