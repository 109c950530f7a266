"""The officers' notice import page: role × URL, an upload with a report, a refused file; axe-core in both languages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import Notice
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_notices import DOFFIN_DATA, make_hit, real_hits

URL = "/anskaffelser/kunngjoringer/import/"


def upload(content: bytes, name: str = "doffin.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_the_url():
    assert reverse("procurement:notice_import") == URL


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("owner", 403),
        ("other_owner", 403),
        ("council_member", 403),
        ("chief_executive", 403),
        ("politician", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_who_may_open_the_import(client_for, persona, status):
    response = client_for(persona).get(URL)
    assert response.status_code == status
    if persona == "anonymous":
        assert response.url.startswith("/konto/login/")


@pytest.mark.parametrize("persona", ["anonymous", "owner", "politician"])
def test_others_cannot_import(client_for, persona):
    response = client_for(persona).post(
        URL, {"file": upload((DOFFIN_DATA / "search-page-all.json").read_bytes())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code in (302, 403)
    assert Notice.objects.count() == 0


def test_an_officer_imports_a_search_page(client_for):
    client = client_for("officer")
    response = client.post(URL, {"file": upload((DOFFIN_DATA / "search-page-all.json").read_bytes())}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["report"].as_dict() == {"created": 4, "updated": 0, "unchanged": 0, "rejected": []}
    assert Notice.objects.count() == 4
    again = client.post(URL, {"file": upload((DOFFIN_DATA / "search-page-all.json").read_bytes())}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.context["report"].as_dict() == {"created": 0, "updated": 0, "unchanged": 4, "rejected": []}


def test_rejected_notices_are_listed_with_position_and_reason(client_for):
    content = json.dumps([make_hit("2026-900201"), make_hit("2026-900202", cpvCodes=["12345678"])]).encode()
    response = client_for("admin").post(URL, {"file": upload(content)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["report"].rejected == [(2, "2026-900202", "Unknown CPV code(s): 12345678")]
    html = response.content.decode()
    assert "Unknown CPV code(s): 12345678" in html
    assert list(Notice.objects.values_list("doffin_id", flat=True)) == ["2026-900201"]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"{broken", "The file is not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)."),
        (b'{"something": 1}', "The file holds neither a Doffin search result, a list of notices nor one notice."),
    ],
)
def test_a_file_that_cannot_be_read_is_a_form_error(client_for, content, error):
    response = client_for("officer").post(URL, {"file": upload(content)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [error]}
    assert Notice.objects.count() == 0


def test_a_file_too_large_is_refused(client_for, settings, monkeypatch):
    monkeypatch.setattr("procurement.forms.imports.MAX_NOTICE_FILE_SIZE", 100)
    response = client_for("officer").post(URL, {"file": upload(b"[" + b" " * 200 + b"]")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    [error] = response.context["form"].errors["file"]
    # The size is written by filesizeformat in the page's language ("bytes" / "byte").
    assert error.startswith("The file is 202\xa0byte") and "at most 100\xa0byte" in error


def test_no_file_is_a_form_error(client_for):
    response = client_for("officer").post(URL, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_import_page_is_accessible(page_for, personas, tmp_path, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, URL, found, expect_status=200)

    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([*real_hits()[:2], make_hit("2026-900203", cpvCodes=["12345678"])]), encoding="utf-8")
    page.set_input_files("input[type=file]", str(mixed))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("table caption").count() == 1
    found["import with a report"] = axe_violations(page)

    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{broken")
    page.set_input_files("input[type=file]", str(broken))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["import refused"] = axe_violations(page)
    assert_clean(found)
