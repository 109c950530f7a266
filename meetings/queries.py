"""Reads for dialogue meetings: who may see which meeting."""

from django.db.models import Q, QuerySet

from meetings.models import Meeting, Visibility
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
