"""load_demo: reference tables, real sample businesses and one user per role, idempotent."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from businesses.models import (
    AdviserProfile,
    Business,
    BusinessClaim,
    BusinessProfile,
    BusinessRepresentative,
    CatalogueEntry,
    Contact,
    Enquiry,
    EnquiryMessage,
    EnquiryRoute,
    FollowUp,
    IndustryCode,
    Interaction,
    MeetingRequest,
    Municipality,
    MunicipalityRenumbering,
    OfferedTime,
    OrganisationForm,
    ProfileContactPerson,
    RedFlag,
    RegistryEvent,
    Tag,
)
from meetings.models import ActionPoint, AgendaItem, ItemProposal, Meeting, MeetingPdf, Participant
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.models import Report, User
from portal.queries import user_roles
from portal.roles import STAFF_ROLES, Role
from procurement.models import (
    AlertChange,
    AlertSubscription,
    DialogueQuestion,
    DialogueRegistration,
    DialogueSlot,
    Lot,
    LotWinner,
    MarketDialogue,
    Notice,
    PlannedProcurement,
    ProcurementPlan,
)
from procurement.services import alerts
from strategies.models import (
    Consultation,
    ConsultationResponse,
    FocusArea,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Milestone,
    Plan,
    ResponsePoint,
    StatusReport,
    StatusRound,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """load_demo makes a Næringsrapport and stores it: here, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def table_counts():
    return {
        "municipalities": Municipality.objects.count(),
        "renumberings": MunicipalityRenumbering.objects.count(),
        "industry_codes": IndustryCode.objects.count(),
        "organisation_forms": OrganisationForm.objects.count(),
        "businesses": Business.objects.count(),
        "users": User.objects.count(),
        "representatives": BusinessRepresentative.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "registry_events": RegistryEvent.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "participants": Participant.objects.count(),
        "action_points": ActionPoint.objects.count(),
        "proposals": ItemProposal.objects.count(),
        "pdfs": MeetingPdf.objects.count(),
        "adviser_profiles": AdviserProfile.objects.count(),
        "enquiry_routes": EnquiryRoute.objects.count(),
        "catalogue_entries": CatalogueEntry.objects.count(),
        "enquiries": Enquiry.objects.count(),
        "enquiry_messages": EnquiryMessage.objects.count(),
        "business_profiles": BusinessProfile.objects.count(),
        "profile_contact_persons": ProfileContactPerson.objects.count(),
        "claims": BusinessClaim.objects.count(),
        "meeting_requests": MeetingRequest.objects.count(),
        "offered_times": OfferedTime.objects.count(),
        "contacts": Contact.objects.count(),
        "interactions": Interaction.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "red_flags": RedFlag.objects.count(),
        "tags": Tag.objects.count(),
        "plans": Plan.objects.count(),
        "focus_areas": FocusArea.objects.count(),
        "goals": Goal.objects.count(),
        "measures": Measure.objects.count(),
        "milestones": Milestone.objects.count(),
        "measure_updates": MeasureUpdate.objects.count(),
        "indicators": Indicator.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
        "status_rounds": StatusRound.objects.count(),
        "status_reports": StatusReport.objects.count(),
        "consultations": Consultation.objects.count(),
        "consultation_responses": ConsultationResponse.objects.count(),
        "response_points": ResponsePoint.objects.count(),
        "notices": Notice.objects.count(),
        "lots": Lot.objects.count(),
        "lot_winners": LotWinner.objects.count(),
        "procurement_plans": ProcurementPlan.objects.count(),
        "planned_procurements": PlannedProcurement.objects.count(),
        "market_dialogues": MarketDialogue.objects.count(),
        "dialogue_registrations": DialogueRegistration.objects.count(),
        "booked_slots": DialogueSlot.objects.filter(registration__isnull=False).count(),
        "dialogue_questions": DialogueQuestion.objects.count(),
        "alert_subscriptions": AlertSubscription.objects.count(),
        "alert_changes": AlertChange.objects.count(),
        "reports": Report.objects.count(),
        "reports_ready": Report.objects.filter(status=Report.Status.READY).exclude(file="").count(),
    }


EXPECTED = {
    "municipalities": 357,
    "renumberings": 48,
    "industry_codes": 217,
    "organisation_forms": 46,
    "businesses": 190,
    "users": 8,
    "representatives": 2,
    "authenticators": 4,  # the four staff accounts (two officers, the chief executive's office, the administrator)
    "registry_events": 2,  # the two liquidations the sample dates (EXPRESS-IS DA, JNJ HOLDING AS)
    # next year's four dialogue meetings, two earlier ones, and the owner's accepted meeting with an adviser
    "meetings": 7,
    "agenda_items": 10,  # five on the first coming one, three and two on the earlier ones
    # the organiser, three members and the council's external address on each of three dialogue meetings,
    # and the adviser and the owner on theirs
    "participants": 17,
    "action_points": 3,
    "proposals": 1,
    "pdfs": 11,  # a notice for each of the seven meetings, and full and public minutes for the two earlier ones
    "adviser_profiles": 2,
    "enquiry_routes": 8,  # one per topic
    "catalogue_entries": 25,
    "enquiries": 31,
    "enquiry_messages": 27,
    "business_profiles": 2,
    "profile_contact_persons": 4,
    "claims": 1,
    "meeting_requests": 3,  # new, with times offered, accepted
    "offered_times": 4,
    "contacts": 25,
    "interactions": 60,
    "follow_ups": 13,
    "red_flags": 9,
    "tags": 6,
    # The Gardermoen-shaped regional plan: version 1 (2021, archived) and version 2 (2025, adopted), each with
    # 5 focus areas and 9 goals; 23 measures in version 1 and 24 in version 2 (two added, one removed).
    "plans": 2,
    "focus_areas": 10,
    "goals": 18,
    "measures": 47,
    "milestones": 10,
    "measure_updates": 158,
    "indicators": 9,  # on version 2
    "indicator_values": 33,  # four by hand for 2020-2026, five fed from the portal's data for this year
    "status_rounds": 2,  # "1. tertial 2026" approved, "2. tertial 2026" open
    "status_reports": 32,
    "consultations": 1,
    "consultation_responses": 2,
    "response_points": 5,
    # The four real Doffin notices and eight invented ones for Bærum and Asker (two awards, one with a local winner).
    "notices": 12,
    "lots": 14,
    "lot_winners": 5,
    "procurement_plans": 2,  # Bærum's published 2027 plan (10 items) and Asker's draft (2 items)
    "planned_procurements": 12,
    "market_dialogues": 1,  # cleaning of schools and kindergartens: 4 suppliers, 8 slots, 3 booked
    "dialogue_registrations": 4,
    "booked_slots": 3,
    "dialogue_questions": 2,  # one answered and published, one waiting
    "alert_subscriptions": 3,
    "alert_changes": 23,  # 12 notices, the 10 items of the published plan, the open dialogue
    "reports": 1,  # the Næringsrapport for the last finished tertial, made by load_demo itself
    "reports_ready": 1,
}


def test_load_demo_is_idempotent(db):
    call_command("load_demo", verbosity=0)
    assert table_counts() == EXPECTED
    call_command("load_demo", verbosity=0)
    assert table_counts() == EXPECTED


def test_demo_has_one_user_per_role_with_the_documented_password(db, client):
    call_command("load_demo", verbosity=0)
    for email, name, role, language in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.name == name
        assert user.language == language
        assert user_roles(user) == {role.value}
        assert user.check_password(DEMO_PASSWORD)
        assert Authenticator.objects.filter(user=user, type="totp").exists() is (role in STAFF_ROLES)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


def test_demo_business_fields_come_from_the_register(db):
    call_command("load_demo", verbosity=0)
    business = Business.objects.get(orgnr="925321141")
    assert business.name == "DESINTRYGG AS"
    assert business.organisation_form_id == "AS"
    assert business.industry_code == "81.210"
    assert business.industry_description == "Rengjøring av bygninger"
    assert business.address == "Ola Valdris vei 10B"
    assert business.postal_code == "1357"
    assert business.postal_place == "BEKKESTUA"
    assert business.municipality_id == "3201"
    assert business.registered == datetime.date(2020, 7, 15)
    assert business.website == "www.desintrygg.no"
    assert business.is_active is True
    assert BusinessRepresentative.objects.get(business=business).user.email == "eier@demo.example"


@pytest.mark.parametrize(
    ("number", "name", "county"), [("3201", "Bærum", "Akershus"), ("3203", "Asker", "Akershus"), ("0301", "Oslo", "Oslo")]
)
def test_reference_municipalities(db, number, name, county):
    call_command("load_demo", verbosity=0)
    municipality = Municipality.objects.get(number=number)
    assert (municipality.name, municipality.county_name) == (name, county)


def test_old_municipality_numbers_map_to_2024(db):
    call_command("load_demo", verbosity=0)
    assert MunicipalityRenumbering.objects.get(old_number="0219").municipality_id == "3201"
    assert MunicipalityRenumbering.objects.get(old_number="3025").municipality_id == "3203"
    assert MunicipalityRenumbering.objects.get(old_number="0627").municipality_id == "3203"


def test_dashboard_shows_registry_counts_per_served_municipality(db, client):
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(email="politiker@demo.example"))
    html = client.get("/oversikt/", headers={"accept-language": "nb"}).content.decode()
    # The sample holds 114 units in Bærum (one bankrupt or winding up) and 76 in Asker (one likewise).
    expected = {"3201": (114, 113), "3203": (76, 75)}
    for number, name in (("3201", "Bærum"), ("3203", "Asker")):
        total, active = expected[number]
        row = f'<tr><th scope="row">{name} ({number})</th><td class="num">{total}</td><td class="num"><a class="ds-link" href="'
        assert row in html
        assert f'">{active}<span class="visually-hidden"> aktive bedrifter i {name}</span></a></td></tr>' in html


def test_demo_dialogue_shows_the_whole_cycle(db, client):
    call_command("load_demo", verbosity=0)
    coming = Meeting.objects.filter(state="planned").order_by("starts_at").first()
    client.force_login(User.objects.get(email="naeringsrad@demo.example"))
    page = client.get(f"/moter/{coming.pk}/").content.decode()
    # The open action points of the earlier meetings follow the series to the coming agenda.
    assert "Oversikt over ledige næringsarealer" in page
    assert "Invitere Ruter til neste møte om kollektivtilbudet" in page
    assert "Verdivurdering av tomten på Slependen" in page  # internal: the council member belongs to the series
    client.logout()
    public_page = client.get(f"/moter/{coming.pk}/").content.decode()
    assert "Verdivurdering av tomten på Slependen" not in public_page
    published = Meeting.objects.get(state="minutes_published")
    minutes = client.get(f"/moter/{published.pk}/referat/").content.decode()
    assert "Næringsrådet inviterer medlemmene til leverandørkonferansen i mars." in minutes
    assert "Personalsak" not in minutes


def test_demo_alerts_are_sent_at_once_or_wait_for_the_digest(db, mailoutbox):
    call_command("load_demo", verbosity=0)
    latest = alerts.latest_change()
    subscriptions = {subscription.name: subscription for subscription in AlertSubscription.objects.all()}
    instant, freight = subscriptions["Renhold og bygningsdrift"], subscriptions["Transport for kommunen"]
    daily = subscriptions["Daglig oversikt: renhold"]
    assert (instant.alerted_upto, freight.alerted_upto, daily.alerted_upto) == (latest, latest, 0)
    sent = sorted((m.to[0], m.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)) for m in mailoutbox)
    assert sent == [
        ("eier@demo.example", "Kunngjøring: Drift og skjøtsel av parker og grøntanlegg"),
        ("eier@demo.example", "Kunngjøring: Kontraktstildeling – Renhold av rådhuset og administrasjonsbygg"),
        ("eier@demo.example", "Kunngjøring: Renhold i kommunale barnehager"),
        ("eier@demo.example", "Markedsdialog: Markedsdialog: renhold av skoler og barnehager"),
        ("eier@demo.example", "Planlagt anskaffelse: Renhold av skoler og barnehager"),
        ("post@blomsterfrakt.demo.example", "Kunngjøring: 26-019 Utlevering via lokale utleveringssteder"),
    ]
    # The daily digest on "renhold" from 100,000 NOK has four items waiting for 06:30.
    due = alerts.due_matches([daily.pk], upto=latest)[daily.pk]
    headings = {
        "notice": dict(Notice.objects.values_list("pk", "heading")),
        "plan_item": dict(PlannedProcurement.objects.values_list("pk", "title")),
        "dialogue": dict(MarketDialogue.objects.values_list("pk", "title")),
    }
    assert sorted((kind, headings[kind][object_id]) for _, kind, object_id, *_ in due) == [
        ("dialogue", "Markedsdialog: renhold av skoler og barnehager"),
        ("notice", "Kontraktstildeling – Renhold av rådhuset og administrasjonsbygg"),
        ("notice", "Renhold i kommunale barnehager"),
        ("plan_item", "Renhold av skoler og barnehager"),
    ]
