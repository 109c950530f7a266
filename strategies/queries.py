"""Reusable reads of the strategic business plan and per-user visibility: plans, consultations, status rounds,
indicators, revisions."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.queries import user_roles
from portal.roles import Role
from strategies.diff import FocusAreaRow, GoalRow, MeasureRow, PlanSnapshot
from strategies.models import (
    Consultation,
    ConsultationResponse,
    FocusArea,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Milestone,
    Plan,
    ResponseAttachment,
    StatusReport,
    StatusRound,
)

# --- Plans ------------------------------------------------------------------


# Who reads drafts (strategies.view_plan): the team, the chief executive's office, the business council.
DRAFT_READERS = frozenset({Role.OFFICER, Role.ADMINISTRATOR, Role.CHIEF_EXECUTIVE, Role.COUNCIL_MEMBER})


def reads_drafts(user) -> bool:
    return user.is_authenticated and bool(user_roles(user) & DRAFT_READERS)


def visible_plans(user) -> QuerySet[Plan]:
    """Plans out of draft for everyone; drafts too for the team, the chief executive's office and the council."""
    plans = Plan.objects.all()
    return plans if reads_drafts(user) else plans.exclude(state=Plan.State.DRAFT)


def visible_focus_areas(user) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(plan__in=visible_plans(user).values("pk")).select_related("plan")


def visible_goals(user) -> QuerySet[Goal]:
    return Goal.objects.filter(focus_area__plan__in=visible_plans(user).values("pk")).select_related("focus_area__plan")


def visible_measures(user) -> QuerySet[Measure]:
    return Measure.objects.filter(goal__focus_area__plan__in=visible_plans(user).values("pk")).select_related(
        "goal__focus_area__plan"
    )


def visible_milestones(user) -> QuerySet[Milestone]:
    return Milestone.objects.filter(measure__goal__focus_area__plan__in=visible_plans(user).values("pk")).select_related(
        "measure__goal__focus_area__plan"
    )


def plan_structure(plan: Plan) -> list[FocusArea]:
    """The plan's focus areas → goals → measures in three queries, however many measures there are."""
    measures = Measure.objects.select_related("reporter").order_by("position", "pk")
    goals = Goal.objects.order_by("position", "pk").prefetch_related(Prefetch("measures", queryset=measures))
    return list(plan.focus_areas.order_by("position", "pk").prefetch_related(Prefetch("goals", queryset=goals)))


# Links from other pages (a business's timeline, a meeting) go to the plans in force, not to archived revisions.
NOT_LINKED = (Plan.State.DRAFT, Plan.State.ARCHIVED)


def public_measures_naming(business) -> QuerySet[Measure]:
    """Measures of public plans in force (out on consultation or adopted) that name the business."""
    return Measure.objects.filter(businesses=business).exclude(goal__focus_area__plan__state__in=NOT_LINKED)


def measures_linked_to_meeting(meeting, user) -> QuerySet[Measure]:
    """Measures the user may see that name the meeting or one of its action points (archived revisions left out)."""
    from django.db.models import Q

    direct = Measure.objects.filter(Q(meetings=meeting) | Q(action_points__meeting=meeting)).values("pk")
    measures = visible_measures(user).filter(pk__in=direct)
    return measures.exclude(goal__focus_area__plan__state=Plan.State.ARCHIVED).order_by("code", "pk")


# --- Consultations -----------------------------------------------------


def manages_plans(user) -> bool:
    return user.is_authenticated and user.has_perm("strategies.manage_plans")


def with_open_state(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Annotate ``is_open``: published and the deadline not passed (now, in Python, so tests may freeze time)."""
    now = timezone.now()
    is_open = Q(published_at__isnull=False, deadline__gt=now)
    return consultations.annotate(is_open=ExpressionWrapper(is_open, output_field=BooleanField()))


def visible_consultations(user) -> QuerySet[Consultation]:
    """Published consultations for everyone; every consultation for the team (officers, administrators)."""
    consultations = Consultation.objects.all()
    if not manages_plans(user):
        consultations = consultations.filter(published_at__isnull=False)
    return with_open_state(consultations).select_related("plan")


def plan_consultations(plan: Plan, user) -> QuerySet[Consultation]:
    """The plan's consultations the user may see, with the number of responses: one query."""
    return visible_consultations(user).filter(plan=plan).annotate(response_count=Count("responses")).order_by("-deadline", "-pk")


def visible_responses(user) -> QuerySet[ConsultationResponse]:
    """The team sees every response; anyone else a response once its deadline has passed, unless it is exempt."""
    responses = ConsultationResponse.objects.select_related("consultation__plan")
    if manages_plans(user):
        return responses
    return responses.filter(consultation__published_at__isnull=False, consultation__deadline__lte=timezone.now(), exempt=False)


def visible_response_attachments(user) -> QuerySet[ResponseAttachment]:
    return ResponseAttachment.objects.filter(response__in=visible_responses(user).values("pk"))


# --- Status rounds ------------------------------------------------------------


def open_reports_for(user) -> QuerySet[StatusReport]:
    """The user's reports in open status rounds: the soonest deadline first, missing reports first within a round."""
    if not user.is_authenticated:
        return StatusReport.objects.none()
    return (
        StatusReport.objects.filter(reporter=user, status_round__state=StatusRound.State.OPEN)
        .select_related("status_round__plan", "measure")
        .order_by(
            "status_round__deadline",
            "status_round_id",
            F("submitted_at").asc(nulls_first=True),
            "measure__code",
            "measure_id",
        )
    )


# --- Indicators -----------------------------------------------------------


def visible_indicators(user) -> QuerySet[Indicator]:
    """Indicators of the plans the user may see."""
    return Indicator.objects.filter(goal__focus_area__plan__in=visible_plans(user).values("pk")).select_related(
        "goal__focus_area__plan"
    )


def visible_indicator_values(user) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__in=visible_indicators(user).values("pk")).select_related(
        "indicator__goal__focus_area__plan"
    )


def plan_goals_with_indicators(plan: Plan) -> list[Goal]:
    """The plan's goals in order, each with its indicators and their values (period order) prefetched:
    three queries however many goals, indicators and values there are."""
    values = IndicatorValue.objects.order_by("period_end")
    indicators = Indicator.objects.order_by("position", "pk").prefetch_related(Prefetch("values", queryset=values))
    return list(
        Goal.objects.filter(focus_area__plan=plan)
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


# --- Revisions -------------------------------------------------------------


def lineage_revisions(plan: Plan, user) -> QuerySet[Plan]:
    """The revisions of the plan's lineage the user may see, oldest first."""
    return visible_plans(user).filter(lineage=plan.lineage).order_by("version")


def plan_snapshots(*plans: Plan) -> dict[int, PlanSnapshot]:
    """Each plan's focus areas, goals and measures as plain rows for strategies.diff: three queries for all of them."""
    pks = [plan.pk for plan in plans]
    areas = {pk: [] for pk in pks}
    goals = {pk: [] for pk in pks}
    measures = {pk: [] for pk in pks}
    for row in FocusArea.objects.filter(plan__in=pks).order_by("position", "pk").values("plan_id", "key", "title", "position"):
        areas[row.pop("plan_id")].append(FocusAreaRow(**row))
    for row in (
        Goal.objects.filter(focus_area__plan__in=pks)
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
        .values("focus_area__plan_id", "key", "focus_area__key", "title", "position")
    ):
        plan_id = row.pop("focus_area__plan_id")
        goals[plan_id].append(GoalRow(focus_area_key=row.pop("focus_area__key"), **row))
    fields = ("key", "title", "code", "description", "responsible_kind", "responsible_name", "responsible_orgnr")
    for row in (
        Measure.objects.filter(goal__focus_area__plan__in=pks)
        .order_by("goal__focus_area__position", "goal__focus_area_id", "goal__position", "goal_id", "position", "pk")
        .values(
            *fields,
            "deadline",
            "budget",
            "state",
            "position",
            "goal__focus_area__plan_id",
            "goal__key",
            "parent__key",
            "reporter__name",
            "reporter__email",
        )
    ):
        measures[row["goal__focus_area__plan_id"]].append(
            MeasureRow(
                goal_key=row["goal__key"],
                parent_key=row["parent__key"],
                reporter=row["reporter__name"] or row["reporter__email"] or "",
                deadline=row["deadline"],
                budget=row["budget"],
                state=row["state"],
                position=row["position"],
                **{name: row[name] for name in fields},
            )
        )
    return {pk: PlanSnapshot(tuple(areas[pk]), tuple(goals[pk]), tuple(measures[pk])) for pk in pks}
