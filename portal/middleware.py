from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.queries import has_totp, needs_two_factor


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` denying every feature in ``settings.PERMISSIONS_POLICY_DENY``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RequireStaffTwoFactorMiddleware:
    """Send a staff user without TOTP to set it up before anything else.

    The pages needed to do that (two-factor set-up, log-out, language, static files and the
    public information pages) stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(request, _("Your role requires two-factor authentication. Set it up to continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or not needs_two_factor(user):
            return False
        path = request.path_info
        open_prefixes = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("portal:set_language"),
            reverse("portal:accessibility"),
            reverse("portal:health"),
            reverse("portal:favicon"),
            settings.STATIC_URL,
        )
        if path == reverse("portal:home") or path.startswith(open_prefixes):
            return False
        return not has_totp(user)
