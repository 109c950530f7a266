"""axe-core on the plan pages, in bokmål and English: the list, the plan page (logged in and anonymous), the
measure page and every form of the plans part (also sent back with errors)."""

import pytest

from strategies.models import Measure, Plan
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_plans import make_measure, make_plan, make_structure

pytestmark = pytest.mark.browser


@pytest.fixture
def structure(personas):
    data = make_structure(make_plan(state=Plan.State.ADOPTED, title="Næringsplan for Testkommune"))
    parent = data["measures"][0]
    make_measure(
        data["goal"], title="Delprosjekt", parent=parent, progress=50, state=Measure.State.DELAYED, state_reason="Venter"
    )
    parent.businesses.add(personas.business)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_plan_pages_for_everyone(page_for, structure, language):
    page = page_for(language)
    found = {}
    scan(page, "/strategi/", found, expect_status=200)
    scan(page, f"/strategi/{structure['plan'].pk}/", found, expect_status=200)
    scan(page, f"/strategi/{structure['plan'].pk}/?utregning=1", found, expect_status=200)
    scan(page, f"/strategi/tiltak/{structure['measures'][0].pk}/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plan_page_and_form_for_the_officer(page_for, personas, structure, language):
    plan, area, goal, measure = structure["plan"], structure["area"], structure["goal"], structure["measures"][0]
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    for url in [
        "/strategi/",
        "/strategi/ny/",
        f"/strategi/{plan.pk}/",
        f"/strategi/{plan.pk}/endre/",
        f"/strategi/{plan.pk}/vedtak/",
        f"/strategi/{plan.pk}/vekter/",
        f"/strategi/{plan.pk}/satsingsomrader/ny/",
        f"/strategi/satsingsomrader/{area.pk}/endre/",
        f"/strategi/satsingsomrader/{area.pk}/slett/",
        f"/strategi/satsingsomrader/{area.pk}/mal/ny/",
        f"/strategi/mal/{goal.pk}/endre/",
        f"/strategi/mal/{goal.pk}/slett/",
        f"/strategi/mal/{goal.pk}/tiltak/ny/",
        f"/strategi/tiltak/{measure.pk}/",
        f"/strategi/tiltak/{measure.pk}/endre/",
        f"/strategi/tiltak/{measure.pk}/slett/",
        f"/strategi/tiltak/{measure.pk}/milepaeler/ny/",
        f"/strategi/milepaeler/{structure['milestone'].pk}/endre/",
    ]:
        scan(page, url, found, expect_status=200)
    # Forms sent back with errors.
    page.goto(f"/strategi/mal/{goal.pk}/tiltak/ny/")
    page.fill("input[name=title]", "Feil")
    page.fill("input[name=progress]", "101")
    page.fill("input[name=start]", "2025-06-01")
    page.fill("input[name=deadline]", "2025-05-01")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["measure form with errors"] = axe_violations(page)
    page.goto(f"/strategi/{plan.pk}/vekter/")
    for field in page.locator("main form input[type=number]").all():
        field.fill("0")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["weights with errors"] = axe_violations(page)
    page.goto(f"/strategi/{plan.pk}/vedtak/")
    page.fill("input[name=case_number]", "")
    page.fill("input[name=decided_by]", "")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["adoption with errors"] = axe_violations(page)
    page.goto(f"/strategi/tiltak/{measure.pk}/")
    page.fill("input[name=progress]", "101")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["status update with errors"] = axe_violations(page)
    assert_clean(found)
