"""The dashboard's and the Næringsrapport's filters: a period and the municipalities.

A period is a calendar year or a tertial (January–April, May–August, September–December: the plan
cycle's reporting periods). Its comparison period is the same span a year earlier. With no
municipality chosen, the dashboard covers every municipality the portal serves
(``PORTAL_MUNICIPALITIES``). Each app's dashboard section (``<app>/dashboard.py``, registered on
``portal.startpage.DASHBOARD``) gets these filters as ``context(user, filters=...)``.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# The earliest year the period choice offers.
FIRST_YEAR = 2020
TERTIALS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-T(?P<tertial>[1-3]))?$")


def _month_end(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def _a_year_earlier(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A year ("2026") or a tertial ("2026-T2"); both ends inclusive.

    A period still running is cut at today (``so_far``): ``until`` is then its last day, and its comparison
    a year earlier (``previous``) ends on the same day of that year, so a year to date is compared with the
    same part of the year before, never with the whole of it.
    """

    year: int
    tertial: int | None = None
    until: datetime.date | None = None

    @classmethod
    def parse(cls, code: str) -> "Period":
        """``"2026"`` or ``"2026-T1"``; ValueError for anything else."""
        match = PERIOD_PATTERN.match(code or "")
        if not match:
            raise ValueError(f"Not a period: {code!r}")
        tertial = match["tertial"]
        return cls(int(match["year"]), int(tertial) if tertial else None)

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "Period":
        """This year, to date."""
        today = today or timezone.localdate()
        return cls(today.year).so_far(today)

    def so_far(self, today: datetime.date | None = None) -> "Period":
        """The period up to ``today`` if it is still running, else the whole period."""
        today = today or timezone.localdate()
        whole = Period(self.year, self.tertial)
        return Period(self.year, self.tertial, until=today) if whole.start <= today < whole.end else whole

    @property
    def code(self) -> str:
        return f"{self.year}-T{self.tertial}" if self.tertial else str(self.year)

    @property
    def start(self) -> datetime.date:
        first_month = TERTIALS[self.tertial][0] if self.tertial else 1
        return datetime.date(self.year, first_month, 1)

    @property
    def end(self) -> datetime.date:
        last_month = TERTIALS[self.tertial][1] if self.tertial else 12
        whole_end = _month_end(self.year, last_month)
        return min(whole_end, self.until) if self.until else whole_end

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each month in the period."""
        first, last = self.start.month, self.end.month
        return [datetime.date(self.year, month, 1) for month in range(first, last + 1)]

    @property
    def label(self) -> str:
        if self.tertial:
            label = _("%(tertial)s. tertial %(year)s") % {"tertial": self.tertial, "year": self.year}
        else:
            label = str(self.year)
        if self.until:
            day = formats.date_format(self.until, "MONTH_DAY_FORMAT")
            label = pgettext("a period cut at a day", "%(period)s to %(day)s") % {"period": label, "day": day}
        return label

    def previous(self) -> "Period":
        """The same span a year earlier: what the period is compared with."""
        return Period(self.year - 1, self.tertial, until=_a_year_earlier(self.until) if self.until else None)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes in the portal's time zone: [start, end of the last day) for timestamps."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start, end

    def __str__(self):
        return self.label


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard and the report show: one period, one or all of the served municipalities."""

    period: Period
    municipalities: tuple[str, ...]  # municipality numbers; never empty
    chosen: str = ""  # the one municipality chosen, or "" for all served

    @classmethod
    def default(cls, today: datetime.date | None = None) -> "DashboardFilters":
        return cls(period=Period.current(today), municipalities=tuple(settings.PORTAL_MUNICIPALITIES))

    @classmethod
    def of(cls, code: str, chosen: str = "", *, today: datetime.date | None = None) -> "DashboardFilters":
        """The filters for a period code and one municipality ("" for all served), the period cut at today."""
        municipalities = (chosen,) if chosen else tuple(settings.PORTAL_MUNICIPALITIES)
        return cls(period=Period.parse(code).so_far(today), municipalities=municipalities, chosen=chosen)

    @property
    def all_served(self) -> bool:
        return not self.chosen

    @property
    def municipality_label(self) -> str:
        names = settings.MUNICIPALITY_NAMES
        return ", ".join(names.get(number, number) for number in self.municipalities)

    def query_string(self) -> str:
        """The filters as the dashboard's query string (without ``?``), to link back to the same view."""
        params = {"periode": self.period.code}
        if self.chosen:
            params["kommune"] = self.chosen
        return urlencode(params)


def period_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Every year from FIRST_YEAR to this one, newest first, each followed by its tertials that have begun."""
    today = today or timezone.localdate()
    choices = []
    for year in range(today.year, FIRST_YEAR - 1, -1):
        choices.append((str(year), str(year)))
        for tertial in (1, 2, 3):
            period = Period(year, tertial)
            if period.start <= today:
                choices.append((period.code, period.label))
    return choices


class DashboardFilterForm(forms.Form):
    """``?periode=2026-T1&kommune=3201``: a GET form, so every view of the dashboard has its own address."""

    periode = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    kommune = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = period_choices()
        names = settings.MUNICIPALITY_NAMES
        self.fields["kommune"].choices = [("", _("All municipalities"))] + [
            (number, names.get(number, number)) for number in settings.PORTAL_MUNICIPALITIES
        ]

    def filters(self) -> DashboardFilters:
        """The chosen filters (call after is_valid()); what was left empty takes the default."""
        code = self.cleaned_data.get("periode") or Period.current().code
        return DashboardFilters.of(code, self.cleaned_data.get("kommune") or "")
