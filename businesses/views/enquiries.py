"""Enquiries: the public form, the receipt, the officers' list and answers, the sender's view."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class EnquiryListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def answer_enquiry(request, **kwargs):
    return HttpResponse(status=501)


def assign_enquiry(request, **kwargs):
    return HttpResponse(status=501)


def close_enquiry(request, **kwargs):
    return HttpResponse(status=501)


def download_attachment(request, **kwargs):
    return HttpResponse(status=501)


def enquiry_detail(request, **kwargs):
    return HttpResponse(status=501)


def enquiry_received(request, **kwargs):
    return HttpResponse(status=501)


def send_enquiry(request, **kwargs):
    return HttpResponse(status=501)
