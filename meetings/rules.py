"""Permission predicates for dialogue meetings."""

import rules

from meetings.queries import is_participant
from portal.rules import is_administrator, is_chief_executive, is_officer


@rules.predicate
def participates(user, meeting) -> bool:
    return meeting is not None and is_participant(meeting, user)


@rules.predicate
def organises(user, meeting) -> bool:
    return meeting is not None and user.is_authenticated and meeting.organiser_id == user.pk


# Who is invited, and their answers, is personal data: the organiser and staff see it.
rules.add_perm("meetings.view_participants", organises | is_officer | is_chief_executive | is_administrator)
# The online link is for participants only (and only near the start; see views.ONLINE_LINK_SHOWN_BEFORE).
rules.add_perm("meetings.view_online_link", participates | organises)
