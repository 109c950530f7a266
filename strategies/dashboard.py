"""What the strategic business plan contributes to the dashboard (/oversikt/) and the Næringsrapport.
Registered from StrategiesConfig.ready().

The plans in force are the adopted ones: public (``visible_plans`` of an anonymous visitor), never a
draft, never an archived revision. With one municipality chosen, the plans that name it among their
municipalities and the plans that name none; with all chosen, every adopted plan of the portal.

``plan_figures`` reads everything in two queries, however many plans, measures and indicators:

1. the plans with their focus areas, goals and indicators, each indicator's latest value by a subquery;
2. the measures grouped in the database by goal and parent: the measures that count as they are
   (those without parts of their own that are not cancelled: "leaves") collapse into a count per
   state and the sums Σ progress × weight and Σ weight per group; only measures with parts and
   delayed measures come back one row each.

Progress is the plan page's rule (``strategies.services.rollup``), to the same figure: a leaf's
figure is its own progress, so a group of leaves enters its parent's weighted mean through those two
sums, and each level is rounded to one decimal, half up, before the level above uses it.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, DecimalField, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import startpage
from portal.charts import HORIZONTAL_BAR, Chart, Series
from portal.dashboard import DashboardFilters
from strategies.charts import format_number
from strategies.models import IndicatorValue, Measure, Plan, StatusRound
from strategies.queries import visible_plans
from strategies.services.rollup import Term, round_half_up, weighted_mean

STATES = Measure.State
STATE_VALUES = tuple(STATES.values)
# Sums of progress × weight: room for any number of measures, two decimals (the weights' own). SQLite sums
# in floating point; rounding to the two decimals the exact sum has makes it exact again.
SUM_FIELD = DecimalField(max_digits=30, decimal_places=2)
# Delayed measures the dashboard names per plan; the report names every one.
DELAYED_SHOWN = 20

# How an indicator stands against its target.
REACHED, ON_TRACK, BEHIND = "reached", "on_track", "behind"


def url_of(name: str):
    """A page's address by its pk, with one reverse() for all of them (a dashboard may link hundreds)."""
    sentinel = 987654321
    pattern = reverse(name, kwargs={"pk": sentinel})
    return lambda pk: pattern.replace(str(sentinel), str(pk))


def plans_in_force(filters: DashboardFilters) -> QuerySet[Plan]:
    """The adopted plans the filters cover (public: drafts and archived revisions are never included)."""
    plans = visible_plans(AnonymousUser()).filter(state=Plan.State.ADOPTED)
    if filters.chosen:
        plans = plans.filter(Q(municipalities=filters.chosen) | Q(municipalities__isnull=True))
    return plans


def indicator_status(indicator: dict) -> str | None:
    """REACHED when the latest value has reached the target; otherwise ON_TRACK when it is at least where a
    straight line from the baseline (at the end of its year) to the target (at the end of its year) stands
    at the latest value's date, BEHIND when not. For a target below the baseline, lower is better. None
    (not known) without a target or a value, or without the baseline and both years for the line."""
    baseline, target, latest = indicator["baseline"], indicator["target"], indicator["latest_value"]
    if target is None or latest is None:
        return None
    rising = baseline is None or target >= baseline

    def at_least(value, mark) -> bool:
        return value >= mark if rising else value <= mark

    if at_least(latest, target):
        return REACHED
    first, last = indicator["baseline_year"], indicator["target_year"]
    if baseline is None or first is None or last is None or last <= first:
        return None
    start, end = datetime.date(first, 12, 31), datetime.date(last, 12, 31)
    elapsed = min(max((indicator["latest_end"] - start).days, 0), (end - start).days)
    expected = baseline + (target - baseline) * Decimal(elapsed) / Decimal((end - start).days)
    return ON_TRACK if at_least(latest, expected) else BEHIND


def _structure(plan_ids: QuerySet) -> dict[int, dict]:
    """Query 1: the plans → focus areas → goals → indicators, in the plan's order."""
    indicator = "focus_areas__goals__indicators__"
    latest = IndicatorValue.objects.filter(indicator=OuterRef(f"{indicator}pk")).order_by("-period_end", "-pk")
    rows = (
        Plan.objects.filter(pk__in=plan_ids)
        .order_by(
            "-start_year",
            "title",
            "pk",
            "focus_areas__position",
            "focus_areas__pk",
            "focus_areas__goals__position",
            "focus_areas__goals__pk",
            f"{indicator}position",
            f"{indicator}pk",
        )
        .values(
            "pk",
            "title",
            "start_year",
            "end_year",
            "decided_by",
            "decided_on",
            "case_number",
            "focus_areas__pk",
            "focus_areas__title",
            "focus_areas__weight",
            "focus_areas__goals__pk",
            "focus_areas__goals__weight",
            f"{indicator}pk",
            f"{indicator}name",
            f"{indicator}unit",
            f"{indicator}baseline",
            f"{indicator}baseline_year",
            f"{indicator}target",
            f"{indicator}target_year",
        )
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_end=Subquery(latest.values("period_end")[:1]))
    )
    plans: dict[int, dict] = {}
    indicator_url = url_of("strategies:indicator")
    for row in rows:
        plan = plans.get(row["pk"])
        if plan is None:
            url = reverse("strategies:plan", kwargs={"pk": row["pk"]})
            plan = plans[row["pk"]] = {
                **{
                    name: row[name]
                    for name in ("pk", "title", "start_year", "end_year", "decided_by", "decided_on", "case_number")
                },
                "url": url,
                "areas": {},
                "goals": {},
                "indicators": [],
                "delayed": [],
            }
        area_pk = row["focus_areas__pk"]
        if area_pk is None:
            continue
        if area_pk not in plan["areas"]:
            plan["areas"][area_pk] = {
                "pk": area_pk,
                "title": row["focus_areas__title"],
                "weight": row["focus_areas__weight"],
                "url": f"{plan['url']}#area-{area_pk}",
                "goals": [],
                "states": dict.fromkeys(STATE_VALUES, 0),
            }
        goal_pk = row["focus_areas__goals__pk"]
        if goal_pk is None:
            continue
        if goal_pk not in plan["goals"]:
            plan["goals"][goal_pk] = {"pk": goal_pk, "weight": row["focus_areas__goals__weight"], "area": area_pk}
            plan["areas"][area_pk]["goals"].append(goal_pk)
        if row[f"{indicator}pk"] is not None:
            found = {
                name: row[f"{indicator}{name}"]
                for name in ("pk", "name", "unit", "baseline", "baseline_year", "target", "target_year")
            }
            found |= {"latest_value": row["latest_value"], "latest_end": row["latest_end"]}
            found |= {
                "status": indicator_status(found),
                # As the indicator page writes them ("12 500,5" in bokmål): in the language the section is read in.
                "shown": {name: format_number(found[name]) for name in ("latest_value", "target", "baseline")},
                "url": indicator_url(found["pk"]),
                "latest_is_year": bool(found["latest_end"] and (found["latest_end"].month, found["latest_end"].day) == (12, 31)),
            }
            plan["indicators"].append(found)
    return plans


def _measure_groups(plan_ids: QuerySet):
    """Query 2: the measures grouped by goal and parent (see the module's docstring)."""
    active = ~Q(state=STATES.CANCELLED)
    # Parts in the same goal that are not cancelled (the plan page's tree is built per goal).
    has_parts = Exists(Measure.objects.filter(parent=OuterRef("pk"), goal=OuterRef("goal")).exclude(state=STATES.CANCELLED))
    one_row = Q(state=STATES.DELAYED) | (active & Q(has_parts=True))
    states = {f"state_{state}": Count("pk", filter=Q(state=state)) for state in STATE_VALUES}
    return (
        Measure.objects.filter(goal__focus_area__plan__in=plan_ids)
        .annotate(has_parts=has_parts)
        .annotate(alone=Case(When(one_row, then=F("pk")), default=None, output_field=IntegerField()))
        .values("goal_id", "parent_id", "alone", "has_parts")
        .annotate(
            **states,
            # has_parts is grouped on: these sums count only in the groups of leaves.
            weight_sum=Sum("weight", filter=active, output_field=SUM_FIELD),
            weighted_sum=Sum(F("progress") * F("weight"), filter=active, output_field=SUM_FIELD),
            weight=Max("weight"),
            progress=Max("progress"),
            state=Max("state"),
            position=Max("position"),
            code=Max("code"),
            title=Max("title"),
            reason=Max("state_reason"),
        )
        .order_by()
    )


def _level(sums: tuple[Decimal, Decimal]) -> Decimal | None:
    weighted, weights = sums
    return round_half_up(weighted / weights) if weights else None


def plan_figures(filters: DashboardFilters) -> list[dict]:
    """The plans in force with their progress (the plan's and per focus area), their measures counted by
    state per focus area, their delayed measures and their indicators against the targets: two queries."""
    plan_ids = plans_in_force(filters).values("pk")
    plans = _structure(plan_ids)
    measure_url = url_of("strategies:measure")
    goal_plan = {goal: plan for plan in plans.values() for goal in plan["goals"]}
    # (goal, parent) → [Σ progress × weight, Σ weight] of its leaves; parent None: the goal's own measures.
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    # (goal, parent) → its measures with parts (pk, weight), which enter with their own rolled-up figure.
    inner: dict[tuple, list[tuple[int, Decimal]]] = defaultdict(list)
    order = {
        goal: (area_index, goal_index)
        for plan in plans.values()
        for area_index, area in enumerate(plan["areas"].values())
        for goal_index, goal in enumerate(area["goals"])
    }
    for row in _measure_groups(plan_ids):
        plan = goal_plan.get(row["goal_id"])
        if plan is None:  # a goal added between the two queries
            continue
        area = plan["areas"][plan["goals"][row["goal_id"]]["area"]]
        for state in STATE_VALUES:
            area["states"][state] += row[f"state_{state}"]
        key = (row["goal_id"], row["parent_id"])
        if row["has_parts"]:
            if row["alone"] is not None:  # not cancelled: cancelled ones are left out with their parts
                inner[key].append((row["alone"], row["weight"]))
        elif row["weight_sum"] is not None:
            sums[key][0] += row["weighted_sum"]
            sums[key][1] += row["weight_sum"]
        if row["state"] == STATES.DELAYED and row["alone"] is not None:
            plan["delayed"].append(
                {
                    "pk": row["alone"],
                    "code": row["code"],
                    "title": row["title"],
                    "reason": row["reason"],
                    "area": area["title"],
                    "order": (*order[row["goal_id"]], row["position"], row["alone"]),
                    "url": measure_url(row["alone"]),
                }
            )

    def level(goal: int, parent: int | None) -> Decimal | None:
        weighted, weights = sums.get((goal, parent), (Decimal(0), Decimal(0)))
        for pk, weight in inner.get((goal, parent), ()):
            value = level(goal, pk)
            if value is not None:
                weighted, weights = weighted + value * weight, weights + weight
        return _level((weighted, weights))

    result = []
    for plan in plans.values():
        area_terms = []
        for area in plan["areas"].values():
            goal_terms = []
            for goal_pk in area["goals"]:
                value = level(goal_pk, None)
                if value is not None:
                    goal_terms.append(Term(key=("goal", goal_pk), value=value, weight=Decimal(plan["goals"][goal_pk]["weight"])))
            area["progress"] = weighted_mean(goal_terms)
            area["measures"] = sum(area["states"].values())
            area["state_counts"] = [area["states"][state] for state in STATE_VALUES]
            if area["progress"] is not None:
                area_terms.append(Term(key=("focus_area", area["pk"]), value=area["progress"], weight=Decimal(area["weight"])))
        areas = list(plan["areas"].values())
        delayed = sorted(plan.pop("delayed"), key=lambda measure: measure["order"])
        result.append(
            {
                **{name: value for name, value in plan.items() if name not in ("areas", "goals")},
                "progress": weighted_mean(area_terms),
                "focus_areas": areas,
                "states": {state: sum(area["states"][state] for area in areas) for state in STATE_VALUES},
                "state_counts": [sum(area["states"][state] for area in areas) for state in STATE_VALUES],
                "measures": sum(area["measures"] for area in areas),
                "goal_count": len(plan["goals"]),
                "delayed": delayed,
                "chart": _progress_chart(plan, areas) if areas else None,
            }
        )
    return result


def _progress_chart(plan: dict, areas: list[dict]) -> Chart:
    return Chart(
        key=f"plan-{plan['pk']}-progress",
        title=_("Progress per focus area: %(plan)s") % {"plan": plan["title"]},
        labels=tuple(area["title"] for area in areas),
        series=(Series(_("Progress (%)"), tuple(area["progress"] for area in areas)),),
        unit="%",
        kind=HORIZONTAL_BAR,
        links=tuple(area["url"] for area in areas),  # adopted plans are public: anyone may follow them
    )


def _coverage(filters: DashboardFilters) -> dict:
    return {"all_served": filters.all_served, "municipality": filters.municipality_label}


def figures(user, *, filters: DashboardFilters) -> dict:
    """The dashboard's figures of the plan (two queries): progress per focus area, delayed measures,
    indicators against their targets."""
    plans = plan_figures(filters)
    return {
        "heading": _("The strategic business plan"),
        "anchor": "strategies-figures",
        "plans": plans,
        "delayed": sum(len(plan["delayed"]) for plan in plans),
        "delayed_shown": DELAYED_SHOWN,
        "coverage": _coverage(filters),
    }


def latest_approved_rounds(plan_pks: list[int], *, until) -> dict[int, StatusRound]:
    """Each plan's latest approved status round for a period ending on or before ``until`` (one query): a
    report on an earlier period shows the round of that period, not a later one."""
    found: dict[int, StatusRound] = {}
    rounds = (
        StatusRound.objects.filter(plan__in=plan_pks, state=StatusRound.State.APPROVED, period_end__lte=until)
        .select_related("plan")
        .order_by("plan_id", "-period_end", "-pk")
    )
    for status_round in rounds:
        found.setdefault(status_round.plan_id, status_round)
    return found


def plan_status(user, *, filters: DashboardFilters) -> dict:
    """The Næringsrapport's account of the plans in force: per focus area its goals and measures by state and
    its progress, the delayed measures with their public reason, and the latest approved status round with
    the progress it reported (as the round's status report computes it, strategies.services.rounds)."""
    from strategies.services.rounds import round_report_data  # here: rounds imports the PDF services

    plans = plan_figures(filters)
    rounds = latest_approved_rounds([plan["pk"] for plan in plans], until=filters.period.end)
    for plan in plans:
        status_round = rounds.get(plan["pk"])
        plan["round"] = None
        if status_round is not None:
            data = round_report_data(status_round)
            by_area = {row["focus_area"].pk: row["progress"] for row in data["progress_by_focus_area"]}
            for area in plan["focus_areas"]:
                area["round_progress"] = by_area.get(area["pk"])
            plan["round"] = {
                "title": status_round.title,
                "period_end": status_round.period_end,
                "approved_on": status_round.approved_at,
                "summary": status_round.summary,
                "counts": data["counts"],
                "progress": data["progress"],
            }
    return {
        "heading": _("The plan's status"),
        "anchor": "strategies-plan-status",
        "plans": plans,
        "states": STATES.choices,
        "coverage": _coverage(filters),
        # The measures' states and progress are the plan's as it stands when the report is made.
        "as_of": timezone.localdate(),
    }


def register() -> None:
    # The dashboard's order: the registry 10, the contact point 20, the meetings 30, the plan 40, procurement 50.
    startpage.register(
        "strategies.figures",
        page=startpage.DASHBOARD,
        template="strategies/dashboard/figures.html",
        context=figures,
        order=40,
    )
    # The report's own sections after the dashboard's: the plan's status 10, the meetings' decisions 20.
    startpage.register(
        "strategies.plan_status",
        page=startpage.REPORT,
        template="strategies/dashboard/plan_status.html",
        context=plan_status,
        order=10,
    )
