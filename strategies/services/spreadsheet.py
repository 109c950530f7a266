"""The action programme's measures out to a spreadsheet and back in.

Export: ``measures_for_export(plan)`` is the queryset ``strategies.exporters.MeasureExporter`` writes,
one row per measure.

Import: ``read_sheet(upload)`` reads an XLSX or CSV file with the export's columns, mapped by their
headers (in bokmål or English, as exported). A file that cannot be read, or has unknown columns or
lacks a required one, raises ``SheetError`` and nothing is loaded. ``import_measures(plan, sheet, by=…)``
then checks each row on its own: a bad row is reported with its line number and reason and left out,
the good rows load in one transaction, each row whole. A row finds its measure by number within the
plan (updated where something differs) or creates one under the named goal. Focus areas and goals
are found by title and never created: a typo must not add a focus area to a plan; the structure is
made on the plan page, the import fills in the measures. A second import of the same file changes
nothing (all rows unchanged).
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from portal import sheets
from portal.services import log_activity
from portal.sheets import LANGUAGES, Sheet, normal
from portal.sheets import SheetError as SheetError  # the form catches it from here
from strategies import exporters as columns
from strategies.exporters import MeasureExporter
from strategies.models import FocusArea, Goal, Measure, Plan, ResponsibleKind

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 5_000
REQUIRED = (columns.CODE, columns.FOCUS_AREA, columns.GOAL, columns.TITLE)
# The fields of a measure each column sets (the structure columns are handled on their own).
FIELD_COLUMNS = (
    columns.TITLE,
    columns.DESCRIPTION,
    columns.RESPONSIBLE_KIND,
    columns.RESPONSIBLE_NAME,
    columns.RESPONSIBLE_ORGNR,
    columns.PARTNERS,
    columns.START,
    columns.DEADLINE,
    columns.BUDGET,
    columns.STATE,
    columns.PROGRESS,
    columns.WEIGHT,
)


@dataclass
class RowError:
    line: int
    code: str
    reason: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return len(self.created) + len(self.updated)


# --- Export ---------------------------------------------------------------------------------------


def measures_for_export(plan: Plan):
    return (
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area", "parent")
        .order_by("goal__focus_area__position", "goal__focus_area__pk", "goal__position", "goal__pk", "position", "pk")
    )


# --- Reading the file -----------------------------------------------------------------------------
# The generic part (XLSX/CSV, headers in either language) is portal.sheets; here only the measures' columns.

_normal = normal


def header_keys() -> dict[str, str]:
    """Every accepted header (as exported in bokmål or English, case and spacing ignored) → column key."""
    return sheets.header_keys(MeasureExporter.columns, LANGUAGES)


def read_sheet(upload) -> Sheet:
    """The file's header mapped to the export's columns and its rows. Raises SheetError."""
    return sheets.read_sheet(
        upload, columns=MeasureExporter.columns, required=REQUIRED, max_rows=MAX_ROWS, max_size=MAX_FILE_SIZE
    )


# --- Checking one row -----------------------------------------------------------------------------


class RowInvalid(Exception):
    pass


def _choice(text: str, choices, what: str) -> str:
    wanted = _normal(text)
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                if wanted in (_normal(label), _normal(value)):
                    return value
    raise RowInvalid(_("unknown %(what)s «%(value)s»") % {"what": what, "value": text})


def _date(text: str, what: str) -> datetime.date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise RowInvalid(_("%(what)s «%(value)s» is not a date (YYYY-MM-DD or DD.MM.YYYY)") % {"what": what, "value": text})


def _decimal(text: str, what: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(re.sub(r"[\s\u00a0]", "", text).replace(",", "."))
    except InvalidOperation as error:
        raise RowInvalid(_("%(what)s «%(value)s» is not a number") % {"what": what, "value": text}) from error


def valid_orgnr(orgnr: str) -> bool:
    if not re.fullmatch(r"\d{9}", orgnr):
        return False
    check = (11 - sum(int(d) * w for d, w in zip(orgnr[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11) % 11
    return check != 10 and check == int(orgnr[8])


def parse_fields(cells: dict[str, str]) -> dict:
    """The measure's fields from the row's cells (only the columns the file has). Raises RowInvalid."""
    values = {}
    if columns.TITLE in cells:
        if not cells[columns.TITLE]:
            raise RowInvalid(_("the measure has no title"))
        if len(cells[columns.TITLE]) > 300:
            raise RowInvalid(_("the title is longer than 300 characters"))
        values["title"] = cells[columns.TITLE]
    if columns.DESCRIPTION in cells:
        values["description"] = cells[columns.DESCRIPTION].replace("\r\n", "\n")
    if columns.RESPONSIBLE_KIND in cells:
        values["responsible_kind"] = (
            _choice(cells[columns.RESPONSIBLE_KIND], ResponsibleKind.choices, _("responsible"))
            if cells[columns.RESPONSIBLE_KIND]
            else ResponsibleKind.MUNICIPALITY
        )
    if columns.RESPONSIBLE_NAME in cells:
        if len(cells[columns.RESPONSIBLE_NAME]) > 200:
            raise RowInvalid(_("the responsible party's name is longer than 200 characters"))
        values["responsible_name"] = cells[columns.RESPONSIBLE_NAME]
    if columns.RESPONSIBLE_ORGNR in cells:
        orgnr = re.sub(r"\s", "", cells[columns.RESPONSIBLE_ORGNR])
        if orgnr and not valid_orgnr(orgnr):
            raise RowInvalid(_("«%(value)s» is not a valid organisation number") % {"value": cells[columns.RESPONSIBLE_ORGNR]})
        values["responsible_orgnr"] = orgnr
    if columns.PARTNERS in cells:
        values["partners"] = cells[columns.PARTNERS].replace("\r\n", "\n")
    if columns.START in cells:
        values["start"] = _date(cells[columns.START], _("start"))
    if columns.DEADLINE in cells:
        values["deadline"] = _date(cells[columns.DEADLINE], _("deadline"))
    if columns.BUDGET in cells:
        budget = _decimal(cells[columns.BUDGET], _("budget"))
        if budget is not None and (budget < 0 or budget != budget.to_integral_value() or budget >= 10**14):
            raise RowInvalid(_("the budget must be whole kroner, 0 or more"))
        values["budget"] = budget
    if columns.STATE in cells:
        values["state"] = (
            _choice(cells[columns.STATE], Measure.State.choices, _("state"))
            if cells[columns.STATE]
            else Measure.State.NOT_STARTED
        )
    if columns.PROGRESS in cells:
        progress = _decimal(cells[columns.PROGRESS], _("progress")) or Decimal(0)
        if progress != progress.to_integral_value() or not 0 <= progress <= 100:
            raise RowInvalid(
                _("progress must be a whole number from 0 to 100, not %(value)s") % {"value": cells[columns.PROGRESS]}
            )
        values["progress"] = int(progress)
    if columns.WEIGHT in cells:
        weight = _decimal(cells[columns.WEIGHT], _("weight"))
        weight = Decimal(1) if weight is None else weight
        if not 0 <= weight <= 1000 or weight != weight.quantize(Decimal("0.01")):
            raise RowInvalid(_("the weight must be from 0 to 1000 with at most two decimals"))
        values["weight"] = weight
    return values


# --- Loading --------------------------------------------------------------------------------------


class PlanNotDraft(Exception):
    """Only a draft plan takes an import; an adopted one is revised first."""


@dataclass
class _Row:
    line: int
    code: str
    goal: Goal
    parent_code: str
    values: dict
    measure: Measure | None


def _check_dates(row_values: dict, measure: Measure | None) -> None:
    start = row_values.get("start", measure.start if measure else None)
    deadline = row_values.get("deadline", measure.deadline if measure else None)
    if start and deadline and deadline < start:
        raise RowInvalid(_("the deadline %(deadline)s is before the start %(start)s") % {"deadline": deadline, "start": start})


def import_measures(plan: Plan, sheet: Sheet, *, by) -> ImportReport:
    """Load the sheet's good rows into the draft plan; report every row. Raises PlanNotDraft."""
    if plan.state != Plan.State.DRAFT:
        raise PlanNotDraft(_("Only a draft plan can be imported into. Revise the plan first, then import into the revision."))
    report = ImportReport()
    goals = {}
    for goal in Goal.objects.filter(focus_area__plan=plan).select_related("focus_area"):
        goals.setdefault((_normal(goal.focus_area.title), _normal(goal.title)), goal)
    focus_areas = {_normal(title) for title in FocusArea.objects.filter(plan=plan).values_list("title", flat=True)}
    existing: dict[str, list[Measure]] = {}
    for measure in Measure.objects.filter(goal__focus_area__plan=plan).select_related("parent"):
        existing.setdefault(measure.code, []).append(measure)

    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for line, cells in sheet.rows:
        code = cells.get(columns.CODE, "")
        try:
            if not code:
                raise RowInvalid(_("the measure has no number"))
            if len(code) > 20:
                raise RowInvalid(_("the number is longer than 20 characters"))
            if code in seen:
                raise RowInvalid(_("the number %(code)s is also on line %(line)s") % {"code": code, "line": seen[code]})
            seen[code] = line
            area = _normal(cells[columns.FOCUS_AREA])
            if area not in focus_areas:
                raise RowInvalid(_("unknown focus area «%(value)s»") % {"value": cells[columns.FOCUS_AREA]})
            goal = goals.get((area, _normal(cells[columns.GOAL])))
            if goal is None:
                raise RowInvalid(
                    _("unknown goal «%(goal)s» under «%(area)s»")
                    % {"goal": cells[columns.GOAL], "area": cells[columns.FOCUS_AREA]}
                )
            matches = existing.get(code, [])
            if len(matches) > 1:
                raise RowInvalid(_("the plan has more than one measure numbered %(code)s") % {"code": code})
            measure = matches[0] if matches else None
            values = parse_fields(cells)
            _check_dates(values, measure)
            parent_code = cells.get(columns.PARENT, measure.parent.code if measure and measure.parent else "")
            if parent_code == code:
                raise RowInvalid(_("a measure cannot be part of itself"))
        except RowInvalid as error:
            report.rejected.append(RowError(line=line, code=code, reason=str(error)))
            continue
        rows.append(_Row(line=line, code=code, goal=goal, parent_code=parent_code, values=values, measure=measure))

    # A parent must be a measure of the plan or a good row of the file; a row whose parent was rejected goes too.
    while True:
        known = {code for code, matches in existing.items() if len(matches) == 1} | {row.code for row in rows}
        bad = [row for row in rows if row.parent_code and row.parent_code not in known]
        if not bad:
            break
        for row in bad:
            report.rejected.append(
                RowError(line=row.line, code=row.code, reason=_("unknown parent measure %(code)s") % {"code": row.parent_code})
            )
        rows = [row for row in rows if row not in bad]
    parents = {code: matches[0] for code, matches in existing.items() if len(matches) == 1}
    parent_of = {code: (m.parent.code if m.parent else "") for code, m in parents.items()}
    parent_of |= {row.code: row.parent_code for row in rows}
    for row in list(rows):
        seen_codes, code = {row.code}, row.parent_code
        while code:
            if code in seen_codes:
                report.rejected.append(RowError(line=row.line, code=row.code, reason=_("the parent measures go round in a loop")))
                rows.remove(row)
                break
            seen_codes.add(code)
            code = parent_of.get(code, "")
    report.rejected.sort(key=lambda error: error.line)

    with transaction.atomic():
        positions = dict(
            Measure.objects.filter(goal__focus_area__plan=plan).values_list("goal").annotate(last=Max("position")).order_by()
        )
        by_code: dict[str, Measure] = dict(parents)
        changed: dict[str, list[str]] = {}
        for row in rows:
            measure = row.measure
            if measure is None:
                positions[row.goal.pk] = positions.get(row.goal.pk, -1) + 1
                measure = Measure(goal=row.goal, code=row.code, position=positions[row.goal.pk], **row.values)
                measure.save()
                report.created.append(row.code)
                changed[row.code] = ["created"]
            else:
                fields = [name for name, value in row.values.items() if getattr(measure, name) != value]
                if measure.goal_id != row.goal.pk:
                    measure.goal = row.goal
                    fields.append("goal")
                for name in fields:
                    if name != "goal":
                        setattr(measure, name, row.values[name])
                if fields:
                    measure.save(update_fields=[*fields, "updated"])
                changed[row.code] = fields
            by_code[row.code] = measure
        for row in rows:
            measure = by_code[row.code]
            parent = by_code.get(row.parent_code) if row.parent_code else None
            if measure.parent_id != (parent.pk if parent else None):
                measure.parent = parent
                measure.save(update_fields=["parent", "updated"])
                if changed[row.code] != ["created"]:
                    changed[row.code].append("parent")
        for row in rows:
            if changed[row.code] == ["created"]:
                continue
            (report.updated if changed[row.code] else report.unchanged).append(row.code)
        log_activity(
            plan,
            actor=by,
            action="strategies.measures_imported",
            data={
                "created": report.created,
                "updated": {code: changed[code] for code in report.updated},
                "unchanged": len(report.unchanged),
                "rejected": [{"line": error.line, "code": error.code, "reason": error.reason} for error in report.rejected],
            },
        )
        if report.loaded:
            from strategies.services.reports import schedule_plan_pdfs

            schedule_plan_pdfs(plan)
    logger.info(
        "Import into plan %s: %s created, %s updated, %s unchanged, %s rejected",
        plan.pk,
        len(report.created),
        len(report.updated),
        len(report.unchanged),
        len(report.rejected),
    )
    return report
