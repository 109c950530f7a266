"""Status rounds: an officer opens a round on an adopted plan, each reporter answers for their measures,
reminders go out before the deadline, and the officer approves, which locks the round.

A round asks about every measure that is not done or cancelled when it opens: one StatusReport per
measure, addressed to the measure's reporter (none: the team fills it in). Submitting a report also
moves the measure itself (state, progress, reason) and writes a MeasureUpdate tied to the round: the
measure's history. An approved round is locked and is the plan's status report (``round_report_data``).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import send_templated_mail
from portal.services import log_activity
from strategies.models import Measure, MeasureUpdate, Plan, StatusReminder, StatusReport, StatusRound
from strategies.queries import plan_structure
from strategies.services import rollup
from strategies.services.reports import schedule_plan_pdfs, schedule_round_pdf

# Reminders to reporters with reports still missing, this many days before the deadline.
REMINDER_DAYS = (7, 1)
# A reminder whose moment passed longer ago than this (the beat job was down) is not sent late.
REMINDER_GRACE = datetime.timedelta(days=1)
# States of a measure that a round no longer asks about.
FINISHED_STATES = (Measure.State.DONE, Measure.State.CANCELLED)
# States whose report must give the reason in its comment.
STATES_WITH_REASON = (Measure.State.DELAYED, Measure.State.CANCELLED)


class RoundError(Exception):
    """The round cannot do this now (locked, already open, the plan not adopted); nothing was changed."""

    def __init__(self, message: str, status_round: StatusRound | None = None, plan: Plan | None = None):
        super().__init__(message)
        self.status_round = status_round
        self.plan = plan


def plan_measures(plan: Plan):
    return Measure.objects.filter(goal__focus_area__plan=plan)


def open_round_of(plan: Plan) -> StatusRound | None:
    return plan.status_rounds.filter(state=StatusRound.State.OPEN).first()


def open_round(plan: Plan, *, title: str, period_end: datetime.date, deadline: datetime.datetime, by) -> StatusRound:
    """Open a status round on an adopted plan: a report for every measure not done or cancelled, and one
    e-mail to each reporter listing their measures. Only one round of a plan is open at a time."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)  # two officers at once: one round
        if plan.state != Plan.State.ADOPTED:
            raise RoundError(_("Status rounds can only be opened on an adopted plan."), plan=plan)
        if open_round_of(plan) is not None:
            raise RoundError(_("The plan already has an open status round. Approve it before opening a new one."), plan=plan)
        status_round = StatusRound.objects.create(plan=plan, title=title, period_end=period_end, deadline=deadline, opened_by=by)
        measures = list(
            plan_measures(plan)
            .exclude(state__in=FINISHED_STATES)
            .select_related("reporter", "goal__focus_area")
            .order_by("goal__focus_area__position", "goal__focus_area__pk", "goal__position", "goal__pk", "position", "pk")
        )
        StatusReport.objects.bulk_create(
            [StatusReport(status_round=status_round, measure=measure, reporter=measure.reporter) for measure in measures]
        )
        log_activity(
            status_round,
            actor=by,
            action="strategies.round_opened",
            data={
                "plan": plan.pk,
                "title": title,
                "deadline": deadline.isoformat(),
                "reports": len(measures),
                "without_reporter": sum(1 for measure in measures if measure.reporter_id is None),
            },
        )
        by_reporter = defaultdict(list)
        for measure in measures:
            if measure.reporter is not None and measure.reporter.is_active:
                by_reporter[measure.reporter].append(measure)
        for reporter, theirs in by_reporter.items():
            _mail(
                "strategies/email/round_opened",
                reporter,
                {"status_round": status_round, "plan": plan, "measures": theirs},
            )
    return status_round


def _mail(prefix: str, user, context: dict) -> None:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    send_templated_mail(
        prefix,
        to=user.email,
        language=user.language or settings.LANGUAGE_CODE,
        context={**context, "user": user, "url": base + reverse("strategies:my_reports")},
    )


def check_round_open(status_round: StatusRound) -> None:
    if status_round.state != StatusRound.State.OPEN:
        raise RoundError(_("The status round is approved and locked: its reports can no longer be changed."), status_round)


def submit_report(report: StatusReport, *, state: str, progress: int, comment: str, by) -> bool:
    """Submit (or resubmit, before approval) a measure's report: the report, the measure's state,
    progress and reason, and a MeasureUpdate in the measure's history tied to the round. A resubmission
    with nothing changed is a no-op (returns False)."""
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().select_related("status_round").get(pk=report.pk)
        status_round = StatusRound.objects.select_for_update().get(pk=report.status_round_id)
        check_round_open(status_round)
        comment = comment.strip()
        if report.submitted_at and (report.state, report.progress, report.comment) == (state, progress, comment):
            return False
        resubmitted = report.submitted_at is not None
        report.state, report.progress, report.comment = state, progress, comment
        report.submitted_at, report.submitted_by = timezone.now(), by
        report.save(update_fields=["state", "progress", "comment", "submitted_at", "submitted_by"])
        measure = Measure.objects.select_for_update().get(pk=report.measure_id)
        before = {"state": measure.state, "progress": measure.progress}
        measure.state, measure.progress = state, progress
        measure.state_reason = comment if state in STATES_WITH_REASON else ""
        measure.save(update_fields=["state", "progress", "state_reason", "updated"])
        MeasureUpdate.objects.create(
            measure=measure, state=state, progress=progress, comment=comment, status_round=status_round, by=by
        )
        log_activity(
            report,
            actor=by,
            action="strategies.report_resubmitted" if resubmitted else "strategies.report_submitted",
            data={"round": status_round.pk, "measure": measure.pk, "before": before, "state": state, "progress": progress},
        )
        schedule_plan_pdfs(status_round.plan)  # the overview and the round's report show the new figures
    return True


def approve_round(status_round: StatusRound, *, by, allow_missing: bool = False) -> bool:
    """Approve and lock the round: it becomes the plan's status report. With reports missing only when
    ``allow_missing`` says so. A repeat is a no-op (returns False)."""
    with transaction.atomic():
        status_round = StatusRound.objects.select_for_update().get(pk=status_round.pk)
        if status_round.state == StatusRound.State.APPROVED:
            return False
        missing = status_round.reports.filter(submitted_at__isnull=True).count()
        if missing and not allow_missing:
            raise RoundError(_("Some reports are missing. Tick the box to approve without them."), status_round)
        status_round.state = StatusRound.State.APPROVED
        status_round.approved_by, status_round.approved_at = by, timezone.now()
        status_round.save(update_fields=["state", "approved_by", "approved_at"])
        log_activity(
            status_round,
            actor=by,
            action="strategies.round_approved",
            data={"missing": missing, "reports": status_round.reports.count()},
        )
        schedule_round_pdf(status_round)  # no longer a draft
    return True


# --- Reminders ---------------------------------------------------------------------------------


def due_reminders(status_round: StatusRound, now: datetime.datetime) -> list[int]:
    """The reminders (days before the deadline) whose moment has come and not passed by more than a day;
    none before the round was opened (the opening e-mail says it all) or after the deadline."""
    if now >= status_round.deadline:
        return []
    due = []
    for days in REMINDER_DAYS:
        moment = status_round.deadline - datetime.timedelta(days=days)
        if moment <= now < moment + REMINDER_GRACE and moment >= status_round.opened_at:
            due.append(days)
    return due


def dispatch_status_reminders(now: datetime.datetime | None = None) -> int:
    """Remind each reporter with reports still missing in an open round, 7 and 1 day(s) before its deadline.

    Once per person per reminder, even when two runs overlap: the StatusReminder row is recorded under
    its unique constraint (a second insert is ignored), then claimed by a conditional UPDATE of
    ``sent_at`` from NULL, which only one run wins; the e-mail is queued in the same transaction as the
    claim, so a failure to render it leaves the reminder unclaimed. Returns how many were sent.
    """
    now = now or timezone.now()
    sent = 0
    rounds = StatusRound.objects.filter(
        state=StatusRound.State.OPEN, deadline__gt=now, deadline__lte=now + datetime.timedelta(days=max(REMINDER_DAYS))
    ).select_related("plan")
    for status_round in rounds:
        due = due_reminders(status_round, now)
        if not due:
            continue
        missing = list(
            status_round.reports.filter(submitted_at__isnull=True, reporter__isnull=False, reporter__is_active=True)
            .select_related("reporter", "measure")
            .order_by("reporter_id", "measure__code", "measure_id")
        )
        by_reporter = defaultdict(list)
        for report in missing:
            by_reporter[report.reporter].append(report)
        for days in due:
            StatusReminder.objects.bulk_create(
                [StatusReminder(status_round=status_round, user=user, days_before=days) for user in by_reporter],
                ignore_conflicts=True,
            )
            for user, reports in by_reporter.items():
                with transaction.atomic():
                    claimed = StatusReminder.objects.filter(
                        status_round=status_round, user=user, days_before=days, sent_at__isnull=True
                    ).update(sent_at=now)
                    if claimed:
                        _mail(
                            "strategies/email/round_reminder",
                            user,
                            {"status_round": status_round, "plan": status_round.plan, "reports": reports, "days": days},
                        )
                        sent += 1
    return sent


# --- Reading a round ---------------------------------------------------------------------------


def round_reports(status_round: StatusRound, *, reporter=None):
    """The round's reports in the plan's order, with their measure, goal and focus area."""
    reports = status_round.reports.select_related("measure__goal__focus_area", "reporter", "submitted_by").order_by(
        "measure__goal__focus_area__position",
        "measure__goal__focus_area__pk",
        "measure__goal__position",
        "measure__goal__pk",
        "measure__position",
        "measure__pk",
    )
    if reporter is not None:
        reports = reports.filter(reporter=reporter)
    return reports


def round_counts(status_round: StatusRound) -> dict:
    counts = status_round.reports.aggregate(total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
    return {**counts, "missing": counts["total"] - counts["submitted"]}


def group_reports(reports) -> list[dict]:
    """[{"focus_area", "goals": [{"goal", "reports": [...]}]}] in the order given."""
    areas: list[dict] = []
    for report in reports:
        goal = report.measure.goal
        area = goal.focus_area
        if not areas or areas[-1]["focus_area"].pk != area.pk:
            areas.append({"focus_area": area, "goals": []})
        goals = areas[-1]["goals"]
        if not goals or goals[-1]["goal"].pk != goal.pk:
            goals.append({"goal": goal, "reports": []})
        goals[-1]["reports"].append(report)
    return areas


def _rolled_up(status_round: StatusRound, reports: list[StatusReport]) -> dict:
    """The plan's roll-up (strategies.services.rollup, the rule the plan page shows) with each measure's
    figures as reported in the round; a measure the round did not ask about (done or cancelled when it
    opened) or whose report is missing counts with its current figures. Three queries."""
    structure = plan_structure(status_round.plan)
    reported = {report.measure_id: report for report in reports if report.submitted_at}
    for area in structure:
        for goal in area.goals.all():
            for measure in goal.measures.all():
                report = reported.get(measure.pk)
                if report is not None:
                    measure.progress, measure.state = report.progress, report.state
    return {"structure": structure, "levels": rollup.roll_up(rollup.plan_item(structure))}


def round_report_data(status_round: StatusRound) -> dict:
    """Everything the round's status report needs (the PDF and the round page): the round and its plan,
    counts, progress per focus area, the delayed (and cancelled) measures with their reason, and each
    report grouped by focus area and goal.

    Progress is the plan's own roll-up (the rule and weights the plan page shows) over the figures
    reported in the round: ``progress`` is the plan's, ``progress_by_focus_area`` every focus area's
    with its arithmetic (``calculation``). Measures whose report is missing count with their current
    figures.
    """
    reports = list(round_reports(status_round))
    rolled = _rolled_up(status_round, reports)
    levels = rolled["levels"]
    areas = group_reports(reports)
    for area in areas:
        area_reports = [report for goal in area["goals"] for report in goal["reports"]]
        level = levels.get(("focus_area", area["focus_area"].pk))
        area["progress"] = level.value if level else None
        area["submitted"] = sum(1 for report in area_reports if report.submitted_at)
        area["total"] = len(area_reports)
    delayed = [report for report in reports if report.submitted_at and report.state in STATES_WITH_REASON]
    submitted = sum(1 for report in reports if report.submitted_at)
    return {
        "status_round": status_round,
        "plan": status_round.plan,
        "counts": {"total": len(reports), "submitted": submitted, "missing": len(reports) - submitted},
        "progress": levels[("plan", 0)].value,
        "calculation": levels[("plan", 0)].calculation,
        "progress_by_focus_area": [
            {
                "focus_area": focus_area,
                "progress": levels[("focus_area", focus_area.pk)].value,
                "calculation": levels[("focus_area", focus_area.pk)].calculation,
            }
            for focus_area in rolled["structure"]
        ],
        "focus_areas": areas,
        "delayed": delayed,
        "missing": [report for report in reports if not report.submitted_at],
        "reports": reports,
    }
