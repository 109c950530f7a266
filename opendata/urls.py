"""/api/: the documentation page, the OpenAPI description, and version 1 of the open data API."""

from django.urls import path
from rest_framework.urlpatterns import format_suffix_patterns

from opendata import views

app_name = "opendata"


def resource(prefix: str, viewset, key: str = "<str:pk>"):
    return [
        path(f"v1/{prefix}/", viewset.as_view({"get": "list"}), name=f"{prefix}-list"),
        path(f"v1/{prefix}/{key}/", viewset.as_view({"get": "retrieve"}), name=f"{prefix}-detail"),
    ]


api_v1 = [
    *resource("businesses", views.BusinessViewSet, "<str:orgnr>"),
    *resource("meetings", views.MeetingViewSet),
    *resource("plans", views.PlanViewSet),
    *resource("measures", views.MeasureViewSet),
    *resource("notices", views.NoticeViewSet, "<str:doffin_id>"),
    *resource("procurement-plans", views.ProcurementPlanViewSet),
    *resource("planned-procurements", views.PlannedProcurementViewSet),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # /api/v1/businesses.csv is /api/v1/businesses/?format=csv.
    *format_suffix_patterns(api_v1, allowed=["json", "csv"]),
]
