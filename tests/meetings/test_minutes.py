"""Minutes: attendance, notes and decisions per item, action points the owners update, publishing at a stable public URL."""

import pytest

from meetings.models import ActionPoint, Meeting
from portal.models import ActivityLog


def _minutes_data(held, present=(), **items):
    data = {"attended": [p.pk for p in present]}
    for item in held.agenda.all():
        notes, decision = items.get(f"item{item.position}", ("", ""))
        data[f"item-{item.pk}-notes"] = notes
        data[f"item-{item.pk}-decision"] = decision
    return data


def test_officer_writes_and_publishes_the_minutes(client_for, personas, dialogue):
    held = dialogue["held"]
    council = held.participants.get()
    data = _minutes_data(
        held,
        present=[council],
        item1=("Ruter stiller på neste møte.", "Kommunen tar saken videre med Ruter."),
        item2=("Drøftet tilbud fra to interessenter.", "Tomten legges ut for salg."),
    )
    client = client_for("officer")
    assert client.post(f"/moter/{held.pk}/referat/endre/", data).status_code == 302
    council.refresh_from_db()
    assert council.attended is True
    assert list(held.agenda.values_list("decision", flat=True)) == [
        "Kommunen tar saken videre med Ruter.",
        "Tomten legges ut for salg.",
    ]
    # Not yet published: the public does not see the draft.
    assert client_for("anonymous").get(f"/moter/{held.pk}/referat/").status_code == 404
    response = client_for("officer").post(f"/moter/{held.pk}/referat/endre/", {**data, "publish": "1"})
    assert response["Location"] == f"/moter/{held.pk}/referat/"
    held.refresh_from_db()
    assert held.state == Meeting.State.MINUTES_PUBLISHED
    assert held.minutes_published_at is not None
    public_page = client_for("anonymous").get(f"/moter/{held.pk}/referat/").content.decode()
    assert "Kommunen tar saken videre med Ruter." in public_page
    assert "Be Ruter om ny rute" in public_page
    # Internal items, their decisions and action points never reach the public minutes.
    for secret in ("Tomtesalg", "Tomten legges ut for salg.", "Verdivurdering av tomten"):
        assert secret not in public_page
    circle_page = client_for("council_member").get(f"/moter/{held.pk}/referat/").content.decode()
    assert "Tomten legges ut for salg." in circle_page
    assert list(
        ActivityLog.objects.filter(action__startswith="meetings.minutes").order_by("pk").values_list("action", flat=True)
    ) == [
        "meetings.minutes_recorded",
        "meetings.minutes_recorded",
        "meetings.minutes_published",
    ]


def test_published_minutes_are_locked_until_withdrawn(client_for, dialogue):
    published = dialogue["published"]
    client = client_for("officer")
    assert client.get(f"/moter/{published.pk}/referat/endre/").status_code == 409
    assert client.post(f"/moter/{published.pk}/referat/trekk-tilbake/").status_code == 302
    published.refresh_from_db()
    assert (published.state, published.minutes_published_at) == ("held", None)
    assert client_for("anonymous").get(f"/moter/{published.pk}/referat/").status_code == 404


def test_minutes_of_a_meeting_not_yet_held_cannot_be_written(client_for, dialogue):
    response = client_for("officer").get(f"/moter/{dialogue['public'].pk}/referat/endre/")
    assert response.status_code == 409


def test_officer_adds_an_action_point_with_an_owner(client_for, personas, dialogue):
    held = dialogue["held"]
    response = client_for("officer").post(
        f"/moter/{held.pk}/oppfolging/ny/",
        {
            "title": "Invitere Ruter",
            "agenda_item": held.agenda.get(position=1).pk,
            "owner": personas.chief_executive.pk,
            "owner_name": "",
            "due_date": "2027-02-01",
            "link": "",
            "businesses": "925321141",
        },
    )
    assert response.status_code == 302
    point = ActionPoint.objects.get(title="Invitere Ruter")
    assert (point.owner, point.status, point.due_date.isoformat()) == (personas.chief_executive, "open", "2027-02-01")
    assert list(point.businesses.values_list("orgnr", flat=True)) == ["925321141"]


def test_an_action_point_needs_an_owner(client_for, dialogue):
    held = dialogue["held"]
    response = client_for("officer").post(f"/moter/{held.pk}/oppfolging/ny/", {"title": "Uten eier", "owner_name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == ["Velg hvem som eier oppfølgingspunktet, eller skriv et navn."]
    assert not ActionPoint.objects.filter(title="Uten eier").exists()


def test_the_owner_reports_progress_and_closing_takes_the_point_off_the_next_agenda(client_for, personas, dialogue):
    point, public = dialogue["follow_up"], dialogue["public"]
    client = client_for("council_member")
    assert "Be Ruter om ny rute" in client.get("/moter/oppfolging/").content.decode()
    response = client.post(f"/moter/oppfolging/{point.pk}/", {"status": "done", "status_note": "Ruter har lagt inn ny avgang."})
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.status, point.status_note, point.closed_at is not None) == ("done", "Ruter har lagt inn ny avgang.", True)
    assert "Be Ruter om ny rute" not in client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()
    # Someone else's action point cannot be changed by a council member who does not own it.
    other = ActionPoint.objects.get(title="Sende referatet")
    assert client_for("council_member").post(f"/moter/oppfolging/{other.pk}/", {"status": "open"}).status_code == 403


@pytest.mark.parametrize("status", ["finished", ""])
def test_an_unknown_status_is_refused(client_for, dialogue, status):
    point = dialogue["follow_up"]
    response = client_for("council_member").post(f"/moter/oppfolging/{point.pk}/", {"status": status})
    assert response.status_code == 400
    point.refresh_from_db()
    assert point.status == "open"
