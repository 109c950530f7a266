"""Procurement's section of the dashboard and the Næringsrapport: notices published by kind, market dialogues
held, and the value awarded and its share to local businesses, in the period against the same span a year
earlier. Registered from ProcurementConfig.ready().

Notices and dialogues are the portal's (its buyers' notices as mirrored from Doffin), whichever municipality is
chosen: a notice has no municipality of its own. The municipalities chosen decide which winners are local.
Two queries, however many notices: one counts the notices and the dialogues of both periods, one sums the
contracts awarded in both (procurement.services.awards.awarded_in).
"""

from urllib.parse import urlencode

from django.db.models import Count, Func, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal import startpage
from portal.charts import Chart, Series
from portal.dashboard import DashboardFilters, Period
from procurement.models import MarketDialogue, Notice
from procurement.queries import has_type
from procurement.services.awards import INTENT, awarded_in

# The kinds of notice counted, each with the notice list's type filter that lists them.
KINDS = ("COMPETITION", "PLANNING", "RESULT")


def _kind_filters() -> dict[str, Q]:
    return {
        "COMPETITION": has_type("COMPETITION"),
        "PLANNING": has_type("PLANNING"),
        # As the awards count them: an intention to award is followed by the award's own notice.
        "RESULT": (has_type("RESULT") | Q(status=Notice.Status.AWARDED)) & ~Q(type=INTENT),
    }


def _kind_label(kind: str) -> str:
    return {
        "COMPETITION": pgettext("dashboard notices", "Competitions"),
        "PLANNING": pgettext("dashboard notices", "Prior information notices"),
        "RESULT": pgettext("dashboard notices", "Contract awards"),
    }[kind]


def _published_in(period: Period) -> Q:
    return Q(published_on__gte=period.start, published_on__lte=period.end)


class Alongside(Subquery):
    """A scalar subquery that ``QuerySet.aggregate()`` accepts beside its aggregates. Its value does not depend on
    the rows aggregated, so it can stand in the same SELECT: one round trip for two tables' counts."""

    contains_aggregate = True


def counts(filters: DashboardFilters, *, now=None) -> dict:
    """One query: the notices published by kind, and the market dialogues held, in the period and the previous
    one. A dialogue is held on its supplier conference, or without one by its input deadline, once that day has
    come; drafts are not counted."""
    now = now or timezone.now()
    periods = {"current": filters.period, "previous": filters.period.previous()}
    held = MarketDialogue.objects.exclude(state=MarketDialogue.State.DRAFT).annotate(
        held=Coalesce("conference_at", "input_deadline")
    )
    aggregates = {}
    for name, period in periods.items():
        published = _published_in(period)
        aggregates[f"{name}_all"] = Count("pk", filter=published)
        for kind, condition in _kind_filters().items():
            aggregates[f"{name}_{kind}"] = Count("pk", filter=published & condition)
        start, end = period.bounds()
        dialogues = held.filter(held__gte=start, held__lt=end, held__lte=now).order_by().values(n=Func("pk", function="COUNT"))
        aggregates[f"{name}_dialogues"] = Alongside(dialogues)
    earlier = periods["previous"]
    notices = Notice.objects.filter(published_on__gte=earlier.start, published_on__lte=filters.period.end)
    row = notices.aggregate(**aggregates)
    return {
        name: {
            "notices": row[f"{name}_all"],
            "kinds": {kind: row[f"{name}_{kind}"] for kind in KINDS},
            "dialogues": row[f"{name}_dialogues"],
        }
        for name in periods
    }


def awards(filters: DashboardFilters) -> dict:
    """One query: contracts and value awarded in the period and the previous one, and to local businesses."""
    periods = {"current": filters.period, "previous": filters.period.previous()}
    ranges = {name: (period.start, period.end) for name, period in periods.items()}
    return awarded_in(ranges, municipalities=filters.municipalities)


def _notice_list_url(kind: str) -> str:
    return f"{reverse('procurement:notices')}?{urlencode({'type': kind})}"


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def procurement_figures(user, *, filters: DashboardFilters) -> dict:
    """The section's data (no personal data: counts and sums only)."""
    counted, awarded = counts(filters), awards(filters)
    current, previous = counted["current"], counted["previous"]
    period, earlier = filters.period, filters.period.previous()
    # The awards page shows whole years: a year's figures link to that year, a tertial's to the page itself.
    awards_url = reverse("procurement:awards")
    if not period.tertial:
        awards_url += f"?year={period.year}"
    notices_chart = Chart(
        key="procurement-notices",
        title=_("Notices published, %(period)s and %(previous)s") % {"period": period.label, "previous": earlier.label},
        labels=tuple(_kind_label(kind) for kind in KINDS),
        series=(
            Series(period.label, tuple(current["kinds"][kind] for kind in KINDS)),
            Series(earlier.label, tuple(previous["kinds"][kind] for kind in KINDS)),
        ),
        unit=_("notices"),
        links=tuple(_notice_list_url(kind) for kind in KINDS),
    )
    value_chart = Chart(
        key="procurement-value",
        title=_("Value awarded (NOK), %(period)s and %(previous)s") % {"period": period.label, "previous": earlier.label},
        labels=(_("To every winner"), _("To local businesses")),
        series=tuple(
            Series(label, (int(totals.value), int(totals.local_value)))
            for label, totals in ((period.label, awarded["current"]), (earlier.label, awarded["previous"]))
        ),
        unit="NOK",
        links=(awards_url,) * 2,
    )
    return {
        "heading": _("Procurement"),
        "period": period,
        "previous_period": earlier,
        "notices": {"current": current["notices"], "previous": previous["notices"]},
        "dialogues": {"current": current["dialogues"], "previous": previous["dialogues"]},
        "awards": awarded,
        "shares": [_percent(awarded["current"].share_of_value), _percent(awarded["previous"].share_of_value)],
        "charts": [notices_chart, value_chart],
        "notices_url": reverse("procurement:notices"),
        "dialogues_url": reverse("procurement:dialogues"),
        "awards_url": awards_url,
    }


def register() -> None:
    startpage.register(
        "procurement.figures",
        page=startpage.DASHBOARD,
        template="procurement/dashboard/figures.html",
        context=procurement_figures,
        order=50,
    )
