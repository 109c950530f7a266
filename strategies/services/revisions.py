"""Revisions (rullering): copying an adopted plan into a draft revision of the same lineage.

Every copied row keeps its ``key``, so two revisions are compared row by row (strategies/diff.py).
The draft is edited like any plan; adopting it (services.plans.adopt_plan) archives the revision before it.

What goes along: the focus areas, goals, measures (nesting kept), milestones, the links to businesses,
meetings and action points, the member municipalities, the indicators with the values measured so far,
and each measure's history. A revision carries its history with it so that the current revision's pages,
charts and PDFs tell the whole story on their own; the revision it was copied from is left untouched, the
record of what was adopted then. Status rounds and consultations stay with the revision they were held on.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from portal.services import log_activity
from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, MeasureUpdate, Milestone, Plan

# A revision not yet adopted: the lineage may have only one at a time.
IN_PROGRESS = (Plan.State.DRAFT, Plan.State.CONSULTATION)


class RevisionError(Exception):
    """The plan cannot be revised now (not adopted, or a revision is already being prepared)."""

    def __init__(self, message: str, plan: Plan):
        super().__init__(message)
        self.plan = plan


def revision_in_progress(revisions) -> Plan | None:
    """The draft (or on-consultation) revision among a lineage's revisions, if there is one."""
    return next((p for p in revisions if p.state in IN_PROGRESS), None)


@transaction.atomic
def revise_plan(plan: Plan, *, by) -> Plan:
    """Copy the adopted ``plan`` into a new draft revision (version + 1, previous = plan) and return it.

    Refuses (RevisionError) unless the plan is adopted and its lineage has no revision in progress. One
    transaction and a fixed number of queries, however large the plan: one bulk insert per model.
    """
    # Lock the lineage, so two officers pressing "Revise" at once cannot make two drafts.
    lineage = list(Plan.objects.select_for_update().filter(lineage=plan.lineage).order_by("version"))
    plan = next(p for p in lineage if p.pk == plan.pk)
    if plan.state != Plan.State.ADOPTED:
        raise RevisionError(_("Only an adopted plan can be revised."), plan)
    draft = revision_in_progress(lineage)
    if draft is not None:
        raise RevisionError(
            _("Revision %(version)s is already being prepared; finish or delete it first.") % {"version": draft.version},
            plan,
        )
    version = max(p.version for p in lineage) + 1
    revision = Plan.objects.create(
        title=plan.title,
        summary=plan.summary,
        owner_kind=plan.owner_kind,
        owner_name=plan.owner_name,
        start_year=plan.start_year,
        end_year=plan.end_year,
        state=Plan.State.DRAFT,
        lineage=plan.lineage,
        previous=plan,
        version=version,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    revision.municipalities.set(plan.municipalities.all())
    counts = _copy_structure(plan, revision)
    log_activity(
        revision,
        actor=by,
        action="strategies.plan_revised",
        data={"from": plan.pk, "from_version": plan.version, "version": version, **counts},
    )
    return revision


def _copy_structure(plan: Plan, revision: Plan) -> dict[str, int]:
    areas = {
        old.pk: FocusArea(
            plan=revision,
            key=old.key,
            position=old.position,
            title=old.title,
            description=old.description,
            weight=old.weight,
        )
        for old in FocusArea.objects.filter(plan=plan)
    }
    FocusArea.objects.bulk_create(areas.values())

    goals = {
        old.pk: Goal(
            focus_area=areas[old.focus_area_id],
            key=old.key,
            position=old.position,
            title=old.title,
            description=old.description,
            weight=old.weight,
        )
        for old in Goal.objects.filter(focus_area__plan=plan)
    }
    Goal.objects.bulk_create(goals.values())

    old_measures = list(Measure.objects.filter(goal__focus_area__plan=plan))
    copied = {
        old.pk: Measure(goal=goals[old.goal_id], **{name: getattr(old, name) for name in MEASURE_FIELDS}) for old in old_measures
    }
    Measure.objects.bulk_create(copied.values())
    # The nesting: a parent is in the same plan, so it has its copy now; one UPDATE for all of them.
    nested = []
    for old in old_measures:
        if old.parent_id is not None:
            copied[old.pk].parent = copied[old.parent_id]
            nested.append(copied[old.pk])
    if nested:
        Measure.objects.bulk_update(nested, ["parent"])

    Milestone.objects.bulk_create(
        Milestone(measure=copied[old.measure_id], title=old.title, due=old.due, reached_on=old.reached_on)
        for old in Milestone.objects.filter(measure__goal__focus_area__plan=plan)
    )
    for name in ("businesses", "meetings", "action_points"):
        through = getattr(Measure, name).through
        target = getattr(Measure, name).field.m2m_reverse_field_name()
        rows = through.objects.filter(measure__goal__focus_area__plan=plan).values_list("measure_id", f"{target}_id")
        through.objects.bulk_create(through(measure_id=copied[m].pk, **{f"{target}_id": other}) for m, other in rows)

    # The history goes along with the measures; created is set by the database on insert, so put it back.
    old_updates = list(MeasureUpdate.objects.filter(measure__goal__focus_area__plan=plan))
    updates = [
        MeasureUpdate(
            measure=copied[u.measure_id],
            state=u.state,
            progress=u.progress,
            comment=u.comment,
            status_round_id=u.status_round_id,
            by_id=u.by_id,
        )
        for u in old_updates
    ]
    MeasureUpdate.objects.bulk_create(updates)
    for update, old in zip(updates, old_updates, strict=True):
        update.created = old.created
    if updates:
        MeasureUpdate.objects.bulk_update(updates, ["created"])

    indicators = {
        old.pk: Indicator(goal=goals[old.goal_id], **{name: getattr(old, name) for name in INDICATOR_FIELDS})
        for old in Indicator.objects.filter(goal__focus_area__plan=plan)
    }
    Indicator.objects.bulk_create(indicators.values())
    values = IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicators[v.indicator_id],
            period_end=v.period_end,
            value=v.value,
            comment=v.comment,
            automatic=v.automatic,
            entered_by_id=v.entered_by_id,
        )
        for v in IndicatorValue.objects.filter(indicator__goal__focus_area__plan=plan)
    )
    return {
        "focus_areas": len(areas),
        "goals": len(goals),
        "measures": len(copied),
        "indicators": len(indicators),
        "indicator_values": len(values),
    }


MEASURE_FIELDS = (
    "key",
    "code",
    "position",
    "title",
    "description",
    "responsible_kind",
    "responsible_name",
    "responsible_orgnr",
    "reporter_id",
    "partners",
    "start",
    "deadline",
    "budget",
    "state",
    "progress",
    "state_reason",
    "weight",
)
INDICATOR_FIELDS = (
    "key",
    "name",
    "description",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "source",
    "source_sector",
    "position",
)
