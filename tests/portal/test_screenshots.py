"""Evidence for a person to look at: the main pages of each role, on the demo data, at 390 and 1280 px.

Full-page screenshots go to var/screenshots/<role>-<page>-<width>.png (PORTAL_VAR_DIR; not committed).
On every page, at both widths: the page answers 200, nothing makes the page scroll sideways, and every
visible link, button and field in the header and main area is at least 24 × 24 px (WCAG 2.2, 2.5.8),
except links in running text and small targets with room around them. A failure names each page and
the elements at fault, after all pages are taken, so one run shows everything.
"""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management import call_command

from meetings.models import Meeting
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.models import User
from strategies.demo.plans import TITLE as DEMO_PLAN
from strategies.models import Plan, StatusRound
from tests.browser import horizontal_overflow, log_in, small_tap_targets

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
DEMO_ORGNR = "925321141"  # DESINTRYGG AS, which the demo owner represents

# role -> (demo e-mail or None, [(page name, path)]); {next}, {held} and {published} are meeting ids, {plan} the
# demo plan's current revision and {round} its open status round.
ROLES = {
    "anonymous": (
        None,
        [
            ("front", "/"),
            ("businesses", "/bedrifter/?q=as"),
            ("business", f"/bedrifter/{DEMO_ORGNR}/"),
            ("meetings", "/moter/"),
            ("published-minutes", "/moter/{published}/referat/"),
            ("contact-point", "/kontakt/"),
            ("strategy", "/strategi/"),
            ("plan", "/strategi/{plan}/"),
            ("enquiry", "/kontakt/henvendelse/"),
            ("login", "/konto/login/"),
        ],
    ),
    "owner": (
        "eier@demo.example",
        [
            ("front", "/"),
            ("my-page", "/min-side/"),
            ("business", f"/bedrifter/{DEMO_ORGNR}/"),
            ("profile", f"/bedrifter/{DEMO_ORGNR}/profil/"),
            ("enquiries", "/kontakt/henvendelser/"),
            ("meetings", "/moter/"),
            ("email", "/konto/email/"),
            ("two-factor", "/konto/2fa/"),
        ],
    ),
    "council-member": (
        "naeringsrad@demo.example",
        [
            ("my-page", "/min-side/"),
            ("meetings", "/moter/"),
            ("meeting", "/moter/{next}/"),
            ("propose", "/moter/{next}/forslag/"),
            ("action-points", "/moter/oppfolging/"),
            ("held-minutes", "/moter/{held}/referat/"),
        ],
    ),
    "officer": (
        "naeringssjef@demo.example",
        [
            ("start", "/arbeid/"),
            ("businesses", "/bedrifter/?q=as"),
            ("business-crm", f"/bedrifter/{DEMO_ORGNR}/"),
            ("enquiries", "/kontakt/henvendelser/"),
            ("follow-ups", "/bedrifter/oppfolging/"),
            ("plan-calculation", "/strategi/{plan}/?utregning=1"),
            ("status-round", "/strategi/statusrunder/{round}/"),
            ("red-flags", "/bedrifter/flagg/"),
            ("series", "/moter/serier/"),
            ("meeting", "/moter/{next}/"),
            ("participants", "/moter/{next}/deltakere/"),
            ("minutes-edit", "/moter/{held}/referat/endre/"),
        ],
    ),
    "chief-executive": (
        "kommunedirektor@demo.example",
        [
            ("start", "/arbeid/"),
            ("dashboard", "/oversikt/"),
            ("meetings", "/moter/"),
            ("meeting", "/moter/{next}/"),
            ("action-points", "/moter/oppfolging/"),
            ("business", f"/bedrifter/{DEMO_ORGNR}/"),
        ],
    ),
    "politician": (
        "politiker@demo.example",
        [
            ("dashboard", "/oversikt/"),
            ("my-page", "/min-side/"),
            ("businesses", "/bedrifter/?q=as"),
            ("meetings", "/moter/"),
            ("published-minutes", "/moter/{published}/referat/"),
            ("front", "/"),
        ],
    ),
    "admin": (
        "admin@demo.example",
        [
            ("start", "/arbeid/"),
            ("dashboard", "/oversikt/"),
            ("businesses", "/bedrifter/?q=as"),
            ("series", "/moter/serier/"),
            ("admin", "/admin/"),
            ("admin-users", "/admin/portal/user/"),
        ],
    ),
}


def demo_meeting_ids() -> dict[str, int]:
    """The dialogue series' next planned meeting, last week's held one, the one with published minutes, the demo
    plan and its open status round."""
    planned = Meeting.objects.filter(series__isnull=False, state__in=[Meeting.State.PLANNED, Meeting.State.INVITED]).order_by(
        "starts_at"
    )
    return {
        "next": planned.first().pk,
        "held": Meeting.objects.get(state=Meeting.State.HELD).pk,
        "published": Meeting.objects.get(state=Meeting.State.MINUTES_PUBLISHED).pk,
        "plan": Plan.objects.get(title=DEMO_PLAN, state=Plan.State.ADOPTED).pk,
        "round": StatusRound.objects.get(plan__title=DEMO_PLAN, state=StatusRound.State.OPEN).pk,
    }


def demo_user(email: str) -> User:
    user = User.objects.get(email=email)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        user.totp_secret = DEMO_TOTP_SECRET  # what log_in enters a code from
    return user


def check_page(page, path: str, *, width: int) -> list[str]:
    """What is wrong with the page as it stands at this width, in words (empty: nothing)."""
    problems = []
    overflow = horizontal_overflow(page)
    if overflow["scrollWidth"] > overflow["width"]:
        problems.append(
            f"scrolls sideways at {width} px (scrollWidth {overflow['scrollWidth']}): "
            + json.dumps(overflow["offenders"], ensure_ascii=False)
        )
    small = small_tap_targets(page)
    if small:
        problems.append(f"tap targets under 24 px at {width} px: " + json.dumps(small, ensure_ascii=False))
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_main_pages_per_role_at_phone_and_desktop_width(browser, live_server, role):
    call_command("load_demo", verbosity=0)
    meetings = demo_meeting_ids()
    email, pages = ROLES[role]
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="nb-NO", base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 844})
    try:
        page = context.new_page()
        if email:
            log_in(page, demo_user(email), password=DEMO_PASSWORD)
            page.wait_for_url(lambda url: "/konto/" not in url)
        found = {}
        for name, path in pages:
            path = path.format(**meetings)
            problems = []
            page.set_viewport_size({"width": WIDTHS[0], "height": 844})
            response = page.goto(path)
            if response.status != 200:
                problems.append(f"answered {response.status}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})
                problems += check_page(page, path, width=width)
                page.screenshot(path=out / f"{role}-{name}-{width}.png", full_page=True)
            if problems:
                found[f"{role} {path}"] = problems
        assert not found, "\n" + json.dumps(found, indent=1, ensure_ascii=False)
    finally:
        context.close()


def test_the_checks_find_sideways_scroll_and_small_targets(page_for, db):
    page = page_for("en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(
        '<html lang="en"><head><title>Checks</title><style>'
        "body { margin: 0; } .wide { width: 500px; } .scroller { overflow-x: auto; } .tiny { width: 16px; height: 16px; }"
        "</style></head><body><header><a href='/'>Home</a></header><main>"
        '<div class="scroller"><table class="wide"><tr><td>Fits, in its scroll wrapper</td></tr></table></div>'
        '<div><p class="wide" id="long">Too wide</p></div>'
        '<p id="address">Write to averyveryveryveryveryveryverylongname@averyveryverylongdomain.example</p>'
        '<p>A sentence with <a href="/a">a link</a> in it.</p>'
        '<button class="tiny" id="one">1</button><button class="tiny" id="two">2</button>'
        '<div style="margin-top: 40px"><button class="tiny" id="alone">3</button></div>'
        "</main></body></html>"
    )
    overflow = horizontal_overflow(page)
    # How far the address reaches depends on the font; that it is named does not.
    assert overflow["width"] == 390
    assert overflow["scrollWidth"] == overflow["offenders"][1]["right"] > 500
    assert overflow["offenders"] == [
        {"element": 'p#long.wide "Too wide"', "right": 500},
        {"text_in": 'p#address "Write to averyveryveryveryveryveryverylo"', "right": overflow["scrollWidth"]},
    ]
    # The header's link is 20 px high but alone; the link in a sentence is exempt; so is the spaced button.
    assert small_tap_targets(page) == [
        {"element": 'button#one.tiny "1"', "size": "16x16"},
        {"element": 'button#two.tiny "2"', "size": "16x16"},
    ]
