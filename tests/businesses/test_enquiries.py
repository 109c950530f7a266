"""Enquiries: the public form and its bad input, the receipt, routing and e-mails, the rate limit, the officers'
handling (answer, assign, close), the sender's view and reply, who may see what, and the list's query count."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from businesses.forms.enquiries import CONSENT_TEXT
from businesses.models import Enquiry, EnquiryAttachment, EnquiryMessage, EnquiryRoute
from businesses.services.enquiries import (
    answer_enquiry,
    assign_enquiry,
    close_enquiry,
    mark_enquiry_opened,
    reply_to_enquiry,
    submit_enquiry,
)
from portal.models import ActivityLog
from portal.roles import Role
from tests.factories import BusinessFactory, UserFactory

FORM = "/kontakt/henvendelse/"
RECEIVED = "/kontakt/henvendelse/mottatt/"
LIST = "/kontakt/henvendelser/"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ENQUIRY_RATE_LIMIT = 3
    settings.ENQUIRY_MAX_ATTACHMENT_SIZE = 1024 * 1024


@pytest.fixture
def adviser(personas):
    """A second officer, the routing table's adviser for premises and land."""
    user = UserFactory(email="radgiver@test.example", name="Amir Rådgiver", role=Role.OFFICER, language="en")
    EnquiryRoute.objects.create(topic="premises", adviser=user)
    return user


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs what the code queued for after the commit (the e-mails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def form_data(**overrides) -> dict:
    data = {
        "topic": "premises",
        "orgnr": "925 321 141",
        "organisation": "",
        "name": "Per Hansen",
        "email": "per@bedrift.example",
        "phone": "+47 900 00 000",
        "message": "Vi trenger 400 m² lager nær E18. Har kommunen ledige tomter?",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_enquiry(*, by=None, business=None, email="per@bedrift.example", topic="premises", **kwargs) -> Enquiry:
    return submit_enquiry(
        by=by,
        topic=topic,
        business=business,
        sender_name=kwargs.pop("sender_name", "Per Hansen"),
        sender_email=email,
        message=kwargs.pop("message", "Hei, vi trenger hjelp."),
        consent_text="samtykke",
        language="en",
        **kwargs,
    )


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT / "enquiries"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- The form: success ----------------------------------------------------------------------------


def test_a_visitor_sends_an_enquiry_gets_a_reference_a_receipt_and_the_adviser_is_told(
    client, personas, adviser, mailoutbox, settings, commit
):
    upload = SimpleUploadedFile("plantegning.pdf", PDF, content_type="application/pdf")
    with commit():
        response = client.post(FORM, form_data(attachments=[upload]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == RECEIVED
    enquiry = Enquiry.objects.get()
    year = timezone.localdate().year
    assert enquiry.reference == f"{year}-{enquiry.pk:06d}"
    assert (enquiry.topic, enquiry.business, enquiry.user, enquiry.state, enquiry.assigned_to) == (
        "premises",
        personas.business,
        None,
        Enquiry.State.NEW,
        adviser,
    )
    assert (enquiry.sender_name, enquiry.sender_email, enquiry.sender_phone) == (
        "Per Hansen",
        "per@bedrift.example",
        "+47 900 00 000",
    )
    assert enquiry.message == "Vi trenger 400 m² lager nær E18. Har kommunen ledige tomter?"
    with translation.override("en"):
        assert enquiry.consent_text == str(CONSENT_TEXT)
    assert enquiry.first_answered_at is None
    attachment = enquiry.attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == ("plantegning.pdf", "application/pdf", len(PDF))
    assert len(media_files(settings)) == 1

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["radgiver@test.example"], f"[Næringsportal] New enquiry {enquiry.reference}: Premises and land"),
        (["per@bedrift.example"], f"[Næringsportal] We have received your enquiry {enquiry.reference}"),
    ]
    receipt = mailoutbox[1].body
    assert enquiry.reference in receipt
    assert "Vi trenger 400 m² lager nær E18. Har kommunen ledige tomter?" in receipt
    assert "plantegning.pdf" in receipt
    assert f"/kontakt/henvendelser/{enquiry.reference}/" in mailoutbox[0].body

    page = client.get(RECEIVED)
    assert page.status_code == 200
    assert f'id="reference">{enquiry.reference}</strong>' in page.content.decode()
    log = ActivityLog.objects.get(action="businesses.enquiry_submitted")
    assert log.data == {"reference": enquiry.reference, "topic": "premises", "attachments": 1}


def test_without_an_adviser_for_the_topic_every_officer_is_told(client, personas, mailoutbox, commit):
    second = UserFactory(email="officer2@test.example", role=Role.OFFICER)
    with commit():
        response = client.post(FORM, form_data(topic="funding", orgnr="", organisation="Planlagt kafé i Sandvika"))
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.assigned_to, enquiry.business, enquiry.sender_organisation) == (None, None, "Planlagt kafé i Sandvika")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["officer@test.example", second.email, "per@bedrift.example"])


def test_the_receipt_page_shows_only_this_browsers_enquiry(client, personas, adviser):
    make_enquiry()  # someone else's
    assert client.get(RECEIVED).status_code == 302  # nothing sent from this browser
    assert client.get(RECEIVED)["Location"] == FORM


def test_a_logged_in_owner_gets_their_details_prefilled_and_may_pick_their_business(client_for, personas, adviser):
    client = client_for("owner")
    page = client.get(FORM).content.decode()
    assert 'value="Kari Eier"' in page and 'value="owner@test.example"' in page
    assert f'<option value="{personas.business.pk}">DESINTRYGG AS (925321141)</option>' in page
    assert "BLOMSTERFRAKT" not in page
    response = client.post(FORM, form_data(orgnr="", business=personas.business.pk, name="Kari Eier", email="owner@test.example"))
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.user, enquiry.business) == (personas.owner, personas.business)


def test_an_owner_cannot_pick_another_owners_business(client_for, personas, adviser):
    client = client_for("owner")
    response = client.post(FORM, form_data(orgnr="", business=personas.other_business.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "business" in response.context["form"].errors
    assert Enquiry.objects.count() == 0


# --- The form: bad input ----------------------------------------------------------------------------


BAD_INPUT = [
    ("orgnr", {"orgnr": "925 321 142"}, "Not a valid organisation number. It has nine digits; check them again."),
    (
        "orgnr",
        {"orgnr": "923609016"},
        "923609016 is not in the registry. Check the number, or leave it empty and describe the business.",
    ),
    ("message", {"message": "   \n  "}, "This field is required."),
    ("message", {"message": "x" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
    ("consent", {"consent": None}, "Tick the box to send the enquiry."),
    ("topic", {"topic": "bribes"}, "Select a valid choice. bribes is not one of the available choices."),
    ("email", {"email": "not-an-address"}, "Enter a valid email address."),
]


@pytest.mark.parametrize(("field", "overrides", "message"), BAD_INPUT)
def test_bad_input_shows_the_form_again_with_the_error_and_saves_nothing(
    client, personas, adviser, mailoutbox, settings, field, overrides, message, commit
):
    upload = SimpleUploadedFile("plan.pdf", PDF)
    with commit():
        response = client.post(FORM, form_data(attachments=[upload], **overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page  # at the field
    assert 'class="ds-error-summary"' in page and f'href="#id_{field}"' in page  # and in the summary
    assert Enquiry.objects.count() == 0 and EnquiryAttachment.objects.count() == 0
    assert media_files(settings) == []
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            "virus.exe: Files of this type cannot be attached. Use PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG.",
        ),
        ("falsk.pdf", b"GIF89a not a pdf", "falsk.pdf: The file's content does not match its type (.pdf)."),
        ("falsk.docx", b"PK\x03\x04 not really a zip", "falsk.docx: The file's content does not match its type (.docx)."),
        ("stor.pdf", PDF + b"0" * (1024 * 1024), "stor.pdf: The file is larger than 1.0\xa0MB."),
    ],
)
def test_a_wrong_or_oversized_attachment_is_refused_and_nothing_is_stored(
    client, personas, adviser, mailoutbox, settings, name, content, message, commit
):
    good = SimpleUploadedFile("ok.docx", _docx())
    bad = SimpleUploadedFile(name, content)
    with commit():
        response = client.post(FORM, form_data(attachments=[good, bad]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [message]
    assert 'href="#id_attachments"' in response.content.decode()
    assert Enquiry.objects.count() == 0 and media_files(settings) == [] and mailoutbox == []


def test_more_than_three_attachments_are_refused(client, personas, adviser, settings):
    uploads = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]
    response = client.post(FORM, form_data(attachments=uploads), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == ["Attach at most 3 files."]
    assert Enquiry.objects.count() == 0 and media_files(settings) == []


def test_a_failure_after_the_files_are_written_saves_nothing_and_removes_the_files(personas, adviser, settings, monkeypatch):
    import businesses.services.enquiries as module

    def boom(*args, **kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(module, "log_activity", boom)
    uploads = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.docx", _docx())]
    with pytest.raises(RuntimeError):
        make_enquiry(uploads=uploads)
    assert Enquiry.objects.count() == 0 and EnquiryAttachment.objects.count() == 0
    assert media_files(settings) == []


# --- Rate limit ---------------------------------------------------------------------------------------


def test_the_same_address_is_limited_per_hour_with_429_and_nothing_saved(client, personas, adviser, mailoutbox, commit):
    for n in range(3):
        make_enquiry(email="Per@Bedrift.example", message=f"nr {n}")
    with commit():
        response = client.post(FORM, form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "You have sent many enquiries in a short time." in response.content.decode()
    assert Enquiry.objects.count() == 3 and mailoutbox == []
    # An hour later the address may write again.
    Enquiry.objects.update(created=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    assert client.post(FORM, form_data()).status_code == 302


def test_the_same_client_ip_is_limited_per_hour(client, personas, adviser):
    for n in range(3):
        assert client.post(FORM, form_data(email=f"person{n}@bedrift.example")).status_code == 302
    response = client.post(FORM, form_data(email="ny@bedrift.example"))
    assert response.status_code == 429
    assert Enquiry.objects.count() == 3
    # Another address from another IP is not affected.
    assert client.post(FORM, form_data(email="ny@bedrift.example"), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_behind_a_proxy_the_client_is_counted_by_its_forwarded_address(client, personas, adviser, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(3):
        forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", **proxy}
        assert client.post(FORM, form_data(email=f"person{n}@bedrift.example"), **forwarded).status_code == 302
    limited = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", **proxy}
    assert client.post(FORM, form_data(email="ny@bedrift.example"), **limited).status_code == 429
    # Another client through the same proxy may still write.
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.4", **proxy}
    assert client.post(FORM, form_data(email="ny@bedrift.example"), **other).status_code == 302
    assert Enquiry.objects.count() == 4


# --- Who may see what ----------------------------------------------------------------------------------


@pytest.fixture
def enquiries(personas, adviser):
    """The owner's own enquiry (with an attachment), one about the other owner's business, one from a visitor."""
    own = make_enquiry(
        by=personas.owner,
        business=personas.business,
        email="owner@test.example",
        uploads=[SimpleUploadedFile("eget.pdf", PDF)],
    )
    other = make_enquiry(
        by=personas.other_owner,
        business=personas.other_business,
        email="other.owner@test.example",
        uploads=[SimpleUploadedFile("annet.pdf", PDF)],
    )
    visitor = make_enquiry(email="gjest@example.org", topic="funding")
    return {"own": own, "other": other, "visitor": visitor}


ALLOWED_ON = {
    # persona: (list status, sees own, sees other, sees visitor)
    "anonymous": (302, 302, 302, 302),
    "owner": (200, 200, 404, 404),
    "other_owner": (200, 404, 200, 404),
    "officer": (200, 200, 200, 200),
    "admin": (200, 200, 200, 200),
    "council_member": (200, 404, 404, 404),
    "chief_executive": (200, 404, 404, 404),
    "politician": (200, 404, 404, 404),
}


@pytest.mark.parametrize("persona", list(ALLOWED_ON))
def test_role_by_url(client_for, enquiries, persona):
    client = client_for(persona)
    expected = ALLOWED_ON[persona]
    got = [client.get(LIST).status_code]
    for key in ("own", "other", "visitor"):
        got.append(client.get(f"{LIST}{enquiries[key].reference}/").status_code)
    assert tuple(got) == expected
    # The attachment of each enquiry answers like its enquiry.
    for key, status in (("own", expected[1]), ("other", expected[2])):
        attachment = enquiries[key].attachments.get()
        assert client.get(f"{LIST}{enquiries[key].reference}/vedlegg/{attachment.pk}/").status_code == status
    if persona == "anonymous":
        assert client.get(LIST)["Location"].startswith("/konto/login/")


def test_another_owners_attachment_id_under_ones_own_reference_is_404(client_for, enquiries):
    client = client_for("owner")
    other_attachment = enquiries["other"].attachments.get()
    assert client.get(f"{LIST}{enquiries['own'].reference}/vedlegg/{other_attachment.pk}/").status_code == 404
    own_attachment = enquiries["own"].attachments.get()
    response = client.get(f"{LIST}{enquiries['own'].reference}/vedlegg/{own_attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="eget.pdf"'


def test_a_representative_sees_the_enquiries_about_their_business_sent_by_others(client_for, personas, adviser):
    about = make_enquiry(business=personas.business, email="regnskap@example.org")
    page = client_for("owner").get(LIST).content.decode()
    assert about.reference in page


@pytest.mark.parametrize("persona", ["anonymous", "owner", "council_member", "politician"])
def test_only_the_team_may_answer_assign_or_close(client_for, enquiries, personas, persona):
    client = client_for(persona)
    reference = enquiries["own"].reference
    expected = {"anonymous": 302, "owner": 403}.get(persona, 404)
    assert client.post(f"{LIST}{reference}/svar/", {"answer-body": "Hei"}).status_code == expected
    assert client.post(f"{LIST}{reference}/tildel/", {"assign-adviser": personas.officer.pk}).status_code == expected
    assert client.post(f"{LIST}{reference}/lukk/").status_code == expected
    enquiry = Enquiry.objects.get(pk=enquiries["own"].pk)
    assert (enquiry.state, enquiry.messages.count()) == (Enquiry.State.NEW, 0)


def test_another_owner_cannot_reply_to_an_enquiry_by_reference(client_for, enquiries):
    response = client_for("other_owner").post(f"{LIST}{enquiries['own'].reference}/melding/", {"reply-body": "Hei"})
    assert response.status_code == 404
    assert EnquiryMessage.objects.count() == 0


# --- Handling -------------------------------------------------------------------------------------------


def test_opening_a_new_enquiry_by_its_adviser_moves_it_to_open_and_others_do_not(client, enquiries, personas, adviser):
    reference = enquiries["own"].reference
    client.force_login(personas.officer)  # not the assigned adviser
    client.get(f"{LIST}{reference}/")
    assert Enquiry.objects.get(reference=reference).state == Enquiry.State.NEW
    client.force_login(adviser)
    client.get(f"{LIST}{reference}/")
    client.get(f"{LIST}{reference}/")
    assert Enquiry.objects.get(reference=reference).state == Enquiry.State.OPEN
    assert ActivityLog.objects.filter(action="businesses.enquiry_opened").count() == 1


def test_an_answer_is_sent_kept_and_sets_the_first_answer_time_once(client, enquiries, adviser, mailoutbox, commit):
    enquiry = enquiries["own"]
    client.force_login(adviser)
    with commit():
        response = client.post(f"{LIST}{enquiry.reference}/svar/", {"answer-body": "Ja, vi har tomter på Fornebu."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    first = enquiry.first_answered_at
    assert first is not None and enquiry.state == Enquiry.State.ANSWERED
    message = enquiry.messages.get()
    assert (message.direction, message.author, message.body, message.sent_to) == (
        "answer",
        adviser,
        "Ja, vi har tomter på Fornebu.",
        "owner@test.example",
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["owner@test.example"], f"[Næringsportal] Answer to your enquiry {enquiry.reference}")
    ]
    assert "Ja, vi har tomter på Fornebu." in mailoutbox[0].body

    # The same text again (a double click) sends nothing; a second answer keeps the first time.
    with commit():
        client.post(f"{LIST}{enquiry.reference}/svar/", {"answer-body": "Ja, vi har tomter på Fornebu."})
    assert enquiry.messages.count() == 1 and len(mailoutbox) == 1
    client.post(f"{LIST}{enquiry.reference}/svar/", {"answer-body": "Kartet kommer i posten."})
    enquiry.refresh_from_db()
    assert enquiry.messages.count() == 2 and enquiry.first_answered_at == first
    assert ActivityLog.objects.filter(action="businesses.enquiry_answered").count() == 2


def test_an_empty_answer_is_400_and_sends_nothing(client, enquiries, adviser, mailoutbox, commit):
    client.force_login(adviser)
    with commit():
        response = client.post(f"{LIST}{enquiries['own'].reference}/svar/", {"answer-body": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'href="#id_answer-body"' in response.content.decode()
    assert EnquiryMessage.objects.count() == 0 and mailoutbox == []


def test_assigning_tells_the_new_adviser_and_a_tampered_id_is_400(client, enquiries, personas, adviser, mailoutbox, commit):
    enquiry = enquiries["visitor"]
    personas.officer.language = "en"
    personas.officer.save(update_fields=["language"])
    client.force_login(adviser)
    with commit():
        assert client.post(f"{LIST}{enquiry.reference}/tildel/", {"assign-adviser": personas.owner.pk}).status_code == 400
        assert client.post(f"{LIST}{enquiry.reference}/tildel/", {"assign-adviser": "999999"}).status_code == 400
    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None and mailoutbox == []
    with commit():
        assert client.post(f"{LIST}{enquiry.reference}/tildel/", {"assign-adviser": personas.officer.pk}).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == personas.officer
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["officer@test.example"], f"[Næringsportal] Enquiry {enquiry.reference} is given to you: Funding")
    ]
    # Again to the same officer: nothing changes, nothing is sent.
    with commit():
        client.post(f"{LIST}{enquiry.reference}/tildel/", {"assign-adviser": personas.officer.pk})
    assert len(mailoutbox) == 1
    assert ActivityLog.objects.filter(action="businesses.enquiry_assigned").count() == 1


def test_closing_is_logged_once_and_a_closed_enquiry_cannot_be_answered(client, enquiries, adviser):
    enquiry = enquiries["own"]
    client.force_login(adviser)
    assert client.post(f"{LIST}{enquiry.reference}/lukk/").status_code == 302
    assert client.post(f"{LIST}{enquiry.reference}/lukk/").status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.state == Enquiry.State.CLOSED and enquiry.closed_at is not None
    assert ActivityLog.objects.filter(action="businesses.enquiry_closed").count() == 1
    assert client.post(f"{LIST}{enquiry.reference}/svar/", {"answer-body": "Sent svar"}).status_code == 409
    assert enquiry.messages.count() == 0


def test_the_owner_sees_their_enquiries_and_the_answers_and_replies(client, enquiries, personas, adviser, mailoutbox, commit):
    enquiry = enquiries["own"]
    answer_enquiry(enquiry, by=adviser, body="Vi kan møtes på rådhuset tirsdag.")
    client.force_login(personas.owner)
    listing = client.get(LIST).content.decode()
    assert enquiry.reference in listing and enquiries["other"].reference not in listing
    assert enquiries["visitor"].reference not in listing
    page = client.get(f"{LIST}{enquiry.reference}/").content.decode()
    assert "Vi kan møtes på rådhuset tirsdag." in page
    assert 'name="answer-body"' not in page and 'name="assign-adviser"' not in page
    assert 'name="reply-body"' in page

    with commit():
        response = client.post(f"{LIST}{enquiry.reference}/melding/", {"reply-body": "Tirsdag passer fint."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.state == Enquiry.State.OPEN
    reply = enquiry.messages.get(direction="reply")
    assert (reply.author, reply.body, reply.sent_to) == (personas.owner, "Tirsdag passer fint.", "")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["radgiver@test.example"], f"[Næringsportal] New message on enquiry {enquiry.reference}")
    ]


def test_services_refuse_or_ignore_repeats(enquiries, adviser, personas):
    enquiry = enquiries["own"]
    assert mark_enquiry_opened(enquiry, by=adviser) is True
    assert mark_enquiry_opened(enquiry, by=adviser) is False
    assert assign_enquiry(enquiry, to=adviser, by=adviser) is False
    first = reply_to_enquiry(enquiry, by=personas.owner, body="Mer info")
    assert reply_to_enquiry(enquiry, by=personas.owner, body="Mer info") == first
    assert close_enquiry(enquiry, by=adviser) is True
    assert close_enquiry(enquiry, by=adviser) is False


# --- The list ---------------------------------------------------------------------------------------------


def test_the_list_filters_by_state_topic_adviser_orgnr_and_text(client, enquiries, adviser):
    client.force_login(adviser)

    def references(query: str) -> list[str]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200
        return [e.reference for e in response.context["object_list"]]

    own, other, visitor = enquiries["own"], enquiries["other"], enquiries["visitor"]
    assert references("") == [visitor.reference, other.reference, own.reference]  # newest first
    assert references("topic=funding") == [visitor.reference]
    assert references("assigned=me") == [other.reference, own.reference]
    assert references("assigned=nobody") == [visitor.reference]
    assert references("orgnr=812+844+822") == [other.reference]
    assert references("q=gjest@example") == [visitor.reference]
    close_enquiry(own, by=adviser)
    assert references("state=closed") == [own.reference]
    assert client.get(f"{LIST}?state=bogus").status_code == 400


@pytest.mark.parametrize(("persona", "queries"), [("officer", 6), ("owner", 7)])
def test_the_list_query_count_is_constant_as_enquiries_grow(
    client_for, personas, adviser, persona, queries, django_assert_max_num_queries
):
    client = client_for(persona)

    def add(count: int):
        for n in range(count):
            make_enquiry(by=personas.owner, business=BusinessFactory() if n % 2 else personas.business, email=f"e{n}@x.example")

    add(3)
    with django_assert_max_num_queries(queries):
        first = client.get(LIST)
    add(20)
    with django_assert_max_num_queries(queries):
        second = client.get(LIST)
    assert first.status_code == second.status_code == 200
    assert len(second.context["object_list"]) > len(first.context["object_list"])


# --- Demo -------------------------------------------------------------------------------------------------


def test_the_demo_enquiries_load_once_with_a_realistic_mix(personas):
    from businesses.demo import enquiries as demo

    users = {
        "eier@demo.example": UserFactory(email="eier@demo.example", name="Kari Nordmann"),
        "annen.eier@demo.example": UserFactory(email="annen.eier@demo.example", name="Ola Hansen"),
        "naeringssjef@demo.example": UserFactory(email="naeringssjef@demo.example", role=Role.OFFICER),
        "naeringsradgiver@demo.example": UserFactory(email="naeringsradgiver@demo.example", role=Role.OFFICER),
    }
    first = demo.load(users)
    assert first == {"enquiries": len(demo.ENQUIRIES)}
    assert demo.load(users) == {"enquiries": len(demo.ENQUIRIES)}
    assert Enquiry.objects.count() == len(demo.ENQUIRIES)
    assert 25 <= len(demo.ENQUIRIES) <= 40
    assert {e.topic for e in Enquiry.objects.all()} == set(demo.ROUTED_TO)
    waiting = Enquiry.objects.filter(state=Enquiry.State.NEW)
    assert waiting.count() >= 3
    assert {e.assigned_to.email for e in waiting} == {"naeringssjef@demo.example"}
    assert all(e.first_answered_at is None and not e.messages.exists() for e in waiting)
    answered = Enquiry.objects.filter(first_answered_at__isnull=False)
    assert answered.count() >= 15
    delays = sorted((e.first_answered_at - e.created).total_seconds() / 3600 for e in answered)
    assert delays[0] < 5 and delays[-1] > 72  # from hours to days
    assert Enquiry.objects.filter(business=personas.business, user=users["eier@demo.example"]).count() >= 4
    oldest = Enquiry.objects.order_by("created").first()
    assert 200 <= (timezone.now() - oldest.created).days <= 245
    assert all(e.reference == f"{timezone.localdate(e.created).year}-{e.pk:06d}" for e in Enquiry.objects.all())


def test_the_topic_can_be_chosen_by_a_link(client, personas):
    page = client.get(f"{FORM}?topic=permits").content.decode()
    assert re.search(r'<input type="radio" name="topic" value="permits"[^>]*checked', page)
    assert "checked" not in client.get(f"{FORM}?topic=bogus").content.decode()
