from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from businesses.queries import registry_summary
from portal.forms import LanguageForm
from portal.health import health_report
from portal.queries import has_totp, user_roles
from portal.roles import Role
from portal.services import set_language as remember_language


class HomeView(TemplateView):
    """The business owner's front door: where to turn, and what the municipality offers."""

    template_name = "portal/home.html"


class AccessibilityStatementView(TemplateView):
    template_name = "portal/accessibility.html"


class DashboardView(PermissionRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"
    permission_required = "portal.view_dashboard"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = user_roles(user)
        return super().get_context_data(
            roles=[Role(role).label for role in Role.values if role in roles],
            registry=registry_summary(),
            two_factor_active=has_totp(user),
            **kwargs,
        )


@require_POST
def set_language(request):
    """Switch the interface language; an unknown language code is a 400, not a silent fallback."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": _("Unknown language.")}, status=400)
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"] or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    translation.activate(language)
    remember_language(request.user, language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@never_cache
def health(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # The database may be what failed: render without context processors that could touch it.
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - last resort: a plain page
        return HttpResponseServerError(render_to_string("500_plain.html"))
