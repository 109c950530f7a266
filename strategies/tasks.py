"""Tasks of the strategic business plan: focus areas, goals, measures. Filled in by the capability that needs it."""


# --- Status rounds ------------------------------------------------------------

from celery import shared_task


@shared_task(name="strategies.dispatch_status_reminders")
def dispatch_status_reminders() -> int:
    """Hourly (beat): remind reporters with missing reports 7 and 1 day before a round's deadline, once each."""
    from strategies.services.rounds import dispatch_status_reminders as dispatch

    return dispatch()


# --- Indicators -----------------------------------------------------------


@shared_task(name="strategies.update_indicators")
def update_indicators() -> int:
    """Daily (beat, 04:00): write this year's value of every indicator fed from the portal's data. Idempotent."""
    from strategies.services.indicators import update_indicators as update

    return update()


# --- Reports -----------------------------------------------------------------


@shared_task(name="strategies.render_pdf")
def render_pdf_task(*, pdf_id: int) -> bool:
    """Make the plan overview or a round's status report as PDF; a run that finds the same content writes nothing."""
    from strategies.models import PlanPdf
    from strategies.services.reports import make_pdf

    pdf = PlanPdf.objects.select_related("plan", "status_round__plan").filter(pk=pdf_id).first()
    if pdf is None:
        return False
    return make_pdf(pdf)
