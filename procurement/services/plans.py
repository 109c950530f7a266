"""The procurement plan: plans, planned procurements, their link to the notice once announced, import.

A plan is a draft (the team's) until published; then it and its items are public, and every change that
matters to businesses (a new item; a changed what, description, CPV codes, value, planned announcement,
market dialogue or state) raises the item's ``version`` and is matched against the alert subscriptions
(``alerts.queue_matching``). Publishing a plan queues all its items.

An item is linked to its notice by Doffin id: entered before the notice exists, it links when the
notice import brings the notice (``link_notices``); entered for a notice already imported, it links at
once. Linking marks the item announced and closes the input of its market dialogues.
"""

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import sheets
from portal.exporters import Exporter
from portal.services import log_activity
from portal.sheets import Sheet, keyed_column, normal
from procurement.models import MarketDialogue, Notice, PlannedCpv, PlannedProcurement, ProcurementPlan
from procurement.services import alerts, cpv, dialogues

logger = logging.getLogger(__name__)

DOFFIN_ID_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{1,9}$")
# The item fields whose change matters to businesses (and to their alerts).
MATTERS = ("title", "description", "cpv_codes", "estimated_value", "planned_announcement", "market_dialogue_planned", "state")
MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 2_000


def _queue_alerts(items: Iterable[PlannedProcurement]) -> None:
    ids = [item.pk for item in items]
    if ids:
        alerts.queue_matching("plan_item", ids)


# --- Plans --------------------------------------------------------------------------------------


def save_plan(plan: ProcurementPlan, *, by) -> ProcurementPlan:
    """Create or change a plan (its title, buyer, year, introduction); logged."""
    created = plan.pk is None
    if created:
        plan.created_by = by if by and by.is_authenticated else None
    plan.save()
    log_activity(plan, actor=by, action="procurement.plan_created" if created else "procurement.plan_changed")
    return plan


@transaction.atomic
def publish_plan(plan: ProcurementPlan, *, by) -> bool:
    """Make a draft plan public and match all its items against the alerts. False if already published."""
    # ``updated`` is when the items became public: the alerts count them as new from then.
    updated = ProcurementPlan.objects.filter(pk=plan.pk, state=ProcurementPlan.State.DRAFT).update(
        state=ProcurementPlan.State.PUBLISHED, updated=timezone.now()
    )
    if not updated:
        return False
    plan.state = ProcurementPlan.State.PUBLISHED
    log_activity(plan, actor=by, action="procurement.plan_published")
    _queue_alerts(plan.items.exclude(state=PlannedProcurement.State.CANCELLED).only("pk"))
    return True


# --- Items --------------------------------------------------------------------------------------


def set_cpv_rows(item: PlannedProcurement) -> None:
    """Replace the item's PlannedCpv rows by its codes and their ancestors."""
    expanded = cpv.expand(item.cpv_codes)
    PlannedCpv.objects.filter(item=item).delete()
    PlannedCpv.objects.bulk_create([PlannedCpv(item=item, code=code, direct=direct) for code, direct in expanded.items()])


def _link_entered_notice(item: PlannedProcurement) -> Notice | None:
    """The imported notice with the item's Doffin id, set on the item (announced); or None."""
    notice = Notice.objects.filter(doffin_id=item.doffin_id).first() if item.doffin_id else None
    item.notice = notice
    if notice is not None:
        item.state = PlannedProcurement.State.ANNOUNCED
    return notice


def _close_dialogues(items: Iterable[PlannedProcurement]) -> None:
    still_open = MarketDialogue.objects.filter(item__in=[item.pk for item in items]).exclude(state=MarketDialogue.State.CLOSED)
    for dialogue in still_open:
        dialogues.close_input(dialogue, reason="published")


@transaction.atomic
def save_item(item: PlannedProcurement, *, by) -> list[str]:
    """Create or change a planned procurement; returns the changed fields that matter to businesses.

    ``item.cpv_codes`` must be normalised, known codes (the form checks them). Its PlannedCpv rows are
    replaced when the codes change. A Doffin id of an imported notice links that notice now (announced,
    the dialogues' input closed). On a published plan a new item or a change that matters raises the
    version and is matched against the alerts.
    """
    before = PlannedProcurement.objects.filter(pk=item.pk).first() if item.pk else None
    entered = before is None or before.doffin_id != item.doffin_id
    linked = _link_entered_notice(item) if entered else None
    if entered and linked is None and before is not None and before.notice_id and item.state == before.state:
        item.state = PlannedProcurement.State.PLANNED  # the Doffin id was removed or changed to one not imported yet
    if before is None:
        changed = ["created"]
    else:
        changed = [name for name in MATTERS if getattr(before, name) != getattr(item, name)]
        if before.notice_id != item.notice_id:
            changed.append("notice")
    published = item.plan.state == ProcurementPlan.State.PUBLISHED
    if before is not None and changed and published:
        item.version = before.version + 1
    item.save()
    if before is None or before.cpv_codes != item.cpv_codes:
        set_cpv_rows(item)
    if linked is not None:
        _close_dialogues([item])
    log_activity(
        item,
        actor=by,
        action="procurement.item_created" if before is None else "procurement.item_changed",
        data={"changed": changed, "version": item.version},
    )
    if changed and published:
        _queue_alerts([item])
    return changed


def link_notices(notices) -> int:
    """Link planned procurements whose Doffin id is one of ``notices`` to that notice (announced), and close
    their dialogues' input. Called by the notice import; returns how many items were linked."""
    by_id = {notice.doffin_id: notice for notice in notices}
    if not by_id:
        return 0
    with transaction.atomic():
        items = list(PlannedProcurement.objects.select_for_update().filter(doffin_id__in=list(by_id)).select_related("plan"))
        linked = []
        for item in items:
            notice = by_id[item.doffin_id]
            if item.notice_id == notice.pk and item.state == PlannedProcurement.State.ANNOUNCED:
                continue
            item.notice = notice
            item.state = PlannedProcurement.State.ANNOUNCED
            item.version += 1
            item.save(update_fields=["notice", "state", "version", "updated"])
            log_activity(item, actor=None, action="procurement.item_announced", data={"doffin_id": notice.doffin_id})
            linked.append(item)
        # Every dialogue of an announced item stops taking input, also one left open by an earlier run.
        _close_dialogues(items)
        _queue_alerts([item for item in linked if item.plan.state == ProcurementPlan.State.PUBLISHED])
    if linked:
        logger.info("Linked %s planned procurement(s) to their notices", len(linked))
    return len(linked)


# --- Reading values (the form and the import) ---------------------------------------------------


def parse_cpv_codes(text: str) -> list[str]:
    """Codes separated by commas, semicolons, spaces or new lines, with or without check digit → the
    normalised codes, each once, in the order given. Raises ``cpv.UnknownCpvCodes`` naming every bad one."""
    given = [part for part in re.split(r"[\s,;]+", text or "") if part]
    cpv.expand(given)  # raises UnknownCpvCodes listing each unknown or malformed code
    codes: list[str] = []
    for code in given:
        code = cpv.normalise(code)
        if code not in codes:
            codes.append(code)
    return codes


_QUARTER = [
    re.compile(r"^(?P<year>\d{4})\s*-?\s*[qk](?P<quarter>[1-4])$"),  # 2027-Q2, 2027 Q2, 2027-K2
    re.compile(r"^[qk](?P<quarter>[1-4])\s*-?\s*(?P<year>\d{4})$"),  # Q2 2027, K2-2027
    re.compile(r"^(?P<quarter>[1-4])\.?\s*(?:kvartal|quarter|kv\.?)\s*(?P<year>\d{4})$"),  # 2. kvartal 2027
]


def parse_planned_date(text: str) -> datetime.date | None:
    """A date (2027-04-15 or 15.04.2027) or a quarter (2027-Q2, Q2 2027, 2. kvartal 2027: its first day).
    Raises ValueError."""
    text = " ".join((text or "").split())
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    for quarter in _QUARTER:
        match = quarter.match(text.casefold())
        if match:
            return datetime.date(int(match["year"]), 3 * int(match["quarter"]) - 2, 1)
    raise ValueError(text)


def quarter_of(day: datetime.date | None) -> tuple[int, int] | None:
    return (day.year, (day.month - 1) // 3 + 1) if day else None


# --- Export -------------------------------------------------------------------------------------

# The column keys the import maps each header to (in bokmål or English), in the order of the export.
TITLE = "title"
DESCRIPTION = "description"
CPV = "cpv_codes"
VALUE = "estimated_value"
PLANNED = "planned_announcement"
CONTACT = "contact_name"
EMAIL = "contact_email"
DIALOGUE = "market_dialogue"
DOFFIN_ID = "doffin_id"


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


class PlannedProcurementExporter(Exporter):
    """A plan's items, one row each; the import reads the same columns back."""

    filename = "anskaffelser"
    max_rows = 20_000
    columns = [
        keyed_column(TITLE, gettext_lazy("What"), lambda i: i.title),
        keyed_column(DESCRIPTION, gettext_lazy("Description"), lambda i: i.description.replace("\r\n", "\n")),
        keyed_column(CPV, gettext_lazy("CPV codes"), lambda i: ", ".join(i.cpv_codes)),
        keyed_column(
            VALUE,
            gettext_lazy("Estimated value (NOK)"),
            lambda i: int(i.estimated_value) if i.estimated_value is not None else "",
        ),
        keyed_column(
            PLANNED,
            gettext_lazy("Planned announcement"),
            lambda i: i.planned_announcement.isoformat() if i.planned_announcement else "",
        ),
        keyed_column(CONTACT, gettext_lazy("Contact"), lambda i: i.contact_name),
        keyed_column(EMAIL, gettext_lazy("Contact e-mail"), lambda i: i.contact_email),
        keyed_column(DIALOGUE, gettext_lazy("Market dialogue"), lambda i: _yes_no(i.market_dialogue_planned)),
        keyed_column(DOFFIN_ID, gettext_lazy("Doffin id"), lambda i: i.doffin_id),
    ]


def items_for_export(plan: ProcurementPlan):
    return plan.items.order_by(F("planned_announcement").asc(nulls_last=True), "pk")


# --- Import -------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    title: str
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


class RowInvalid(Exception):
    pass


def read_items_sheet(upload) -> Sheet:
    """The file's rows under the export's columns ("what" required). Raises SheetError."""
    return sheets.read_sheet(
        upload, columns=PlannedProcurementExporter.columns, required=(TITLE,), max_rows=MAX_ROWS, max_size=MAX_FILE_SIZE
    )


_YES = {"ja", "j", "yes", "y", "x", "true", "1", "sant"}
_NO = {"nei", "n", "no", "false", "0", "usant", ""}


def parse_row(cells: dict[str, str]) -> dict:
    """The item's fields from the row's cells (only the columns the file has). Raises RowInvalid."""
    values: dict = {}
    title = cells.get(TITLE, "")
    if not title:
        raise RowInvalid(_("the row has no “what”"))
    if len(title) > 300:
        raise RowInvalid(_("“what” is longer than 300 characters"))
    values["title"] = title
    if DESCRIPTION in cells:
        values["description"] = cells[DESCRIPTION].replace("\r\n", "\n")
    if CPV in cells:
        try:
            values["cpv_codes"] = parse_cpv_codes(cells[CPV])
        except cpv.UnknownCpvCodes as error:
            raise RowInvalid(_("unknown CPV code(s): %(codes)s") % {"codes": ", ".join(error.codes)}) from error
    if VALUE in cells:
        text = re.sub(r"[\s\u00a0]|kr|nok", "", cells[VALUE].casefold()).replace(",", ".")
        if text:
            try:
                value = Decimal(text)
            except InvalidOperation as error:
                raise RowInvalid(_("the estimated value «%(value)s» is not a number") % {"value": cells[VALUE]}) from error
            if value < 0 or value != value.to_integral_value() or value >= 10**14:
                raise RowInvalid(_("the estimated value must be whole kroner, 0 or more"))
            values["estimated_value"] = value
        else:
            values["estimated_value"] = None
    if PLANNED in cells:
        try:
            values["planned_announcement"] = parse_planned_date(cells[PLANNED])
        except ValueError as error:
            raise RowInvalid(
                _("the planned announcement «%(value)s» is not a date (YYYY-MM-DD or DD.MM.YYYY) or a quarter (2027-Q2)")
                % {"value": cells[PLANNED]}
            ) from error
    if CONTACT in cells:
        if len(cells[CONTACT]) > 200:
            raise RowInvalid(_("the contact is longer than 200 characters"))
        values["contact_name"] = cells[CONTACT]
    if EMAIL in cells:
        email = cells[EMAIL]
        if email:
            try:
                validate_email(email)
            except ValidationError as error:
                raise RowInvalid(_("«%(value)s» is not an e-mail address") % {"value": email}) from error
        values["contact_email"] = email
    if DIALOGUE in cells:
        answer = normal(cells[DIALOGUE])
        if answer not in _YES | _NO:
            raise RowInvalid(_("market dialogue must be yes or no, not «%(value)s»") % {"value": cells[DIALOGUE]})
        values["market_dialogue_planned"] = answer in _YES
    if DOFFIN_ID in cells:
        doffin_id = cells[DOFFIN_ID].strip()
        if doffin_id and not DOFFIN_ID_PATTERN.match(doffin_id):
            raise RowInvalid(_("«%(value)s» is not a Doffin id (like 2026-112546)") % {"value": doffin_id})
        values["doffin_id"] = doffin_id
    return values


def import_items(plan: ProcurementPlan, upload, *, by=None) -> ImportReport:
    """Load planned procurements from a spreadsheet (an upload or a ``Sheet`` already read) into the plan.

    As the action programme's import does: every row is checked on its own; a bad row is reported with
    its line and reason and left out, the good rows load in one transaction, each row whole. A row finds
    its item by "what" within the plan (changed where it differs) or creates one; so importing the same
    file again changes nothing. Raises SheetError when the file as a whole cannot be read.
    """
    sheet = upload if isinstance(upload, Sheet) else read_items_sheet(upload)
    report = ImportReport()
    existing: dict[str, list[PlannedProcurement]] = {}
    for item in plan.items.all():
        existing.setdefault(normal(item.title), []).append(item)
    rows: list[tuple[int, dict, PlannedProcurement | None]] = []
    seen: dict[str, int] = {}
    for line, cells in sheet.rows:
        title = cells.get("title", "")
        try:
            values = parse_row(cells)
            key = normal(values["title"])
            if key in seen:
                raise RowInvalid(_("“%(title)s” is also on line %(line)s") % {"title": values["title"], "line": seen[key]})
            seen[key] = line
            matches = existing.get(key, [])
            if len(matches) > 1:
                raise RowInvalid(_("the plan has more than one item “%(title)s”") % {"title": values["title"]})
            item = matches[0] if matches else None
            if item is None and not values.get("cpv_codes"):
                raise RowInvalid(_("the row has no CPV code"))
            if item is not None and "cpv_codes" in values and not values["cpv_codes"]:
                raise RowInvalid(_("the row has no CPV code"))
        except RowInvalid as error:
            report.rejected.append(RowError(line=line, title=title, reason=str(error)))
            continue
        rows.append((line, values, item))

    with transaction.atomic():
        for _line, values, item in rows:
            if item is None:
                item = PlannedProcurement(plan=plan, **values)
                save_item(item, by=by)
                report.created.append(item.title)
                continue
            if all(getattr(item, name) == value for name, value in values.items()):
                report.unchanged.append(item.title)
                continue
            for name, value in values.items():
                setattr(item, name, value)
            save_item(item, by=by)
            report.updated.append(item.title)
        log_activity(
            plan,
            actor=by,
            action="procurement.items_imported",
            data={
                "created": report.created,
                "updated": report.updated,
                "unchanged": len(report.unchanged),
                "rejected": [{"line": e.line, "title": e.title, "reason": e.reason} for e in report.rejected],
            },
        )
    logger.info(
        "Import into procurement plan %s: %s created, %s updated, %s unchanged, %s rejected",
        plan.pk,
        len(report.created),
        len(report.updated),
        len(report.unchanged),
        len(report.rejected),
    )
    return report
