"""Procurement's tasks: the nightly Doffin mirror, alert matching and delivery, dialogue messages.

Thin, as everywhere: keyword-only primitive ids, call one service; each service is safe to run twice.
The services import these tasks where they queue them (inside the function: this module imports them).
"""

from celery import shared_task

from procurement.services import alerts, dialogues, notices


@shared_task(name="procurement.sync_doffin")
def sync_doffin() -> dict:
    """Nightly (beat): mirror the served buyers' new and changed notices from Doffin. A second run the same
    day finds the mirror up to date; an import of the same hits changes nothing."""
    return notices.sync_from_doffin()


@shared_task(name="procurement.dispatch_dialogue_messages")
def dispatch_dialogue_messages() -> int:
    """Every 5 minutes (beat), and on commit after an answer, a document or new slots: close dialogues past their
    input deadline, record due reminders, send each queued dialogue message exactly once."""
    return dialogues.dispatch_messages()


@shared_task(name="procurement.match_alerts")
def match_alerts(*, kind: str, ids: list[int]) -> int:
    """Record the items' new versions as changes, then send the instant alerts they are due for. Returns how
    many changes were new. Safe to repeat."""
    created = alerts.record_changes(kind, ids)
    if created:
        alerts.send_instant_alerts()
    return created


@shared_task(name="procurement.send_instant_alerts")
def send_instant_alerts() -> int:
    """Every five minutes (beat): the safety net for instant alerts a match task did not send."""
    return alerts.send_instant_alerts()


@shared_task(name="procurement.send_alert_digests")
def send_alert_digests() -> int:
    """Daily (beat, 06:30): each daily subscription's pending alerts in one e-mail."""
    return alerts.send_alert_digests()
