"""Alerts to businesses: subscriptions, matching new and changed items, sending each match exactly once."""


def queue_matching(kind: str, ids) -> None:
    """After the current transaction commits, match the items (``AlertDelivery.Kind``) with these ids
    against every active subscription and send what is due at once."""
