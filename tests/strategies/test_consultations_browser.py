"""The consultation flow in headless Chromium: a visitor opens the consultation, responds with two points linked to
measures and an attachment, sees the receipt's reference, and the receipt arrives over real SMTP; axe-core on every
consultation page in bokmål and English."""

import datetime

import pytest
from django.utils import timezone

from strategies.models import Consultation, ConsultationResponse
from strategies.services.consultations import submit_response
from tests.browser import axe_violations, log_in
from tests.businesses.test_enquiries_browser import smtp_sink  # noqa: F401 (a fixture)
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_consultations import ConsultationFactory, measure_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def hearing(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    consultation = ConsultationFactory(title="Forslag til handlingsprogram 2026–2029", case_number="26/1234")
    first = measure_in(consultation.plan, code="1.1", title="Næringsvennlig saksbehandling")
    second = measure_in(consultation.plan, code="1.2", title="Dialogmøter med næringslivet")
    return consultation, first, second


def test_a_visitor_responds_with_two_points_and_an_attachment_and_sees_the_reference(page_for, hearing, smtp_sink, tmp_path):  # noqa: F811
    consultation, first, second = hearing
    attachment = tmp_path / "innspill.pdf"
    attachment.write_bytes(PDF)
    page = page_for("nb")
    page.goto(f"/strategi/horinger/{consultation.pk}/")
    page.locator(f"main a[href$='/horinger/{consultation.pk}/svar/']").click()
    page.wait_for_url(f"**/strategi/horinger/{consultation.pk}/svar/")
    page.fill("input[name=organisation]", "Asker næringsråd")
    page.fill("input[name=orgnr]", "974 540 193")
    page.fill("input[name=address]", "Drengsrudhagen 6, 1385 Asker")
    page.fill("input[name=contact_person]", "Yngve Bastesen")
    page.fill("input[name=email]", "post@naeringsrad.example")
    page.fill("input[name=phone]", "900 00 000")
    page.fill("textarea[name=text]", "Næringsrådet savner en tydeligere satsing på eksisterende bedrifter.")
    page.fill("textarea[name=points-0-text]", "Forutsigbar og rask behandling av byggesaker.")
    page.select_option("select[name=points-0-measure]", str(first.pk))
    page.fill("textarea[name=points-1-text]", "Faste dialogmøter fire ganger i året.")
    page.select_option("select[name=points-1-measure]", str(second.pk))
    page.set_input_files("input[name=attachments]", str(attachment))
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/strategi/horinger/svar/mottatt/")

    reference = page.locator("#reference").inner_text()
    response = ConsultationResponse.objects.get()
    assert reference == response.reference and reference.startswith(f"H-{timezone.localdate().year}-")
    assert list(response.points.values_list("text", "measure")) == [
        ("Forutsigbar og rask behandling av byggesaker.", first.pk),
        ("Faste dialogmøter fire ganger i året.", second.pk),
    ]
    assert response.attachments.get().filename == "innspill.pdf"

    receipt = smtp_sink.wait_for("post@naeringsrad.example")
    assert reference in receipt["Subject"]
    body = receipt.get_body(preferencelist=("plain",)).get_content()
    for expected in (reference, "26/1234", "Forslag til handlingsprogram 2026–2029", "Faste dialogmøter fire ganger i året."):
        assert expected in body


def _responses(consultation, first):
    public = submit_response(
        consultation,
        by=None,
        organisation="Asker næringsråd",
        orgnr="974540193",
        contact_person="Yngve Bastesen",
        email="post@naeringsrad.example",
        text="Vi ber om faste dialogmøter.",
        points=[("Fire møter i året.", first)],
    )
    exempt = submit_response(
        consultation,
        by=None,
        organisation="DESINTRYGG AS",
        orgnr="925321141",
        contact_person="Kari Eier",
        email="owner@test.example",
        text="Forretningshemmeligheter.",
    )
    ConsultationResponse.objects.filter(pk=exempt.pk).update(exempt=True, exemption_basis="offentleglova § 13")
    return public, exempt


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_pages_the_form_with_errors_and_the_receipt_have_no_axe_violations(page_for, hearing, language):
    consultation = hearing[0]
    old = ConsultationFactory(title="Forrige høring")
    public, _ = _responses(old, measure_in(old.plan))
    Consultation.objects.filter(pk=old.pk).update(deadline=timezone.now() - datetime.timedelta(days=60))
    page = page_for(language)
    found = {}
    scan(page, "/strategi/horinger/", found, expect_status=200)
    scan(page, f"/strategi/horinger/{consultation.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horinger/{old.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horingssvar/{public.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horinger/{old.pk}/svar/", found, expect_status=410)
    scan(page, f"/strategi/horinger/{consultation.pk}/svar/", found, expect_status=200)
    page.fill("input[name=orgnr]", "974 540 194")
    page.fill("textarea[name=text]", "   ")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    found["form with errors"] = axe_violations(page)
    page.fill("input[name=organisation]", "Bedrift AS")
    page.fill("input[name=orgnr]", "")
    page.fill("input[name=contact_person]", "Per Hansen")
    page.fill("input[name=email]", "per@bedrift.example")
    page.fill("textarea[name=text]", "Et kort høringssvar.")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/strategi/horinger/svar/mottatt/")
    found["receipt"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_teams_pages_have_no_axe_violations(page_for, personas, hearing, language):
    consultation, first, _ = hearing
    public, exempt = _responses(consultation, first)
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, f"/strategi/horinger/{consultation.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horinger/{consultation.pk}/endre/", found, expect_status=200)
    scan(page, f"/strategi/{consultation.plan.pk}/horinger/ny/", found, expect_status=200)
    scan(page, f"/strategi/horingssvar/{public.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horingssvar/{exempt.pk}/", found, expect_status=200)
    scan(page, f"/strategi/horingssvar/{public.pk}/behandle/", found, expect_status=200)
    page.check("input[name=handling-exempt]")
    page.fill("input[name=handling-exemption_basis]", "")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    found["handling with errors"] = axe_violations(page)
    page.goto(f"/strategi/horinger/{consultation.pk}/endre/")
    page.fill("input[name=deadline]", "2020-01-01T12:00")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    found["consultation form with errors"] = axe_violations(page)
    assert_clean(found)
    assert Consultation.objects.get(pk=consultation.pk).deadline == consultation.deadline
