"""Revisions (rullering): copying a plan, and comparing two revisions."""

from django.http import HttpResponse

# STUB: replace every name below with the real view.


def compare_revisions(request, **kwargs):
    return HttpResponse(status=501)


def revise_plan(request, **kwargs):
    return HttpResponse(status=501)


def panel(request, plan) -> dict:
    """STUB: what this part shows on the plan page (strategies/templates/strategies/revisions/panel.html gets it as `panel`)."""
    return {}
