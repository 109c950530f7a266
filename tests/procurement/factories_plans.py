"""Procurement plans and planned procurements for the plan tests, written directly (no alerts)."""

import datetime
from decimal import Decimal

from procurement.models import MarketDialogue, Notice, PlannedProcurement, ProcurementPlan
from procurement.services.plans import set_cpv_rows


def make_plan(*, state=ProcurementPlan.State.PUBLISHED, title="Anskaffelsesplan 2027", **fields) -> ProcurementPlan:
    values = {"buyer_name": "Bærum kommune", "buyer_orgnr": "935478715", "year": 2027, "introduction": ""}
    values.update(fields)
    return ProcurementPlan.objects.create(title=title, state=state, **values)


def make_item(plan, *, title="Renhold av skoler og barnehager", cpv_codes=("90910000",), **fields) -> PlannedProcurement:
    values = {
        "description": "Daglig renhold av skoler og barnehager.",
        "estimated_value": Decimal("48000000"),
        "planned_announcement": datetime.date(2027, 3, 1),
        "contact_name": "Innkjøpsavdelingen",
        "contact_email": "innkjop@baerum.test.example",
        "market_dialogue_planned": True,
    }
    values.update(fields)
    item = PlannedProcurement.objects.create(plan=plan, title=title, cpv_codes=list(cpv_codes), **values)
    set_cpv_rows(item)
    return item


def make_notice(doffin_id="2026-112546", *, heading="Renhold av skoler og barnehager", **fields) -> Notice:
    values = {"type": "ANNOUNCEMENT_OF_COMPETITION", "status": "ACTIVE", "source_hash": doffin_id, "buyer_orgnr": "935478715"}
    values.update(fields)
    return Notice.objects.create(doffin_id=doffin_id, heading=heading, **values)


def make_dialogue(item, *, state=MarketDialogue.State.OPEN, title="Markedsdialog om renhold") -> MarketDialogue:
    return MarketDialogue.objects.create(item=item, title=title, state=state, has_written_input=True)
