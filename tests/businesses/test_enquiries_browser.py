"""The enquiry flow in headless Chromium: a visitor sends an enquiry, sees the reference, and the receipt arrives
over real SMTP at a local server; axe-core on every enquiry page in bokmål and English."""

import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from businesses.models import Enquiry, EnquiryRoute
from businesses.services.enquiries import answer_enquiry, submit_enquiry
from portal.roles import Role
from tests.browser import axe_violations, log_in
from tests.factories import BusinessFactory, UserFactory
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


class Sink:
    """An SMTP server that keeps each message it accepts, parsed."""

    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def wait_for(self, recipient: str, *, containing: str = "", seconds: float = 15):
        """The first message to ``recipient`` whose text contains ``containing``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                for recipients, message in self.received:
                    if recipient in recipients and containing in message.get_body(("plain",)).get_content():
                        return message
            time.sleep(0.05)
        raise AssertionError(f"no mail to {recipient} arrived; got {[r for r, _ in self.received]}")


@pytest.fixture
def smtp_sink(settings):
    """Mail goes over SMTP to a local aiosmtpd server for this test (the send task runs eagerly after commit)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield sink
    controller.stop()


@pytest.fixture
def routed(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    EnquiryRoute.objects.create(topic="premises", adviser=personas.officer)
    return personas


def test_a_visitor_sends_an_enquiry_sees_the_reference_and_the_receipt_arrives_over_smtp(page_for, routed, smtp_sink, tmp_path):
    attachment = tmp_path / "plantegning.pdf"
    attachment.write_bytes(PDF)
    page = page_for("nb")
    page.goto("/kontakt/henvendelse/")
    page.check("input[name=topic][value=premises]")
    page.fill("input[name=orgnr]", "925 321 141")
    page.fill("input[name=name]", "Per Hansen")
    page.fill("input[name=email]", "per@bedrift.example")
    page.fill("input[name=phone]", "900 00 000")
    page.fill("textarea[name=message]", "Vi trenger 400 m² lager nær E18. Har kommunen ledige tomter?")
    page.set_input_files("input[name=attachments]", str(attachment))
    page.check("input[name=consent]")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/kontakt/henvendelse/mottatt/")

    reference = page.locator("#reference").inner_text()
    enquiry = Enquiry.objects.get()
    assert reference == enquiry.reference
    assert enquiry.assigned_to == routed.officer
    assert enquiry.attachments.get().filename == "plantegning.pdf"

    receipt = smtp_sink.wait_for("per@bedrift.example")
    assert reference in receipt["Subject"]
    body = receipt.get_body(preferencelist=("plain",)).get_content()
    assert reference in body
    assert "Vi trenger 400 m² lager nær E18. Har kommunen ledige tomter?" in body
    notification = smtp_sink.wait_for("officer@test.example")
    assert reference in notification["Subject"]


def _enquiries(personas):
    own = submit_enquiry(
        by=personas.owner,
        topic="premises",
        business=personas.business,
        sender_name="Kari Eier",
        sender_email="owner@test.example",
        message="Vi trenger større lokaler i Sandvika.",
        consent_text="samtykke",
        language="nb",
    )
    visitor = submit_enquiry(
        by=None,
        topic="funding",
        business=BusinessFactory(orgnr="923609016", name="KAFÉ AS"),
        sender_name="Per Hansen",
        sender_email="per@bedrift.example",
        message="Finnes det støtte til å starte kafé?",
        consent_text="samtykke",
        language="nb",
    )
    answer_enquiry(own, by=personas.officer, body="Vi har noen ledige lokaler på Fornebu. Vil du ha en oversikt?")
    return own, visitor


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_with_and_without_errors_and_the_receipt_have_no_axe_violations(page_for, routed, language):
    page = page_for(language)
    found = {}
    scan(page, "/kontakt/henvendelse/", found, expect_status=200)
    page.fill("input[name=orgnr]", "925 321 142")
    page.fill("textarea[name=message]", "   ")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    found["form with errors"] = axe_violations(page)
    page.check("input[name=topic][value=premises]")
    page.fill("input[name=orgnr]", "")
    page.fill("input[name=name]", "Per Hansen")
    page.fill("input[name=email]", "per@bedrift.example")
    page.fill("textarea[name=message]", "Hei, vi trenger lokaler.")
    page.check("input[name=consent]")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/kontakt/henvendelse/mottatt/")
    found["receipt"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_and_detail_for_an_officer_have_no_axe_violations(page_for, routed, language):
    own, visitor = _enquiries(routed)
    page = page_for(language)
    log_in(page, routed.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/kontakt/henvendelser/", found, expect_status=200)
    scan(page, "/kontakt/henvendelser/?state=answered&topic=premises", found, expect_status=200)
    scan(page, f"/kontakt/henvendelser/{own.reference}/", found, expect_status=200)
    scan(page, f"/kontakt/henvendelser/{visitor.reference}/", found, expect_status=200)
    page.locator("main form[action$='/svar/'] button[type=submit]").click()  # an empty answer
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").is_visible()
    found["answer with errors"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_owners_list_and_detail_have_no_axe_violations(page_for, routed, language):
    own, _ = _enquiries(routed)
    page = page_for(language)
    log_in(page, routed.owner)
    page.wait_for_load_state()
    found = {}
    scan(page, "/kontakt/henvendelser/", found, expect_status=200)
    scan(page, f"/kontakt/henvendelser/{own.reference}/", found, expect_status=200)
    assert page.locator("textarea[name=reply-body]").is_visible()
    assert_clean(found)


def test_an_officer_answers_in_the_browser_and_the_answer_arrives_over_smtp(page_for, routed, smtp_sink):
    own, _ = _enquiries(routed)
    second = UserFactory(email="kollega@test.example", name="Kollega", role=Role.OFFICER)
    page = page_for("en")
    log_in(page, routed.officer)
    page.wait_for_url("**/arbeid/")
    page.goto(f"/kontakt/henvendelser/{own.reference}/")
    page.fill("textarea[name=answer-body]", "Her er oversikten over ledige lokaler.")
    page.locator("main form[action$='/svar/'] button[type=submit]").click()
    page.wait_for_url(f"**/kontakt/henvendelser/{own.reference}/")
    assert page.get_by_text("Her er oversikten over ledige lokaler.").is_visible()
    answer = smtp_sink.wait_for("owner@test.example", containing="Her er oversikten over ledige lokaler.")
    assert own.reference in answer["Subject"]
    page.select_option("select[name=assign-adviser]", str(second.pk))
    page.locator("main form[action$='/tildel/'] button[type=submit]").click()
    page.wait_for_url(f"**/kontakt/henvendelser/{own.reference}/")
    assert own.reference in smtp_sink.wait_for("kollega@test.example")["Subject"]
    own.refresh_from_db()
    assert (own.assigned_to, own.messages.count()) == (second, 2)
