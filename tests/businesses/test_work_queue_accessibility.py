"""axe-core on the officer's start page with every section filled, and on the owner's Min side, in bokmål and English."""

import pytest

from tests.browser import log_in
from tests.businesses.test_work_queue import queue  # noqa: F401 - the fixture
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.portal.test_startpage import make_waiting_work

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_page_with_every_section_filled(page_for, personas, queue, language):  # noqa: F811
    make_waiting_work(personas)  # the meetings' sections too
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/arbeid/", found, expect_status=200)
    # five business sections, three of the meetings and two of the strategy (status reports, rounds to approve)
    assert page.locator("section.work-section").count() == 11  # with procurement's market dialogue section
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_min_side_with_enquiries_claims_and_meeting_requests(page_for, personas, queue, language):  # noqa: F811
    page = page_for(language)
    log_in(page, personas.owner)
    found = {}
    scan(page, "/min-side/", found, expect_status=200)
    assert page.locator("#my-enquiries-heading").count() == 1
    assert page.locator("#my-meeting-requests-heading").count() == 1
    assert page.locator("#my-claims-heading").count() == 1
    assert_clean(found)
