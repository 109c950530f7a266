"""/oversikt/, the dashboard: who may see it, the period and municipality filters (a bad one is a 400
with its message, never a 500 nor a silent default), the sentence that names what is shown, the table
of contents, and the links on to the Næringsrapport and the open data."""

import copy
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from portal import startpage
from portal.charts import Chart, Series
from portal.dashboard import Period

LANGUAGE = {"accept-language": "en"}
# A dashboard section as an app writes one; the tests' own, so that they do not hang on the apps' figures.
SECTION = (
    '{% load i18n %}<section aria-labelledby="{{ data.id }}-heading">'
    '<h2 class="ds-heading" data-size="sm" id="{{ data.id }}-heading">{{ data.title }}</h2>'
    '<p class="ds-paragraph">Figures for {{ data.period }} in {{ data.municipalities }}.</p>'
    '{% if data.chart %}{% include "portal/includes/chart.html" with chart=data.chart %}{% endif %}'
    "</section>"
)


def first_figures(user, *, filters):
    chart = Chart(
        key="test-registrations",
        title="New registrations per month",
        labels=tuple(month.strftime("%m") for month in filters.period.months),
        series=(
            Series(filters.period.label, tuple(range(10, 10 + len(filters.period.months)))),
            Series(filters.period.previous().label, tuple(range(5, 5 + len(filters.period.months)))),
        ),
        unit="businesses",
        links=tuple(f"/bedrifter/?registrert={month:%Y-%m}" for month in filters.period.months),
        label_heading="Month",
    )
    return {
        "id": "test-first",
        "heading": "First figures",
        "title": "First figures",
        "period": filters.period.code,
        "municipalities": ",".join(filters.municipalities),
        "chart": chart,
    }


def untitled_figures(user, *, filters):
    return {"id": "test-untitled", "title": "Figures without a place in the contents", "period": filters.period.code}


@pytest.fixture
def own_sections(settings, monkeypatch):
    """The dashboard with two sections of the tests' own (and none of the apps')."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"tests/section.html": SECTION}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    sections = {}
    monkeypatch.setattr(startpage, "_sections", sections)
    for key, context, order in (("tests.first", first_figures, 1), ("tests.untitled", untitled_figures, 2)):
        startpage.register(key, page=startpage.DASHBOARD, template="tests/section.html", context=context, order=order)
    return sections


# --- Who may see it -----------------------------------------------------------------------------

ANSWERS = {
    "anonymous": "login",
    "owner": 403,
    "other_owner": 403,
    "officer": 200,
    "council_member": 200,
    "chief_executive": 200,
    "politician": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", ANSWERS)
@pytest.mark.parametrize("url", ["/oversikt/", "/oversikt/?periode=2026-T2", "/oversikt/?periode=2026&kommune=3201"])
def test_the_dashboard_answers_each_persona_as_intended(client_for, persona, url):
    response = client_for(persona).get(url, headers=LANGUAGE)
    if ANSWERS[persona] == "login":
        assert response.status_code == 302
        assert response["Location"] == "/konto/login/?next=" + url.replace("?", "%3F").replace("=", "%3D").replace("&", "%26")
    else:
        assert response.status_code == ANSWERS[persona]


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 302), ("owner", 403), ("politician", 400)])
def test_a_bad_filter_is_only_answered_for_those_who_may_see_the_dashboard(client_for, persona, status):
    assert client_for(persona).get("/oversikt/?periode=1999", headers=LANGUAGE).status_code == status


def test_the_page_gathers_the_apps_sections_within_the_query_budget(client_for, django_assert_max_num_queries):
    client = client_for("politician")
    with django_assert_max_num_queries(15):  # the budget for the whole dashboard
        response = client.get("/oversikt/?periode=2026-T2", headers=LANGUAGE)
    assert response.status_code == 200


# --- The filters --------------------------------------------------------------------------------


def test_a_tertial_covers_its_four_months_and_is_compared_with_the_same_a_year_earlier(client_for, own_sections):
    response = client_for("politician").get("/oversikt/?periode=2026-T2", headers=LANGUAGE)
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.period.start, filters.period.end) == (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))
    assert filters.period.previous() == Period(2025, 2)
    assert (filters.municipalities, filters.chosen) == (("3201", "3203"), "")
    html = response.content.decode()
    scope = "Showing 2. tertial 2026 for Bærum and Asker, compared with 2. tertial 2025."
    assert f'<p class="ds-paragraph" id="dashboard-scope">{scope}</p>' in html
    # Each section is given the filters.
    assert '<p class="ds-paragraph">Figures for 2026-T2 in 3201,3203.</p>' in html
    assert '<option value="2026-T2" selected>2. tertial 2026</option>' in html


def test_one_municipality_and_a_year(client_for, own_sections):
    response = client_for("officer").get("/oversikt/?periode=2025&kommune=3203", headers=LANGUAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Showing 2025 for Asker, compared with 2024." in html
    assert '<p class="ds-paragraph">Figures for 2025 in 3203.</p>' in html
    assert '<option value="3203" selected>Asker</option>' in html


def test_with_no_choice_the_dashboard_shows_this_year_for_every_municipality(client_for, own_sections):
    today = timezone.localdate()
    response = client_for("politician").get("/oversikt/", headers=LANGUAGE)
    assert response.status_code == 200
    # A year still running is cut at today, and so is the year it is compared with.
    day = formats.date_format(today, "MONTH_DAY_FORMAT")
    expected = f"Showing {today.year} to {day} for Bærum and Asker, compared with {today.year - 1} to {day}."
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    ("code", "today", "end", "previous_end", "months"),
    [
        ("2026", datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), datetime.date(2025, 12, 1), 12),
        ("2026-T3", datetime.date(2026, 10, 15), datetime.date(2026, 10, 15), datetime.date(2025, 10, 15), 2),
        ("2024-T1", datetime.date(2024, 2, 29), datetime.date(2024, 2, 29), datetime.date(2023, 2, 28), 2),
        ("2026-T2", datetime.date(2026, 12, 1), datetime.date(2026, 8, 31), datetime.date(2025, 8, 31), 4),
        ("2026", datetime.date(2026, 12, 31), datetime.date(2026, 12, 31), datetime.date(2025, 12, 31), 12),
    ],
)
def test_a_running_period_is_compared_with_the_same_part_of_the_year_before(code, today, end, previous_end, months):
    period = Period.parse(code).so_far(today)
    assert (period.end, period.previous().end, len(period.months)) == (end, previous_end, months)
    assert period.previous().start == period.start.replace(year=period.start.year - 1)


@pytest.mark.parametrize(
    ("query", "field", "label", "value"),
    [
        ("periode=2026-T4", "periode", "Period", "2026-T4"),
        ("periode=abc", "periode", "Period", "abc"),
        ("periode=2019", "periode", "Period", "2019"),  # before the first year the portal has figures for
        (f"periode={datetime.date.today().year + 1}", "periode", "Period", str(datetime.date.today().year + 1)),
        ("kommune=9999", "kommune", "Municipality", "9999"),
        ("kommune=3024", "kommune", "Municipality", "3024"),  # Bærum's number before 2024
        ("periode=2026-T2&kommune=x", "kommune", "Municipality", "x"),
    ],
)
def test_a_bad_filter_is_a_400_with_its_message_and_no_figures(client_for, own_sections, query, field, label, value):
    response = client_for("politician").get(f"/oversikt/?{query}", headers=LANGUAGE)
    assert response.status_code == 400
    html = response.content.decode()
    message = f"Select a valid choice. {value} is not one of the available choices."
    assert f'<a class="ds-link" href="#id_{field}">{label}: {message}</a>' in html
    assert "The dashboard could not be shown for this choice:" in html
    assert 'aria-invalid="true"' in html
    # No figures for a choice nobody made, and no link to a report of it.
    assert "Figures for" not in html
    assert "Showing" not in html
    assert "/oversikt/rapporter/" not in html


def test_a_bad_filter_is_told_in_bokmal_and_escaped(client_for, own_sections):
    response = client_for("politician").get("/oversikt/?periode=<b>2026</b>", headers={"accept-language": "nb"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Periode: Velg et gyldig valg. &lt;b&gt;2026&lt;/b&gt; er ikke et av de tilgjengelige valgene." in html
    assert "<b>2026</b>" not in html


# --- What the page holds ------------------------------------------------------------------------


def test_the_contents_link_to_each_section_with_a_heading(client_for, own_sections):
    html = client_for("politician").get("/oversikt/?periode=2026-T1", headers=LANGUAGE).content.decode()
    assert (
        '<nav aria-labelledby="dashboard-contents-heading" class="dashboard-contents">\n'
        '  <h2 class="ds-heading" data-size="xs" id="dashboard-contents-heading">On this page</h2>\n'
        '  <ul class="ds-list"><li><a class="ds-link" href="#section-tests-first">First figures</a></li></ul>\n'
        "</nav>"
    ) in html
    assert '<div id="section-tests-first"><section aria-labelledby="test-first-heading">' in html
    assert '<div id="section-tests-untitled"><section aria-labelledby="test-untitled-heading">' in html
    assert html.index('id="section-tests-first"') < html.index('id="section-tests-untitled"')


def test_a_chart_shows_its_numbers_with_links_to_the_lists_behind_them(client_for, own_sections):
    html = client_for("politician").get("/oversikt/?periode=2026-T1", headers=LANGUAGE).content.decode()
    assert '<figure class="chart" id="chart-test-registrations" aria-labelledby="chart-test-registrations-caption">' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert (
        '<tr><th scope="row"><a class="ds-link" href="/bedrifter/?registrert=2026-01">01</a></th>'
        '<td class="num">10</td><td class="num">5</td></tr>'
    ) in html
    assert '<th scope="col">Month</th><th scope="col" class="num">1. tertial 2026</th>' in html


def test_the_page_links_to_the_report_and_the_open_data(client_for, own_sections):
    html = client_for("council_member").get("/oversikt/?periode=2026-T2&kommune=3201", headers=LANGUAGE).content.decode()
    assert (
        '<a class="ds-link" href="/oversikt/rapporter/?periode=2026-T2&amp;kommune=3201">'
        "The Næringsrapport: this dashboard as a PDF for the formannskap</a>"
    ) in html
    assert '<a class="ds-link" href="/api/">Open data: the public figures as JSON and CSV</a>' in html


def test_the_page_speaks_bokmal(client_for, own_sections):
    html = client_for("politician").get("/oversikt/?periode=2026-T2", headers={"accept-language": "nb"}).content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Oversikt</h1>' in html
    assert "Viser 2. tertial 2026 for Bærum og Asker, sammenlignet med 2. tertial 2025." in html
    assert '<button class="ds-button" data-variant="primary" type="submit">Vis</button>' in html


def test_the_filter_form_is_a_plain_get_form_in_designsystemet_fields(client_for, own_sections):
    html = client_for("politician").get("/oversikt/", headers=LANGUAGE).content.decode()
    assert '<form method="get" action="/oversikt/" class="filter-form" aria-label="Choose period and municipality">' in html
    assert '<div class="ds-field"><label class="ds-label" for="id_periode">Period</label>' in html
    assert '<div class="ds-field"><label class="ds-label" for="id_kommune">Municipality</label>' in html
    assert '<option value="" selected>All municipalities</option>' in html


def test_the_stub_is_gone(client_for, own_sections):
    html = client_for("officer").get("/oversikt/", headers=LANGUAGE).content.decode()
    for gone in ("Your roles", "Two-factor authentication is", "Logged in as", "Businesses in the registry"):
        assert gone not in html
    assert "Only counts and public titles, never personal data." in html


def test_the_page_adds_no_queries_of_its_own(client_for, own_sections):
    client = client_for("politician")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/oversikt/?periode=2026-T2", headers=LANGUAGE).status_code == 200
    # What every request reads: the session (unless the cache has it), the user and their roles. The
    # navigation's "My tasks", which the rules refuse a politician, loads no model permissions
    # (portal.backends.RulesFirst). The tests' sections ask nothing, and nor does the page.
    tables = [re.search(r'FROM "(\w+)"', query["sql"])[1] for query in queries.captured_queries]
    assert [table for table in tables if table != "django_session"] == ["portal_user", "auth_group"]


# --- In a browser without JavaScript ------------------------------------------------------------


@pytest.mark.browser
def test_the_filters_work_without_javascript(browser, live_server, personas, own_sections):
    from tests.browser import log_in

    context = browser.new_context(java_script_enabled=False, locale="en-GB", base_url=live_server.url)
    try:
        page = context.new_page()
        log_in(page, personas.politician)
        page.goto("/oversikt/")
        page.select_option("#id_periode", "2026-T1")
        page.select_option("#id_kommune", "3201")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**/oversikt/?periode=2026-T1&kommune=3201")
        assert (
            page.locator("#dashboard-scope").inner_text() == "Showing 1. tertial 2026 for Bærum, compared with 1. tertial 2025."
        )
        page.get_by_role("link", name="First figures").click()
        assert page.url.endswith("#section-tests-first")
    finally:
        context.close()
