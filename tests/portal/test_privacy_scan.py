"""No personal data and no internal item anywhere a politician or the public can look (issue 14).

One fixture puts personal data and internal items everywhere the portal keeps them: a contact person on a
business and one on its own profile, an enquiry (sender, e-mail, phone, text, the answer), an interaction's
subject and note, red flags, a follow-up, meeting participants, an internal agenda item and an internal
action point with an owner's name, a presenter, an unpublished minutes' decision, an internal meeting, a
declined agenda proposal, a measure's reporter, a consultation response's contact, a draft plan and its
measure, a draft procurement plan, a market-dialogue registration's contact and an alert subscription; the
portal users' names and addresses. Then every one of those strings is looked for (case-insensitive, also
with the whitespace taken out, so a line break in a PDF cannot hide one) in the dashboard's HTML as a
politician (all municipalities and each one), the Næringsrapport's text (the PDF and its HTML) and every
response of the open data API that its OpenAPI description leads to (lists with every page, their CSV
exports, every detail, with the path parameters taken from the lists and from the fixture's internal
rows), anonymous and logged in. The public figures beside them are asserted to be there, so the scan cannot
pass by finding nothing at all.
"""

import datetime
import html
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from businesses.models import (
    BusinessProfile,
    Contact,
    Enquiry,
    EnquiryMessage,
    FollowUp,
    Interaction,
    ProfileContactPerson,
    RedFlag,
    RegistryEvent,
    Topic,
)
from meetings.models import ActionPoint, AgendaItem, ItemProposal, Meeting, Participant, Visibility
from procurement.models import (
    AlertSubscription,
    DialogueRegistration,
    Lot,
    LotWinner,
    MarketDialogue,
    Notice,
    NoticeBuyer,
    NoticeCpv,
    PlannedProcurement,
    ProcurementPlan,
)
from strategies.models import (
    Consultation,
    ConsultationResponse,
    FocusArea,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Plan,
)
from tests.factories import MunicipalityFactory

# --- What must never show: each a string only the fixture's private rows hold ------------------------------

SECRETS = {
    "contact name": "Gunnhild Kontaktsen",
    "contact e-mail": "gunnhild.kontaktsen@desintrygg.example",
    "contact phone": "+47 411 22 334",
    "contact note": "Kontaktnotat xq7 om helse",
    "profile contact name": "Bjørnar Profilperson",
    "profile contact e-mail": "bjornar.profil@desintrygg.example",
    "profile contact phone": "+47 455 66 778",
    "enquiry sender": "Torbjørn Avsendersen",
    "enquiry e-mail": "torbjorn.avsender@privat.example",
    "enquiry phone": "+47 922 33 445",
    "enquiry organisation": "Avsenders Planlagte Kafé",
    "enquiry text": "Henvendelsestekst kv3 om lokaler ved stasjonen",
    "enquiry answer": "Svartekst pw5 fra rådgiveren",
    "interaction subject": "Samtaleemne zr8 om nedbemanning",
    "interaction note": "Samtalenotat jm2 om konkursfare",
    "red flag text": "Rødt flagg yt4 flytter til Sverige",
    "red flag resolution": "Løsning hb6 fant lokaler",
    "follow-up": "Oppfølging gd9 ring tilbake",
    "participant name": "Gjertrud Gjestesen",
    "participant e-mail": "gjertrud.gjest@ekstern.example",
    "internal item": "Intern sak fv1 om oppsigelser",
    "internal item description": "Bakgrunn for intern sak wn5",
    "internal item decision": "Internt vedtak ks3 om lønn",
    "presenter": "Presentert av Halvard Innleder",
    "internal action point": "Intern oppfølging lq8 av forhandlingene",
    "action point owner": "Petter Eiersen",
    "public action point's note": "Statusnotat ux2 fra eieren",
    "unpublished decision": "Upublisert vedtak rc4 om tomten",
    "unpublished notes": "Upubliserte notater ge7 fra møtet",
    "internal meeting": "Internt strategimøte bt6",
    "internal meeting's item": "Sak i internt møte dp3",
    "declined proposal": "Avslått forslag mx9 om festival",
    "consultation contact": "Solveig Høringsdal",
    "consultation e-mail": "solveig.horing@naeringsforening.example",
    "consultation phone": "+47 477 88 990",
    "draft plan": "Utkast til næringsplan hq2",
    "draft measure": "Tiltak i utkastet sj4",
    "draft procurement plan": "Anskaffelsesplan under arbeid vt7",
    "draft procurement item": "Planlagt kjøp i utkastet kn1",
    "dialogue contact": "Reidun Registrertsen",
    "dialogue e-mail": "reidun.registrert@leverandor.example",
    "dialogue phone": "+47 933 44 556",
    "alert e-mail": "varsel.mottaker@blomsterfrakt.example",
    "alert name": "Mine varsler bz5",
}
# The portal users' names and addresses: the politician's own are left out, since their page greets them.
PERSONAS = ("owner", "other_owner", "officer", "council_member", "chief_executive", "admin")

# --- What must show: public figures beside the secrets -----------------------------------------------------

PUBLIC_MEETING = "Dialogmøte med næringsrådet"
PUBLIC_ITEM = "Næringsareal på Fornebu"
PUBLIC_DECISION = "Kommunen regulerer mer næringsareal på Fornebu"
PUBLIC_ACTION_POINT = "Utrede næringsareal på Fornebu"
PUBLIC_PLAN = "Strategisk næringsplan for Bærum og Asker"
PUBLIC_AREA = "Attraktive næringsområder"
PUBLIC_MEASURE = "Kartlegge ledige næringstomter"
PUBLIC_NOTICE = "Renhold av skoler og barnehager"
PUBLIC_PROCUREMENT_ITEM = "Vinduspuss i rådhusene"


@dataclass
class World:
    secrets: dict[str, str]
    business: object
    other_business: object
    # Rows that must never be reachable, whose keys are tried in every path parameter.
    private_keys: set[str] = field(default_factory=set)


def _at(days_ago: float) -> datetime.datetime:
    """``days_ago`` (0 to 10) days before now, squeezed into this year while it is younger than ten days: the
    dashboard's and the report's default period is this year, and every dated row of the fixture belongs in it."""
    now = timezone.now()
    new_year = timezone.make_aware(datetime.datetime(timezone.localdate().year, 1, 1))
    return now - min(now - new_year, datetime.timedelta(days=10)) * (days_ago / 10)


@pytest.fixture
def world(personas) -> World:
    secrets = dict(SECRETS)
    for name in PERSONAS:
        user = getattr(personas, name)
        secrets[f"{name}'s name"] = user.name
        secrets[f"{name}'s e-mail"] = user.email
    asker = MunicipalityFactory(number="3203", name="Asker")
    business, other = personas.business, personas.other_business
    business.industry_section, business.industry_division, business.employees = "C", "20", 12
    business.registered = timezone.localdate(_at(10))
    business.save()
    other.municipality, other.industry_section, other.employees = asker, "H", None
    other.save()
    RegistryEvent.objects.create(
        orgnr=business.orgnr,
        kind=RegistryEvent.Kind.NEW,
        date=business.registered,
        source="test",
        municipality=business.municipality_id,
    )

    private = set()
    officer, chief, council = personas.officer, personas.chief_executive, personas.council_member

    # The CRM and the contact point.
    contact = Contact.objects.create(
        business=business,
        name=SECRETS["contact name"],
        email=SECRETS["contact e-mail"],
        phone=SECRETS["contact phone"],
        notes=SECRETS["contact note"],
        retain_until=timezone.localdate() + datetime.timedelta(days=365),
        created_by=officer,
    )
    profile = BusinessProfile.objects.create(business=business, description="Vi lager desinfeksjonsmidler.")
    ProfileContactPerson.objects.create(
        profile=profile,
        name=SECRETS["profile contact name"],
        email=SECRETS["profile contact e-mail"],
        phone=SECRETS["profile contact phone"],
    )
    enquiry = Enquiry.objects.create(
        reference="2026-990001",
        topic=Topic.PREMISES,
        business=business,
        user=personas.owner,
        sender_name=SECRETS["enquiry sender"],
        sender_email=SECRETS["enquiry e-mail"],
        sender_phone=SECRETS["enquiry phone"],
        sender_organisation=SECRETS["enquiry organisation"],
        message=SECRETS["enquiry text"],
        consent_text="Jeg samtykker.",
        state=Enquiry.State.ANSWERED,
        assigned_to=officer,
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(created=_at(3), first_answered_at=_at(2))
    EnquiryMessage.objects.create(
        enquiry=enquiry, direction=EnquiryMessage.Direction.ANSWER, author=officer, body=SECRETS["enquiry answer"]
    )
    interaction = Interaction.objects.create(
        kind=Interaction.Kind.VISIT,
        date=timezone.localdate(_at(5)),
        subject=SECRETS["interaction subject"],
        notes=SECRETS["interaction note"],
        created_by=officer,
    )
    interaction.businesses.add(business)
    interaction.contacts.add(contact)
    RedFlag.objects.create(
        business=business, category=RedFlag.Category.RELOCATION, description=SECRETS["red flag text"], raised_by=officer
    )
    RedFlag.objects.create(
        business=other,
        category=RedFlag.Category.PREMISES,
        description=SECRETS["red flag text"],
        raised_by=officer,
        resolved_at=_at(1),
        resolved_by=officer,
        resolution=SECRETS["red flag resolution"],
    )
    FollowUp.objects.create(
        business=business, title=SECRETS["follow-up"], owner=officer, due=timezone.localdate(), created_by=officer
    )
    private |= {str(contact.pk), str(enquiry.pk), str(interaction.pk)}

    # Dialogue meetings: a public one with published minutes, a held one whose minutes are not out, an internal one.
    published = Meeting.objects.create(
        title=PUBLIC_MEETING,
        starts_at=_at(10),
        ends_at=_at(9.9),
        place="Rådhuset",
        organiser=officer,
        visibility=Visibility.PUBLIC,
        state=Meeting.State.MINUTES_PUBLISHED,
    )
    Meeting.objects.filter(pk=published.pk).update(minutes_published_at=_at(8))
    Participant.objects.create(
        meeting=published, email=SECRETS["participant e-mail"], name=SECRETS["participant name"], attended=True
    )
    Participant.objects.create(meeting=published, user=chief, email=chief.email, name=chief.name, attended=True)
    public_item = AgendaItem.objects.create(
        meeting=published,
        position=1,
        title=PUBLIC_ITEM,
        notes="Gode innspill.",
        decision=PUBLIC_DECISION,
        presenter=SECRETS["presenter"],
    )
    public_item.businesses.add(business)
    internal_item = AgendaItem.objects.create(
        meeting=published,
        position=2,
        title=SECRETS["internal item"],
        description=SECRETS["internal item description"],
        decision=SECRETS["internal item decision"],
        internal=True,
    )
    ActionPoint.objects.create(
        meeting=published,
        agenda_item=public_item,
        title=PUBLIC_ACTION_POINT,
        owner=chief,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        status_note=SECRETS["public action point's note"],
    )
    internal_point = ActionPoint.objects.create(
        meeting=published,
        agenda_item=internal_item,
        title=SECRETS["internal action point"],
        owner_name=SECRETS["action point owner"],
        internal=True,
    )
    held = Meeting.objects.create(
        title="Dialogmøte om næringsareal",
        starts_at=_at(4),
        ends_at=_at(3.9),
        organiser=officer,
        visibility=Visibility.PUBLIC,
        state=Meeting.State.HELD,
    )
    AgendaItem.objects.create(
        meeting=held,
        position=1,
        title="Tomt ved stasjonen",
        notes=SECRETS["unpublished notes"],
        decision=SECRETS["unpublished decision"],
    )
    ActionPoint.objects.create(meeting=held, title="Svare næringsrådet", owner=officer)
    internal_meeting = Meeting.objects.create(
        title=SECRETS["internal meeting"],
        starts_at=_at(6),
        ends_at=_at(5.9),
        organiser=officer,
        visibility=Visibility.INTERNAL,
        state=Meeting.State.MINUTES_PUBLISHED,
    )
    Meeting.objects.filter(pk=internal_meeting.pk).update(minutes_published_at=_at(5))
    internal_meeting_item = AgendaItem.objects.create(
        meeting=internal_meeting,
        position=1,
        title=SECRETS["internal meeting's item"],
        decision=SECRETS["internal meeting's item"],
    )
    ItemProposal.objects.create(
        meeting=published, proposed_by=council, title=SECRETS["declined proposal"], status=ItemProposal.Status.DECLINED
    )
    private |= {
        str(held.pk),
        str(internal_meeting.pk),
        str(internal_item.pk),
        str(internal_point.pk),
        str(internal_meeting_item.pk),
    }

    # The plan: an adopted one (public) with a reporter on its measure, a consultation response, and a draft.
    plan = Plan.objects.create(
        title=PUBLIC_PLAN,
        owner_name="Bærum og Asker",
        owner_kind=Plan.OwnerKind.REGION,
        start_year=timezone.localdate().year - 1,
        end_year=timezone.localdate().year + 3,
        state=Plan.State.ADOPTED,
        decided_by="Kommunestyret",
        decided_on=timezone.localdate() - datetime.timedelta(days=300),
        case_number="25/101",
    )
    plan.municipalities.set(["3201", "3203"])
    area = FocusArea.objects.create(plan=plan, title=PUBLIC_AREA)
    goal = Goal.objects.create(focus_area=area, title="Nok næringsareal")
    Measure.objects.create(
        goal=goal,
        code="1.1.1",
        title=PUBLIC_MEASURE,
        responsible_name="Næringsavdelingen",
        reporter=officer,
        state=Measure.State.DELAYED,
        progress=40,
        deadline=timezone.localdate() - datetime.timedelta(days=20),
    )
    indicator = Indicator.objects.create(goal=goal, name="Ledig næringsareal", unit="dekar", baseline=100, target=300)
    IndicatorValue.objects.create(
        indicator=indicator, period_end=datetime.date(timezone.localdate().year - 1, 12, 31), value=Decimal(150)
    )
    consultation = Consultation.objects.create(
        plan=plan,
        title="Høring om næringsplanen",
        case_number="25/101",
        description="Si din mening.",
        deadline=timezone.now() - datetime.timedelta(days=200),
    )
    ConsultationResponse.objects.create(
        consultation=consultation,
        organisation="Asker Næringsråd",
        contact_person=SECRETS["consultation contact"],
        email=SECRETS["consultation e-mail"],
        phone=SECRETS["consultation phone"],
        text="Vi ønsker mer næringsareal.",
    )
    draft = Plan.objects.create(
        title=SECRETS["draft plan"], owner_name="Bærum", start_year=2027, end_year=2030, state=Plan.State.DRAFT
    )
    draft.municipalities.set(["3201"])
    draft_area = FocusArea.objects.create(plan=draft, title="Utkastets satsingsområde")
    draft_goal = Goal.objects.create(focus_area=draft_area, title="Utkastets mål")
    draft_measure = Measure.objects.create(goal=draft_goal, code="9.9.9", title=SECRETS["draft measure"])
    private |= {str(draft.pk), str(draft_measure.pk)}

    # Procurement: a notice won by a local business, a published plan with a market dialogue, a draft plan, alerts.
    notice = Notice.objects.create(
        doffin_id="2026-990001",
        heading=PUBLIC_NOTICE,
        type="ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT",
        all_types=["ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "RESULT"],
        status="AWARDED",
        published_on=timezone.localdate(_at(9)),
        estimated_value=Decimal("1200000"),
        currency="NOK",
        buyer_orgnr="935478715",
        buyer_name="Bærum kommune",
        source_hash="privacy-scan",
    )
    NoticeBuyer.objects.create(notice=notice, orgnr="935478715", name="Bærum kommune")
    NoticeCpv.objects.create(notice=notice, code="90910000", direct=True)
    lot = Lot.objects.create(notice=notice, heading="Delkontrakt 1")
    LotWinner.objects.create(lot=lot, orgnr=business.orgnr, name=business.name)
    procurement_plan = ProcurementPlan.objects.create(
        title="Anskaffelsesplan 2027", buyer_name="Bærum kommune", buyer_orgnr="935478715", year=2027, state="published"
    )
    item = PlannedProcurement.objects.create(
        plan=procurement_plan, title=PUBLIC_PROCUREMENT_ITEM, cpv_codes=["90911300"], market_dialogue_planned=True
    )
    dialogue = MarketDialogue.objects.create(
        item=item, title="Markedsdialog om vinduspuss", state=MarketDialogue.State.CLOSED, conference_at=_at(9), closed_at=_at(7)
    )
    registration = DialogueRegistration.objects.create(
        dialogue=dialogue,
        orgnr=other.orgnr,
        company_name=other.name,
        contact_name=SECRETS["dialogue contact"],
        email=SECRETS["dialogue e-mail"],
        phone=SECRETS["dialogue phone"],
    )
    draft_procurement = ProcurementPlan.objects.create(
        title=SECRETS["draft procurement plan"], buyer_name="Asker kommune", buyer_orgnr="944382038", year=2027
    )
    draft_item = PlannedProcurement.objects.create(plan=draft_procurement, title=SECRETS["draft procurement item"])
    subscription = AlertSubscription.objects.create(
        user=personas.other_owner, business=other, email=SECRETS["alert e-mail"], name=SECRETS["alert name"]
    )
    private |= {str(registration.pk), str(draft_procurement.pk), str(draft_item.pk), str(subscription.pk)}
    return World(secrets=secrets, business=business, other_business=other, private_keys=private)


# --- The scan ------------------------------------------------------------------------------------------------


def _folded(text: str) -> tuple[str, str]:
    """The text lower-cased with runs of whitespace made one space, and with all whitespace taken out."""
    lowered = text.lower()
    return " ".join(lowered.split()), re.sub(r"\s+", "", lowered)


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Which secrets ``text`` holds (case-insensitive; a line break or a missing space inside one still counts)."""
    spaced, packed = _folded(text)
    found = []
    for label, secret in secrets.items():
        secret_spaced, secret_packed = _folded(secret)
        if secret_spaced in spaced or secret_packed in packed:
            found.append(f"{label}: {secret!r}")
    return found


def readable(response) -> str:
    """A response as a person or a program reads it: HTML unescaped, JSON decoded (no \\u escapes), CSV as is."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode(response.charset or "utf-8", errors="replace")
    kind = response.get("Content-Type", "")
    if "json" in kind:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    if "html" in kind:
        return html.unescape(text)
    return text


# --- The dashboard -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["all", "3201", "3203", "this tertial"])
def test_the_dashboard_shows_no_personal_data_nor_internal_items(client_for, world, view):
    today = timezone.localdate()
    params = {
        "all": {},
        "3201": {"kommune": "3201"},
        "3203": {"kommune": "3203"},
        "this tertial": {"periode": f"{today.year}-T{(today.month - 1) // 4 + 1}"},
    }[view]
    response = client_for("politician").get("/oversikt/", params)
    assert response.status_code == 200
    text = readable(response)
    assert leaks(text, world.secrets) == []
    # Not vacuous: the public titles beside the secrets are there (the plan, its focus area, its delayed measure).
    spaced, _ = _folded(text)
    for public in (PUBLIC_PLAN, PUBLIC_AREA, PUBLIC_MEASURE):
        assert _folded(public)[0] in spaced, public


# --- The Næringsrapport --------------------------------------------------------------------------------------


def _filters(kommune: str):
    from portal.dashboard import DashboardFilters

    default = DashboardFilters.default()
    if not kommune:
        return default
    return DashboardFilters(period=default.period, municipalities=(kommune,), chosen=kommune)


@pytest.mark.parametrize("kommune", ["", "3201", "3203"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_report_holds_no_personal_data_nor_internal_items(world, kommune, language):
    from portal.reports import report_html_for

    text = html.unescape(report_html_for(_filters(kommune), language=language))
    assert leaks(text, world.secrets) == []
    # Not vacuous: the adopted plan is in it, and the period's published decision where its meeting belongs.
    spaced, _ = _folded(text)
    assert _folded(PUBLIC_AREA)[0] in spaced
    assert _folded(PUBLIC_DECISION)[0] in spaced


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_report_pdf_text_holds_no_personal_data_nor_internal_items(world, language):
    from pypdf import PdfReader

    from portal.reports import render_report_pdf

    pdf = render_report_pdf(_filters(""), language=language)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert leaks(text, world.secrets) == []
    spaced, _ = _folded(text)
    assert _folded(PUBLIC_AREA)[0] in spaced
    assert _folded(PUBLIC_DECISION)[0] in spaced


# --- The open data API ---------------------------------------------------------------------------------------

# At most this many pages of one list are read (the fixture fills one).
MAX_PAGES = 5
# At most this many combinations of path parameters per path.
MAX_COMBINATIONS = 200


def _schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def _scalars(value, found: dict[str, set[str]]) -> None:
    """Every (key, scalar value) in a decoded JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                found.setdefault(key, set()).add(str(item))
            else:
                _scalars(item, found)
    elif isinstance(value, list):
        for item in value:
            _scalars(item, found)


def walk_api(client, world: World) -> list[tuple[str, object]]:
    """GET every path of the API's description: (url, response) for each list page, each list's CSV export and
    each detail, the details' path parameters filled from the lists' values and the fixture's private keys."""
    schema = _schema(client)
    responses = []
    values: dict[str, set[str]] = {}

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)
        responses.append((f"{url} {params or ''}", response))
        return response

    paths = sorted(path for path, operations in schema["paths"].items() if "get" in operations)
    # Lists first (no path parameters), so their values can fill the details' parameters.
    for path in (p for p in paths if "{" not in p):
        url = path
        for _ in range(MAX_PAGES):
            response = get(url)
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                break
            document = json.loads(response.content)
            _scalars(document, values)
            following = document.get("next") if isinstance(document, dict) else None
            if not following:
                break
            url = following.replace("http://testserver", "")
        get(path, format="csv")
        # Every value of every choice (and a draft's and an internal item's, which the choices leave out), every
        # flag both ways, and every numeric filter set to the fixture's private keys: no filter may open a door.
        for parameter in schema["paths"][path]["get"].get("parameters", []):
            name, kind = parameter["name"], parameter.get("schema", {})
            choices = kind.get("enum") or kind.get("items", {}).get("enum")
            if name in ("format", "page", "page_size"):
                continue
            if choices:
                tried = [*choices, "draft", "internal"]
            elif kind.get("type") == "boolean":
                tried = ["true", "false"]
            elif kind.get("type") in ("integer", "number") and name != "year":
                tried = sorted(world.private_keys)
            else:
                continue
            for value in tried:
                get(path, **{name: value})
    private = {"orgnr": {world.business.orgnr, world.other_business.orgnr}}
    for path in (p for p in paths if "{" in p):
        names = re.findall(r"{(\w+)}", path)
        choices = []
        for name in names:
            listed = values.get(name) or values.get("id" if name in ("pk", "id") else name, set())
            choices.append(sorted((listed | private.get(name, set()) | world.private_keys) - {""}))
        for combination in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
            url = path
            for name, value in zip(names, combination, strict=True):
                url = url.replace("{" + name + "}", value)
            get(url)
    return responses


@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_the_api_shows_no_personal_data_nor_internal_items(client_for, personas, world, who):
    responses = walk_api(client_for(who), world)
    # A logged-in reader's own name is in the portal's header on an HTML error page (a path the API does not have).
    viewer = getattr(personas, who)
    own = {viewer.name, viewer.email} if viewer else set()
    secrets = {label: secret for label, secret in world.secrets.items() if secret not in own}
    found = {url: leaked for url, response in responses if (leaked := leaks(readable(response), secrets))}
    assert found == {}
    # Not vacuous: every list, its CSV export and the public details were read.
    read = {url.split(" ")[0] for url, response in responses if response.status_code == 200}
    csv_exports = {url.split(" ")[0] for url, response in responses if "text/csv" in response.get("Content-Type", "")}
    lists = {url for url in read if url.count("/") == 4}
    assert len(lists) >= 5
    assert csv_exports == lists
    assert f"/api/v1/businesses/{world.business.orgnr}/" in read


def test_the_api_shows_the_public_figures(client_for, world):
    responses = walk_api(client_for("anonymous"), world)
    everything = "\n".join(readable(response) for _, response in responses if response.status_code == 200)
    spaced, _ = _folded(everything)
    for public in (
        world.business.name,
        world.business.orgnr,
        PUBLIC_MEETING,
        PUBLIC_ITEM,
        PUBLIC_DECISION,
        PUBLIC_PLAN,
        PUBLIC_MEASURE,
        PUBLIC_NOTICE,
        PUBLIC_PROCUREMENT_ITEM,
    ):
        assert _folded(public)[0] in spaced, public


def test_the_scan_finds_what_it_looks_for(client_for, world):
    """The officer's own business page shows the contact person: the same scan finds them there."""
    response = client_for("officer").get(f"/bedrifter/{world.business.orgnr}/")
    assert response.status_code == 200
    assert "contact name: 'Gunnhild Kontaktsen'" in leaks(readable(response), world.secrets)
