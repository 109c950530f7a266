"""Shared fixtures: personas for every role, and the real services the suite talks to.

Tests that need a service the machine lacks (Redis, Chromium, gettext, PostgreSQL) skip locally.
With PORTAL_REQUIRE_SERVICES=1 (set by .ci/run) every skip is turned into a failure, so CI can
never pass by quietly not testing something.
"""

import os
import shutil
import uuid
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.roles import Role
from tests.factories import BusinessFactory, BusinessRepresentativeFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under PORTAL_REQUIRE_SERVICES=1, which counts as a failure: {reason}"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # Each test gets an empty cache of its own, so rate-limit counters never leak between tests.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}}
    from portal.celery import app

    # Tasks run in the test process unless a test starts a real worker. conf.update loads the
    # configuration from Django settings first, so these values are not overwritten later.
    app.conf.update(task_always_eager=True, task_eager_propagates=True)


@pytest.fixture(autouse=True)
def _role_groups(db):
    from portal.services import sync_role_groups

    sync_role_groups()


# --- Personas -----------------------------------------------------------------------------


@dataclass
class Personas:
    anonymous: None
    owner: object
    other_owner: object
    officer: object
    council_member: object
    chief_executive: object
    politician: object
    admin: object
    business: object
    other_business: object

    NAMES = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")


@pytest.fixture
def personas(db):
    business = BusinessFactory(orgnr="925321141", name="DESINTRYGG AS")
    other_business = BusinessFactory(orgnr="812844822", name="BLOMSTERFRAKT ØST AS")
    owner = UserFactory(email="owner@test.example", name="Kari Eier", role=Role.BUSINESS_OWNER)
    other_owner = UserFactory(email="other.owner@test.example", name="Ola Annen", role=Role.BUSINESS_OWNER)
    BusinessRepresentativeFactory(business=business, user=owner)
    BusinessRepresentativeFactory(business=other_business, user=other_owner)
    return Personas(
        anonymous=None,
        owner=owner,
        other_owner=other_owner,
        officer=UserFactory(email="officer@test.example", name="Ingrid Næringssjef", role=Role.OFFICER),
        council_member=UserFactory(email="council@test.example", name="Yngve Råd", role=Role.COUNCIL_MEMBER),
        chief_executive=UserFactory(email="ce@test.example", name="Lars Direktør", role=Role.CHIEF_EXECUTIVE),
        politician=UserFactory(email="politician@test.example", name="Sara Politiker", role=Role.POLITICIAN),
        admin=UserFactory(email="admin@test.example", name="Admin Adminsen", role=Role.ADMINISTRATOR),
        business=business,
        other_business=other_business,
    )


@pytest.fixture
def client_for(client, personas):
    """client_for("officer") -> a test client logged in as that persona (anonymous: logged out)."""

    def make(name: str):
        client.logout()
        user = getattr(personas, name)
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Real services --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at REDIS_URL does not answer: {error}")
    return url


@pytest.fixture(scope="session")
def msgfmt():
    path = shutil.which("msgfmt")
    if not path:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    return path


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_for(browser, live_server):
    """page_for("en") -> a fresh browser page whose Accept-Language is that language."""
    contexts = []

    def make(language: str = "nb"):
        context = browser.new_context(locale="nb-NO" if language == "nb" else "en-GB", base_url=live_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
