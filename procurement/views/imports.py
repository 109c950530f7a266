"""Officers import notices from a saved Doffin search result or notice file."""

from django.http import HttpResponse


def import_notices(request, **kwargs):
    return HttpResponse(status=501)
