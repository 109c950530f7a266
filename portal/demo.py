"""Demo content: one user per role, plus what each capability adds. Used by ``manage.py load_demo``."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from businesses.bulk import BulkFile
from businesses.models import Business, BusinessRepresentative, RegistryEvent
from businesses.services import import_units, load_reference_tables
from meetings.models import AgendaItem, Meeting, MeetingSeries, Participant, Weekday
from meetings.services.planning import plan_year
from portal.models import User
from portal.roles import STAFF_ROLES, Role
from portal.services import assign_role, sync_role_groups

DEMO_AGENDA = [
    ("Velkommen og godkjenning av sakslisten", 5, "Næringssjefen", []),
    ("Næringsareal: status for regulering av nye arealer", 30, "Kommunedirektøren", []),
    ("Lokale leverandører i kommunens innkjøp: erfaringer fra markedsdialog", 30, "Næringsrådet", ["925321141", "812844822"]),
    ("Handlingsprogrammet: innspill til neste rullering", 40, "Næringsrådet", []),
    ("Eventuelt", 10, "", []),
]
DEMO_PASSWORD = "demo-passord-2026"
# A fixed TOTP secret for the demo staff accounts, so a newcomer can log in with any
# authenticator app (or `manage.py demo_totp`). Never used outside demo data.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_USERS = [
    # (e-mail, name, role, language)
    ("eier@demo.example", "Kari Nordmann", Role.BUSINESS_OWNER, "nb"),
    ("annen.eier@demo.example", "Ola Hansen", Role.BUSINESS_OWNER, "nb"),
    ("naeringssjef@demo.example", "Ingrid Berg", Role.OFFICER, "nb"),
    ("naeringsrad@demo.example", "Yngve Bastesen", Role.COUNCIL_MEMBER, "nb"),
    ("kommunedirektor@demo.example", "Lars Holm", Role.CHIEF_EXECUTIVE, "nb"),
    ("politiker@demo.example", "Sara Lie", Role.POLITICIAN, "en"),
    ("admin@demo.example", "Admin Adminsen", Role.ADMINISTRATOR, "nb"),
]
# Which demo owner speaks for which real business in the sample.
DEMO_REPRESENTATIVES = [
    ("eier@demo.example", "925321141", "Daglig leder"),
    ("annen.eier@demo.example", "812844822", "Styreleder"),
]


def _register_dated_changes() -> int:
    """Registry events for the dated status changes the sample itself records (liquidations, bankruptcies)."""
    dated = [("under_liquidation_date", RegistryEvent.Kind.LIQUIDATION), ("bankrupt_date", RegistryEvent.Kind.BANKRUPT)]
    for field, kind in dated:
        for orgnr, date in Business.objects.filter(**{f"{field}__isnull": False}).values_list("orgnr", field):
            RegistryEvent.objects.get_or_create(orgnr=orgnr, kind=kind, date=date, defaults={"source": "demo"})
    return RegistryEvent.objects.count()


def _ensure_user(email: str, name: str, role: Role, language: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, "language": language})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    assign_role(user, role, by=None)
    if role in STAFF_ROLES and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def load_demo(stdout=None) -> dict[str, int]:
    """Load reference tables, the sample businesses and one user per role. Safe to run again."""
    sync_role_groups()
    counts = load_reference_tables()
    # Real units from Bærum and Asker, January 2024 (hence SN2007 industry codes).
    with BulkFile(settings.REFERENCE_DIR / "demo_enheter.json") as bulk:
        import_units(bulk.rows(), kind="enheter", version="SN2007", mark_missing=False, source="demo")
    counts["businesses"] = Business.objects.count()
    counts["registry_events"] = _register_dated_changes()
    users = {email: _ensure_user(email, name, role, language) for email, name, role, language in DEMO_USERS}
    for email, orgnr, title in DEMO_REPRESENTATIVES:
        business = Business.objects.filter(orgnr=orgnr).first()
        if business:
            BusinessRepresentative.objects.get_or_create(business=business, user=users[email], defaults={"title": title})
    counts["users"] = len(users)
    counts["meetings"] = _plan_dialogue_meetings(users)
    return counts


def _plan_dialogue_meetings(users: dict[str, User]) -> int:
    """The business council's dialogue meetings with the chief executive, four a year, next year planned."""
    officer = users["naeringssjef@demo.example"]
    series, _ = MeetingSeries.objects.get_or_create(
        name="Dialogmøte næringsråd–kommunedirektør",
        defaults={
            "organiser": officer,
            "description": "Næringsrådet og kommunedirektøren møtes fire ganger i året om konkrete prosjekter.",
            "weekday": Weekday.THURSDAY,
            "place": "Rådhuset, formannskapssalen",
        },
    )
    members = [users["naeringsrad@demo.example"], users["kommunedirektor@demo.example"], officer]
    series.members.add(*members)
    plan_year(series, timezone.localdate().year + 1, by=officer)
    first = Meeting.objects.filter(series=series).order_by("starts_at").first()
    for user in members:
        Participant.objects.get_or_create(meeting=first, email=user.email, defaults={"user": user, "name": user.name})
    Participant.objects.get_or_create(meeting=first, email="post@naeringsrad.demo.example", defaults={"name": "Asker næringsråd"})
    # Concrete projects, as the Asker business council's consultation response asks for.
    for position, (title, minutes, presenter, orgnrs) in enumerate(DEMO_AGENDA, start=1):
        item, created = AgendaItem.objects.get_or_create(
            meeting=first, position=position, defaults={"title": title, "duration_minutes": minutes, "presenter": presenter}
        )
        if created:
            item.businesses.add(*Business.objects.filter(orgnr__in=orgnrs))
    return Meeting.objects.filter(series=series).count()
