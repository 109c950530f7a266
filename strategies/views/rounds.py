"""Status rounds: opening, the reporters' forms, approval."""

from django.http import HttpResponse

# STUB: replace every name below with the real view.


def approve_round(request, **kwargs):
    return HttpResponse(status=501)


def edit_report(request, **kwargs):
    return HttpResponse(status=501)


def my_reports(request, **kwargs):
    return HttpResponse(status=501)


def open_round(request, **kwargs):
    return HttpResponse(status=501)


def round_detail(request, **kwargs):
    return HttpResponse(status=501)


def panel(request, plan) -> dict:
    """STUB: what this part shows on the plan page (strategies/templates/strategies/rounds/panel.html gets it as `panel`)."""
    return {}
