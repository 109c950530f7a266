"""Builders for the plans tests: a plan with focus areas, goals and measures."""

from strategies.models import FocusArea, Goal, Measure, Milestone, Plan


def make_plan(*, state=Plan.State.ADOPTED, title="Næringsplan for Testkommune", **fields) -> Plan:
    fields.setdefault("owner_kind", Plan.OwnerKind.MUNICIPALITY)
    fields.setdefault("owner_name", "Testkommune")
    fields.setdefault("start_year", 2024)
    fields.setdefault("end_year", 2028)
    return Plan.objects.create(title=title, state=state, **fields)


def make_area(plan: Plan, title="Kompetanse", **fields) -> FocusArea:
    return FocusArea.objects.create(plan=plan, title=title, position=plan.focus_areas.count(), **fields)


def make_goal(area: FocusArea, title="Flere læreplasser", **fields) -> Goal:
    return Goal.objects.create(focus_area=area, title=title, position=area.goals.count(), **fields)


def make_measure(goal: Goal, title="Tiltak", **fields) -> Measure:
    count = goal.measures.count()
    fields.setdefault("code", f"1.1.{count + 1}")
    return Measure.objects.create(goal=goal, title=title, position=count, **fields)


def make_structure(plan: Plan, measures: int = 2) -> dict:
    area = make_area(plan)
    goal = make_goal(area)
    made = [
        make_measure(goal, title=f"Tiltak {n}", progress=20 * n, state=Measure.State.IN_PROGRESS) for n in range(1, measures + 1)
    ]
    milestone = Milestone.objects.create(measure=made[0], title="Oppstartsmøte", due="2025-03-01")
    return {"plan": plan, "area": area, "goal": goal, "measures": made, "milestone": milestone}
