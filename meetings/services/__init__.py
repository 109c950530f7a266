"""Writes and state transitions for dialogue meetings, one module per part of the work."""


class MeetingStateError(Exception):
    """The meeting is not in a state that allows this; the message says why, for the user.

    Defined here, in the package every service module is part of, so each can raise it without
    importing another. ``meeting`` (if given) is the meeting the user is sent back to.
    """

    def __init__(self, message, *, meeting=None):
        super().__init__(message)
        self.meeting = meeting
