"""Consultations (høring): publishing, responses, receipts, follow-up."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from businesses.models import Business
from portal.ratelimit import client_ip
from strategies.filters.consultations import ConsultationFilter
from strategies.forms.consultations import (
    ConsultationForm,
    FollowUpFormSet,
    HandlingForm,
    ResponseForm,
    measure_choices,
    point_formset,
)
from strategies.models import Consultation, ConsultationResponse, Plan
from strategies.queries import (
    plan_consultations,
    visible_consultations,
    visible_plans,
    visible_response_attachments,
    visible_responses,
)
from strategies.services import consultations as services

RECEIPT_SESSION_KEY = "consultation_receipt"


def _team(request) -> bool:
    return request.user.has_perm("strategies.manage_plans")


def state_conflict_as_409(view):
    """A service that refuses for the consultation's state: the reason and a link back, with 409 Conflict."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.ConsultationStateError as error:
            context = {"reason": str(error), "consultation": error.consultation, "plan": error.plan}
            return render(request, "strategies/consultations/not_now.html", context, status=409)

    return wrapper


# --- Public: the list and the consultation page --------------------------------------------------


class ConsultationListView(FilterView):
    """/strategi/horinger/: open consultations first (by deadline), then closed ones (latest first)."""

    filterset_class = ConsultationFilter
    template_name = "strategies/consultations/list.html"

    def get_queryset(self):
        return visible_consultations(self.request.user).order_by("-is_open", "deadline", "-pk")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        context["open_consultations"] = [c for c in rows if c.is_open]
        # Closed: the latest deadline first.
        context["closed_consultations"] = sorted((c for c in rows if not c.is_open), key=lambda c: c.deadline, reverse=True)
        return context


def consultation_detail(request, pk: int):
    consultation = get_object_or_404(visible_consultations(request.user), pk=pk)
    team = _team(request)
    # The public sees the responses once the deadline has passed; the team always. Exempt ones are listed
    # to the public without their sender or content.
    show_responses = team or not consultation.is_open
    responses = (
        consultation.responses.only(
            "pk", "consultation_id", "reference", "organisation", "submitted_at", "exempt", "exemption_basis"
        )
        .annotate(point_count=Count("points"))
        .order_by("submitted_at", "pk")
        if show_responses
        else None
    )
    return render(
        request,
        "strategies/consultations/detail.html",
        {"consultation": consultation, "plan": consultation.plan, "team": team, "responses": responses},
    )


# --- The team: publishing and changing -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@state_conflict_as_409
def add_consultation(request, pk: int):
    """/strategi/<pk>/horinger/ny/: put the draft plan (or action programme) out for consultation."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if not _team(request):
        raise PermissionDenied
    if plan.state not in (Plan.State.DRAFT, Plan.State.CONSULTATION):
        raise services.ConsultationStateError(_("Only a draft can be put out for consultation."), plan=plan)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultation = services.publish_consultation(plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("The consultation is published. Responses can be sent until the deadline."))
        return redirect(consultation)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "strategies/consultations/form.html", {"form": form, "plan": plan, "consultation": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
@state_conflict_as_409
def edit_consultation(request, pk: int):
    consultation = get_object_or_404(visible_consultations(request.user), pk=pk)
    if not _team(request):
        raise PermissionDenied
    if not consultation.is_open:
        raise services.ConsultationStateError(
            _("The deadline has passed, so the consultation can no longer be changed."), consultation
        )
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        services.update_consultation(consultation, by=request.user, **form.cleaned_data)
        messages.success(request, _("The consultation is saved."))
        return redirect(consultation)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "plan": consultation.plan, "consultation": consultation}
    return render(request, "strategies/consultations/form.html", context, status=status)


# --- Responding ------------------------------------------------------------------------------------------


def _closed_page(request, consultation: Consultation) -> HttpResponse:
    return render(request, "strategies/consultations/closed.html", {"consultation": consultation}, status=410)


@require_http_methods(["GET", "POST"])
def submit_response(request, pk: int):
    """/strategi/horinger/<pk>/svar/: anyone may respond, logged in or not, until the deadline."""
    consultation = get_object_or_404(visible_consultations(request.user), pk=pk)
    if not consultation.is_open:
        return _closed_page(request, consultation)
    user = request.user
    initial = {"contact_person": user.name, "email": user.email} if user.is_authenticated else {}
    data = request.POST if request.method == "POST" else None
    form = ResponseForm(data, request.FILES or None, initial=initial)
    points = point_formset(consultation.plan, data)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() & points.is_valid():
            values = form.cleaned_data
            if services.response_rate_limited(email=values["email"], client_ip=client_ip(request)):
                form.add_error(None, _("You have sent many responses in a short time. Wait an hour and try again, or call us."))
                status = 429
            else:
                try:
                    response = services.submit_response(
                        consultation,
                        by=user,
                        organisation=values["organisation"],
                        orgnr=values["orgnr"],
                        address=values["address"],
                        contact_person=values["contact_person"],
                        email=values["email"],
                        phone=values["phone"],
                        text=values["text"],
                        points=points.points(),
                        uploads=values["attachments"],
                        language=get_language() or "nb",
                        client_ip=client_ip(request),
                    )
                except services.ConsultationStateError:
                    return _closed_page(request, consultation)
                # The receipt page reads the reference from the session, so no one can read another's receipt.
                request.session[RECEIPT_SESSION_KEY] = response.pk
                return redirect("strategies:response_received")
    context = {"consultation": consultation, "form": form, "points": points}
    return render(request, "strategies/consultations/response_form.html", context, status=status)


def response_received(request):
    """The receipt on screen: the reference of the response this browser just sent."""
    pk = request.session.get(RECEIPT_SESSION_KEY)
    response = ConsultationResponse.objects.select_related("consultation").filter(pk=pk).first() if pk else None
    if response is None:
        return redirect("strategies:consultations")
    return render(request, "strategies/consultations/received.html", {"response": response})


# --- A response: reading and handling -----------------------------------------------------------------


def _response_page(request, response, *, status=200, **context):
    team = _team(request)
    business = Business.objects.filter(orgnr=response.orgnr).only("orgnr", "name").first() if response.orgnr else None
    return render(
        request,
        "strategies/consultations/response_detail.html",
        {
            "response": response,
            "consultation": response.consultation,
            "points": response.points.select_related("measure", "followed_up_by"),
            "attachments": response.attachments.all(),
            "business": business,
            "team": team,
            **context,
        },
        status=status,
    )


def response_detail(request, pk: int):
    """The team sees every response; the public a response after the deadline unless it is exempt (else 404)."""
    response = get_object_or_404(visible_responses(request.user), pk=pk)
    return _response_page(request, response)


@login_required
@require_http_methods(["GET", "POST"])
def handle_response(request, pk: int):
    """The team: exempt the response (with the legal basis) and record how each point was followed up."""
    if not _team(request):
        raise PermissionDenied
    response = get_object_or_404(visible_responses(request.user), pk=pk)
    data = request.POST if request.method == "POST" else None
    form = HandlingForm(data, instance=response, prefix="handling")
    measures = measure_choices(response.consultation.plan_id)
    follow_ups = FollowUpFormSet(
        data, queryset=response.points.order_by("position", "pk"), prefix="points", form_kwargs={"measures": measures}
    )
    if request.method == "POST" and form.is_valid() & follow_ups.is_valid():
        changes = services.handle_response(
            response,
            by=request.user,
            exempt=form.cleaned_data["exempt"],
            basis=form.cleaned_data["exemption_basis"],
            follow_ups=[(f.instance, f.cleaned_data["follow_up"], f.cleaned_data["measure"]) for f in follow_ups.forms],
        )
        messages.success(request, _("The handling is saved.") if changes else _("Nothing was changed."))
        return redirect("strategies:response", pk=response.pk)
    if request.method == "POST":
        response.refresh_from_db(fields=["exempt", "exemption_basis"])  # the form changed the instance in memory
    status = 400 if request.method == "POST" else 200
    context = {"response": response, "consultation": response.consultation, "form": form, "follow_ups": follow_ups}
    return render(request, "strategies/consultations/handle.html", context, status=status)


def download_attachment(request, pk: int, attachment: int):
    """An attachment through the same rule as its response: an exempt response's files only to the team."""
    found = get_object_or_404(visible_response_attachments(request.user), pk=attachment, response_id=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename, content_type=found.content_type)


# --- The plan page's section ----------------------------------------------------------------------------


def panel(request, plan) -> dict:
    """The plan's consultations (open or closed, deadline, number of responses): one query."""
    return {
        "consultations": list(plan_consultations(plan, request.user)),
        "can_add": _team(request) and plan.state in (Plan.State.DRAFT, Plan.State.CONSULTATION),
        "plan": plan,
    }
