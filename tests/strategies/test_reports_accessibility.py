"""axe-core on the reports pages in bokmål and English: the plan page's reports panel, the import page
(empty, with a report of rejected rows, with a refused file) and the "being made" page of a PDF."""

import pytest

from strategies.models import PlanPdf
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_reports import build_plan, build_round
from tests.strategies.test_spreadsheet import BAD_AND_GOOD, HEADER

pytestmark = pytest.mark.browser


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sheet(tmp_path, rows, header=HEADER):
    import csv

    path = tmp_path / "tiltak.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_pages_for_the_team(page_for, personas, media, tmp_path, language):
    plan = build_plan()
    adopted = build_plan(state="adopted", title="Vedtatt næringsplan")
    build_round(adopted, approved=False, by=personas.officer)
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, f"/strategi/{plan.pk}/", found, expect_status=200)
    assert page.locator("#reports-heading").is_visible()
    scan(page, f"/strategi/{adopted.pk}/", found, expect_status=200)
    scan(page, f"/strategi/{adopted.pk}/oversikt.pdf", found, expect_status=202)  # being made
    assert PlanPdf.objects.filter(plan=adopted, kind="overview").exists()
    scan(page, f"/strategi/{adopted.pk}/", found, expect_status=200)  # the panel with a PDF being made
    scan(page, f"/strategi/{plan.pk}/import/", found, expect_status=200)

    page.set_input_files("input[type=file]", str(sheet(tmp_path, BAD_AND_GOOD)))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("table caption").count() == 1
    found["import with a report"] = axe_violations(page)

    page.set_input_files("input[type=file]", str(sheet(tmp_path, [["x"]], header=["Ukjent kolonne"])))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["import refused"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_panel_for_the_public(page_for, db, language):
    adopted = build_plan(state="adopted")
    page = page_for(language)
    found = {}
    scan(page, f"/strategi/{adopted.pk}/", found, expect_status=200)
    assert page.locator("#reports-heading").is_visible()
    assert_clean(found)
