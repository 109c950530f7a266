"""axe-core on the dashboard, in bokmål and English: with every app's sections and some figures in
them, filtered to a tertial and one municipality, with a bad filter (400), and with charts of one to
three series (portal/includes/chart.html)."""

import datetime

import pytest
from django.utils import timezone

from businesses.models import Interaction
from portal import startpage
from portal.charts import HORIZONTAL_BAR, Chart, Series
from tests.browser import axe_violations, log_in
from tests.businesses.factories_queue import make_enquiry, make_interaction, make_red_flag
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.portal.test_dashboard_page import own_sections  # noqa: F401 - a fixture
from tests.portal.test_startpage import make_waiting_work

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_with_every_apps_sections(page_for, personas, language):
    make_waiting_work(personas)
    now = timezone.now()
    make_enquiry(
        business=personas.business, created=now - datetime.timedelta(hours=6), answered=now - datetime.timedelta(hours=1)
    )
    make_interaction([personas.business], by=personas.officer, day=timezone.localdate(), kind=Interaction.Kind.VISIT)
    make_red_flag(personas.business, by=personas.officer, raised=now)
    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_url("**/oversikt/")
    year = timezone.localdate().year
    found = {}
    scan(page, "/oversikt/", found, expect_status=200)
    scan(page, f"/oversikt/?periode={year}-T1&kommune=3201", found, expect_status=200)
    scan(page, "/oversikt/?periode=abc", found, expect_status=400)
    assert page.locator(".ds-error-summary").is_visible()
    assert_clean(found)


def charts_of_one_to_three_series(user, *, filters):
    months = tuple(month.strftime("%b") for month in filters.period.months)
    count = len(months)
    return {
        "id": "test-charts",
        "heading": "Charts",
        "title": "Charts",
        "period": filters.period.code,
        "chart": Chart(
            key="three",
            title="Enquiries per month",
            labels=months,
            series=(
                Series("This year", tuple(range(3, 3 + count))),
                Series("Last year", tuple(range(1, 1 + count))),
                Series("Target", (4,) * count),
            ),
            unit="enquiries",
            links=tuple(f"/kontakt/?maaned={index}" for index in range(count)),
        ),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.usefixtures("own_sections")
def test_charts_with_their_tables(page_for, personas, language):
    startpage.register(
        "tests.charts", page=startpage.DASHBOARD, template="tests/section.html", context=charts_of_one_to_three_series
    )
    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_url("**/oversikt/")
    found = {}
    scan(page, "/oversikt/?periode=2026-T1", found, expect_status=200)
    assert page.locator("figure.chart svg[role=img]").count() == 2
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.usefixtures("own_sections")
def test_horizontal_and_empty_charts(page_for, personas, language):
    def figures(user, *, filters):
        return {
            "id": "test-horizontal",
            "title": "Horizontal",
            "period": filters.period.code,
            "chart": Chart(
                key="sectors",
                title="Businesses by sector",
                labels=("Faglig, vitenskapelig og teknisk tjenesteyting", "Bygge- og anleggsvirksomhet"),
                series=(Series("Bærum", (2345, 987)), Series("Asker", (1900, 800))),
                kind=HORIZONTAL_BAR,
            ),
        }

    def nothing(user, *, filters):
        return {
            "id": "test-empty",
            "title": "Empty",
            "period": filters.period.code,
            "chart": Chart("empty", "Nothing yet", (), ()),
        }

    startpage.register("tests.horizontal", page=startpage.DASHBOARD, template="tests/section.html", context=figures)
    startpage.register("tests.empty", page=startpage.DASHBOARD, template="tests/section.html", context=nothing)
    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_url("**/oversikt/")
    found = {}
    scan(page, "/oversikt/?periode=2025", found, expect_status=200)
    # The same at a phone's width, where the pictures scale down to the column.
    page.set_viewport_size({"width": 360, "height": 800})
    found["narrow"] = axe_violations(page)
    width = page.evaluate("document.querySelector('#chart-sectors svg').getBoundingClientRect().width")
    assert width <= 360
    assert_clean(found)
