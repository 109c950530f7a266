"""Demo content: the yearly revision (rullering) of the demo plan. Version 1 (adopted April 2021) is revised
into version 2, adopted by the regional council in June 2025, which becomes the current plan: two measures
added, one removed, two reworded, one moved to another goal, one re-assigned, and a few deadlines, budgets and
states changed, so the comparison page has something real to show. Safe to run again: if the plan has a
version 2, nothing is done. Sends no e-mail."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from strategies.models import Goal, Measure, MeasureUpdate, Plan, ResponsibleKind
from strategies.services.plans import adopt_plan
from strategies.services.revisions import revise_plan

OFFICER = "naeringssjef@demo.example"
COUNCIL = "naeringsrad@demo.example"
ADOPTED_ON = datetime.date(2025, 6, 19)

# code → (new title, new description or None): reworded in version 2.
REWORDED = {
    "2.1.3": ("Lærlingeløftet: flere læreplasser og en felles lærlingrådgiver for private bedrifter", None),
    "3.2.1": (
        "Synlig informasjon om regionens opplevelser og arrangementer på Oslo lufthavn og Gardermoen stasjon",
        "Skjermer og plakater i ankomsthallen og på stasjonen, laget sammen med reiselivsbedriftene.",
    ),
}
REMOVED = "2.2.2"  # the yearly job fair, cancelled: taken out of the action programme
MOVED = ("4.2.2", "4.1.3")  # green criteria in procurement, moved to the transport goal (new number)
REASSIGNED = "1.1.3"  # the cluster application: from the regional council to Innovasjon Gardermoen
# code → fields changed in version 2.
CHANGED = {
    "1.1.3": {"deadline": datetime.date(2027, 6, 30)},
    "1.1.2": {"budget": Decimal("1500000")},
    "4.1.1": {"budget": Decimal("6500000"), "deadline": datetime.date(2029, 12, 31)},
    "3.2.1": {"state": Measure.State.IN_PROGRESS, "progress": 10},
}
# (goal's first measure code, code, title, responsible kind, responsible name, deadline, budget): new in version 2.
ADDED = [
    (
        "1.2.1",
        "1.2.3",
        "Næringsvennlig saksbehandling: svar på byggesøknader fra bedrifter innen tre uker",
        ResponsibleKind.MUNICIPALITY,
        "Byggesaksavdelingene i kommunene",
        datetime.date(2027, 12, 31),
        None,
    ),
    (
        "4.1.1",
        "4.1.4",
        "Felles fyllestasjon for biogass og hydrogen ved Gardermoen næringspark",
        ResponsibleKind.ORGANISATION,
        "Innovasjon Gardermoen",
        datetime.date(2028, 12, 31),
        Decimal("2500000"),
    ),
]


def load(users: dict) -> dict[str, int]:
    from strategies.demo import plans

    title = getattr(plans, "TITLE", None)
    first = Plan.objects.filter(title=title, version=1).first() if title else None
    if first is None:
        return {}
    if Plan.objects.filter(lineage=first.lineage, version__gte=2).exists():
        return {"plan_revisions": Plan.objects.filter(lineage=first.lineage).count()}
    if first.state != Plan.State.ADOPTED:
        return {}
    with transaction.atomic():
        _revise(first, users)
    return {"plan_revisions": Plan.objects.filter(lineage=first.lineage).count()}


def _revise(first: Plan, users: dict) -> Plan:
    officer = users.get(OFFICER)
    second = revise_plan(first, by=officer)
    measures = {m.code: m for m in Measure.objects.filter(goal__focus_area__plan=second).select_related("goal")}
    when = timezone.make_aware(datetime.datetime.combine(ADOPTED_ON, datetime.time(12)))

    for code, (title, description) in REWORDED.items():
        measure = measures[code]
        measure.title = title
        fields = ["title"]
        if description is not None:
            measure.description = description
            fields.append("description")
        measure.save(update_fields=fields)

    measures[REMOVED].delete()

    code, new_code = MOVED
    target = measures["4.1.1"].goal
    moved = measures[code]
    moved.goal, moved.code, moved.position = target, new_code, _next_position(target)
    moved.save(update_fields=["goal", "code", "position"])

    reassigned = measures[REASSIGNED]
    reassigned.responsible_kind, reassigned.responsible_name = ResponsibleKind.ORGANISATION, "Innovasjon Gardermoen"
    reassigned.reporter = users.get(COUNCIL) or reassigned.reporter
    reassigned.save(update_fields=["responsible_kind", "responsible_name", "reporter"])

    for code, fields in CHANGED.items():
        measure = measures[code]
        for name, value in fields.items():
            setattr(measure, name, value)
        measure.save(update_fields=list(fields))
        if "state" in fields:
            _history(measure, when, "Oppstart vedtatt i rulleringen 2025.", officer)

    for sibling, code, title, kind, name, deadline, budget in ADDED:
        goal = measures[sibling].goal
        measure = Measure.objects.create(
            goal=goal,
            code=code,
            position=_next_position(goal),
            title=title,
            responsible_kind=kind,
            responsible_name=name,
            start=ADOPTED_ON,
            deadline=deadline,
            budget=budget,
            reporter=officer,
        )
        _history(measure, when, "Nytt tiltak i rulleringen 2025.", officer)

    adopt_plan(second, by=officer, decided_by="Regionrådet for Gardermoregionen", decided_on=ADOPTED_ON, case_number="25/00388")
    return second


def _next_position(goal: Goal) -> int:
    last = goal.measures.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _history(measure: Measure, when, comment: str, by) -> None:
    update = MeasureUpdate.objects.create(measure=measure, state=measure.state, progress=measure.progress, comment=comment, by=by)
    MeasureUpdate.objects.filter(pk=update.pk).update(created=when)
