"""Reusable reads over the business registry."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from businesses.models import Business, Municipality


def served_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(number__in=settings.PORTAL_MUNICIPALITIES)


ACTIVE = Q(bankrupt=False, under_liquidation=False, under_forced_liquidation=False, deleted__isnull=True)


def registry_summary() -> list[Municipality]:
    """Per served municipality: registered businesses, and how many of them are active."""
    counts = {
        row["municipality_id"]: row
        for row in Business.objects.filter(municipality__in=settings.PORTAL_MUNICIPALITIES)
        .values("municipality_id")
        .annotate(total=Count("pk"), active=Count("pk", filter=ACTIVE))
    }
    municipalities = list(served_municipalities())
    for municipality in municipalities:
        row = counts.get(municipality.number, {})
        municipality.total, municipality.active = row.get("total", 0), row.get("active", 0)
    return municipalities


def businesses_represented_by(user) -> QuerySet[Business]:
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(representatives__user=user)
