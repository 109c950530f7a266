"""Rows for the timeline, work-queue, digest and aggregate tests, with the times they need.

``auto_now_add`` fields (an enquiry's ``created``, a red flag's ``raised_at``) are set after the insert."""

import datetime
import itertools

from django.utils import timezone

from businesses.models import (
    BusinessClaim,
    Enquiry,
    EnquiryMessage,
    FollowUp,
    Interaction,
    MeetingRequest,
    OfferedTime,
    RedFlag,
    RegistryEvent,
    Topic,
)
from meetings.models import ActionPoint, AgendaItem, Meeting, Visibility

_numbers = itertools.count(1)


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days_ago(days: int, hour: int = 12) -> datetime.datetime:
    return at(timezone.localdate() - datetime.timedelta(days=days), hour)


def make_enquiry(
    *, business=None, user=None, topic=Topic.FUNDING, state=Enquiry.State.NEW, created=None, assigned_to=None, answered=None
):
    number = next(_numbers)
    enquiry = Enquiry.objects.create(
        reference=f"2026-{number:06d}",
        topic=topic,
        business=business,
        user=user,
        sender_name="Kari Eier",
        sender_email=getattr(user, "email", None) or "sender@test.example",
        message="Hvordan søker vi om tilskudd?",
        consent_text="Jeg samtykker.",
        state=state,
        assigned_to=assigned_to,
    )
    changes = {}
    if created is not None:
        changes["created"] = created
    if answered is not None:
        changes["first_answered_at"] = answered
    if changes:
        Enquiry.objects.filter(pk=enquiry.pk).update(**changes)
        enquiry.refresh_from_db()
    return enquiry


def answer(enquiry, *, by, when):
    message = EnquiryMessage.objects.create(enquiry=enquiry, direction=EnquiryMessage.Direction.ANSWER, author=by, body="Svar.")
    EnquiryMessage.objects.filter(pk=message.pk).update(created=when)
    return message


def make_interaction(businesses, *, by, day, kind=Interaction.Kind.CALL, subject="Telefon om tomt"):
    interaction = Interaction.objects.create(kind=kind, date=day, subject=subject, notes="Ringte daglig leder.", created_by=by)
    interaction.businesses.set(businesses)
    return interaction


def make_red_flag(business, *, by, raised, category=RedFlag.Category.RELOCATION, severity=RedFlag.Severity.MEDIUM, resolved=None):
    flag = RedFlag.objects.create(
        business=business, category=category, severity=severity, description="Vurderer å flytte.", raised_by=by
    )
    changes = {"raised_at": raised}
    if resolved is not None:
        changes |= {"resolved_at": resolved, "resolved_by": by, "resolution": "Fant nye lokaler i kommunen."}
    RedFlag.objects.filter(pk=flag.pk).update(**changes)
    flag.refresh_from_db()
    return flag


def make_follow_up(business, *, owner, due, created=None, title="Ring tilbake", state=FollowUp.State.OPEN):
    follow_up = FollowUp.objects.create(business=business, owner=owner, due=due, title=title, state=state, created_by=owner)
    if created is not None:
        FollowUp.objects.filter(pk=follow_up.pk).update(created=created)
        follow_up.refresh_from_db()
    return follow_up


def make_event(business, *, day, kind=RegistryEvent.Kind.NAME_CHANGED, data=None, municipality=None):
    """As the registry's import records it: counted in the municipality the business is registered in (or was, at
    the time of the event: ``municipality``)."""
    counted_in = municipality if municipality is not None else business.municipality_id or ""
    return RegistryEvent.objects.create(
        orgnr=business.orgnr, kind=kind, date=day, data=data or {}, source="test", municipality=counted_in
    )


def make_meeting(organiser, *, starts, title="Dialogmøte", visibility=Visibility.PUBLIC, state=Meeting.State.INVITED):
    return Meeting.objects.create(
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        organiser=organiser,
        visibility=visibility,
        state=state,
    )


def make_item(meeting, business, *, title, internal=False):
    item = AgendaItem.objects.create(meeting=meeting, position=meeting.agenda.count() + 1, title=title, internal=internal)
    item.businesses.add(business)
    return item


def make_action_point(meeting, business, *, title, owner, internal=False, item=None):
    point = ActionPoint.objects.create(meeting=meeting, title=title, owner=owner, internal=internal, agenda_item=item)
    point.businesses.add(business)
    return point


def make_claim(business, user):
    return BusinessClaim.objects.create(business=business, user=user, title="Daglig leder")


def make_meeting_request(business, *, by, adviser, state=MeetingRequest.State.REQUESTED, offered=()):
    request = MeetingRequest.objects.create(
        business=business,
        requested_by=by,
        adviser=adviser,
        topic=Topic.PREMISES,
        message="Vi trenger større lokaler.",
        state=state,
    )
    for starts in offered:
        OfferedTime.objects.create(
            request=request, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), place="Rådhuset"
        )
    return request
