"""One fixture for the open data tests: public things with exact values, and beside them everything that must
never reach the API (contact details, names, internal items, drafts, unpublished minutes), listed in SECRETS."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from businesses.models import Business, Municipality
from businesses.services.registry import load_reference_tables
from meetings.models import ActionPoint, AgendaItem, Meeting, MeetingSeries, Participant, Visibility
from procurement.models import ProcurementPlan
from strategies.models import Measure, Plan
from tests.businesses.factories_crm import ContactFactory
from tests.factories import UserFactory
from tests.procurement.factories_pages import make_notice
from tests.procurement.factories_plans import make_item, make_plan
from tests.strategies.factories_plans import make_area, make_goal, make_measure
from tests.strategies.factories_plans import make_plan as make_strategy_plan

OSLO = ZoneInfo("Europe/Oslo")

# Every one of these is stored somewhere in the fixture; none may appear in any API response, in any form.
SECRETS = [
    # E-mail addresses and phone numbers: the register's own, a CRM contact's, users', guests', a plan item's contact.
    "post@desintrygg.test.example",
    "+47 67 11 22 33",
    "kari@haarstudio.test.example",
    "+47 912 34 567",
    "per.kontakt@desintrygg.test.example",
    "+47 400 00 001",
    "ingrid.officer@test.example",
    "rita.reporter@test.example",
    "gjest@bedrift.test.example",
    "innkjop@baerum.test.example",
    # People's names: a CRM contact, the organiser, a reporter, a presenter, an action point's owner, a guest,
    # a planned procurement's contact.
    "Per Kontaktsen",
    "Inga Møteleder",
    "Rita Rapportør",
    "Kari Presenter",
    "Ola Eksternsen",
    "Gjest Gjestesen",
    "Innkjøpsavdelingen",
    # A sole proprietorship's business address (often the owner's home).
    "Torget 1",
    # Internal items, unpublished minutes, drafts, notes.
    "Personalsak: omorganisering",
    "Hemmelig vedtak",
    "Intern oppfølging av personalsak",
    "Oppfølging under internt punkt",
    "Upublisert vedtak",
    "Strategisamling",
    "Lederforum",
    "Notater fra diskusjonen",
    "Utkast: Næringsplan 2029",
    "Hemmelig utkasttiltak",
    "Utkast anskaffelsesplan 2028",
    "Hemmelig innkjøp",
    "Kun for kontakten",
]


@dataclass
class OpenData:
    desintrygg: Business
    hairdresser: Business
    bankrupt: Business
    elsewhere: Business
    published: Meeting
    unpublished: Meeting
    internal: Meeting
    in_internal_series: Meeting
    plan: Plan
    draft_plan: Plan
    measures: list
    competition: object
    award: object
    expired: object
    procurement_plan: ProcurementPlan
    draft_procurement_plan: ProcurementPlan


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def open_data(db):
    load_reference_tables()
    bærum, asker = Municipality.objects.get(number="3201"), Municipality.objects.get(number="3203")
    oslo = Municipality.objects.get(number="0301")

    def business(orgnr, name, **fields):
        # update_or_create: the personas fixture may have made DESINTRYGG AS already.
        defaults = {"name": name, "search_name": name.lower(), **fields}
        return Business.objects.update_or_create(orgnr=orgnr, defaults=defaults)[0]

    desintrygg = business(
        "925321141",
        "DESINTRYGG AS",
        organisation_form_id="AS",
        industry_codes=[{"code": "81.210", "description": "Rengjøring av bygninger"}],
        industry_version="SN2025",
        industry_division="81",
        industry_section="N",
        employees=12,
        address="Industriveien 5",
        postal_code="1337",
        postal_place="SANDVIKA",
        municipality=bærum,
        registered=datetime.date(2015, 3, 2),
        founded=datetime.date(2015, 2, 20),
        website="www.desintrygg.no",
        email="post@desintrygg.test.example",
        phone="+47 67 11 22 33",
    )
    # A sole proprietorship: its register data is public in Enhetsregisteret, and the registry page shows it.
    hairdresser = business(
        "998877665",
        "HÅRSTUDIO ÅSA",
        organisation_form_id="ENK",
        industry_codes=[{"code": "96.210", "description": "Frisering og annen skjønnhetspleie"}],
        industry_version="SN2025",
        industry_division="96",
        industry_section="S",
        employees=None,
        address="Torget 1",
        postal_code="1383",
        postal_place="ASKER",
        municipality=asker,
        registered=datetime.date(2021, 6, 1),
        email="kari@haarstudio.test.example",
        phone="+47 912 34 567",
    )
    bankrupt = business(
        "911222333",
        "GAMMEL BEDRIFT AS",
        organisation_form_id="AS",
        industry_codes=[{"code": "62.010", "description": "Programmeringstjenester"}],
        industry_version="SN2007",
        industry_division="62",
        industry_section="J",
        employees=0,
        municipality=bærum,
        registered=datetime.date(2010, 1, 4),
        bankrupt=True,
        bankrupt_date=datetime.date(2025, 11, 3),
    )
    elsewhere = business("922333444", "OSLO KONSULT AS", organisation_form_id="AS", municipality=oslo, employees=3)
    ContactFactory(
        business=desintrygg,
        name="Per Kontaktsen",
        email="per.kontakt@desintrygg.test.example",
        phone="+47 400 00 001",
        notes="Kun for kontakten",
    )

    # --- Meetings ---
    officer = UserFactory(email="ingrid.officer@test.example", name="Inga Møteleder")
    series = MeetingSeries.objects.create(name="Dialogmøte næringsråd–kommunedirektør", organiser=officer)
    internal_series = MeetingSeries.objects.create(name="Lederforum", organiser=officer, visibility=Visibility.INTERNAL)

    def meeting(title, start, **fields):
        found = Meeting.objects.create(
            title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=2), organiser=officer, **fields
        )
        Participant.objects.create(meeting=found, email="gjest@bedrift.test.example", name="Gjest Gjestesen")
        return found

    published = meeting(
        "Dialogmøte 1/2026",
        at(2026, 3, 10, 14),
        series=series,
        place="Rådhuset, Sandvika",
        state=Meeting.State.MINUTES_PUBLISHED,
        minutes_published_at=at(2026, 3, 12, 9),
    )
    public_item = AgendaItem.objects.create(
        meeting=published,
        position=1,
        title="Nytt næringsareal på Fornebu",
        presenter="Kari Presenter",
        notes="Notater fra diskusjonen",
        decision="Kommunedirektøren legger fram en sak om arealet innen juni.",
    )
    internal_item = AgendaItem.objects.create(
        meeting=published, position=2, title="Personalsak: omorganisering", internal=True, decision="Hemmelig vedtak"
    )
    ActionPoint.objects.create(
        meeting=published,
        agenda_item=public_item,
        title="Utrede tomt på Fornebu",
        owner=officer,
        due_date=datetime.date(2026, 6, 1),
        status=ActionPoint.Status.IN_PROGRESS,
    )
    ActionPoint.objects.create(
        meeting=published,
        title="Sende referatet til næringsrådet",
        owner_name="Ola Eksternsen",
        due_date=datetime.date(2026, 3, 20),
        status=ActionPoint.Status.DONE,
    )
    ActionPoint.objects.create(meeting=published, title="Intern oppfølging av personalsak", owner=officer, internal=True)
    ActionPoint.objects.create(
        meeting=published, agenda_item=internal_item, title="Oppfølging under internt punkt", owner=officer
    )
    unpublished = meeting("Dialogmøte 2/2026", at(2026, 6, 9, 14), series=series, place="Asker rådhus", state=Meeting.State.HELD)
    AgendaItem.objects.create(meeting=unpublished, position=1, title="Veibygging", decision="Upublisert vedtak")
    internal = meeting("Strategisamling", at(2026, 4, 2, 9), visibility=Visibility.INTERNAL)
    in_internal_series = meeting("Åpent møte om næringsareal", at(2026, 9, 1, 18), series=internal_series)

    # --- Plans ---
    reporter = UserFactory(email="rita.reporter@test.example", name="Rita Rapportør")
    plan = make_strategy_plan(
        title="Strategisk næringsplan for Bærum",
        summary="Flere arbeidsplasser i Bærum.",
        owner_name="Bærum kommune",
        decided_by="Kommunestyret",
        decided_on=datetime.date(2024, 6, 19),
        case_number="24/1234",
    )
    plan.municipalities.add(bærum)
    skills = make_area(plan, title="Kompetanse")
    apprentices = make_goal(skills, title="Flere læreplasser")
    measures = [
        make_measure(
            apprentices,
            title="Lærlingeløft",
            state=Measure.State.IN_PROGRESS,
            progress=40,
            budget=Decimal("500000"),
            responsible_name="Næringsavdelingen",
            reporter=reporter,
            start=datetime.date(2024, 9, 1),
            deadline=datetime.date(2026, 12, 31),
        ),
        make_measure(
            apprentices, title="Bedriftsbesøk", state=Measure.State.DONE, progress=100, weight=Decimal(2), reporter=reporter
        ),
    ]
    land = make_area(plan, title="Areal")
    measures.append(
        make_measure(make_goal(land, title="Nok næringsareal"), title="Kartlegge tomter", state=Measure.State.CANCELLED)
    )
    draft_plan = make_strategy_plan(title="Utkast: Næringsplan 2029–2032", state=Plan.State.DRAFT, start_year=2029, end_year=2032)
    make_measure(make_goal(make_area(draft_plan)), title="Hemmelig utkasttiltak")

    # --- Procurement ---
    competition = make_notice(
        doffin_id="2026-100001",
        heading="Renhold av skoler og barnehager",
        cpv_codes=("90910000",),
        published_on=datetime.date(2026, 5, 4),
        deadline=at(2030, 6, 1, 12),
        value="48000000",
        lots=([],),
    )
    award = make_notice(
        doffin_id="2025-200002",
        heading="Drift av IT",
        type="ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT",
        status="AWARDED",
        cpv_codes=("72514000",),
        published_on=datetime.date(2025, 10, 1),
        value="1200000",
        lots=([("925321141", "DESINTRYGG AS")],),
    )
    expired = make_notice(
        doffin_id="2025-200003",
        heading="Snøbrøyting",
        cpv_codes=("90620000",),
        published_on=datetime.date(2025, 10, 15),
        deadline=at(2025, 12, 1, 12),
        buyers=(("944382038", "Asker kommune"),),
        raw={"id": "2025-200003", "_demo": True},  # one of the demo's invented notices
    )
    procurement_plan = make_plan(title="Anskaffelsesplan 2027", introduction="Det vi skal kjøpe i 2027.")
    make_item(procurement_plan, contact_name="Innkjøpsavdelingen", contact_email="innkjop@baerum.test.example")
    make_item(
        procurement_plan,
        title="Kantinedrift",
        cpv_codes=["55512000"],
        state="cancelled",
        estimated_value=None,
        planned_announcement=None,
        market_dialogue_planned=False,
    )
    draft_procurement_plan = make_plan(title="Utkast anskaffelsesplan 2028", state=ProcurementPlan.State.DRAFT, year=2028)
    make_item(draft_procurement_plan, title="Hemmelig innkjøp")

    return OpenData(
        desintrygg=desintrygg,
        hairdresser=hairdresser,
        bankrupt=bankrupt,
        elsewhere=elsewhere,
        published=published,
        unpublished=unpublished,
        internal=internal,
        in_internal_series=in_internal_series,
        plan=plan,
        draft_plan=draft_plan,
        measures=measures,
        competition=competition,
        award=award,
        expired=expired,
        procurement_plan=procurement_plan,
        draft_procurement_plan=draft_procurement_plan,
    )


def get_json(client, url, **headers):
    """GET ``url`` and return (response, parsed JSON)."""
    response = client.get(url, headers=headers)
    return response, response.json()
