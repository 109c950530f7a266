"""Small builders for the status-round tests: an adopted plan with focus areas, goals and measures."""

import datetime

from django.utils import timezone

from strategies.models import FocusArea, Goal, Measure, Plan


def make_plan(*, state=Plan.State.ADOPTED, title="Strategisk næringsplan for Gardermoregionen") -> Plan:
    return Plan.objects.create(
        title=title, owner_kind=Plan.OwnerKind.REGION, owner_name="Gardermoregionen", start_year=2026, end_year=2029, state=state
    )


def make_measure(plan: Plan, *, area: str = "Attraktiv region", goal: str = "Flere arbeidsplasser", **fields) -> Measure:
    focus_area, _ = FocusArea.objects.get_or_create(plan=plan, title=area)
    goal_obj, _ = Goal.objects.get_or_create(focus_area=focus_area, title=goal)
    count = Measure.objects.filter(goal__focus_area__plan=plan).count()
    fields.setdefault("title", f"Tiltak {count + 1}")
    fields.setdefault("code", f"1.1.{count + 1}")
    return Measure.objects.create(goal=goal_obj, **fields)


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)
