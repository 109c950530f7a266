"""What the status rounds contribute to the staff start page (/arbeid/): the user's reports to submit in
open rounds and, for the team, rounds ready to approve. Registered from StrategiesConfig.ready()."""

from django.db.models import Count, Q
from django.utils import timezone

from portal import startpage
from strategies.models import StatusRound
from strategies.queries import open_reports_for

# Rows per section; the link under it leads to the whole list.
ROWS = 10


def reports_to_submit(user) -> dict:
    reports = list(open_reports_for(user).filter(submitted_at__isnull=True))
    return {"reports": reports[:ROWS], "count": len(reports)}


def rounds_to_approve(user) -> dict:
    """Open rounds with every report submitted, or past their deadline: the officer's turn."""
    rounds = list(
        StatusRound.objects.filter(state=StatusRound.State.OPEN)
        .annotate(missing=Count("reports", filter=Q(reports__submitted_at__isnull=True)), total=Count("reports"))
        .filter(Q(missing=0) | Q(deadline__lte=timezone.now()))
        .select_related("plan")
        .order_by("deadline", "pk")
    )
    return {"rounds": rounds, "count": len(rounds)}


def has_reports(user) -> bool:
    return user.is_authenticated


def manages_plans(user) -> bool:
    return user.is_authenticated and user.has_perm("strategies.manage_plans")


def register() -> None:
    # Anyone on the start page may be a measure's reporter; the meetings' sections are 10-30, the businesses' 1-5.
    startpage.register(
        "strategies.reports_to_submit",
        page=startpage.WORK,
        template="strategies/rounds/startpage_reports.html",
        context=reports_to_submit,
        applies_to=has_reports,
        order=40,
    )
    startpage.register(
        "strategies.rounds_to_approve",
        page=startpage.WORK,
        template="strategies/rounds/startpage_rounds.html",
        context=rounds_to_approve,
        applies_to=manages_plans,
        order=41,
    )
