"""A per-client-address limit for public forms (enquiries, consultation responses), kept in the cache.

The sender's e-mail address is counted by each form in its own table; the client's address only here, so no
IP address is stored with what was sent. The address is the one allauth's log-in limits see (behind proxies:
ALLAUTH_TRUSTED_PROXY_COUNT).
"""

import datetime

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

WINDOW = datetime.timedelta(hours=1)


def client_ip(request) -> str | None:
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all
        return None


def _recent(key: str, ip: str) -> list[float]:
    since = (timezone.now() - WINDOW).timestamp()
    return [stamp for stamp in cache.get(f"ratelimit:{key}:{ip}", []) if stamp >= since]


def over_limit(key: str, ip: str | None, *, limit: int) -> bool:
    """Whether ``ip`` has sent ``limit`` or more of ``key`` (e.g. "enquiries") within the window."""
    return bool(ip) and len(_recent(key, ip)) >= limit


def record(key: str, ip: str | None) -> None:
    """Count one more of ``key`` from ``ip``."""
    if ip:
        stamps = [*_recent(key, ip), timezone.now().timestamp()]
        cache.set(f"ratelimit:{key}:{ip}", stamps, timeout=int(WINDOW.total_seconds()))
