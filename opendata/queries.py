"""The API's reads, each built on its app's own public query: what anonymous visitors may see, no more.

Never ``Model.objects.all()`` where the app has a visibility rule: the rule lives in the app's ``queries`` and
is used from here, so a change to it reaches the API too.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, CharField, Count, DateTimeField, F, Prefetch, Q, QuerySet, Value, When

from businesses.models import Business
from meetings.models import Meeting, Visibility
from meetings.queries import agenda_for, public_action_points, public_meetings
from procurement.models import Lot, LotWinner, Notice, NoticeBuyer, NoticeCpv, PlannedProcurement
from procurement.queries import LIST_FIELDS, expired_by_deadline, main_cpv_code
from procurement.queries import visible_items as visible_procurement_items
from procurement.queries import visible_plans as visible_procurement_plans
from strategies.models import Plan
from strategies.queries import plan_structure, visible_measures, visible_plans
from strategies.services.rollup import plan_item, roll_up

PUBLIC = AnonymousUser()


def latest(*values):
    """The latest of some times (None ignored); None if there are none."""
    found = [value for value in values if value is not None]
    return max(found) if found else None


# --- Businesses ------------------------------------------------------------------------------------------


def registry_businesses() -> QuerySet[Business]:
    """Every business in the registry, as its public page shows it (sole proprietorships included: their
    register data is public in Enhetsregisteret; the serializer leaves out their address). The list's filter
    narrows it to the served municipalities."""
    return Business.objects.select_related("municipality", "organisation_form")


# --- Meetings -------------------------------------------------------------------------------------------


def api_meetings() -> QuerySet[Meeting]:
    """The public meetings, with the series' name where the series is public too."""
    series_name = Case(When(series__visibility=Visibility.PUBLIC, then=F("series__name")), default=None, output_field=CharField())
    return public_meetings().annotate(public_series_name=series_name).order_by("starts_at", "pk")


def public_minutes(meeting: Meeting) -> dict | None:
    """The published minutes of a public meeting as anyone may read them: the items that are not internal,
    with their decisions, and the public action points, without their owners. None until published."""
    if meeting.state != Meeting.State.MINUTES_PUBLISHED:
        return None
    items = agenda_for(meeting, inner_circle=False).order_by("position").values("position", "title", "decision")
    points = (
        public_action_points(meeting.action_points.all())
        .order_by("due_date", "pk")
        .values("title", "due_date", "status", agenda_item_position=F("agenda_item__position"))
    )
    return {"published_at": meeting.minutes_published_at, "agenda_items": list(items), "action_points": list(points)}


# --- Strategic business plans -------------------------------------------------------------------------


def api_plans() -> QuerySet:
    """Plans out of draft (on consultation, adopted, archived), newest first; ``public_previous`` is the revision
    a plan was made from, unless that is a draft."""
    previous = Case(When(previous__state=Plan.State.DRAFT, then=None), default=F("previous_id"))
    return (
        visible_plans(PUBLIC)
        .annotate(public_previous=previous)
        .prefetch_related("municipalities")
        .order_by("-start_year", "title", "-version", "pk")
    )


def plan_tree(plan) -> dict:
    """The plan's focus areas → goals → measures with their progress as the plan page rolls it up, as plain
    data. Three queries."""
    structure = plan_structure(plan)
    levels = roll_up(plan_item(structure))

    def figure(kind, pk):
        return levels[(kind, pk)].value

    areas = []
    for area in structure:
        goals = []
        for goal in area.goals.all():
            measures = list(goal.measures.all())
            # Parts right after the measure they belong to, as the page lists them.
            children: dict = {}
            for measure in measures:
                children.setdefault(measure.parent_id, []).append(measure)
            ordered = []

            def visit(parent_id, ordered=ordered, children=children):
                for measure in children.get(parent_id, ()):
                    ordered.append(measure)
                    visit(measure.pk)

            visit(None)
            goals.append(
                {
                    "id": goal.pk,
                    "title": goal.title,
                    "description": goal.description,
                    "weight": goal.weight,
                    "progress": figure("goal", goal.pk),
                    "measures": [
                        {
                            "id": m.pk,
                            "parent": m.parent_id,
                            "code": m.code,
                            "title": m.title,
                            "description": m.description,
                            "responsible_kind": m.responsible_kind,
                            "responsible_name": m.responsible_name,
                            "responsible_orgnr": m.responsible_orgnr,
                            "start": m.start,
                            "deadline": m.deadline,
                            "budget": m.budget,
                            "state": m.state,
                            "progress": m.progress,
                            "weight": m.weight,
                            "rolled_up_progress": figure("measure", m.pk),
                        }
                        for m in ordered
                    ],
                }
            )
        areas.append(
            {
                "id": area.pk,
                "title": area.title,
                "description": area.description,
                "weight": area.weight,
                "progress": figure("focus_area", area.pk),
                "goals": goals,
            }
        )
    return {"progress": figure("plan", 0), "focus_areas": areas}


def api_measures() -> QuerySet:
    """Measures of the plans out of draft, in the plans' order."""
    return visible_measures(PUBLIC).order_by(
        "goal__focus_area__plan_id",
        "goal__focus_area__position",
        "goal__focus_area_id",
        "goal__position",
        "goal_id",
        "position",
        "pk",
    )


# --- Procurement ------------------------------------------------------------------------------------


# The demo's invented notices are marked in their stored hit, as the notice page marks them.
DEMO = Case(When(raw___demo=True, then=Value(True)), default=Value(False), output_field=BooleanField())


def api_notices() -> QuerySet[Notice]:
    """Every mirrored Doffin notice (all are public) with what a list row needs; the filter orders them."""
    return Notice.objects.only(*LIST_FIELDS, "updated").annotate(main_cpv=main_cpv_code(), demo=DEMO)


def api_notice_details() -> QuerySet[Notice]:
    """Notices with their buyers, lots, winners and direct CPV codes, in a fixed number of queries;
    ``expired_at`` is the deadline of an open notice that reads as expired since (``current_status``), else None."""
    winners = LotWinner.objects.order_by("position", "pk")
    expired_at = Case(When(expired_by_deadline(), then=F("deadline")), default=None, output_field=DateTimeField())
    return (
        Notice.objects.defer("raw")
        .annotate(main_cpv=main_cpv_code(), demo=DEMO, expired_at=expired_at)
        .prefetch_related(
            Prefetch("buyers", queryset=NoticeBuyer.objects.order_by("position", "pk")),
            Prefetch(
                "lots", queryset=Lot.objects.order_by("position", "pk").prefetch_related(Prefetch("winners", queryset=winners))
            ),
            Prefetch("cpv", queryset=NoticeCpv.objects.filter(direct=True).order_by("pk"), to_attr="direct_cpv"),
        )
    )


def api_procurement_plans() -> QuerySet:
    """Published procurement plans, with how many of their items are not cancelled."""
    not_cancelled = ~Q(items__state=PlannedProcurement.State.CANCELLED)
    return (
        visible_procurement_plans(PUBLIC)
        .annotate(item_count=Count("items", filter=not_cancelled))
        .order_by("-year", "title", "pk")
    )


def api_planned_procurements() -> QuerySet:
    """Items of the published procurement plans."""
    return visible_procurement_items(PUBLIC).order_by(
        "plan__year", "plan_id", F("planned_announcement").asc(nulls_last=True), "pk"
    )
