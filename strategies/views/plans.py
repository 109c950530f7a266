"""Plans and their structure: focus areas, goals, measures, milestones, weights; the plan and measure pages."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class PlanListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def add_focus_area(request, **kwargs):
    return HttpResponse(status=501)


def add_goal(request, **kwargs):
    return HttpResponse(status=501)


def add_measure(request, **kwargs):
    return HttpResponse(status=501)


def add_milestone(request, **kwargs):
    return HttpResponse(status=501)


def add_plan(request, **kwargs):
    return HttpResponse(status=501)


def adopt_plan(request, **kwargs):
    return HttpResponse(status=501)


def archive_plan(request, **kwargs):
    return HttpResponse(status=501)


def delete_focus_area(request, **kwargs):
    return HttpResponse(status=501)


def delete_goal(request, **kwargs):
    return HttpResponse(status=501)


def delete_measure(request, **kwargs):
    return HttpResponse(status=501)


def edit_focus_area(request, **kwargs):
    return HttpResponse(status=501)


def edit_goal(request, **kwargs):
    return HttpResponse(status=501)


def edit_measure(request, **kwargs):
    return HttpResponse(status=501)


def edit_milestone(request, **kwargs):
    return HttpResponse(status=501)


def edit_plan(request, **kwargs):
    return HttpResponse(status=501)


def edit_weights(request, **kwargs):
    return HttpResponse(status=501)


def measure_detail(request, **kwargs):
    return HttpResponse(status=501)


def plan_detail(request, **kwargs):
    return HttpResponse(status=501)


def update_measure_status(request, **kwargs):
    return HttpResponse(status=501)


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
