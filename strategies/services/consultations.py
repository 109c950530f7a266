"""Consultations (høring): a draft put out for consultation, the responses to it, and how each was handled.

Publishing puts the plan on consultation; anyone may respond until the deadline; after it the responses are
public unless exempted with a legal basis; the team records how each point was followed up. Each change is logged.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import ratelimit
from portal.mail import send_templated_mail
from portal.services import log_activity
from portal.uploads import check_document
from strategies.models import Consultation, ConsultationResponse, Measure, Plan, ResponseAttachment, ResponsePoint

RATE_WINDOW = ratelimit.WINDOW
EDITABLE_FIELDS = ("title", "case_number", "description", "deadline")


class ConsultationStateError(Exception):
    """The consultation's (or the plan's) state does not allow the change, e.g. a response after the deadline."""

    def __init__(self, message: str, consultation: Consultation | None = None, plan: Plan | None = None):
        super().__init__(message)
        self.consultation = consultation
        self.plan = plan


def is_open(consultation: Consultation) -> bool:
    return consultation.published_at is not None and timezone.now() < consultation.deadline


# --- Publishing ------------------------------------------------------------------------------------


@transaction.atomic
def publish_consultation(plan: Plan, *, by, title: str, case_number: str, description: str, deadline) -> Consultation:
    """Put a draft plan (or one already on consultation) out for consultation: the plan is then on consultation."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state not in (Plan.State.DRAFT, Plan.State.CONSULTATION):
        raise ConsultationStateError(_("Only a draft can be put out for consultation."), plan=plan)
    consultation = Consultation.objects.create(
        plan=plan,
        title=title,
        case_number=case_number,
        description=description,
        deadline=deadline,
        published_at=timezone.now(),
        created_by=by,
    )
    log_activity(
        consultation,
        actor=by,
        action="strategies.consultation_published",
        data={"plan": plan.pk, "case_number": case_number, "deadline": deadline.isoformat()},
    )
    if plan.state == Plan.State.DRAFT:
        plan.state = Plan.State.CONSULTATION
        plan.save(update_fields=["state", "updated"])
        log_activity(
            plan,
            actor=by,
            action="strategies.plan_state_changed",
            data={"from": Plan.State.DRAFT, "to": Plan.State.CONSULTATION, "consultation": consultation.pk},
        )
    return consultation


@transaction.atomic
def update_consultation(consultation: Consultation, *, by, **values) -> list[str]:
    """Change the title, case number, description or deadline before the deadline. Returns the changed fields."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not is_open(consultation):
        raise ConsultationStateError(_("The deadline has passed, so the consultation can no longer be changed."), consultation)
    changed = [name for name in EDITABLE_FIELDS if name in values and getattr(consultation, name) != values[name]]
    if not changed:
        return []
    for name in changed:
        setattr(consultation, name, values[name])
    consultation.save(update_fields=changed)
    log_activity(
        consultation,
        actor=by,
        action="strategies.consultation_changed",
        data={"fields": changed, "deadline": consultation.deadline.isoformat()},
    )
    return changed


# --- Responses ---------------------------------------------------------------------------------------


def response_rate_limited(*, email: str, client_ip: str | None) -> bool:
    """True when the address, or the client's IP, has sent CONSULTATION_RATE_LIMIT responses in the last hour.

    As the enquiry form does: the address counted in the table, the IP only in the cache (never stored).
    """
    limit = settings.CONSULTATION_RATE_LIMIT
    since = timezone.now() - RATE_WINDOW
    if ConsultationResponse.objects.filter(email__iexact=email.strip(), submitted_at__gte=since).count() >= limit:
        return True
    return ratelimit.over_limit("consultation_responses", client_ip, limit=limit)


def submit_response(
    consultation: Consultation,
    *,
    by,
    organisation: str,
    contact_person: str,
    email: str,
    text: str,
    orgnr: str = "",
    address: str = "",
    phone: str = "",
    points: list[tuple[str, Measure | None]] = (),
    uploads=(),
    language: str = "nb",
    client_ip: str | None = None,
) -> ConsultationResponse:
    """Save a response with its points and attachments, give it a reference and e-mail the receipt.

    All or nothing: after the deadline, with a measure of another plan, or with a bad file, no row and no file is kept.
    """
    saved_files = []
    try:
        with transaction.atomic():
            consultation = Consultation.objects.select_for_update().select_related("plan").get(pk=consultation.pk)
            if not is_open(consultation):
                raise ConsultationStateError(_("The deadline for responses has passed."), consultation)
            plan_measures = set(Measure.objects.filter(goal__focus_area__plan=consultation.plan_id).values_list("pk", flat=True))
            if any(measure is not None and measure.pk not in plan_measures for _text, measure in points):
                raise ValueError("a point names a measure of another plan")
            response = ConsultationResponse.objects.create(
                consultation=consultation,
                organisation=organisation,
                orgnr=orgnr,
                address=address,
                contact_person=contact_person,
                email=email,
                phone=phone,
                text=text,
                user=by if by is not None and by.is_authenticated else None,
            )
            response.reference = f"H-{timezone.localdate(response.submitted_at).year}-{response.pk:04d}"
            response.save(update_fields=["reference"])
            ResponsePoint.objects.bulk_create(
                ResponsePoint(response=response, position=position, text=point_text, measure=measure)
                for position, (point_text, measure) in enumerate(points, start=1)
            )
            for upload in uploads:
                content_type = check_document(upload, max_size=settings.CONSULTATION_MAX_ATTACHMENT_SIZE)
                attachment = ResponseAttachment(
                    response=response, filename=upload.name[-255:], content_type=content_type, size=upload.size
                )
                attachment.file.save(upload.name, upload, save=False)
                saved_files.append(attachment.file)
                attachment.save()
            log_activity(
                response,
                actor=by,
                action="strategies.response_submitted",
                data={
                    "reference": response.reference,
                    "consultation": consultation.pk,
                    "points": len(points),
                    "attachments": len(saved_files),
                },
            )
            send_templated_mail(
                "strategies/email/consultation_receipt",
                to=email,
                language=language,
                context={
                    "response": response,
                    "consultation": consultation,
                    "points": list(points),
                    "attachments": [upload.name for upload in uploads],
                },
            )
    except BaseException:
        for file in saved_files:
            file.delete(save=False)  # no row, no file left behind
        raise
    ratelimit.record("consultation_responses", client_ip)
    return response


# --- Handling: exemption and follow-up -------------------------------------------------------------


@transaction.atomic
def set_exemption(response: ConsultationResponse, *, by, exempt: bool, basis: str = "") -> bool:
    """Exempt the response from public access with its legal basis, or lift the exemption. True if it changed."""
    basis = basis.strip() if exempt else ""
    if exempt and not basis:
        raise ValueError("an exemption needs its legal basis")
    # Compare with the row as stored: a bound form may already have changed the instance in memory.
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    if (response.exempt, response.exemption_basis) == (exempt, basis):
        return False
    response.exempt, response.exemption_basis = exempt, basis
    response.save(update_fields=["exempt", "exemption_basis"])
    log_activity(
        response,
        actor=by,
        action="strategies.response_exemption_changed",
        data={"reference": response.reference, "exempt": exempt, "basis": basis},
    )
    return True


@transaction.atomic
def record_follow_up(point: ResponsePoint, *, by, follow_up: str, measure: Measure | None) -> bool:
    """Record how the point was followed up, and the measure it concerns. True if it changed."""
    follow_up = follow_up.strip()
    point = ResponsePoint.objects.select_for_update().select_related("response").get(pk=point.pk)
    if (point.follow_up, point.measure_id) == (follow_up, measure.pk if measure else None):
        return False
    point.follow_up, point.measure = follow_up, measure
    point.followed_up_by, point.followed_up_at = by, timezone.now()
    point.save(update_fields=["follow_up", "measure", "followed_up_by", "followed_up_at"])
    log_activity(
        point.response,
        actor=by,
        action="strategies.response_point_followed_up",
        data={"point": point.pk, "position": point.position, "measure": point.measure_id, "follow_up": follow_up},
    )
    return True


@transaction.atomic
def handle_response(
    response: ConsultationResponse, *, by, exempt: bool, basis: str, follow_ups: list[tuple[ResponsePoint, str, Measure | None]]
) -> int:
    """The officer's handling in one step: the exemption and each point's follow-up. Returns the number of changes."""
    changes = int(set_exemption(response, by=by, exempt=exempt, basis=basis))
    for point, follow_up, measure in follow_ups:
        changes += record_follow_up(point, by=by, follow_up=follow_up, measure=measure)
    return changes
