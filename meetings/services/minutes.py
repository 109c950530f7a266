"""Writes for the minutes: attendance, notes and decisions per item, action points, publishing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionPoint, AgendaItem, Meeting
from meetings.services import MeetingStateError
from meetings.services.pdfs import schedule_pdfs
from portal.services import log_activity


def check_minutes_open(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.HELD:
        raise MeetingStateError(_("Minutes are written for a held meeting whose minutes are not published."), meeting=meeting)


@transaction.atomic
def record_minutes(meeting: Meeting, *, attended_ids: set[int], items: dict[int, tuple[str, str]], by) -> None:
    """Attendance (participant ids present) and, per agenda item id, (notes, decision)."""
    check_minutes_open(meeting)
    for participant in meeting.participants.all():
        attended = participant.pk in attended_ids
        if participant.attended is not attended:
            participant.attended = attended
            participant.save(update_fields=["attended"])
    for item in meeting.agenda.filter(pk__in=items):
        notes, decision = items[item.pk]
        if (item.notes, item.decision) != (notes, decision):
            item.notes, item.decision = notes, decision
            item.save(update_fields=["notes", "decision"])
    log_activity(meeting, actor=by, action="meetings.minutes_recorded", data={"attended": len(attended_ids)})
    schedule_pdfs(meeting)


@transaction.atomic
def add_action_point(meeting: Meeting, *, by, businesses=(), agenda_item: AgendaItem | None = None, **fields) -> ActionPoint:
    check_minutes_open(meeting)
    point = ActionPoint.objects.create(meeting=meeting, agenda_item=agenda_item, **fields)
    point.businesses.set(businesses)
    log_activity(meeting, actor=by, action="meetings.action_point_added", data={"action_point": point.pk})
    _schedule_series_pdfs(meeting)
    return point


@transaction.atomic
def update_action_point(point: ActionPoint, *, status: str, status_note: str, by) -> bool:
    """The owner (or whoever runs the meeting) reports progress. Done closes it: it leaves the next agendas."""
    if (point.status, point.status_note) == (status, status_note):
        return False
    point.status, point.status_note = status, status_note
    point.closed_at = timezone.now() if status == ActionPoint.Status.DONE else None
    point.save(update_fields=["status", "status_note", "closed_at", "updated"])
    log_activity(
        point.meeting, actor=by, action="meetings.action_point_changed", data={"action_point": point.pk, "status": status}
    )
    _schedule_series_pdfs(point.meeting)
    return True


def _schedule_series_pdfs(meeting: Meeting) -> None:
    """An action point is in this meeting's minutes and in the notices of the series' coming meetings."""
    schedule_pdfs(meeting)
    if meeting.series_id is None:
        return
    coming = Meeting.objects.filter(
        series_id=meeting.series_id,
        starts_at__gt=meeting.starts_at,
        state__in=[Meeting.State.PLANNED, Meeting.State.INVITED],
    )
    for later in coming:
        schedule_pdfs(later)


@transaction.atomic
def publish_minutes(meeting: Meeting, *, by) -> bool:
    """Held → minutes published: public meetings' minutes become readable by anyone. A repeat is a no-op."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == Meeting.State.MINUTES_PUBLISHED:
        return False
    check_minutes_open(meeting)
    meeting.state = Meeting.State.MINUTES_PUBLISHED
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["state", "minutes_published_at", "updated"])
    log_activity(meeting, actor=by, action="meetings.minutes_published")
    schedule_pdfs(meeting)
    return True


@transaction.atomic
def withdraw_minutes(meeting: Meeting, *, by) -> bool:
    """Minutes published → held, to correct them. A repeat is a no-op."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != Meeting.State.MINUTES_PUBLISHED:
        return False
    meeting.state = Meeting.State.HELD
    meeting.minutes_published_at = None
    meeting.save(update_fields=["state", "minutes_published_at", "updated"])
    log_activity(meeting, actor=by, action="meetings.minutes_withdrawn")
    schedule_pdfs(meeting)
    return True
