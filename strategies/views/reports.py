"""Reports and exchange: PDFs, spreadsheet export and import."""

from django.http import HttpResponse

# STUB: replace every name below with the real view.


def export_measures(request, **kwargs):
    return HttpResponse(status=501)


def import_measures(request, **kwargs):
    return HttpResponse(status=501)


def plan_pdf(request, **kwargs):
    return HttpResponse(status=501)


def round_pdf(request, **kwargs):
    return HttpResponse(status=501)


def panel(request, plan) -> dict:
    """STUB: what this part shows on the plan page (strategies/templates/strategies/reports/panel.html gets it as `panel`)."""
    return {}
