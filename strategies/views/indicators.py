"""Indicators per goal: values, the chart (SVG) and the table beside it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_safe

from portal.models import ActivityLog
from strategies.charts import chart_description, chart_digest, format_number, period_label, render_indicator_chart
from strategies.forms.indicators import IndicatorForm, IndicatorValueForm
from strategies.models import Indicator
from strategies.queries import plan_goals_with_indicators, visible_goals, visible_indicator_values, visible_indicators
from strategies.services.indicators import add_indicator as add_indicator_service
from strategies.services.indicators import add_indicator_value, change_indicator, change_indicator_value

# The chart is a document of its own (shown with <img>): its own styles, nothing else.
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "img-src": ["data:"]}
CHART_CACHE_SECONDS = 60 * 60 * 24


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    """400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def _require_manage(request):
    if not request.user.has_perm("strategies.manage_plans"):
        raise PermissionDenied


def _indicator_context(indicator, values) -> dict:
    latest = values[-1] if values else None
    return {
        "indicator": indicator,
        "values": values,
        "latest": latest,
        "rows": [
            {"row": value, "period": period_label(value.period_end), "value": format_number(value.value)} for value in values
        ],
        "latest_value": format_number(latest.value) if latest else "",
        "latest_period": period_label(latest.period_end) if latest else "",
        "baseline_value": format_number(indicator.baseline),
        "target_value": format_number(indicator.target),
        "chart_alt": chart_description(indicator, values),
        "chart_url": reverse("strategies:indicator_chart", kwargs={"pk": indicator.pk}),
    }


@require_safe
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(visible_indicators(request.user), pk=pk)
    values = list(indicator.values.select_related("entered_by").order_by("period_end"))
    history = (
        ActivityLog.objects.filter(content_type=ContentType.objects.get_for_model(Indicator), object_id=str(indicator.pk))
        .select_related("actor")
        .order_by("-pk")[:50]
        if request.user.has_perm("strategies.manage_plans")
        else []
    )
    labels = {
        "strategies.indicator_added": _("Indicator added"),
        "strategies.indicator_changed": _("Indicator changed"),
        "strategies.indicator_value_added": _("Value added"),
        "strategies.indicator_value_changed": _("Value changed"),
    }
    history = list(history)
    for entry in history:
        entry.label = labels.get(entry.action, entry.action)
        if "period_end" in entry.data.get("after", entry.data):
            entry.label += f" ({entry.data.get('after', entry.data)['period_end']})"
    context = {
        **_indicator_context(indicator, values),
        "plan": indicator.goal.focus_area.plan,
        "history": history,
        "can_manage": request.user.has_perm("strategies.manage_plans"),
    }
    return render(request, "strategies/indicators/detail.html", context)


@require_safe
@csp_override(CHART_CSP)
def indicator_chart(request, pk: int):
    """The chart as SVG, revalidated by an ETag made from what it shows."""
    indicator = get_object_or_404(visible_indicators(request.user), pk=pk)
    values = list(indicator.values.order_by("period_end"))
    digest = chart_digest(indicator, values)
    etag = f'"{digest}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        key = f"strategies:indicator-chart:{digest}"
        svg = cache.get(key)
        if svg is None:
            svg = render_indicator_chart(indicator, values)
            cache.set(key, svg, CHART_CACHE_SECONDS)
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    # Drafts are not public: a private cache only, and always revalidated (cheap: the ETag answers 304).
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Accept-Language, Cookie"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def add_indicator(request, pk: int):
    goal = get_object_or_404(visible_goals(request.user), pk=pk)
    _require_manage(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = add_indicator_service(goal, by=request.user, **form.cleaned_data)
        messages.success(request, _("The indicator is added."))
        return redirect("strategies:indicator", pk=indicator.pk)
    context = {"goal": goal, "plan": goal.focus_area.plan, "indicator": None}
    return _form_page(request, "strategies/indicators/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_indicator(request, pk: int):
    indicator = get_object_or_404(visible_indicators(request.user), pk=pk)
    _require_manage(request)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        change_indicator(indicator, by=request.user, **form.cleaned_data)
        messages.success(request, _("The indicator is saved."))
        return redirect("strategies:indicator", pk=indicator.pk)
    context = {"goal": indicator.goal, "plan": indicator.goal.focus_area.plan, "indicator": indicator}
    return _form_page(request, "strategies/indicators/form.html", context, form)


def _automatic_refused(request, indicator):
    reason = _("The values of this indicator come from the portal's own data and cannot be entered by hand.")
    return render(request, "400.html", {"reason": reason}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def add_value(request, pk: int):
    indicator = get_object_or_404(visible_indicators(request.user), pk=pk)
    _require_manage(request)
    if indicator.source != Indicator.Source.MANUAL:
        return _automatic_refused(request, indicator)
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        add_indicator_value(indicator, by=request.user, **form.cleaned_data)
        messages.success(request, _("The value is added."))
        return redirect("strategies:indicator", pk=indicator.pk)
    context = {"indicator": indicator, "plan": indicator.goal.focus_area.plan, "value": None}
    return _form_page(request, "strategies/indicators/value_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_value(request, pk: int):
    row = get_object_or_404(visible_indicator_values(request.user), pk=pk)
    _require_manage(request)
    indicator = row.indicator
    if row.automatic or indicator.source != Indicator.Source.MANUAL:
        return _automatic_refused(request, indicator)
    form = IndicatorValueForm(request.POST or None, instance=type(row).objects.get(pk=row.pk), indicator=indicator)
    if request.method == "POST" and form.is_valid():
        change_indicator_value(row, by=request.user, **form.cleaned_data)
        messages.success(request, _("The value is saved."))
        return redirect("strategies:indicator", pk=indicator.pk)
    context = {"indicator": indicator, "plan": indicator.goal.focus_area.plan, "value": row}
    return _form_page(request, "strategies/indicators/value_form.html", context, form)


def panel(request, plan) -> dict:
    """The plan page's indicator section: per goal, its indicators with the latest value, the target and
    a small chart. Three queries however many goals, indicators and values there are."""
    can_manage = request.user.has_perm("strategies.manage_plans")
    goals = []
    for goal in plan_goals_with_indicators(plan):
        indicators = [_indicator_context(indicator, list(indicator.values.all())) for indicator in goal.indicators.all()]
        # The team sees every goal (to add indicators to it); everyone else the goals that have some.
        if indicators or can_manage:
            goals.append({"goal": goal, "indicators": indicators})
    return {"goals": goals, "can_manage": can_manage, "has_indicators": any(group["indicators"] for group in goals)}
