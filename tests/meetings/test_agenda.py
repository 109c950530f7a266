"""The agenda: items in order, council members' proposals before the deadline, documents, follow-ups from earlier meetings."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, Document, ItemProposal


def _titles(meeting):
    return list(meeting.agenda.order_by("position").values_list("position", "title"))


def test_officer_adds_moves_and_removes_items(client_for, personas, meetings):
    public, _ = meetings
    client = client_for("officer")
    response = client.post(
        f"/moter/{public.pk}/saker/ny/",
        {
            "title": "Reiselivsstrategi",
            "description": "",
            "duration_minutes": 20,
            "presenter": "Visit Bærum",
            "businesses": "925 321 141, 812844822",
        },
    )
    assert response.status_code == 302
    item = public.agenda.get(title="Reiselivsstrategi")
    assert item.position == 3
    assert sorted(item.businesses.values_list("orgnr", flat=True)) == ["812844822", "925321141"]
    client.post(f"/moter/{public.pk}/saker/{item.pk}/flytt/", {"direction": "up"})
    assert _titles(public) == [(1, "Nytt næringsareal på Fornebu"), (2, "Reiselivsstrategi"), (3, "Oppfølging fra forrige møte")]
    first = public.agenda.get(position=1)
    client.post(f"/moter/{public.pk}/saker/{first.pk}/slett/")
    assert _titles(public) == [(1, "Reiselivsstrategi"), (2, "Oppfølging fra forrige møte")]


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("925321142", "Ikke et gyldig organisasjonsnummer: 925321142"),
        ("974760673", "Finnes ikke i Enhetsregisteret: 974760673"),
    ],
)
def test_an_item_with_an_unknown_business_is_refused(client_for, meetings, numbers, message):
    public, _ = meetings
    response = client_for("officer").post(
        f"/moter/{public.pk}/saker/ny/", {"title": "Sak", "duration_minutes": 10, "businesses": numbers}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["businesses"] == [message]
    assert public.agenda.count() == 2


def test_internal_items_are_hidden_from_the_public(client_for, meetings):
    public, _ = meetings
    AgendaItem.objects.create(meeting=public, position=3, title="Tomtesalg (unntatt offentlighet)", internal=True)
    assert "Tomtesalg" not in client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()
    assert "Tomtesalg" in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()


def test_council_member_proposes_and_the_organiser_accepts_an_edited_item(
    client_for, personas, meetings, django_capture_on_commit_callbacks
):
    public, _ = meetings
    public.proposal_deadline = timezone.now() + datetime.timedelta(days=2)
    public.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("council_member").post(
            f"/moter/{public.pk}/forslag/",
            {
                "title": "Parkering i sentrum",
                "description": "Handelsstanden ber om en sak.",
                "duration_minutes": 20,
                "businesses": "",
            },
        )
    assert response.status_code == 302
    proposal = ItemProposal.objects.get()
    assert (proposal.status, proposal.proposed_by) == ("proposed", personas.council_member)
    assert [m.to for m in mail.outbox] == [["officer@test.example"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer").post(
            f"/moter/forslag/{proposal.pk}/",
            {
                "title": "Parkering og varelevering i sentrum",
                "description": "",
                "duration_minutes": 25,
                "presenter": "Yngve Råd",
                "response": "",
                "businesses": "",
                "decision": "accept",
            },
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.agenda_item.title) == (
        "accepted",
        personas.officer,
        "Parkering og varelevering i sentrum",
    )
    assert (proposal.agenda_item.position, proposal.agenda_item.duration_minutes) == (3, 25)
    assert [m.to for m in mail.outbox] == [["council@test.example"]]
    assert mail.outbox[0].subject == "[Næringsportal] Forslaget ditt er satt på sakslisten: Parkering og varelevering i sentrum"
    # Deciding twice is refused.
    again = client_for("officer").post(
        f"/moter/forslag/{proposal.pk}/", {"title": "X", "duration_minutes": 5, "decision": "decline", "response": "Nei"}
    )
    assert again.status_code == 409


def test_declining_needs_a_reason_which_the_proposer_gets(client_for, personas, meetings, django_capture_on_commit_callbacks):
    public, _ = meetings
    proposal = ItemProposal.objects.create(meeting=public, proposed_by=personas.council_member, title="Bompenger")
    data = {"title": "Bompenger", "duration_minutes": 15, "presenter": "", "response": "", "decision": "decline"}
    response = client_for("officer").post(f"/moter/forslag/{proposal.pk}/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["response"] == ["Fortell forslagsstilleren hvorfor saken avvises."]
    with django_capture_on_commit_callbacks(execute=True):
        client_for("officer").post(f"/moter/forslag/{proposal.pk}/", {**data, "response": "Saken hører hjemme i formannskapet."})
    proposal.refresh_from_db()
    assert (proposal.status, public.agenda.count()) == ("declined", 2)
    assert "Saken hører hjemme i formannskapet." in mail.outbox[0].body


def test_proposals_after_the_deadline_are_refused(client_for, personas, meetings):
    public, _ = meetings
    public.proposal_deadline = timezone.now() - datetime.timedelta(minutes=1)
    public.save()
    response = client_for("council_member").post(f"/moter/{public.pk}/forslag/", {"title": "For sent", "duration_minutes": 10})
    assert response.status_code == 409
    assert ItemProposal.objects.count() == 0


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("kart.pdf", b"%PDF-1.7\n%...", "application/pdf"),
        ("notat.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bilde.PNG", b"\x89PNG\r\n\x1a\n0000", "image/png"),
    ],
)
def test_documents_of_an_allowed_type_are_attached_and_served(client_for, meetings, name, content, content_type):
    public, _ = meetings
    item = public.agenda.get(position=1)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client_for("officer").post(
        f"/moter/{public.pk}/dokumenter/ny/", {"title": "Vedlegg", "file": upload, "agenda_item": item.pk}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.size, document.filename, document.agenda_item) == (
        content_type,
        len(content),
        name,
        item,
    )
    download = client_for("anonymous").get(f"/moter/dokumenter/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            "Filer av denne typen kan ikke legges ved. Bruk PDF, Word, Excel, PowerPoint, OpenDocument, PNG eller JPEG.",
        ),
        ("falsk.pdf", b"<html>not a pdf</html>", "Innholdet i filen stemmer ikke med filtypen (.pdf)."),
        ("falsk.docx", b"PK\x03\x04 not really a zip", "Innholdet i filen stemmer ikke med filtypen (.docx)."),
        ("tom.pdf", b"", "Filen er tom."),
    ],
)
def test_documents_of_the_wrong_type_are_refused_and_nothing_is_stored(client_for, meetings, settings, name, content, message):
    public, _ = meetings
    upload = SimpleUploadedFile(name, content)
    response = client_for("officer").post(f"/moter/{public.pk}/dokumenter/ny/", {"title": "Vedlegg", "file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert Document.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "meetings").exists()


def test_open_action_points_follow_the_series_to_the_next_agenda_until_done(client_for, dialogue):
    public, follow_up = dialogue["public"], dialogue["follow_up"]
    page = client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()
    assert "Oppfølging fra forrige møte" in page
    assert "Be Ruter om ny rute" in page
    assert "Verdivurdering av tomten" not in page  # internal: only the circle sees it
    assert "Sende referatet" not in page  # done
    assert "Verdivurdering av tomten" in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()
    follow_up.status = ActionPoint.Status.DONE
    follow_up.save()
    assert "Be Ruter om ny rute" not in client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()
