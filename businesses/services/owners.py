"""Writes for business owners: claims to represent a business, the business's own profile, meeting requests."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from businesses.models import (
    Business,
    BusinessClaim,
    BusinessProfile,
    BusinessRepresentative,
    DecisionState,
    MeetingRequest,
    OfferedTime,
    ProfileContactPerson,
)
from businesses.queries import adviser_for_topic
from meetings.models import Meeting, Visibility
from meetings.services.planning import add_participant, create_meeting, send_invitations
from portal.mail import send_templated_mail
from portal.models import User
from portal.roles import Role
from portal.services import assign_role, log_activity

PROFILE_FIELDS = ("description", "needs", "website")
CONTACT_PERSON_FIELDS = ("name", "role", "email", "phone")
MAX_OFFERED_TIMES = 3


class OwnerStateError(Exception):
    """The claim or meeting request is not in a state that allows this; the message says why, for the user."""


def _language(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _url(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def team_members():
    """The business officers: who is told about a new claim (and a meeting request no adviser is routed to)."""
    return User.objects.filter(groups__name=Role.OFFICER.value, is_active=True).order_by("pk").distinct()


# --- Claims -------------------------------------------------------------------------------------


def claim_problem(business: Business, user) -> str:
    """Why ``user`` cannot claim ``business`` now ("" if they can)."""
    if business.representatives.filter(user=user).exists():
        return gettext("You already represent this business.")
    if business.claims.filter(user=user, state=DecisionState.PENDING).exists():
        return gettext("You have already claimed this business; an officer will look at it soon.")
    return ""


@transaction.atomic
def claim_business(business: Business, *, by, title: str = "", message: str = "") -> BusinessClaim:
    """Ask to represent ``business``: a pending claim the officers are told about by e-mail.

    Raises OwnerStateError if ``by`` already represents it or has a pending claim for it.
    """
    problem = claim_problem(business, by)
    if problem:
        raise OwnerStateError(problem)
    try:
        with transaction.atomic():
            claim = BusinessClaim.objects.create(business=business, user=by, title=title, message=message)
    except IntegrityError as error:  # a pending claim made in the same instant (the unique constraint)
        raise OwnerStateError(gettext("You have already claimed this business; an officer will look at it soon.")) from error
    log_activity(claim, actor=by, action="businesses.claim_created", data={"business": business.orgnr})
    url = _url(reverse("businesses:claims"))
    for officer in team_members():
        send_templated_mail(
            "businesses/email/claim_received",
            to=officer.email,
            language=_language(officer),
            context={"claim": claim, "business": business, "claimant": by, "url": url},
        )
    return claim


def _locked_claim(claim: BusinessClaim) -> BusinessClaim:
    return BusinessClaim.objects.select_for_update(of=("self",)).select_related("business", "user").get(pk=claim.pk)


@transaction.atomic
def approve_claim(claim: BusinessClaim, *, by) -> bool:
    """Pending → approved: the claimant represents the business and holds the business-owner role.

    A repeat is a no-op (False); a rejected claim cannot be approved (OwnerStateError).
    """
    claim = _locked_claim(claim)
    if claim.state == DecisionState.APPROVED:
        return False
    if claim.state != DecisionState.PENDING:
        raise OwnerStateError(gettext("The claim has already been rejected."))
    claim.state, claim.decided_by, claim.decided_at = DecisionState.APPROVED, by, timezone.now()
    claim.save(update_fields=["state", "decided_by", "decided_at"])
    BusinessRepresentative.objects.get_or_create(business=claim.business, user=claim.user, defaults={"title": claim.title})
    assign_role(claim.user, Role.BUSINESS_OWNER, by=by)
    log_activity(claim, actor=by, action="businesses.claim_approved", data={"business": claim.business.orgnr})
    send_templated_mail(
        "businesses/email/claim_approved",
        to=claim.user.email,
        language=_language(claim.user),
        context={"claim": claim, "business": claim.business, "url": _url(claim.business.get_absolute_url())},
    )
    return True


@transaction.atomic
def reject_claim(claim: BusinessClaim, *, by, reason: str) -> bool:
    """Pending → rejected, with the reason the claimant is sent. A repeat is a no-op (False)."""
    claim = _locked_claim(claim)
    if claim.state == DecisionState.REJECTED:
        return False
    if claim.state != DecisionState.PENDING:
        raise OwnerStateError(gettext("The claim has already been approved."))
    claim.state, claim.decided_by, claim.decided_at, claim.reason = DecisionState.REJECTED, by, timezone.now(), reason
    claim.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    log_activity(claim, actor=by, action="businesses.claim_rejected", data={"business": claim.business.orgnr})
    send_templated_mail(
        "businesses/email/claim_rejected",
        to=claim.user.email,
        language=_language(claim.user),
        context={"claim": claim, "business": claim.business, "reason": reason},
    )
    return True


# --- The business's own profile -------------------------------------------------------------------


@transaction.atomic
def save_business_profile(
    business: Business, *, by, description: str, needs: str, website: str, contact_persons: list[dict]
) -> BusinessProfile:
    """Write the profile and its contact persons.

    ``contact_persons`` is the whole list as it should stand: dicts of name, role, email, phone and ``pk``
    (an existing person of this profile, or None for a new one); a person left out is removed. Only
    the names of the changed fields and counts go to the activity log, never the personal data.
    """
    profile, created = BusinessProfile.objects.get_or_create(business=business)
    values = {"description": description, "needs": needs, "website": website}
    changed = [name for name in PROFILE_FIELDS if getattr(profile, name) != values[name]]
    for name in changed:
        setattr(profile, name, values[name])
    existing = {person.pk: person for person in profile.contact_persons.all()}
    kept, added, updated = set(), 0, 0
    for data in contact_persons:
        person = existing.get(data.get("pk"))
        fields = {name: data.get(name, "") for name in CONTACT_PERSON_FIELDS}
        if person is None:
            ProfileContactPerson.objects.create(profile=profile, **fields)
            added += 1
            continue
        kept.add(person.pk)
        person_changed = [name for name in CONTACT_PERSON_FIELDS if getattr(person, name) != fields[name]]
        if person_changed:
            for name in person_changed:
                setattr(person, name, fields[name])
            person.save(update_fields=person_changed)
            updated += 1
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        ProfileContactPerson.objects.filter(pk__in=removed).delete()
    if not (created or changed or added or updated or removed):
        return profile
    profile.updated_by = by
    profile.save(update_fields=[*changed, "updated_by", "updated"])
    log_activity(
        profile,
        actor=by,
        action="businesses.profile_changed",
        data={
            "business": business.orgnr,
            "fields": changed,
            "contact_persons": {"added": added, "changed": updated, "removed": len(removed)},
        },
    )
    return profile


# --- Meeting requests ---------------------------------------------------------------------------


def _request_url(meeting_request: MeetingRequest) -> str:
    return _url(reverse("businesses:meeting_request_detail", kwargs={"pk": meeting_request.pk}))


@transaction.atomic
def request_meeting(business: Business, *, by, topic: str, message: str) -> MeetingRequest:
    """A representative asks for a meeting about ``topic``; the adviser for the topic is told by e-mail
    (the officers, if the routing table names nobody)."""
    adviser = adviser_for_topic(topic)
    meeting_request = MeetingRequest.objects.create(
        business=business, requested_by=by, adviser=adviser, topic=topic, message=message
    )
    log_activity(
        meeting_request,
        actor=by,
        action="businesses.meeting_request_created",
        data={"business": business.orgnr, "topic": topic, "adviser": adviser.pk if adviser else None},
    )
    for recipient in [adviser] if adviser else team_members():
        send_templated_mail(
            "businesses/email/meeting_request_received",
            to=recipient.email,
            language=_language(recipient),
            context={"meeting_request": meeting_request, "business": business, "url": _request_url(meeting_request)},
        )
    return meeting_request


def _locked_request(meeting_request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("business", "requested_by", "adviser")
        .get(pk=meeting_request.pk)
    )


OPEN_STATES = (MeetingRequest.State.REQUESTED, MeetingRequest.State.OFFERED)


@dataclass(frozen=True)
class TimeSlot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""


@transaction.atomic
def offer_times(meeting_request: MeetingRequest, *, by, times: list[TimeSlot]) -> list[OfferedTime]:
    """The adviser (or another officer) offers 1–3 times: requested → offered; the requester is told by e-mail.

    Offering again while the request waits replaces the times offered before.
    """
    if not 1 <= len(times) <= MAX_OFFERED_TIMES:
        raise ValueError(f"offer 1 to {MAX_OFFERED_TIMES} times")
    now = timezone.now()
    if any(slot.starts_at <= now or slot.ends_at <= slot.starts_at for slot in times):
        raise ValueError("every time must be in the future and end after it starts")
    meeting_request = _locked_request(meeting_request)
    if meeting_request.state not in OPEN_STATES:
        raise OwnerStateError(gettext("The request is no longer open: times can no longer be offered."))
    meeting_request.offered_times.all().delete()
    offered = OfferedTime.objects.bulk_create(
        [OfferedTime(request=meeting_request, starts_at=s.starts_at, ends_at=s.ends_at, place=s.place) for s in times]
    )
    fields = ["state", "updated"]
    meeting_request.state = MeetingRequest.State.OFFERED
    if meeting_request.adviser_id is None:
        meeting_request.adviser = by
        fields.append("adviser")
    meeting_request.save(update_fields=fields)
    log_activity(meeting_request, actor=by, action="businesses.meeting_request_offered", data={"times": len(offered)})
    requester = meeting_request.requested_by
    send_templated_mail(
        "businesses/email/meeting_request_offered",
        to=requester.email,
        language=_language(requester),
        context={
            "meeting_request": meeting_request,
            "business": meeting_request.business,
            "times": sorted(offered, key=lambda t: t.starts_at),
            "url": _request_url(meeting_request),
        },
    )
    return offered


@transaction.atomic
def accept_offered_time(meeting_request: MeetingRequest, offered_time: OfferedTime, *, by) -> Meeting:
    """The requester takes one of the times: offered → accepted, and the time becomes a meeting.

    The meeting is made with the meetings app's services (internal, the adviser organises it, the
    adviser and the requester take part) and its notice with the calendar file is sent to both.
    A second acceptance is refused (OwnerStateError), so there is never a second meeting.
    """
    meeting_request = _locked_request(meeting_request)
    if meeting_request.state != MeetingRequest.State.OFFERED:
        raise OwnerStateError(gettext("The request is not waiting for an answer to offered times."))
    if offered_time.request_id != meeting_request.pk:
        raise ValueError("the offered time belongs to another request")
    if offered_time.starts_at <= timezone.now():
        raise OwnerStateError(gettext("That time has passed; ask the adviser for new times."))
    adviser = meeting_request.adviser
    if adviser is None:  # the adviser's account was removed after the times were offered
        raise OwnerStateError(gettext("The adviser is no longer in the portal; ask for the meeting again."))
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Meeting with %(business)s") % {"business": meeting_request.business.name}
    meeting = create_meeting(
        Meeting(
            title=title[:200],
            starts_at=offered_time.starts_at,
            ends_at=offered_time.ends_at,
            place=offered_time.place,
            organiser=adviser,
            visibility=Visibility.INTERNAL,
        ),
        by=by,
    )
    add_participant(meeting, by=by, user=meeting_request.requested_by)
    send_invitations(meeting, by=by)
    meeting_request.state = MeetingRequest.State.ACCEPTED
    meeting_request.meeting = meeting
    meeting_request.save(update_fields=["state", "meeting", "updated"])
    log_activity(
        meeting_request,
        actor=by,
        action="businesses.meeting_request_accepted",
        data={"offered_time": offered_time.pk, "meeting": meeting.pk},
    )
    return meeting


@transaction.atomic
def close_meeting_request(meeting_request: MeetingRequest, *, by, message: str = "") -> bool:
    """Either side ends a request that waits: the business side cancels it, the adviser's side declines it.

    The other side is told by e-mail, with ``message``. A repeat is a no-op (False); an accepted request
    is closed by cancelling its meeting instead (OwnerStateError).
    """
    meeting_request = _locked_request(meeting_request)
    if meeting_request.state in (MeetingRequest.State.CANCELLED, MeetingRequest.State.DECLINED):
        return False
    if meeting_request.state not in OPEN_STATES:
        raise OwnerStateError(gettext("The meeting is agreed; cancel the meeting itself instead."))
    business_side = meeting_request.business.representatives.filter(user=by).exists()
    meeting_request.state = MeetingRequest.State.CANCELLED if business_side else MeetingRequest.State.DECLINED
    meeting_request.save(update_fields=["state", "updated"])
    log_activity(meeting_request, actor=by, action="businesses.meeting_request_closed", data={"state": meeting_request.state})
    if business_side:
        recipients = [meeting_request.adviser] if meeting_request.adviser else list(team_members())
    else:
        recipients = [meeting_request.requested_by]
    for recipient in recipients:
        send_templated_mail(
            "businesses/email/meeting_request_closed",
            to=recipient.email,
            language=_language(recipient),
            context={
                "meeting_request": meeting_request,
                "business": meeting_request.business,
                "closed_by": by,
                "message": message,
                "url": _request_url(meeting_request),
            },
        )
    return True


# The states' names as the e-mails and pages show them.
STATE_HELP = {
    MeetingRequest.State.REQUESTED: _("Waiting for the adviser to offer times."),
    MeetingRequest.State.OFFERED: _("Times are offered: the business chooses one."),
    MeetingRequest.State.ACCEPTED: _("A time is agreed, and the meeting is in the calendar."),
    MeetingRequest.State.DECLINED: _("The adviser closed the request."),
    MeetingRequest.State.CANCELLED: _("The business withdrew the request."),
}
