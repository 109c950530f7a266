"""The action programme's measures as a spreadsheet (CSV, XLSX): one row per measure.

The same columns are read back by the import (strategies/services/spreadsheet.py), by their headers,
so a file exported, edited and imported again lands on the same measures (matched by number).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.exporters import Column, Exporter


def _date(value) -> str:
    return value.isoformat() if value else ""


def _parent_code(measure) -> str:
    return measure.parent.code if measure.parent_id and measure.parent else ""


# The column keys the import maps each header to, in the order of the export.
CODE = "code"
FOCUS_AREA = "focus_area"
GOAL = "goal"
PARENT = "parent"
TITLE = "title"
DESCRIPTION = "description"
RESPONSIBLE_KIND = "responsible_kind"
RESPONSIBLE_NAME = "responsible_name"
RESPONSIBLE_ORGNR = "responsible_orgnr"
PARTNERS = "partners"
START = "start"
DEADLINE = "deadline"
BUDGET = "budget"
STATE = "state"
PROGRESS = "progress"
WEIGHT = "weight"


def _column(key: str, header, value) -> Column:
    column = Column(header, value)
    object.__setattr__(column, "key", key)  # Column is a frozen dataclass: the key rides along for the import
    return column


class MeasureExporter(Exporter):
    filename = "tiltak"
    max_rows = 20_000
    columns = [
        _column(CODE, pgettext_lazy("measure number", "Number"), lambda m: m.code),
        _column(FOCUS_AREA, _("Focus area"), lambda m: m.goal.focus_area.title),
        _column(GOAL, pgettext_lazy("plan goal", "Goal"), lambda m: m.goal.title),
        _column(PARENT, _("Part of measure (number)"), _parent_code),
        _column(TITLE, _("Measure"), lambda m: m.title),
        _column(DESCRIPTION, _("Description"), lambda m: m.description),
        _column(RESPONSIBLE_KIND, _("Responsible"), lambda m: str(m.get_responsible_kind_display())),
        _column(RESPONSIBLE_NAME, _("Responsible party"), lambda m: m.responsible_name),
        _column(RESPONSIBLE_ORGNR, _("Responsible party's organisation number"), lambda m: m.responsible_orgnr),
        _column(PARTNERS, _("Partners"), lambda m: m.partners.replace("\r\n", "\n")),
        _column(START, _("Start"), lambda m: _date(m.start)),
        _column(DEADLINE, _("Deadline"), lambda m: _date(m.deadline)),
        _column(BUDGET, _("Budget (NOK)"), lambda m: int(m.budget) if m.budget is not None else ""),
        _column(STATE, _("State"), lambda m: str(m.get_state_display())),
        _column(PROGRESS, _("Progress (%)"), lambda m: m.progress),
        _column(WEIGHT, _("Weight"), lambda m: m.weight),
    ]
