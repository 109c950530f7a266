"""The plan overview and a status round's report as PDF, for the formannskap: rendered and stored.

One template and one pure function per document: ``render_plan_pdf(plan)`` and
``render_status_report_pdf(status_round)``. The HTML is rendered in the portal's language and time
zone (portal.pdf), so the same content always gives the same HTML; its sha256 tells whether a stored
PDF is still current. Pagination, running headers and page numbers come from CSS ``@page`` in
strategies/pdf/base.html. Indicator charts are the same SVG the page shows (strategies.charts),
embedded as ``data:`` URIs.

Stored as meetings' PDFs are: ``schedule_plan_pdfs(plan)`` marks the plan's PDFs as being made and
queues the task ``strategies.render_pdf`` once the transaction commits; ``make_pdf(pdf)`` writes a
file only when the content changed. Call ``schedule_plan_pdfs`` from every service that changes what
the PDFs show (the plan, a measure, an indicator value, a round).

A round's status report is the approved round's; an open round's report is marked as a draft on every
page and only the plan team may download it.
"""

import base64
import hashlib
import logging
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pdf import html_to_pdf, render_html
from strategies.models import Indicator, IndicatorValue, Measure, Plan, PlanPdf, StatusRound
from strategies.queries import plan_structure
from strategies.services.rollup import Item, roll_up

logger = logging.getLogger(__name__)

OVERVIEW_TEMPLATE = "strategies/pdf/overview.html"
STATUS_REPORT_TEMPLATE = "strategies/pdf/status_report.html"


# --- What the documents show ----------------------------------------------------------------------


def _measure_rows(goal, progress_of) -> tuple[list[dict], list[Item]]:
    """The goal's measures in tree order (a measure, then the measures under it) with their depth, and
    their roll-up items."""
    measures = list(goal.measures.all())
    children: dict[int | None, list[Measure]] = {}
    ids = {measure.pk for measure in measures}
    for measure in measures:
        parent = measure.parent_id if measure.parent_id in ids else None
        children.setdefault(parent, []).append(measure)
    rows: list[dict] = []

    def walk(measure: Measure, depth: int) -> Item:
        row = {"measure": measure, "depth": depth}
        rows.append(row)
        kids = tuple(walk(child, depth + 1) for child in children.get(measure.pk, []))
        return Item(
            key=("measure", measure.pk),
            weight=Decimal(measure.weight),
            progress=progress_of(measure),
            cancelled=measure.state == Measure.State.CANCELLED,
            children=kids,
        )

    items = [walk(measure, 0) for measure in children.get(None, [])]
    return rows, items


def plan_outline(plan: Plan, progress_of=lambda measure: measure.progress) -> dict:
    """Focus areas → goals → measures with their rolled-up progress (strategies.services.rollup),
    in three queries. ``progress_of`` gives a measure's own progress (a round's report uses the reported one)."""
    areas, area_items = [], []
    for area in plan_structure(plan):
        goals, goal_items = [], []
        for goal in area.goals.all():
            rows, items = _measure_rows(goal, progress_of)
            goals.append({"goal": goal, "measures": rows})
            goal_items.append(Item(key=("goal", goal.pk), weight=Decimal(goal.weight), children=tuple(items)))
        areas.append({"focus_area": area, "goals": goals})
        area_items.append(Item(key=("focus_area", area.pk), weight=Decimal(area.weight), children=tuple(goal_items)))
    levels = roll_up(Item(key=("plan", plan.pk), children=tuple(area_items)))
    for area in areas:
        area["progress"] = levels[("focus_area", area["focus_area"].pk)].value
        for goal in area["goals"]:
            goal["progress"] = levels[("goal", goal["goal"].pk)].value
            for row in goal["measures"]:
                row["progress"] = levels[("measure", row["measure"].pk)].value
    return {"focus_areas": areas, "progress": levels[("plan", plan.pk)].value}


def plan_indicators(plan: Plan) -> list[Indicator]:
    """The plan's indicators in goal order with their values in period order: two queries."""
    values = IndicatorValue.objects.order_by("period_end")
    return list(
        Indicator.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__position", "goal__focus_area_id", "goal__position", "goal_id", "position", "pk")
        .prefetch_related(Prefetch("values", queryset=values))
    )


def indicator_sections(plan: Plan, *, until=None) -> list[dict]:
    """Each indicator of the plan with its values (up to ``until``) as a table and its chart as the page shows it."""
    from strategies.charts import chart_description, render_indicator_chart

    sections = []
    for indicator in plan_indicators(plan):
        values = [value for value in indicator.values.all() if until is None or value.period_end <= until]
        svg = render_indicator_chart(indicator, values)
        sections.append(
            {
                "indicator": indicator,
                "values": values,
                "chart": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
                "description": chart_description(indicator, values),
            }
        )
    return sections


def overview_context(plan: Plan) -> dict:
    outline = plan_outline(plan)
    delayed = [
        row["measure"]
        for area in outline["focus_areas"]
        for goal in area["goals"]
        for row in goal["measures"]
        if row["measure"].state == Measure.State.DELAYED
    ]
    return {
        "plan": plan,
        "document_kind": PlanPdf.Kind.OVERVIEW.label,
        "outline": outline,
        "delayed": delayed,
        "indicators": indicator_sections(plan),
    }


def status_report_context(status_round: StatusRound) -> dict:
    from strategies.services.rounds import round_report_data

    data = round_report_data(status_round)
    plan = status_round.plan
    return {
        **data,
        "plan": plan,
        "status_round": status_round,
        "document_kind": PlanPdf.Kind.STATUS_REPORT.label,
        "draft": status_round.state != StatusRound.State.APPROVED,
        "indicators": indicator_sections(plan, until=status_round.period_end),
    }


def plan_html(plan: Plan) -> str:
    return render_html(OVERVIEW_TEMPLATE, overview_context(plan))


def status_report_html(status_round: StatusRound) -> str:
    return render_html(STATUS_REPORT_TEMPLATE, status_report_context(status_round))


def render_plan_pdf(plan: Plan) -> bytes:
    """The plan overview: the decision, progress per focus area, goals and measures with state and
    progress, delayed measures with the reason, indicators with chart and table."""
    return html_to_pdf(plan_html(plan))


def render_status_report_pdf(status_round: StatusRound) -> bytes:
    """The round's status report: progress per focus area, every measure's report, delayed measures
    with the reason, indicators up to the round's period, the decisions; "draft" until approved."""
    return html_to_pdf(status_report_html(status_round))


def pdf_html(pdf: PlanPdf) -> str:
    if pdf.kind == PlanPdf.Kind.STATUS_REPORT:
        return status_report_html(pdf.status_round)
    return plan_html(pdf.plan)


# --- Stored: made by a task -----------------------------------------------------------------------


def _schedule(plan: Plan, kind: str, status_round: StatusRound | None = None) -> PlanPdf:
    from strategies.tasks import render_pdf_task  # here: strategies.tasks imports this module

    pdf, _created = PlanPdf.objects.update_or_create(
        plan=plan,
        status_round=status_round,
        kind=kind,
        defaults={"status": PlanPdf.Status.PENDING, "requested_at": timezone.now()},
    )
    transaction.on_commit(lambda: render_pdf_task.delay(pdf_id=pdf.pk))
    return pdf


def schedule_overview_pdf(plan: Plan) -> PlanPdf:
    """Mark the plan overview as being made and queue the task (after commit)."""
    with transaction.atomic():
        return _schedule(plan, PlanPdf.Kind.OVERVIEW)


def schedule_round_pdf(status_round: StatusRound) -> PlanPdf:
    """Mark the round's status report as being made and queue the task (after commit)."""
    with transaction.atomic():
        return _schedule(status_round.plan, PlanPdf.Kind.STATUS_REPORT, status_round)


def schedule_plan_pdfs(plan: Plan) -> list[PlanPdf]:
    """Mark the plan's PDFs that follow its changes (the overview, and the draft report of an open round) as
    being made and queue the task for each once the transaction commits. An approved round's report stays as
    it was approved. Called by the services whenever the plan, a measure, an indicator or a report changes."""
    with transaction.atomic():
        pdfs = [_schedule(plan, PlanPdf.Kind.OVERVIEW)]
        open_rounds = plan.status_rounds.filter(state=StatusRound.State.OPEN)
        pdfs += [_schedule(plan, PlanPdf.Kind.STATUS_REPORT, status_round) for status_round in open_rounds]
    return pdfs


def make_pdf(pdf: PlanPdf) -> bool:
    """Make and store one PDF as asked for. Returns True if a new file was written.

    The HTML is rendered first and its sha256 compared with that of the stored file: the same content
    writes nothing and only marks the PDF ready. Every write is conditional on the request this run
    started from, so a run overtaken by a newer change (whose own task follows) stores nothing. A
    failure is logged and marks the PDF failed; the old file, if any, stays.
    """
    current = PlanPdf.objects.filter(pk=pdf.pk, requested_at=pdf.requested_at)
    storage = pdf.file.storage
    try:
        html = pdf_html(pdf)
        source_hash = hashlib.sha256(html.encode()).hexdigest()
        if source_hash == pdf.source_hash and pdf.file and storage.exists(pdf.file.name):
            current.update(status=PlanPdf.Status.READY, finished_at=timezone.now())
            return False
        name = pdf.file.field.generate_filename(pdf, f"{pdf.plan_id}-{pdf.kind}-{uuid.uuid4().hex}.pdf")
        name = storage.save(name, ContentFile(html_to_pdf(html)))
    except Exception:
        logger.exception("The %s PDF %s of plan %s could not be made", pdf.kind, pdf.pk, pdf.plan_id)
        current.update(status=PlanPdf.Status.FAILED, finished_at=timezone.now())
        return False
    if not current.update(file=name, source_hash=source_hash, status=PlanPdf.Status.READY, finished_at=timezone.now()):
        storage.delete(name)  # overtaken by a newer request: its own run stores the current version
        return False
    if pdf.file:
        storage.delete(pdf.file.name)
    return True


# The labels the panel and the pages show for a PDF's state.
STATUS_HELP = {
    PlanPdf.Status.PENDING: _("Being made"),
    PlanPdf.Status.READY: _("Ready"),
    PlanPdf.Status.FAILED: _("Could not be made"),
}
