"""/health/ reports database, cache and broker, with a non-200 when one is down."""

from portal.celery import app as celery_app


def test_health_reports_every_part_ok(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert {name: part["ok"] for name, part in body["checks"].items()} == {"database": True, "cache": True, "broker": True}
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
    from portal.tasks import record_worker_heartbeat

    stamp = record_worker_heartbeat.delay().get()
    assert client.get("/health/").json()["worker_last_heartbeat"] == stamp
