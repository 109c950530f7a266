"""The plan overview and the status report as PDF: text in order, made by a task, stored once per content."""

import os
import subprocess

import pytest

from strategies.models import PlanPdf
from strategies.services.reports import make_pdf, render_plan_pdf, render_status_report_pdf, schedule_plan_pdfs
from strategies.tasks import render_pdf_task
from tests.strategies.factories_reports import DELAY_REASON, build_plan, build_round


def pdf_text(data: bytes) -> str:
    """The PDF's text as laid out (pdftotext -layout: a table row stays on one line); pages end with a form feed."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def in_order(text: str, expected: list[str]) -> list[str]:
    """The expected strings found in the text one after the other (stops at the first out of place)."""
    found, position = [], 0
    for needle in expected:
        index = text.find(needle, position)
        if index < 0:
            break
        found.append(needle)
        position = index + len(needle)
    return found


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(db):
    return build_plan(state="adopted")


def test_plan_overview_holds_progress_measures_delays_indicators_and_the_decision_in_order(english, plan):
    text = pdf_text(render_plan_pdf(plan))
    expected = [
        "Testregionen",
        "Plan overview",
        "Strategisk næringsplan for Testregionen",
        "Progress per focus area",
        "Areal og infrastruktur",
        "Kompetanse og rekruttering",
        "The whole plan",
        "Goals and measures",
        "Areal og infrastruktur",
        "Nok næringsareal",
        "1.1.1",
        "Kartlegge ledige næringsarealer",
        "1.1.1.1",
        "Registrere arealer i kartløsning",
        "1.1.2",
        "Regulere Nordåsen næringspark",
        "God kollektivdekning",
        "Bedre bussruter",
        "Kompetanse og rekruttering",
        "Flere fagarbeidere",
        "Lærlingløftet",
        "Delayed measures",
        "1.1.2 Regulere Nordåsen næringspark",
        "Reason: Reguleringsplanen ble forsinket",
        "Indicators",
        "Nye lærekontrakter",
        "Foreløpig tall",
        "Decisions",
        "Adopted by Regionrådet on 20 Jan 2026 (case number 26/101).",
    ]
    assert in_order(text, expected) == expected
    assert "Page 1 of" in text


def test_plan_overview_shows_the_rolled_up_progress(english, plan):
    text = pdf_text(render_plan_pdf(plan))
    # 1.1.1 is the mean of its one child (100); goal 1.1: (100 × 1 + 20 × 2) / 3 = 46.7; goal 1.2: 0;
    # area 1: (46.7 + 0) / 2 = 23.4 (rounded half up from 23.35); area 2: 50; the plan: (23.4 + 50 × 2) / 3 = 41.1.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Nok næringsareal (46.7 %)" in lines
    assert in_order(
        text, ["Areal og infrastruktur", "23.4 %", "Kompetanse og rekruttering", "50.0 %", "The whole plan", "41.1 %"]
    )


def test_status_report_holds_each_report_the_delays_and_the_approval_in_order(english, plan, personas):
    status_round = build_round(plan, approved=True, by=personas.officer)
    text = pdf_text(render_status_report_pdf(status_round))
    expected = [
        "Status report",
        "Strategisk næringsplan for Testregionen",
        "2. tertial 2026",
        "5 of 5 submitted",
        "Progress per focus area",
        "Areal og infrastruktur",
        "Kompetanse og rekruttering",
        "Delayed measures",
        "1.1.2 Regulere Nordåsen næringspark (Delayed)",
        f"Reason: {DELAY_REASON}",
        "Every measure's report",
        "Nok næringsareal",
        "Kartlegge ledige",
        "Rapport for 1.1.1",
        "Lærlingløftet",
        "Rapport for 2.1.1",
        "Indicators",
        "Nye lærekontrakter",
        "Decisions",
        "Adopted by Regionrådet",
        "Approved by Ingrid Næringssjef on 15 Sep 2026.",
    ]
    assert in_order(text, expected) == expected
    assert "DRAFT" not in text
    # The indicator's values after the round's period are left out.
    assert "Foreløpig tall" not in text


def test_an_open_rounds_report_is_marked_draft_on_every_page(english, plan, personas):
    status_round = build_round(plan, approved=False, by=personas.officer)
    text = pdf_text(render_status_report_pdf(status_round))
    pages = text.split("\f")[:-1]
    assert pages and all("DRAFT – not approved" in page for page in pages)
    assert "Not approved yet." in text


# --- Stored: made by the task ---------------------------------------------------------------------


def stored_files(media) -> list[str]:
    folder = media / "strategies" / "pdf"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_schedule_marks_pending_and_the_task_makes_them_after_commit(
    english, media, plan, personas, django_capture_on_commit_callbacks
):
    # An approved round's report stays as approved; the open round's draft follows the plan.
    build_round(plan, approved=True, by=personas.officer, title="1. tertial 2026")
    status_round = build_round(plan, approved=False, by=personas.officer)
    with django_capture_on_commit_callbacks() as callbacks:
        pdfs = schedule_plan_pdfs(plan)
    assert sorted((pdf.kind, pdf.status_round_id, pdf.status) for pdf in PlanPdf.objects.all()) == [
        ("overview", None, "pending"),
        ("status_report", status_round.pk, "pending"),
    ]
    assert len(pdfs) == 2 and stored_files(media) == []
    for callback in callbacks:
        callback()
    overview = PlanPdf.objects.get(kind="overview")
    report = PlanPdf.objects.get(kind="status_report")
    assert (overview.status, report.status) == ("ready", "ready")
    assert stored_files(media) == sorted(os.path.basename(pdf.file.name) for pdf in (overview, report))
    assert "Plan overview" in pdf_text(overview.file.read())


def test_the_same_source_writes_nothing(media, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_plan_pdfs(plan)
    pdf = PlanPdf.objects.get()
    path = media / pdf.file.name
    written_at = path.stat().st_mtime_ns

    with django_capture_on_commit_callbacks(execute=True):
        schedule_plan_pdfs(plan)
    again = PlanPdf.objects.get()
    assert (again.status, again.file.name, again.source_hash) == ("ready", pdf.file.name, pdf.source_hash)
    assert make_pdf(again) is False
    assert render_pdf_task(pdf_id=again.pk) is False
    assert path.stat().st_mtime_ns == written_at
    assert stored_files(media) == [os.path.basename(pdf.file.name)]


def test_a_change_writes_a_new_file_and_removes_the_old(english, media, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_plan_pdfs(plan)
    old = PlanPdf.objects.get()
    plan.focus_areas.filter(position=1).update(title="Areal, vei og bane")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_plan_pdfs(plan)
    new = PlanPdf.objects.get()
    assert new.status == "ready" and new.file.name != old.file.name and new.source_hash != old.source_hash
    assert stored_files(media) == [os.path.basename(new.file.name)]
    assert "Areal, vei og bane" in pdf_text(new.file.read())


def test_a_run_overtaken_by_a_newer_request_stores_nothing(media, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        schedule_plan_pdfs(plan)
    stale = PlanPdf.objects.get()
    with django_capture_on_commit_callbacks():
        schedule_plan_pdfs(plan)  # a newer request while the first run renders
    assert make_pdf(stale) is False
    assert PlanPdf.objects.get().status == "pending"
    assert stored_files(media) == []


def test_a_failure_marks_the_pdf_failed(media, plan, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html):
        raise RuntimeError("WeasyPrint is down")

    monkeypatch.setattr("strategies.services.reports.html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_plan_pdfs(plan)
    assert PlanPdf.objects.get().status == "failed"
    assert stored_files(media) == []


def test_the_task_ignores_a_deleted_pdf(db):
    assert render_pdf_task(pdf_id=987654) is False
