"""The Næringsrapport (portal.reports): asked for on /oversikt/rapporter/, made by the task portal.render_report,
stored with its date, downloaded; a pending request is not doubled, a failure is shown with a way to ask again,
the PDF is tagged and holds the cover and every section in order; every role on every URL; axe-core.

Most tests render in English so they assert on the source strings, which do not change when the translations do.
"""

import datetime
import io
import logging
import os
import re
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from pypdf import PdfReader

from portal import startpage
from portal.dashboard import DashboardFilters, Period
from portal.models import ActivityLog, Report
from portal.reports import last_finished_tertial, make_report, render_report_pdf, request_report
from portal.tasks import render_report
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_pages import make_award, make_notice

T1_2026 = Period(2026, 1)
ALL = DashboardFilters(period=T1_2026, municipalities=("3201", "3203"))
BAERUM = DashboardFilters(period=T1_2026, municipalities=("3201",), chosen="3201")
MADE_ON = datetime.date(2026, 5, 4)
# Set to a folder to keep screenshots of the pages (for a person to look at).
SCREENSHOTS = os.environ.get("REPORT_SCREENSHOTS", "")
STAFF = ("officer", "council_member", "chief_executive", "politician", "admin")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def notices(personas):
    make_notice(heading="Rammeavtale for IT-tjenester", published_on=datetime.date(2026, 3, 2))
    make_award(winners_by_lot=[[("925321141", "DESINTRYGG AS")]], value=1_500_000, published_on=datetime.date(2026, 2, 1))


def pdf_lines(data: bytes) -> list[str]:
    lines = (line.strip() for page in PdfReader(io.BytesIO(data)).pages for line in page.extract_text().splitlines())
    return [line for line in lines if line]


def headings_in_english(filters) -> list[str]:
    with translation.override("en"):
        parts = startpage.parts_for(startpage.DASHBOARD, AnonymousUser(), filters=filters)
        parts += startpage.parts_for(startpage.REPORT, AnonymousUser(), filters=filters)
        return [part.data["heading"] for part in parts]


def ready_report(*, period="2026-T1", municipality="", language="en", content=b"%PDF-1.7 demo") -> Report:
    """A report as a finished run leaves it, without rendering (for the page tests)."""
    report = Report.objects.create(period=period, municipality=municipality, language=language)
    report.file.save(
        f"naeringsrapport-{period}-{municipality or 'alle'}-{language}-2026-05-04.pdf", ContentFile(content), save=False
    )
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name, status=Report.Status.READY, started_at=now, finished_at=now, pages=12
    )
    report.refresh_from_db()
    return report


# --- The document ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_opens_with_the_cover_then_the_contents_then_every_section_in_order(notices):
    lines = pdf_lines(render_report_pdf(ALL, language="en", made_on=MADE_ON))

    assert lines[:5] == [
        "Business portal Bærum and Asker",
        "Business report",
        "Bærum, Asker",
        "1. tertial 2026 (01.01.2026–30.04.2026)",
        "Made on 4 May 2026",
    ]
    headings = headings_in_english(ALL)
    # The dashboard's sections first (procurement among them), then the report's own.
    assert "Procurement" in headings
    assert headings.index("Procurement") < len(startpage.parts_for(startpage.DASHBOARD, AnonymousUser(), filters=ALL))
    contents = lines.index("Contents")
    # Each heading in the contents with its page number, then as the section's heading, in the same order.
    # (The list's numbers, "1.", come where pypdf finds them: left out.)
    listed = [line for line in lines[contents + 1 :] if not re.fullmatch(r"\d+\.", line)][: len(headings)]
    assert [re.sub(r"^\d+\.\s*|\s*\.*\s*\d+$", "", line) for line in listed] == headings
    assert all(re.search(r"\.{5,} ?\d+$", line) for line in listed)  # dot leaders to the page number
    position = contents + len(headings)
    for heading in headings:
        position = lines.index(heading, position + 1)
    assert "Value to local businesses NOK 1,500,000 NOK 0" in lines


@pytest.mark.django_db
def test_the_pdf_is_tagged_with_language_and_title(notices):
    reader = PdfReader(io.BytesIO(render_report_pdf(BAERUM, language="en", made_on=MADE_ON)))
    catalog = reader.trailer["/Root"]

    assert reader.metadata.title == "Business report: Bærum, 1. tertial 2026"
    assert reader.metadata.author == "Business portal Bærum and Asker"
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    # Page numbers and the running header from @page (not on the cover).
    pages = [page.extract_text() for page in reader.pages]
    assert pages[0].splitlines()[-1] == f"Page 1 of {len(pages)}"
    assert "Business report – Bærum" in pages[2]
    assert "Made on 4 May 2026" in pages[-1] and pages[-1].rstrip().endswith(f"Page {len(pages)} of {len(pages)}")


@pytest.mark.django_db
def test_the_pdf_in_bokmaal(notices):
    reader = PdfReader(io.BytesIO(render_report_pdf(ALL, language="nb", made_on=MADE_ON)))
    first = reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert "4. mai 2026" in first
    assert "1. tertial 2026 (01.01.2026–30.04.2026)" in first


@pytest.mark.django_db
def test_the_report_holds_no_personal_data(personas, notices):
    text = "\n".join(pdf_lines(render_report_pdf(ALL, language="en", made_on=MADE_ON)))
    for persona in ("owner", "officer", "politician"):
        user = getattr(personas, persona)
        assert user.name not in text and user.email not in text


def test_the_last_finished_tertial():
    assert last_finished_tertial(datetime.date(2026, 12, 1)) == Period(2026, 2)
    assert last_finished_tertial(datetime.date(2026, 9, 1)) == Period(2026, 2)
    assert last_finished_tertial(datetime.date(2026, 8, 31)) == Period(2026, 1)
    assert last_finished_tertial(datetime.date(2026, 3, 1)) == Period(2025, 3)
    assert last_finished_tertial(datetime.date(2027, 1, 1)) == Period(2026, 3)


# --- Asked for, made by the task, stored ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_queues_the_task_that_stores_the_ready_file(personas, notices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request_report(BAERUM, by=personas.politician, language="en")
    assert len(callbacks) == 1
    report.refresh_from_db()

    assert (report.period, report.municipality, report.language, report.status) == ("2026-T1", "3201", "en", "ready")
    assert report.requested_by == personas.politician
    today = timezone.localdate()
    assert report.file.name == f"reports/naeringsrapport-2026-T1-3201-en-{today:%Y-%m-%d}.pdf"
    data = report.file.read()
    assert data.startswith(b"%PDF-")
    assert report.pages == len(PdfReader(io.BytesIO(data)).pages)
    assert report.started_at <= report.finished_at
    # Dated the day it was made.
    assert f"Made on {today:%-d %b %Y}" in pdf_lines(data)
    entry = ActivityLog.objects.get(action="portal.report_requested")
    assert (entry.actor, entry.object_id, entry.data) == (
        personas.politician,
        str(report.pk),
        {"period": "2026-T1", "municipality": "3201", "language": "en"},
    )


@pytest.mark.django_db
def test_the_same_pending_request_is_not_doubled(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = request_report(ALL, by=personas.politician, language="nb")
        again = request_report(ALL, by=personas.officer, language="nb")
        english = request_report(ALL, by=personas.officer, language="en")
        baerum = request_report(BAERUM, by=personas.officer, language="nb")

    assert again.pk == first.pk
    assert len({first.pk, english.pk, baerum.pk}) == 3
    assert Report.objects.count() == 3
    assert len(callbacks) == 3  # one task per report made


@pytest.mark.django_db
def test_asking_again_for_a_report_pending_long_queues_its_task_again(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        report = request_report(ALL, by=personas.politician, language="nb")
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks() as callbacks:
        again = request_report(ALL, by=personas.officer, language="nb")
    assert again.pk == report.pk and Report.objects.count() == 1
    assert len(callbacks) == 1  # its task, lost perhaps, is queued once more


@pytest.mark.django_db
def test_a_ready_report_is_not_made_again_and_a_new_request_makes_a_new_one(
    personas, notices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = request_report(ALL, by=personas.politician, language="en")
    first.refresh_from_db()
    name, finished = first.file.name, first.finished_at

    # The same task delivered twice, or make_report called on a ready report: nothing happens.
    render_report(report_id=first.pk)
    assert make_report(first) is False
    first.refresh_from_db()
    assert (first.file.name, first.finished_at, first.status) == (name, finished, "ready")

    with django_capture_on_commit_callbacks(execute=True):
        second = request_report(ALL, by=personas.politician, language="en")
    second.refresh_from_db()
    assert second.pk != first.pk and second.status == "ready"
    assert second.file.name != first.file.name
    assert first.file.storage.exists(first.file.name)


@pytest.mark.django_db
def test_the_task_for_a_report_that_is_gone_does_nothing():
    assert render_report(report_id=987654) is None


@pytest.mark.django_db
def test_a_run_that_died_long_ago_may_be_claimed_again_but_not_a_running_one(monkeypatch):
    report = Report.objects.create(period="2026-T1", language="en", started_at=timezone.now() - datetime.timedelta(minutes=1))
    monkeypatch.setattr("portal.reports.html_to_pdf_with_pages", lambda html: (b"%PDF-1.7 x", 3))
    assert make_report(report) is False  # another run is at it
    Report.objects.filter(pk=report.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))
    report.refresh_from_db()
    assert make_report(report) is True
    report.refresh_from_db()
    assert (report.status, report.pages, report.file.read()) == ("ready", 3, b"%PDF-1.7 x")


@pytest.mark.django_db
def test_a_failure_is_logged_and_marks_the_report_failed(personas, monkeypatch, caplog, client_for):
    def broken(html):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("portal.reports.html_to_pdf_with_pages", broken)
    report = Report.objects.create(period="2026-T1", language="en")
    with caplog.at_level(logging.ERROR, logger="portal.reports"):
        assert make_report(report) is False
    report.refresh_from_db()

    assert (report.status, report.file.name, report.pages) == ("failed", "", None)
    assert report.finished_at is not None
    assert f"Næringsrapport {report.pk} could not be made" in caplog.text
    assert make_report(report) is False  # a failed report is not retried by itself
    client = client_for("politician")
    page = client.get(f"/oversikt/rapporter/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The report could not be made." in page
    assert 'name="periode" value="2026-T1"' in page and "Ask for the report again" in page
    # Failed while the page polled: the fragment brings the button too.
    fragment = client.get(f"/oversikt/rapporter/{report.pk}/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert "Ask for the report again" in fragment.content.decode() and "hx-get" not in fragment.content.decode()
    assert client.get(f"/oversikt/rapporter/{report.pk}/naeringsrapport.pdf").status_code == 404


# --- The pages --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_earlier_reports_stay_on_the_list_and_downloadable(client_for):
    old = ready_report(period="2025-T3", content=b"%PDF-1.7 old")
    new = ready_report(period="2026-T1", municipality="3203", content=b"%PDF-1.7 new")
    pending = Report.objects.create(period="2026-T2", language="nb")
    client = client_for("politician")

    response = client.get("/oversikt/rapporter/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = [(row["period"], row["municipality"], row["language"], row["report"].status) for row in response.context["reports"]]
    assert rows == [
        ("2. tertial 2026", "All municipalities", "Norwegian Bokmål", "pending"),
        ("1. tertial 2026", "Asker", "English", "ready"),
        ("3. tertial 2025", "All municipalities", "English", "ready"),
    ]
    html = response.content.decode()
    assert f'href="/oversikt/rapporter/{old.pk}/naeringsrapport.pdf"' in html
    assert f'href="/oversikt/rapporter/{new.pk}/naeringsrapport.pdf"' in html
    assert f'href="/oversikt/rapporter/{pending.pk}/naeringsrapport.pdf"' not in html
    for report, content in ((old, b"%PDF-1.7 old"), (new, b"%PDF-1.7 new")):
        download = client.get(f"/oversikt/rapporter/{report.pk}/naeringsrapport.pdf")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == content
        assert report.file.name.rsplit("/", 1)[-1] in download["Content-Disposition"]
    assert client.get(f"/oversikt/rapporter/{pending.pk}/naeringsrapport.pdf").status_code == 404


@pytest.mark.django_db
def test_the_list_pages_by_twenty_in_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("politician")
    Report.objects.bulk_create(Report(period="2026-T1", language="nb", status=Report.Status.FAILED) for _ in range(3))
    with django_assert_max_num_queries(8) as few:
        client.get("/oversikt/rapporter/")
    Report.objects.bulk_create(Report(period=f"{year}", language="en", status=Report.Status.FAILED) for year in range(2000, 2030))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/oversikt/rapporter/", {"page": "2"})
    assert len(response.context["reports"]) == 13
    assert client.get("/oversikt/rapporter/", {"page": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_list_names_no_one(personas, client_for):
    report = ready_report()
    Report.objects.filter(pk=report.pk).update(requested_by=personas.officer)
    html = client_for("politician").get("/oversikt/rapporter/").content.decode()
    assert personas.officer.name not in html and personas.officer.email not in html


@pytest.mark.django_db
def test_the_form_starts_from_the_dashboard_choice_or_the_last_tertial(client_for):
    client = client_for("politician")
    form = client.get("/oversikt/rapporter/", {"periode": "2025-T3", "kommune": "3203"}).context["form"]
    assert (form["periode"].value(), form["kommune"].value(), form["language"].value()) == ("2025-T3", "3203", "nb")
    form = client.get("/oversikt/rapporter/", {"periode": "nonsense"}, HTTP_ACCEPT_LANGUAGE="en").context["form"]
    assert (form["periode"].value(), form["kommune"].value(), form["language"].value()) == (
        last_finished_tertial().code,
        None,
        "en",
    )


@pytest.mark.django_db
def test_asking_for_a_report_redirects_to_its_page(personas, client_for, django_capture_on_commit_callbacks):
    client = client_for("politician")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/oversikt/rapporter/", {"periode": "2026-T1", "kommune": "3201", "language": "en"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/oversikt/rapporter/{report.pk}/"
    assert (report.period, report.municipality, report.language, report.requested_by) == (
        "2026-T1",
        "3201",
        "en",
        personas.politician,
    )
    assert len(callbacks) == 1
    # Asked again while it is being made: the same report.
    again = client.post("/oversikt/rapporter/", {"periode": "2026-T1", "kommune": "3201", "language": "en"})
    assert again["Location"] == f"/oversikt/rapporter/{report.pk}/"
    assert Report.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"periode": "2026-T9", "kommune": "", "language": "en"}, "periode", "Select a valid choice."),
        ({"periode": "", "kommune": "", "language": "en"}, "periode", "This field is required."),
        ({"periode": "2026", "kommune": "0301", "language": "en"}, "kommune", "Select a valid choice."),
        ({"periode": "2026", "kommune": "", "language": "de"}, "language", "Select a valid choice."),
    ],
)
def test_bad_input_is_a_400_with_the_message(client_for, data, field, message):
    response = client_for("officer").post("/oversikt/rapporter/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_pending_report_polls_with_htmx_and_offers_a_link_without_javascript(client_for):
    report = Report.objects.create(period="2026-T1", language="nb")
    client = client_for("officer")

    html = client.get(f"/oversikt/rapporter/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'hx-get="/oversikt/rapporter/{report.pk}/" hx-trigger="every 3s" hx-swap="outerHTML"' in html
    assert f'<a class="ds-link" href="/oversikt/rapporter/{report.pk}/">Check again</a>' in html
    assert 'http-equiv="refresh"' not in html
    assert "naeringsrapport.pdf" not in html

    # While nothing has changed a poll answers 204: htmx swaps nothing, and a screen reader hears nothing again.
    fragment = client.get(f"/oversikt/rapporter/{report.pk}/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert (fragment.status_code, fragment.content) == (204, b"")
    assert "HX-Request" in fragment["Vary"]

    # Made meanwhile: the next poll brings the download link and stops polling.
    Report.objects.filter(pk=report.pk).delete()
    ready = ready_report()
    body = client.get(f"/oversikt/rapporter/{ready.pk}/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert body.lstrip().startswith('<div id="report-state"') and "<html" not in body
    assert f'href="/oversikt/rapporter/{ready.pk}/naeringsrapport.pdf"' in body
    assert "hx-get" not in body


@pytest.mark.django_db
def test_a_report_pending_for_long_says_so_and_asking_again_queues_the_same_one(client_for, django_capture_on_commit_callbacks):
    report = Report.objects.create(period="2026-T1", language="nb")
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=16))
    client = client_for("officer")
    html = client.get(f"/oversikt/rapporter/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is not made yet. Ask for it again to put it back in the queue." in html
    with mock.patch("portal.reports.render_report.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/oversikt/rapporter/", {"periode": "2026-T1", "kommune": "", "language": "nb"})
    assert response.status_code == 302 and response["Location"] == f"/oversikt/rapporter/{report.pk}/"
    delay.assert_called_once_with(report_id=report.pk)
    assert Report.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_report():
    """The unique constraint on pending reports decides when two requests both find none pending."""
    from django.db import IntegrityError

    filters = DashboardFilters.of("2026-T1")
    Report.objects.create(period="2026-T1", language="nb")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(period="2026-T1", language="nb")
    real_filter = Report.objects.filter

    def finds_none_pending(*args, **kwargs):  # as the second of two requests that read at the same moment
        found = real_filter(*args, **kwargs)
        return found.none() if kwargs.get("status") == Report.Status.PENDING and "period" in kwargs else found

    with (
        mock.patch.object(Report.objects, "filter", side_effect=finds_none_pending),
        mock.patch("portal.reports.render_report.delay"),
    ):
        again = request_report(filters, by=None, language="nb")
    assert again.pk == Report.objects.get().pk


@pytest.mark.django_db
def test_an_unknown_report_or_a_lost_file_is_404(client_for):
    client = client_for("officer")
    assert client.get("/oversikt/rapporter/987654/").status_code == 404
    assert client.get("/oversikt/rapporter/987654/naeringsrapport.pdf").status_code == 404
    report = ready_report()
    report.file.storage.delete(report.file.name)
    assert client.get(f"/oversikt/rapporter/{report.pk}/naeringsrapport.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "owner", *STAFF])
def test_every_role_on_every_url(client_for, persona, django_capture_on_commit_callbacks):
    report = ready_report()
    client = client_for(persona)
    urls = ["/oversikt/rapporter/", f"/oversikt/rapporter/{report.pk}/", f"/oversikt/rapporter/{report.pk}/naeringsrapport.pdf"]
    with django_capture_on_commit_callbacks():
        post = client.post("/oversikt/rapporter/", {"periode": "2026-T1", "kommune": "", "language": "nb"})
    responses = [client.get(url) for url in urls]
    if persona == "anonymous":
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert all(r["Location"].startswith("/konto/login/?next=") for r in responses)
        assert post.status_code == 302 and post["Location"].startswith("/konto/login/")
    elif persona == "owner":
        assert [r.status_code for r in responses] == [403, 403, 403]
        assert post.status_code == 403
    else:
        assert [r.status_code for r in responses] == [200, 200, 200]
        assert post.status_code == 302 and post["Location"].startswith("/oversikt/rapporter/")
    assert Report.objects.count() == (2 if persona in STAFF else 1)


# --- axe-core ---------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reports_pages_are_accessible(page_for, personas, language):
    ready = ready_report()
    pending = Report.objects.create(period="2026-T2", language="nb", municipality="3201")
    failed = Report.objects.create(period="2025", language="en", status=Report.Status.FAILED, finished_at=timezone.now())
    page = page_for(language)
    log_in(page, personas.politician)
    page.wait_for_load_state()
    found = {}
    scan(page, "/oversikt/rapporter/", found, expect_status=200)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/reports-{language}.png", full_page=True)
    for report in (ready, pending, failed):
        scan(page, f"/oversikt/rapporter/{report.pk}/", found, expect_status=200)
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/report-{report.status}-{language}.png", full_page=True)
    # The request form sent back with an error (the period's option tampered with).
    page.goto("/oversikt/rapporter/")
    page.evaluate("document.querySelector('#id_periode option:checked').value = '1999-T7'")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["form with error"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.browser
def test_the_report_page_shows_the_download_link_once_the_report_is_made(page_for, personas):
    report = Report.objects.create(period="2026-T1", language="en")
    page = page_for("en")
    log_in(page, personas.officer)
    page.wait_for_load_state()
    page.goto(f"/oversikt/rapporter/{report.pk}/")
    assert page.get_by_role("link", name="Check again").is_visible()
    report.file.save("naeringsrapport-2026-T1-alle-en-2026-05-04.pdf", ContentFile(b"%PDF-1.7 x"), save=False)
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name, status=Report.Status.READY, finished_at=timezone.now(), pages=3
    )
    link = page.get_by_role("link", name="Download the report 1. tertial 2026 (PDF)")
    link.wait_for(timeout=10_000)  # htmx asks every 3 seconds
    assert page.get_by_role("link", name="Check again").count() == 0
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/report-ready.png", full_page=True)
