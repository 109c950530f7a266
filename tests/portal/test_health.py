"""/health/ reports database, cache, broker and worker, with a 503 when one is down."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from portal.celery import app as celery_app
from portal.health import check_worker
from portal.tasks import HEARTBEAT_CACHE_KEY, HEARTBEAT_MISSING_SINCE_CACHE_KEY, record_worker_heartbeat
from tests.portal.test_settings import run_manage

NOW = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC)


def test_health_reports_every_part_ok(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert {name: part["ok"] for name, part in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "broker": True,
        "worker": True,
    }
    assert body["checks"]["worker"]["detail"] == "no heartbeat yet"
    assert body["worker_last_heartbeat"] is None


def test_health_is_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"] == {"ok": False, "detail": "ConnectionError"}
    assert body["checks"]["database"]["ok"] is True


def test_health_is_503_when_the_broker_is_down(client, db):
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        celery_app.conf.broker_url = previous
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


def test_health_shows_the_last_worker_heartbeat(client, db):
    stamp = record_worker_heartbeat.delay().get()
    body = client.get("/health/").json()
    assert body["worker_last_heartbeat"] == stamp
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["detail"].startswith("last heartbeat ")


def test_heartbeat_limit_is_three_beat_intervals_by_default(settings):
    assert settings.HEALTH_HEARTBEAT_INTERVAL == 60
    assert settings.HEALTH_HEARTBEAT_MAX_AGE == 180
    assert settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]["schedule"] == 60.0


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, (True, "last heartbeat 0 s ago")),
        (179, (True, "last heartbeat 179 s ago")),
        (180, (True, "last heartbeat 180 s ago")),
        (181, (False, "last heartbeat 181 s ago (limit 180 s)")),
        (3600, (False, "last heartbeat 3600 s ago (limit 180 s)")),
        (-5, (True, "last heartbeat 0 s ago")),  # the worker's clock a little ahead
    ],
)
def test_worker_is_down_when_the_heartbeat_is_older_than_the_limit(age, expected):
    cache.set(HEARTBEAT_CACHE_KEY, (NOW - timedelta(seconds=age)).isoformat())
    assert check_worker(NOW) == expected


def test_limit_comes_from_the_setting(settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 5
    cache.set(HEARTBEAT_CACHE_KEY, (NOW - timedelta(seconds=6)).isoformat())
    assert check_worker(NOW) == (False, "last heartbeat 6 s ago (limit 5 s)")


def test_missing_heartbeat_gets_the_limit_to_appear_then_fails():
    # A fresh start: ok while a worker has had less than the limit to run the first heartbeat.
    assert check_worker(NOW) == (True, "no heartbeat yet")
    assert cache.get(HEARTBEAT_MISSING_SINCE_CACHE_KEY) == NOW.isoformat()
    assert check_worker(NOW + timedelta(seconds=180)) == (True, "no heartbeat yet")
    # The first check's time is kept: later checks do not restart the wait.
    assert cache.get(HEARTBEAT_MISSING_SINCE_CACHE_KEY) == NOW.isoformat()
    assert check_worker(NOW + timedelta(seconds=181)) == (False, "no heartbeat for 181 s (limit 180 s)")


def test_a_heartbeat_clears_the_missing_mark():
    check_worker(NOW)
    record_worker_heartbeat()
    assert cache.get(HEARTBEAT_MISSING_SINCE_CACHE_KEY) is None
    # Were the heartbeat lost later (a cache restart), the wait starts again from then.
    cache.delete(HEARTBEAT_CACHE_KEY)
    later = NOW + timedelta(hours=1)
    assert check_worker(later) == (True, "no heartbeat yet")
    assert check_worker(later + timedelta(seconds=181)) == (False, "no heartbeat for 181 s (limit 180 s)")


def test_unreadable_heartbeat_is_down():
    cache.set(HEARTBEAT_CACHE_KEY, "not a time")
    assert check_worker(NOW) == (False, "ValueError")


def test_health_is_503_with_an_old_heartbeat(client, db):
    cache.set(HEARTBEAT_CACHE_KEY, (datetime.now(UTC) - timedelta(seconds=600)).isoformat())
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["detail"].endswith(" s ago (limit 180 s)")
    assert {name: part["ok"] for name, part in body["checks"].items() if name != "worker"} == {
        "database": True,
        "cache": True,
        "broker": True,
    }


def test_health_is_200_with_a_fresh_heartbeat(client, db):
    cache.set(HEARTBEAT_CACHE_KEY, (datetime.now(UTC) - timedelta(seconds=100)).isoformat())
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["ok"] is True


def test_health_is_503_when_no_heartbeat_came_within_the_limit(client, db):
    cache.set(HEARTBEAT_MISSING_SINCE_CACHE_KEY, (datetime.now(UTC) - timedelta(seconds=600)).isoformat())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["detail"].startswith("no heartbeat for ")


def test_a_limit_not_longer_than_the_interval_stops_start_up():
    result = run_manage("check", env={"HEALTH_HEARTBEAT_INTERVAL": "60", "HEALTH_HEARTBEAT_MAX_AGE": "60"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: HEALTH_HEARTBEAT_MAX_AGE=60 must be longer than the heartbeat interval."
    )
