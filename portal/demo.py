"""Demo content: one user per role, plus what each capability adds. Used by ``manage.py load_demo``."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from businesses import demo as businesses_demo
from businesses.bulk import BulkFile
from businesses.models import Business, BusinessRepresentative, RegistryEvent
from businesses.services.registry import import_units, load_reference_tables
from meetings.models import ActionPoint, AgendaItem, ItemProposal, Meeting, MeetingSeries, Participant, Weekday
from meetings.services.pdfs import schedule_pdfs
from meetings.services.planning import plan_year
from portal.models import Report, User
from portal.reports import last_finished_tertial, make_report
from portal.roles import STAFF_ROLES, Role
from portal.services import assign_role, sync_role_groups
from procurement import demo as procurement_demo
from strategies import demo as strategies_demo

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
    ("naeringsradgiver@demo.example", "Amir Haddad", Role.OFFICER, "nb"),
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
        units = Business.objects.filter(**{f"{field}__isnull": False}).values_list("orgnr", field, "municipality_id")
        for orgnr, date, municipality in units:
            RegistryEvent.objects.get_or_create(
                orgnr=orgnr, kind=kind, date=date, defaults={"source": "demo", "municipality": municipality or ""}
            )
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
    counts = dict(load_reference_tables().counts)
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
    counts.update(businesses_demo.load(users))
    counts.update(strategies_demo.load(users))
    counts.update(procurement_demo.load(users))
    # Last: the report reads what every app's demo just loaded.
    counts["reports"] = _make_demo_report(users["politiker@demo.example"])
    return counts


def _make_demo_report(politician: User) -> int:
    """One Næringsrapport, made now (not by a worker), for the last finished tertial, so the reports page has one
    to download. Not made again while a ready one for that tertial exists."""
    period = last_finished_tertial().code
    ready = Report.objects.filter(period=period, municipality="", language="nb", status=Report.Status.READY)
    if not ready.exists():
        make_report(Report.objects.create(period=period, municipality="", language="nb", requested_by=politician))
    return Report.objects.count()


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
    next_year = timezone.localdate().year + 1
    plan_year(series, next_year, by=officer)
    first = series.meetings.filter(starts_at__year=next_year).order_by("starts_at").first()
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
    # Council members may propose items until a week before; one proposal awaits the organiser.
    if first.proposal_deadline is None:
        first.proposal_deadline = first.starts_at - datetime.timedelta(days=7)
        first.save(update_fields=["proposal_deadline"])
    ItemProposal.objects.get_or_create(
        meeting=first,
        title="Parkering og varelevering i sentrum",
        defaults={
            "proposed_by": users["naeringsrad@demo.example"],
            "description": "Handelsstanden ber om at varelevering tas med i arbeidet med sentrumsplanen.",
            "duration_minutes": 20,
        },
    )
    _hold_earlier_meetings(series, users)
    for meeting in Meeting.objects.filter(series=series):
        schedule_pdfs(meeting)  # made by the worker once it runs
    return Meeting.objects.filter(series=series).count()


# Two earlier meetings of the series: one with published minutes, one held last week whose minutes
# are still a draft. Their open action points appear on the next agenda as follow-ups.
DEMO_HISTORY = [
    # (days ago, state, [(title, decision, notes, internal)], [(action point, owner, due in days, status, internal)])
    (
        95,
        Meeting.State.MINUTES_PUBLISHED,
        [
            ("Næringsarealer i sentrum: status", "Kommunedirektøren legger fram en oversikt over ledige arealer.", "", False),
            (
                "Innkjøpsplan 2027: markedsdialog med lokale leverandører",
                "Næringsrådet inviterer medlemmene til leverandørkonferansen i mars.",
                "Kommunen orienterte om kommende anskaffelser over terskelverdi.",
                False,
            ),
            ("Personalsak", "", "Unntatt offentlighet, jf. offentleglova § 25.", True),
        ],
        [("Oversikt over ledige næringsarealer", "kommunedirektor@demo.example", 20, ActionPoint.Status.IN_PROGRESS, False)],
    ),
    (
        4,
        Meeting.State.HELD,
        [
            ("Reiselivssatsing 2027", "", "Destinasjonsselskapet la fram planene for sommersesongen.", False),
            ("Tomtesalg på Slependen", "", "Drøftet to interessenter.", True),
        ],
        [
            (
                "Invitere Ruter til neste møte om kollektivtilbudet",
                "naeringsrad@demo.example",
                30,
                ActionPoint.Status.OPEN,
                False,
            ),
            ("Verdivurdering av tomten på Slependen", "Eiendomsavdelingen", 45, ActionPoint.Status.OPEN, True),
        ],
    ),
]


def _hold_earlier_meetings(series: MeetingSeries, users: dict[str, User]) -> None:
    if series.meetings.filter(state__in=[Meeting.State.HELD, Meeting.State.MINUTES_PUBLISHED]).exists():
        return
    today = timezone.localdate()
    for days_ago, state, items, points in DEMO_HISTORY:
        day = today - datetime.timedelta(days=days_ago)
        starts_at = datetime.datetime.combine(day, series.start_time, tzinfo=timezone.get_current_timezone())
        meeting = Meeting.objects.create(
            series=series,
            title=series.name,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=series.duration_minutes),
            place=series.place,
            organiser=series.organiser,
            visibility=series.visibility,
            state=state,
            minutes_published_at=starts_at + datetime.timedelta(days=6) if state == Meeting.State.MINUTES_PUBLISHED else None,
        )
        for member in series.members.all():
            Participant.objects.create(
                meeting=meeting, user=member, email=member.email, name=member.name, rsvp="yes", attended=True
            )
        Participant.objects.create(
            meeting=meeting, email="post@naeringsrad.demo.example", name="Asker næringsråd", rsvp="no", attended=False
        )
        for position, (title, decision, notes, internal) in enumerate(items, start=1):
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=title, decision=decision, notes=notes, internal=internal
            )
        for title, owner, due_in, status, internal in points:
            ActionPoint.objects.create(
                meeting=meeting,
                title=title,
                owner=users.get(owner),
                owner_name="" if owner in users else owner,
                due_date=today + datetime.timedelta(days=due_in),
                status=status,
                internal=internal,
            )
