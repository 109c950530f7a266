"""The meetings app's part of the front page: the next public meetings."""

from meetings.queries import next_public_meetings

FRONT_PAGE_MEETINGS = 3


def next_meetings(request) -> dict:
    return {"meetings": list(next_public_meetings(limit=FRONT_PAGE_MEETINGS))}
