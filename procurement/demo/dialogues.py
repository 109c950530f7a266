"""Demo dialogues of procurement: an open market dialogue about cleaning of schools and kindergartens, with four
registered suppliers, eight slots of which three are booked, a document and a published answer. Safe to run again."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from businesses.models import Business
from procurement.models import (
    DialogueDocument,
    DialogueQuestion,
    DialogueRegistration,
    DialogueSlot,
    MarketDialogue,
    PlannedProcurement,
    ProcurementPlan,
)

TITLE = "Markedsdialog: renhold av skoler og barnehager"
# (orgnr, contact, e-mail, user e-mail or None): the demo owners' businesses and two others from the registry.
SUPPLIERS = [
    ("925321141", "Kari Nordmann", "eier@demo.example", "eier@demo.example"),
    ("812844822", "Ola Hansen", "annen.eier@demo.example", "annen.eier@demo.example"),
    ("991341196", "Nina Berg", "nina.berg@demo.example", None),
    ("929065239", "Piotr Zabiegalowski", "piotr@demo.example", None),
]
DOCUMENT = """Utkast til kravspesifikasjon: renhold av skoler og barnehager

1. Omfang: daglig renhold av 24 skoler og 31 barnehager, om lag 180 000 kvadratmeter.
2. Kvalitet: NS-INSTA 800, kvalitetsprofil 3 for klasserom og 4 for toaletter.
3. Miljø: Svanemerkede rengjøringsmidler; elektriske kjøretøy i bykjernen.
4. Lønns- og arbeidsvilkår: allmenngjort tariff for renholdsbransjen.
"""


def _item(users) -> PlannedProcurement:
    item = PlannedProcurement.objects.filter(market_dialogue_planned=True, title__startswith="Renhold").order_by("pk").first()
    if item is not None:
        return item
    # The plans part did not make one: a small published plan of our own, so this part works alone.
    plan, _ = ProcurementPlan.objects.get_or_create(
        title="Anskaffelsesplan renhold",
        defaults={
            "buyer_name": "Bærum kommune",
            "buyer_orgnr": "935478715",
            "year": timezone.localdate().year + 1,
            "state": ProcurementPlan.State.PUBLISHED,
            "created_by": users.get("naeringssjef@demo.example"),
        },
    )
    item, _ = PlannedProcurement.objects.get_or_create(
        plan=plan,
        title="Renhold av skoler og barnehager",
        defaults={
            "description": "Rammeavtale om daglig renhold av kommunens skoler og barnehager.",
            "cpv_codes": ["90919200"],
            "estimated_value": 60_000_000,
            "planned_announcement": timezone.localdate() + datetime.timedelta(days=90),
            "market_dialogue_planned": True,
        },
    )
    return item


def load(users: dict) -> dict[str, int]:
    officer = users.get("naeringssjef@demo.example")
    with transaction.atomic():
        item = _item(users)
        dialogue = MarketDialogue.objects.filter(item=item, title=TITLE).first()
        if dialogue is None:
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            conference = (now + datetime.timedelta(days=17)).replace(hour=9)
            dialogue = MarketDialogue.objects.create(
                item=item,
                title=TITLE,
                description=(
                    "Kommunen skal lyse ut en ny rammeavtale om renhold av skoler og barnehager. Før vi skriver "
                    "konkurransegrunnlaget vil vi høre fra markedet: hvordan kan avtalen legge til rette for små og "
                    "mellomstore bedrifter, miljøkrav og gode lønns- og arbeidsvilkår?"
                ),
                has_conference=True,
                has_one_to_one=True,
                has_written_input=True,
                conference_at=conference,
                location="Bærum rådhus, Kommunegården, møterom Kalvøya",
                registration_deadline=conference - datetime.timedelta(days=3),
                input_deadline=conference + datetime.timedelta(days=14),
                capacity=20,
                state=MarketDialogue.State.OPEN,
                version=2,
                created_by=officer,
            )
            registrations = []
            for orgnr, contact, email, user_email in SUPPLIERS:
                business = Business.objects.filter(orgnr=orgnr).first()
                registrations.append(
                    DialogueRegistration.objects.create(
                        dialogue=dialogue,
                        orgnr=orgnr,
                        company_name=business.name if business else orgnr,
                        contact_name=contact,
                        email=email,
                        phone="",
                        user=users.get(user_email) if user_email else None,
                    )
                )
            first = (conference + datetime.timedelta(days=2)).replace(hour=9)
            for i in range(8):
                starts = first + datetime.timedelta(minutes=30 * i)
                booked = registrations[i] if i < 3 else None
                DialogueSlot.objects.create(
                    dialogue=dialogue,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=30),
                    registration=booked,
                    booked_at=now if booked else None,
                )
            document = DialogueDocument(
                dialogue=dialogue,
                title="Utkast til kravspesifikasjon",
                filename="utkast-kravspesifikasjon.txt",
                content_type="text/plain",
                size=len(DOCUMENT.encode()),
                uploaded_by=officer,
            )
            document.file.save("utkast-kravspesifikasjon.txt", ContentFile(DOCUMENT.encode()), save=False)
            document.save()
            DialogueQuestion.objects.create(
                dialogue=dialogue,
                registration=registrations[2],
                question="Blir avtalen delt opp i geografiske delkontrakter, slik at mindre bedrifter kan gi tilbud?",
                answer=(
                    "Vi vurderer å dele avtalen i fire geografiske delkontrakter. Innspill om størrelsen på "
                    "delkontraktene tar vi gjerne imot i én-til-én-møtene."
                ),
                published_at=now,
                answered_by=officer,
            )
            DialogueQuestion.objects.create(
                dialogue=dialogue,
                registration=registrations[0],
                question="Kan tilbydere bruke underleverandører for periodisk renhold?",
            )
    return {
        "market_dialogues": MarketDialogue.objects.filter(title=TITLE).count(),
        "dialogue_registrations": DialogueRegistration.objects.filter(dialogue=dialogue).count(),
        "booked_slots": DialogueSlot.objects.filter(dialogue=dialogue, registration__isnull=False).count(),
    }
