"""What the dialogue meetings contribute to the dashboard (/oversikt/) and the Næringsrapport.
Registered from MeetingsConfig.ready().

Only what anyone may read is counted or shown: public meetings, their public agenda items and
action points, and decisions from minutes that are published. Internal meetings, internal items,
internal action points (and those agreed under an internal item) and minutes not yet published are
left out, even as a number: the report goes before the formannskap and is a public document, and a
figure then matches the public list behind it.

Meetings belong to no municipality, so with one municipality chosen these sections still cover the
whole portal (and say so).
"""

import datetime
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from meetings.models import ActionPoint, AgendaItem, Meeting, Visibility
from meetings.queries import public_action_points
from portal import startpage
from portal.charts import Chart, Series
from portal.dashboard import DashboardFilters, Period

HELD = (Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED)
# An open action point's age in whole days since it was recorded: [from, to) per bucket, None: no end.
AGE_BUCKETS = ((0, 30), (30, 90), (90, 180), (180, None))


def _starts_in(period: Period, prefix: str = "") -> Q:
    start, end = period.bounds()
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": end})


# A public item whose decision was recorded in published minutes (a non-empty text is greater than "").
PUBLIC_DECISION = Q(agenda__internal=False, agenda__decision__gt="", state=Meeting.State.MINUTES_PUBLISHED)


def meeting_counts(period: Period) -> dict:
    """Public meetings held in the period and in the same span a year earlier, how many of them have
    published minutes, and the decisions recorded in those minutes (public items only): one query."""
    previous = period.previous()
    now, before = _starts_in(period), _starts_in(previous)
    return Meeting.objects.filter(now | before, visibility=Visibility.PUBLIC, state__in=HELD).aggregate(
        held=Count("pk", distinct=True, filter=now),
        held_before=Count("pk", distinct=True, filter=before),
        published=Count("pk", distinct=True, filter=now & Q(state=Meeting.State.MINUTES_PUBLISHED)),
        decisions=Count("agenda", filter=now & PUBLIC_DECISION),
        decisions_before=Count("agenda", filter=before & PUBLIC_DECISION),
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def open_action_points(today: datetime.date) -> dict:
    """The public action points of published minutes that are not done, by age (days since they were
    recorded, by the local date) and how many are overdue (due before today): one query."""
    points = public_action_points(
        ActionPoint.objects.filter(meeting__visibility=Visibility.PUBLIC, meeting__state=Meeting.State.MINUTES_PUBLISHED)
    ).exclude(status=ActionPoint.Status.DONE)
    overdue = Q(due_date__lt=today)
    counts = {"total": Count("pk"), "overdue": Count("pk", filter=overdue)}
    for index, (low, high) in enumerate(AGE_BUCKETS):
        # At least `low` days old: recorded before the midnight that began the day (today - low + 1);
        # younger than `high` days: recorded from the midnight that began the day (today - high + 1).
        age = Q(created__lt=_local_midnight(today - datetime.timedelta(days=low - 1)))
        if high is not None:
            age &= Q(created__gte=_local_midnight(today - datetime.timedelta(days=high - 1)))
        counts[f"age_{index}"] = Count("pk", filter=age)
        counts[f"overdue_{index}"] = Count("pk", filter=age & overdue)
    found = points.aggregate(**counts)
    buckets = [
        {"label": _bucket_label(low, high), "open": found[f"age_{index}"], "overdue": found[f"overdue_{index}"]}
        for index, (low, high) in enumerate(AGE_BUCKETS)
    ]
    return {"total": found["total"], "overdue": found["overdue"], "buckets": buckets}


def _bucket_label(low: int, high: int | None) -> str:
    if not low:
        return _("Under %(days)s days") % {"days": high}
    if high is None:
        return _("%(days)s days or more") % {"days": low}
    return _("%(low)s–%(high)s days") % {"low": low, "high": high - 1}


def figures(user, *, filters: DashboardFilters) -> dict:
    """The dashboard's figures of the dialogue meetings (two queries): meetings held and decisions made in
    the period against the same span a year earlier, and the open action points now by age."""
    period, previous = filters.period, filters.period.previous()
    today = timezone.localdate()
    counts = meeting_counts(period)
    points = open_action_points(today)
    meetings_url = reverse("meetings:list")  # public: anyone may read the list of public meetings
    # The list of every open action point is for those who run the dialogue; others see their own there.
    points_url = reverse("meetings:my_action_points") if user.has_perm("meetings.manage_series") else None
    held_chart = Chart(
        key="meetings-held",
        title=_("Public dialogue meetings held and decisions made, %(period)s against %(previous)s")
        % {"period": period.label, "previous": previous.label},
        labels=(_("Meetings held"), _("Decisions made")),
        series=(
            Series(previous.label, (counts["held_before"], counts["decisions_before"])),
            Series(period.label, (counts["held"], counts["decisions"])),
        ),
        unit=pgettext("chart unit", "number"),
        links=(meetings_url, None),
    )
    age_chart = Chart(
        key="meetings-action-points",
        title=_("Open action points by age"),
        labels=tuple(bucket["label"] for bucket in points["buckets"]),
        series=(
            Series(pgettext("action points", "Open"), tuple(bucket["open"] for bucket in points["buckets"])),
            Series(pgettext("action points", "Overdue"), tuple(bucket["overdue"] for bucket in points["buckets"])),
        ),
        unit=_("action points"),
    )
    return {
        "heading": _("Dialogue meetings"),
        "anchor": "meetings-figures",
        "period": period,
        "previous": previous,
        "counts": counts,
        "points": points,
        "today": today,
        "whole_portal": not filters.all_served,
        "held_chart": held_chart,
        "age_chart": age_chart,
        "meetings_url": meetings_url,
        "points_url": points_url,
    }


def period_decisions(period: Period) -> list[dict]:
    """The decisions of the period's public meetings whose minutes are published, public items only, in
    date order: [{"title", "starts_at", "items": [{"title", "decision"}]}]. One query."""
    rows = (
        AgendaItem.objects.filter(
            _starts_in(period, "meeting__"),
            meeting__visibility=Visibility.PUBLIC,
            meeting__state=Meeting.State.MINUTES_PUBLISHED,
            internal=False,
            decision__gt="",
        )
        .order_by("meeting__starts_at", "meeting_id", "position", "pk")
        .values("meeting_id", "meeting__title", "meeting__starts_at", "title", "decision")
    )
    meetings = []
    for _meeting, group in groupby(rows, key=itemgetter("meeting_id")):
        items = list(group)
        meetings.append(
            {
                "title": items[0]["meeting__title"],
                "starts_at": items[0]["meeting__starts_at"],
                "items": [{"title": row["title"], "decision": row["decision"]} for row in items],
            }
        )
    return meetings


def decisions(user, *, filters: DashboardFilters) -> dict:
    """The Næringsrapport's list of the period's decisions (one query)."""
    meetings = period_decisions(filters.period)
    return {
        "heading": _("Decisions of the dialogue meetings"),
        "anchor": "meetings-decisions",
        "period": filters.period,
        "meetings": meetings,
        "count": sum(len(meeting["items"]) for meeting in meetings),
        "whole_portal": not filters.all_served,
    }


def register() -> None:
    # The dashboard's order: the registry 10, the contact point 20, the meetings 30, the plan 40, procurement 50.
    startpage.register(
        "meetings.figures",
        page=startpage.DASHBOARD,
        template="meetings/dashboard/figures.html",
        context=figures,
        order=30,
    )
    # The report's own sections after the dashboard's: the plan's status 10, the decisions 20.
    startpage.register(
        "meetings.decisions",
        page=startpage.REPORT,
        template="meetings/dashboard/decisions.html",
        context=decisions,
        order=20,
    )
