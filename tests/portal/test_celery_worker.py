"""A real Celery worker process consumes a task through a real Redis broker."""

import subprocess
import sys
import time
import uuid

import pytest
from celery import Celery
from django.core.cache.backends.redis import RedisCache

from portal.tasks import HEARTBEAT_CACHE_KEY
from tests.portal.test_settings import ROOT, clean_environment


@pytest.fixture
def worker(redis_url, tmp_path):
    """A worker on a queue of its own, so nothing else on the same Redis interferes."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "-n", f"{queue}@%h"]
    options = ["--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO", f"--logfile={log}"]
    process = subprocess.Popen(
        [*command, *options],
        cwd=ROOT,
        env={**clean_environment(), "REDIS_URL": redis_url, "PORTAL_VAR_DIR": str(tmp_path)},
    )
    yield queue, log
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.redis
def test_worker_consumes_a_task_through_redis(worker, redis_url):
    queue, log = worker
    cache = RedisCache(redis_url, {"KEY_PREFIX": "portal"})
    cache.delete(HEARTBEAT_CACHE_KEY)
    client = Celery("client", broker=redis_url, set_as_current=False)
    result = client.send_task("portal.record_worker_heartbeat", queue=queue)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and cache.get(HEARTBEAT_CACHE_KEY) is None:
        time.sleep(0.25)
    stamp = cache.get(HEARTBEAT_CACHE_KEY)
    assert stamp is not None, "the worker did not run the task within 60 seconds"
    # The worker's own log names this very task as done.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and f"[{result.id}] succeeded" not in log.read_text():
        time.sleep(0.25)
    assert f"Task portal.record_worker_heartbeat[{result.id}] succeeded" in log.read_text()
    assert f"'{stamp}'" in log.read_text()
