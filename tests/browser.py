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


# Elements a person taps: checked for WCAG 2.2's 2.5.8 "Target Size (Minimum)", 24 × 24 CSS px.
_TAP_TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary"

_HORIZONTAL_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return {scrollWidth, width, offenders: []};
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  // The outermost elements that stick out: their parent still fits, so they are where to look.
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (right <= width + 0.5 || clipped(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue;
    offenders.push({element: window.__describe(el), right: Math.round(right)});
  }
  // Text that does not wrap (a long e-mail address) sticks out of an element that itself fits.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    range.selectNodeContents(walker.currentNode);
    const right = range.getBoundingClientRect().right;
    if (right <= width + 0.5 || el.getBoundingClientRect().right > width + 0.5 || clipped(el)) continue;
    offenders.push({text_in: window.__describe(el), right: Math.round(right)});
  }
  return {scrollWidth, width, offenders: offenders.slice(0, 10)};
}"""

_SMALL_TAP_TARGETS_JS = """(selector) => {
  const targets = [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  });
  const runningText = 'p, li, td, th, dd, dt, figcaption, blockquote, address';
  const small = [];
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (r.width >= 24 && r.height >= 24) continue;
    // Exception "inline": a link in a sentence or a block of text, sized by the text's line height.
    if (getComputedStyle(el).display === 'inline' && el.closest(runningText)) continue;
    // Exception "spacing": a 24 px square centred on the target touches no other target.
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const square = {left: cx - 12, right: cx + 12, top: cy - 12, bottom: cy + 12};
    const crowded = targets.some((other) => {
      if (other === el || other.contains(el) || el.contains(other)) return false;
      const o = other.getBoundingClientRect();
      return o.left < square.right && o.right > square.left && o.top < square.bottom && o.bottom > square.top;
    });
    if (!crowded) continue;
    small.push({element: window.__describe(el), size: `${Math.round(r.width)}x${Math.round(r.height)}`});
  }
  return small;
}"""

_DESCRIBE_JS = """() => {
  window.__describe = (el) => {
    let text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
    const classes = [...el.classList].map((c) => '.' + c).join('');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes + (text ? ` "${text.slice(0, 40)}"` : '');
  };
}"""


def horizontal_overflow(page) -> dict:
    """{scrollWidth, width, offenders}: the outermost elements, and text, reaching past the viewport."""
    page.evaluate(_DESCRIBE_JS)
    return page.evaluate(_HORIZONTAL_OVERFLOW_JS)


def small_tap_targets(page, *, within=("header", "main")) -> list[dict]:
    """Visible links, buttons and fields in `within` smaller than 24 × 24 px, less WCAG 2.5.8's exceptions."""
    page.evaluate(_DESCRIBE_JS)
    selector = ", ".join(f"{region} :is({_TAP_TARGETS})" for region in within)
    return page.evaluate(_SMALL_TAP_TARGETS_JS, selector)
