from django.http import HttpResponse
from django.urls import path

app_name = "opendata"


def _not_yet(request, *args, **kwargs):
    return HttpResponse("Not implemented yet.", status=501, content_type="text/plain")


# Placeholder until the API lands (issue 14).
urlpatterns = [path("", _not_yet, name="index")]
