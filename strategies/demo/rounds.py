"""Demo content: status rounds on the demo plan: "1. tertial 2026" approved, "2. tertial 2026" open with about
half the reports in. Safe to run again (a round that exists is left as it is); sends no e-mail."""

import datetime

from django.db import transaction
from django.utils import timezone

from strategies.models import Measure, MeasureUpdate, Plan, StatusReport, StatusRound
from strategies.services.rounds import FINISHED_STATES, plan_measures, submit_report

EARLIER = "1. tertial 2026"
CURRENT = "2. tertial 2026"
OFFICER = "naeringssjef@demo.example"
REPORTERS = ("naeringsrad@demo.example", "naeringssjef@demo.example", "naeringsradgiver@demo.example")

COMMENTS = {
    Measure.State.NOT_STARTED: "Oppstart er planlagt etter sommeren, når prosjektleder er på plass.",
    Measure.State.IN_PROGRESS: "Arbeidet går etter planen. Første møte med næringslivet er holdt, og neste samling er satt opp.",
    Measure.State.DELAYED: (
        "Forsinket fordi finansieringen fra fylkeskommunen ikke er avklart. Vi venter svar på søknaden i høst."
    ),
    Measure.State.DONE: "Gjennomført. Sluttrapport er sendt regionrådet.",
}
EARLIER_COMMENT = "Kartlegging er i gang. Vi har snakket med de fleste aktørene og lager en plan for videre arbeid."


def load(users: dict) -> dict[str, int]:
    from strategies.demo import plans

    title = getattr(plans, "TITLE", None)
    # The adopted revision: the revisions part may keep an archived earlier one or a draft next one beside it.
    plan = Plan.objects.filter(title=title, state=Plan.State.ADOPTED).order_by("-version").first() if title else None
    if plan is None:
        return {}
    officer = users.get(OFFICER)
    reporters = [users[email] for email in REPORTERS if email in users]
    measures = list(
        plan_measures(plan)
        .exclude(state__in=FINISHED_STATES)
        .order_by("goal__focus_area__position", "goal__position", "position", "pk")
    )
    if not measures or not reporters:
        return {}
    with transaction.atomic():
        if not plan.status_rounds.filter(title=EARLIER).exists():
            _earlier_round(plan, measures, reporters, officer)
        if not plan.status_rounds.filter(title=CURRENT).exists():
            _current_round(plan, measures, reporters, officer)
    return {"status_rounds": plan.status_rounds.count()}


def _reporter(measure, index, reporters):
    return measure.reporter or reporters[index % len(reporters)]


def _earlier_round(plan, measures, reporters, officer) -> None:
    """Approved in May: every report in; history rows dated then. The measures themselves are not moved."""
    tz = timezone.get_current_timezone()
    submitted = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=tz)
    status_round = StatusRound.objects.create(
        plan=plan,
        title=EARLIER,
        period_end=datetime.date(2026, 4, 30),
        deadline=datetime.datetime(2026, 5, 15, 16, 0, tzinfo=tz),
        opened_by=officer,
        state=StatusRound.State.APPROVED,
        approved_by=officer,
        approved_at=datetime.datetime(2026, 5, 20, 9, 30, tzinfo=tz),
        summary="Tiltakene er i hovedsak i rute. Ett tiltak er forsinket på grunn av uavklart finansiering.",
    )
    for index, measure in enumerate(measures):
        reporter = _reporter(measure, index, reporters)
        progress = max(0, measure.progress - 20)
        state = Measure.State.IN_PROGRESS if progress else Measure.State.NOT_STARTED
        comment = EARLIER_COMMENT if progress else COMMENTS[Measure.State.NOT_STARTED]
        if measure.state == Measure.State.DELAYED:
            state, comment = Measure.State.DELAYED, COMMENTS[Measure.State.DELAYED]
        StatusReport.objects.create(
            status_round=status_round,
            measure=measure,
            reporter=reporter,
            state=state,
            progress=progress,
            comment=comment,
            submitted_at=submitted,
            submitted_by=reporter,
        )
        update = MeasureUpdate.objects.create(
            measure=measure, state=state, progress=progress, comment=comment, status_round=status_round, by=reporter
        )
        MeasureUpdate.objects.filter(pk=update.pk).update(created=submitted)


def _current_round(plan, measures, reporters, officer) -> None:
    """Open, deadline in five days; every other report submitted (through the service: the measure moves too)."""
    now = timezone.now()
    status_round = StatusRound.objects.create(
        plan=plan,
        title=CURRENT,
        period_end=datetime.date(2026, 8, 31),
        deadline=(now + datetime.timedelta(days=5)).replace(hour=16, minute=0, second=0, microsecond=0),
        opened_by=officer,
    )
    reports = StatusReport.objects.bulk_create(
        [
            StatusReport(status_round=status_round, measure=measure, reporter=_reporter(measure, index, reporters))
            for index, measure in enumerate(measures)
        ]
    )
    for index, (report, measure) in enumerate(zip(reports, measures, strict=True)):
        if index % 2:
            continue
        state = measure.state if measure.state in COMMENTS else Measure.State.IN_PROGRESS
        progress = min(100, measure.progress + 10) if state == Measure.State.IN_PROGRESS else measure.progress
        submit_report(report, state=state, progress=progress, comment=COMMENTS[state], by=report.reporter)
