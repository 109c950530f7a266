"""Business owners: claims, the business's own profile, meeting requests."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class ClaimListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


class MeetingRequestListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def accept_time(request, **kwargs):
    return HttpResponse(status=501)


def approve_claim(request, **kwargs):
    return HttpResponse(status=501)


def claim_business(request, **kwargs):
    return HttpResponse(status=501)


def close_meeting_request(request, **kwargs):
    return HttpResponse(status=501)


def edit_profile(request, **kwargs):
    return HttpResponse(status=501)


def meeting_request_detail(request, **kwargs):
    return HttpResponse(status=501)


def offer_times(request, **kwargs):
    return HttpResponse(status=501)


def reject_claim(request, **kwargs):
    return HttpResponse(status=501)


def request_meeting(request, **kwargs):
    return HttpResponse(status=501)


def detail_panel(request, business) -> dict:
    """STUB: what this part shows on /bedrifter/<orgnr>/ to request.user ({}: nothing)."""
    return {}
