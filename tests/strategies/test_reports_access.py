"""Who may reach each report and exchange URL (role × URL), the PDF download and "being made" pages,
and the plan page's reports panel with a fixed number of queries."""

import pytest
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.utils import timezone

from strategies.models import Plan, PlanPdf
from strategies.views.reports import panel
from tests.strategies.factories_reports import build_plan, build_round

EVERYONE = ["anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"]
DRAFT_READERS = {"officer", "council_member", "chief_executive", "admin"}
TEAM = {"officer", "admin"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plans(db, personas, media):
    """A draft and an adopted plan; the adopted one with an approved and an open round; every PDF ready."""
    draft = build_plan(title="Utkast til næringsplan")
    adopted = build_plan(state=Plan.State.ADOPTED)
    approved = build_round(adopted, approved=True, by=personas.officer, title="1. tertial 2026")
    open_round = build_round(adopted, approved=False, by=personas.officer)
    now = timezone.now()
    for plan, status_round, kind in [
        (draft, None, "overview"),
        (adopted, None, "overview"),
        (adopted, approved, "status_report"),
        (adopted, open_round, "status_report"),
    ]:
        pdf = PlanPdf(plan=plan, status_round=status_round, kind=kind, status="ready", requested_at=now, finished_at=now)
        pdf.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        pdf.save()
    return {"draft": draft, "adopted": adopted, "approved": approved, "open": open_round}


def urls(plans) -> dict[str, str]:
    draft, adopted = plans["draft"].pk, plans["adopted"].pk
    return {
        "draft overview": f"/strategi/{draft}/oversikt.pdf",
        "draft csv": f"/strategi/{draft}/tiltak.csv",
        "draft xlsx": f"/strategi/{draft}/tiltak.xlsx",
        "draft import": f"/strategi/{draft}/import/",
        "adopted overview": f"/strategi/{adopted}/oversikt.pdf",
        "adopted csv": f"/strategi/{adopted}/tiltak.csv",
        "adopted xlsx": f"/strategi/{adopted}/tiltak.xlsx",
        "adopted import": f"/strategi/{adopted}/import/",
        "approved round": f"/strategi/statusrunder/{plans['approved'].pk}/rapport.pdf",
        "open round": f"/strategi/statusrunder/{plans['open'].pk}/rapport.pdf",
        "draft panel status": f"/strategi/{draft}/rapporter/status/",
        "adopted panel status": f"/strategi/{adopted}/rapporter/status/",
    }


def expected(persona: str) -> dict[str, int]:
    reads_draft = persona in DRAFT_READERS
    team = persona in TEAM
    draft_read = 200 if reads_draft else 404
    if persona == "anonymous":
        draft_import = adopted_import = 302  # to the login page
    else:
        draft_import = 200 if team else (403 if reads_draft else 404)
        adopted_import = 409 if team else 403
    return {
        "draft overview": draft_read,
        "draft csv": draft_read,
        "draft xlsx": draft_read,
        "draft import": draft_import,
        "adopted overview": 200,
        "adopted csv": 200,
        "adopted xlsx": 200,
        "adopted import": adopted_import,
        "approved round": 200,
        "open round": 200 if team else 404,
        "draft panel status": draft_read,
        "adopted panel status": 200,
    }


@pytest.mark.parametrize("persona", EVERYONE)
def test_role_by_url(client_for, plans, persona):
    client = client_for(persona)
    found = {name: client.get(url).status_code for name, url in urls(plans).items()}
    assert found == expected(persona)


def test_anonymous_import_goes_to_login(settings, client_for, plans):
    url = f"/strategi/{plans['draft'].pk}/import/"
    response = client_for("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"


def test_a_tampered_id_is_not_found(client_for, plans):
    client = client_for("officer")
    for url in ["/strategi/999999/oversikt.pdf", "/strategi/999999/tiltak.csv", "/strategi/999999/import/",
                "/strategi/statusrunder/999999/rapport.pdf"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_the_ready_pdf_is_served_as_an_attachment(client_for, plans):
    response = client_for("anonymous").get(f"/strategi/{plans['adopted'].pk}/oversikt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="strategisk-naeringsplan-for-testregionen-oversikt.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_a_missing_pdf_is_asked_for_and_the_page_says_it_is_being_made(
    settings, client_for, plans, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    PlanPdf.objects.filter(plan=plans["adopted"], kind="overview").delete()
    client = client_for("anonymous")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(f"/strategi/{plans['adopted'].pk}/oversikt.pdf")
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert "The plan overview is being made" in response.content.decode()
    pdf = PlanPdf.objects.get(plan=plans["adopted"], kind="overview")
    assert pdf.status == "pending" and len(callbacks) == 1

    # Asked again while it is being made: the same page, no second task.
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.get(f"/strategi/{plans['adopted'].pk}/oversikt.pdf").status_code == 202
    assert callbacks == []


def test_a_failed_pdf_is_asked_for_again(client_for, plans, django_capture_on_commit_callbacks):
    PlanPdf.objects.filter(plan=plans["adopted"], kind="overview").update(status="failed")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for("anonymous").get(f"/strategi/{plans['adopted'].pk}/oversikt.pdf")
    assert response.status_code == 202 and len(callbacks) == 1
    assert PlanPdf.objects.get(plan=plans["adopted"], kind="overview").status == "pending"


# --- The plan page's panel ----------------------------------------------------------------------


def test_the_panels_pdf_list_is_polled_while_a_pdf_is_being_made(settings, client_for, plans):
    settings.LANGUAGE_CODE = "en"
    adopted = plans["adopted"]
    url = f"/strategi/{adopted.pk}/rapporter/status/"
    ready = client_for("anonymous").get(url).content.decode()
    assert ready.strip().startswith('<div id="plan-reports">') and "hx-get" not in ready
    PlanPdf.objects.filter(plan=adopted, kind="overview").update(status="pending")
    pending = client_for("anonymous").get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 3s"' in pending
    assert "Plan overview (PDF)" in pending and "being made …" in pending
    assert "Refresh to see whether the PDF is ready" in pending


def test_panel_offers_the_pdfs_exports_and_the_import_to_the_team_on_a_draft(settings, rf, personas, plans):
    settings.LANGUAGE_CODE = "en"
    request = rf.get("/")
    request.user = personas.officer
    data = panel(request, plans["draft"])
    assert [(str(doc["label"]), doc["pdf"].status) for doc in data["documents"]] == [("Plan overview", "ready")]
    assert data["csv_url"] == f"/strategi/{plans['draft'].pk}/tiltak.csv"
    assert data["import_url"] == f"/strategi/{plans['draft'].pk}/import/"


def test_panel_shows_an_open_rounds_draft_only_to_the_team(settings, rf, personas, plans):
    settings.LANGUAGE_CODE = "en"
    request = rf.get("/")
    request.user = personas.officer
    team = panel(request, plans["adopted"])
    assert [(str(doc["label"]), doc["draft"]) for doc in team["documents"]] == [
        ("Plan overview", False),
        ("Status report: 2. tertial 2026", True),
        ("Status report: 1. tertial 2026", False),
    ]
    assert team["import_url"] is None  # adopted: revise first
    request.user = personas.owner
    public = panel(request, plans["adopted"])
    assert [str(doc["label"]) for doc in public["documents"]] == ["Plan overview", "Status report: 1. tertial 2026"]


def test_panel_queries_do_not_grow_with_rounds(rf, personas, plans, django_assert_max_num_queries):
    request = rf.get("/")
    request.user = personas.officer
    panel(request, plans["adopted"])  # the user's roles are read once per request
    with django_assert_max_num_queries(2):
        panel(request, plans["adopted"])
    for n in range(5):
        build_round(plans["adopted"], approved=True, by=personas.officer, title=f"Runde {n}")
    with django_assert_max_num_queries(2):
        assert len(panel(request, plans["adopted"])["documents"]) == 8
