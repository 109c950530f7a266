"""Reusable reads over the business registry."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from businesses.models import Business, Municipality


def served_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(number__in=settings.PORTAL_MUNICIPALITIES)


def registry_summary() -> list[Municipality]:
    """Per served municipality: registered businesses, and how many of them are active."""
    active = Q(
        businesses__bankrupt=False,
        businesses__under_liquidation=False,
        businesses__under_forced_liquidation=False,
        businesses__deleted__isnull=True,
    )
    return list(served_municipalities().annotate(total=Count("businesses"), active=Count("businesses", filter=active)))


def businesses_represented_by(user) -> QuerySet[Business]:
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(representatives__user=user)
