"""Reads for dialogue meetings: who may see which meeting, and what of it."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, CalendarFeed, ItemProposal, Meeting, Participant, Visibility
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


def public_meetings() -> QuerySet[Meeting]:
    """Every public meeting, in time order: the public calendar feed."""
    return Meeting.objects.filter(visibility=Visibility.PUBLIC).select_related("organiser").order_by("starts_at")


def own_meetings(user) -> QuerySet[Meeting]:
    """The meetings of the user's private calendar: invited, organising, or in a series they belong to."""
    return (
        Meeting.objects.filter(Q(participants__user=user) | Q(organiser=user) | Q(series__members=user))
        .distinct()
        .select_related("organiser")
        .order_by("starts_at")
    )


def is_participant(meeting: Meeting, user) -> bool:
    if not user.is_authenticated:
        return False
    return meeting.organiser_id == user.pk or meeting.participants.filter(user=user).exists()


def participant_of(meeting: Meeting, user) -> Participant | None:
    """The user's own invitation to the meeting, if they have one."""
    if not user.is_authenticated:
        return None
    return meeting.participants.filter(user=user).first()


def is_series_member(meeting: Meeting, user) -> bool:
    if not user.is_authenticated or meeting.series_id is None:
        return False
    return meeting.series.members.filter(pk=user.pk).exists()


# An action point that only the meeting's circle may read: internal itself, or agreed under an internal item.
NOT_PUBLIC_ACTION_POINT = Q(internal=True) | Q(agenda_item__internal=True)


def public_action_points(points: QuerySet[ActionPoint]) -> QuerySet[ActionPoint]:
    """The action points anyone may read: neither internal themselves nor agreed under an internal item."""
    return points.exclude(NOT_PUBLIC_ACTION_POINT)


def agenda_for(meeting: Meeting, *, inner_circle: bool) -> QuerySet[AgendaItem]:
    """The meeting's agenda items: every one for its circle, the public ones for everyone else."""
    agenda = meeting.agenda.all()
    return agenda if inner_circle else agenda.filter(internal=False)


def action_points_for(meeting: Meeting, *, inner_circle: bool) -> QuerySet[ActionPoint]:
    """The meeting's action points as its minutes page shows them: the internal ones only to its circle."""
    points = meeting.action_points.select_related("owner", "agenda_item").prefetch_related("businesses")
    return points if inner_circle else public_action_points(points)


def proposals_for(meeting: Meeting, user, *, decides: bool) -> QuerySet[ItemProposal] | None:
    """Those awaiting a decision for whoever decides; otherwise the user's own proposals."""
    if decides:
        return meeting.proposals.filter(status=ItemProposal.Status.PROPOSED).select_related("proposed_by")
    if user.is_authenticated:
        return meeting.proposals.filter(proposed_by=user)
    return None


def assigned_action_points(user, *, everyone: bool) -> QuerySet[ActionPoint]:
    """The action points the user owns, or (``everyone``, for those who run the dialogue) every one."""
    points = ActionPoint.objects.select_related("meeting", "owner").order_by("status", "due_date", "pk")
    return points if everyone else points.filter(owner=user)


def calendar_feed_of(user) -> CalendarFeed | None:
    """The user's private calendar feed, if they have made one (reading never makes one)."""
    return CalendarFeed.objects.filter(user=user).first()


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


def next_public_meetings(*, limit: int) -> QuerySet[Meeting]:
    """The next public meetings that are still to come (or under way), not cancelled: the front page's list."""
    return (
        Meeting.objects.filter(visibility=Visibility.PUBLIC, ends_at__gte=timezone.now())
        .exclude(state=Meeting.State.CANCELLED)
        .order_by("starts_at")[:limit]
    )


# --- What waits for someone: the staff start page (meetings/startpage.py) ----------------------


def proposals_to_decide(user) -> QuerySet[ItemProposal]:
    """Proposals awaiting a decision on meetings the user may change (organises, or runs the dialogue),
    while the agenda can still take them (not cancelled, minutes not published)."""
    proposals = (
        ItemProposal.objects.filter(status=ItemProposal.Status.PROPOSED)
        .exclude(meeting__state__in=(Meeting.State.CANCELLED, Meeting.State.MINUTES_PUBLISHED))
        .select_related("meeting", "proposed_by")
        .order_by("meeting__starts_at", "created", "pk")
    )
    return proposals if user_roles(user) & STAFF_ROLES else proposals.filter(meeting__organiser=user)


def minutes_to_write(user, *, now=None) -> QuerySet[Meeting]:
    """Meetings whose minutes the user may write and that still lack published ones: held meetings,
    and meetings that are over but not yet marked as held."""
    ended_unmarked = Q(state__in=(Meeting.State.PLANNED, Meeting.State.INVITED), ends_at__lt=now or timezone.now())
    meetings = Meeting.objects.filter(Q(state=Meeting.State.HELD) | ended_unmarked).order_by("starts_at", "pk")
    return meetings if user_roles(user) & STAFF_ROLES else meetings.filter(organiser=user)


def action_points_due(user, *, until) -> QuerySet[ActionPoint]:
    """The user's own open action points due by ``until`` (a date), overdue ones included."""
    return (
        assigned_action_points(user, everyone=False)
        .exclude(status=ActionPoint.Status.DONE)
        .filter(due_date__lte=until)
        .order_by("due_date", "pk")
    )
