"""What the meetings contribute to the staff start page (/arbeid/): proposals to decide, minutes to
write, and the user's own action points that are due. Registered from MeetingsConfig.ready()."""

import datetime

from django.utils import timezone

from meetings.queries import action_points_due, minutes_to_write, proposals_to_decide
from meetings.rules import is_meeting_staff
from portal import startpage

# Action points show up on the start page this long before they are due (and stay once overdue).
DUE_SOON = datetime.timedelta(days=14)


def proposals(user) -> dict:
    items = list(proposals_to_decide(user))
    return {"proposals": items, "count": len(items)}


def minutes(user) -> dict:
    items = list(minutes_to_write(user))
    return {"meetings": items, "count": len(items)}


def action_points(user) -> dict:
    today = timezone.localdate()
    items = list(action_points_due(user, until=today + DUE_SOON))
    return {"points": items, "count": len(items), "today": today}


def register() -> None:
    # Those who run the dialogue decide proposals and write minutes; anyone may own an action point.
    startpage.register(
        "meetings.proposals",
        page=startpage.WORK,
        template="meetings/startpage/proposals.html",
        context=proposals,
        applies_to=is_meeting_staff,
        order=10,
    )
    startpage.register(
        "meetings.minutes",
        page=startpage.WORK,
        template="meetings/startpage/minutes.html",
        context=minutes,
        applies_to=is_meeting_staff,
        order=20,
    )
    startpage.register(
        "meetings.action_points",
        page=startpage.WORK,
        template="meetings/startpage/action_points.html",
        context=action_points,
        order=30,
    )
