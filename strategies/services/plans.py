"""Writes of plans and their structure: adopting and archiving, focus areas, goals, measures and their
history, milestones, weights. Every change that matters to accountability goes to the activity log."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from portal.services import log_activity
from strategies.models import FocusArea, Goal, Measure, MeasureUpdate, Milestone, Plan
from strategies.services.reports import schedule_plan_pdfs


class PlanStateError(Exception):
    """The plan's state does not allow the change (e.g. an archived plan is read-only)."""

    def __init__(self, message: str, plan: Plan | None = None):
        super().__init__(message)
        self.plan = plan


def _changed(plan: Plan) -> None:
    """The plan's PDFs (overview and status reports) show what just changed: make them again after the commit."""
    schedule_plan_pdfs(plan)


def check_editable(plan: Plan) -> None:
    if plan.state == Plan.State.ARCHIVED:
        raise PlanStateError(_("The plan is archived and can no longer be changed."), plan)


# --- Plans ---------------------------------------------------------------------------------


@transaction.atomic
def save_plan(plan: Plan, *, by, municipalities=None) -> Plan:
    """Create or change a plan's heading: owner, period, summary, decision."""
    new = plan.pk is None
    if not new:
        check_editable(plan)
    if new:
        plan.created_by = by if by and by.is_authenticated else None
    plan.save()
    if municipalities is not None:
        plan.municipalities.set(municipalities)
    log_activity(
        plan, actor=by, action="strategies.plan_created" if new else "strategies.plan_changed", data={"title": plan.title}
    )
    _changed(plan)
    return plan


@transaction.atomic
def adopt_plan(plan: Plan, *, by, decided_by: str, decided_on, case_number: str) -> list[Plan]:
    """Record the adopting decision and archive the revision of the same lineage adopted before it.

    Returns the revisions archived. Adopting an adopted plan again is a no-op; an archived one cannot be adopted.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == Plan.State.ADOPTED:
        return []
    check_editable(plan)
    earlier = list(Plan.objects.select_for_update().filter(lineage=plan.lineage, state=Plan.State.ADOPTED).exclude(pk=plan.pk))
    for old in earlier:
        old.state = Plan.State.ARCHIVED
        old.save(update_fields=["state", "updated"])
        log_activity(old, actor=by, action="strategies.plan_archived", data={"replaced_by": plan.pk})
    plan.state = Plan.State.ADOPTED
    plan.decided_by, plan.decided_on, plan.case_number = decided_by, decided_on, case_number
    plan.save(update_fields=["state", "decided_by", "decided_on", "case_number", "updated"])
    log_activity(
        plan,
        actor=by,
        action="strategies.plan_adopted",
        data={"decided_by": decided_by, "decided_on": decided_on.isoformat(), "case_number": case_number},
    )
    _changed(plan)
    return earlier


@transaction.atomic
def archive_plan(plan: Plan, *, by) -> bool:
    """Archive a plan (read-only from then on). A repeat is a no-op (returns False)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == Plan.State.ARCHIVED:
        return False
    previous = plan.state
    plan.state = Plan.State.ARCHIVED
    plan.save(update_fields=["state", "updated"])
    log_activity(plan, actor=by, action="strategies.plan_archived", data={"from": previous})
    return True


# --- Structure -----------------------------------------------------------------------------


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def save_focus_area(area: FocusArea, *, by) -> FocusArea:
    check_editable(area.plan)
    new = area.pk is None
    if new:
        area.position = _next_position(area.plan.focus_areas.all())
    area.save()
    log_activity(area, actor=by, action=f"strategies.focus_area_{'created' if new else 'changed'}", data={"title": area.title})
    _changed(area.plan)
    return area


@transaction.atomic
def delete_focus_area(area: FocusArea, *, by) -> None:
    check_editable(area.plan)
    log_activity(area.plan, actor=by, action="strategies.focus_area_deleted", data={"title": area.title, "pk": area.pk})
    area.delete()
    _changed(area.plan)


@transaction.atomic
def save_goal(goal: Goal, *, by) -> Goal:
    check_editable(goal.focus_area.plan)
    new = goal.pk is None
    if new:
        goal.position = _next_position(goal.focus_area.goals.all())
    goal.save()
    log_activity(goal, actor=by, action=f"strategies.goal_{'created' if new else 'changed'}", data={"title": goal.title})
    _changed(goal.focus_area.plan)
    return goal


@transaction.atomic
def delete_goal(goal: Goal, *, by) -> None:
    check_editable(goal.focus_area.plan)
    log_activity(goal.focus_area.plan, actor=by, action="strategies.goal_deleted", data={"title": goal.title, "pk": goal.pk})
    goal.delete()
    _changed(goal.focus_area.plan)


# What of a measure is logged when it changes.
ACCOUNTABLE_FIELDS = ("state", "progress", "responsible_kind", "responsible_name", "responsible_orgnr", "weight")


def _snapshot(measure: Measure) -> dict:
    return {name: str(getattr(measure, name)) for name in ACCOUNTABLE_FIELDS}


@transaction.atomic
def save_measure(measure: Measure, *, by, businesses=None, meetings=None, action_points=None, comment: str = "") -> Measure:
    """Create or change a measure. A new measure, or a change of its state or progress, writes a MeasureUpdate."""
    check_editable(measure.goal.focus_area.plan)
    new = measure.pk is None
    before = None if new else _snapshot(Measure.objects.get(pk=measure.pk))
    if new:
        measure.position = _next_position(measure.goal.measures.all())
    measure.save()
    for name, values in (("businesses", businesses), ("meetings", meetings), ("action_points", action_points)):
        if values is not None:
            getattr(measure, name).set(values)
    after = _snapshot(measure)
    if new or before["state"] != after["state"] or before["progress"] != after["progress"]:
        MeasureUpdate.objects.create(
            measure=measure, state=measure.state, progress=measure.progress, comment=comment, by=_actor(by)
        )
    if new:
        log_activity(measure, actor=by, action="strategies.measure_created", data=after)
    else:
        changes = {name: [before[name], after[name]] for name in ACCOUNTABLE_FIELDS if before[name] != after[name]}
        log_activity(measure, actor=by, action="strategies.measure_changed", data=changes)
    _changed(measure.goal.focus_area.plan)
    return measure


@transaction.atomic
def update_measure_status(measure: Measure, *, by, state: str, progress: int, comment: str = "", status_round=None) -> bool:
    """Record a measure's state and progress (with a comment) in its history. Returns False for a repeat
    (same state and progress, no comment), which changes nothing."""
    check_editable(measure.goal.focus_area.plan)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.state == state and measure.progress == progress and not comment:
        return False
    before = {"state": measure.state, "progress": measure.progress}
    measure.state, measure.progress = state, progress
    measure.save(update_fields=["state", "progress", "updated"])
    MeasureUpdate.objects.create(
        measure=measure, state=state, progress=progress, comment=comment, status_round=status_round, by=_actor(by)
    )
    log_activity(
        measure,
        actor=by,
        action="strategies.measure_status_updated",
        data={"from": before, "to": {"state": state, "progress": progress}, "comment": comment},
    )
    _changed(measure.goal.focus_area.plan)
    return True


@transaction.atomic
def delete_measure(measure: Measure, *, by) -> None:
    check_editable(measure.goal.focus_area.plan)
    log_activity(
        measure.goal.focus_area.plan,
        actor=by,
        action="strategies.measure_deleted",
        data={"code": measure.code, "title": measure.title, "pk": measure.pk},
    )
    plan = measure.goal.focus_area.plan
    measure.delete()
    _changed(plan)


@transaction.atomic
def save_milestone(milestone: Milestone, *, by) -> Milestone:
    check_editable(milestone.measure.goal.focus_area.plan)
    new = milestone.pk is None
    milestone.save()
    log_activity(
        milestone.measure,
        actor=by,
        action=f"strategies.milestone_{'created' if new else 'changed'}",
        data={"title": milestone.title, "due": milestone.due.isoformat()},
    )
    _changed(milestone.measure.goal.focus_area.plan)
    return milestone


@transaction.atomic
def set_weights(plan: Plan, weights: dict[tuple[str, int], Decimal], *, by) -> dict:
    """Save the weights of the plan's focus areas, goals and measures in one go (keys ("focus_area"|"goal"|
    "measure", pk), all of this plan: the caller's form only offers those). Returns the changes, logged."""
    check_editable(plan)
    models = {"focus_area": FocusArea, "goal": Goal, "measure": Measure}
    changes: dict[str, list[str]] = {}
    for kind, model in models.items():
        wanted = {pk: Decimal(value) for (k, pk), value in weights.items() if k == kind}
        changed = []
        for row in model.objects.filter(pk__in=wanted):
            if row.weight != wanted[row.pk]:
                changes[f"{kind}:{row.pk}"] = [str(row.weight), str(wanted[row.pk])]
                row.weight = wanted[row.pk]
                changed.append(row)
        if changed:
            model.objects.bulk_update(changed, ["weight"])
    if changes:
        log_activity(plan, actor=by, action="strategies.weights_changed", data=changes)
        _changed(plan)
    return changes


def _actor(by):
    return by if by is not None and by.is_authenticated else None
