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
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/moter/", found, expect_status=200)
    scan(page, f"/moter/{internal.pk}/", found, expect_status=200)
    assert page.get_by_role("heading", name="Innkalte deltakere" if language == "nb" else "Invited participants").is_visible()
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_planning_and_minutes_page_for_the_organiser(page_for, personas, dialogue, language):
    public, held, published = dialogue["public"], dialogue["held"], dialogue["published"]
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/moter/serier/",
        "/moter/serier/ny/",
        f"/moter/serier/{public.series_id}/endre/",
        "/moter/ny/",
        f"/moter/{public.pk}/",
        f"/moter/{public.pk}/endre/",
        f"/moter/{public.pk}/avlys/",
        f"/moter/{public.pk}/deltakere/",
        f"/moter/{public.pk}/saker/ny/",
        f"/moter/{public.pk}/saker/{dialogue['public_item'].pk}/endre/",
        f"/moter/{public.pk}/dokumenter/ny/",
        f"/moter/forslag/{dialogue['proposal'].pk}/",
        f"/moter/{held.pk}/",
        f"/moter/{held.pk}/referat/",
        f"/moter/{held.pk}/referat/endre/",
        f"/moter/{held.pk}/oppfolging/ny/",
        f"/moter/{published.pk}/referat/",
        "/moter/oppfolging/",
        "/moter/kalender/",
    ]:
        scan(page, url, found, expect_status=200)
    # Forms sent back with errors: the error summary and the fields marked.
    page.goto("/moter/ny/")
    page.fill("input[name=title]", "Møte uten tid")
    page.fill("input[name=reminder_offsets]", "400 d")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["meeting form with errors"] = axe_violations(page)
    page.goto(f"/moter/{public.pk}/dokumenter/ny/")
    page.fill("input[name=title]", "Feil type")
    exe = {"name": "virus.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}
    page.set_input_files("input[name=file]", files=[exe])
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["document form with errors"] = axe_violations(page)
    scan(page, f"/moter/{published.pk}/referat/endre/", found, expect_status=409)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_council_member_pages(page_for, personas, dialogue, language):
    page = page_for(language)
    log_in(page, personas.council_member)
    found = {}
    for url in [
        f"/moter/{dialogue['public'].pk}/",
        f"/moter/{dialogue['public'].pk}/forslag/",
        "/moter/oppfolging/",
        f"/moter/oppfolging/{dialogue['follow_up'].pk}/",
        "/moter/kalender/",
    ]:
        scan(page, url, found, expect_status=200)
    # The invitation answered on the meeting page, without JavaScript's help.
    page.goto(f"/moter/{dialogue['public'].pk}/")
    page.locator("#answer-heading ~ form input[value=no]").check()
    page.locator("#answer-heading ~ form button[type=submit]").click()
    page.wait_for_url(f"**/moter/{dialogue['public'].pk}/#answer-heading")
    assert page.locator("#answer-heading ~ form input[value=no]").is_checked()
    found["answer saved on the meeting page"] = axe_violations(page)
    scan(page, "/moter/999999/", found, expect_status=404)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_making_the_calendar_address(page_for, personas, language):
    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_url(lambda url: "/konto/" not in url)
    found = {}
    scan(page, "/moter/kalender/", found, expect_status=200)
    assert page.locator("#feed-url").count() == 0
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/moter/kalender/")
    assert "/moter/kalender/" in page.locator("#feed-url").input_value()
    found["calendar address made"] = axe_violations(page)
    assert_clean(found)
