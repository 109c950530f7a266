"""Status rounds: opening, the reporters' forms, the round page and approval, the plan page's panel."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal.rules import is_chief_executive, is_council_member
from strategies.forms.rounds import ApproveRoundForm, OpenRoundForm, ReportForm
from strategies.models import Plan, StatusReport, StatusRound
from strategies.queries import open_reports_for, visible_plans
from strategies.services.rounds import (
    RoundError,
    group_reports,
    round_counts,
    round_reports,
    submit_report,
)
from strategies.services.rounds import (
    approve_round as approve_round_service,
)
from strategies.services.rounds import (
    open_round as open_round_service,
)


def conflict_as_409(view):
    """A view whose service may refuse with RoundError: the reason, a link back, and 409 Conflict."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RoundError as error:
            context = {"reason": str(error), "status_round": error.status_round, "plan": error.plan}
            return render(request, "strategies/rounds/not_now.html", context, status=409)

    return wrapper


def reads_whole_round(user) -> bool:
    """The team, the chief executive's office and the business council read every report of a round."""
    return user.has_perm("strategies.manage_plans") or is_chief_executive(user) or is_council_member(user)


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def open_round(request, pk: int):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if not request.user.has_perm("strategies.manage_plans"):
        raise PermissionDenied
    if plan.state != Plan.State.ADOPTED:
        raise RoundError(_("Status rounds can only be opened on an adopted plan."), plan=plan)
    form = OpenRoundForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        status_round = open_round_service(plan, by=request.user, **form.cleaned_data)
        count = status_round.reports.count()
        messages.success(
            request,
            ngettext(
                "The status round is open: %(count)d measure is asked for its status, and the reporters are told by e-mail.",
                "The status round is open: %(count)d measures are asked for their status, and the reporters are told by e-mail.",
                count,
            )
            % {"count": count},
        )
        return redirect(status_round)
    status = 400 if request.method == "POST" else 200
    return render(request, "strategies/rounds/open.html", {"plan": plan, "form": form}, status=status)


def _round_for(request, pk: int) -> tuple[StatusRound, bool]:
    """The round and whether the user reads all of it; a reporter reads their own part; others 403."""
    status_round = get_object_or_404(StatusRound.objects.select_related("plan", "approved_by", "opened_by"), pk=pk)
    if reads_whole_round(request.user):
        return status_round, True
    if status_round.reports.filter(reporter=request.user).exists():
        return status_round, False
    raise PermissionDenied


def _round_page(request, status_round: StatusRound, whole: bool, approve_form=None, status: int = 200) -> HttpResponse:
    reports = list(round_reports(status_round, reporter=None if whole else request.user))
    counts = round_counts(status_round)
    may_approve = status_round.state == StatusRound.State.OPEN and request.user.has_perm("strategies.manage_plans")
    if may_approve and approve_form is None:
        approve_form = ApproveRoundForm(missing=counts["missing"])
    return render(
        request,
        "strategies/rounds/detail.html",
        {
            "status_round": status_round,
            "plan": status_round.plan,
            "whole": whole,
            "focus_areas": group_reports(reports),
            "without_reporter": [report for report in reports if report.reporter_id is None] if whole else [],
            "counts": counts,
            "mine": {"total": len(reports), "submitted": sum(1 for report in reports if report.submitted_at)},
            "approve_form": approve_form if may_approve else None,
            "is_open": status_round.state == StatusRound.State.OPEN,
        },
        status=status,
    )


@login_required
def round_detail(request, pk: int):
    status_round, whole = _round_for(request, pk)
    return _round_page(request, status_round, whole)


@login_required
@require_POST
@conflict_as_409
def approve_round(request, pk: int):
    status_round, whole = _round_for(request, pk)
    if not request.user.has_perm("strategies.manage_plans"):
        raise PermissionDenied
    if status_round.state == StatusRound.State.APPROVED:
        messages.info(request, _("The status round is already approved."))
        return redirect(status_round)
    form = ApproveRoundForm(request.POST, missing=round_counts(status_round)["missing"])
    if not form.is_valid():
        return _round_page(request, status_round, whole, approve_form=form, status=400)
    approve_round_service(status_round, by=request.user, allow_missing=form.cleaned_data.get("allow_missing", False))
    messages.success(request, _("The status round is approved and locked. It is now the plan's status report."))
    return redirect(status_round)


@login_required
@require_http_methods(["GET", "POST"])
@conflict_as_409
def edit_report(request, pk: int):
    report = get_object_or_404(
        StatusReport.objects.select_related("status_round__plan", "measure__goal__focus_area", "submitted_by", "reporter"),
        pk=pk,
    )
    if not request.user.has_perm("strategies.report_status", report):
        raise PermissionDenied
    status_round = report.status_round
    locked = status_round.state != StatusRound.State.OPEN
    if locked and request.method == "POST":
        raise RoundError(_("The status round is approved and locked: its reports can no longer be changed."), status_round)
    measure = report.measure
    initial = {
        "state": report.state or measure.state,
        "progress": report.progress if report.progress is not None else measure.progress,
        "comment": report.comment,
    }
    form = None if locked else ReportForm(request.POST or None, initial=initial)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submit_report(report, state=data["state"], progress=data["progress"], comment=data["comment"], by=request.user):
            messages.success(request, _("Your report on %(measure)s is submitted.") % {"measure": measure})
        else:
            messages.info(request, _("Nothing was changed in the report on %(measure)s.") % {"measure": measure})
        # The reporter goes back to their list; the team to the round.
        return redirect("strategies:my_reports") if report.reporter_id == request.user.pk else redirect(status_round)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "strategies/rounds/report.html",
        {"report": report, "measure": measure, "status_round": status_round, "plan": status_round.plan, "form": form},
        status=status,
    )


@login_required
def my_reports(request):
    """/strategi/mine-tiltak/: the user's reports in open rounds, missing ones first within each round."""
    reports = list(open_reports_for(request.user))
    rounds: list[dict] = []
    for report in reports:
        if not rounds or rounds[-1]["status_round"].pk != report.status_round_id:
            rounds.append({"status_round": report.status_round, "reports": []})
        rounds[-1]["reports"].append(report)
    for entry in rounds:
        entry["missing"] = sum(1 for report in entry["reports"] if not report.submitted_at)
    return render(request, "strategies/rounds/my_reports.html", {"rounds": rounds})


def panel(request, plan) -> dict:
    """The plan page's section: the open round with its counts, and the approved rounds. Two queries."""
    rounds = list(StatusRound.objects.filter(plan=plan).order_by("-period_end", "-pk").annotate(**_report_counts()))
    open_rounds = [status_round for status_round in rounds if status_round.state == StatusRound.State.OPEN]
    user = request.user
    return {
        "open_round": open_rounds[0] if open_rounds else None,
        "approved": [status_round for status_round in rounds if status_round.state == StatusRound.State.APPROVED],
        "can_open": user.is_authenticated
        and plan.state == Plan.State.ADOPTED
        and not open_rounds
        and user.has_perm("strategies.manage_plans"),
        "can_read": user.is_authenticated and reads_whole_round(user),
    }


def _report_counts() -> dict:
    return {
        "report_total": Count("reports"),
        "report_submitted": Count("reports", filter=Q(reports__submitted_at__isnull=False)),
    }
