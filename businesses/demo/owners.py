"""Demo content of the owners' part: two business profiles, a claim waiting for an officer, and meeting requests in
each state a working day meets (times offered to the owner, one booked as a meeting, a new one for the næringssjef).

Safe to run again: every row is found by what identifies it, and offered times that have passed are moved forward.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from businesses.models import (
    Business,
    BusinessClaim,
    BusinessProfile,
    DecisionState,
    MeetingRequest,
    OfferedTime,
    ProfileContactPerson,
    Topic,
)
from meetings.models import OSLO, Meeting, Participant, Visibility
from meetings.services.planning import add_participant, create_meeting

PROFILES = {
    "925321141": {
        "description": (
            "Desintrygg leverer renhold, desinfeksjon og skadedyrkontroll til næringsbygg, skoler og borettslag i Bærum "
            "og Asker. Vi har fast avtale med flere kontorbygg på Fornebu og Lysaker, og tar oppdrag på kort varsel."
        ),
        "needs": (
            "Lager og garderobe for 12 ansatte nær E18, helst 150–250 m² med port for varebil. "
            "Vi vil gjerne lære mer om offentlige anskaffelser, og leter etter fagarbeidere med fagbrev i renholdsoperatørfaget."
        ),
        "website": "https://desintrygg.example",
        "contacts": [
            ("Kari Nordmann", "Daglig leder", "kari@desintrygg.example", "+47 912 34 567"),
            ("Jonas Vik", "Driftsleder", "jonas@desintrygg.example", "+47 923 45 678"),
        ],
    },
    "812844822": {
        "description": (
            "Blomsterfrakt Øst kjører blomster og planter med kjølebil fra gartnerier på Østlandet til butikker og "
            "blomsterhandlere i hele Viken-området. 23 ansatte, egen terminal i Asker."
        ),
        "needs": (
            "Terminalen er for liten i sesongen fra mars til mai: vi trenger 1 000 m² areal med kjølerom og "
            "oppstillingsplass for seks biler. Vi trenger også sjåfører med førerkort klasse C og ønsker kontakt med "
            "andre bedrifter om felles lading av elektriske lastebiler."
        ),
        "website": "https://blomsterfrakt.example",
        "contacts": [
            ("Ola Hansen", "Styreleder", "ola@blomsterfrakt.example", "+47 934 56 789"),
            ("Sofie Lunde", "Transportplanlegger", "sofie@blomsterfrakt.example", ""),
        ],
    },
}

# annen.eier@demo.example also runs a small landscaping firm in the sample, and has claimed it.
CLAIM = (
    "annen.eier@demo.example",
    "932167867",
    "Eier",
    "Jeg startet firmaet i 2023 og er innehaver. Rollene står i Brønnøysund.",
)


def _working_day(days_ahead: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


def _profiles(users: dict) -> int:
    for orgnr, content in PROFILES.items():
        business = Business.objects.filter(orgnr=orgnr).first()
        if business is None:
            continue
        profile, created = BusinessProfile.objects.get_or_create(
            business=business,
            defaults={
                "description": content["description"],
                "needs": content["needs"],
                "website": content["website"],
                "updated_by": users.get("eier@demo.example" if orgnr == "925321141" else "annen.eier@demo.example"),
            },
        )
        if created:
            ProfileContactPerson.objects.bulk_create(
                ProfileContactPerson(profile=profile, name=name, role=role, email=email, phone=phone)
                for name, role, email, phone in content["contacts"]
            )
    return BusinessProfile.objects.filter(business__orgnr__in=PROFILES).count()


def _claim(users: dict) -> int:
    email, orgnr, title, message = CLAIM
    business = Business.objects.filter(orgnr=orgnr).first()
    if business is None or business.representatives.filter(user=users[email]).exists():
        return 0
    BusinessClaim.objects.get_or_create(
        business=business, user=users[email], defaults={"title": title, "message": message, "state": DecisionState.PENDING}
    )
    return 1


def _request(business, requester, adviser, topic, message, state) -> tuple[MeetingRequest, bool]:
    return MeetingRequest.objects.get_or_create(
        business=business, requested_by=requester, topic=topic, defaults={"message": message, "adviser": adviser, "state": state}
    )


def _meeting_requests(users: dict) -> int:
    owner, other_owner = users["eier@demo.example"], users["annen.eier@demo.example"]
    chief, adviser = users["naeringssjef@demo.example"], users["naeringsradgiver@demo.example"]
    desintrygg = Business.objects.filter(orgnr="925321141").first()
    blomsterfrakt = Business.objects.filter(orgnr="812844822").first()
    if desintrygg is None or blomsterfrakt is None:
        return 0

    # Times offered, waiting for eier@demo.example to choose one (moved forward once they have passed).
    offered, _ = _request(
        desintrygg,
        owner,
        adviser,
        Topic.PREMISES,
        "Vi trenger lager og garderobe for 12 ansatte nær E18, 150–250 m². Kan kommunen hjelpe oss å finne "
        "ledige lokaler eller næringsareal på Fornebu eller i Sandvika?",
        MeetingRequest.State.OFFERED,
    )
    if offered.state == MeetingRequest.State.OFFERED and not offered.offered_times.filter(starts_at__gt=timezone.now()).exists():
        offered.offered_times.all().delete()
        OfferedTime.objects.bulk_create(
            OfferedTime(request=offered, starts_at=start, ends_at=start + datetime.timedelta(hours=1), place=place)
            for start, place in [
                (_working_day(3, 9), "Bærum rådhus, Sandvika, møterom Kalvøya"),
                (_working_day(4, 13, 30), "Bærum rådhus, Sandvika, møterom Kalvøya"),
                (_working_day(8, 10), "Teams (lenke kommer i invitasjonen)"),
            ]
        )

    # Accepted: the time became a meeting in both calendars.
    accepted, created = _request(
        desintrygg,
        owner,
        chief,
        Topic.PROCUREMENT,
        "Vi vil gjerne levere renhold til kommunen. Hvordan finner vi anbudene, og hva krever dere av en liten leverandør?",
        MeetingRequest.State.OFFERED,
    )
    if created or accepted.meeting_id is None:
        starts_at = _working_day(6, 14)
        time = OfferedTime.objects.create(
            request=accepted, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1), place="Bærum rådhus, Sandvika"
        )
        meeting = create_meeting(
            Meeting(
                title=f"Møte med {desintrygg.name}",
                starts_at=time.starts_at,
                ends_at=time.ends_at,
                place=time.place,
                organiser=chief,
                visibility=Visibility.INTERNAL,
            ),
            by=owner,
        )
        add_participant(meeting, by=owner, user=owner, rsvp=Participant.Rsvp.YES)
        # The demo does not send the notice; the meeting stands as it would once sent.
        Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.INVITED)
        accepted.meeting, accepted.state = meeting, MeetingRequest.State.ACCEPTED
        accepted.save(update_fields=["meeting", "state", "updated"])

    # New, waiting for the næringssjef to offer times.
    _request(
        blomsterfrakt,
        other_owner,
        chief,
        Topic.COMPETENCE,
        "Vi mangler sjåfører med klasse C før vårsesongen. Kan vi samarbeide med NAV og videregående skole om "
        "opplæring, og finnes det tilskudd til det?",
        MeetingRequest.State.REQUESTED,
    )
    return MeetingRequest.objects.filter(business__in=[desintrygg, blomsterfrakt]).count()


@transaction.atomic
def load(users: dict) -> dict[str, int]:
    return {
        "business_profiles": _profiles(users),
        "business_claims": _claim(users),
        "meeting_requests": _meeting_requests(users),
    }
