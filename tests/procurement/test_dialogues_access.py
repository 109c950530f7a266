"""Who may reach each market-dialogue URL (role × URL), reading and acting."""

import pytest
from django.core.files.base import ContentFile

from procurement.models import DialogueDocument, DialogueQuestion, MarketDialogue
from tests.procurement.factories_dialogues import PDF, make_dialogue, make_item, make_slots, register

EVERYONE = ["anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"]
TEAM = {"officer", "admin"}


@pytest.fixture
def world(personas, settings, tmp_path):
    """A draft, an open and a closed dialogue; the owner is registered for the open one with a booked slot; a
    document and a question waiting for an answer."""
    settings.MEDIA_ROOT = tmp_path
    draft = make_dialogue(state=MarketDialogue.State.DRAFT, title="Utkast")
    opened = make_dialogue(title="Åpen")
    closed = make_dialogue(state=MarketDialogue.State.CLOSED, title="Lukket")
    registration = register(opened, orgnr="925321141", user=personas.owner)
    booked, free = make_slots(opened, count=2)
    booked.registration = registration
    booked.save()
    document = DialogueDocument(
        dialogue=opened, title="Utkast", filename="utkast.pdf", content_type="application/pdf", size=len(PDF)
    )
    document.file.save("utkast.pdf", ContentFile(PDF), save=False)
    document.save()
    question = DialogueQuestion.objects.create(dialogue=opened, registration=registration, question="Hvor mange skoler?")
    return {
        "draft": draft,
        "open": opened,
        "closed": closed,
        "booked": booked,
        "free": free,
        "document": document,
        "question": question,
        "item": make_item(title="Annen anskaffelse"),
    }


def get_urls(w) -> dict[str, str]:
    return {
        "list": "/anskaffelser/markedsdialog/",
        "draft": f"/anskaffelser/markedsdialog/{w['draft'].pk}/",
        "open": f"/anskaffelser/markedsdialog/{w['open'].pk}/",
        "closed": f"/anskaffelser/markedsdialog/{w['closed'].pk}/",
        "add": f"/anskaffelser/punkter/{w['item'].pk}/markedsdialog/ny/",
        "edit open": f"/anskaffelser/markedsdialog/{w['open'].pk}/endre/",
        "edit closed": f"/anskaffelser/markedsdialog/{w['closed'].pk}/endre/",
        "register open": f"/anskaffelser/markedsdialog/{w['open'].pk}/pamelding/",
        "register closed": f"/anskaffelser/markedsdialog/{w['closed'].pk}/pamelding/",
        "register draft": f"/anskaffelser/markedsdialog/{w['draft'].pk}/pamelding/",
        "slots": f"/anskaffelser/markedsdialog/{w['open'].pk}/tider/",
        "add document": f"/anskaffelser/markedsdialog/{w['open'].pk}/dokumenter/ny/",
        "document": f"/anskaffelser/dokumenter/{w['document'].pk}/",
        "ask": f"/anskaffelser/markedsdialog/{w['open'].pk}/sporsmal/",
        "answer": f"/anskaffelser/sporsmal/{w['question'].pk}/svar/",
        "book (GET)": f"/anskaffelser/tider/{w['free'].pk}/bestill/",
    }


def expected_get(persona: str) -> dict[str, int]:
    anonymous, team, owner = persona == "anonymous", persona in TEAM, persona == "owner"
    login = 302
    team_only = login if anonymous else (200 if team else 403)
    return {
        "list": 200,
        "draft": 200 if team else 404,
        "open": 200,
        "closed": 200,
        "add": team_only,
        "edit open": team_only,
        "edit closed": login if anonymous else (409 if team else 403),
        "register open": login if anonymous else 200,
        "register closed": login if anonymous else 409,
        "register draft": login if anonymous else (409 if team else 404),
        "slots": team_only,
        "add document": team_only,
        "document": login if anonymous else (200 if team or owner else 403),
        "ask": login if anonymous else (200 if owner else 403),
        "answer": team_only,
        "book (GET)": login if anonymous else 405,
    }


@pytest.mark.parametrize("persona", EVERYONE)
def test_role_by_url_reading(client_for, world, persona):
    client = client_for(persona)
    found = {name: client.get(url).status_code for name, url in get_urls(world).items()}
    assert found == expected_get(persona)


@pytest.mark.parametrize("persona", EVERYONE)
def test_role_by_url_acting(client_for, world, persona):
    client = client_for(persona)
    anonymous, team, owner = persona == "anonymous", persona in TEAM, persona == "owner"
    posts = [
        # The owner has a slot already; the team books on the owner's registration's behalf, which has one too.
        ("book", f"/anskaffelser/tider/{world['free'].pk}/bestill/", 302 if anonymous else (409 if team or owner else 403)),
        ("cancel", f"/anskaffelser/tider/{world['booked'].pk}/avbestill/", 302 if anonymous or team or owner else 403),
        ("open", f"/anskaffelser/markedsdialog/{world['draft'].pk}/apne/", 302 if anonymous or team else 403),
        ("close", f"/anskaffelser/markedsdialog/{world['open'].pk}/lukk/", 302 if anonymous or team else 403),
    ]
    found = {name: client.post(url).status_code for name, url, _ in posts}
    assert found == {name: status for name, _, status in posts}
    world["open"].refresh_from_db()
    world["draft"].refresh_from_db()
    world["booked"].refresh_from_db()
    assert (world["draft"].state, world["open"].state, world["booked"].registration_id is None) == (
        ("open", "closed", True) if team else ("draft", "open", owner)
    )


def test_who_asked_is_shown_to_the_team_only(client_for, world, personas):
    from procurement.services.dialogues import answer_question

    answer_question(world["question"], by=personas.officer, answer="Tjuefire.")
    for persona in ("anonymous", "owner", "other_owner", "politician"):
        page = client_for(persona).get(world["open"].get_absolute_url()).content.decode()
        assert "Tjuefire." in page
        assert ("Firma 925321141" in page) == (persona == "owner"), persona  # the owner sees its own registration
    assert "Firma 925321141" in client_for("officer").get(world["open"].get_absolute_url()).content.decode()
