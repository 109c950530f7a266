"""Benchmark: dispatching 10,000 due reminders through the worker and Redis, against sending the
same 10,000 e-mails directly from one process to the same SMTP sink.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_x REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/reminders.py [--reminders 10000] [--concurrency 2] [--batch-size 100]

It creates (and drops) a database of its own named after DATABASE_URL's (``portal_x_bench``), sends
its tasks to a queue of its own on REDIS_URL and runs an SMTP sink in a process of its own (in the
benchmark's process it would take the interpreter lock from the direct sender).

- Direct: one process renders each message and sends it over one SMTP connection (the rows are
  read before the clock starts).
- Through the worker: from the first run of the beat job (``meetings.dispatch_reminders``, run back
  to back until it finds nothing more to claim) to the moment the sink accepts the last message.
"""

import argparse
import datetime
import logging
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARTICIPANTS = 10
MESSAGE_ID = re.compile(rb"^Message-ID: *(\S+)", re.IGNORECASE | re.MULTILINE)


def run_sink(port, count, doubles, last, phase, ready, stop) -> None:
    """An SMTP server that counts what it accepts, the messages it has seen before and when the last arrived."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    seen = set()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            match = MESSAGE_ID.search(envelope.original_content)
            with count.get_lock():
                count.value += len(envelope.rcpt_tos)
                last.value = time.monotonic()
                key = (phase.value, match.group(1) if match else None)
                if key in seen:
                    doubles.value += 1
                seen.add(key)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=None, help="reminders per send task (default: SEND_BATCH_SIZE)")
    args = parser.parse_args()
    base, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not base.startswith("postgres") or not redis_url:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    import psycopg

    name = f"{urlparse(base).path.strip('/') or 'portal'}_bench"
    admin = urlunparse(urlparse(base)._replace(path="/postgres"))
    url = urlunparse(urlparse(base)._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spawn = multiprocessing.get_context("spawn")
    count, doubles, last, phase = spawn.Value("q", 0), spawn.Value("q", 0), spawn.Value("d", 0.0), spawn.Value("i", 0)
    ready, stop = spawn.Event(), spawn.Event()
    sink = spawn.Process(target=run_sink, args=(port, count, doubles, last, phase, ready, stop), daemon=True)
    sink.start()
    ready.wait(30)

    queue = f"bench-reminders-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "EMAIL_MODE": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "EMAIL_MODE", "EMAIL_HOST", "EMAIL_PORT")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from django.core import mail
    from django.db import connections
    from django.utils import timezone

    from meetings import tasks as meeting_tasks
    from meetings.models import Meeting, Participant, ReminderDelivery
    from meetings.services.reminders import _reminder_message, record_due_reminders
    from portal.celery import app
    from portal.mail import _email
    from portal.models import User

    app.conf.task_default_queue = queue  # the dispatcher's tasks go to this run's worker only
    if args.batch_size:
        meeting_tasks.SEND_BATCH_SIZE = args.batch_size
    batch_size = meeting_tasks.SEND_BATCH_SIZE

    organiser = User.objects.create_user("organiser@bench.example", name="Organiser")
    start = timezone.now() + datetime.timedelta(days=6)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Møte {n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            organiser=organiser,
            state=Meeting.State.INVITED,
            reminder_offsets=[10080],
        )
        for n in range(args.reminders // PARTICIPANTS)
    )
    Participant.objects.bulk_create(
        Participant(meeting=m, email=f"p{i}-{m.pk}@bench.example") for m in meetings for i in range(PARTICIPANTS)
    )
    record_due_reminders(timezone.now())
    deliveries = list(ReminderDelivery.objects.select_related("meeting__organiser").order_by("pk"))
    total = len(deliveries)
    print(f"{total} reminders due")

    def wait_for_sink(started: float, limit: float = 300) -> float:
        """Seconds from ``started`` to the last message the sink accepted, once it has them all."""
        while count.value < total and time.monotonic() - started < limit:
            time.sleep(0.05)
        if count.value < total:
            raise SystemExit(f"only {count.value} of {total} messages arrived in {limit:.0f} s")
        return last.value - started

    # Baseline: the same messages, rendered and sent one by one from this process over one connection.
    started = time.monotonic()
    with mail.mailers.default as connection:
        for delivery in deliveries:
            connection.send_messages([_email(_reminder_message(delivery))])
    direct = wait_for_sink(started)
    print(f"direct from one process, one connection: {direct:.1f} s ({total / direct:.0f} messages/s)")

    # Through the beat job's claim, Redis and a worker (the sink is reset first).
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "-n", f"{queue}@%h"]
    command += [f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit("the worker did not start")
        with count.get_lock():
            count.value = doubles.value = 0
            phase.value = 1  # the same Message-IDs again, counted afresh
        started = time.monotonic()
        runs = 1
        while meeting_tasks.dispatch_reminders():  # the beat job claims at most 5,000 a run
            runs += 1
        dispatched = time.monotonic() - started
        queued = wait_for_sink(started)
        time.sleep(1)  # a double would arrive now
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        stop.set()
        sink.join(10)
        import redis  # the worker declared this run's queue; Redis would keep its bindings

        redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    sent = ReminderDelivery.objects.filter(status="sent").count()
    print(
        f"through Redis and a worker ({args.concurrency} processes, batches of {batch_size}): {queued:.1f} s "
        f"({total / queued:.0f} messages/s; the {runs} dispatch runs took {dispatched:.1f} s of it); "
        f"sink has {count.value} ({doubles.value} doubles), {sent} marked sent"
    )
    print(f"ratio: {queued / direct:.2f} x the direct send (target <= 2x)")
    connections.close_all()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
