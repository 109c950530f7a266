"""Permission predicates for dialogue meetings."""

import rules

from meetings.models import Meeting, Visibility
from meetings.queries import NOT_PUBLIC_ACTION_POINT, is_participant, is_series_member, open_follow_ups
from portal.rules import is_administrator, is_chief_executive, is_council_member, is_officer


@rules.predicate
def participates(user, meeting) -> bool:
    return meeting is not None and is_participant(meeting, user)


@rules.predicate
def organises(user, meeting) -> bool:
    return meeting is not None and user.is_authenticated and meeting.organiser_id == user.pk


@rules.predicate
def belongs_to_series(user, meeting) -> bool:
    return meeting is not None and is_series_member(meeting, user)


@rules.predicate
def owns_action_point(user, action_point) -> bool:
    return action_point is not None and user.is_authenticated and action_point.owner_id == user.pk


is_meeting_staff = is_officer | is_chief_executive | is_administrator

# Who is invited, and their answers, is personal data: the organiser and staff see it.
rules.add_perm("meetings.view_participants", organises | is_meeting_staff)
# The online link is for participants only (and only near the start; see views.ONLINE_LINK_SHOWN_BEFORE).
rules.add_perm("meetings.view_online_link", participates | organises)
# Internal agenda items, internal documents, unpublished minutes and the PDFs: the meeting's own circle.
rules.add_perm("meetings.view_internal", participates | organises | belongs_to_series | is_meeting_staff)
# Planning: series, meetings, agenda, invitations, minutes. Officers and the chief executive's office run the
# dialogue; an organiser runs their own meeting.
rules.add_perm("meetings.add_meeting", is_officer | is_chief_executive | is_administrator)
rules.add_perm("meetings.manage_series", is_officer | is_chief_executive | is_administrator)
rules.add_perm("meetings.change_meeting", organises | is_meeting_staff)
# Council members of the series propose agenda items before the deadline.
rules.add_perm("meetings.propose_item", (belongs_to_series | participates) & (is_council_member | is_meeting_staff))
# An action point's owner updates its status; so does whoever runs the meeting.
rules.add_perm("meetings.change_action_point", owns_action_point | is_meeting_staff)


# --- The stored PDFs (notice and minutes) -------------------------------------------------------


@rules.predicate
def sees_internal(user, meeting) -> bool:
    return meeting is not None and user.has_perm("meetings.view_internal", meeting)


@rules.predicate
def is_public_without_internal_items(user, meeting) -> bool:
    # The notice lists the series' open follow-ups too, so an internal one among them keeps it in the circle.
    return (
        meeting is not None
        and meeting.visibility == Visibility.PUBLIC
        and not meeting.agenda.filter(internal=True).exists()
        and not open_follow_ups(meeting).filter(NOT_PUBLIC_ACTION_POINT).exists()
    )


@rules.predicate
def has_published_public_minutes(user, meeting) -> bool:
    return meeting is not None and meeting.visibility == Visibility.PUBLIC and meeting.state == Meeting.State.MINUTES_PUBLISHED


# The notice and the full minutes hold everything, internal items marked as such: outside the meeting's
# circle, only a public meeting's notice without internal items. The public minutes leave the internal
# items and action points out (offentleglova): anyone's once a public meeting's minutes are published.
rules.add_perm("meetings.view_notice_pdf", sees_internal | is_public_without_internal_items)
rules.add_perm("meetings.view_minutes_pdf", sees_internal)
rules.add_perm("meetings.view_public_minutes_pdf", sees_internal | has_published_public_minutes)
