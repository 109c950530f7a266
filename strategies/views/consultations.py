"""Consultations (høring): publishing, responses, receipts, follow-up."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class ConsultationListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def add_consultation(request, **kwargs):
    return HttpResponse(status=501)


def consultation_detail(request, **kwargs):
    return HttpResponse(status=501)


def download_attachment(request, **kwargs):
    return HttpResponse(status=501)


def edit_consultation(request, **kwargs):
    return HttpResponse(status=501)


def handle_response(request, **kwargs):
    return HttpResponse(status=501)


def response_detail(request, **kwargs):
    return HttpResponse(status=501)


def response_received(request, **kwargs):
    return HttpResponse(status=501)


def submit_response(request, **kwargs):
    return HttpResponse(status=501)


def panel(request, plan) -> dict:
    """STUB: what this part shows on the plan page (consultations/panel.html gets it as `panel`)."""
    return {}
