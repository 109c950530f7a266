"""axe-core on a business page with a long timeline, in bokmål and English, for each kind of reader."""

import pytest

from tests.browser import log_in
from tests.businesses.test_timeline import _grow, story  # noqa: F401 - the fixture
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_business_page_with_a_long_timeline(page_for, personas, story, language):  # noqa: F811
    _grow(personas, 30)  # more than a page: "Show older" and the second page
    orgnr = personas.business.orgnr
    found = {}
    page = page_for(language)
    scan(page, f"/bedrifter/{orgnr}/", found, expect_status=200)
    found["anonymous, first page"] = found.pop(f"/bedrifter/{orgnr}/")
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    scan(page, f"/bedrifter/{orgnr}/", found, expect_status=200)
    assert page.locator("ol.timeline > li").count() == 50
    page.locator("a[href*='before=']").click()  # "Show older"
    page.wait_for_url("**before=*")
    scan(page, page.url, found)
    assert page.locator("ol.timeline > li").count() > 0
    assert_clean(found)
