"""The Næringsrapport: the dashboard's sections and the report's own (the plan's status, the decisions of the
period's dialogue meetings) as one PDF for the formannskap, for a period and one or all served municipalities.

``render_report_pdf(filters, language=...)`` is the pure function: one template
(``portal/report/naeringsrapport.html``) over every DASHBOARD and REPORT section of ``portal.startpage``, read as
an anonymous user (so no section links anywhere, and nothing a politician may not read) and rendered with
``pdf=True``. Pagination, the running header and the page numbers come from CSS ``@page``.

Stored as a ``Report``: ``request_report`` creates the row and queues the task ``portal.render_report`` once the
transaction commits; ``make_report`` renders it and stores the file with its date in the name. A report is made
once: asking again makes a new report, and the earlier ones stay downloadable.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import startpage
from portal.dashboard import DashboardFilters, Period
from portal.models import Report
from portal.pdf import html_to_pdf, html_to_pdf_with_pages, render_html
from portal.services import log_activity
from portal.tasks import render_report

logger = logging.getLogger(__name__)

TEMPLATE = "portal/report/naeringsrapport.html"
# A run that claimed a report and has not finished in this time is taken to have died (a worker killed
# mid-render); the task's next delivery may claim the report again.
STALE_RUN = datetime.timedelta(minutes=15)


def last_finished_tertial(today: datetime.date | None = None) -> Period:
    """The latest tertial that has ended: what a report is most often asked for (the tertialrapport)."""
    today = today or timezone.localdate()
    for tertial in (3, 2, 1):
        if (period := Period(today.year, tertial)).end < today:
            return period
    return Period(today.year - 1, 3)


def report_filters(report: Report) -> DashboardFilters:
    """The filters the report was asked for; a period still running when it was asked for ends that day."""
    asked_on = timezone.localdate(report.requested_at) if report.requested_at else None
    return DashboardFilters.of(report.period, report.municipality, today=asked_on)


def report_row(report: Report) -> dict:
    """What the reports pages say of a report: its period, municipality and language in words."""
    names = settings.MUNICIPALITY_NAMES
    try:
        asked_on = timezone.localdate(report.requested_at) if report.requested_at else None
        period = Period.parse(report.period).so_far(asked_on).label
    except ValueError:  # changed by hand in the admin: show it as stored
        period = report.period
    return {
        "report": report,
        "period": period,
        "municipality": names.get(report.municipality, report.municipality) if report.municipality else _("All municipalities"),
        "language": dict(settings.LANGUAGES).get(report.language, report.language),
        "pending": report.status == Report.Status.PENDING,
        # Asked for long ago and still not made: its task may be lost; asking again queues it anew.
        "stalled": report.status == Report.Status.PENDING and report.requested_at < timezone.now() - STALE_RUN,
        "ready": report.status == Report.Status.READY and bool(report.file),
        "failed": report.status == Report.Status.FAILED,
    }


def report_context(filters: DashboardFilters, *, made_on: datetime.date) -> dict:
    """What the template shows: every DASHBOARD section, then every REPORT section, as an anonymous reader sees
    them. Call it in the report's language: the sections' data hold translated words."""
    reader = AnonymousUser()
    parts = startpage.parts_for(startpage.DASHBOARD, reader, filters=filters)
    parts += startpage.parts_for(startpage.REPORT, reader, filters=filters)
    return {
        "filters": filters,
        "parts": parts,
        "made_on": made_on,
        "pdf": True,
        "user": reader,
        "perms": PermWrapper(reader),
    }


def report_html_for(filters: DashboardFilters, *, language: str, made_on: datetime.date | None = None) -> str:
    """The report's HTML in ``language``; ``made_on`` (default today) is the date on the cover."""
    with translation.override(language):
        context = report_context(filters, made_on=made_on or timezone.localdate())
        return render_html(TEMPLATE, context, language=language)


def report_html(report: Report) -> str:
    """The stored report's HTML, dated the day its run started (or today)."""
    started = timezone.localtime(report.started_at).date() if report.started_at else None
    return report_html_for(report_filters(report), language=report.language, made_on=started)


def render_report_pdf(filters: DashboardFilters, *, language: str, made_on: datetime.date | None = None) -> bytes:
    """The Næringsrapport for ``filters`` in ``language``: the cover (title, municipality, period, the date it was
    made), the contents, then every dashboard section and every report section."""
    return html_to_pdf(report_html_for(filters, language=language, made_on=made_on))


# --- Stored: asked for on the reports page, made by a task ------------------------------------------------


def request_report(filters: DashboardFilters, *, by, language: str) -> Report:
    """Ask for a report; it is made by the task ``portal.render_report`` once the transaction commits.

    If the same report (period, municipality, language) is already being made, that one is returned instead:
    a second click does not make a second PDF.
    """
    same = {"period": filters.period.code, "municipality": filters.chosen, "language": language}
    with transaction.atomic():
        pending = Report.objects.filter(**same, status=Report.Status.PENDING).first()
        if pending is None:
            try:
                with transaction.atomic():  # the unique constraint decides between two requests at once
                    report = Report.objects.create(**same, requested_by=by if by is not None and by.is_authenticated else None)
            except IntegrityError:
                pending = Report.objects.get(**same, status=Report.Status.PENDING)
        if pending is not None:
            if pending.requested_at < timezone.now() - STALE_RUN:
                # Its task may have been lost (the broker restarted): queue it again. A run still at work keeps
                # its claim, so the new task then does nothing.
                transaction.on_commit(lambda: render_report.delay(report_id=pending.pk))
            return pending
        log_activity(
            report,
            actor=by,
            action="portal.report_requested",
            data={"period": report.period, "municipality": report.municipality, "language": language},
        )
        transaction.on_commit(lambda: render_report.delay(report_id=report.pk))
    return report


def file_name(report: Report) -> str:
    """``naeringsrapport-2026-T1-3201-2026-12-01.pdf``: what, for which municipality (or ``alle``), made when."""
    made = timezone.localtime(report.started_at or timezone.now()).date()
    return f"naeringsrapport-{report.period}-{report.municipality or 'alle'}-{report.language}-{made:%Y-%m-%d}.pdf"


def make_report(report: Report) -> bool:
    """Render a pending report and store it. Returns True if this run made the file.

    Safe to run twice: the run first claims the report with a conditional UPDATE (pending and not started, or
    started so long ago that its run must have died), so a second delivery of the task, or a report that is
    ready or failed, does nothing. A failure is logged and marks the report failed; asking again makes a new one.
    """
    now = timezone.now()
    claimable = Q(started_at__isnull=True) | Q(started_at__lt=now - STALE_RUN)
    if not Report.objects.filter(claimable, pk=report.pk, status=Report.Status.PENDING).update(started_at=now):
        return False
    report.started_at = now
    mine = Report.objects.filter(pk=report.pk, status=Report.Status.PENDING, started_at=now)
    storage = report.file.storage
    try:
        data, pages = html_to_pdf_with_pages(report_html(report))
        name = storage.save(report.file.field.generate_filename(report, file_name(report)), ContentFile(data))
    except Exception:
        logger.exception("Næringsrapport %s could not be made", report.pk)
        mine.update(status=Report.Status.FAILED, finished_at=timezone.now())
        return False
    if not mine.update(file=name, pages=pages, status=Report.Status.READY, finished_at=timezone.now()):
        storage.delete(name)  # overtaken by a later run that claimed the report as stale
        return False
    return True
