"""The meetings app's part of the front page: the next public meetings. Registered from MeetingsConfig.ready()."""

from meetings.queries import next_public_meetings
from portal import startpage

FRONT_PAGE_MEETINGS = 3


def next_meetings(user) -> dict:
    return {"meetings": list(next_public_meetings(limit=FRONT_PAGE_MEETINGS))}


def register() -> None:
    startpage.register(
        "meetings.next_public",
        page=startpage.FRONT,
        template="meetings/includes/frontpage_meetings.html",
        context=next_meetings,
    )
