"""Checks behind /health/: each answers (ok, detail) and never raises."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app
from portal.tasks import HEARTBEAT_CACHE_KEY


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


def health_report() -> tuple[bool, dict]:
    checks = {
        name: dict(zip(("ok", "detail"), check(), strict=True))
        for name, check in (("database", check_database), ("cache", check_cache), ("broker", check_broker))
    }
    healthy = all(item["ok"] for item in checks.values())
    report = {"status": "ok" if healthy else "error", "checks": checks, "worker_last_heartbeat": last_worker_heartbeat()}
    return healthy, report
