"""Reads for dialogue meetings: who may see which meeting."""

from django.db.models import Q, QuerySet

from meetings.models import ActionPoint, Meeting, Visibility
from portal.queries import user_roles
from portal.roles import STAFF_ROLES


def visible_meetings(user) -> QuerySet[Meeting]:
    """Public meetings for everyone; internal ones for staff, the series' members and the invited."""
    meetings = Meeting.objects.select_related("series", "organiser")
    if not user.is_authenticated:
        return meetings.filter(visibility=Visibility.PUBLIC)
    if user_roles(user) & STAFF_ROLES:
        return meetings
    return meetings.filter(
        Q(visibility=Visibility.PUBLIC) | Q(series__members=user) | Q(participants__user=user) | Q(organiser=user)
    ).distinct()


def is_participant(meeting: Meeting, user) -> bool:
    if not user.is_authenticated:
        return False
    return meeting.organiser_id == user.pk or meeting.participants.filter(user=user).exists()


def is_series_member(meeting: Meeting, user) -> bool:
    if not user.is_authenticated or meeting.series_id is None:
        return False
    return meeting.series.members.filter(pk=user.pk).exists()


def open_follow_ups(meeting: Meeting) -> QuerySet:
    """Action points from earlier meetings of the series still open: "Oppfølging fra forrige møte".

    They appear on each next agenda until they are closed; a query, not a copy, so closing one
    takes it off every agenda at once.
    """
    if meeting.series_id is None:
        return ActionPoint.objects.none()
    return (
        ActionPoint.objects.filter(meeting__series_id=meeting.series_id, meeting__starts_at__lt=meeting.starts_at)
        .exclude(status=ActionPoint.Status.DONE)
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )
