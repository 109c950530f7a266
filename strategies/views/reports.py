"""Reports and exchange: the plan overview and a round's status report as PDF, the measures as a
spreadsheet out (CSV, XLSX) and in (import into a draft plan), and the plan page's panel for them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from strategies.exporters import MeasureExporter
from strategies.forms.reports import MeasureImportForm
from strategies.models import Plan, PlanPdf, StatusRound
from strategies.queries import visible_plans
from strategies.services.reports import schedule_overview_pdf, schedule_round_pdf
from strategies.services.spreadsheet import PlanNotDraft, measures_for_export
from strategies.services.spreadsheet import import_measures as import_sheet


def _file_name(title: str, fallback) -> str:
    """A file name from a title: æ, ø and å written out as ae, o and a, as Norwegian URLs do."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return slugify(title.translate(table))[:60] or str(fallback)


def _plan_for(request, pk: int, permission: str | None = None) -> Plan:
    """A plan the user may read (404 otherwise: a draft is hidden) and, if given, holds ``permission`` on (403)."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if permission and not request.user.has_perm(permission, plan):
        raise PermissionDenied
    return plan


def _round_for(request, pk: int) -> StatusRound:
    """An approved round of a plan the user may read; an open one (its report a draft) for the plan team only."""
    rounds = StatusRound.objects.filter(plan__in=visible_plans(request.user).values("pk")).select_related("plan")
    if not request.user.has_perm("strategies.manage_plans"):
        rounds = rounds.filter(state=StatusRound.State.APPROVED)
    return get_object_or_404(rounds, pk=pk)


# --- PDFs ---------------------------------------------------------------------------------------


def _serve(request, pdf: PlanPdf | None, schedule, *, plan: Plan, filename: str, label: str):
    """The stored file when ready; otherwise the PDF is asked for (if not already being made) and a page
    says it is being made, with a link to try again (202)."""
    if pdf is not None and pdf.status == PlanPdf.Status.READY and pdf.file:
        return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    if pdf is None or pdf.status == PlanPdf.Status.FAILED:
        failed = pdf is not None
        pdf = schedule()
    else:
        failed = False
    response = render(
        request,
        "strategies/reports/pending.html",
        {"plan": plan, "pdf": pdf, "label": label, "failed_before": failed},
        status=202,
    )
    response["Retry-After"] = "5"
    return response


def plan_pdf(request, pk: int):
    """The plan overview as PDF, for anyone who may read the plan."""
    plan = _plan_for(request, pk)
    pdf = plan.pdfs.filter(kind=PlanPdf.Kind.OVERVIEW, status_round__isnull=True).first()
    filename = f"{_file_name(plan.title, plan.pk)}-oversikt.pdf"
    return _serve(request, pdf, lambda: schedule_overview_pdf(plan), plan=plan, filename=filename, label=_("The plan overview"))


def round_pdf(request, pk: int):
    """A status round's report as PDF: the approved report for anyone who may read the plan; the open
    round's draft for the plan team."""
    status_round = _round_for(request, pk)
    pdf = status_round.pdfs.filter(kind=PlanPdf.Kind.STATUS_REPORT).first()
    filename = f"{_file_name(status_round.title, status_round.pk)}-statusrapport.pdf"
    return _serve(
        request,
        pdf,
        lambda: schedule_round_pdf(status_round),
        plan=status_round.plan,
        filename=filename,
        label=_("The status report %(title)s") % {"title": status_round.title},
    )


# --- Spreadsheets -------------------------------------------------------------------------------


def export_measures(request, pk: int, file_format: str):
    """The plan's measures, one row each, as CSV or XLSX: for anyone who may read the plan."""
    plan = _plan_for(request, pk)
    exporter = MeasureExporter()
    exporter.filename = f"tiltak-{_file_name(plan.title, plan.pk)}"
    queryset = measures_for_export(plan)
    if file_format == "csv":
        return exporter.csv_response(queryset)
    return exporter.xlsx_response(queryset)


@login_required
def import_measures(request, pk: int):
    """Load measures from a spreadsheet into a draft plan (the plan team). The file's columns are checked
    first (unknown or missing: 400, nothing loaded); then each row: the good ones load, the bad ones are
    reported by line and reason (the page answers 400 when any row was left out)."""
    plan = _plan_for(request, pk, "strategies.manage_plans")
    if plan.state != Plan.State.DRAFT:
        reason = _("Only a draft plan can be imported into. Revise the plan first, then import into the revision.")
        return render(request, "strategies/plans/not_now.html", {"reason": reason, "plan": plan}, status=409)
    form = MeasureImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = import_sheet(plan, form.sheet, by=request.user)
            except PlanNotDraft as error:
                return render(request, "strategies/plans/not_now.html", {"reason": str(error), "plan": plan}, status=409)
            status = 400 if report.rejected else 200
        else:
            status = 400
    return render(
        request,
        "strategies/reports/import.html",
        {"plan": plan, "form": form, "report": report},
        status=status,
    )


# --- The plan page's panel ----------------------------------------------------------------------


def panel_status(request, pk: int):
    """The panel's PDF list alone, polled by htmx every few seconds while a PDF is being made."""
    plan = _plan_for(request, pk)
    return render(request, "strategies/reports/panel.html#documents", {"plan": plan, "panel": panel(request, plan)})


def panel(request, plan) -> dict:
    """The PDFs (the overview, and each round's report this user may read) with their state, the
    spreadsheet exports and, for the team on a draft, the import. Two queries however many rounds."""
    team = request.user.has_perm("strategies.manage_plans")
    rounds = list(plan.status_rounds.order_by("-period_end", "-pk"))
    if not team:
        rounds = [status_round for status_round in rounds if status_round.state == StatusRound.State.APPROVED]
    stored = {(pdf.kind, pdf.status_round_id): pdf for pdf in plan.pdfs.all()}
    documents = [
        {
            "label": _("Plan overview"),
            "url": reverse("strategies:plan_pdf", kwargs={"pk": plan.pk}),
            "pdf": stored.get((PlanPdf.Kind.OVERVIEW, None)),
            "draft": False,
        }
    ]
    documents += [
        {
            "label": _("Status report: %(title)s") % {"title": status_round.title},
            "url": reverse("strategies:round_pdf", kwargs={"pk": status_round.pk}),
            "pdf": stored.get((PlanPdf.Kind.STATUS_REPORT, status_round.pk)),
            "draft": status_round.state != StatusRound.State.APPROVED,
        }
        for status_round in rounds
    ]
    return {
        "documents": documents,
        "pending": any(doc["pdf"] is not None and doc["pdf"].status == PlanPdf.Status.PENDING for doc in documents),
        "csv_url": reverse("strategies:measures_csv", kwargs={"pk": plan.pk}),
        "xlsx_url": reverse("strategies:measures_xlsx", kwargs={"pk": plan.pk}),
        "import_url": reverse("strategies:measures_import", kwargs={"pk": plan.pk})
        if team and plan.state == Plan.State.DRAFT
        else None,
    }
