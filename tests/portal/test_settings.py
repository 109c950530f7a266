"""Settings come from the environment; a bad value stops start-up with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.env import EnvError, env_bool, env_int, env_municipalities

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-like-secret-Æ9#x" + "z" * 20,
    "ALLOWED_HOSTS": "naering.kommune.example",
    "PORTAL_BASE_URL": "https://naering.kommune.example",
    "EMAIL_HOST": "smtp.kommune.example",
}


def clean_environment(*drop: str) -> dict[str, str]:
    """The test process's environment without what the test run itself sets."""
    unwanted = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", *drop}
    return {k: v for k, v in os.environ.items() if k not in unwanted}


def run_manage(*args, env=None):
    clean = clean_environment()
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "Configuration error: DEBUG='maybe' is not a boolean; use one of 1/0, true/false, yes/no, on/off."),
        ("EMAIL_PORT", "smtp", "Configuration error: EMAIL_PORT='smtp' is not a whole number."),  # with EMAIL_HOST set
        (
            "DATABASE_URL",
            "mysql://db/portal",
            "Configuration error: DATABASE_URL must be a URL starting with sqlite:// or postgres:// or postgresql://.",
        ),
        ("REDIS_URL", "redis://:notaport:x/0", "Configuration error: REDIS_URL has no host name."),
        (
            "PORTAL_MUNICIPALITIES",
            "3201,9999",
            "Configuration error: PORTAL_MUNICIPALITIES: 9999 is not a municipality number in the 2024 table.",
        ),
        (
            "PORTAL_MUNICIPALITIES",
            "0219",
            "Configuration error: PORTAL_MUNICIPALITIES: 0219 is an old municipality number; use 3201 (2024 numbering).",
        ),
        (
            "PORTAL_MUNICIPALITIES",
            "32O1",
            "Configuration error: PORTAL_MUNICIPALITIES: '32O1' is not a 4-digit municipality number.",
        ),
        ("EMAIL_MODE", "pigeon", "Configuration error: EMAIL_MODE='pigeon' is not one of: file, console, smtp."),
        ("DEFAULT_FROM_EMAIL", "noreply", "Configuration error: DEFAULT_FROM_EMAIL='noreply' is not an e-mail address."),
    ],
)
def test_malformed_environment_stops_manage_py_with_one_line(variable, value, message):
    result = run_manage("check", env={"EMAIL_HOST": "smtp.kommune.example", variable: value})
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", env={"DEBUG": "0", "ALLOWED_HOSTS": "x.example"})
    assert result.returncode == 1
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off."


def test_celery_worker_with_malformed_environment_stops_with_one_line():
    clean = clean_environment()
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel=ERROR"],
        cwd=ROOT,
        env={**clean, "PORTAL_MUNICIPALITIES": "12345"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Configuration error: PORTAL_MUNICIPALITIES: '12345' is not a 4-digit municipality number."
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_flags_the_development_defaults():
    # The deploy check has teeth: the embedded development defaults are not fit for production.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    assert "security.W018" in result.stderr  # DEBUG on


def test_typed_readers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "17")
    monkeypatch.setenv("X_RANGE", "0")
    assert env_bool("X_BOOL", False) is True
    assert env_bool("X_UNSET", False) is False
    assert env_int("X_INT", 3) == 17
    with pytest.raises(EnvError, match=r"^X_RANGE=0 is outside the allowed range 1\.\.10\.$"):
        env_int("X_RANGE", 5, minimum=1, maximum=10)
    monkeypatch.setenv("X_MUNI", " 3201 , 3203 ")
    assert env_municipalities("X_MUNI", [], known={"3201": "Bærum", "3203": "Asker"}, renumbered={}) == ["3201", "3203"]


def test_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Europe/Oslo"
    assert settings.LANGUAGE_CODE == "nb"
    assert [code for code, _ in settings.LANGUAGES] == ["nb", "en"]


def test_embedded_defaults_need_no_server(tmp_path):
    # A fresh process with none of the service variables: SQLite, a filesystem broker, a file outbox.
    clean = clean_environment("DATABASE_URL", "REDIS_URL", "EMAIL_HOST")
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.MAILERS['default']['BACKEND'], "
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**clean, "PORTAL_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.contrib.sessions.backends.db",
    ]


def test_database_and_redis_from_environment(settings):
    # Under CI (PORTAL_REQUIRE_SERVICES=1) this must run: the suite is on PostgreSQL and Redis.
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")):
        pytest.skip("DATABASE_URL (PostgreSQL) and REDIS_URL are not both set")
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
