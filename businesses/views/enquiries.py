"""Enquiries: the public form, the receipt, the officers' list and answers, the sender's view."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_filters.views import FilterView

from businesses.filters.enquiries import EnquiryFilter
from businesses.forms.enquiries import CONSENT_TEXT, AnswerForm, AssignForm, EnquiryForm, ReplyForm
from businesses.models import Enquiry, Topic
from businesses.queries import visible_enquiries
from businesses.rules import sent_enquiry
from businesses.services import enquiries as services
from portal.pagination import CappedCountPaginator
from portal.ratelimit import client_ip

RECEIPT_SESSION_KEY = "enquiry_receipt"


@require_http_methods(["GET", "POST"])
def send_enquiry(request):
    """/kontakt/henvendelse/: anyone may write to the business team, logged in or not."""
    user = request.user
    initial = {"name": user.name, "email": user.email} if user.is_authenticated else {}
    if request.GET.get("topic") in Topic.values:  # "Ask us about it" on a catalogue entry
        initial["topic"] = request.GET["topic"]
    form = EnquiryForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if services.enquiry_rate_limited(sender_email=data["email"], client_ip=client_ip(request)):
                form.add_error(
                    None,
                    _("You have sent many enquiries in a short time. Wait an hour and try again, or call us."),
                )
                status = 429
            else:
                enquiry = services.submit_enquiry(
                    by=user,
                    topic=data["topic"],
                    business=data["the_business"],
                    sender_name=data["name"],
                    sender_email=data["email"],
                    sender_phone=data["phone"],
                    sender_organisation=data["organisation"],
                    message=data["message"],
                    consent_text=str(CONSENT_TEXT),
                    language=get_language() or "nb",
                    uploads=data["attachments"],
                    client_ip=client_ip(request),
                )
                # The receipt page reads the reference from the session, so no one can read another's receipt.
                request.session[RECEIPT_SESSION_KEY] = enquiry.pk
                return redirect("contact:enquiry_received")
    return render(request, "businesses/enquiries/form.html", {"form": form}, status=status)


def enquiry_received(request):
    """The receipt on screen: the reference of the enquiry this browser just sent."""
    pk = request.session.get(RECEIPT_SESSION_KEY)
    enquiry = Enquiry.objects.filter(pk=pk).first() if pk else None
    if enquiry is None:
        return redirect("contact:enquiry_form")
    return render(request, "businesses/enquiries/received.html", {"enquiry": enquiry})


class EnquiryListView(LoginRequiredMixin, FilterView):
    """/kontakt/henvendelser/: the team sees every enquiry; anyone else their own (and their businesses')."""

    model = Enquiry
    filterset_class = EnquiryFilter
    template_name = "businesses/enquiries/list.html"
    paginate_by = 25
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        return visible_enquiries(self.request.user).select_related("business", "assigned_to").order_by("-created", "-pk")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["handler"] = self.handler
        return kwargs

    def get(self, request, *args, **kwargs):
        self.handler = request.user.has_perm("businesses.handle_enquiries")
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), handler=self.handler, **kwargs)


def _enquiry_for(request, reference: str, permission: str | None = None) -> Enquiry:
    """An enquiry the user may see (404 otherwise) and, if given, holds ``permission`` on (403 otherwise)."""
    queryset = visible_enquiries(request.user).select_related("business", "assigned_to", "user")
    enquiry = get_object_or_404(queryset, reference=reference)
    if permission and not request.user.has_perm(permission, enquiry):
        raise PermissionDenied
    return enquiry


def state_conflict_as_409(view):
    """A service that refuses for the enquiry's state: the reason and a link back, with 409 Conflict."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.EnquiryStateError as error:
            return render(
                request, "businesses/enquiries/not_now.html", {"reason": str(error), "enquiry": error.enquiry}, status=409
            )

    return wrapper


def _detail_page(request, enquiry: Enquiry, *, status: int = 200, **forms) -> HttpResponse:
    handler = request.user.has_perm("businesses.handle_enquiries")
    is_sender = sent_enquiry(request.user, enquiry)
    is_open = enquiry.state != Enquiry.State.CLOSED
    context = {
        "enquiry": enquiry,
        "attachments": enquiry.attachments.all(),
        "thread": enquiry.messages.select_related("author"),
        "handler": handler,
        "answer_form": forms.get("answer_form") or (AnswerForm() if handler and is_open else None),
        "assign_form": forms.get("assign_form")
        or (AssignForm(initial={"adviser": enquiry.assigned_to_id}) if handler and is_open else None),
        "reply_form": forms.get("reply_form") or (ReplyForm() if is_sender and is_open else None),
    }
    return render(request, "businesses/enquiries/detail.html", context, status=status)


@login_required
def enquiry_detail(request, reference: str):
    enquiry = _enquiry_for(request, reference)
    if request.user.has_perm("businesses.handle_enquiries"):
        services.mark_enquiry_opened(enquiry, by=request.user)
    return _detail_page(request, enquiry)


@login_required
@require_POST
@state_conflict_as_409
def answer_enquiry(request, reference: str):
    enquiry = _enquiry_for(request, reference, "businesses.handle_enquiries")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, enquiry, status=400, answer_form=form)
    services.answer_enquiry(enquiry, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("The answer is sent to %(email)s.") % {"email": enquiry.sender_email})
    return redirect("contact:enquiry", reference=enquiry.reference)


@login_required
@require_POST
def assign_enquiry(request, reference: str):
    enquiry = _enquiry_for(request, reference, "businesses.handle_enquiries")
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, enquiry, status=400, assign_form=form)
    adviser = form.cleaned_data["adviser"]
    if services.assign_enquiry(enquiry, to=adviser, by=request.user):
        messages.success(request, _("The enquiry is given to %(name)s.") % {"name": adviser})
    return redirect("contact:enquiry", reference=enquiry.reference)


@login_required
@require_POST
def close_enquiry(request, reference: str):
    enquiry = _enquiry_for(request, reference, "businesses.handle_enquiries")
    if services.close_enquiry(enquiry, by=request.user):
        messages.success(request, _("The enquiry is closed."))
    return redirect("contact:enquiry", reference=enquiry.reference)


@login_required
@require_POST
@state_conflict_as_409
def reply_to_enquiry(request, reference: str):
    """The sender adds a message to their enquiry."""
    enquiry = _enquiry_for(request, reference)
    if not sent_enquiry(request.user, enquiry):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, enquiry, status=400, reply_form=form)
    services.reply_to_enquiry(enquiry, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your message is sent to the business team."))
    return redirect("contact:enquiry", reference=enquiry.reference)


@login_required
def download_attachment(request, reference: str, pk: int):
    enquiry = _enquiry_for(request, reference)
    attachment = get_object_or_404(enquiry.attachments.all(), pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )
