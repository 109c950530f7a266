from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from portal.mail import Message, send_message

HEARTBEAT_CACHE_KEY = "portal:worker-heartbeat"
# When /health/ first found no heartbeat at all; see portal.health.check_worker.
HEARTBEAT_MISSING_SINCE_CACHE_KEY = "portal:worker-heartbeat-missing-since"


@shared_task(name="portal.send_email", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_email(*, message: dict) -> None:
    send_message(Message(**message))


@shared_task(name="portal.record_worker_heartbeat")
def record_worker_heartbeat() -> str:
    """Beat queues this every HEALTH_HEARTBEAT_INTERVAL seconds; /health/ fails when it gets old."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    cache.delete(HEARTBEAT_MISSING_SINCE_CACHE_KEY)
    return now


@shared_task(name="portal.send_daily_digests")
def send_daily_digests() -> int:
    """Every morning (beat): each officer's and administrator's due items by e-mail, at most once a day."""
    from portal.digest import send_daily_digests as send  # here: portal.digest renders the apps' sections

    return send()


@shared_task(name="portal.render_report")
def render_report(*, report_id: int) -> None:
    """Make one requested Næringsrapport (portal.reports.make_report; a second run does nothing)."""
    from portal.models import Report
    from portal.reports import make_report  # here: portal.reports queues this task

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    make_report(report)
