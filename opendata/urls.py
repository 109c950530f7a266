"""/api/: the documentation page, the OpenAPI description, and version 1 of the open data API.

A detail's key is matched by the portal's own converters (``orgnr`` and ``doffin``, as the registry's and the
notices' pages use them, and ``int`` for an id), so a key of the wrong shape never reaches a query; it and any
other address under /api/v1/ is the API's JSON 404.
"""

from django.urls import path, re_path
from rest_framework.urlpatterns import format_suffix_patterns

# They register the ``orgnr`` and ``doffin`` converters.
import businesses.urls  # noqa: F401
import procurement.urls  # noqa: F401
from opendata import views

app_name = "opendata"


def resource(prefix: str, viewset, key: str = "<int:pk>"):
    return [
        path(f"v1/{prefix}/", viewset.as_view({"get": "list"}), name=f"{prefix}-list"),
        path(f"v1/{prefix}/{key}/", viewset.as_view({"get": "retrieve"}), name=f"{prefix}-detail"),
    ]


api_v1 = [
    *resource("businesses", views.BusinessViewSet, "<orgnr:orgnr>"),
    *resource("meetings", views.MeetingViewSet),
    *resource("plans", views.PlanViewSet),
    *resource("measures", views.MeasureViewSet),
    *resource("notices", views.NoticeViewSet, "<doffin:doffin_id>"),
    *resource("procurement-plans", views.ProcurementPlanViewSet),
    *resource("planned-procurements", views.PlannedProcurementViewSet),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # /api/v1/businesses.csv is /api/v1/businesses/?format=csv.
    *format_suffix_patterns(api_v1, allowed=["json", "csv"]),
    # Anything else under v1/ that ends in a slash (one without is sent here by APPEND_SLASH), newlines too.
    re_path(r"^v1/(?:[\s\S]*/)?\Z", views.NotFoundView.as_view()),
]
