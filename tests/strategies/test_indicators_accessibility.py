"""axe-core on the indicator pages and forms, in bokmål and English; the chart loads as an image under the CSP."""

import datetime
from decimal import Decimal

import pytest

from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_indicators import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def indicator(db):
    indicator = IndicatorFactory(
        name="Arbeidsplasser i regionen",
        baseline=Decimal("108500"),
        baseline_year=2020,
        target=Decimal("118000"),
        target_year=2030,
    )
    for year, value in [(2020, 108500), (2021, 107900), (2022, 110200), (2023, 111600)]:
        IndicatorValueFactory(indicator=indicator, period_end=datetime.date(year, 12, 31), value=value, comment="SSB")
    return indicator


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_indicator_page_for_the_public(page_for, indicator, language):
    page = page_for(language)
    found = {}
    scan(page, f"/strategi/indikatorer/{indicator.pk}/", found, expect_status=200)
    chart = page.locator("main figure img")
    assert chart.get_attribute("alt").startswith("Arbeidsplasser i regionen: ")
    # The SVG is its own document with its own CSP: the browser draws it.
    assert page.evaluate("document.querySelector('main figure img').naturalWidth") == 640
    assert page.locator("main table caption").count() == 1
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_indicator_pages_and_forms_for_the_officer(page_for, personas, indicator, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    value = indicator.values.first()
    found = {}
    for url in [
        f"/strategi/indikatorer/{indicator.pk}/",
        f"/strategi/mal/{indicator.goal_id}/indikatorer/ny/",
        f"/strategi/indikatorer/{indicator.pk}/endre/",
        f"/strategi/indikatorer/{indicator.pk}/verdier/",
        f"/strategi/verdier/{value.pk}/endre/",
    ]:
        scan(page, url, found, expect_status=200)
    # A form sent back with errors: the error summary and the field marked.
    page.goto(f"/strategi/indikatorer/{indicator.pk}/verdier/")
    page.fill("input[name=period_end]", "2020-12-31")
    page.fill("input[name=value]", "1")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["value form with errors"] = axe_violations(page)
    page.goto(f"/strategi/mal/{indicator.goal_id}/indikatorer/ny/")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["indicator form with errors"] = axe_violations(page)
    assert_clean(found)
