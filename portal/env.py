"""Typed readers for environment variables.

Each reader returns the embedded default when the variable is unset or empty, and raises
``EnvError`` with one line naming the variable when the value cannot be used. ``manage.py``,
``wsgi.py`` and ``celery.py`` print that line and stop, so a bad deployment fails at start-up
instead of at the first request.
"""

import csv
import os
import re
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class EnvError(ImproperlyConfigured):
    """A configuration value from the environment is unknown or malformed."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise EnvError(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"{name}={value!r} is not a whole number.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise EnvError(f"{name}={number} is outside the allowed range {minimum}..{maximum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise EnvError(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise EnvError(f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}.")
    if parsed.scheme not in ("sqlite", "filesystem") and not parsed.hostname:
        raise EnvError(f"{name} has no host name.")
    try:
        parsed.port  # noqa: B018 - urlparse validates the port lazily
    except ValueError:
        raise EnvError(f"{name} has an invalid port.") from None
    return value


def env_color(name: str, default: str) -> str:
    """A colour as ``#rrggbb`` (lower case), the form the Designsystemet theme CLI takes."""
    value = env_str(name, default)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise EnvError(f"{name}={value!r} is not a colour; use # and six hex digits, e.g. #0e6a73.")
    return value.lower()


def env_static_file(name: str, default: str, *, static_dir: Path, suffixes: tuple[str, ...]) -> str:
    """A path inside ``static_dir`` (for ``{% static %}``) to a file that exists, with one of ``suffixes``."""
    value = env_str(name, default).lstrip("/")
    path = (static_dir / value).resolve()
    if not path.is_relative_to(static_dir.resolve()) or not path.is_file():
        raise EnvError(f"{name}={value!r} is not a file under {static_dir}.")
    if path.suffix.lower() not in suffixes:
        raise EnvError(f"{name}={value!r} must end with {' or '.join(suffixes)}.")
    return value


def env_email(name: str, default: str) -> str:
    value = env_str(name, default)
    # Accept "Name <address>" as Django does for DEFAULT_FROM_EMAIL.
    address = value.rsplit("<", 1)[-1].rstrip(">").strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise EnvError(f"{name}={value!r} is not an e-mail address.")
    return value


def read_municipalities(path: Path) -> dict[str, str]:
    """Municipality number -> name from the shipped SSB table (2024 numbers)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["kommunenummer"]: row["kommunenavn"] for row in csv.DictReader(fh)}


def read_renumbering(path: Path) -> dict[str, str]:
    """Old municipality number (pre-2020 and 2020-2023) -> 2024 number."""
    mapping: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for old in (row["kommunenummer_pre2020"], row["kommunenummer_2020_2023"]):
                if old and old != row["kommunenummer_2024"]:
                    mapping[old] = row["kommunenummer_2024"]
    return mapping


def env_municipalities(name: str, default: list[str], *, known: dict[str, str], renumbered: dict[str, str]) -> list[str]:
    return check_municipalities(name, env_list(name, default), known=known, renumbered=renumbered)


def check_municipalities(label: str, numbers: list[str], *, known: dict[str, str], renumbered: dict[str, str]) -> list[str]:
    """Validate municipality numbers (2024 numbering); the error names ``label``."""
    if not numbers:
        raise EnvError(f"{label} must name at least one municipality number, e.g. 3201,3203.")
    for number in numbers:
        if not re.fullmatch(r"\d{4}", number):
            raise EnvError(f"{label}: {number!r} is not a 4-digit municipality number.")
        if number in renumbered:
            raise EnvError(f"{label}: {number} is an old municipality number; use {renumbered[number]} (2024 numbering).")
        if number not in known:
            raise EnvError(f"{label}: {number} is not a municipality number in the 2024 table.")
    return numbers
