from django.urls import path, register_converter

from businesses import views


class OrgnrConverter:
    regex = r"\d{9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OrgnrConverter, "orgnr")

app_name = "businesses"

urlpatterns = [
    path("", views.BusinessListView.as_view(), name="list"),
    path("eksport.csv", views.export_businesses, {"file_format": "csv"}, name="export_csv"),
    path("eksport.xlsx", views.export_businesses, {"file_format": "xlsx"}, name="export_xlsx"),
    path("<orgnr:orgnr>/", views.business_detail, name="detail"),
]
