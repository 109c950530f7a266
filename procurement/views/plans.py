"""The procurement plan: plans and their planned procurements, import and export.

Published plans and their items are public; drafts are the procurement team's (404 to the others, as a
draft strategy plan is). Changing anything is the team's (``procurement.manage_procurement``: 403).
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from procurement.forms.plans import ItemImportForm, PlannedProcurementForm, ProcurementPlanForm
from procurement.models import MarketDialogue, PlannedProcurement, ProcurementPlan
from procurement.queries import visible_items, visible_plans
from procurement.services import cpv
from procurement.services import plans as services
from procurement.services.plans import PlannedProcurementExporter, items_for_export, quarter_of

MANAGE = "procurement.manage_procurement"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, template: str, context: dict, form):
    """A form page: 400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def _plan_for(request, pk: int, *, manage: bool = False) -> ProcurementPlan:
    """A plan the user may read (404 otherwise: a draft is hidden) and, with ``manage``, change (403)."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if manage and not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return plan


def _item_for(request, pk: int, *, manage: bool = False) -> PlannedProcurement:
    item = get_object_or_404(visible_items(request.user), pk=pk)
    if manage and not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return item


def _dialogues(user):
    """The dialogues the user may see, for prefetching onto items."""
    dialogues = MarketDialogue.objects.order_by("created")
    if not user.has_perm(MANAGE):
        dialogues = dialogues.exclude(state=MarketDialogue.State.DRAFT)
    return dialogues


def _with_labels(items: list[PlannedProcurement]) -> list[PlannedProcurement]:
    """Each item's ``cpv_labels``: [(code, label in the reader's language)], one query for all items."""
    found = cpv.labels(code for item in items for code in item.cpv_codes)
    for item in items:
        item.cpv_labels = [(code, found[code].name if code in found else "") for code in item.cpv_codes]
    return items


# --- Plans --------------------------------------------------------------------------------------


def plan_list(request):
    plans = (
        visible_plans(request.user)
        .annotate(item_count=Count("items", filter=~Q(items__state=PlannedProcurement.State.CANCELLED)))
        .order_by("-year", "title")
    )
    return render(
        request,
        "procurement/plans/list.html",
        {"plans": plans, "can_manage": request.user.has_perm(MANAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_plan(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    form = ProcurementPlanForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        plan = services.save_plan(form.save(commit=False), by=request.user)
        messages.success(request, _("The procurement plan is created as a draft."))
        return redirect(plan)
    return _form_page(request, "procurement/plans/plan_form.html", {"heading": _("New procurement plan"), "plan": None}, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_plan(request, pk: int):
    plan = _plan_for(request, pk, manage=True)
    form = ProcurementPlanForm(_posted(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_plan(form.save(commit=False), by=request.user)
        messages.success(request, _("The procurement plan is saved."))
        return redirect(plan)
    return _form_page(request, "procurement/plans/plan_form.html", {"heading": _("Change the plan"), "plan": plan}, form)


@login_required
@require_POST
def publish_plan(request, pk: int):
    plan = _plan_for(request, pk, manage=True)
    if services.publish_plan(plan, by=request.user):
        messages.success(request, _("The procurement plan is published."))
    else:
        messages.info(request, _("The procurement plan was already published."))
    return redirect(plan)


def _quarter_label(key) -> str:
    if key is None:
        return _("Announcement not scheduled")
    year, quarter = key
    return _("Quarter %(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def plan_detail(request, pk: int):
    plan = _plan_for(request, pk)
    items = _with_labels(
        list(
            plan.items.select_related("notice")
            .prefetch_related(Prefetch("dialogues", queryset=_dialogues(request.user), to_attr="visible_dialogues"))
            .order_by(F("planned_announcement").asc(nulls_last=True), "pk")
        )
    )
    quarters = [
        {"label": _quarter_label(key), "slug": f"q-{key[0]}-{key[1]}" if key else "q-none", "items": list(group)}
        for key, group in groupby(items, key=lambda item: quarter_of(item.planned_announcement))
    ]
    return render(
        request,
        "procurement/plans/detail.html",
        {"plan": plan, "quarters": quarters, "item_count": len(items), "can_manage": request.user.has_perm(MANAGE)},
    )


# --- Items --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def add_item(request, pk: int):
    plan = _plan_for(request, pk, manage=True)
    form = PlannedProcurementForm(_posted(request), instance=PlannedProcurement(plan=plan))
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        services.save_item(item, by=request.user)
        messages.success(request, _("The planned procurement is added."))
        return redirect(item)
    return _form_page(
        request, "procurement/plans/item_form.html", {"heading": _("New planned procurement"), "plan": plan, "item": None}, form
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_item(request, pk: int):
    item = _item_for(request, pk, manage=True)
    form = PlannedProcurementForm(_posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        services.save_item(item, by=request.user)
        messages.success(request, _("The planned procurement is saved."))
        return redirect(item)
    return _form_page(
        request,
        "procurement/plans/item_form.html",
        {"heading": _("Change the planned procurement"), "plan": item.plan, "item": item},
        form,
    )


def item_detail(request, pk: int):
    item = _item_for(request, pk)
    item.visible_dialogues = list(_dialogues(request.user).filter(item=item))
    _with_labels([item])
    return render(
        request,
        "procurement/plans/item_detail.html",
        {"item": item, "plan": item.plan, "can_manage": request.user.has_perm(MANAGE)},
    )


# --- Spreadsheets -------------------------------------------------------------------------------


def _file_name(title: str, fallback) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return slugify(title.translate(table))[:60] or str(fallback)


def export_items(request, pk: int, file_format: str):
    """The plan's items, one row each, as CSV or XLSX: for anyone who may read the plan."""
    plan = _plan_for(request, pk)
    exporter = PlannedProcurementExporter()
    exporter.filename = f"anskaffelser-{_file_name(plan.title, plan.pk)}"
    queryset = items_for_export(plan)
    if file_format == "csv":
        return exporter.csv_response(queryset)
    return exporter.xlsx_response(queryset)


@login_required
@require_http_methods(["GET", "POST"])
def import_items(request, pk: int):
    """Load planned procurements from a spreadsheet (the team). The file's columns are checked first
    (unknown or missing: 400, nothing loaded); then each row: the good ones load, the bad ones are
    reported by line and reason (the page answers 400 when any row was left out)."""
    plan = _plan_for(request, pk, manage=True)
    form = ItemImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = services.import_items(plan, form.sheet, by=request.user)
            status = 400 if report.rejected else 200
        else:
            status = 400
    return render(request, "procurement/plans/import.html", {"plan": plan, "form": form, "report": report}, status=status)
