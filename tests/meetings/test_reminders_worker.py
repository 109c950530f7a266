"""200 meetings with reminders due, a real worker and a Redis of the test's own: the worker is killed
with SIGKILL mid-batch and Redis restarted, and still every reminder arrives exactly once."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from itertools import batched

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.db import connection
from django.utils import timezone

from meetings.models import Meeting, MeetingSeries, Participant, ReminderDelivery
from meetings.services.reminders import REQUEUE_AFTER, SEND_BATCH_SIZE, claim_reminders_to_send, record_due_reminders
from tests.factories import UserFactory
from tests.portal.test_settings import ROOT, clean_environment

MEETINGS = 200
KILL_AT = 150  # the sink kills the worker while message 150 is in flight, in the middle of a batch


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """An SMTP server that keeps what it accepts (aiosmtpd hands over a message only once its final
    "." has arrived; an unfinished transaction is dropped). When it has accepted message KILL_AT it
    kills the worker, whichever step of a send its other process is in."""

    def __init__(self):
        self.accepted: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.kill = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            message_id = next(line for line in envelope.content.decode().splitlines() if line.lower().startswith("message-id:"))
            self.accepted += [(rcpt, message_id.split(":", 1)[1].strip()) for rcpt in envelope.rcpt_tos]
            if self.kill is not None and len(self.accepted) == KILL_AT:
                self.kill()
                self.kill = None
        return "250 OK"


@pytest.fixture
def redis_server():
    """A Redis of the test's own, so it can be restarted without touching anyone else's."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()

    def start():
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return process
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    server = {"process": start(), "url": f"redis://127.0.0.1:{port}/0"}
    server["restart"] = lambda: (server["process"].kill(), server["process"].wait(), server.update(process=start()))
    yield server
    server["process"].kill()
    server["process"].wait()


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(redis_url: str, smtp_port: int, queue: str, log) -> subprocess.Popen:
    env = {
        **clean_environment("EMAIL_MODE", "EMAIL_HOST", "EMAIL_PORT"),
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_MODE": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    # One process, so the kill lands where the test puts it: with message KILL_AT in flight, its final "." sent
    # and its reply not yet read. A second process would be killed wherever it happens to be, and one step
    # no protocol over SMTP can cover is a kill while the "sent" mark of a message is being committed and
    # before its "." is written: that message is lost (with the order reversed, it would be doubled instead).
    # See meetings/services/reminders.py.
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "-n", f"{queue}@%h", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def send_tasks(redis_url: str, queue: str, ids: list[int]) -> None:
    """What the beat job queues: one send task per batch of SEND_BATCH_SIZE reminders."""
    client = Celery("client", broker=redis_url, set_as_current=False)
    with client.connection_for_write() as conn:
        for batch in batched(ids, SEND_BATCH_SIZE):
            client.send_task("meetings.send_reminders", kwargs={"delivery_ids": list(batch)}, queue=queue, connection=conn)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_reminder_arrives_exactly_once_through_a_killed_worker_and_a_restarted_redis(redis_server, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must share the test database: needs PostgreSQL")
    organiser = UserFactory(email="organiser@test.example")
    start = timezone.now() + datetime.timedelta(days=6)
    series = MeetingSeries.objects.create(name="Dialogmøte", organiser=organiser)
    for n in range(MEETINGS):
        meeting = Meeting.objects.create(
            series=series,
            title=f"Møte {n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            organiser=organiser,
            state=Meeting.State.INVITED,
            reminder_offsets=[10080],
        )
        Participant.objects.create(meeting=meeting, email=f"a{n}@test.example")
        Participant.objects.create(meeting=meeting, email=f"b{n}@test.example")

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    queue = f"reminders-{uuid.uuid4().hex[:8]}"
    log = (tmp_path / "worker.log").open("w")
    worker = start_worker(redis_server["url"], controller.port, queue, log)
    sink.kill = lambda: os.killpg(worker.pid, signal.SIGKILL)
    try:
        # The beat job: record what is due and queue a send task for each.
        now = timezone.now()
        assert record_due_reminders(now) == 2 * MEETINGS
        send_tasks(redis_server["url"], queue, claim_reminders_to_send(now))
        assert wait_for(lambda: worker.poll() is not None, 120), "the worker was not killed mid-batch"
        assert KILL_AT <= len(sink.accepted) < 2 * MEETINGS

        # Redis restarts empty: the queued tasks are gone. A new worker starts.
        redis_server["restart"]()
        worker = start_worker(redis_server["url"], controller.port, queue, log)
        # The beat job runs on; once REQUEUE_AFTER has passed it queues what was never sent.
        later = now + REQUEUE_AFTER + datetime.timedelta(seconds=1)
        record_due_reminders(later)
        send_tasks(redis_server["url"], queue, claim_reminders_to_send(later))
        assert wait_for(lambda: len(sink.accepted) >= 2 * MEETINGS, 120), f"only {len(sink.accepted)} arrived"
        time.sleep(1)  # anything extra would arrive now
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        controller.stop()
        log.close()

    recipients = [rcpt for rcpt, _ in sink.accepted]
    assert len(recipients) == 2 * MEETINGS
    assert sorted(recipients) == sorted(
        [f"a{n}@test.example" for n in range(MEETINGS)] + [f"b{n}@test.example" for n in range(MEETINGS)]
    )
    assert len({message_id for _, message_id in sink.accepted}) == 2 * MEETINGS
    assert ReminderDelivery.objects.filter(status="sent").count() == 2 * MEETINGS
