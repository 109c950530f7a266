"""axe-core on the procurement plan's pages, in bokmål and English: the list, the plan page, the item page
(public and for the team), the forms (also sent back with errors) and the import report."""

import datetime
from decimal import Decimal

import pytest

from procurement.models import ProcurementPlan
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_plans import make_dialogue, make_item, make_notice, make_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(personas):
    plan = make_plan()
    item = make_item(plan)
    make_dialogue(item)
    make_item(plan, title="Sensorbasert bygningsovervåking", cpv_codes=["35125100", "71700000"],
              estimated_value=Decimal("1800000"), planned_announcement=datetime.date(2027, 8, 1))  # fmt: skip
    announced = make_item(plan, title="Drift av IT", cpv_codes=["72514000"], market_dialogue_planned=False,
                          doffin_id="2026-112546", state="announced")  # fmt: skip
    announced.notice = make_notice("2026-112546")
    announced.save()
    make_item(plan, title="Kantine", cpv_codes=["55512000"], planned_announcement=None, estimated_value=None)
    make_plan(title="Utkast 2028", state=ProcurementPlan.State.DRAFT, year=2028)
    return plan


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_plan_pages(page_for, plan, language):
    page = page_for(language)
    found = {}
    scan(page, "/anskaffelser/planer/", found, expect_status=200)
    scan(page, f"/anskaffelser/planer/{plan.pk}/", found, expect_status=200)
    for item in plan.items.all():
        scan(page, f"/anskaffelser/punkter/{item.pk}/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plan_page_and_form_for_the_officer(page_for, personas, plan, language):
    item = plan.items.first()
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/anskaffelser/planer/",
        "/anskaffelser/planer/ny/",
        f"/anskaffelser/planer/{plan.pk}/",
        f"/anskaffelser/planer/{plan.pk}/endre/",
        f"/anskaffelser/planer/{plan.pk}/punkter/ny/",
        f"/anskaffelser/planer/{plan.pk}/import/",
        f"/anskaffelser/punkter/{item.pk}/",
        f"/anskaffelser/punkter/{item.pk}/endre/",
    ]:
        scan(page, url, found, expect_status=200)
    # The item form sent back with errors.
    page.goto(f"/anskaffelser/planer/{plan.pk}/punkter/ny/")
    page.fill("input[name=title]", "Feil")
    page.fill("textarea[name=cpv_codes]", "90910000, 99999999")
    page.fill("input[name=doffin_id]", "feil")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["item form with errors"] = axe_violations(page)
    # The import report with rejected rows.
    page.goto(f"/anskaffelser/planer/{plan.pk}/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "a.csv", "mimeType": "text/csv", "buffer": b"What;CPV codes\nNy;90910000\nFeil;123\n"}],
    )
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator("table.ds-table").is_visible()
    found["import report"] = axe_violations(page)
    assert_clean(found)
