"""Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three."""

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
        self._print_banner(addr)
        running = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in processes.items()}
        try:
            while True:
                for name, proc in running.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} stopped with exit code {proc.returncode}; stopping the others.")
                        return self._stop(running, exit_code=1)
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web, worker and beat …")
            self._stop(running, exit_code=0)

    def _stop(self, running, *, exit_code):
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
        if exit_code:
            sys.exit(exit_code)

    def _print_banner(self, addr):
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
            f"E-mail is written to {settings.EMAIL_OUTBOX}"
            if settings.EMAIL_MODE == "file"
            else f"E-mail mode: {settings.EMAIL_MODE}",
            "Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(str(line) for line in lines))
