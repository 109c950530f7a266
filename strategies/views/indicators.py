"""Indicators per goal: values, the chart (SVG) and the table beside it."""

from django.http import HttpResponse

# STUB: replace every name below with the real view.


def add_indicator(request, **kwargs):
    return HttpResponse(status=501)


def add_value(request, **kwargs):
    return HttpResponse(status=501)


def edit_indicator(request, **kwargs):
    return HttpResponse(status=501)


def edit_value(request, **kwargs):
    return HttpResponse(status=501)


def indicator_chart(request, **kwargs):
    return HttpResponse(status=501)


def indicator_detail(request, **kwargs):
    return HttpResponse(status=501)


def panel(request, plan) -> dict:
    """STUB: what this part shows on the plan page (strategies/templates/strategies/indicators/panel.html gets it as `panel`)."""
    return {}
