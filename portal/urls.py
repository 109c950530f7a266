from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal import views

admin.autodiscover()
# The admin logs in through allauth, so it gets the same two-factor and rate limits.
admin.site.login = secure_admin_login(admin.site.login)

portal_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("oversikt/", views.DashboardView.as_view(), name="dashboard"),
        path("oversikt/rapporter/", views.reports, name="reports"),
        path("oversikt/rapporter/<int:pk>/", views.report_detail, name="report"),
        path("oversikt/rapporter/<int:pk>/naeringsrapport.pdf", views.report_pdf, name="report_pdf"),
        path("arbeid/", views.WorkView.as_view(), name="work"),
        path("min-side/", views.MyPageView.as_view(), name="my_page"),
        path("min-side/profil/", views.profile, name="profile"),
        path("tilgjengelighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
        path("sprak/", views.set_language, name="set_language"),
        path("health/", views.health, name="health"),
        path("favicon.ico", views.favicon, name="favicon"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("bedrifter/", include("businesses.urls")),
    path("kontakt/", include("businesses.contact_urls")),
    path("moter/", include("meetings.urls")),
    path("strategi/", include("strategies.urls")),
    path("anskaffelser/", include("procurement.urls")),
    path("api/", include("opendata.urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
