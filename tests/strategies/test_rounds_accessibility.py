"""axe-core on the status-round pages, in bokmål and English: the round page, the report form, "My measures"
and the form that opens a round (also sent back with errors)."""

import datetime

import pytest

from strategies.services.rounds import open_round, submit_report
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_rounds import in_days, make_measure, make_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def rounds(personas):
    plan = make_plan()
    first = make_measure(plan, title="Næringsvennlig kommune", reporter=personas.owner)
    make_measure(plan, title="Etablererkurs", reporter=personas.owner, area="Kompetanse", goal="Flere nyetableringer")
    make_measure(plan, title="Uten ansvarlig")
    status_round = open_round(
        plan, title="2. tertial 2026", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer
    )
    report = status_round.reports.get(measure=first)
    submit_report(report, state="delayed", progress=30, comment="Venter på svar om midler.", by=personas.owner)
    other_plan = make_plan(title="Næringsplan for Ullensaker")
    return {"plan": plan, "other_plan": other_plan, "round": status_round, "report": report}


@pytest.mark.parametrize("language", LANGUAGES)
def test_round_pages_for_the_officer(page_for, personas, rounds, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/arbeid/", found, expect_status=200)
    scan(page, f"/strategi/statusrunder/{rounds['round'].pk}/", found, expect_status=200)
    scan(page, f"/strategi/{rounds['other_plan'].pk}/statusrunder/ny/", found, expect_status=200)
    page.fill("input[name=title]", "1. tertial 2027")
    page.fill("input[name=period_end]", "2027-04-30")
    page.fill("input[name=deadline]", "2020-01-01T12:00")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["open-round form with errors"] = axe_violations(page)
    page.goto(f"/strategi/statusrunder/{rounds['round'].pk}/")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["approval without the checkbox"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_pages_for_the_reporter(page_for, personas, rounds, language):
    page = page_for(language)
    log_in(page, personas.owner)
    found = {}
    scan(page, "/strategi/mine-tiltak/", found, expect_status=200)
    scan(page, f"/strategi/statusrunder/{rounds['round'].pk}/", found, expect_status=200)
    other = rounds["round"].reports.get(measure__title="Etablererkurs")
    scan(page, f"/strategi/statusrapporter/{other.pk}/", found, expect_status=200)
    page.locator("input[name=state][value=delayed]").check()
    page.fill("input[name=progress]", "101")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["report with errors"] = axe_violations(page)
    assert_clean(found)
