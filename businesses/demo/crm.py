"""Demo content of the officers' CRM: contacts, a year of interactions, follow-ups (some overdue, some due this
week for the næringssjef), red flags of every category, and tags (a cluster, business parks, anchor companies).

Only real businesses from the demo registry are used; a business missing from the registry is skipped. Rows are
found by their natural key (business and name, subject or title), so a second run adds nothing; dates are set
relative to today when a row is first made. A few contacts are past their retention date, so the nightly purge has
something to do (and the next load brings them back for the next demonstration).
"""

import datetime
import random
import zlib

from django.db import transaction
from django.utils import timezone

from businesses.models import Business, Contact, FollowUp, Interaction, LawfulBasis, RedFlag, Tag

CHIEF = "naeringssjef@demo.example"
ADVISER = "naeringsradgiver@demo.example"

TAGS = {
    (Tag.Kind.CLUSTER, "Fornebu teknologiklynge"): ["933012867", "989795848", "927043459", "987665882", "914561779", "990949093"],
    (Tag.Kind.CLUSTER, "Grønn industri Asker og Bærum"): ["937270062", "954446689", "811600792", "995552582"],
    (Tag.Kind.BUSINESS_PARK, "Fornebu næringspark"): ["933012867", "989795848", "927043459", "914561779"],
    (Tag.Kind.BUSINESS_PARK, "Billingstad og Slependen næringsområde"): ["919290900", "995552582", "987884959", "812844822"],
    (Tag.Kind.ANCHOR, "Lokomotivbedrifter"): ["937270062", "933012867", "989795848", "814576612", "811600792"],
    (Tag.Kind.SEGMENT, "Vekstbedrifter"): ["987665882", "990949093", "925321141", "912576639"],
}

# (orgnr, name, title, days until the retention date: negative = already passed)
CONTACTS = [
    ("937270062", "Hilde Sørensen", "Regiondirektør", 540),
    ("937270062", "Tor Erik Moen", "Anleggssjef Bærum", 400),
    ("933012867", "Maria Lunde", "Samfunnskontakt", 620),
    ("933012867", "Jonas Aas", "HR-direktør", 300),
    ("989795848", "Camilla Strand", "Leder eiendom og fasiliteter", 700),
    ("814576612", "Erik Haugland", "Fabrikksjef", 450),
    ("811600792", "Line Bakke", "Daglig leder", 600),
    ("811600792", "Kristoffer Nilsen", "Fagleder elektro", -12),
    ("995552582", "Anders Holm", "Daglig leder", 500),
    ("995552582", "Siri Olsen", "Rekrutteringsansvarlig", 380),
    ("812844822", "Ola Hansen", "Styreleder", 650),
    ("925321141", "Kari Nordmann", "Daglig leder", 650),
    ("923950591", "Petter Dahl", "Butikksjef", 220),
    ("931988182", "Ingvild Berge", "Medisinsk leder", 480),
    ("981630238", "Knut Vik", "Daglig leder", 360),
    ("987884959", "Gunnar Rese", "Daglig leder og eier", 710),
    ("942318502", "Bente Karlsen", "Trafikkleder", -40),
    ("961744687", "Øyvind Toftenes", "Partner", 540),
    ("987665882", "Sunniva Ek", "Gründer og daglig leder", 690),
    ("990949093", "Jakob Lie", "Designer og daglig leder", 300),
    ("912576639", "Nora Svendsen", "Salgsdirektør", 420),
    ("954446689", "Rune Aasen", "Driftssjef", 260),
    ("914561779", "Elin Myhre", "Klinikkleder", -3),
    ("919290900", "Hassan Ali", "Kjøpmann", 580),
    ("927043459", "Vibeke Foss", "Eiendomsutvikler", 330),
]

# (kind, subject, notes): the pool a year of interactions is drawn from.
TEMPLATES = [
    (
        Interaction.Kind.VISIT,
        "Bedriftsbesøk med omvisning",
        "Omvisning i produksjonen. Bedriften går godt, men melder om stramt arbeidsmarked for fagarbeidere."
        " Ønsker kontakt med videregående skoler om lærlinger.",
    ),
    (
        Interaction.Kind.VISIT,
        "Besøk om utvidelsesplaner",
        "Planlegger å doble arealet innen tre år. "
        "Ønsker et møte med plan og bygg om regulering før de går videre med eiendomsmegler.",
    ),
    (
        Interaction.Kind.CALL,
        "Oppfølging etter søknad om næringsareal",
        "Ringte for å høre om status. Forklarte at saken ligger hos eiendom, og lovet å sjekke tidslinjen internt.",
    ),
    (
        Interaction.Kind.CALL,
        "Spørsmål om skjenkebevilling",
        "Vil søke utvidet skjenketid til sommersesongen. Sendte lenke til søknadsskjemaet og forklarte behandlingstiden.",
    ),
    (
        Interaction.Kind.CALL,
        "Behov for lagerlokaler",
        "Trenger 1 500 m² lager med god atkomst til E18 innen et halvt år. Sjekker ledige lokaler hos næringsmeglerne.",
    ),
    (
        Interaction.Kind.EMAIL,
        "Informasjon om Innovasjon Norges tilskudd",
        "Sendte oversikt over oppstartstilskudd og markedsavklaringstilskudd, og tilbød et møte for å gå gjennom søknaden.",
    ),
    (
        Interaction.Kind.EMAIL,
        "Invitasjon til leverandørkonferanse",
        "Invitert til kommunens leverandørkonferanse om kommende anskaffelser innen bygg og anlegg.",
    ),
    (
        Interaction.Kind.MEETING,
        "Møte om rekruttering og kompetanse",
        "Møte med NAV arbeidsgiverlos og bedriften. Avtalte å prøve ut et kvalifiseringsløp for åtte kandidater til høsten.",
    ),
    (
        Interaction.Kind.MEETING,
        "Dialogmøte om byggesak",
        "Bedriften opplever lang behandlingstid på en dispensasjonssøknad."
        " Avklarte hva som mangler i søknaden og hvem de kan kontakte.",
    ),
    (
        Interaction.Kind.MEETING,
        "Strategimøte om klyngesamarbeid",
        "Diskuterte felles kompetanseprogram i klyngen og mulig søknad om klyngemidler."
        " Bedriften vil gjerne være med i styringsgruppen.",
    ),
    (
        Interaction.Kind.EVENT,
        "Næringsfrokost om grønn omstilling",
        "Deltok på næringsfrokosten. Stor interesse for energisparing og solceller på tak;"
        " flere ba om oversikt over støtteordninger.",
    ),
    (
        Interaction.Kind.EVENT,
        "Nettverksmøte i næringsparken",
        "Nettverksmøte for bedriftene i parken. Tema var trafikk og parkering;"
        " bedriftene ønsker bedre kollektivtilbud i rushtiden.",
    ),
    (
        Interaction.Kind.VISIT,
        "Oppfølgingsbesøk etter omorganisering",
        "Ny ledelse på plass. Ønsker å opprettholde kontakten med kommunen og vil gjerne presentere seg for næringsrådet.",
    ),
    (
        Interaction.Kind.CALL,
        "Varsel om mulig flytting",
        "Daglig leder nevnte at de vurderer lokaler i nabokommunen på grunn av pris og plass."
        " Avtalte et møte for å se på alternativer her.",
    ),
    (
        Interaction.Kind.EMAIL,
        "Svar om arbeidstillatelse for spesialister",
        "Henviste til UDI og Work in Norway, og sendte kontaktinformasjon til Kompetansebroen.",
    ),
]

# The businesses with a year of interactions, and how many each.
INTERACTION_PLAN = [
    ("937270062", 6),
    ("933012867", 6),
    ("989795848", 5),
    ("814576612", 4),
    ("811600792", 5),
    ("995552582", 5),
    ("812844822", 4),
    ("925321141", 4),
    ("923950591", 3),
    ("931988182", 3),
    ("987884959", 3),
    ("987665882", 4),
    ("990949093", 2),
    ("954446689", 3),
    ("919290900", 3),
]

# (orgnr, title, owner: "chief"/"adviser", days from today until due, state)
FOLLOW_UPS = [
    ("995552582", "Sette opp møte med NAV om kvalifiseringsløp", "chief", -15, FollowUp.State.OPEN),
    ("811600792", "Sende oversikt over ledige næringstomter", "chief", -8, FollowUp.State.OPEN),
    ("937270062", "Avklare reguleringsstatus for tomten på Rud", "chief", -3, FollowUp.State.OPEN),
    ("933012867", "Invitere til næringsrådets neste møte", "chief", 0, FollowUp.State.OPEN),
    ("987665882", "Gå gjennom søknad om oppstartstilskudd", "chief", 2, FollowUp.State.OPEN),
    ("989795848", "Ringe om parkeringssituasjonen på Fornebu", "chief", 4, FollowUp.State.OPEN),
    ("814576612", "Følge opp energisparingsprosjekt", "chief", 12, FollowUp.State.OPEN),
    ("925321141", "Sjekke behandlingstid for skjenkebevilling", "adviser", -2, FollowUp.State.OPEN),
    ("919290900", "Sende invitasjon til leverandørkonferansen", "adviser", 5, FollowUp.State.OPEN),
    ("812844822", "Finne kontakt hos Statens vegvesen om avkjørsel", "adviser", 20, FollowUp.State.OPEN),
    ("923950591", "Sende tilbud om kurs i offentlige anskaffelser", "chief", -30, FollowUp.State.DONE),
    ("931988182", "Avtale oppfølgingsbesøk", "adviser", -20, FollowUp.State.DONE),
    ("954446689", "Sende informasjon om Enovas programmer", "adviser", -10, FollowUp.State.CANCELLED),
]

# (orgnr, category, severity, description, referred to, resolved days ago (None: open), resolution)
RED_FLAGS = [
    (
        "811600792",
        RedFlag.Category.RELOCATION,
        RedFlag.Severity.HIGH,
        "Vurderer å flytte hovedkontoret og lageret til Lier fordi de ikke finner større lokaler i Asker.",
        "Eiendom og plan",
        None,
        "",
    ),
    (
        "937270062",
        RedFlag.Category.EXPANSION,
        RedFlag.Severity.MEDIUM,
        "Trenger mer areal til sortering innen to år; dagens tomt er fullt utnyttet.",
        "Næringssjefen",
        None,
        "",
    ),
    (
        "995552582",
        RedFlag.Category.LABOUR,
        RedFlag.Severity.HIGH,
        "Mangler 15 armeringsarbeidere til høsten; taper oppdrag til konkurrenter.",
        "NAV arbeidsgiverlos",
        None,
        "",
    ),
    (
        "987884959",
        RedFlag.Category.PREMISES,
        RedFlag.Severity.MEDIUM,
        "Trenger oppstillingsplass for maskiner; leieavtalen på dagens tomt går ut om et år.",
        "",
        None,
        "",
    ),
    (
        "931988182",
        RedFlag.Category.CASE_PROCESSING,
        RedFlag.Severity.LOW,
        "Byggesak om ombygging av legevakten har ligget i ti uker uten svar.",
        "Byggesak",
        None,
        "",
    ),
    (
        "923950591",
        RedFlag.Category.CLOSURE,
        RedFlag.Severity.HIGH,
        "Omsetningen har falt kraftig etter at senteret ble bygget om; vurderer å legge ned butikken.",
        "",
        None,
        "",
    ),
    (
        "942318502",
        RedFlag.Category.PREMISES,
        RedFlag.Severity.LOW,
        "Trengte midlertidig parkering for lastebiler under veiarbeid.",
        "Samferdsel",
        60,
        "Fikk midlertidig dispensasjon for parkering i anleggsperioden.",
    ),
    (
        "933012867",
        RedFlag.Category.LABOUR,
        RedFlag.Severity.MEDIUM,
        "Vansker med å rekruttere utviklere med sikkerhetsklarering.",
        "Næringsrådet",
        120,
        "Felles rekrutteringskampanje i klyngen ga tolv nye ansettelser.",
    ),
    (
        "981630238",
        RedFlag.Category.CASE_PROCESSING,
        RedFlag.Severity.MEDIUM,
        "Søknad om ny klubbhusfløy sto fast på grunn av uklar reguleringsplan.",
        "Plan og bygg",
        30,
        "Avklart i forhåndskonferanse; søknaden er godkjent.",
    ),
]


def _email(name: str, orgnr: str) -> str:
    local = name.lower().replace(" ", ".").replace("ø", "o").replace("å", "a").replace("æ", "ae")
    return f"{local}@bedrift-{orgnr}.example"


@transaction.atomic
def load(users: dict) -> dict[str, int]:
    chief = users.get(CHIEF)
    if chief is None:
        return {}
    adviser = users.get(ADVISER) or chief
    today = timezone.localdate()
    businesses = {b.orgnr: b for b in Business.objects.filter(orgnr__in=_all_orgnrs())}
    if not businesses:
        return {}

    for (kind, name), orgnrs in TAGS.items():
        tag, _ = Tag.objects.get_or_create(kind=kind, name=name)
        tag.businesses.add(*(businesses[o] for o in orgnrs if o in businesses))

    contacts: dict[str, list[Contact]] = {}
    for orgnr, name, title, keep_days in CONTACTS:
        if orgnr not in businesses:
            continue
        contact, _ = Contact.objects.get_or_create(
            business=businesses[orgnr],
            name=name,
            defaults={
                "role": title,
                "email": _email(name, orgnr),
                "phone": f"+47 9{zlib.crc32(name.encode()) % 10_000_000:07d}" if keep_days % 2 else "",
                "lawful_basis": LawfulBasis.PUBLIC_TASK if keep_days > 0 else LawfulBasis.CONSENT,
                "retain_until": today + datetime.timedelta(days=keep_days),
                "created_by": chief,
            },
        )
        contacts.setdefault(orgnr, []).append(contact)

    rng = random.Random(11)
    interactions = {}
    for orgnr, count in INTERACTION_PLAN:
        business = businesses.get(orgnr)
        if business is None:
            continue
        for kind, subject, notes in rng.sample(TEMPLATES, count):
            officer = chief if rng.random() < 0.6 else adviser
            days_ago = rng.randint(1, 360)
            interaction = Interaction.objects.filter(businesses=business, subject=subject).first()
            if interaction is None:
                interaction = Interaction.objects.create(
                    kind=kind, date=today - datetime.timedelta(days=days_ago), subject=subject, notes=notes, created_by=officer
                )
                interaction.businesses.add(business)
                people = contacts.get(orgnr, [])
                if people:
                    interaction.contacts.add(people[0])
                if kind in (Interaction.Kind.VISIT, Interaction.Kind.MEETING) and adviser != chief:
                    interaction.participants.add(adviser if officer == chief else chief)
            interactions.setdefault(orgnr, interaction)

    owners = {"chief": chief, "adviser": adviser}
    for orgnr, title, owner, due_in, state in FOLLOW_UPS:
        if orgnr not in businesses:
            continue
        FollowUp.objects.get_or_create(
            business=businesses[orgnr],
            title=title,
            defaults={
                "owner": owners[owner],
                "due": today + datetime.timedelta(days=due_in),
                "state": state,
                "interaction": interactions.get(orgnr),
                "created_by": chief,
                "completed_at": None if state == FollowUp.State.OPEN else timezone.now() - datetime.timedelta(days=2),
            },
        )

    for orgnr, category, severity, description, referred_to, resolved_ago, resolution in RED_FLAGS:
        if orgnr not in businesses:
            continue
        resolved = resolved_ago is not None
        RedFlag.objects.get_or_create(
            business=businesses[orgnr],
            category=category,
            description=description,
            defaults={
                "severity": severity,
                "referred_to": referred_to,
                "raised_by": adviser if resolved else chief,
                "resolved_at": timezone.now() - datetime.timedelta(days=resolved_ago) if resolved else None,
                "resolved_by": chief if resolved else None,
                "resolution": resolution,
            },
        )

    return {
        "contacts": Contact.objects.count(),
        "interactions": Interaction.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "red_flags": RedFlag.objects.count(),
        "tags": Tag.objects.count(),
    }


def _all_orgnrs() -> set[str]:
    orgnrs = {o for orgnrs in TAGS.values() for o in orgnrs}
    orgnrs |= {row[0] for row in CONTACTS} | {row[0] for row in INTERACTION_PLAN}
    orgnrs |= {row[0] for row in FOLLOW_UPS} | {row[0] for row in RED_FLAGS}
    return orgnrs
