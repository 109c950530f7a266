"""docker-compose.yml describes the production shape, and every command in it points at something real."""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_production_shape_has_the_five_services_and_a_migration_step():
    assert set(SERVICES) == {"migrate", "web", "worker", "beat", "db", "redis"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")


@pytest.mark.parametrize("name", ["web", "worker", "db", "redis"])
def test_long_running_services_have_health_checks(name):
    assert SERVICES[name]["healthcheck"]["test"]


def check_command(command: list[str]) -> None:
    program, *args = command
    if program == "gunicorn":
        module, attribute = args[0].split(":")
        assert callable(getattr(importlib.import_module(module), attribute))
        config = args[args.index("--config") + 1]
        assert (ROOT / config).is_file()
    elif program == "celery":
        assert args[0] == "-A"
        app = importlib.import_module(args[1]).celery_app
        assert app.main == "portal"
        assert args[2] in {"worker", "beat", "inspect"}
    elif program == "python" and args[0] == "manage.py":
        assert args[1] in get_commands()
    elif program == "python":
        assert (ROOT / args[0]).is_file()
    else:
        # Commands of the stock images (pg_isready, redis-server, redis-cli).
        assert program in {"redis-server", "redis-cli"}, program


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_command_points_at_something_that_exists(name):
    service = SERVICES[name]
    if "build" in service:
        assert (ROOT / service["build"] / "Dockerfile").is_file()
    if "command" in service:
        check_command(service["command"])
    test = service.get("healthcheck", {}).get("test", [])
    if test and test[0] == "CMD":
        check_command(test[1:])


def test_environment_passed_to_the_portal_is_read_by_settings():
    settings_source = (ROOT / "portal" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    passed = set(SERVICES["web"]["environment"])
    assert passed - read == set()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"} <= passed


def test_dockerfile_runs_the_same_web_command():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["gunicorn", "portal.wsgi:application", "--config", "portal/gunicorn.conf.py"]' in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
