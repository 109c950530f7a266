import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from meetings.forms import (
    ActionPointForm,
    ActionPointStatusForm,
    AgendaItemForm,
    AnswerForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    ParticipantForm,
    PlanYearForm,
    ProposalDecisionForm,
    ProposalForm,
    SeriesForm,
)
from meetings.models import ActionPoint, Document, ItemProposal, Meeting, MeetingPdf, MeetingSeries
from meetings.queries import (
    action_points_for,
    agenda_for,
    assigned_action_points,
    calendar_feed_of,
    open_follow_ups,
    own_meetings,
    participant_of,
    proposals_for,
    public_action_points,
    public_meetings,
    visible_meetings,
)
from meetings.services import MeetingStateError
from meetings.services.agenda import (
    ITEM_FIELDS,
    accept_proposal,
    add_agenda_item,
    add_document,
    decline_proposal,
    delete_agenda_item,
    delete_document,
    move_agenda_item,
    propose_item,
    update_agenda_item,
)
from meetings.services.calendar import calendar_file, feed_token, user_for_feed_token
from meetings.services.minutes import (
    add_action_point,
    check_minutes_open,
    publish_minutes,
    record_minutes,
    update_action_point,
    withdraw_minutes,
)
from meetings.services.pdfs import schedule_pdfs
from meetings.services.planning import (
    add_participant,
    can_answer,
    can_mark_held,
    cancel_meeting,
    check_answer_open,
    create_meeting,
    mark_held,
    participant_for_token,
    plan_year,
    record_answer,
    remove_participant,
    save_series,
    send_invitations,
    update_meeting,
)
from meetings.services.reminders import failed_reminders
from portal.related import related_to

# The online link is shown to participants from this long before the start until the end.
ONLINE_LINK_SHOWN_BEFORE = datetime.timedelta(hours=1)


def meeting_list(request):
    now = timezone.now()
    meetings = visible_meetings(request.user)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": meetings.filter(ends_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(ends_at__lt=now).order_by("-starts_at")[:10],
        },
    )


def meeting_detail(request, pk: int):
    meeting = get_object_or_404(visible_meetings(request.user), pk=pk)
    now = timezone.now()
    show_link = (
        bool(meeting.online_url)
        and request.user.has_perm("meetings.view_online_link", meeting)
        and meeting.starts_at - ONLINE_LINK_SHOWN_BEFORE <= now <= meeting.ends_at
    )
    inner_circle = request.user.has_perm("meetings.view_internal", meeting)
    can_change = request.user.has_perm("meetings.change_meeting", meeting)
    follow_ups = open_follow_ups(meeting)
    if not inner_circle:
        follow_ups = public_action_points(follow_ups)
    invitation = participant_of(meeting, request.user) if can_answer(meeting) else None
    sees_participants = request.user.has_perm("meetings.view_participants", meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda_for(meeting, inner_circle=inner_circle).prefetch_related("businesses", "documents"),
            "documents": meeting.documents.filter(agenda_item__isnull=True),
            "follow_ups": follow_ups,
            "proposals": proposals_for(meeting, request.user, decides=can_change),
            "participants": meeting.participants.all() if sees_participants else None,
            # Who could not be reached is personal data too: for the same eyes as the participants.
            "failed_reminders": failed_reminders(meeting) if sees_participants else None,
            "show_online_link": show_link,
            "inner_circle": inner_circle,
            "can_change": can_change,
            "can_mark_held": can_change and can_mark_held(meeting),
            "invitation": invitation,
            "answer_form": AnswerForm(initial={"answer": invitation.rsvp}) if invitation else None,
            "can_propose": meeting.is_open_for_proposals and request.user.has_perm("meetings.propose_item", meeting),
            # --- Plans (strategies): what other apps link to this meeting (portal/related.py).
            "related_links": related_to(meeting, request.user),
            **_pdf_context(request, meeting),
        },
    )


def meeting_ics(request, pk: int):
    meeting = get_object_or_404(visible_meetings(request.user), pk=pk)
    return _ics_response(
        calendar_file([(meeting, request.build_absolute_uri(meeting.get_absolute_url()))]), f"mote-{meeting.pk}.ics"
    )


def public_feed(request):
    """Every public meeting, as a calendar to subscribe to."""
    return _ics_response(
        calendar_file([(m, request.build_absolute_uri(m.get_absolute_url())) for m in public_meetings()]),
        "dialogmoter.ics",
    )


@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """Answer an invitation from the link in the e-mail, without logging in."""
    try:
        participant = participant_for_token(token)
    except signing.SignatureExpired:
        return render(request, "403.html", {"reason": _("The link has expired.")}, status=403)
    except signing.BadSignature:
        return render(request, "403.html", {"reason": _("The link is not valid.")}, status=403)
    form = AnswerForm(request.POST or None, initial={"answer": participant.rsvp})
    if request.method == "POST" and form.is_valid():
        record_answer(participant, form.cleaned_data["answer"])
        return redirect(request.path + "?lagret=1")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/answer.html",
        {"participant": participant, "meeting": participant.meeting, "form": form, "saved": "lagret" in request.GET},
        status=status,
    )


# --- Planning: series, meetings, participants (officers, the chief executive's office, organisers) ---


def _meeting_for(request, pk: int, permission: str | None = None) -> Meeting:
    """A meeting the user may see (404 otherwise) and, if given, holds ``permission`` on (403 otherwise)."""
    meeting = get_object_or_404(visible_meetings(request.user), pk=pk)
    if permission and not request.user.has_perm(permission, meeting):
        raise PermissionDenied
    return meeting


def conflict_as_409(view):
    """A view whose service may refuse with MeetingStateError: the reason, a link back to the meeting, and 409 Conflict.

    The service raised inside its own transaction, so nothing it began is saved.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MeetingStateError as error:
            return render(request, "meetings/not_now.html", {"reason": str(error), "meeting": error.meeting}, status=409)

    return wrapper


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    """Render a form page: 400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_POST
@conflict_as_409
def meeting_answer(request, pk: int):
    """A logged-in participant answers the invitation on the meeting page, as the e-mail link lets them."""
    meeting = _meeting_for(request, pk)
    participant = participant_of(meeting, request.user)
    if participant is None:
        raise PermissionDenied
    check_answer_open(meeting)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": _("Choose one of the answers.")}, status=400)
    record_answer(participant, form.cleaned_data["answer"])
    messages.success(request, _("Your answer is saved: %(answer)s.") % {"answer": participant.get_rsvp_display()})
    return redirect(meeting.get_absolute_url() + "#answer-heading")


@login_required
def series_list(request):
    if not request.user.has_perm("meetings.manage_series"):
        raise PermissionDenied
    series = MeetingSeries.objects.select_related("organiser").annotate(member_count=Count("members"))
    return render(request, "meetings/series_list.html", {"series_list": series, "plan_form": PlanYearForm()})


@login_required
@require_http_methods(["GET", "POST"])
def series_form(request, pk: int | None = None):
    if not request.user.has_perm("meetings.manage_series"):
        raise PermissionDenied
    series = get_object_or_404(MeetingSeries, pk=pk) if pk else MeetingSeries(organiser=request.user)
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        save_series(form.save(commit=False), members=form.cleaned_data["members"], by=request.user)
        messages.success(request, _("The series is saved."))
        return redirect("meetings:series_list")
    return _form_page(request, "meetings/series_form.html", {"series": series if pk else None}, form)


@login_required
@require_POST
def series_plan_year(request, pk: int):
    if not request.user.has_perm("meetings.manage_series"):
        raise PermissionDenied
    series = get_object_or_404(MeetingSeries, pk=pk)
    form = PlanYearForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": " ".join(form.errors["year"])}, status=400)
    created = plan_year(series, form.cleaned_data["year"], by=request.user)
    messages.success(
        request,
        ngettext("%(count)d meeting planned.", "%(count)d meetings planned.", len(created)) % {"count": len(created)},
    )
    return redirect("meetings:list")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not request.user.has_perm("meetings.add_meeting"):
        raise PermissionDenied
    serie = request.GET.get("serie", "")
    series = MeetingSeries.objects.filter(pk=int(serie)).first() if serie.isdigit() else None
    initial = {"series": series, "title": series.name, "place": series.place, "visibility": series.visibility} if series else {}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.organiser = request.user
        create_meeting(meeting, by=request.user)
        messages.success(request, _("The meeting is created. Add the agenda and the participants, then send the notice."))
        return redirect(meeting)
    return _form_page(request, "meetings/meeting_form.html", {"meeting": None}, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        if update_meeting(form.save(commit=False), changed=form.changed_data, by=request.user):
            messages.success(request, _("The meeting is saved, and the participants are sent the updated calendar entry."))
        else:
            messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    return _form_page(request, "meetings/meeting_form.html", {"meeting": meeting}, form)


@login_required
@require_POST
@conflict_as_409
def meeting_send(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    count = send_invitations(meeting, by=request.user)
    messages.success(
        request,
        ngettext("The notice is sent to %(count)d participant.", "The notice is sent to %(count)d participants.", count)
        % {"count": count},
    )
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def meeting_cancel(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    if request.method == "POST":
        cancel_meeting(meeting, by=request.user)
        messages.success(request, _("The meeting is cancelled."))
        return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting})


@login_required
@require_POST
@conflict_as_409
def meeting_held(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    mark_held(meeting, by=request.user)
    return redirect("meetings:minutes_edit", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    form = ParticipantForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant, created = add_participant(
            meeting, by=request.user, user=data["user"], email=data["email"], name=data["name"]
        )
        if created:
            messages.success(request, _("%(name)s is added.") % {"name": participant})
        else:
            messages.info(request, _("%(name)s was already invited.") % {"name": participant})
        return redirect("meetings:participants", pk=meeting.pk)
    return _form_page(
        request, "meetings/participants.html", {"meeting": meeting, "participants": meeting.participants.all()}, form
    )


@login_required
@require_POST
def participant_remove(request, pk: int, participant_pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    participant = get_object_or_404(meeting.participants, pk=participant_pk)
    remove_participant(participant, by=request.user)
    messages.success(request, _("%(name)s is removed.") % {"name": participant})
    return redirect("meetings:participants", pk=meeting.pk)


# --- The agenda: items, proposals, documents ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def item_form(request, pk: int, item_pk: int | None = None):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    item = get_object_or_404(meeting.agenda, pk=item_pk) if item_pk else None
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        if item is None:
            add_agenda_item(meeting, by=request.user, businesses=form.cleaned_data["businesses"], **fields)
        else:
            update_agenda_item(
                form.save(commit=False),
                by=request.user,
                businesses=form.cleaned_data["businesses"],
                changed=form.changed_data,
            )
        messages.success(request, _("The agenda item is saved."))
        return redirect(meeting)
    return _form_page(request, "meetings/item_form.html", {"meeting": meeting, "item": item}, form)


@login_required
@require_POST
@conflict_as_409
def item_delete(request, pk: int, item_pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    item = get_object_or_404(meeting.agenda, pk=item_pk)
    delete_agenda_item(item, by=request.user)
    messages.success(request, _("The agenda item is removed."))
    return redirect(meeting)


@login_required
@require_POST
@conflict_as_409
def item_move(request, pk: int, item_pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    item = get_object_or_404(meeting.agenda, pk=item_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return render(request, "400.html", {"reason": _("Move the item up or down.")}, status=400)
    move_agenda_item(item, up=direction == "up", by=request.user)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def propose(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.propose_item")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        propose_item(
            meeting,
            by=request.user,
            businesses=data["businesses"],
            title=data["title"],
            description=data["description"],
            duration_minutes=data["duration_minutes"],
        )
        messages.success(request, _("Thank you. The organiser will accept, edit or decline your proposal."))
        return redirect(meeting)
    own = meeting.proposals.filter(proposed_by=request.user)
    return _form_page(request, "meetings/propose.html", {"meeting": meeting, "own_proposals": own}, form)


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(ItemProposal.objects.select_related("meeting", "proposed_by"), pk=pk)
    meeting = _meeting_for(request, proposal.meeting_id, "meetings.change_meeting")
    initial = {
        **model_to_dict(proposal, fields=["title", "description", "duration_minutes"]),
        "presenter": str(proposal.proposed_by),
    }
    initial["businesses"] = proposal.businesses.all()
    form = ProposalDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.decision == "accept":
            accept_proposal(
                proposal,
                by=request.user,
                businesses=data["businesses"],
                presenter=data["presenter"],
                title=data["title"],
                description=data["description"],
                duration_minutes=data["duration_minutes"],
                response=data["response"],
            )
            messages.success(request, _("The proposal is on the agenda."))
        else:
            decline_proposal(proposal, by=request.user, response=data["response"])
            messages.success(request, _("The proposal is declined, and the proposer is told why."))
        return redirect(meeting)
    return _form_page(request, "meetings/proposal_decide.html", {"meeting": meeting, "proposal": proposal}, form)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        add_document(meeting, upload=data["file"], title=data["title"], agenda_item=data["agenda_item"], by=request.user)
        messages.success(request, _("The document is attached."))
        return redirect(meeting)
    return _form_page(request, "meetings/document_form.html", {"meeting": meeting}, form)


def document_download(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("agenda_item"), pk=pk)
    meeting = _meeting_for(request, document.meeting_id)
    if document.agenda_item and document.agenda_item.internal and not request.user.has_perm("meetings.view_internal", meeting):
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename, content_type=document.content_type
    )


@login_required
@require_POST
def document_delete(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    meeting = _meeting_for(request, document.meeting_id, "meetings.change_meeting")
    delete_document(document, by=request.user)
    messages.success(request, _("The document is removed."))
    return redirect(meeting)


# --- Minutes and action points ------------------------------------------------------------------


def minutes(request, pk: int):
    """The minutes: published ones of public meetings for anyone; drafts and internal items for the meeting's circle."""
    meeting = _meeting_for(request, pk)
    inner_circle = request.user.has_perm("meetings.view_internal", meeting)
    published = meeting.state == Meeting.State.MINUTES_PUBLISHED
    if not published and not (inner_circle and meeting.state == Meeting.State.HELD):
        raise Http404
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "agenda": agenda_for(meeting, inner_circle=inner_circle).prefetch_related("businesses"),
            "action_points": action_points_for(meeting, inner_circle=inner_circle),
            "attendees": meeting.participants.filter(attended=True),
            "absent": meeting.participants.filter(attended=False),
            "draft": not published,
            "can_change": request.user.has_perm("meetings.change_meeting", meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def minutes_edit(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    check_minutes_open(meeting)
    form = MinutesForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        attended, items = form.minutes()
        record_minutes(meeting, attended_ids=attended, items=items, by=request.user)
        if request.POST.get("publish") == "1":
            publish_minutes(meeting, by=request.user)
            messages.success(request, _("The minutes are saved and published."))
            return redirect("meetings:minutes", pk=meeting.pk)
        messages.success(request, _("The minutes are saved."))
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    action_points = meeting.action_points.select_related("owner")
    return _form_page(request, "meetings/minutes_form.html", {"meeting": meeting, "action_points": action_points}, form)


@login_required
@require_POST
def minutes_withdraw(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    withdraw_minutes(meeting, by=request.user)
    messages.success(request, _("The minutes are withdrawn and can be corrected."))
    return redirect("meetings:minutes_edit", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def action_point_create(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    form = ActionPointForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        add_action_point(meeting, by=request.user, businesses=data.pop("businesses"), **data)
        messages.success(request, _("The action point is added."))
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    return _form_page(request, "meetings/action_point_form.html", {"meeting": meeting}, form)


@login_required
@require_http_methods(["GET", "POST"])
def action_point_update(request, pk: int):
    point = get_object_or_404(ActionPoint.objects.select_related("meeting", "owner"), pk=pk)
    _meeting_for(request, point.meeting_id)
    if not request.user.has_perm("meetings.change_action_point", point):
        raise PermissionDenied
    form = ActionPointStatusForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update_action_point(
            ActionPoint.objects.get(pk=point.pk), status=data["status"], status_note=data["status_note"], by=request.user
        )
        messages.success(request, _("The action point is updated."))
        return redirect("meetings:my_action_points")
    return _form_page(request, "meetings/action_point_update.html", {"point": point}, form)


@login_required
def my_action_points(request):
    """The action points the user owns; officers and the chief executive's office see every open one."""
    everyone = request.user.has_perm("meetings.manage_series")
    points = assigned_action_points(request.user, everyone=everyone)
    return render(
        request,
        "meetings/action_points.html",
        {
            "open_points": points.exclude(status=ActionPoint.Status.DONE),
            "done_points": points.filter(status=ActionPoint.Status.DONE)[:20],
            "everyone": everyone,
        },
    )


# --- Each user's private calendar feed ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """The address of the user's private feed. Reading the page writes nothing: the address is made by a POST."""
    feed = calendar_feed_of(request.user)
    if request.method == "POST":
        feed_token(request.user, renew=True)
        if feed is None:
            messages.success(request, _("Your calendar address is made."))
        else:
            messages.success(request, _("A new address is made. The old one no longer works."))
        return redirect("meetings:calendar")
    url = request.build_absolute_uri(reverse("meetings:private_feed", kwargs={"token": feed.token})) if feed else None
    return render(request, "meetings/calendar.html", {"feed_url": url})


def private_feed(request, token: str):
    """The user's own meetings (invited, organising, or in a series they belong to), by the secret URL."""
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    response = _ics_response(
        calendar_file([(m, request.build_absolute_uri(m.get_absolute_url())) for m in own_meetings(user)]),
        "mine-moter.ics",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The stored PDFs: notice, minutes and public minutes -----------------------------------------

PDF_FILE_NAMES = {
    MeetingPdf.Kind.NOTICE: "innkalling",
    MeetingPdf.Kind.MINUTES: "referat-fullstendig",
    MeetingPdf.Kind.PUBLIC_MINUTES: "referat",
}
PDF_URL_NAMES = {
    MeetingPdf.Kind.NOTICE: "meetings:notice_pdf",
    MeetingPdf.Kind.MINUTES: "meetings:full_minutes_pdf",
    MeetingPdf.Kind.PUBLIC_MINUTES: "meetings:minutes_pdf",
}


def _pdf_context(request, meeting: Meeting) -> dict:
    """The meeting's PDFs this user may download (notice first), for templates/meetings/includes/pdfs.html."""
    order = list(MeetingPdf.Kind.values)
    pdfs = sorted(
        (pdf for pdf in meeting.pdfs.all() if request.user.has_perm(f"meetings.view_{pdf.kind}_pdf", meeting)),
        key=lambda pdf: order.index(pdf.kind),
    )
    for pdf in pdfs:
        pdf.download_url = reverse(PDF_URL_NAMES[pdf.kind], kwargs={"pk": meeting.pk})
    return {
        "pdfs": pdfs,
        "pdfs_pending": any(pdf.status == MeetingPdf.Status.PENDING for pdf in pdfs),
        "can_make_pdfs": request.user.has_perm("meetings.change_meeting", meeting),
    }


def _pdf_download(request, pk: int, kind: str) -> FileResponse:
    meeting = _meeting_for(request, pk, f"meetings.view_{kind}_pdf")
    pdf = meeting.pdfs.filter(kind=kind, status=MeetingPdf.Status.READY).exclude(file="").first()
    if pdf is None:
        raise Http404
    filename = f"{PDF_FILE_NAMES[kind]}-{timezone.localdate(meeting.starts_at):%Y-%m-%d}.pdf"
    return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")


def notice_pdf(request, pk: int):
    return _pdf_download(request, pk, MeetingPdf.Kind.NOTICE)


def minutes_pdf(request, pk: int):
    """The public minutes: for anyone once a public meeting's minutes are published, at a stable address."""
    return _pdf_download(request, pk, MeetingPdf.Kind.PUBLIC_MINUTES)


def full_minutes_pdf(request, pk: int):
    """The full minutes, internal items and action points included: for the meeting's circle."""
    return _pdf_download(request, pk, MeetingPdf.Kind.MINUTES)


def pdf_status(request, pk: int):
    """The PDF list of the meeting page, polled by htmx while one is being made."""
    meeting = _meeting_for(request, pk)
    return render(request, "meetings/includes/pdfs.html#pdfs", {"meeting": meeting, **_pdf_context(request, meeting)})


@login_required
@require_POST
def make_pdfs(request, pk: int):
    meeting = _meeting_for(request, pk, "meetings.change_meeting")
    if schedule_pdfs(meeting):
        messages.success(request, _("The PDFs are being made."))
    else:
        messages.info(request, _("A cancelled meeting has no PDFs."))
    return redirect(meeting.get_absolute_url() + "#pdfs-heading")
