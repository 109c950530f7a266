"""Alerts to businesses: subscriptions and the signed unsubscribe link."""

from django.http import HttpResponse


def subscription_list(request, **kwargs):
    return HttpResponse(status=501)


def add_subscription(request, **kwargs):
    return HttpResponse(status=501)


def edit_subscription(request, **kwargs):
    return HttpResponse(status=501)


def delete_subscription(request, **kwargs):
    return HttpResponse(status=501)


def unsubscribe(request, **kwargs):
    return HttpResponse(status=501)
