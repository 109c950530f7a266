"""Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.

Ctrl-C (SIGINT, which a terminal sends to make, this command and the three children at once) and
SIGTERM are a normal stop: the children are stopped, "Stopped." is printed and the command exits 0.
It exits 1 only when a child stops by itself.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS
from portal.roles import STAFF_ROLES


class Command(BaseCommand):
    help = "Start web, worker and beat for local use (the embedded defaults: SQLite, filesystem broker, file outbox)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--addr", default=os.environ.get("PORTAL_ADDR", "127.0.0.1:8000"), help="host:port for the web server"
        )

    def handle(self, *args, addr, **options):
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        processes = {
            "web": [python, manage, "runserver", addr, "--noreload"],
            "worker": [python, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO"],
        }
        env = child_environment(addr, os.environ)
        self._print_banner(addr, env["PORTAL_BASE_URL"])
        # Handlers rather than KeyboardInterrupt: a shell that starts this in the background
        # ignores SIGINT, and a stop must also be a stop when it arrives while a child exits.
        stop_signals = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, frame: stop_signals.append(signum))
        running = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env) for name, cmd in processes.items()}
        while not stop_signals:
            stopped = next((name for name, proc in running.items() if proc.poll() is not None), None)
            if stopped and not stop_signals:
                self.stderr.write(f"{stopped} stopped with exit code {running[stopped].returncode}; stopping the others.")
                self._stop(running)
                sys.exit(1)
            time.sleep(0.2)
        self.stdout.write("\nStopping web, worker and beat …")
        self._stop(running)

    def _stop(self, running):
        for proc in running.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in running.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stdout.write("Stopped.")

    def _print_banner(self, addr, base_url):
        url = f"http://{addr}/"
        lines = [
            "",
            f"Næringsportal is starting at {url}",
            f"Log in at {url}konto/login/ with one of these demo accounts (password: {DEMO_PASSWORD}):",
        ]
        for email, _name, role, _language in DEMO_USERS:
            note = "  (two-factor: run `make totp` for the code)" if role in STAFF_ROLES else ""
            lines.append(f"  {role.label:<28} {email}{note}")
        lines += [
            f"Demo two-factor secret for staff accounts: {DEMO_TOTP_SECRET}",
            f"Links in e-mails start with {base_url}",
            f"E-mail is written to {settings.EMAIL_OUTBOX}"
            if settings.EMAIL_MODE == "file"
            else f"E-mail mode: {settings.EMAIL_MODE}",
            "Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(str(line) for line in lines))


def child_environment(addr: str, environ) -> dict[str, str]:
    """The children's environment: links in e-mails follow ``addr`` unless PORTAL_BASE_URL is set."""
    env = dict(environ)
    if not env.get("PORTAL_BASE_URL", "").strip():
        host, _, port = addr.rpartition(":")
        if host in ("", "0.0.0.0", "0", "[::]"):
            # runserver's "8000" or an address on every interface: a browser on this machine.
            host = "localhost"
        env["PORTAL_BASE_URL"] = f"http://{host}:{port}"
    return env
