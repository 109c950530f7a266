"""Market dialogue: registration, slots, documents, questions and answers, reminders, closing input.

Every registered supplier gets the same information: an answer, a new document, the news that slots are open
or that input has closed are recorded as one ``DialogueMessage`` per registration in the same transaction as
the change, and ``dispatch_messages`` (the beat task, also enqueued on commit) sends each row exactly once.
"""

import datetime
import logging
from dataclasses import replace
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import REFUSED, render_message, send_once, server_answer
from portal.services import log_activity
from procurement.models import (
    DialogueDocument,
    DialogueMessage,
    DialogueQuestion,
    DialogueRegistration,
    DialogueSlot,
    MarketDialogue,
)
from procurement.services import alerts

logger = logging.getLogger(__name__)

# Reminders go this long before the conference and before a booked one-to-one slot.
REMINDER_BEFORE = datetime.timedelta(hours=24)
# A message claimed by a run that did not finish (a worker killed mid-send) is taken again after this.
RECLAIM_AFTER = datetime.timedelta(minutes=10)
# The fields whose change on an open dialogue is news to subscribers (a new version, alerts matched again).
ALERT_FIELDS = ("title", "description", "conference_at", "location", "registration_deadline", "input_deadline")


class DialogueError(Exception):
    """A refused action: ``str(error)`` is the reason for the user, ``status`` the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.status = status


def _queue_alerts(dialogue: MarketDialogue) -> None:
    alerts.queue_matching("dialogue", [dialogue.pk])


def _enqueue_dispatch() -> None:
    from procurement.tasks import dispatch_dialogue_messages

    transaction.on_commit(lambda: dispatch_dialogue_messages.delay())


def _record_for_all(dialogue: MarketDialogue, kind: str, *, now=None) -> int:
    """One queued message of ``kind`` to every registration of the dialogue (existing ones stay as they are)."""
    now = now or timezone.now()
    rows = [
        DialogueMessage(registration_id=pk, kind=kind, due_at=now) for pk in dialogue.registrations.values_list("pk", flat=True)
    ]
    DialogueMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        _enqueue_dispatch()
    return len(rows)


# --- State ----------------------------------------------------------------------------------------


def input_open(dialogue: MarketDialogue, *, now=None) -> bool:
    """Whether suppliers may still give input (questions, bookings): open and before the input deadline."""
    now = now or timezone.now()
    return dialogue.state == MarketDialogue.State.OPEN and (dialogue.input_deadline is None or now < dialogue.input_deadline)


def registration_open(dialogue: MarketDialogue, *, now=None) -> bool:
    now = now or timezone.now()
    return input_open(dialogue, now=now) and (dialogue.registration_deadline is None or now < dialogue.registration_deadline)


def _refuse_unless_input_open(dialogue: MarketDialogue) -> None:
    if dialogue.state == MarketDialogue.State.DRAFT:
        raise DialogueError(_("The market dialogue is not open yet."))
    if not input_open(dialogue):
        raise DialogueError(_("Input to this market dialogue has closed."))


def create_dialogue(item, *, by, **fields) -> MarketDialogue:
    """A draft dialogue for the planned procurement ``item``; public once opened."""
    with transaction.atomic():
        dialogue = MarketDialogue.objects.create(item=item, created_by=by, **fields)
        log_activity(dialogue, actor=by, action="procurement.dialogue_created")
    return dialogue


def update_dialogue(dialogue: MarketDialogue, *, by, **fields) -> list[str]:
    """Change the dialogue; on an open one a change of title, description or dates raises its version and matches
    alerts again. Returns the changed field names."""
    if dialogue.state == MarketDialogue.State.CLOSED:
        raise DialogueError(_("Input has closed, so the market dialogue can no longer be changed."))
    changed = [name for name, value in fields.items() if getattr(dialogue, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(dialogue, name, fields[name])
    news = dialogue.state == MarketDialogue.State.OPEN and any(name in ALERT_FIELDS for name in changed)
    with transaction.atomic():
        if news:
            dialogue.version += 1
        dialogue.save(update_fields=[*changed, "version", "updated"])
        log_activity(dialogue, actor=by, action="procurement.dialogue_changed", data={"fields": changed})
        if news:
            _queue_alerts(dialogue)
    return changed


def open_dialogue(dialogue: MarketDialogue, *, by) -> bool:
    """Draft → open: the dialogue becomes public and subscribers are alerted. A repeat is a no-op (False)."""
    with transaction.atomic():
        opened = MarketDialogue.objects.filter(pk=dialogue.pk, state=MarketDialogue.State.DRAFT).update(
            state=MarketDialogue.State.OPEN, version=dialogue.version + 1, updated=timezone.now()
        )
        if not opened:
            return False
        dialogue.refresh_from_db()
        log_activity(dialogue, actor=by, action="procurement.dialogue_opened")
        _queue_alerts(dialogue)
    return True


def close_input(dialogue, *, reason: str, by=None) -> bool:
    """Close the dialogue's input (``reason``: "published" when the notice is out, "manual", "deadline").
    Returns False if it was closed already.

    After this registrations, questions and bookings are refused. Every registered supplier gets a "closed"
    message (once). A draft is closed too, so it cannot be opened after the notice is out.
    """
    now = timezone.now()
    with transaction.atomic():
        closed = (
            MarketDialogue.objects.filter(pk=dialogue.pk)
            .exclude(state=MarketDialogue.State.CLOSED)
            .update(state=MarketDialogue.State.CLOSED, closed_at=now, closed_reason=reason[:20], updated=now)
        )
        if not closed:
            return False
        dialogue.state, dialogue.closed_at, dialogue.closed_reason = MarketDialogue.State.CLOSED, now, reason[:20]
        log_activity(dialogue, actor=by, action="procurement.dialogue_closed", data={"reason": reason})
        _record_for_all(dialogue, "closed", now=now)
    return True


# --- Registration ------------------------------------------------------------------------------------


def register_supplier(
    dialogue: MarketDialogue, *, by, orgnr: str, company_name: str, contact_name: str, email: str, phone: str = ""
) -> DialogueRegistration:
    """Register a supplier (once per organisation number) while registration is open and there is room.

    The dialogue row is locked while the registrations are counted, so two requests at once cannot pass
    the capacity; the unique constraint makes a second registration of the same number fail, however close.
    """
    with transaction.atomic():
        locked = MarketDialogue.objects.select_for_update().get(pk=dialogue.pk)
        if locked.state != MarketDialogue.State.OPEN or not input_open(locked):
            raise DialogueError(_("Registration is closed: the market dialogue is not open for input."))
        if not registration_open(locked):
            raise DialogueError(_("The registration deadline has passed."))
        if locked.registrations.filter(orgnr=orgnr).exists():
            raise DialogueError(_("%(orgnr)s is already registered for this market dialogue.") % {"orgnr": orgnr})
        if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
            raise DialogueError(_("The market dialogue is full: no more suppliers can register."))
        try:
            with transaction.atomic():
                registration = DialogueRegistration.objects.create(
                    dialogue=locked,
                    orgnr=orgnr,
                    company_name=company_name,
                    contact_name=contact_name,
                    email=email,
                    phone=phone,
                    user=by if by is not None and by.is_authenticated else None,
                )
        except IntegrityError:
            raise DialogueError(_("%(orgnr)s is already registered for this market dialogue.") % {"orgnr": orgnr}) from None
        log_activity(registration, actor=by, action="procurement.dialogue_registered", data={"orgnr": orgnr})
    return registration


# --- Slots ------------------------------------------------------------------------------------------------


def add_slots(
    dialogue: MarketDialogue, *, by, first_start: datetime.datetime, length_minutes: int, count: int, pause_minutes: int = 0
) -> list[DialogueSlot]:
    """Add ``count`` one-to-one slots of ``length_minutes`` each (``pause_minutes`` between them), all of the
    same length as any the dialogue has already, and tell every registered supplier they are open."""
    if not dialogue.has_one_to_one:
        raise DialogueError(_("This market dialogue has no one-to-one meetings."), status=400)
    _refuse_unless_input_open(dialogue)
    length = datetime.timedelta(minutes=length_minutes)
    step = length + datetime.timedelta(minutes=pause_minutes)
    slots = [
        DialogueSlot(dialogue=dialogue, starts_at=first_start + i * step, ends_at=first_start + i * step + length)
        for i in range(count)
    ]
    existing = list(dialogue.slots.all())
    if existing and existing[0].ends_at - existing[0].starts_at != length:
        minutes = int((existing[0].ends_at - existing[0].starts_at).total_seconds() // 60)
        raise DialogueError(
            _("Every slot must have the same length: the existing slots are %(minutes)s minutes.") % {"minutes": minutes},
            status=400,
        )
    for new in slots:
        if any(old.starts_at < new.ends_at and new.starts_at < old.ends_at for old in existing):
            raise DialogueError(
                _("A new slot overlaps an existing one at %(time)s.")
                % {"time": timezone.localtime(new.starts_at).strftime("%d.%m.%Y %H:%M")},
                status=400,
            )
    with transaction.atomic():
        created = DialogueSlot.objects.bulk_create(slots)
        first = dialogue.slots.get(starts_at=slots[0].starts_at).pk
        log_activity(dialogue, actor=by, action="procurement.dialogue_slots_added", data={"count": count})
        _record_for_all(dialogue, f"slots-{first}")
    return created


def book_slot(slot: DialogueSlot, *, registration: DialogueRegistration, by) -> None:
    """First come, first served: one conditional UPDATE takes a free slot; one slot per registration."""
    dialogue = slot.dialogue
    if registration.dialogue_id != dialogue.pk:
        raise DialogueError(_("The registration is not for this market dialogue."), status=400)
    _refuse_unless_input_open(dialogue)
    try:
        with transaction.atomic():
            taken = DialogueSlot.objects.filter(pk=slot.pk, registration__isnull=True).update(
                registration=registration, booked_at=timezone.now()
            )
    except IntegrityError:
        raise DialogueError(
            _("%(company)s has booked a slot already. Cancel it first to choose another.")
            % {"company": registration.company_name}
        ) from None
    if not taken:
        raise DialogueError(_("Someone else booked this slot first. Choose another free slot."))
    log_activity(slot, actor=by, action="procurement.dialogue_slot_booked", data={"registration": registration.pk})


def cancel_slot(slot: DialogueSlot, *, by) -> bool:
    """Free a booked slot (its queued reminder is dropped). False if it was free already."""
    with transaction.atomic():
        registration_id = slot.registration_id
        freed = DialogueSlot.objects.filter(pk=slot.pk, registration_id=registration_id, registration__isnull=False).update(
            registration=None, booked_at=None
        )
        if not freed:
            return False
        DialogueMessage.objects.filter(
            registration_id=registration_id, kind=f"reminder-slot-{slot.pk}", status=DialogueMessage.Status.QUEUED
        ).delete()
        log_activity(slot, actor=by, action="procurement.dialogue_slot_cancelled", data={"registration": registration_id})
    return True


# --- Documents, questions and answers ----------------------------------------------------------------


def add_document(dialogue: MarketDialogue, *, by, title: str, upload, content_type: str) -> DialogueDocument:
    """Store a document (checked by the form with ``check_document``) and tell every registered supplier."""
    if dialogue.state == MarketDialogue.State.CLOSED:
        raise DialogueError(_("Input has closed, so no more documents can be added."))
    with transaction.atomic():
        document = DialogueDocument.objects.create(
            dialogue=dialogue,
            title=title,
            file=upload,
            filename=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        log_activity(document, actor=by, action="procurement.dialogue_document_added")
        if dialogue.state == MarketDialogue.State.OPEN:
            _record_for_all(dialogue, f"document-{document.pk}")
    return document


def ask_question(dialogue: MarketDialogue, *, registration: DialogueRegistration, text: str, by) -> DialogueQuestion:
    """A registered supplier's question, only while input is open."""
    if registration.dialogue_id != dialogue.pk:
        raise DialogueError(_("The registration is not for this market dialogue."), status=400)
    with transaction.atomic():
        # Locked, so a question cannot slip in beside the close that the notice's publication makes.
        locked = MarketDialogue.objects.select_for_update().get(pk=dialogue.pk)
        _refuse_unless_input_open(locked)
        question = DialogueQuestion.objects.create(dialogue=locked, registration=registration, question=text)
        log_activity(question, actor=by, action="procurement.dialogue_question_asked")
    return question


def answer_question(question: DialogueQuestion, *, by, answer: str) -> None:
    """Publish the answer: in the same transaction every registration of the dialogue gets an "answer-<id>"
    message, so every registered supplier gets the same answer at once. Who asked is never shown."""
    now = timezone.now()
    with transaction.atomic():
        published = DialogueQuestion.objects.filter(pk=question.pk, published_at__isnull=True).update(
            answer=answer, published_at=now, answered_by=by
        )
        if not published:
            raise DialogueError(_("This question has been answered and published already."))
        question.answer, question.published_at, question.answered_by = answer, now, by
        log_activity(question, actor=by, action="procurement.dialogue_answer_published")
        _record_for_all(question.dialogue, f"answer-{question.pk}", now=now)


# --- Messages: recorded once, sent once --------------------------------------------------------------


def close_past_deadline(now: datetime.datetime) -> int:
    closed = 0
    for dialogue in MarketDialogue.objects.filter(state=MarketDialogue.State.OPEN, input_deadline__lte=now):
        closed += close_input(dialogue, reason="deadline")
    return closed


def record_due_reminders(now: datetime.datetime) -> int:
    """Record the reminders now due (24 hours before the conference, to each registration; 24 hours before a
    booked slot, to its registration). The unique constraint makes a repeat record nothing. Returns how many
    rows were tried."""
    rows = []
    conferences = MarketDialogue.objects.filter(
        state=MarketDialogue.State.OPEN, has_conference=True, conference_at__gt=now, conference_at__lte=now + REMINDER_BEFORE
    )
    for dialogue in conferences:
        due = dialogue.conference_at - REMINDER_BEFORE
        rows += [
            DialogueMessage(registration_id=pk, kind="reminder-conference", due_at=due)
            for pk in dialogue.registrations.values_list("pk", flat=True)
        ]
    slots = DialogueSlot.objects.filter(
        dialogue__state=MarketDialogue.State.OPEN,
        registration__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    )
    for slot in slots:
        rows.append(
            DialogueMessage(
                registration_id=slot.registration_id, kind=f"reminder-slot-{slot.pk}", due_at=slot.starts_at - REMINDER_BEFORE
            )
        )
    DialogueMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def claim_messages(now: datetime.datetime, *, limit: int = 500) -> list[int]:
    """The queued messages that are due and not claimed by a live run (or claimed by one that died): marks
    them claimed now. ``skip_locked`` lets two runs at once take different rows."""
    stale = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RECLAIM_AFTER)
    with transaction.atomic():
        ids = list(
            DialogueMessage.objects.select_for_update(skip_locked=True)
            .filter(stale, status=DialogueMessage.Status.QUEUED, due_at__lte=now)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        DialogueMessage.objects.filter(pk__in=ids).update(claimed_at=now)
    return ids


def send_messages(ids: list[int]) -> int:
    """Send the claimed messages still queued, over one connection; returns how many this call sent.

    Each goes in two phases, as meetings' reminders do: transferred to the mail server, then its row marked
    sent and committed, then released (SMTP's final "."). A worker killed before the commit leaves the row
    queued (and claimed: it is taken again after ``RECLAIM_AFTER``) and the server drops the unfinished message.
    """
    pending = list(
        DialogueMessage.objects.select_related("registration__dialogue", "registration__user")
        .filter(pk__in=ids, status=DialogueMessage.Status.QUEUED)
        .order_by("pk")
    )
    sent = 0
    try:
        with mail.mailers.default as connection:
            while pending:
                message = pending[0]
                reason = _not_wanted(message)
                if reason:
                    DialogueMessage.objects.filter(pk=message.pk, status=DialogueMessage.Status.QUEUED).update(
                        status=DialogueMessage.Status.FAILED, error=reason
                    )
                else:
                    try:
                        sent += _send(message, connection=connection)
                    except REFUSED as error:
                        # Refused for good: failed. Refused for now (a 4xx, the portal's own sender): the next run tries again.
                        answer, final = server_answer(error)
                        logger.warning("Dialogue message %s was refused: %s", message.pk, answer)
                        DialogueMessage.objects.filter(pk=message.pk, status=DialogueMessage.Status.QUEUED).update(
                            status=DialogueMessage.Status.FAILED if final else DialogueMessage.Status.QUEUED,
                            error=answer[:500],
                            claimed_at=None,
                        )
                pending.pop(0)
    except OSError as error:
        # No connection to the mail server: the rest wait for the next run.
        logger.warning("Dialogue messages wait for the mail server: %s", error)
        DialogueMessage.objects.filter(pk__in=[m.pk for m in pending], status=DialogueMessage.Status.QUEUED).update(
            claimed_at=None
        )
    return sent


def _not_wanted(message: DialogueMessage) -> str:
    """Why a reminder no longer makes sense (empty if it still does)."""
    dialogue = message.registration.dialogue
    if message.kind == "reminder-conference" and dialogue.state != MarketDialogue.State.OPEN:
        return "skipped: input closed"
    if message.kind.startswith("reminder-slot-"):
        slot_id = int(message.kind.rsplit("-", 1)[1])
        if (
            dialogue.state != MarketDialogue.State.OPEN
            or not DialogueSlot.objects.filter(pk=slot_id, registration_id=message.registration_id).exists()
        ):
            return "skipped: slot no longer booked"
    return ""


def _send(message: DialogueMessage, *, connection: BaseEmailBackend) -> bool:
    rows = DialogueMessage.objects.filter(pk=message.pk)
    return send_once(
        _render(message),
        mark_sent=lambda: bool(
            rows.filter(status=DialogueMessage.Status.QUEUED).update(status=DialogueMessage.Status.SENT, sent_at=timezone.now())
        ),
        unmark=lambda: rows.update(status=DialogueMessage.Status.QUEUED, sent_at=None, claimed_at=None),
        connection=connection,
    )


def _render(message: DialogueMessage):
    registration = message.registration
    dialogue = registration.dialogue
    kind, _sep, rest = message.kind.partition("-")
    context = {
        "dialogue": dialogue,
        "registration": registration,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + dialogue.get_absolute_url(),
    }
    if kind == "answer":
        template = "answer"
        context["question"] = DialogueQuestion.objects.filter(pk=int(rest)).first()
    elif kind == "document":
        template = "document"
        context["document"] = DialogueDocument.objects.filter(pk=int(rest)).first()
    elif kind == "slots":
        template = "slots"
        context["free_slots"] = dialogue.slots.filter(registration__isnull=True).count()
    elif kind == "reminder":
        if rest == "conference":
            template = "reminder_conference"
        else:
            template = "reminder_slot"
            context["slot"] = DialogueSlot.objects.filter(pk=int(rest.rsplit("-", 1)[1])).first()
    else:
        template = "closed"
    language = getattr(registration.user, "language", None) or settings.LANGUAGE_CODE
    rendered = render_message(f"procurement/email/dialogue_{template}", to=registration.email, language=language, context=context)
    host = urlparse(settings.PORTAL_BASE_URL).hostname
    return replace(rendered, headers={"Message-ID": f"<dialogue-{message.pk}@{host}>"})


def dispatch_messages(*, now: datetime.datetime | None = None) -> int:
    """The beat job: close dialogues past their input deadline, record due reminders, send what is queued.
    Safe to run twice or at once. Returns how many messages this run sent."""
    now = now or timezone.now()
    close_past_deadline(now)
    record_due_reminders(now)
    return send_messages(claim_messages(now))
