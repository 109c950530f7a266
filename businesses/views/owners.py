"""Business owners: claims, the business's own profile, meeting requests."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView
from django_filters.views import FilterView

from businesses.filters.owners import MeetingRequestFilter
from businesses.forms.owners import (
    AcceptTimeForm,
    BusinessProfileForm,
    ClaimForm,
    CloseRequestForm,
    ContactPersonFormSet,
    MeetingRequestForm,
    OfferTimesForm,
    RejectClaimForm,
    contact_persons_from,
)
from businesses.models import Business, BusinessClaim, BusinessProfile, DecisionState, MeetingRequest
from businesses.queries import visible_meeting_requests
from businesses.rules import is_team
from businesses.services import owners as services
from businesses.services.owners import OwnerStateError


def _status(request, *forms) -> int:
    """400 when a submitted form has errors, so bad input never looks like success."""
    return 400 if request.method == "POST" and any(form.errors for form in forms) else 200


def refused_as_409(view):
    """A view whose service may refuse with OwnerStateError: the reason and 409 Conflict; nothing is saved."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OwnerStateError as error:
            return render(request, "businesses/owners/not_now.html", {"reason": str(error)}, status=409)

    return wrapper


def _business_for(request, orgnr: str, permission: str) -> Business:
    business = get_object_or_404(Business, orgnr=orgnr)
    if not request.user.has_perm(permission, business):
        raise PermissionDenied
    return business


# --- Claims -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refused_as_409
def claim_business(request):
    """/bedrifter/krav/: a logged-in user asks to represent a business (?orgnr= fills in the number)."""
    initial = {"orgnr": request.GET.get("orgnr", "")[:20]}
    form = ClaimForm(request.POST if request.method == "POST" else None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.claim_business(form.business, by=request.user, title=data["title"], message=data["message"])
        messages.success(
            request,
            _("Thank you. An officer will check your claim to represent %(business)s, and you are told by e-mail.")
            % {"business": form.business.name},
        )
        return redirect(form.business)
    return render(request, "businesses/owners/claim_form.html", {"form": form}, status=_status(request, form))


class ClaimListView(LoginRequiredMixin, ListView):
    """/bedrifter/krav/behandle/: the claims, pending first, for the officers to approve or reject."""

    template_name = "businesses/owners/claim_list.html"
    context_object_name = "claims"
    paginate_by = 50
    # Pending first (oldest first, as a queue), then the decided ones, latest decision first.
    queryset = (
        BusinessClaim.objects.select_related("business", "user", "decided_by")
        .annotate(pending=Case(When(state=DecisionState.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("pending", "-decided_at", "created", "pk")
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("businesses.decide_claims"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = getattr(self, "bound_form", None)
        for claim in context["claims"]:
            if claim.state == DecisionState.PENDING:
                form = bound if bound is not None and bound.prefix == f"reject-{claim.pk}" else None
                claim.reject_form = form or RejectClaimForm(prefix=f"reject-{claim.pk}")
        context["bound_form"] = bound
        return context


def _decidable_claim(request, pk: int) -> BusinessClaim:
    if not request.user.has_perm("businesses.decide_claims"):
        raise PermissionDenied
    return get_object_or_404(BusinessClaim.objects.select_related("business", "user"), pk=pk)


@login_required
@require_POST
@refused_as_409
def approve_claim(request, pk: int):
    claim = _decidable_claim(request, pk)
    if services.approve_claim(claim, by=request.user):
        messages.success(
            request, _("%(user)s now represents %(business)s.") % {"user": claim.user, "business": claim.business.name}
        )
    return redirect("businesses:claims")


@login_required
@require_POST
@refused_as_409
def reject_claim(request, pk: int):
    claim = _decidable_claim(request, pk)
    form = RejectClaimForm(request.POST, prefix=f"reject-{pk}")
    if not form.is_valid():
        view = ClaimListView()
        view.setup(request)
        view.bound_form = form
        view.object_list = view.get_queryset()
        response = render(request, view.template_name, view.get_context_data(), status=400)
        return response
    if services.reject_claim(claim, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, _("The claim is rejected, and %(user)s is told why.") % {"user": claim.user})
    return redirect("businesses:claims")


# --- The business's own profile -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, orgnr: str):
    """/bedrifter/<orgnr>/profil/: the business's description, needs, website and contact persons."""
    business = _business_for(request, orgnr, "businesses.edit_business_profile")
    profile = BusinessProfile.objects.filter(business=business).first() or BusinessProfile(business=business)
    data = request.POST if request.method == "POST" else None
    form = BusinessProfileForm(data, instance=profile)
    formset = ContactPersonFormSet(data, instance=profile, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.save_business_profile(
            business,
            by=request.user,
            description=form.cleaned_data["description"],
            needs=form.cleaned_data["needs"],
            website=form.cleaned_data["website"],
            contact_persons=contact_persons_from(formset),
        )
        messages.success(request, _("The profile is saved."))
        return redirect(business)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "businesses/owners/profile_form.html", {"business": business, "form": form, "formset": formset}, status=status
    )


# --- Meeting requests ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_meeting(request, orgnr: str):
    """/bedrifter/<orgnr>/mote/: a representative asks the adviser for the topic for a meeting."""
    business = _business_for(request, orgnr, "businesses.request_meeting")
    form = MeetingRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting_request = services.request_meeting(
            business, by=request.user, topic=form.cleaned_data["topic"], message=form.cleaned_data["message"]
        )
        messages.success(request, _("Your request is sent. The adviser offers you times by e-mail."))
        return redirect("businesses:meeting_request_detail", pk=meeting_request.pk)
    return render(
        request,
        "businesses/owners/meeting_request_form.html",
        {"business": business, "form": form},
        status=_status(request, form),
    )


class MeetingRequestListView(LoginRequiredMixin, FilterView):
    """/bedrifter/motebestillinger/: the team sees every request, a representative their businesses' requests."""

    filterset_class = MeetingRequestFilter
    template_name = "businesses/owners/meeting_request_list.html"
    context_object_name = "meeting_requests"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("businesses.view_meeting_requests"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return visible_meeting_requests(self.request.user).order_by("-created", "-pk")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), is_team=is_team(self.request.user), **kwargs)


def _meeting_request_for(request, pk: int) -> MeetingRequest:
    return get_object_or_404(visible_meeting_requests(request.user), pk=pk)


def _detail_page(request, meeting_request: MeetingRequest, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    answers = user.has_perm("businesses.answer_meeting_requests")
    is_requester = meeting_request.requested_by_id == user.pk
    waiting = meeting_request.state in services.OPEN_STATES
    offered = meeting_request.state == MeetingRequest.State.OFFERED
    context = {
        "meeting_request": meeting_request,
        "offered_times": list(meeting_request.offered_times.all()),
        "state_help": services.STATE_HELP.get(meeting_request.state, ""),
        "offer_form": forms.get("offer_form") or (OfferTimesForm() if answers and waiting else None),
        "accept_form": forms.get("accept_form")
        or (AcceptTimeForm(meeting_request=meeting_request) if is_requester and offered else None),
        "close_form": forms.get("close_form") or (CloseRequestForm() if waiting else None),
        "answers": answers,
    }
    return render(request, "businesses/owners/meeting_request_detail.html", context, status=status)


@login_required
def meeting_request_detail(request, pk: int):
    return _detail_page(request, _meeting_request_for(request, pk))


@login_required
@require_POST
@refused_as_409
def offer_times(request, pk: int):
    meeting_request = _meeting_request_for(request, pk)
    if not request.user.has_perm("businesses.answer_meeting_requests"):
        raise PermissionDenied
    form = OfferTimesForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, meeting_request, status=400, offer_form=form)
    services.offer_times(meeting_request, by=request.user, times=form.slots)
    messages.success(
        request, _("The times are offered, and %(user)s is told by e-mail.") % {"user": meeting_request.requested_by}
    )
    return redirect("businesses:meeting_request_detail", pk=meeting_request.pk)


@login_required
@require_POST
@refused_as_409
def accept_time(request, pk: int):
    meeting_request = _meeting_request_for(request, pk)
    if meeting_request.requested_by_id != request.user.pk:
        raise PermissionDenied
    if meeting_request.state != MeetingRequest.State.OFFERED:
        raise OwnerStateError(_("The request is not waiting for an answer to offered times."))
    form = AcceptTimeForm(request.POST, meeting_request=meeting_request)
    if not form.is_valid():
        return _detail_page(request, meeting_request, status=400, accept_form=form)
    meeting = services.accept_offered_time(meeting_request, form.cleaned_data["offered_time"], by=request.user)
    messages.success(request, _("The meeting is booked. You and the adviser are sent the invitation with a calendar entry."))
    return redirect(meeting)


@login_required
@require_POST
@refused_as_409
def close_meeting_request(request, pk: int):
    meeting_request = _meeting_request_for(request, pk)
    form = CloseRequestForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, meeting_request, status=400, close_form=form)
    if services.close_meeting_request(meeting_request, by=request.user, message=form.cleaned_data["message"]):
        messages.success(request, _("The request is closed, and the other side is told by e-mail."))
    return redirect("businesses:meeting_request_detail", pk=meeting_request.pk)


# --- The panel on the business's page -------------------------------------------------------------


def detail_panel(request, business) -> dict:
    """What this part shows on /bedrifter/<orgnr>/ to request.user ({}: nothing).

    The team and the business's representatives see its profile; a representative may ask for a
    meeting; any other logged-in user is offered to claim the business. At most four queries.
    """
    user = request.user
    if not user.is_authenticated:
        return {}
    # The business page reads both with the business (see registry.business_detail); other callers pay a query each.
    represents = getattr(business, "user_represents", None)
    if represents is None:
        represents = business.representatives.filter(user=user).exists()
    if not (represents or is_team(user)):
        pending = business.claims.filter(user=user, state=DecisionState.PENDING).exists()
        return {"claim_url": reverse("businesses:claim") + "?" + urlencode({"orgnr": business.orgnr}), "pending_claim": pending}
    try:
        profile = business.profile
    except BusinessProfile.DoesNotExist:
        profile = None
    return {
        "profile": profile,
        "contact_persons": list(profile.contact_persons.all()) if profile else [],
        "edit_url": reverse("businesses:profile", kwargs={"orgnr": business.orgnr}),
        "meeting_url": reverse("businesses:meeting_request", kwargs={"orgnr": business.orgnr}) if represents else "",
        "represents": represents,
    }
