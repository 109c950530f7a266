"""The pages follow the device's colour scheme (data-color-scheme="auto"): axe-core, colour contrast
included, finds no WCAG 2.1 A/AA violation on the main pages of the demo in light and in dark mode,
in bokmål and English.

axe_violations runs every rule tagged WCAG 2.1 A/AA, so `color-contrast` is checked in both schemes;
the first test proves that the emulated scheme reaches the page and that the rule fires. The dark
pages are also saved as full-page screenshots in var/screenshots/dark-<language>-<page>.png.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management import call_command

from meetings.models import Meeting
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.models import User
from tests.browser import axe_violations, describe, log_in

pytestmark = pytest.mark.browser

DEMO_ORGNR = "925321141"
# Whose pages are scanned, after the anonymous ones: (demo e-mail, paths).
PAGES = [
    (None, ["/", "/bedrifter/?q=as", f"/bedrifter/{DEMO_ORGNR}/", "/moter/", "/moter/{published}/referat/", "/konto/login/"]),
    ("eier@demo.example", ["/min-side/", "/konto/2fa/"]),
    ("naeringssjef@demo.example", ["/arbeid/", "/oversikt/", "/moter/{next}/", "/moter/{held}/referat/endre/"]),
]


def test_the_dark_scheme_reaches_the_page_and_its_contrast_is_checked(page_for, db):
    # A page that is legible in light mode and grey on black in dark mode.
    html = (
        '<html lang="en"><head><title>Contrast</title><style>'
        "body { color: #111; background: #fff; }"
        "@media (prefers-color-scheme: dark) { body { color: #333; background: #000; } }"
        "</style></head><body><main><h1>Contrast</h1><p>Some text.</p></main></body></html>"
    )
    page = page_for("en")
    page.set_content(html)
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="dark")
    page.set_content(html)
    assert [v["id"] for v in axe_violations(page)] == ["color-contrast"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_main_pages_have_no_violations_in_either_colour_scheme(page_for, scheme, language):
    call_command("load_demo", verbosity=0)
    planned = Meeting.objects.filter(state__in=[Meeting.State.PLANNED, Meeting.State.INVITED]).order_by("starts_at")
    meetings = {
        "next": planned.first().pk,
        "held": Meeting.objects.get(state=Meeting.State.HELD).pk,
        "published": Meeting.objects.get(state=Meeting.State.MINUTES_PUBLISHED).pk,
    }
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    found = {}
    for email, paths in PAGES:
        page = page_for(language)  # a context of its own: logged out
        page.emulate_media(color_scheme=scheme)
        if email:
            user = User.objects.get(email=email)
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                user.totp_secret = DEMO_TOTP_SECRET
            log_in(page, user, password=DEMO_PASSWORD)
            page.wait_for_url(lambda url: "/konto/" not in url)
        for template in paths:
            path = template.format(**meetings)
            response = page.goto(path)
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is (scheme == "dark")
            violations = axe_violations(page)
            if scheme == "dark":  # for a person to look at, beside test_screenshots.py's light ones
                slug = template.split("?")[0].strip("/").replace("/", "-").replace("{", "").replace("}", "") or "front"
                page.screenshot(path=out / f"dark-{language}-{slug}.png", full_page=True)
            if response.status != 200:
                violations.append({"id": f"answered {response.status}"})
            if violations:
                found[path] = violations
    assert not found, describe(found)
