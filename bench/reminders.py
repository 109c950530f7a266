"""Benchmark: dispatching 10,000 due reminders through the worker and Redis, against sending the
same 10,000 e-mails directly from one process to the same SMTP sink.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/reminders.py [--reminders 10000] [--concurrency 2]

It creates (and drops) a database of its own, ``portal_bench_reminders``, and runs a local SMTP sink.
"""

import argparse
import datetime
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARTICIPANTS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    base, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not base.startswith("postgres") or not redis_url:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    import psycopg

    admin = urlunparse(urlparse(base)._replace(path="/postgres"))
    url = urlunparse(urlparse(base)._replace(path="/portal_bench_reminders"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_bench_reminders")
        conn.execute("CREATE DATABASE portal_bench_reminders")
    from aiosmtpd.controller import Controller

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.count += len(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
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
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    from django.db import connections
    from django.utils import timezone

    from meetings.models import Meeting, Participant, ReminderDelivery
    from meetings.services.reminders import _reminder_message, claim_reminders_to_send, record_due_reminders
    from portal.mail import send_message
    from portal.models import User

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
    now = timezone.now()
    record_due_reminders(now)
    deliveries = list(ReminderDelivery.objects.select_related("meeting__organiser"))
    total = len(deliveries)
    print(f"{total} reminders due")

    # Baseline: the same messages, rendered and sent one by one from this process.
    started = time.perf_counter()
    for delivery in deliveries:
        send_message(_reminder_message(delivery))
    direct = time.perf_counter() - started
    print(f"direct from one process: {direct:.1f} s ({total / direct:.0f} messages/s)")

    # Through the beat job's claim, Redis and a worker (the sink is reset first).
    Sink.count = 0
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        f"--concurrency={args.concurrency}",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    time.sleep(3)  # let the worker connect before the clock starts
    from celery import Celery

    client = Celery("client", broker=redis_url, set_as_current=False)
    started = time.perf_counter()
    with client.connection_for_write() as conn:
        while ids := claim_reminders_to_send(now):  # the beat job claims at most 5,000 a run
            for pk in ids:
                client.send_task("meetings.send_reminder", kwargs={"delivery_id": pk}, connection=conn)
    while Sink.count < total and time.perf_counter() - started < 1800:
        time.sleep(0.05)
    queued = time.perf_counter() - started
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(60)
    controller.stop()
    sent = ReminderDelivery.objects.filter(status="sent").count()
    rate = total / queued
    print(
        f"through Redis and a worker ({args.concurrency} processes): {queued:.1f} s ({rate:.0f} messages/s), {sent} marked sent"
    )
    print(f"ratio: {queued / direct:.2f} x the direct send (target <= 2x)")
    connections.close_all()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_bench_reminders")


if __name__ == "__main__":
    main()
