"""axe-core on the alert pages in bokmål and English: the list, the form with suggestions (and with errors),
the delete page and the unsubscribe page."""

import pytest

from procurement.services.alerts import unsubscribe_token
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_alerts import make_subscription

pytestmark = pytest.mark.browser


@pytest.fixture
def alert(personas):
    personas.business.industry_codes = [{"code": "81.210", "description": "Rengjøring av bygninger"}]
    personas.business.industry_division = "81"
    personas.business.save()
    return make_subscription(
        user=personas.owner,
        business=personas.business,
        name="Renhold",
        email="owner@test.example",
        codes=["90900000", "45000000"],
        keywords="renhold, vask",
        min_value=100000,
        max_value=2000000,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_alert_pages_for_the_owner(page_for, personas, alert, language):
    page = page_for(language)
    log_in(page, personas.owner)
    page.wait_for_load_state()
    found = {}
    for url in [
        "/anskaffelser/varsler/",
        "/anskaffelser/varsler/ny/",
        f"/anskaffelser/varsler/{alert.pk}/endre/",
        f"/anskaffelser/varsler/{alert.pk}/slett/",
    ]:
        scan(page, url, found, expect_status=200)
    page.goto("/anskaffelser/varsler/ny/")
    assert page.locator("input[name=suggested]").count() == 4
    assert page.locator("input[name=suggested]:checked").count() == 4
    page.fill("textarea[name=codes]", "12345678")
    page.locator("main form.stacked-form button[type=submit][data-variant=primary]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["form with errors"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_alert_pages_for_the_officer(page_for, personas, alert, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in ["/anskaffelser/varsler/", "/anskaffelser/varsler/ny/", f"/anskaffelser/varsler/{alert.pk}/endre/"]:
        scan(page, url, found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unsubscribe_pages(page_for, alert, language):
    page = page_for(language)
    found = {}
    url = f"/anskaffelser/varsler/avmeld/{unsubscribe_token(alert)}/"
    scan(page, url, found, expect_status=200)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    found["back on"] = axe_violations(page)
    scan(page, "/anskaffelser/varsler/avmeld/forged/", found, expect_status=400)
    assert_clean(found)
