"""Plans and their structure: focus areas, goals, measures, milestones, weights; the plan and measure pages."""

import functools
from collections import OrderedDict, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_filters.views import FilterView

from businesses.models import Business
from strategies.filters.plans import PlanFilter
from strategies.forms.plans import (
    AdoptForm,
    DeleteForm,
    FocusAreaForm,
    GoalForm,
    MeasureForm,
    MeasureStatusForm,
    MilestoneForm,
    PlanForm,
    WeightsForm,
)
from strategies.models import FocusArea, Goal, Measure, Milestone, Plan, ResponsibleKind
from strategies.queries import (
    plan_structure,
    visible_focus_areas,
    visible_goals,
    visible_measures,
    visible_milestones,
    visible_plans,
)
from strategies.services import plans as services
from strategies.services.plans import PlanStateError
from strategies.services.rollup import explain, plan_item, roll_up

MANAGE = "strategies.manage_plans"


def _posted(request):
    """The submitted data on a POST (even an empty one, so the form is bound), None on a GET."""
    return request.POST if request.method == "POST" else None


def _require_manage(request) -> None:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    """A form page: 400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def refused_as_409(view):
    """A view whose service may refuse with PlanStateError (an archived plan): the reason, and 409."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PlanStateError as error:
            return render(request, "strategies/plans/not_now.html", {"reason": str(error), "plan": error.plan}, status=409)

    return wrapper


# --- The list ------------------------------------------------------------------------------


class PlanListView(FilterView):
    """The plans the user may see, one row per lineage showing its current revision (the adopted one, else the newest)."""

    filterset_class = PlanFilter
    template_name = "strategies/plans/list.html"

    def get_queryset(self):
        return visible_plans(self.request.user).order_by("-start_year", "title", "-version")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lineages: OrderedDict = OrderedDict()
        for plan in context["object_list"]:
            lineages.setdefault(plan.lineage, []).append(plan)
        rows = []
        for revisions in lineages.values():
            adopted = [p for p in revisions if p.state == Plan.State.ADOPTED]
            current = adopted[0] if adopted else max(revisions, key=lambda p: p.version)
            rows.append({"plan": current, "others": [p for p in revisions if p.pk != current.pk]})
        context["rows"] = rows
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


# --- Plans ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def add_plan(request):
    _require_manage(request)
    form = PlanForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        plan = services.save_plan(form.save(commit=False), by=request.user, municipalities=form.cleaned_data["municipalities"])
        messages.success(request, _("The plan is created."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/form.html", {"heading": _("New plan"), "back": None}, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_plan(request, pk: int):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(plan)
    form = PlanForm(_posted(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_plan(form.save(commit=False), by=request.user, municipalities=form.cleaned_data["municipalities"])
        messages.success(request, _("The plan is saved."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/form.html", {"heading": _("Change the plan"), "plan": plan, "back": plan}, form)


def _annotate_progress(structure) -> dict:
    """Attach each level's figure to the rows the page shows; the plan's own Level is returned."""
    levels = roll_up(plan_item(structure))
    decimal = get_format("DECIMAL_SEPARATOR")

    def level(key):
        found = levels[key]
        return {"value": found.value, "calculation": explain(found.terms, found.value, decimal)}

    # The choices' labels once per page: get_FOO_display() per row costs more than the row itself.
    states = {value: str(label) for value, label in Measure.State.choices}
    responsible = {value: str(label) for value, label in ResponsibleKind.choices}
    for area in structure:
        area.level = level(("focus_area", area.pk))
        for goal in area.goals.all():
            goal.level = level(("goal", goal.pk))
            measures = list(goal.measures.all())
            children = defaultdict(list)
            for measure in measures:
                children[measure.parent_id].append(measure)
            for measure in measures:
                measure.level = level(("measure", measure.pk))
                measure.state_label = states.get(measure.state, measure.state)
                measure.responsible_label = responsible.get(measure.responsible_kind, measure.responsible_kind)
                measure.children_list = children.get(measure.pk, [])
            goal.top_measures = children.get(None, [])
    return level(("plan", 0))


def plan_detail(request, pk: int):
    """The plan page; the public page of a plan out of draft."""
    plan = get_object_or_404(visible_plans(request.user).select_related("previous"), pk=pk)
    structure = plan_structure(plan)
    plan_level = _annotate_progress(structure)
    measures = [m for area in structure for goal in area.goals.all() for m in goal.measures.all()]
    orgnrs = {m.responsible_orgnr for m in measures if m.responsible_orgnr}
    registered = set(Business.objects.filter(orgnr__in=orgnrs).values_list("orgnr", flat=True)) if orgnrs else set()
    can_manage = request.user.has_perm(MANAGE) and plan.state != Plan.State.ARCHIVED
    return render(
        request,
        "strategies/plans/detail.html",
        {
            "plan": plan,
            "municipalities": list(plan.municipalities.order_by("name")),
            "structure": structure,
            "plan_level": plan_level,
            "registered": registered,
            "measure_count": len(measures),
            "show_calculation": request.GET.get("utregning") == "1",
            "can_manage": can_manage,
            "can_adopt": can_manage and plan.state in (Plan.State.DRAFT, Plan.State.CONSULTATION),
            "panels": plan_panels(request, plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def adopt_plan(request, pk: int):
    """Record the adopting decision (body, date, case number); the revision adopted before is archived."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(plan)
    initial = {"decided_by": plan.decided_by, "decided_on": plan.decided_on, "case_number": plan.case_number}
    form = AdoptForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        archived = services.adopt_plan(plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("The plan is adopted."))
        if archived:
            messages.info(request, _("The revision adopted before it is archived."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/adopt.html", {"plan": plan}, form)


@login_required
@require_POST
@refused_as_409
def archive_plan(request, pk: int):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _require_manage(request)
    if services.archive_plan(plan, by=request.user):
        messages.success(request, _("The plan is archived."))
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_weights(request, pk: int):
    """Every weight of the plan on one page; weights that leave a level undefined are refused."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(plan)
    form = WeightsForm(_posted(request), structure=plan_structure(plan))
    if request.method == "POST" and form.is_valid():
        services.set_weights(plan, form.weights(), by=request.user)
        messages.success(request, _("The weights are saved."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/weights.html", {"plan": plan}, form)


# --- Focus areas and goals -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def add_focus_area(request, pk: int):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(plan)
    form = FocusAreaForm(_posted(request), instance=FocusArea(plan=plan))
    if request.method == "POST" and form.is_valid():
        services.save_focus_area(form.save(commit=False), by=request.user)
        messages.success(request, _("The focus area is added."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/form.html", {"heading": _("New focus area"), "plan": plan, "back": plan}, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_focus_area(request, pk: int):
    area = get_object_or_404(visible_focus_areas(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(area.plan)
    form = FocusAreaForm(_posted(request), instance=area)
    if request.method == "POST" and form.is_valid():
        services.save_focus_area(form.save(commit=False), by=request.user)
        messages.success(request, _("The focus area is saved."))
        return redirect(area.plan)
    context = {"heading": _("Change the focus area"), "plan": area.plan, "back": area.plan}
    return _form_page(request, "strategies/plans/form.html", context, form)


def _confirm_delete(request, *, obj, plan, back, delete, what: str, done: str):
    form = DeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        delete(obj, by=request.user)
        messages.success(request, done)
        return redirect(plan)
    return render(request, "strategies/plans/confirm_delete.html", {"object": obj, "plan": plan, "back": back, "what": what})


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def delete_focus_area(request, pk: int):
    area = get_object_or_404(visible_focus_areas(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(area.plan)
    return _confirm_delete(
        request,
        obj=area,
        plan=area.plan,
        back=area.plan,
        delete=services.delete_focus_area,
        what=_("the focus area with its goals and measures"),
        done=_("The focus area is deleted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def add_goal(request, pk: int):
    area = get_object_or_404(visible_focus_areas(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(area.plan)
    form = GoalForm(_posted(request), instance=Goal(focus_area=area))
    if request.method == "POST" and form.is_valid():
        services.save_goal(form.save(commit=False), by=request.user)
        messages.success(request, _("The goal is added."))
        return redirect(area.plan)
    context = {"heading": _("New goal under %(area)s") % {"area": area.title}, "plan": area.plan, "back": area.plan}
    return _form_page(request, "strategies/plans/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_goal(request, pk: int):
    goal = get_object_or_404(visible_goals(request.user), pk=pk)
    plan = goal.focus_area.plan
    _require_manage(request)
    services.check_editable(plan)
    form = GoalForm(_posted(request), instance=goal)
    if request.method == "POST" and form.is_valid():
        services.save_goal(form.save(commit=False), by=request.user)
        messages.success(request, _("The goal is saved."))
        return redirect(plan)
    return _form_page(request, "strategies/plans/form.html", {"heading": _("Change the goal"), "plan": plan, "back": plan}, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def delete_goal(request, pk: int):
    goal = get_object_or_404(visible_goals(request.user), pk=pk)
    plan = goal.focus_area.plan
    _require_manage(request)
    services.check_editable(plan)
    return _confirm_delete(
        request,
        obj=goal,
        plan=plan,
        back=plan,
        delete=services.delete_goal,
        what=_("the goal with its measures"),
        done=_("The goal is deleted."),
    )


# --- Measures ------------------------------------------------------------------------------


def _save_measure_form(request, form) -> Measure:
    data = form.cleaned_data
    return services.save_measure(
        form.save(commit=False),
        by=request.user,
        businesses=data["businesses"],
        meetings=data["meetings"],
        action_points=data["action_points"],
        comment=data["comment"],
    )


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def add_measure(request, pk: int):
    goal = get_object_or_404(visible_goals(request.user), pk=pk)
    plan = goal.focus_area.plan
    _require_manage(request)
    services.check_editable(plan)
    form = MeasureForm(_posted(request), instance=Measure(goal=goal), goal=goal, user=request.user)
    if request.method == "POST" and form.is_valid():
        measure = _save_measure_form(request, form)
        messages.success(request, _("The measure is added."))
        return redirect(measure)
    context = {"heading": _("New measure under %(goal)s") % {"goal": goal.title}, "plan": plan, "back": plan}
    return _form_page(request, "strategies/plans/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_measure(request, pk: int):
    measure = get_object_or_404(visible_measures(request.user), pk=pk)
    plan = measure.goal.focus_area.plan
    _require_manage(request)
    services.check_editable(plan)
    form = MeasureForm(_posted(request), instance=measure, goal=measure.goal, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save_measure_form(request, form)
        messages.success(request, _("The measure is saved."))
        return redirect(measure)
    context = {"heading": _("Change the measure"), "plan": plan, "back": measure}
    return _form_page(request, "strategies/plans/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def delete_measure(request, pk: int):
    measure = get_object_or_404(visible_measures(request.user), pk=pk)
    plan = measure.goal.focus_area.plan
    _require_manage(request)
    services.check_editable(plan)
    return _confirm_delete(
        request,
        obj=measure,
        plan=plan,
        back=measure,
        delete=services.delete_measure,
        what=_("the measure with its milestones and history"),
        done=_("The measure is deleted."),
    )


def _measure_page(request, measure: Measure, *, status_form=None, status: int = 200):
    plan = measure.goal.focus_area.plan
    can_manage = request.user.has_perm(MANAGE) and plan.state != Plan.State.ARCHIVED
    children = list(measure.children.order_by("position", "pk"))
    responsible_business = Business.objects.filter(orgnr=measure.responsible_orgnr).first() if measure.responsible_orgnr else None
    from meetings.queries import visible_meetings
    from meetings.timeline import visible_action_points

    return render(
        request,
        "strategies/plans/measure_detail.html",
        {
            "measure": measure,
            "plan": plan,
            "children": children,
            "milestones": measure.milestones.all(),
            "updates": measure.updates.select_related("by", "status_round"),
            "businesses": measure.businesses.order_by("name"),
            # Only the meetings and action points the reader may see.
            "meetings": visible_meetings(request.user).filter(pk__in=measure.meetings.values("pk")).order_by("starts_at"),
            "action_points": visible_action_points(request.user)
            .filter(pk__in=measure.action_points.values("pk"))
            .select_related("meeting"),
            "responsible_business": responsible_business,
            "partners": [line.strip() for line in measure.partners.splitlines() if line.strip()],
            "can_manage": can_manage,
            "status_form": status_form
            or (MeasureStatusForm(initial={"state": measure.state, "progress": measure.progress}) if can_manage else None),
        },
        status=status,
    )


def measure_detail(request, pk: int):
    measure = get_object_or_404(visible_measures(request.user).select_related("reporter", "parent"), pk=pk)
    return _measure_page(request, measure)


@login_required
@require_POST
@refused_as_409
def update_measure_status(request, pk: int):
    """The quick update: state, progress and a comment, written to the measure's history."""
    measure = get_object_or_404(visible_measures(request.user).select_related("reporter", "parent"), pk=pk)
    _require_manage(request)
    services.check_editable(measure.goal.focus_area.plan)
    form = MeasureStatusForm(request.POST, measure=measure)
    if not form.is_valid():
        return _measure_page(request, measure, status_form=form, status=400)
    if services.update_measure_status(measure, by=request.user, **form.cleaned_data):
        messages.success(request, _("The status is saved."))
    return redirect(measure)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def add_milestone(request, pk: int):
    measure = get_object_or_404(visible_measures(request.user), pk=pk)
    _require_manage(request)
    services.check_editable(measure.goal.focus_area.plan)
    form = MilestoneForm(_posted(request), instance=Milestone(measure=measure))
    if request.method == "POST" and form.is_valid():
        services.save_milestone(form.save(commit=False), by=request.user)
        messages.success(request, _("The milestone is added."))
        return redirect(measure)
    context = {
        "heading": _("New milestone for %(measure)s") % {"measure": measure},
        "plan": measure.goal.focus_area.plan,
        "back": measure,
    }
    return _form_page(request, "strategies/plans/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def edit_milestone(request, pk: int):
    milestone = get_object_or_404(visible_milestones(request.user), pk=pk)
    measure = milestone.measure
    _require_manage(request)
    services.check_editable(measure.goal.focus_area.plan)
    form = MilestoneForm(_posted(request), instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.save_milestone(form.save(commit=False), by=request.user)
        messages.success(request, _("The milestone is saved."))
        return redirect(measure)
    context = {"heading": _("Change the milestone"), "plan": measure.goal.focus_area.plan, "back": measure}
    return _form_page(request, "strategies/plans/form.html", context, form)


def plan_panels(request, plan) -> dict:
    """The sections the other parts add to the plan page: {"indicators": {...}, "rounds": {...}, ...}; the plan
    page includes strategies/<part>/panel.html with ``panel`` = its dict."""
    from strategies.views import consultations, indicators, reports, revisions, rounds

    parts = {
        "indicators": indicators,
        "rounds": rounds,
        "revisions": revisions,
        "consultations": consultations,
        "reports": reports,
    }
    return {name: module.panel(request, plan) for name, module in parts.items()}
