"""The life of an enquiry: sent, opened by its adviser, answered from the portal, given to another adviser,
replied to by the sender, closed. Each change is logged; a repeat is a no-op."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.models import Enquiry, EnquiryAttachment, EnquiryMessage
from businesses.queries import adviser_for_topic, enquiry_handlers
from portal import ratelimit
from portal.mail import send_templated_mail
from portal.services import log_activity
from portal.uploads import check_document

RATE_WINDOW = ratelimit.WINDOW


class EnquiryStateError(Exception):
    """The enquiry's state does not allow the change (e.g. answering a closed enquiry)."""

    def __init__(self, message: str, enquiry: Enquiry):
        super().__init__(message)
        self.enquiry = enquiry


# --- Rate limit ------------------------------------------------------------------------------------


def enquiry_rate_limited(*, sender_email: str, client_ip: str | None) -> bool:
    """True when the address, or the client's IP, has sent ENQUIRY_RATE_LIMIT enquiries in the last hour.

    The address is counted in the enquiry table itself (it survives a cache flush); the IP in the cache,
    so no IP address is stored with the enquiry.
    """
    limit = settings.ENQUIRY_RATE_LIMIT
    since = timezone.now() - RATE_WINDOW
    if Enquiry.objects.filter(sender_email__iexact=sender_email.strip(), created__gte=since).count() >= limit:
        return True
    return ratelimit.over_limit("enquiries", client_ip, limit=limit)


# --- Sending -----------------------------------------------------------------------------------------


def submit_enquiry(
    *,
    by,
    topic: str,
    business,
    sender_name: str,
    sender_email: str,
    sender_phone: str = "",
    sender_organisation: str = "",
    message: str,
    consent_text: str,
    language: str,
    uploads=(),
    client_ip: str | None = None,
) -> Enquiry:
    """Save an enquiry with its attachments, route it to the topic's adviser and queue the e-mails.

    The adviser (or, with no adviser, every officer) is told; the sender gets a receipt with the reference.
    All or nothing: if an attachment fails, no row is saved and the files already written are removed.
    """
    saved_files = []
    try:
        with transaction.atomic():
            enquiry = Enquiry.objects.create(
                topic=topic,
                business=business,
                user=by if by is not None and by.is_authenticated else None,
                sender_name=sender_name,
                sender_email=sender_email,
                sender_phone=sender_phone,
                sender_organisation=sender_organisation,
                message=message,
                consent_text=str(consent_text),
                language=language,
                assigned_to=adviser_for_topic(topic),
            )
            enquiry.reference = f"{timezone.localdate(enquiry.created).year}-{enquiry.pk:06d}"
            enquiry.save(update_fields=["reference"])
            for upload in uploads:
                content_type = check_document(upload, max_size=settings.ENQUIRY_MAX_ATTACHMENT_SIZE)
                attachment = EnquiryAttachment(
                    enquiry=enquiry, filename=upload.name[-255:], content_type=content_type, size=upload.size
                )
                attachment.file.save(upload.name, upload, save=False)
                saved_files.append(attachment.file)
                attachment.save()
            log_activity(
                enquiry,
                actor=by,
                action="businesses.enquiry_submitted",
                data={"reference": enquiry.reference, "topic": topic, "attachments": len(saved_files)},
            )
            _notify_handlers(enquiry, "businesses/email/enquiry_new")
            send_templated_mail(
                "businesses/email/enquiry_receipt",
                to=sender_email,
                language=language,
                context={"enquiry": enquiry, "attachments": [f.name for f in uploads]},
            )
    except BaseException:
        for file in saved_files:
            file.delete(save=False)  # no row, no file left behind
        raise
    ratelimit.record("enquiries", client_ip)
    return enquiry


def _notify_handlers(enquiry: Enquiry, prefix: str, **context) -> None:
    """Tell the enquiry's adviser, or every officer when it has none, each in their own language."""
    recipients = [enquiry.assigned_to] if enquiry.assigned_to else list(enquiry_handlers())
    for user in recipients:
        send_templated_mail(prefix, to=user.email, language=user.language, context={"enquiry": enquiry, **context})


# --- Handling ----------------------------------------------------------------------------------------


def _check_not_closed(enquiry: Enquiry) -> None:
    if enquiry.state == Enquiry.State.CLOSED:
        raise EnquiryStateError(_("The enquiry is closed."), enquiry)


@transaction.atomic
def mark_enquiry_opened(enquiry: Enquiry, *, by) -> bool:
    """A new enquiry opened by its own adviser is being handled. True if the state changed."""
    if enquiry.state != Enquiry.State.NEW or enquiry.assigned_to_id is None or enquiry.assigned_to_id != by.pk:
        return False
    changed = Enquiry.objects.filter(pk=enquiry.pk, state=Enquiry.State.NEW).update(state=Enquiry.State.OPEN)
    enquiry.state = Enquiry.State.OPEN
    if changed:
        log_activity(enquiry, actor=by, action="businesses.enquiry_opened", data={"reference": enquiry.reference})
    return bool(changed)


@transaction.atomic
def answer_enquiry(enquiry: Enquiry, *, by, body: str) -> EnquiryMessage:
    """Send an answer from the portal to the sender, keep it with the enquiry, and record the first-answer time.

    The same text sent again (a double click) is not sent twice: the earlier answer is returned.
    """
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    _check_not_closed(enquiry)
    last = enquiry.messages.order_by("-created", "-pk").first()
    if last is not None and last.direction == EnquiryMessage.Direction.ANSWER and last.body == body:
        return last
    answer = EnquiryMessage.objects.create(
        enquiry=enquiry, direction=EnquiryMessage.Direction.ANSWER, author=by, body=body, sent_to=enquiry.sender_email
    )
    fields = ["state"]
    if enquiry.first_answered_at is None:
        enquiry.first_answered_at = answer.created
        fields.append("first_answered_at")
    enquiry.state = Enquiry.State.ANSWERED
    enquiry.save(update_fields=fields)
    log_activity(
        enquiry, actor=by, action="businesses.enquiry_answered", data={"reference": enquiry.reference, "message": answer.pk}
    )
    send_templated_mail(
        "businesses/email/enquiry_answer",
        to=enquiry.sender_email,
        language=enquiry.language,
        context={"enquiry": enquiry, "answer": answer, "adviser": by},
    )
    return answer


@transaction.atomic
def assign_enquiry(enquiry: Enquiry, *, to, by) -> bool:
    """Give the enquiry to another adviser, who is told unless they gave it to themselves. True if it changed."""
    if enquiry.assigned_to_id == to.pk:
        return False
    previous = enquiry.assigned_to_id
    enquiry.assigned_to = to
    enquiry.save(update_fields=["assigned_to"])
    log_activity(
        enquiry,
        actor=by,
        action="businesses.enquiry_assigned",
        data={"reference": enquiry.reference, "from": previous, "to": to.pk},
    )
    if to.pk != by.pk:
        send_templated_mail(
            "businesses/email/enquiry_new",
            to=to.email,
            language=to.language,
            context={"enquiry": enquiry, "assigned_by": by},
        )
    return True


@transaction.atomic
def reply_to_enquiry(enquiry: Enquiry, *, by, body: str) -> EnquiryMessage:
    """The sender adds to their enquiry: the adviser is told, and an answered enquiry is open again."""
    enquiry = Enquiry.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=enquiry.pk)
    _check_not_closed(enquiry)
    last = enquiry.messages.order_by("-created", "-pk").first()
    if last is not None and last.direction == EnquiryMessage.Direction.REPLY and last.body == body:
        return last
    reply = EnquiryMessage.objects.create(enquiry=enquiry, direction=EnquiryMessage.Direction.REPLY, author=by, body=body)
    if enquiry.state == Enquiry.State.ANSWERED:
        enquiry.state = Enquiry.State.OPEN
        enquiry.save(update_fields=["state"])
    log_activity(
        enquiry, actor=by, action="businesses.enquiry_replied", data={"reference": enquiry.reference, "message": reply.pk}
    )
    _notify_handlers(enquiry, "businesses/email/enquiry_reply", reply=reply)
    return reply


@transaction.atomic
def close_enquiry(enquiry: Enquiry, *, by) -> bool:
    """Close the enquiry. True if it was not closed already."""
    if enquiry.state == Enquiry.State.CLOSED:
        return False
    enquiry.state = Enquiry.State.CLOSED
    enquiry.closed_at = timezone.now()
    enquiry.save(update_fields=["state", "closed_at"])
    log_activity(enquiry, actor=by, action="businesses.enquiry_closed", data={"reference": enquiry.reference})
    return True
