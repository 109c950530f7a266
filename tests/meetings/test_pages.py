"""Meeting pages: who sees which meeting, the online link, participants, calendar files and answers by link."""

import datetime

import pytest
import vobject
from django.utils import timezone

from meetings.models import Participant
from meetings.services import planning
from meetings.services.planning import rsvp_token
from portal.models import ActivityLog


@pytest.mark.parametrize(
    ("persona", "sees_internal"),
    [
        ("anonymous", False),
        ("owner", False),
        ("council_member", True),
        ("politician", False),
        ("officer", True),
        ("chief_executive", True),
        ("admin", True),
    ],
)
def test_internal_meetings_are_shown_only_to_those_concerned(client_for, meetings, persona, sees_internal):
    public, internal = meetings
    client = client_for(persona)
    listing = client.get("/moter/").content.decode()
    assert public.title in listing
    assert (internal.title in listing) is sees_internal
    assert client.get(f"/moter/{public.pk}/").status_code == 200
    assert client.get(f"/moter/{internal.pk}/").status_code == (200 if sees_internal else 404)
    assert client.get(f"/moter/{internal.pk}/kalender.ics").status_code == (200 if sees_internal else 404)


def test_agenda_in_order_with_the_businesses_concerned(client, meetings):
    public, _ = meetings
    html = client.get(f"/moter/{public.pk}/", headers={"accept-language": "nb"}).content.decode()
    first, second = html.index("Nytt næringsareal på Fornebu"), html.index("Oppfølging fra forrige møte")
    assert first < second
    assert '<a class="ds-link" href="/bedrifter/925321141/">DESINTRYGG AS</a>' in html


def test_participants_are_shown_to_the_organiser_and_staff_only(client_for, meetings):
    public, _ = meetings
    assert "Gjest Gjestesen" in client_for("officer").get(f"/moter/{public.pk}/").content.decode()
    assert "Gjest Gjestesen" not in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()
    assert "Gjest Gjestesen" not in client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()


def test_online_link_only_for_participants_and_only_near_the_start(client_for, meetings):
    public, _ = meetings
    link = 'href="https://meet.example/abc"'
    assert link not in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()  # a week ahead
    public.starts_at = timezone.now() + datetime.timedelta(minutes=30)
    public.ends_at = public.starts_at + datetime.timedelta(hours=2)
    public.save()
    assert link in client_for("council_member").get(f"/moter/{public.pk}/").content.decode()
    assert link not in client_for("owner").get(f"/moter/{public.pk}/").content.decode()
    assert link not in client_for("anonymous").get(f"/moter/{public.pk}/").content.decode()


def test_add_to_calendar_downloads_one_event(client, meetings):
    public, _ = meetings
    response = client.get(f"/moter/{public.pk}/kalender.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="mote-{public.pk}.ics"'
    calendar = vobject.readOne(response.content.decode())
    assert calendar.method.value == "PUBLISH"
    assert [e.summary.value for e in calendar.vevent_list] == ["Dialogmøte 1/2027"]
    assert calendar.vevent.description.value == f"http://testserver/moter/{public.pk}/"


def test_public_feed_holds_only_public_meetings(client, meetings):
    calendar = vobject.readOne(client.get("/moter/kalender.ics").content.decode())
    assert [e.summary.value for e in calendar.vevent_list] == ["Dialogmøte 1/2027"]


def test_answer_by_signed_link_without_logging_in(client, meetings):
    public, _ = meetings
    guest = Participant.objects.get(meeting=public, email="gjest@bedrift.example")
    url = f"/moter/svar/{rsvp_token(guest)}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.rsvp == "yes"
    assert ActivityLog.objects.get(action="meetings.answered").data == {"participant": guest.pk, "answer": "yes"}
    assert (
        "Takk. Svaret ditt er lagret: Kommer."
        in client.get(response["Location"], headers={"accept-language": "nb"}).content.decode()
    )


def test_tampered_or_expired_answer_links_are_refused(client, meetings, monkeypatch):
    public, _ = meetings
    guest = Participant.objects.get(meeting=public, email="gjest@bedrift.example")
    token = rsvp_token(guest)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(f"/moter/svar/{tampered}/", {"answer": "no"})
    assert response.status_code == 403
    assert "Lenken er ikke gyldig." in response.content.decode()
    monkeypatch.setattr(planning, "RSVP_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.get(f"/moter/svar/{token}/")
    assert response.status_code == 403
    assert "Lenken er utløpt." in response.content.decode()
    guest.refresh_from_db()
    assert guest.rsvp == "pending"


def test_an_invalid_answer_is_a_400_and_changes_nothing(client, meetings):
    public, _ = meetings
    guest = Participant.objects.get(meeting=public, email="gjest@bedrift.example")
    response = client.post(f"/moter/svar/{rsvp_token(guest)}/", {"answer": "perhaps-later"})
    assert response.status_code == 400
    guest.refresh_from_db()
    assert guest.rsvp == "pending"


def test_unknown_meeting_is_404(client, meetings):
    assert client.get("/moter/999999/").status_code == 404
    assert client.get("/moter/999999/kalender.ics").status_code == 404


# --- Answering on the meeting page ------------------------------------------------------------------


def test_a_logged_in_participant_answers_on_the_meeting_page(client_for, personas, meetings):
    public, _ = meetings
    client = client_for("council_member")
    page = client.get(f"/moter/{public.pk}/", headers={"accept-language": "en"}).content.decode()
    assert f'<form method="post" action="/moter/{public.pk}/svar/" class="stacked-form">' in page
    assert page.count('name="answer"') == 3

    response = client.post(f"/moter/{public.pk}/svar/", {"answer": "maybe"}, headers={"accept-language": "en"})
    assert (response.status_code, response["Location"]) == (302, f"/moter/{public.pk}/#answer-heading")
    participant = Participant.objects.get(meeting=public, user=personas.council_member)
    assert participant.rsvp == "maybe"
    assert ActivityLog.objects.get(action="meetings.answered").data == {"participant": participant.pk, "answer": "maybe"}
    response = client.get(response["Location"], headers={"accept-language": "en"})
    assert "Your answer is saved: Maybe." in response.content.decode()
    assert response.context["answer_form"].initial == {"answer": "maybe"}


@pytest.mark.parametrize(("persona", "status"), [("owner", 403), ("politician", 403), ("officer", 403)])
def test_only_the_invited_answer_on_the_meeting_page(client_for, meetings, persona, status):
    public, _ = meetings
    client = client_for(persona)
    assert 'id="answer-heading"' not in client.get(f"/moter/{public.pk}/").content.decode()
    assert client.post(f"/moter/{public.pk}/svar/", {"answer": "yes"}).status_code == status
    assert sorted(public.participants.values_list("rsvp", flat=True)) == ["pending", "pending"]


def test_answering_on_the_page_needs_a_login_a_post_and_a_valid_answer(client_for, meetings):
    public, _ = meetings
    url = f"/moter/{public.pk}/svar/"
    assert client_for("anonymous").post(url, {"answer": "yes"})["Location"] == f"/konto/login/?next={url}"
    client = client_for("council_member")
    assert client.get(url).status_code == 405
    assert client.post(url, {"answer": "perhaps-later"}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert set(public.participants.values_list("rsvp", flat=True)) == {"pending"}


def test_a_cancelled_or_past_meeting_takes_no_answer_on_the_page(client_for, meetings):
    public, _ = meetings
    public.state = "cancelled"
    public.save()
    client = client_for("council_member")
    assert 'id="answer-heading"' not in client.get(f"/moter/{public.pk}/").content.decode()
    response = client.post(f"/moter/{public.pk}/svar/", {"answer": "yes"})
    assert response.status_code == 409
    assert f'<a class="ds-link" href="/moter/{public.pk}/">' in response.content.decode()
    public.state = "invited"
    public.starts_at = timezone.now() - datetime.timedelta(hours=3)
    public.ends_at = timezone.now() - datetime.timedelta(hours=1)
    public.save()
    assert client.post(f"/moter/{public.pk}/svar/", {"answer": "yes"}).status_code == 409
    assert set(public.participants.values_list("rsvp", flat=True)) == {"pending"}


# --- The error pages' way back --------------------------------------------------------------------


def test_a_404_links_back_to_the_page_the_user_came_from_on_this_site(client, meetings):
    public, _ = meetings
    response = client.get("/moter/999999/", headers={"referer": f"http://testserver/moter/{public.pk}/"})
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<a class="ds-link" href="http://testserver/moter/{public.pk}/">' in page
    assert '<a class="ds-button" data-variant="primary" href="/">' in page  # the front page, always
    foreign = client.get("/moter/999999/", headers={"referer": "https://evil.example/moter/"}).content.decode()
    assert "evil.example" not in foreign
    assert '<a class="ds-button" data-variant="primary" href="/">' in foreign


def test_a_403_links_back_to_the_referring_page(client_for, meetings):
    public, _ = meetings
    response = client_for("owner").get(f"/moter/{public.pk}/endre/", headers={"referer": "http://testserver/moter/"})
    assert response.status_code == 403
    assert '<a class="ds-link" href="http://testserver/moter/">' in response.content.decode()
