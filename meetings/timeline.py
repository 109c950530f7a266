"""What the dialogue meetings put on a business's timeline: the agenda items and action points that name
it, as the user may see them. Registered from MeetingsConfig.ready(); see portal/timeline.py.

The visibility rules are meetings/queries.py's: staff see everything; the meeting's own circle (its
organiser, participants and series members: ``own_meetings``) sees its internal items; everyone else
sees the public items of public meetings, and the public action points once the minutes are published.
"""

from django.db.models import CharField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionPoint, AgendaItem, Meeting, Visibility
from meetings.queries import NOT_PUBLIC_ACTION_POINT, own_meetings
from portal import timeline
from portal.queries import user_roles
from portal.roles import STAFF_ROLES
from portal.timeline import Entry


def _circle(user) -> Q:
    """The meetings whose internal parts the user may read (those of meetings.view_internal), as a filter."""
    return Q(meeting__in=own_meetings(user).order_by().values("pk"))


def visible_agenda_items(user):
    items = AgendaItem.objects.exclude(meeting__state=Meeting.State.CANCELLED)
    if user.is_authenticated and user_roles(user) & STAFF_ROLES:
        return items
    public = Q(meeting__visibility=Visibility.PUBLIC, internal=False)
    return items.filter(public | _circle(user)) if user.is_authenticated else items.filter(public)


def visible_action_points(user):
    points = ActionPoint.objects.all()
    if user.is_authenticated and user_roles(user) & STAFF_ROLES:
        return points
    public = Q(meeting__visibility=Visibility.PUBLIC, meeting__state=Meeting.State.MINUTES_PUBLISHED) & ~NOT_PUBLIC_ACTION_POINT
    return points.filter(public | _circle(user)) if user.is_authenticated else points.filter(public)


ITEM, ACTION_POINT = 1, 2
COLUMNS = ("t_when", "t_source", "t_pk", "t_title", "t_internal", "t_status", "t_meeting", "t_meeting_title", "t_meeting_state")


def _columns(source: int, *, internal, status) -> dict:
    return {
        "t_when": F("meeting__starts_at"),
        "t_source": Value(source, output_field=IntegerField()),
        "t_pk": F("pk"),
        "t_title": Cast(F("title"), CharField()),
        "t_internal": internal,
        "t_status": status,
        "t_meeting": F("meeting_id"),
        "t_meeting_title": F("meeting__title"),
        "t_meeting_state": F("meeting__state"),
    }


def meeting_entries(business, user, *, before=None, limit: int) -> list[Entry]:
    """The agenda items and action points that name the business, in one UNION query."""
    items = visible_agenda_items(user).filter(businesses=business)
    items = items.annotate(**_columns(ITEM, internal=F("internal"), status=Value("", output_field=CharField())))
    points = visible_action_points(user).filter(businesses=business)
    points = points.annotate(**_columns(ACTION_POINT, internal=Value(False), status=F("status")))
    if before is not None:
        items, points = items.filter(meeting__starts_at__lte=before), points.filter(meeting__starts_at__lte=before)
    rows = items.order_by().values(*COLUMNS).union(points.order_by().values(*COLUMNS), all=True)
    return [_entry(row) for row in rows.order_by("-t_when", "-t_source", "-t_pk")[:limit]]


def _entry(row: dict) -> Entry:
    meeting_text = f"{row['t_meeting_title']}, {date_format(timezone.localtime(row['t_when']), 'SHORT_DATE_FORMAT')}"
    common = {"when": row["t_when"], "title": row["t_title"], "text": meeting_text, "app": "meetings"}
    if row["t_source"] == ITEM:
        return Entry(
            kind=_("Agenda item"),
            state=_("Internal") if row["t_internal"] else "",
            url=reverse("meetings:detail", kwargs={"pk": row["t_meeting"]}) + f"#item-{row['t_pk']}",
            key=(ITEM, row["t_pk"]),
            **common,
        )
    published = row["t_meeting_state"] == Meeting.State.MINUTES_PUBLISHED
    return Entry(
        kind=_("Action point"),
        state=ActionPoint.Status(row["t_status"]).label,
        url=reverse("meetings:minutes" if published else "meetings:detail", kwargs={"pk": row["t_meeting"]}),
        key=(ACTION_POINT, row["t_pk"]),
        **common,
    )


def register() -> None:
    timeline.register("meetings.items_and_action_points", meeting_entries, order=60)
