import datetime

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings.forms import AnswerForm
from meetings.models import Meeting, Visibility
from meetings.queries import visible_meetings
from meetings.services.calendar import calendar_file
from meetings.services.planning import participant_for_token, record_answer

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
    agenda = meeting.agenda.prefetch_related("businesses")
    participants = meeting.participants.all() if request.user.has_perm("meetings.view_participants", meeting) else None
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, "agenda": agenda, "participants": participants, "show_online_link": show_link},
    )


def meeting_ics(request, pk: int):
    meeting = get_object_or_404(visible_meetings(request.user), pk=pk)
    return _ics_response(
        calendar_file([(meeting, request.build_absolute_uri(meeting.get_absolute_url()))]), f"mote-{meeting.pk}.ics"
    )


def public_feed(request):
    """Every public meeting, as a calendar to subscribe to."""
    meetings = Meeting.objects.filter(visibility=Visibility.PUBLIC).select_related("organiser").order_by("starts_at")
    return _ics_response(
        calendar_file([(m, request.build_absolute_uri(m.get_absolute_url())) for m in meetings]), "dialogmoter.ics"
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


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
