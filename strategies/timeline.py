"""What the strategic business plan contributes to other pages: the measures that name a business on its
timeline, and the measures that name a meeting or its action points on the meeting page. Registered from
StrategiesConfig.ready(); see portal/timeline.py and portal/related.py.

Plans out of draft are public, so on the timeline their measures are shown to everyone; drafts and archived
revisions (history, replaced by the revision in force) are not linked from other pages.
"""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import related, timeline
from portal.timeline import Entry
from strategies.models import Measure
from strategies.queries import measures_linked_to_meeting, public_measures_naming


def measure_entries(business, user, *, before=None, limit: int) -> list[Entry]:
    """Public measures naming the business, by when they last changed, in one query."""
    measures = public_measures_naming(business)
    if before is not None:
        measures = measures.filter(updated__lte=before)
    rows = measures.order_by("-updated", "-pk").values(
        "pk", "code", "title", "state", "updated", plan_title=F("goal__focus_area__plan__title")
    )[:limit]
    return [
        Entry(
            when=row["updated"],
            kind=_("Measure in the plan"),
            title=f"{row['code']} {row['title']}".strip(),
            text=row["plan_title"],
            state=Measure.State(row["state"]).label,
            url=reverse("strategies:measure", kwargs={"pk": row["pk"]}),
            app="strategies",
            key=(1, row["pk"]),
        )
        for row in rows
    ]


def meeting_links(meeting, user) -> list[dict]:
    """The measures the user may see that name the meeting or one of its action points, in one query."""
    if meeting.__class__.__name__ != "Meeting" or meeting._meta.app_label != "meetings":
        return []
    return [
        {"title": str(measure), "url": measure.get_absolute_url(), "kind": _("Measure in the plan")}
        for measure in measures_linked_to_meeting(meeting, user)
    ]


def register() -> None:
    timeline.register("strategies.measures", measure_entries, order=70)
    related.register("strategies.measures", meeting_links)
