"""axe-core on the API's documentation page (/api/), in bokmål and English, for anyone and a logged-in user;
the page is whole without JavaScript and loads nothing from another host."""

import pytest

from tests.browser import axe_violations, horizontal_overflow
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documentation_page(page_for, open_data, language):
    page = page_for(language)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    found = {}
    scan(page, "/api/", found, expect_status=200)
    assert_clean(found)
    heading = {"nb": "API for åpne data", "en": "Open data API"}[language]
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator("h3").count() == 14  # one per operation
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests), requests


def test_the_documentation_page_is_whole_without_javascript(browser, live_server, open_data):
    context = browser.new_context(java_script_enabled=False, locale="en-GB", base_url=live_server.url)
    try:
        page = context.new_page()
        assert page.goto("/api/").status == 200
        assert page.locator("table.ds-table").count() == 28  # parameters and fields of each operation
        assert page.get_by_role("link", name="Norwegian Licence for Open Government Data (NLOD) 2.0").is_visible()
        assert page.get_by_text("GET /api/v1/businesses/{orgnr}/").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documentation_page_on_a_narrow_screen(browser, live_server, open_data, language):
    context = browser.new_context(
        locale="nb-NO" if language == "nb" else "en-GB", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    try:
        page = context.new_page()
        page.goto("/api/")
        assert horizontal_overflow(page)["offenders"] == []
        assert_clean({"/api/ at 320 px": axe_violations(page)})
    finally:
        context.close()
