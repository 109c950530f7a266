"""The production shape, run for real: the commands of docker-compose.yml, started on this host.

There is no container engine here, so the test runs what the containers would run: the `migrate`
service's command, then `web` (gunicorn with its config), `worker` and `beat`, each exactly as
docker-compose.yml writes it (only the program is taken from this virtualenv and /app/ becomes a
temporary folder), with the compose file's environment (DEBUG=0 and the rest), a PostgreSQL
database and a Redis database of the test's own, and mail over SMTP to a local sink. It checks
what an operator relies on: /health/, a page, a static file through the manifest and compressed,
a task consumed, a beat job run, a killed worker turning /health/ and scripts/healthcheck.py to
failing, and SIGTERM (what `docker compose stop` sends) ending each process cleanly.
"""

import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import brotli
import pytest
from aiosmtpd.controller import Controller
from celery import Celery

from tests.portal.test_compose import SERVICES
from tests.portal.test_settings import ROOT, clean_environment

HOST = "naering.kommune.example"
HEARTBEAT_INTERVAL = 2
HEARTBEAT_MAX_AGE = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, seconds: float, what: str):
    """Poll ``condition`` until it returns something true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"{what} within {seconds} s")


# --- The parts the test brings: a database, a Redis database, an SMTP server ----------------


@pytest.fixture
def fresh_database():
    """A PostgreSQL database created for this test on the server of DATABASE_URL, dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    name = f"portal_prodshape_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at DATABASE_URL does not answer: {error}")
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def own_redis_database(redis_url):
    """An empty Redis database other than REDIS_URL's, flushed after."""
    import redis

    parts = urlsplit(redis_url)
    taken = int(parts.path.strip("/") or 0)
    server = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    try:
        count = int(server.config_get("databases")["databases"])
    except redis.RedisError:
        count = 16

    def database(number: int):
        return redis.Redis.from_url(urlunsplit(parts._replace(path=f"/{number}")), socket_connect_timeout=2)

    number = next((n for n in range(count - 1, -1, -1) if n != taken and database(n).dbsize() == 0), None)
    if number is None:
        pytest.skip("no empty Redis database")
    own = database(number)
    yield urlunsplit(parts._replace(path=f"/{number}"))
    own.flushdb()


class Sink:
    def __init__(self):
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


# --- docker-compose.yml, read and translated to this host ------------------------------------


def compose_environment(values: dict[str, str]) -> dict[str, str]:
    """The portal services' environment with ${VAR:-default} and ${VAR:?error} filled from ``values``."""

    def substitute(match):
        name, operator, argument = match.groups()
        if name in values:
            return values[name]
        assert operator == ":-", f"docker-compose.yml requires {name}: {argument}"
        return argument

    return {
        name: re.sub(r"\$\{(\w+)(:[-?])([^}]*)\}", substitute, str(value))
        for name, value in SERVICES["web"]["environment"].items()
    }


def host_command(service: str, workdir: Path) -> list[str]:
    """The service's command, with the program from this virtualenv and /app/... under ``workdir``."""
    program, *args = SERVICES[service]["command"]
    executable = sys.executable if program == "python" else str(Path(sys.executable).with_name(program))
    return [executable, *(str(workdir / arg.removeprefix("/app/")) if arg.startswith("/app/") else arg for arg in args)]


class Portal:
    """The running processes and a way to ask the web server things."""

    def __init__(self, workdir: Path, env: dict[str, str], port: int):
        self.workdir, self.env, self.port = workdir, env, port
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def run(self, command: list[str], *, timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)

    def start(self, service: str, *, log_name: str | None = None):
        log = self.workdir / f"{log_name or service}.log"
        with log.open("ab") as out:
            self.processes[service] = subprocess.Popen(
                host_command(service, self.workdir),
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group per service, like a container
            )
        self.logs[service] = log

    def log(self, service: str) -> str:
        return self.logs[service].read_text(encoding="utf-8", errors="replace")

    def request(self, path: str, headers: dict[str, str] | None = None, *, timeout: float = 10):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def health(self):
        try:
            status, _headers, body = self.request("/health/", timeout=5)
        except OSError:
            return None, None
        return status, json.loads(body)

    def healthcheck_script(self) -> subprocess.CompletedProcess:
        command = SERVICES["web"]["healthcheck"]["test"][1:]
        assert command == ["python", "scripts/healthcheck.py"]
        return self.run([sys.executable, *command[1:]], timeout=30)

    def kill_everything(self):
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def portal(tmp_path, fresh_database, own_redis_database, smtp_sink):
    _sink, smtp_port = smtp_sink
    port = free_port()
    compose_env = compose_environment(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "PORTAL_BASE_URL": f"https://{HOST}",
            "POSTGRES_PASSWORD": "unused",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
        }
    )
    assert compose_env["DEBUG"] == "0"
    assert compose_env["SECURE_PROXY_SSL_HEADER"] == "1"
    env = {
        **clean_environment("DATABASE_URL", "REDIS_URL", "EMAIL_MODE", "PORTAL_VAR_DIR", "STATIC_ROOT"),
        **compose_env,
        # What the compose file points at the containers' network and volumes, here on this host.
        "DATABASE_URL": fresh_database,
        "REDIS_URL": own_redis_database,
        "MEDIA_ROOT": str(tmp_path / "var" / "media"),
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        # What the image and the orchestrator decide: where gunicorn listens, and a short
        # heartbeat so that a dead worker shows within seconds.
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "HEALTH_HEARTBEAT_INTERVAL": str(HEARTBEAT_INTERVAL),
        "HEALTH_HEARTBEAT_MAX_AGE": str(HEARTBEAT_MAX_AGE),
        "PYTHONUNBUFFERED": "1",
    }
    (tmp_path / "var").mkdir()
    running = Portal(tmp_path, env, port)
    try:
        yield running
    finally:
        running.kill_everything()


@pytest.mark.postgres
@pytest.mark.redis
def test_the_compose_commands_serve_heal_and_stop_cleanly(portal, smtp_sink):
    sink, _port = smtp_sink

    # The image's build step and the one-shot migrate service.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "python manage.py collectstatic --noinput" in dockerfile
    result = portal.run([sys.executable, "manage.py", "collectstatic", "--noinput"], timeout=300)
    assert result.returncode == 0, result.stderr
    result = portal.run(host_command("migrate", portal.workdir), timeout=600)
    assert result.returncode == 0, result.stderr

    for service in ("web", "worker", "beat"):
        portal.start(service)

    # /health/ is 200 with every part up once beat has queued a heartbeat and the worker ran it.
    def healthy_with_heartbeat():
        status, body = portal.health()
        return status == 200 and body["checks"]["worker"]["detail"].startswith("last heartbeat") and body

    body = wait_for(healthy_with_heartbeat, seconds=120, what="/health/ was not 200 with a worker heartbeat")
    assert body["status"] == "ok"
    assert {name: (part["ok"], part["detail"]) for name, part in body["checks"].items() if name != "worker"} == {
        "database": (True, "postgresql"),
        "cache": (True, "RedisCache"),
        "broker": (True, "redis"),
    }
    assert body["worker_last_heartbeat"] is not None
    assert "Sending due task worker-heartbeat (portal.record_worker_heartbeat)" in portal.log("beat")
    assert portal.healthcheck_script().returncode == 0

    # A page, with the production headers.
    status, headers, page = portal.request("/", {"Accept-Language": "en"})
    assert status == 200, page[:500]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Permissions-Policy"].startswith("accelerometer=(), ")
    assert "Content-Security-Policy" in headers

    # A static file by its hashed name from the manifest, compressed as the client asks.
    stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page does not link the stylesheet by its hashed name"
    path = stylesheet.group(1).decode()
    original = (portal.workdir / "staticfiles" / path.removeprefix("/static/")).read_bytes()
    for encoding, decompress in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        status, headers, body = portal.request(path, {"Accept-Encoding": encoding})
        assert status == 200
        assert headers["Content-Encoding"] == encoding
        assert headers["Content-Type"] == 'text/css; charset="utf-8"'
        assert "immutable" in headers["Cache-Control"]
        assert decompress(body) == original
    status, headers, body = portal.request(path)
    assert (status, headers["Content-Encoding"], body) == (200, None, original)
    status, headers, _body = portal.request("/favicon.ico")
    assert (status, headers["Content-Type"]) == (200, "image/x-icon")

    # A task queued through Redis is consumed by the worker: the mail arrives at the SMTP server.
    client = Celery("client", broker=portal.env["REDIS_URL"], set_as_current=False)
    message = {"to": ["mottaker@test.example"], "subject": "Produksjonsform", "text": "Hei fra arbeideren."}
    client.send_task("portal.send_email", kwargs={"message": message})
    wait_for(lambda: sink.received, seconds=60, what="the worker did not send the queued mail")
    recipients, content = sink.received[0]
    assert recipients == ["mottaker@test.example"]
    assert b"Subject: Produksjonsform" in content

    # A worker killed without a goodbye: /health/ turns 503 once the heartbeat is older than the
    # limit, and the container health check fails, so an orchestrator restarts it.
    os.killpg(portal.processes["worker"].pid, signal.SIGKILL)
    portal.processes["worker"].wait(timeout=10)

    def unhealthy():
        status, body = portal.health()
        return status == 503 and body

    body = wait_for(unhealthy, seconds=HEARTBEAT_MAX_AGE + 60, what="/health/ did not turn 503 after the worker died")
    assert body["status"] == "error"
    assert body["checks"]["worker"]["ok"] is False
    assert re.fullmatch(rf"last heartbeat \d+ s ago \(limit {HEARTBEAT_MAX_AGE} s\)", body["checks"]["worker"]["detail"])
    assert [name for name, part in body["checks"].items() if not part["ok"]] == ["worker"]
    check = portal.healthcheck_script()
    assert check.returncode == 1
    assert check.stderr.startswith("unhealthy: HTTP 503: worker: last heartbeat ")

    # The restarted worker catches up, and /health/ is 200 again.
    portal.start("worker", log_name="worker-restarted")
    wait_for(lambda: portal.health()[0] == 200, seconds=120, what="/health/ was not 200 again after a new worker")

    # SIGTERM, as `docker compose stop` sends to each container: every process ends cleanly.
    for service in ("web", "worker", "beat"):
        process = portal.processes[service]
        process.send_signal(signal.SIGTERM)
        try:
            returncode = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{service} did not stop within 60 s of SIGTERM:\n{portal.log(service)[-3000:]}")
        assert returncode == 0, f"{service} exited with {returncode}:\n{portal.log(service)[-3000:]}"
