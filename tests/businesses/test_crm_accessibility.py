"""axe-core on the CRM's pages and the business page with the panel, as an officer, in bokmål and English."""

import pytest

from tests.browser import axe_violations, log_in
from tests.businesses.factories_crm import ContactFactory, FollowUpFactory, InteractionFactory, RedFlagFactory, TagFactory
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_crm_page_for_an_officer(page_for, personas, language):
    business, officer = personas.business, personas.officer
    contact = ContactFactory(business=business, name="Per Kontakt", email="per@desintrygg.example")
    interaction = InteractionFactory(businesses=[business], contacts=[contact], created_by=officer)
    interaction.participants.add(personas.admin)
    follow_up = FollowUpFactory(business=business, owner=officer)
    flag = RedFlagFactory(business=business, raised_by=officer, severity=3, referred_to="Plan og bygg")
    RedFlagFactory(business=personas.other_business, category="labour")
    tag = TagFactory(name="Fornebu teknologiklynge")
    tag.businesses.add(business)
    page = page_for(language)
    log_in(page, officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    orgnr = business.orgnr
    for url in [
        f"/bedrifter/{orgnr}/",
        f"/bedrifter/{orgnr}/kontakter/ny/",
        f"/bedrifter/kontakter/{contact.pk}/",
        f"/bedrifter/kontakter/{contact.pk}/slett/",
        f"/bedrifter/{orgnr}/samhandling/ny/",
        "/bedrifter/samhandling/",
        f"/bedrifter/samhandling/{interaction.pk}/",
        f"/bedrifter/{orgnr}/oppfolging/ny/",
        "/bedrifter/oppfolging/",
        f"/bedrifter/oppfolging/{follow_up.pk}/",
        f"/bedrifter/{orgnr}/flagg/ny/",
        "/bedrifter/flagg/",
        "/bedrifter/flagg/?status=",
        f"/bedrifter/flagg/{flag.pk}/",
        f"/bedrifter/flagg/{flag.pk}/lost/",
        "/bedrifter/merker/",
        f"/bedrifter/merker/?merke={tag.pk}",
    ]:
        scan(page, url, found, expect_status=200)
    scan(page, "/bedrifter/samhandling/?date_from=2026-13-01", found, expect_status=400)
    # The panel's one form, sent with an error: the standalone page with the summary and the field marked.
    page.goto(f"/bedrifter/{orgnr}/")
    page.fill("input[name=interaction-subject]", "Oppringt om lokaler")
    page.fill("input[name=interaction-follow_up_title]", "Send liste over ledige lokaler")
    page.locator("#crm-heading ~ form.stacked-form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    found["interaction form with errors"] = axe_violations(page)
    # Then right: back on the business page with the interaction and its follow-up.
    page.fill("input[name=interaction-follow_up_due]", "2099-01-01")
    page.locator("main form.stacked-form button[type=submit]").first.click()
    page.wait_for_url(f"**/bedrifter/{orgnr}/#crm-heading")
    assert page.get_by_text("Send liste over ledige lokaler").first.is_visible()
    found["business page after logging"] = axe_violations(page)
    assert_clean(found)
