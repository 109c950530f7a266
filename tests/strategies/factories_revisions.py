"""Builders for the revision tests: an adopted plan with every kind of row a revision copies."""

import datetime
from decimal import Decimal

from django.utils import timezone

from meetings.models import ActionPoint, Meeting, Visibility
from strategies.models import (
    FocusArea,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Milestone,
    Plan,
    ResponsibleKind,
)
from tests.factories import MunicipalityFactory


def make_plan(*, state=Plan.State.ADOPTED, title="Strategisk næringsplan for Gardermoregionen", **fields) -> Plan:
    fields.setdefault("decided_on", datetime.date(2021, 4, 22) if state == Plan.State.ADOPTED else None)
    return Plan.objects.create(
        title=title,
        owner_kind=Plan.OwnerKind.REGION,
        owner_name="Gardermoregionen",
        start_year=2021,
        end_year=2030,
        state=state,
        decided_by="Regionrådet" if state == Plan.State.ADOPTED else "",
        **fields,
    )


def add_measures(goal: Goal, count: int, *, start: int = 0) -> list[Measure]:
    return Measure.objects.bulk_create(
        Measure(goal=goal, code=f"9.{start + n}", title=f"Ekstra tiltak {start + n}", position=100 + start + n)
        for n in range(count)
    )


def make_full_plan(officer, business) -> dict:
    """An adopted plan: 2 focus areas, 3 goals, 4 measures (one nested), 2 milestones, 2 indicators with 3 values,
    links to a business, a meeting and an action point, 2 measure updates and 1 member municipality."""
    plan = make_plan()
    plan.municipalities.add(MunicipalityFactory(number="3209", name="Ullensaker"))
    a1 = FocusArea.objects.create(plan=plan, position=0, title="Attraktiv region", weight=2)
    a2 = FocusArea.objects.create(plan=plan, position=1, title="Kompetanse")
    g1 = Goal.objects.create(focus_area=a1, position=0, title="Flere arbeidsplasser")
    g2 = Goal.objects.create(focus_area=a1, position=1, title="Mer besøk")
    g3 = Goal.objects.create(focus_area=a2, position=0, title="Riktig kompetanse")
    m1 = Measure.objects.create(
        goal=g1,
        code="1.1.1",
        position=0,
        title="Etablere et felles næringsnettverk",
        description="Nettverk for bedriftene i regionen",
        responsible_kind=ResponsibleKind.BUSINESS_COUNCIL,
        responsible_name="Næringsrådet",
        reporter=officer,
        deadline=datetime.date(2023, 12, 31),
        budget=Decimal("250000"),
        state=Measure.State.IN_PROGRESS,
        progress=40,
    )
    m2 = Measure.objects.create(goal=g1, parent=m1, code="1.1.1.a", position=1, title="Nettverksmøter to ganger i året")
    m3 = Measure.objects.create(goal=g2, code="1.2.1", position=0, title="Felles reiselivsportal", budget=Decimal("100000"))
    m4 = Measure.objects.create(goal=g3, code="2.1.1", position=0, title="Kartlegge kompetansebehov")
    Milestone.objects.create(measure=m1, title="Første møte", due=datetime.date(2022, 3, 1), reached_on=datetime.date(2022, 3, 2))
    Milestone.objects.create(measure=m3, title="Portalen lansert", due=datetime.date(2023, 6, 1))
    meeting = Meeting.objects.create(
        title="Dialogmøte 1/2022",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        organiser=officer,
        visibility=Visibility.PUBLIC,
    )
    action_point = ActionPoint.objects.create(meeting=meeting, title="Følge opp nettverket", owner_name="Næringsrådet")
    m1.businesses.add(business)
    m1.meetings.add(meeting)
    m1.action_points.add(action_point)
    first = MeasureUpdate.objects.create(measure=m1, state="in_progress", progress=20, comment="I gang", by=officer)
    MeasureUpdate.objects.filter(pk=first.pk).update(created=datetime.datetime(2022, 1, 10, 12, tzinfo=datetime.UTC))
    MeasureUpdate.objects.create(measure=m1, state="in_progress", progress=40, comment="Halvveis", by=officer)
    i1 = Indicator.objects.create(goal=g1, name="Arbeidsplasser", unit="jobs", baseline=Decimal("1000"), baseline_year=2020)
    Indicator.objects.create(goal=g3, name="Lærlinger", unit="persons")
    IndicatorValue.objects.create(indicator=i1, period_end=datetime.date(2021, 12, 31), value=Decimal("1010"))
    IndicatorValue.objects.create(indicator=i1, period_end=datetime.date(2022, 12, 31), value=Decimal("1030"), comment="SSB")
    IndicatorValue.objects.create(indicator=i1, period_end=datetime.date(2023, 12, 31), value=Decimal("1055"), automatic=True)
    return {
        "plan": plan,
        "areas": (a1, a2),
        "goals": (g1, g2, g3),
        "measures": (m1, m2, m3, m4),
        "meeting": meeting,
        "action_point": action_point,
    }
