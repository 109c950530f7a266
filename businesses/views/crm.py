"""The officers' CRM: contacts, interactions, follow-ups, red flags, tags."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class FollowUpListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


class InteractionListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


class RedFlagListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


class TagListView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def add_contact(request, **kwargs):
    return HttpResponse(status=501)


def add_follow_up(request, **kwargs):
    return HttpResponse(status=501)


def edit_contact(request, **kwargs):
    return HttpResponse(status=501)


def edit_follow_up(request, **kwargs):
    return HttpResponse(status=501)


def edit_interaction(request, **kwargs):
    return HttpResponse(status=501)


def edit_red_flag(request, **kwargs):
    return HttpResponse(status=501)


def erase_contact(request, **kwargs):
    return HttpResponse(status=501)


def export_contact(request, **kwargs):
    return HttpResponse(status=501)


def log_interaction(request, **kwargs):
    return HttpResponse(status=501)


def raise_red_flag(request, **kwargs):
    return HttpResponse(status=501)


def resolve_red_flag(request, **kwargs):
    return HttpResponse(status=501)


def set_follow_up_state(request, **kwargs):
    return HttpResponse(status=501)


def set_tags(request, **kwargs):
    return HttpResponse(status=501)


def detail_panel(request, business) -> dict:
    """STUB: what this part shows on /bedrifter/<orgnr>/ to request.user ({}: nothing)."""
    return {}
