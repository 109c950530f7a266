"""Writes for the agenda: items, council members' proposals, and documents."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Document, ItemProposal, Meeting
from meetings.services import MeetingStateError
from meetings.services.pdfs import schedule_pdfs
from portal.mail import send_templated_mail
from portal.services import log_activity
from portal.uploads import check_document

ITEM_FIELDS = ("title", "description", "duration_minutes", "presenter", "internal")


@transaction.atomic
def add_agenda_item(meeting: Meeting, *, by, businesses=(), **fields) -> AgendaItem:
    """Append an item to the agenda."""
    _check_agenda_open(meeting)
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, **fields)
    item.businesses.set(businesses)
    log_activity(meeting, actor=by, action="meetings.item_added", data={"item": item.pk, "title": item.title})
    schedule_pdfs(meeting)
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, *, by, businesses, changed: list[str]) -> AgendaItem:
    _check_agenda_open(item.meeting)
    item.save()
    item.businesses.set(businesses)
    log_activity(item.meeting, actor=by, action="meetings.item_changed", data={"item": item.pk, "fields": sorted(changed)})
    schedule_pdfs(item.meeting)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, by) -> None:
    """Remove an item; the items after it move up one place."""
    meeting = item.meeting
    _check_agenda_open(meeting)
    position = item.position
    log_activity(meeting, actor=by, action="meetings.item_deleted", data={"item": item.pk, "title": item.title})
    item.delete()
    # One row at a time, in order: the unique (meeting, position) holds after every statement.
    for later in meeting.agenda.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    schedule_pdfs(meeting)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, up: bool, by) -> bool:
    """Swap the item with the one above (or below). Returns False at either end."""
    _check_agenda_open(item.meeting)
    neighbours = item.meeting.agenda.select_for_update()
    other = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if up
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return False
    mine, theirs = item.position, other.position
    item.position = 0  # out of the way of the unique (meeting, position) while swapping
    item.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    log_activity(item.meeting, actor=by, action="meetings.item_moved", data={"item": item.pk, "position": theirs})
    schedule_pdfs(item.meeting)
    return True


def _check_agenda_open(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingStateError(_("The meeting is cancelled."), meeting=meeting)
    if meeting.state == Meeting.State.MINUTES_PUBLISHED:
        raise MeetingStateError(_("The minutes are published; withdraw them to change the agenda."), meeting=meeting)


# --- Proposals from council members ------------------------------------------------------------


@transaction.atomic
def propose_item(meeting: Meeting, *, by, businesses=(), **fields) -> ItemProposal:
    """A council member proposes an item before the deadline; the organiser is told by e-mail."""
    if not meeting.is_open_for_proposals:
        raise MeetingStateError(_("The deadline for proposing items to this meeting has passed."), meeting=meeting)
    proposal = ItemProposal.objects.create(meeting=meeting, proposed_by=by, **fields)
    proposal.businesses.set(businesses)
    log_activity(meeting, actor=by, action="meetings.item_proposed", data={"proposal": proposal.pk})
    send_templated_mail(
        "meetings/email/proposal_received",
        to=meeting.organiser.email,
        language=meeting.organiser.language,
        context={"meeting": meeting, "proposal": proposal, "proposer": by},
    )
    return proposal


@transaction.atomic
def accept_proposal(proposal: ItemProposal, *, by, presenter: str = "", businesses=None, **edits) -> AgendaItem:
    """Accept (possibly edited): the proposal becomes the last agenda item and the proposer is told."""
    proposal = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ItemProposal.Status.PROPOSED:
        raise MeetingStateError(_("The proposal has already been decided."), meeting=proposal.meeting)
    for name, value in edits.items():
        setattr(proposal, name, value)
    if businesses is not None:
        proposal.businesses.set(businesses)
    item = add_agenda_item(
        proposal.meeting,
        by=by,
        businesses=proposal.businesses.all(),
        title=proposal.title,
        description=proposal.description,
        duration_minutes=proposal.duration_minutes,
        presenter=presenter or str(proposal.proposed_by),
    )
    _decide(proposal, ItemProposal.Status.ACCEPTED, by=by, agenda_item=item)
    return item


@transaction.atomic
def decline_proposal(proposal: ItemProposal, *, by, response: str) -> None:
    """Decline with a reason the proposer is sent."""
    proposal = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ItemProposal.Status.PROPOSED:
        raise MeetingStateError(_("The proposal has already been decided."), meeting=proposal.meeting)
    proposal.response = response
    _decide(proposal, ItemProposal.Status.DECLINED, by=by)


def _decide(proposal: ItemProposal, status: str, *, by, agenda_item: AgendaItem | None = None) -> None:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.agenda_item = agenda_item
    proposal.save()
    log_activity(proposal.meeting, actor=by, action=f"meetings.proposal_{status}", data={"proposal": proposal.pk})
    proposer = proposal.proposed_by
    send_templated_mail(
        "meetings/email/proposal_decided",
        to=proposer.email,
        language=proposer.language,
        context={"meeting": proposal.meeting, "proposal": proposal},
    )


# --- Documents -------------------------------------------------------------------------------

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024


@transaction.atomic
def add_document(meeting: Meeting, *, upload, title: str, agenda_item: AgendaItem | None, by) -> Document:
    content_type = check_document(upload, max_size=MAX_DOCUMENT_SIZE)
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        filename=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no row, no file left behind
        raise
    log_activity(meeting, actor=by, action="meetings.document_added", data={"document": document.pk, "title": title})
    return document


@transaction.atomic
def delete_document(document: Document, *, by) -> None:
    log_activity(document.meeting, actor=by, action="meetings.document_deleted", data={"title": document.title})
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False))
