"""Indicators: kept by hand, and fed daily from the portal's own data by `update_indicators`."""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from portal.services import log_activity
from strategies.models import Indicator, IndicatorValue, Plan
from strategies.services.reports import schedule_plan_pdfs

logger = logging.getLogger(__name__)

INDICATOR_FIELDS = [
    "name",
    "description",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "source",
    "source_sector",
    "position",
]


def _changed(indicator) -> None:
    """The plan's PDFs draw the indicators: make them again after the commit."""
    schedule_plan_pdfs(Plan.objects.get(focus_areas__goals__indicators=indicator))


def _logged(value):
    return None if value is None else str(value)


def add_indicator(goal, *, by, **fields) -> Indicator:
    """A new indicator on a goal; an automatic one gets its current value at once."""
    with transaction.atomic():
        indicator = Indicator.objects.create(goal=goal, **{name: fields[name] for name in INDICATOR_FIELDS if name in fields})
        log_activity(indicator, actor=by, action="strategies.indicator_added", data={"goal": goal.pk, "name": indicator.name})
        if indicator.source != Indicator.Source.MANUAL:
            feed_indicator(indicator)
        _changed(indicator)
    return indicator


def change_indicator(indicator, *, by, **fields) -> Indicator:
    """Change an indicator's fields; logs what changed. A repeat with the same values is a no-op."""
    changed = {name: value for name, value in fields.items() if name in INDICATOR_FIELDS and getattr(indicator, name) != value}
    if not changed:
        return indicator
    with transaction.atomic():
        before = {name: _logged(getattr(indicator, name)) for name in changed}
        for name, value in changed.items():
            setattr(indicator, name, value)
        indicator.save(update_fields=list(changed))
        log_activity(
            indicator,
            actor=by,
            action="strategies.indicator_changed",
            data={"before": before, "after": {name: _logged(value) for name, value in changed.items()}},
        )
        if indicator.source != Indicator.Source.MANUAL:
            feed_indicator(indicator)
        _changed(indicator)
    return indicator


def add_indicator_value(indicator, *, by, period_end, value, comment="") -> IndicatorValue:
    """A value entered by hand (the form has checked that the indicator is manual and the period free)."""
    with transaction.atomic():
        row = IndicatorValue.objects.create(
            indicator=indicator, period_end=period_end, value=value, comment=comment, entered_by=by
        )
        log_activity(
            indicator,
            actor=by,
            action="strategies.indicator_value_added",
            data={"period_end": period_end.isoformat(), "value": str(value)},
        )
        _changed(indicator)
    return row


def change_indicator_value(row, *, by, period_end, value, comment="") -> IndicatorValue:
    """Change a value entered by hand; a repeat with the same values is a no-op."""
    if (row.period_end, row.value, row.comment) == (period_end, value, comment):
        return row
    with transaction.atomic():
        before = {"period_end": row.period_end.isoformat(), "value": str(row.value)}
        row.period_end, row.value, row.comment, row.entered_by = period_end, value, comment, by
        row.save(update_fields=["period_end", "value", "comment", "entered_by", "updated"])
        log_activity(
            row.indicator,
            actor=by,
            action="strategies.indicator_value_changed",
            data={"before": before, "after": {"period_end": period_end.isoformat(), "value": str(value)}},
        )
        _changed(row.indicator)
    return row


# --- The feed from the portal's own data ------------------------------------------------------


def _served_businesses():
    from businesses.models import Business

    return Business.objects.filter(municipality__in=settings.PORTAL_MUNICIPALITIES)


def compute_value(indicator, today: datetime.date) -> Decimal:
    """The indicator's value for ``today``'s year, as of ``today``, from the portal's data."""
    from businesses.models import Enquiry, RegistryEvent
    from businesses.queries import ACTIVE

    source = indicator.source
    year_start, year_end = datetime.date(today.year, 1, 1), today
    if source == Indicator.Source.REGISTERED_BUSINESSES:
        count = _served_businesses().filter(ACTIVE).count()
    elif source == Indicator.Source.NEW_REGISTRATIONS:
        count = _served_businesses().filter(registered__range=(year_start, year_end)).count()
    elif source == Indicator.Source.BANKRUPTCIES:
        # Counted where the business was when it went bankrupt (as the dashboard counts registry events), not
        # where it is registered now.
        count = (
            RegistryEvent.objects.filter(
                kind=RegistryEvent.Kind.BANKRUPT,
                date__range=(year_start, year_end),
                municipality__in=settings.PORTAL_MUNICIPALITIES,
            )
            .values("orgnr")
            .distinct()
            .count()
        )
    elif source == Indicator.Source.SECTOR_EMPLOYEES:
        total = (
            _served_businesses()
            .filter(ACTIVE, industry_section=indicator.source_sector)
            .aggregate(total=Sum("employees"))["total"]
        )
        count = total or 0
    elif source == Indicator.Source.ENQUIRIES_ANSWERED:
        count = Enquiry.objects.filter(first_answered_at__date__range=(year_start, year_end)).count()
    else:
        raise ValueError(f"{source} is entered by hand")
    return Decimal(count)


def feed_indicator(indicator, today: datetime.date | None = None) -> bool:
    """Write the current year's value (period ending 31 December) of an automatic indicator.

    Idempotent: one row per (indicator, period); True only when a value was written or changed.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    value = compute_value(indicator, today)
    period_end = datetime.date(today.year, 12, 31)
    row = IndicatorValue.objects.filter(indicator=indicator, period_end=period_end).first()
    if row is not None and row.value == value and row.automatic:
        return False
    IndicatorValue.objects.update_or_create(
        indicator=indicator, period_end=period_end, defaults={"value": value, "automatic": True, "entered_by": None}
    )
    logger.info("Indicator %s: %s for %s", indicator.pk, value, period_end.year)
    _changed(indicator)
    return True


def update_indicators(today: datetime.date | None = None) -> int:
    """Feed every automatic indicator; returns how many values were written or changed."""
    changed = 0
    for indicator in Indicator.objects.exclude(source=Indicator.Source.MANUAL).order_by("pk"):
        changed += feed_indicator(indicator, today)
    return changed
