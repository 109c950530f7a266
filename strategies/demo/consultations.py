"""Demo content: a closed consultation (høring) on the demo plan's action programme, with two responses.

One response in the shape of a business council's (shared/seeds/003: the sender with organisation number,
address and contact person, a text, concrete points linked to measures, each followed up by the officer),
public after the deadline; one from a business in the registry, exempt from public access with its legal basis.
The texts are the portal's own. Safe to run again: a consultation that exists is left as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from businesses.models import Business
from portal.services import log_activity
from strategies.models import Consultation, ConsultationResponse, Measure, Plan, ResponsePoint

CASE_NUMBER = "21/1234"
OFFICER = "naeringssjef@demo.example"
COUNCIL = "naeringsrad@demo.example"
OWNER = "eier@demo.example"

DESCRIPTION = (
    "Regionrådet legger forslaget til rullert handlingsprogram for den strategiske næringsplanen ut på høring. "
    "Handlingsprogrammet viser hvilke tiltak regionen skal gjennomføre de neste fire årene, hvem som har ansvaret "
    "og hva tiltakene koster.\n\n"
    "Vi vil gjerne høre fra bedrifter, næringsforeninger og andre organisasjoner: Mangler det tiltak? Er ansvaret "
    "riktig plassert? Knytt gjerne innspillene til de konkrete tiltakene i planen."
)

COUNCIL_TEXT = (
    "Næringsrådet støtter målet om at regionen skal være ledende på næringsutvikling, men mener forslaget til "
    "handlingsprogram i for liten grad viser hvordan kommunene vil legge til rette for bedriftene som allerede er "
    "her, og for nye etableringer.\n\n"
    "Flere av tiltakene mangler ressurser i budsjettet. Vi ber om at rammene for tiltakene under satsingsområdet "
    "nettverk og samarbeid økes, og at handlingsprogrammet blir mer konkret på hvem som gjør hva og når.\n\n"
    "Vi har samlet innspillene våre i punktene nedenfor."
)

# (point, measure code, how it was followed up)
COUNCIL_POINTS = [
    (
        "Etablere faste samarbeidsprosjekter mellom næringslivet, kommunene og klyngene, også om innovative "
        "anskaffelser og dialog med markedet før anskaffelser.",
        "1.1.2",
        "Tatt inn: nettverksprogrammet får et eget spor for leverandører til kommunene, og markedsdialog før "
        "større anskaffelser er lagt inn som delmål.",
    ),
    (
        "Forutsigbar og rask behandling av plan- og byggesaker. Dialogmøtene har vist at saksbehandlingen er det "
        "bedriftene er minst fornøyd med.",
        "1.2.2",
        "Delvis tatt inn: den felles førstelinjen skal også veilede om plan- og byggesaker. Saksbehandlingstiden "
        "følges opp i kommunenes egne budsjetter.",
    ),
    (
        "Dialogmøter mellom næringsrådet og kommunedirektøren fire ganger i året, med oppfølging av konkrete prosjekter.",
        "1.2.1",
        "Tatt inn: fire dialogmøter i året med oppfølgingspunkter som følges opp i portalen.",
    ),
    (
        "Flere felles prosjekter der kommunene, bedriftene og innbyggerne tar ansvar for en bærekraftig utvikling.",
        "4.2.1",
        "Vurdert: kurset i klimaregnskap utvides til å gjelde alle bedrifter i regionen. Nye prosjekter vurderes ved "
        "neste rullering.",
    ),
]

BUSINESS_TEXT = (
    "Vi er positive til en felles oversikt over ledige næringsarealer, men ber om at opplysninger om våre "
    "utvidelsesplaner og forhandlinger om tomt ikke blir gjort kjent før avtalene er inngått.\n\n"
    "Vi har lagt ved våre tall for arealbehov de neste fem årene, som grunnlag for den samordnede arealstrategien."
)

BUSINESS_POINTS = [
    ("Oversikten over ledige arealer bør vise adkomst for tungtransport og kapasitet på strøm.", "5.1.1", ""),
]

EXEMPTION_BASIS = "offentleglova § 13 første ledd, jf. forvaltningsloven § 13 første ledd nr. 2"


def load(users: dict) -> dict[str, int]:
    from strategies.demo.plans import TITLE

    plan = Plan.objects.filter(title=TITLE).order_by("-version").first()
    if plan is None:
        return {}
    existing = Consultation.objects.filter(plan__lineage=plan.lineage, case_number=CASE_NUMBER).first()
    if existing is None:
        with transaction.atomic():
            existing = _create(plan, users)
    return {"consultations": 1, "consultation_responses": existing.responses.count()}


def _create(plan: Plan, users: dict) -> Consultation:
    officer = users.get(OFFICER)
    deadline = timezone.now().replace(hour=23, minute=59, second=0, microsecond=0) - datetime.timedelta(days=90)
    published = deadline - datetime.timedelta(days=42)
    consultation = Consultation.objects.create(
        plan=plan,
        title="Forslag til rullert handlingsprogram for Gardermoregionen",
        case_number=CASE_NUMBER,
        description=DESCRIPTION,
        published_at=published,
        deadline=deadline,
        created_by=officer,
    )
    measures = {m.code: m for m in Measure.objects.filter(goal__focus_area__plan=plan)}
    council = users.get(COUNCIL)
    _response(
        consultation,
        submitted=deadline - datetime.timedelta(days=3, hours=5),
        points=COUNCIL_POINTS,
        measures=measures,
        officer=officer,
        organisation="Asker næringsråd",
        orgnr="974540193",
        address="Drengsrudhagen 6, 1385 Asker",
        contact_person="Yngve Bastesen",
        email=COUNCIL,
        phone="900 12 345",
        text=COUNCIL_TEXT,
        user=council,
    )
    business = Business.objects.filter(orgnr="925321141").first() or Business.objects.order_by("orgnr").first()
    if business is not None:
        _response(
            consultation,
            submitted=deadline - datetime.timedelta(days=1, hours=2),
            points=BUSINESS_POINTS,
            measures=measures,
            officer=officer,
            organisation=business.name,
            orgnr=business.orgnr,
            address="",
            contact_person="Kari Nordmann",
            email=OWNER,
            phone="",
            text=BUSINESS_TEXT,
            user=users.get(OWNER),
            exempt=True,
            exemption_basis=EXEMPTION_BASIS,
        )
    log_activity(consultation, actor=officer, action="strategies.consultation_published", data={"demo": True})
    return consultation


def _response(consultation, *, submitted, points, measures, officer, **fields) -> ConsultationResponse:
    response = ConsultationResponse.objects.create(consultation=consultation, **fields)
    # The receipt's reference and time as if it had come in before the deadline.
    ConsultationResponse.objects.filter(pk=response.pk).update(
        submitted_at=submitted, reference=f"H-{timezone.localdate(submitted).year}-{response.pk:04d}"
    )
    followed_at = consultation.deadline + datetime.timedelta(days=14)
    for position, (text, code, follow_up) in enumerate(points, start=1):
        ResponsePoint.objects.create(
            response=response,
            position=position,
            text=text,
            measure=measures.get(code),
            follow_up=follow_up,
            followed_up_by=officer if follow_up else None,
            followed_up_at=followed_at if follow_up else None,
        )
    return response
