"""The procurement plan: plans and their planned procurements, import and export."""

from django.http import HttpResponse


def plan_list(request, **kwargs):
    return HttpResponse(status=501)


def add_plan(request, **kwargs):
    return HttpResponse(status=501)


def plan_detail(request, **kwargs):
    return HttpResponse(status=501)


def edit_plan(request, **kwargs):
    return HttpResponse(status=501)


def publish_plan(request, **kwargs):
    return HttpResponse(status=501)


def add_item(request, **kwargs):
    return HttpResponse(status=501)


def import_items(request, **kwargs):
    return HttpResponse(status=501)


def export_items(request, **kwargs):
    return HttpResponse(status=501)


def item_detail(request, **kwargs):
    return HttpResponse(status=501)


def edit_item(request, **kwargs):
    return HttpResponse(status=501)
