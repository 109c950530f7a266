"""axe-core on the owners' pages (claims, the profile, meeting requests), in bokmål and English, also with errors shown."""

import pytest

from businesses.models import BusinessProfile, MeetingRequest, ProfileContactPerson
from tests.browser import axe_violations, log_in
from tests.businesses.factories_owners import make_owners_data
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def owners_data(personas):
    data = make_owners_data(personas)
    profile = BusinessProfile.objects.create(
        business=personas.business, description="Renhold for bedrifter.", needs="Lager.", website="https://desintrygg.example"
    )
    ProfileContactPerson.objects.create(profile=profile, name="Kari Eier", role="Daglig leder", email="kari@desintrygg.example")
    data["new_request"] = MeetingRequest.objects.create(
        business=personas.business, requested_by=personas.owner, adviser=personas.officer, topic="funding", message="Tilskudd"
    )
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_owner_pages(page_for, personas, owners_data, language):
    page = page_for(language)
    log_in(page, personas.owner)
    page.wait_for_load_state()
    found = {}
    meeting_request = owners_data["request"]
    for url in [
        "/bedrifter/925321141/",
        "/bedrifter/812844822/",  # not theirs: the claim link
        "/bedrifter/krav/?orgnr=923609016",
        "/bedrifter/925321141/profil/",
        "/bedrifter/925321141/mote/",
        "/bedrifter/motebestillinger/",
        f"/bedrifter/motebestillinger/{meeting_request.pk}/",
        f"/bedrifter/motebestillinger/{owners_data['new_request'].pk}/",
    ]:
        scan(page, url, found, expect_status=200)
    # Forms sent back with errors: the summary and the fields marked.
    page.goto("/bedrifter/krav/?orgnr=925321142")
    page.fill("input[name=title]", "Eier")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["claim with errors"] = axe_violations(page)
    page.goto("/bedrifter/925321141/profil/")
    page.fill("input[name=website]", "ikke en adresse")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["profile with errors"] = axe_violations(page)
    page.goto("/bedrifter/925321141/mote/")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["meeting request with errors"] = axe_violations(page)
    page.goto(f"/bedrifter/motebestillinger/{meeting_request.pk}/")
    page.locator("#accept-heading ~ form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["accept with errors"] = axe_violations(page)
    # Choosing a time books the meeting, and the owner lands on it.
    page.locator("main input[name=offered_time]").first.check()
    page.locator("#accept-heading ~ form button[type=submit]").click()
    page.wait_for_url("**/moter/*/")
    found["booked meeting"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_pages(page_for, personas, owners_data, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/bedrifter/krav/behandle/",
        "/bedrifter/motebestillinger/",
        "/bedrifter/motebestillinger/?state=requested",
        f"/bedrifter/motebestillinger/{owners_data['new_request'].pk}/",
        f"/bedrifter/motebestillinger/{owners_data['request'].pk}/",
        "/bedrifter/925321141/profil/",
    ]:
        scan(page, url, found, expect_status=200)
    page.goto(f"/bedrifter/motebestillinger/{owners_data['new_request'].pk}/")
    page.fill("input[name=starts_at_1]", "2020-01-01T10:00")
    page.fill("input[name=ends_at_1]", "2020-01-01T09:00")
    page.locator("#offer-heading ~ form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["offer with errors"] = axe_violations(page)
    page.goto("/bedrifter/krav/behandle/")
    page.locator("main form.stacked-form button[type=submit]").first.click()
    assert page.locator(".ds-error-summary").is_visible()
    found["reject without a reason"] = axe_violations(page)
    assert_clean(found)
