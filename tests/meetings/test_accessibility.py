"""axe-core on the meeting pages, in bokmål and English."""

import pytest

from meetings.models import Participant
from meetings.services.planning import rsvp_token
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_meeting_pages_and_the_answer_page(page_for, meetings, language):
    public, _ = meetings
    guest = Participant.objects.get(meeting=public, email="gjest@bedrift.example")
    page = page_for(language)
    found = {}
    scan(page, "/moter/", found, expect_status=200)
    scan(page, f"/moter/{public.pk}/", found, expect_status=200)
    scan(page, f"/moter/svar/{rsvp_token(guest)}/", found, expect_status=200)
    page.locator("input[value=maybe]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**?lagret=1")
    found["answer saved"] = axe_violations(page)
    scan(page, "/moter/svar/not-a-token/", found, expect_status=403)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_view_with_participants(page_for, personas, meetings, language):
    _, internal = meetings
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/oversikt/")
    found = {}
    scan(page, "/moter/", found, expect_status=200)
    scan(page, f"/moter/{internal.pk}/", found, expect_status=200)
    assert page.get_by_role("heading", name="Innkalte deltakere" if language == "nb" else "Invited participants").is_visible()
    assert_clean(found)
