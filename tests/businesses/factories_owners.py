"""Claims, profiles and meeting requests for the owners' tests."""

import datetime

from django.utils import timezone

from businesses.models import BusinessClaim, MeetingRequest, OfferedTime, Topic
from portal.roles import Role
from tests.factories import BusinessFactory, UserFactory

# A valid organisation number (MOD11) that no test puts in the registry, and one the fixture does.
UNKNOWN_ORGNR = "923609008"
THIRD_ORGNR = "923609016"


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def offered_request(business, requester, adviser, *, times=2, state=MeetingRequest.State.OFFERED) -> MeetingRequest:
    meeting_request = MeetingRequest.objects.create(
        business=business,
        requested_by=requester,
        adviser=adviser,
        topic=Topic.PREMISES,
        message="Vi trenger 400 m² lager nær E18.",
        state=state,
    )
    for number in range(times):
        OfferedTime.objects.create(
            request=meeting_request,
            starts_at=in_days(7 + number),
            ends_at=in_days(7 + number, hour=11),
            place="Rådhuset, møterom 3",
        )
    return meeting_request


def make_owners_data(personas) -> dict:
    """The owner's request with two times offered, the other owner's with one, and a pending claim."""
    third = BusinessFactory(orgnr=THIRD_ORGNR, name="FJORDKAFFE AS")
    claimant = UserFactory(email="ny.eier@test.example", name="Nina Ny", role=Role.BUSINESS_OWNER)
    return {
        "request": offered_request(personas.business, personas.owner, personas.officer),
        "other_request": offered_request(personas.other_business, personas.other_owner, personas.officer, times=1),
        "claim": BusinessClaim.objects.create(business=third, user=claimant, title="Daglig leder", message="Jeg eier firmaet."),
        "third": third,
        "claimant": claimant,
    }
