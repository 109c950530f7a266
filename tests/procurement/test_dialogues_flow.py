"""Market dialogue: creating and opening, registration with its bad input, slots, documents, questions and answers,
the equal-information rule, closing input, and messages sent once."""

import datetime
import smtplib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.mail import Transfer
from procurement.models import DialogueMessage, DialogueQuestion, DialogueRegistration, DialogueSlot, MarketDialogue
from procurement.services import dialogues as services
from procurement.tasks import dispatch_dialogue_messages
from tests.procurement.factories_dialogues import PDF, in_days, make_dialogue, make_item, make_slots, register


@pytest.fixture(autouse=True)
def _english(settings, client):
    """Pages and e-mails in English, so the assertions hold before and after the bokmål catalogue is compiled."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def alerts(monkeypatch):
    """The dialogue ids handed to the alert matching (another part fills it)."""
    calls = []
    monkeypatch.setattr("procurement.services.alerts.queue_matching", lambda kind, ids: calls.append((kind, list(ids))))
    return calls


def url(name, *args):
    from django.urls import reverse

    return reverse(f"procurement:{name}", args=args)


# --- Creating, opening, visibility -----------------------------------------------------------------------


def test_the_team_creates_a_draft_that_the_public_cannot_see_until_opened(client_for, personas, alerts):
    item = make_item()
    client = client_for("officer")
    response = client.post(
        url("dialogue_add", item.pk),
        {
            "title": "Markedsdialog: renhold",
            "description": "Innspill før utlysning.",
            "has_one_to_one": "on",
            "input_deadline": "2099-05-01T12:00",
            "capacity": "10",
        },
    )
    dialogue = MarketDialogue.objects.get()
    assert response.status_code == 302
    assert (dialogue.state, dialogue.item, dialogue.capacity, dialogue.has_one_to_one, dialogue.has_conference) == (
        "draft",
        item,
        10,
        True,
        False,
    )
    assert client_for("owner").get(dialogue.get_absolute_url()).status_code == 404
    assert client_for("anonymous").get(url("dialogues")).content.decode().count("Markedsdialog: renhold") == 0
    client = client_for("officer")
    assert client.post(url("dialogue_open", dialogue.pk)).status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.state, dialogue.version) == ("open", 2)
    assert alerts == [("dialogue", [dialogue.pk])]
    assert client_for("anonymous").get(dialogue.get_absolute_url()).status_code == 200
    assert "Markedsdialog: renhold" in client_for("anonymous").get(url("dialogues")).content.decode()


def test_a_dialogue_needs_a_form_and_a_conference_time(client_for, personas):
    item = make_item()
    response = client_for("officer").post(url("dialogue_add", item.pk), {"title": "X", "has_conference": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"conference_at": ["Give the time of the supplier conference."]}
    response = client_for("officer").post(url("dialogue_add", item.pk), {"title": "X"})
    assert response.context["form"].errors == {"has_conference": ["Choose at least one form of dialogue."]}
    assert not MarketDialogue.objects.exists()


def test_changing_an_open_dialogues_dates_raises_its_version_and_alerts(personas, alerts):
    dialogue = make_dialogue(version=2)
    assert services.update_dialogue(dialogue, by=personas.officer, location="Asker rådhus") == ["location"]
    assert services.update_dialogue(dialogue, by=personas.officer, capacity=5) == ["capacity"]
    dialogue.refresh_from_db()
    assert (dialogue.version, dialogue.location, dialogue.capacity) == (3, "Asker rådhus", 5)
    assert alerts == [("dialogue", [dialogue.pk])]


def test_the_team_changes_an_open_dialogue_on_its_page(client_for, personas, alerts):
    dialogue = make_dialogue(version=2)
    data = {
        "title": "Markedsdialog: renhold, nytt sted",
        "description": dialogue.description,
        "has_conference": "on",
        "has_one_to_one": "on",
        "has_written_input": "on",
        "conference_at": "2099-05-01T09:00",
        "location": "Asker rådhus",
        "input_deadline": "2099-06-01T12:00",
    }
    assert client_for("officer").post(url("dialogue_edit", dialogue.pk), data).status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.title, dialogue.location, dialogue.version, dialogue.registration_deadline) == (
        "Markedsdialog: renhold, nytt sted",
        "Asker rådhus",
        3,
        None,
    )
    assert alerts == [("dialogue", [dialogue.pk])]


# --- Registration ---------------------------------------------------------------------------------------------


def test_an_owner_registers_with_the_business_prefilled_from_the_registry(client_for, personas):
    dialogue = make_dialogue()
    client = client_for("owner")
    form = client.get(url("dialogue_register", dialogue.pk)).context["form"]
    assert (form.initial["orgnr"], form.initial["company_name"], form.initial["email"]) == (
        "925321141",
        "DESINTRYGG AS",
        "owner@test.example",
    )
    response = client.post(
        url("dialogue_register", dialogue.pk),
        {"orgnr": "925 321 141", "company_name": "Feil navn", "contact_name": "Kari Eier", "email": "kari@test.example"},
    )
    assert response.status_code == 302
    registration = DialogueRegistration.objects.get()
    assert (registration.orgnr, registration.company_name, registration.user, registration.email) == (
        "925321141",
        "DESINTRYGG AS",
        personas.owner,
        "kari@test.example",
    )


def test_a_registration_with_an_invalid_organisation_number_is_refused(client_for, personas):
    dialogue = make_dialogue()
    response = client_for("owner").post(
        url("dialogue_register", dialogue.pk),
        {"orgnr": "925321142", "company_name": "X AS", "contact_name": "Kari", "email": "kari@test.example"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["orgnr"] == [
        "925321142 is not a valid organisation number: nine digits with a correct check digit."
    ]
    assert not DialogueRegistration.objects.exists()


def test_an_organisation_number_outside_the_registry_needs_a_company_name(client_for, personas):
    dialogue = make_dialogue()
    data = {"orgnr": "974760673", "contact_name": "Per", "email": "per@test.example"}
    response = client_for("other_owner").post(url("dialogue_register", dialogue.pk), data)
    assert response.context["form"].errors == {"company_name": ["974760673 is not in the registry: write the company's name."]}
    response = client_for("other_owner").post(url("dialogue_register", dialogue.pk), {**data, "company_name": "Registerenheten"})
    assert response.status_code == 302
    assert DialogueRegistration.objects.get().company_name == "Registerenheten"


def test_a_second_registration_of_the_same_number_is_a_clear_409(client_for, personas):
    dialogue = make_dialogue()
    register(dialogue, orgnr="925321141", user=personas.owner)
    response = client_for("other_owner").post(
        url("dialogue_register", dialogue.pk), {"orgnr": "925321141", "contact_name": "Ola", "email": "ola@test.example"}
    )
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == ["925321141 is already registered for this market dialogue."]
    assert DialogueRegistration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"state": "closed"}, "Registration is closed: the market dialogue is not open for input."),
        ({"registration_deadline": in_days(-1)}, "The registration deadline has passed."),
        ({"input_deadline": in_days(-1), "registration_deadline": None}, "Registration is closed"),
    ],
)
def test_registration_is_refused_when_closed_or_late(client_for, personas, fields, reason):
    dialogue = make_dialogue(**fields)
    response = client_for("owner").post(
        url("dialogue_register", dialogue.pk), {"orgnr": "925321141", "contact_name": "Kari", "email": "k@test.example"}
    )
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert not DialogueRegistration.objects.exists()


def test_registration_is_refused_at_capacity(personas):
    dialogue = make_dialogue(capacity=1)
    register(dialogue, orgnr="925321141")
    with pytest.raises(services.DialogueError, match="The market dialogue is full"):
        services.register_supplier(
            dialogue, by=personas.other_owner, orgnr="812844822", company_name="B", contact_name="Ola", email="o@test.example"
        )
    assert DialogueRegistration.objects.count() == 1


def test_anonymous_registration_goes_to_login(client_for, personas):
    dialogue = make_dialogue()
    response = client_for("anonymous").get(url("dialogue_register", dialogue.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


# --- Slots -------------------------------------------------------------------------------------------------------


def test_slots_are_generated_of_equal_length_and_offered_to_every_registered_supplier(
    client_for, personas, mailoutbox, django_capture_on_commit_callbacks
):
    dialogue = make_dialogue()
    register(dialogue, orgnr="925321141", email="a@test.example")
    register(dialogue, orgnr="812844822", email="b@test.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(
            url("slots_add", dialogue.pk),
            {"first_start": "2099-03-02T09:00", "length_minutes": "30", "count": "4", "pause_minutes": "15"},
        )
    assert response.status_code == 302
    slots = list(dialogue.slots.all())
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in slots] == ["09:00", "09:45", "10:30", "11:15"]
    assert {s.ends_at - s.starts_at for s in slots} == {datetime.timedelta(minutes=30)}
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.example", "b@test.example"]
    assert all("One-to-one slots are open" in m.subject for m in mailoutbox)
    # Another length than the slots it has: refused, nothing added.
    response = client_for("officer").post(
        url("slots_add", dialogue.pk), {"first_start": "2099-03-03T09:00", "length_minutes": "45", "count": "2"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Every slot must have the same length: the existing slots are 30 minutes."
    ]
    assert dialogue.slots.count() == 4


def test_booking_first_come_first_served_and_one_slot_per_supplier(client_for, personas):
    dialogue = make_dialogue()
    first, second = make_slots(dialogue)
    mine = register(dialogue, orgnr="925321141", user=personas.owner)
    register(dialogue, orgnr="812844822", user=personas.other_owner)
    assert client_for("owner").post(url("slot_book", first.pk)).status_code == 302
    first.refresh_from_db()
    assert first.registration == mine
    response = client_for("other_owner").post(url("slot_book", first.pk))
    assert response.status_code == 409
    assert "Someone else booked this slot first." in response.content.decode()
    response = client_for("owner").post(url("slot_book", second.pk))
    assert response.status_code == 409
    assert "has booked a slot already" in response.content.decode()
    second.refresh_from_db()
    assert second.registration is None
    # Cancelling frees it for others.
    assert client_for("owner").post(url("slot_cancel", first.pk)).status_code == 302
    assert client_for("other_owner").post(url("slot_book", first.pk)).status_code == 302
    first.refresh_from_db()
    assert first.registration.orgnr == "812844822"


def test_a_supplier_that_is_not_registered_cannot_book_or_cancel_anothers(client_for, personas):
    dialogue = make_dialogue()
    (slot,) = make_slots(dialogue, count=1)
    register(dialogue, orgnr="925321141", user=personas.owner)
    assert client_for("other_owner").post(url("slot_book", slot.pk)).status_code == 403
    client_for("owner").post(url("slot_book", slot.pk))
    assert client_for("other_owner").post(url("slot_cancel", slot.pk)).status_code == 403
    slot.refresh_from_db()
    assert slot.registration is not None


def test_a_registration_that_is_not_a_number_is_refused_not_an_error(client_for, personas):
    dialogue = make_dialogue()
    (slot,) = make_slots(dialogue, count=1)
    register(dialogue, orgnr="925321141", user=personas.owner)
    # "²" passes str.isdigit() but not int(): a 403, not a 500.
    assert client_for("owner").post(url("slot_book", slot.pk), {"registration": "²"}).status_code == 403
    slot.refresh_from_db()
    assert slot.registration is None


def test_booking_is_refused_after_input_closed(client_for, personas):
    dialogue = make_dialogue()
    (slot,) = make_slots(dialogue, count=1)
    register(dialogue, orgnr="925321141", user=personas.owner)
    services.close_input(dialogue, reason="published")
    response = client_for("owner").post(url("slot_book", slot.pk))
    assert response.status_code == 409
    assert "Input to this market dialogue has closed." in response.content.decode()
    assert DialogueSlot.objects.get().registration is None


# --- Documents --------------------------------------------------------------------------------------------------


def test_a_document_reaches_every_registered_supplier_and_only_they_download_it(
    client_for, personas, mailoutbox, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dialogue = make_dialogue()
    register(dialogue, orgnr="925321141", user=personas.owner, email="a@test.example")
    register(dialogue, orgnr="991341196", email="c@test.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(
            url("document_add", dialogue.pk),
            {"title": "Utkast til kravspesifikasjon", "file": SimpleUploadedFile("utkast.pdf", PDF, "application/pdf")},
        )
    assert response.status_code == 302
    document = dialogue.documents.get()
    assert (document.filename, document.content_type, document.size) == ("utkast.pdf", "application/pdf", len(PDF))
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.example", "c@test.example"]
    assert DialogueMessage.objects.filter(kind=f"document-{document.pk}", status="sent").count() == 2
    download = client_for("owner").get(url("document", document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client_for("officer").get(url("document", document.pk)).status_code == 200
    assert client_for("other_owner").get(url("document", document.pk)).status_code == 403
    assert client_for("anonymous").get(url("document", document.pk)).status_code == 302


def test_a_file_that_is_not_what_it_claims_is_refused(client_for, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dialogue = make_dialogue()
    response = client_for("officer").post(
        url("document_add", dialogue.pk), {"title": "X", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The file's content does not match its type (.pdf)."]
    assert not dialogue.documents.exists()


# --- Questions and answers: the equal-information rule -----------------------------------------------------


def test_an_answer_reaches_every_registered_supplier_at_once_without_who_asked(
    client_for, personas, mailoutbox, django_capture_on_commit_callbacks
):
    dialogue = make_dialogue()
    asker = register(dialogue, orgnr="925321141", name="DESINTRYGG AS", user=personas.owner, email="a@test.example")
    register(dialogue, orgnr="812844822", user=personas.other_owner, email="b@test.example")
    register(dialogue, orgnr="991341196", email="c@test.example")
    response = client_for("owner").post(url("question_add", dialogue.pk), {"question": "Blir det delkontrakter?"})
    assert response.status_code == 302
    question = DialogueQuestion.objects.get()
    assert question.registration == asker
    # Not published yet: no other supplier sees it.
    assert "Blir det delkontrakter?" not in client_for("other_owner").get(dialogue.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(url("question_answer", question.pk), {"answer": "Ja, fire geografiske."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.example", "b@test.example", "c@test.example"]
    assert all("Ja, fire geografiske." in m.body and "DESINTRYGG" not in m.body for m in mailoutbox)
    assert sorted(DialogueMessage.objects.filter(kind=f"answer-{question.pk}").values_list("registration__orgnr", flat=True)) == [
        "812844822",
        "925321141",
        "991341196",
    ]
    page = client_for("other_owner").get(dialogue.get_absolute_url()).content.decode()
    assert "Blir det delkontrakter?" in page and "Ja, fire geografiske." in page
    assert "DESINTRYGG" not in page
    # Running the task again sends nothing more.
    dispatch_dialogue_messages.delay()
    assert len(mailoutbox) == 3


def test_a_supplier_registered_later_sees_the_log_but_gets_no_mail_for_old_answers(personas, mailoutbox):
    dialogue = make_dialogue()
    first = register(dialogue, orgnr="925321141")
    question = services.ask_question(dialogue, registration=first, text="Spørsmål?", by=None)
    services.answer_question(question, by=personas.officer, answer="Svar.")
    later = services.register_supplier(
        dialogue, by=personas.other_owner, orgnr="812844822", company_name="B", contact_name="Ola", email="b@test.example"
    )
    services.dispatch_messages()
    assert [m.to for m in mailoutbox] == [[first.email]]
    assert not later.messages.exists()


def test_a_question_after_input_closed_is_refused_and_nothing_saved(client_for, personas):
    dialogue = make_dialogue()
    register(dialogue, orgnr="925321141", user=personas.owner)
    services.close_input(dialogue, reason="published")
    response = client_for("owner").post(url("question_add", dialogue.pk), {"question": "For sent?"})
    assert response.status_code == 409
    assert "questions can no longer be asked" in response.content.decode()
    with pytest.raises(services.DialogueError, match="Input to this market dialogue has closed"):
        services.ask_question(dialogue, registration=dialogue.registrations.get(), text="Likevel?", by=personas.owner)
    assert not DialogueQuestion.objects.exists()


def test_only_registered_suppliers_ask(client_for, personas):
    dialogue = make_dialogue()
    assert client_for("owner").post(url("question_add", dialogue.pk), {"question": "Hei?"}).status_code == 403
    assert not DialogueQuestion.objects.exists()


def test_an_answer_is_published_once(personas):
    dialogue = make_dialogue()
    question = services.ask_question(dialogue, registration=register(dialogue, orgnr="925321141"), text="?", by=None)
    services.answer_question(question, by=personas.officer, answer="Ja.")
    with pytest.raises(services.DialogueError, match="answered and published already"):
        services.answer_question(question, by=personas.officer, answer="Nei.")
    question.refresh_from_db()
    assert question.answer == "Ja."


# --- Closing input ------------------------------------------------------------------------------------------------


def test_close_input_when_the_notice_is_published_tells_every_supplier_once(personas, mailoutbox):
    dialogue = make_dialogue()
    register(dialogue, orgnr="925321141", email="a@test.example")
    register(dialogue, orgnr="812844822", email="b@test.example")
    assert services.close_input(dialogue, reason="published") is True
    assert services.close_input(dialogue, reason="published") is False
    dialogue.refresh_from_db()
    assert (dialogue.state, dialogue.closed_reason, dialogue.closed_at is not None) == ("closed", "published", True)
    services.dispatch_messages()
    services.dispatch_messages()
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.example", "b@test.example"]
    assert "the notice for" in mailoutbox[0].body.lower()


def test_the_beat_task_closes_input_past_the_deadline(personas):
    dialogue = make_dialogue(input_deadline=in_days(-0.01), registration_deadline=None)
    dispatch_dialogue_messages.delay()
    dialogue.refresh_from_db()
    assert (dialogue.state, dialogue.closed_reason) == ("closed", "deadline")


def test_the_team_closes_input_by_hand(client_for, personas):
    dialogue = make_dialogue()
    assert client_for("officer").post(url("dialogue_close", dialogue.pk)).status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.state, dialogue.closed_reason) == ("closed", "manual")
    assert client_for("officer").post(url("dialogue_close", dialogue.pk)).status_code == 409


# --- Reminders: recorded once, sent once ----------------------------------------------------------------------


def test_reminders_before_the_conference_and_a_booked_slot_go_once_each(personas, mailoutbox):
    dialogue = make_dialogue(conference_at=in_days(0.5))
    first = register(dialogue, orgnr="925321141", email="a@test.example")
    register(dialogue, orgnr="812844822", email="b@test.example")
    (slot,) = make_slots(dialogue, count=1, start=in_days(0.9))
    services.book_slot(slot, registration=first, by=None)
    dispatch_dialogue_messages.delay()
    dispatch_dialogue_messages.delay()
    kinds = sorted((m.registration.orgnr, m.kind, m.status) for m in DialogueMessage.objects.select_related("registration"))
    assert kinds == [
        ("812844822", "reminder-conference", "sent"),
        ("925321141", "reminder-conference", "sent"),
        ("925321141", f"reminder-slot-{slot.pk}", "sent"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.example", "a@test.example", "b@test.example"]


def test_no_reminder_is_recorded_before_it_is_due(personas, mailoutbox):
    dialogue = make_dialogue(conference_at=in_days(3))
    register(dialogue, orgnr="925321141")
    assert services.dispatch_messages() == 0
    assert not DialogueMessage.objects.exists()


def test_a_message_claimed_by_a_run_that_died_is_sent_once_by_a_later_run(personas, mailoutbox):
    dialogue = make_dialogue()
    registration = register(dialogue, orgnr="925321141", email="a@test.example")
    now = timezone.now()
    stale = DialogueMessage.objects.create(
        registration=registration,
        kind="closed",
        due_at=now,
        claimed_at=now - services.RECLAIM_AFTER - datetime.timedelta(minutes=1),
    )
    busy = DialogueMessage.objects.create(
        registration=registration, kind="answer-999", due_at=now, claimed_at=now - datetime.timedelta(minutes=1)
    )
    assert services.dispatch_messages(now=now) == 1
    assert services.dispatch_messages(now=now) == 0
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert (stale.status, busy.status) == ("sent", "queued")
    assert len(mailoutbox) == 1


def test_a_worker_killed_between_transfer_and_commit_leaves_the_row_to_send_again(personas, mailoutbox, monkeypatch):
    """The process dies after the transfer and before its "sent" mark commits: nothing went out, the row is still
    queued; the next run (after RECLAIM_AFTER) sends it once."""
    dialogue = make_dialogue()
    registration = register(dialogue, orgnr="925321141", email="a@test.example")
    message = DialogueMessage.objects.create(registration=registration, kind="closed", due_at=timezone.now())
    real_init = Transfer.__init__

    def dying_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        raise SystemExit("killed")

    monkeypatch.setattr(Transfer, "__init__", dying_init)
    with pytest.raises(SystemExit):
        services.dispatch_messages()
    monkeypatch.setattr(Transfer, "__init__", real_init)
    message.refresh_from_db()
    assert (message.status, mailoutbox) == ("queued", [])
    assert services.dispatch_messages() == 0  # claimed by the dead run a moment ago
    assert services.dispatch_messages(now=timezone.now() + services.RECLAIM_AFTER + datetime.timedelta(seconds=1)) == 1
    assert services.dispatch_messages(now=timezone.now() + 2 * services.RECLAIM_AFTER) == 0
    message.refresh_from_db()
    assert (message.status, [m.to for m in mailoutbox]) == ("sent", [["a@test.example"]])


def test_a_refused_release_puts_the_row_back_and_it_is_sent_once_later(personas, mailoutbox, monkeypatch):
    dialogue = make_dialogue()
    registration = register(dialogue, orgnr="925321141", email="a@test.example")
    message = DialogueMessage.objects.create(registration=registration, kind="closed", due_at=timezone.now())
    real_release = Transfer.release

    def broken_release(self):
        raise OSError("connection lost")

    monkeypatch.setattr(Transfer, "release", broken_release)
    assert services.dispatch_messages() == 0
    message.refresh_from_db()
    assert (message.status, message.claimed_at) == ("queued", None)
    monkeypatch.setattr(Transfer, "release", real_release)
    assert services.dispatch_messages() == 1
    assert services.dispatch_messages() == 0
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (smtplib.SMTPRecipientsRefused({"a@test.example": (550, b"5.1.1 No such user")}), "failed"),
        (smtplib.SMTPRecipientsRefused({"a@test.example": (450, b"4.2.0 Greylisted")}), "queued"),
        (smtplib.SMTPSenderRefused(550, b"5.7.1 Sender not allowed", "noreply@kommune.example"), "queued"),
    ],
)
def test_a_message_refused_for_good_fails_and_one_refused_for_now_waits_for_the_next_run(personas, monkeypatch, error, status):
    dialogue = make_dialogue()
    registration = register(dialogue, orgnr="925321141", email="a@test.example")
    message = DialogueMessage.objects.create(registration=registration, kind="closed", due_at=timezone.now())

    def refusing_init(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(Transfer, "__init__", refusing_init)
    assert services.dispatch_messages() == 0
    message.refresh_from_db()
    assert (message.status, message.claimed_at) == (status, None)


# --- Start pages -----------------------------------------------------------------------------------------------


def test_start_pages_show_waiting_questions_to_the_team_and_registrations_to_the_supplier(personas):
    from procurement.startpage import dialogue_work, my_registrations

    dialogue = make_dialogue(input_deadline=in_days(3), registration_deadline=None)
    registration = register(dialogue, orgnr="925321141", user=personas.owner)
    (slot,) = make_slots(dialogue, count=1)
    services.book_slot(slot, registration=registration, by=personas.owner)
    question = services.ask_question(dialogue, registration=registration, text="Hvor mange skoler?", by=personas.owner)
    services.ask_question(dialogue, registration=registration, text="Og barnehager?", by=personas.owner)
    services.answer_question(question, by=personas.officer, answer="24.")
    other = make_dialogue(title="Ingen frist snart")
    services.ask_question(other, registration=register(other, orgnr="925321141"), text="Når?", by=None)
    make_dialogue(title="Ingenting å gjøre")
    work = dialogue_work(personas.officer)
    rows = [(d.title, d.waiting, d.deadline_near) for d in work["dialogues"]]
    assert rows == [("Markedsdialog: renhold", 1, True), ("Ingen frist snart", 1, False)]
    assert work["count"] == 2
    mine = my_registrations(personas.owner)
    assert (mine["registrations"], mine["count"]) == ([registration], 1)
    assert list(mine["registrations"][0].slots.all()) == [slot]
    assert my_registrations(personas.other_owner)["count"] == 0


def test_my_page_lists_the_registration_with_its_slot(client_for, personas):
    dialogue = make_dialogue(title="Markedsdialog: vinterdrift")
    registration = register(dialogue, orgnr="925321141", user=personas.owner)
    (slot,) = make_slots(dialogue, count=1)
    services.book_slot(slot, registration=registration, by=personas.owner)
    page = client_for("owner").get("/min-side/").content.decode()
    assert "Markedsdialog: vinterdrift" in page
    assert "One-to-one meeting:" in page
    assert "Markedsdialog: vinterdrift" not in client_for("other_owner").get("/min-side/").content.decode()
