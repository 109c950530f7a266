"""Checks behind /health/: each answers (ok, detail) and never raises."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from portal.celery import app as celery_app
from portal.tasks import HEARTBEAT_CACHE_KEY, HEARTBEAT_MISSING_SINCE_CACHE_KEY


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return False, type(error).__name__


def check_cache() -> tuple[bool, str]:
    key = f"portal:health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    except Exception as error:  # noqa: BLE001
        return False, type(error).__name__


def check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return True, conn.transport.driver_name
    except Exception as error:  # noqa: BLE001
        return False, type(error).__name__


def last_worker_heartbeat() -> str | None:
    try:
        return cache.get(HEARTBEAT_CACHE_KEY)
    except Exception:  # noqa: BLE001
        return None


def check_worker(now: datetime | None = None) -> tuple[bool, str]:
    """Is a worker running the beat heartbeat? Down when the last one is older than the limit.

    The limit is ``HEALTH_HEARTBEAT_MAX_AGE`` seconds (three beat intervals by default), so a
    worker killed without a goodbye makes /health/ answer 503 within that time and an
    orchestrator restarts it. Before the first heartbeat (a fresh start, or a cache that lost
    its data) the worker gets the same limit to catch up, counted from when a check first found
    the heartbeat missing: "no heartbeat yet" is ok until then and down after. That moment is
    kept in the cache, so every web process counts from the same start, and each heartbeat
    clears it.
    """
    now = now or timezone.now()
    limit = settings.HEALTH_HEARTBEAT_MAX_AGE
    try:
        stamp = cache.get(HEARTBEAT_CACHE_KEY)
        if stamp is None:
            cache.add(HEARTBEAT_MISSING_SINCE_CACHE_KEY, now.isoformat(), timeout=None)
            waited = _seconds_since(cache.get(HEARTBEAT_MISSING_SINCE_CACHE_KEY) or now.isoformat(), now)
            if waited > limit:
                return False, f"no heartbeat for {waited} s (limit {limit} s)"
            return True, "no heartbeat yet"
        age = _seconds_since(stamp, now)
    except Exception as error:  # noqa: BLE001 - an unreadable cache or stamp means "down"
        return False, type(error).__name__
    if age > limit:
        return False, f"last heartbeat {age} s ago (limit {limit} s)"
    return True, f"last heartbeat {age} s ago"


def _seconds_since(stamp: str, now: datetime) -> int:
    # A worker's clock slightly ahead of this machine's is not an old heartbeat.
    return max(0, int((now - datetime.fromisoformat(stamp)).total_seconds()))


def health_report() -> tuple[bool, dict]:
    checks = {
        name: dict(zip(("ok", "detail"), check(), strict=True))
        for name, check in (
            ("database", check_database),
            ("cache", check_cache),
            ("broker", check_broker),
            ("worker", check_worker),
        )
    }
    healthy = all(item["ok"] for item in checks.values())
    report = {"status": "ok" if healthy else "error", "checks": checks, "worker_last_heartbeat": last_worker_heartbeat()}
    return healthy, report
