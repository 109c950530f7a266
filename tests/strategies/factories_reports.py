"""A small known plan for the report and spreadsheet tests: two focus areas, three goals, five measures
(one nested, one delayed with a reason), one indicator with values, an approved and an open round."""

import datetime
from decimal import Decimal

from django.utils import timezone

from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, Plan, StatusReport, StatusRound

DELAY_REASON = "Reguleringsplanen ble forsinket av innsigelse fra fylket."


def build_plan(*, state=Plan.State.DRAFT, title="Strategisk næringsplan for Testregionen") -> Plan:
    plan = Plan.objects.create(
        title=title,
        owner_kind=Plan.OwnerKind.REGION,
        owner_name="Testregionen",
        start_year=2026,
        end_year=2029,
        state=state,
        decided_by="Regionrådet" if state != Plan.State.DRAFT else "",
        decided_on=datetime.date(2026, 1, 20) if state != Plan.State.DRAFT else None,
        case_number="26/101" if state != Plan.State.DRAFT else "",
    )
    area1 = FocusArea.objects.create(plan=plan, position=1, title="Areal og infrastruktur")
    area2 = FocusArea.objects.create(plan=plan, position=2, title="Kompetanse og rekruttering", weight=Decimal(2))
    goal11 = Goal.objects.create(focus_area=area1, position=1, title="Nok næringsareal")
    goal12 = Goal.objects.create(focus_area=area1, position=2, title="God kollektivdekning")
    goal21 = Goal.objects.create(focus_area=area2, position=1, title="Flere fagarbeidere")
    m1 = Measure.objects.create(
        goal=goal11,
        position=1,
        code="1.1.1",
        title="Kartlegge ledige næringsarealer",
        description="Oversikt over regulerte arealer.",
        responsible_kind="municipality",
        responsible_name="Plan og bygg",
        partners="Eiendomsmeglere\nGrunneiere",
        start=datetime.date(2026, 2, 1),
        deadline=datetime.date(2026, 12, 31),
        budget=Decimal(150000),
        state="in_progress",
        progress=40,
        weight=Decimal(1),
    )
    Measure.objects.create(
        goal=goal11,
        position=2,
        code="1.1.2",
        title="Regulere Nordåsen næringspark",
        responsible_kind="regional_council",
        responsible_name="Regionrådet",
        deadline=datetime.date(2026, 6, 30),
        state="delayed",
        progress=20,
        state_reason=DELAY_REASON,
        weight=Decimal(2),
    )
    Measure.objects.create(
        goal=goal11, position=3, code="1.1.1.1", title="Registrere arealer i kartløsning", parent=m1, state="done", progress=100
    )
    Measure.objects.create(
        goal=goal12,
        position=1,
        code="1.2.1",
        title="Bedre bussruter til næringsområdene",
        responsible_kind="county",
        responsible_name="Ruter",
        state="not_started",
        progress=0,
    )
    Measure.objects.create(
        goal=goal21,
        position=1,
        code="2.1.1",
        title="Lærlingløftet",
        responsible_kind="business",
        responsible_name="DESINTRYGG AS",
        responsible_orgnr="925321141",
        state="in_progress",
        progress=50,
        budget=Decimal(80000),
    )
    indicator = Indicator.objects.create(
        goal=goal21, name="Nye lærekontrakter", unit="kontrakter", baseline=Decimal(40), target=Decimal(80)
    )
    IndicatorValue.objects.create(indicator=indicator, period_end=datetime.date(2025, 12, 31), value=Decimal(44))
    IndicatorValue.objects.create(
        indicator=indicator, period_end=datetime.date(2026, 12, 31), value=Decimal(51), comment="Foreløpig tall"
    )
    return plan


def build_round(plan: Plan, *, approved: bool, by=None, title="2. tertial 2026") -> StatusRound:
    status_round = StatusRound.objects.create(
        plan=plan,
        title=title,
        period_end=datetime.date(2026, 8, 31),
        deadline=timezone.now() + datetime.timedelta(days=7),
        opened_by=by,
    )
    now = timezone.now()
    for measure in Measure.objects.filter(goal__focus_area__plan=plan).order_by("code"):
        delayed = measure.code == "1.1.2"
        StatusReport.objects.create(
            status_round=status_round,
            measure=measure,
            reporter=by,
            state="delayed" if delayed else measure.state,
            progress=measure.progress,
            comment=DELAY_REASON if delayed else f"Rapport for {measure.code}",
            submitted_at=now,
            submitted_by=by,
        )
    if approved:
        status_round.state = StatusRound.State.APPROVED
        status_round.approved_by = by
        status_round.approved_at = datetime.datetime(2026, 9, 15, 10, 0, tzinfo=datetime.UTC)
        status_round.save()
    return status_round
