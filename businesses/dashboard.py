"""What the businesses app contributes to the dashboard (/oversikt/) and the Næringsrapport. Registered from
BusinessesConfig.ready().

Two sections, counts and medians only, never a name or a text:

- the business population ("businesses.population"): the businesses in the municipalities chosen by sector
  and size band, registered and active per municipality, and the registry events (new, bankrupt, liquidation,
  deleted) per month in the period against the same span a year earlier. Two queries: one GROUP BY over the
  businesses (municipality x sector x number of employees, with conditional counts, read from one index and
  added up into size bands), one over the events (figure x month, both periods, by the municipality recorded
  with each event); the sectors' names are reference data, read once per process.
- the contact point and follow-up ("businesses.follow_up_figures"): enquiries per topic and month, the median
  time to the first answer, red flags open at the end of the period, interactions per sector and businesses
  visited. Three queries: the enquiries (one row of conditional aggregates, medians included), the red flags,
  the interactions.

Each figure links to the list behind it where the viewer may see that list: the registry (/bedrifter/) is
public; the enquiries, red flags and interactions are the business team's. The report's reader is anonymous
and the template shows no links there (``pdf``).
"""

import datetime
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from businesses.filters.registry import SIZE_BANDS as LIST_SIZE_BANDS
from businesses.models import RedFlag, RegistryEvent, Topic
from businesses.queries import (
    NOT_REPORTED,
    SIZE_BAND_KEYS,
    business_population,
    enquiry_figures,
    industry_section_names,
    interactions_per_sector,
    open_red_flags_by_category,
    registry_events_by_month,
)
from portal import startpage
from portal.charts import HORIZONTAL_BAR, Chart, Series
from portal.dashboard import DashboardFilters, Period

# --- Helpers -----------------------------------------------------------------------------------


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _month_label(month: datetime.date) -> str:
    return formats.date_format(month, "M")


def _begun(period: Period, today: datetime.date) -> list[bool]:
    """Per month of ``period``: whether it has begun by ``today`` (a month to come has no figure yet)."""
    return [month <= today for month in period.months]


def _so_far(values: list, begun: list[bool]) -> tuple:
    return tuple(value if has_begun else None for value, has_begun in zip(values, begun, strict=True))


def _sector_label(section: str, names: dict[str, str]) -> str:
    if not section:
        return _("No industry code")
    name = names.get(section, "")
    return f"{section} {name}" if name else section


def _size_band_label(key: str) -> str:
    if key == NOT_REPORTED:
        return _("Not reported")
    if key == "250+":
        return _("250 or more")
    return key.replace("-", "–")


# --- The business population -------------------------------------------------------------------

EVENT_ORDER = (
    RegistryEvent.Kind.NEW,
    RegistryEvent.Kind.BANKRUPT,
    RegistryEvent.Kind.LIQUIDATION,
    RegistryEvent.Kind.DELETED,
)


def _event_label(figure: str) -> str:
    return {
        RegistryEvent.Kind.NEW: _("New registrations"),
        RegistryEvent.Kind.BANKRUPT: _("Bankruptcies"),
        RegistryEvent.Kind.LIQUIDATION: _("Liquidations and forced dissolutions"),
        RegistryEvent.Kind.DELETED: _("Deletions from the register"),
    }[figure]


def population_figures(user, *, filters: DashboardFilters, today: datetime.date | None = None) -> dict:
    """The section's data: the businesses in the municipalities chosen, and the registry events of the period
    against the previous one (for a period still running: its months so far against the same months)."""
    today = today or timezone.localdate()
    period, previous = filters.period, filters.period.previous()
    municipality = filters.chosen or None  # without: the list covers the served municipalities by itself
    groups = business_population(filters.municipalities)
    names = industry_section_names()

    totals = {number: {"registered": 0, "active": 0} for number in filters.municipalities}
    sectors: dict[str, int] = {}
    bands = dict.fromkeys(SIZE_BAND_KEYS, 0)
    for group in groups:
        totals[group["municipality"]]["registered"] += group["registered"]
        totals[group["municipality"]]["active"] += group["active"]
        if group["active"]:
            sectors[group["section"]] = sectors.get(group["section"], 0) + group["active"]
            bands[group["band"]] += group["active"]
    municipality_names = settings.MUNICIPALITY_NAMES
    municipalities = [
        {
            "number": number,
            "name": municipality_names.get(number, number),
            **counts,
            "active_url": _url("businesses:list", municipality=number, status="active"),
        }
        for number, counts in totals.items()
    ]
    registered = sum(row["registered"] for row in municipalities)
    active = sum(row["active"] for row in municipalities)

    # The sections in the classification's order, the businesses without an industry code last.
    sections = sorted(sectors, key=lambda section: (section == "", section))
    sector_chart = Chart(
        key="business-sectors",
        title=_("Active businesses by sector (SN2025)"),
        labels=tuple(_sector_label(section, names) for section in sections),
        series=(Series(_("Active businesses"), tuple(sectors[section] for section in sections)),),
        unit=_("businesses"),
        kind=HORIZONTAL_BAR,
        links=tuple(
            _url("businesses:list", municipality=municipality, section=section, status="active") if section else None
            for section in sections
        ),
    )
    size_chart = Chart(
        key="business-sizes",
        title=_("Active businesses by number of employees"),
        labels=tuple(_size_band_label(key) for key in SIZE_BAND_KEYS),
        series=(Series(_("Active businesses"), tuple(bands[key] for key in SIZE_BAND_KEYS)),),
        unit=_("businesses"),
        # The registry list filters by some of SSB's bands only (its 10–49 and 50–249 are coarser).
        links=tuple(
            _url("businesses:list", municipality=municipality, size=key, status="active") if key in LIST_SIZE_BANDS else None
            for key in SIZE_BAND_KEYS
        ),
    )

    events = registry_events_by_month(period, municipalities=filters.municipalities)
    begun = _begun(period, today)
    running = not all(begun)
    months = tuple(_month_label(month) for month in events["months"])
    event_rows, event_charts = [], []
    for figure in EVENT_ORDER:
        counts = events["counts"][figure]
        current = _so_far(counts["current"], begun)
        earlier = tuple(counts["previous"])
        event_rows.append(
            {
                "label": _event_label(figure),
                "current": sum(value for value in current if value is not None),
                # The same months a year earlier: a year so far is compared with the same part of the last.
                "previous": sum(value for value, has_begun in zip(earlier, begun, strict=True) if has_begun),
            }
        )
        event_charts.append(
            Chart(
                key=f"business-events-{figure}",
                title=_("%(figure)s per month, %(period)s and %(previous)s")
                % {"figure": _event_label(figure), "period": period.label, "previous": previous.label},
                labels=months,
                series=(Series(period.label, current), Series(previous.label, earlier)),
                unit=_("businesses"),
            )
        )
    totals_chart = Chart(
        key="business-events",
        title=_("Registry events, %(period)s and %(previous)s") % {"period": period.label, "previous": previous.label},
        labels=tuple(row["label"] for row in event_rows),
        series=(
            Series(period.label, tuple(row["current"] for row in event_rows)),
            Series(
                _("%(previous)s, the same months") % {"previous": previous.label} if running else previous.label,
                tuple(row["previous"] for row in event_rows),
            ),
        ),
        unit=_("businesses"),
    )
    return {
        "heading": _("Business population"),
        "period": period,
        "previous_period": previous,
        "running": running,
        "municipality_label": filters.municipality_label,
        "municipalities": municipalities,
        "registered": registered,
        "active": active,
        "active_url": _url("businesses:list", municipality=municipality, status="active"),
        "sectors": [{"section": section, "active": sectors[section]} for section in sections],
        "bands": bands,
        "events": event_rows,
        "event_months": dict(zip(EVENT_ORDER, (events["counts"][figure] for figure in EVENT_ORDER), strict=True)),
        # The same figures per month as one table (the report's, in place of the charts per month).
        "event_table": {
            "figures": [row["label"] for row in event_rows],
            "rows": [
                {
                    "month": label,
                    "values": [
                        value
                        for chart in event_charts
                        for value in (chart.series[0].values[position], chart.series[1].values[position])
                    ],
                }
                for position, label in enumerate(months)
            ],
        },
        "charts": {"totals": totals_chart, "sectors": sector_chart, "sizes": size_chart, "events": event_charts},
    }


# --- The contact point and follow-up -----------------------------------------------------------


def follow_up_figures(user, *, filters: DashboardFilters, today: datetime.date | None = None) -> dict:
    """The section's data. With one municipality chosen, only what is about businesses registered there counts:
    an enquiry about no business counts only when every served municipality is shown."""
    today = today or timezone.localdate()
    period = filters.period
    municipalities = None if filters.all_served else filters.municipalities
    enquiries = enquiry_figures(period, municipalities=municipalities)
    flags = open_red_flags_by_category(period, municipalities=municipalities)
    sectors = interactions_per_sector(period, municipalities=municipalities)
    names = industry_section_names()

    # The lists behind the figures are the business team's (rules' own check: no extra query).
    handles_enquiries = rules.has_perm("businesses.handle_enquiries", user)
    uses_crm = rules.has_perm("businesses.use_crm", user)
    begun = _begun(period, today)
    dates = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}

    topics = [
        {
            "topic": topic,
            "label": str(label),  # the chart is drawn from plain text
            "months": enquiries["counts"][topic],
            "cells": _so_far(enquiries["counts"][topic], begun),  # "–" for a month to come
            "count": sum(enquiries["counts"][topic]),
            "answered": enquiries["answered"][topic],
            "median_hours": enquiries["median_hours"]["by_topic"][topic],
            "url": _url("contact:enquiries", topic=topic) if handles_enquiries else None,
        }
        for topic, label in Topic.choices
    ]
    per_month = [sum(row["months"][position] for row in topics) for position in range(len(enquiries["months"]))]
    month_labels = tuple(_month_label(month) for month in enquiries["months"])
    red_flags = [
        {
            "label": str(label),  # the chart is drawn from plain text
            "count": flags[category],
            "url": _url("businesses:red_flags", status="open", category=category) if uses_crm else None,
        }
        for category, label in RedFlag.Category.choices
    ]
    sector_rows = [{**row, "label": _sector_label(row["section"], names)} for row in sectors]
    charts = {
        "months": Chart(
            key="enquiries-per-month",
            title=_("Enquiries per month, %(period)s") % {"period": period.label},
            labels=month_labels,
            series=(Series(_("Enquiries"), _so_far(per_month, begun)),),
            unit=_("enquiries"),
        ),
        "topics": Chart(
            key="enquiries-per-topic",
            title=_("Enquiries per topic, %(period)s") % {"period": period.label},
            labels=tuple(row["label"] for row in topics),
            series=(Series(_("Enquiries"), tuple(row["count"] for row in topics)),),
            unit=_("enquiries"),
            kind=HORIZONTAL_BAR,
            links=tuple(row["url"] for row in topics),
        ),
        "red_flags": Chart(
            key="open-red-flags",
            title=_("Open red flags by category"),
            labels=tuple(row["label"] for row in red_flags),
            series=(Series(_("Open red flags"), tuple(row["count"] for row in red_flags)),),
            unit=_("red flags"),
            kind=HORIZONTAL_BAR,
            links=tuple(row["url"] for row in red_flags),
        ),
        "sectors": Chart(
            key="interactions-per-sector",
            title=_("Interactions and businesses visited per sector, %(period)s") % {"period": period.label},
            labels=tuple(row["label"] for row in sector_rows),
            series=(
                Series(_("Interactions"), tuple(row["interactions"] for row in sector_rows)),
                Series(_("Businesses visited"), tuple(row["visited"] for row in sector_rows)),
            ),
            unit=_("interactions"),
            kind=HORIZONTAL_BAR,
        ),
    }
    return {
        "heading": _("Contact point and follow-up"),
        "period": period,
        "running": not all(begun),
        "all_served": filters.all_served,
        "municipality_label": filters.municipality_label,
        "month_labels": month_labels,
        "topics": topics,
        "per_month": per_month,
        "per_month_cells": _so_far(per_month, begun),
        "enquiries": sum(row["count"] for row in topics),
        "answered": sum(row["answered"] for row in topics),
        "median_hours": enquiries["median_hours"]["overall"],
        "red_flags": red_flags,
        "open_red_flags": sum(row["count"] for row in red_flags),
        "sectors": sector_rows,
        "visited": sum(row["visited"] for row in sectors),
        "enquiries_url": _url("contact:enquiries") if handles_enquiries else None,
        "red_flags_url": _url("businesses:red_flags", status="open") if uses_crm else None,
        "interactions_url": _url("businesses:interactions", **dates) if uses_crm else None,
        "visits_url": _url("businesses:interactions", kind="visit", **dates) if uses_crm else None,
        "charts": charts,
    }


def register() -> None:
    startpage.register(
        "businesses.population",
        page=startpage.DASHBOARD,
        template="businesses/dashboard/population.html",
        context=population_figures,
        order=10,
    )
    startpage.register(
        "businesses.follow_up_figures",
        page=startpage.DASHBOARD,
        template="businesses/dashboard/follow_up.html",
        context=follow_up_figures,
        order=20,
    )
