"""Demo procurement plans: Bærum kommune's published "Anskaffelsesplan 2027" with ten planned procurements
(written for the demo; the CPV codes are real), and a draft plan of Asker kommune that only the team sees.

The rows are written directly, not through the services, so loading the demo sends no alerts. Safe to run
again: plans are found by title and buyer, items by title within their plan.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from procurement.models import PlannedProcurement, ProcurementPlan
from procurement.services.plans import set_cpv_rows

OFFICER = "naeringssjef@demo.example"
CONTACT = "Innkjøpsavdelingen"
EMAIL = "innkjop@baerum.demo.example"

BAERUM = {
    "title": "Anskaffelsesplan 2027",
    "buyer_name": "Bærum kommune",
    "buyer_orgnr": "935478715",
    "year": 2027,
    "introduction": (
        "Her er anskaffelsene Bærum kommune planlegger å kunngjøre i 2027. Planen er veiledende: tidspunkt og "
        "verdier kan endre seg. Ta gjerne kontakt med innkjøpsavdelingen om dere vil vite mer, og meld dere på "
        "markedsdialogen der det er planlagt."
    ),
}

# (what, description, CPV codes, estimated value in NOK, planned announcement, market dialogue planned)
BAERUM_ITEMS = [
    (
        "Renhold av skoler og barnehager",
        "Daglig renhold, periodisk rengjøring og vindusvask i om lag 60 skoler og barnehager, delt i geografiske "
        "delkontrakter slik at også mindre renholdsbedrifter kan gi tilbud.",
        ["90910000", "90919200"],
        Decimal("48000000"),
        datetime.date(2027, 3, 1),
        True,
    ),
    (
        "Rammeavtale for snørydding og strøing",
        "Brøyting, snørydding og strøing av kommunale veier, plasser og gang- og sykkelveier, delt i roder.",
        ["90620000", "90630000"],
        Decimal("22000000"),
        datetime.date(2027, 5, 15),
        False,
    ),
    (
        "Drift av kommunens IT-infrastruktur",
        "Drift og overvåking av servere, nettverk og brukerstøtte for kommunens virksomheter, med overgang fra dagens avtale.",
        ["72514000", "72500000"],
        Decimal("35000000"),
        datetime.date(2027, 2, 1),
        False,
    ),
    (
        "Pilot for skolemat",
        "Et måltid om dagen for elevene ved tre skoler i ett skoleår, med lokale råvarer der det lar seg gjøre.",
        ["55524000"],
        Decimal("4500000"),
        datetime.date(2027, 4, 1),
        False,
    ),
    (
        "Kantinedrift i rådhuset og på Bekkestua",
        "Drift av to personalkantiner, med krav om sunn mat og mindre matsvinn.",
        ["55512000"],
        Decimal("6000000"),
        datetime.date(2027, 9, 1),
        False,
    ),
    (
        "Ladepunkter for elbil ved kommunale bygg",
        "Levering, installasjon og drift av ladepunkter for tjenestebiler og ansatte ved om lag 40 kommunale bygg.",
        ["45310000", "31158100"],
        Decimal("12000000"),
        datetime.date(2027, 6, 1),
        False,
    ),
    (
        "Rådgivning til reguleringsplan for næringsområde",
        "Planfaglig bistand, konsekvensutredning og medvirkning i arbeidet med reguleringsplan for et næringsområde.",
        ["71410000", "90712000"],
        Decimal("3500000"),
        datetime.date(2027, 10, 1),
        False,
    ),
    (
        "Møbler til ny barneskole",
        "Elevpulter, stoler, garderobe- og oppbevaringsmøbler til en ny barneskole som åpner høsten 2028.",
        ["39160000", "39112000"],
        Decimal("5200000"),
        datetime.date(2027, 11, 1),
        False,
    ),
    (
        "Vedlikehold av kommunale veier",
        "Asfaltering, lapping, grøfterensk og skiltvedlikehold på det kommunale veinettet.",
        ["45233141"],
        Decimal("30000000"),
        datetime.date(2027, 3, 15),
        False,
    ),
    (
        "Sensorbasert bygningsovervåking",
        "En liten innovativ anskaffelse: sensorer som måler inneklima, fukt og energibruk i fem kommunale bygg, "
        "og en løsning som varsler driften før skader oppstår. Vi beskriver behovet og vil høre hva markedet kan "
        "tilby før konkurransen utformes.",
        ["35125100", "71700000"],
        Decimal("1800000"),
        datetime.date(2027, 8, 1),
        True,
    ),
]

ASKER = {
    "title": "Anskaffelsesplan 2027 (utkast)",
    "buyer_name": "Asker kommune",
    "buyer_orgnr": "944382038",
    "year": 2027,
    "introduction": "Utkast til plan, ikke publisert.",
}
ASKER_ITEMS = [
    (
        "Vintervedlikehold av gang- og sykkelveier",
        "Brøyting og strøing av gang- og sykkelveier.",
        ["90620000"],
        Decimal("9000000"),
        datetime.date(2027, 4, 1),
        False,
    ),
    (
        "Rammeavtale for kontorrekvisita",
        "",
        ["30192000"],
        Decimal("2500000"),
        None,
        False,
    ),
]


def _plan(spec: dict, state: str, items, users) -> tuple[ProcurementPlan, int]:
    plan, _ = ProcurementPlan.objects.get_or_create(
        title=spec["title"],
        buyer_orgnr=spec["buyer_orgnr"],
        defaults={**spec, "state": state, "created_by": users.get(OFFICER)},
    )
    for title, description, codes, value, planned, dialogue in items:
        item, created = PlannedProcurement.objects.get_or_create(
            plan=plan,
            title=title,
            defaults={
                "description": description,
                "cpv_codes": codes,
                "estimated_value": value,
                "planned_announcement": planned,
                "contact_name": CONTACT if spec is BAERUM else "Innkjøp",
                "contact_email": EMAIL if spec is BAERUM else "innkjop@asker.demo.example",
                "market_dialogue_planned": dialogue,
            },
        )
        if created:
            set_cpv_rows(item)
    return plan, plan.items.count()


@transaction.atomic
def load(users: dict) -> dict[str, int]:
    _, baerum = _plan(BAERUM, ProcurementPlan.State.PUBLISHED, BAERUM_ITEMS, users)
    _, asker = _plan(ASKER, ProcurementPlan.State.DRAFT, ASKER_ITEMS, users)
    return {"procurement_plans": 2, "planned_procurements": baerum + asker}
