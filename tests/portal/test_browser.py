"""Log in, log out, a failed login and the staff two-factor requirement, in headless Chromium."""

import pyotp
import pytest

from portal.roles import Role
from tests.browser import log_in
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_business_owner_logs_in_and_out(page_for, personas, live_server):
    page = page_for("nb")
    page.goto("/")
    page.get_by_role("link", name="Logg inn").click()
    page.fill("input[name=login]", "owner@test.example")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    # A business owner has no dashboard: the login lands on Min side, with the businesses the owner represents.
    page.wait_for_url(f"{live_server.url}/min-side/")
    assert page.get_by_role("heading", level=1).inner_text() == "Min side"
    assert page.get_by_role("link", name="DESINTRYGG AS").get_attribute("href") == "/bedrifter/925321141/"
    # Log out sits in the "Min side" menu, a <details> that opens on click.
    logout = page.get_by_role("button", name="Logg ut (Kari)")
    assert not logout.is_visible()
    page.locator(".site-menu > summary").click()
    assert logout.is_visible()
    logout.click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Logg inn").is_visible()


def test_failed_login_shows_an_error_and_stays_logged_out(page_for, personas):
    page = page_for("en")
    page.goto("/konto/login/")
    page.fill("input[name=login]", "owner@test.example")
    page.fill("input[name=password]", "not-the-password-1")
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_role("alert").inner_text().strip() == "The email address and/or password you specified are not correct."
    assert page.url.endswith("/konto/login/")
    assert page.get_by_role("link", name="Log in").is_visible()


def test_staff_with_totp_must_give_the_code(page_for, personas):
    page = page_for("en")
    log_in(page, personas.officer, totp=False)
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.fill("input[name=code]", "123456" if pyotp.TOTP(personas.officer.totp_secret).now() != "123456" else "654321")
    page.locator("main form button[type=submit]").first.click()
    assert "Incorrect code." in page.content()
    page.fill("input[name=code]", pyotp.TOTP(personas.officer.totp_secret).now())
    page.locator("main form button[type=submit]").first.click()
    # Staff land on their start page.
    page.wait_for_url("**/arbeid/")
    assert page.get_by_role("heading", level=1).inner_text() == "My tasks"
    page.goto("/oversikt/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"


def test_staff_without_totp_is_made_to_set_it_up(page_for, db):
    officer = UserFactory(email="new.officer@test.example", name="Nina Ny", role=Role.OFFICER, role__totp=False)
    page = page_for("en")
    log_in(page, officer)
    # Straight to two-factor set-up: first the password once more, then the authenticator.
    page.wait_for_url("**/konto/reauthenticate/**")
    assert "Your role requires two-factor authentication. Set it up to continue." in page.content()
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    # Anything else leads back here until TOTP is active.
    page.goto("/oversikt/")
    page.wait_for_url("**/konto/2fa/totp/activate/")
    secret = page.locator("input#authenticator_secret").input_value()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").first.click()
    page.goto("/oversikt/")
    assert page.url.endswith("/oversikt/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"


def test_pages_work_without_javascript(browser, live_server, personas):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO", base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/konto/login/")
        page.fill("input[name=login]", "owner@test.example")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{live_server.url}/min-side/")
        page.select_option("#language-select", "en")
        page.get_by_role("button", name="Bytt").click()
        assert page.get_by_role("heading", level=1).inner_text() == "My page"
        # The profile form, submitted without JavaScript: the name changes, the page says so.
        page.goto("/min-side/profil/")
        page.fill("input[name=name]", "Kari Nordmann")
        page.locator("main form.stacked-form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/min-side/")
        assert "Your profile is saved." in page.content()
    finally:
        context.close()
