"""Reusable reads about users and their roles."""

from allauth.mfa.models import Authenticator

from portal.models import User
from portal.roles import STAFF_ROLES, Role


def user_roles(user: User) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        valid = set(Role.values)
        cached = frozenset(name for name in user.groups.values_list("name", flat=True) if name in valid)
        user._portal_roles = cached
    return cached


def needs_two_factor(user: User) -> bool:
    """Staff roles must have a TOTP authenticator before they may use the portal."""
    return bool(user_roles(user) & STAFF_ROLES)


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
