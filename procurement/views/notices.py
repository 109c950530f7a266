"""Notices mirrored from Doffin: the list with its filters, a notice, the import page and awards to local businesses."""

from django.http import HttpResponse
from django.views import View


class NoticeListView(View):
    def get(self, request, **kwargs):
        return HttpResponse(status=501)


def notice_detail(request, **kwargs):
    return HttpResponse(status=501)


def awards(request, **kwargs):
    return HttpResponse(status=501)
