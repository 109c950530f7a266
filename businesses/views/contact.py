"""The contact point: the team, the catalogue of offers and schemes, the routing table."""

from django.http import HttpResponse
from django.views import View

# STUB: replace every name below with the real view.


class ContactPointView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse(status=501)


def add_entry(request, **kwargs):
    return HttpResponse(status=501)


def catalogue_entry(request, **kwargs):
    return HttpResponse(status=501)


def delete_entry(request, **kwargs):
    return HttpResponse(status=501)


def edit_adviser_profile(request, **kwargs):
    return HttpResponse(status=501)


def edit_entry(request, **kwargs):
    return HttpResponse(status=501)


def edit_routing(request, **kwargs):
    return HttpResponse(status=501)
