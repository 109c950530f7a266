"""`make run`'s command: Ctrl-C is a normal stop (exit 0), nothing is left in the repository, and
links in e-mails follow the address the portal runs on."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from portal.management.commands.runportal import child_environment
from tests.portal.test_settings import ROOT, clean_environment


@pytest.mark.parametrize(
    ("addr", "base_url"),
    [
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("localhost:9000", "http://localhost:9000"),
        ("0.0.0.0:8000", "http://localhost:8000"),
        ("8080", "http://localhost:8080"),
        ("[::1]:8001", "http://[::1]:8001"),
    ],
)
def test_links_follow_the_address_when_no_base_url_is_set(addr, base_url):
    env = child_environment(addr, {"PATH": "/usr/bin", "PORTAL_BASE_URL": ""})
    assert env == {"PATH": "/usr/bin", "PORTAL_BASE_URL": base_url}


def test_an_explicit_base_url_is_kept():
    env = child_environment("127.0.0.1:8123", {"PORTAL_BASE_URL": "https://naering.kommune.example"})
    assert env["PORTAL_BASE_URL"] == "https://naering.kommune.example"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()  # noqa: SIM115
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def environment_of(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as fh:
        pairs = [item.split(b"=", 1) for item in fh.read().split(b"\0") if b"=" in item]
    return {key.decode(): value.decode() for key, value in pairs}


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} within {seconds} s")


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the children's environment from /proc")
def test_ctrl_c_stops_everything_with_exit_0_and_leaves_the_repository_clean(tmp_path):
    port = free_port()
    log = tmp_path / "runportal.log"
    control_existed = (ROOT / "control").exists()
    env = {
        **clean_environment("DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "PORTAL_BASE_URL"),
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "PORTAL_ADDR": f"127.0.0.1:{port}",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runportal"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Like a terminal: its own process group, Ctrl-C (SIGINT) not ignored.
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:

        def web_answers():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=2) as response:
                    return response.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_for(web_answers, seconds=120, what="the web server did not answer")
        wait_for(lambda: b"ready." in log.read_bytes(), seconds=60, what="the worker was not ready")
        wait_for(lambda: b"beat: Starting..." in log.read_bytes(), seconds=60, what="beat did not start")

        children = children_of(process.pid)
        assert len(children) == 3
        assert {environment_of(pid)["PORTAL_BASE_URL"] for pid in children} == {f"http://127.0.0.1:{port}"}

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, output
    assert output.rstrip().endswith("Stopped."), output
    assert "stopped with exit code" not in output
    assert f"Links in e-mails start with http://127.0.0.1:{port}" in output
    # The filesystem broker keeps its control folder under the var folder, not in the repository.
    assert (tmp_path / "var" / "broker-control").is_dir()
    assert (ROOT / "control").exists() == control_existed
