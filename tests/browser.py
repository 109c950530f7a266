"""Helpers for tests that drive headless Chromium through Playwright."""

import json

import pyotp
from axe_playwright_python.sync_playwright import Axe

from tests.factories import TEST_PASSWORD

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def log_in(page, user, *, password=TEST_PASSWORD, totp=True):
    """Log in through the real form; for a user with TOTP, also enter the current code."""
    page.goto("/konto/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("main form.stacked-form button[type=submit]").click()
    if totp and getattr(user, "totp_secret", None):
        page.wait_for_url("**/konto/2fa/authenticate/")
        page.fill("input[name=code]", pyotp.TOTP(user.totp_secret).now())
        page.locator("main form button[type=submit]").first.click()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it stands; return the WCAG 2.1 A/AA violations, summarised."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def describe(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)
