"""Small builders for the market-dialogue tests: a published plan with a planned procurement, a dialogue, and
registrations made directly (the registration page is tested on its own)."""

import datetime

from django.utils import timezone

from procurement.models import DialogueRegistration, DialogueSlot, MarketDialogue, PlannedProcurement, ProcurementPlan

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def make_item(*, title: str = "Renhold av skoler og barnehager") -> PlannedProcurement:
    plan = ProcurementPlan.objects.create(
        title="Anskaffelsesplan 2027", buyer_name="Bærum kommune", buyer_orgnr="935478715", year=2027, state="published"
    )
    return PlannedProcurement.objects.create(plan=plan, title=title, market_dialogue_planned=True, cpv_codes=["90919200"])


def make_dialogue(*, item=None, state=MarketDialogue.State.OPEN, **fields) -> MarketDialogue:
    fields.setdefault("title", "Markedsdialog: renhold")
    fields.setdefault("description", "Vi vil høre fra markedet før vi lyser ut.")
    fields.setdefault("has_conference", True)
    fields.setdefault("has_one_to_one", True)
    fields.setdefault("has_written_input", True)
    fields.setdefault("conference_at", in_days(14))
    fields.setdefault("location", "Bærum rådhus")
    fields.setdefault("registration_deadline", in_days(10))
    fields.setdefault("input_deadline", in_days(30))
    return MarketDialogue.objects.create(item=item or make_item(), state=state, **fields)


def register(dialogue, *, orgnr: str, name: str = "", email: str = "", user=None) -> DialogueRegistration:
    return DialogueRegistration.objects.create(
        dialogue=dialogue,
        orgnr=orgnr,
        company_name=name or f"Firma {orgnr}",
        contact_name="Kontakt Person",
        email=email or f"post@{orgnr}.example",
        user=user,
    )


def make_slots(dialogue, *, count: int = 2, start=None, minutes: int = 30) -> list[DialogueSlot]:
    start = start or in_days(20).replace(second=0, microsecond=0)
    return [
        DialogueSlot.objects.create(
            dialogue=dialogue,
            starts_at=start + datetime.timedelta(minutes=minutes * i),
            ends_at=start + datetime.timedelta(minutes=minutes * (i + 1)),
        )
        for i in range(count)
    ]
