"""Writes for the contact point: the catalogue of offers and schemes, the advisers' profiles, the routing table.

Each change is written to the activity log; saving what is already there writes and logs nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from businesses.models import AdviserProfile, CatalogueEntry, EnquiryRoute, Topic
from portal.roles import Role
from portal.services import log_activity

User = get_user_model()


def officers():
    """Who may be given a topic in the routing table: the active business officers."""
    return User.objects.filter(is_active=True, groups__name=Role.OFFICER).distinct().order_by("name", "email")


@transaction.atomic
def save_catalogue_entry(entry: CatalogueEntry, *, by, changed: list[str] | None = None) -> bool:
    """Create ``entry`` (no pk yet) or save the ``changed`` fields of an existing one. Returns whether anything was written."""
    if entry.pk is None:
        entry.save()
        log_activity(entry, actor=by, action="businesses.catalogue_entry_created", data={"title": entry.title})
        return True
    if not changed:
        return False
    entry.save(update_fields=[*changed, "updated"])
    log_activity(entry, actor=by, action="businesses.catalogue_entry_changed", data={"fields": sorted(changed)})
    return True


@transaction.atomic
def delete_catalogue_entry(entry: CatalogueEntry, *, by) -> None:
    """Delete ``entry``; the log keeps its id and title."""
    log_activity(entry, actor=by, action="businesses.catalogue_entry_deleted", data={"title": entry.title})
    entry.delete()


@transaction.atomic
def save_adviser_profile(profile: AdviserProfile, *, by, changed: list[str] | None = None) -> bool:
    """Create ``profile`` (its first save) or save its ``changed`` fields. Returns whether anything was written."""
    if profile.pk is None:
        profile.save()
        log_activity(profile, actor=by, action="businesses.adviser_profile_created")
        return True
    if not changed:
        return False
    profile.save(update_fields=[*changed, "updated"])
    log_activity(profile, actor=by, action="businesses.adviser_profile_changed", data={"fields": sorted(changed)})
    return True


@transaction.atomic
def set_routes(advisers: dict[str, object], *, by) -> dict[str, int | None]:
    """Make the routing table send each topic in ``advisers`` to that adviser (None: no route, so the
    first adviser on the contact point). Topics left out are not touched.

    Returns what changed, {topic: adviser id or None}; logged as one entry when anything did.
    """
    current = {route.topic: route for route in EnquiryRoute.objects.select_for_update().filter(topic__in=advisers)}
    changes: dict[str, int | None] = {}
    for topic, adviser in advisers.items():
        if topic not in Topic.values:
            raise ValueError(f"Unknown topic: {topic!r}")
        route = current.get(topic)
        if adviser is None:
            if route is not None:
                route.delete()
                changes[topic] = None
        elif route is None:
            EnquiryRoute.objects.create(topic=topic, adviser=adviser)
            changes[topic] = adviser.pk
        elif route.adviser_id != adviser.pk:
            route.adviser = adviser
            route.save(update_fields=["adviser"])
            changes[topic] = adviser.pk
    if changes:
        log_activity(None, actor=by, action="businesses.routes_changed", data={"routes": changes})
    return changes
