"""Dates outside 2000 – ten years ahead, agenda items longer than a working day and absurd years are
field errors through the real views, never a 500, and nothing is saved."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings.models import FIRST_DATE, ActionPoint, AgendaItem, Meeting, MeetingSeries, last_date
from tests.meetings.test_planning import _meeting_data


def window_error() -> str:
    with translation.override("en"):
        first, last = date_format(FIRST_DATE, "SHORT_DATE_FORMAT"), date_format(last_date(), "SHORT_DATE_FORMAT")
    return f"Give a date from {first} to {last}."


def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def post(client, url, data):
    return english(client).post(url, data, HTTP_ACCEPT_LANGUAGE="en")


BEYOND = (last_date() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        # The case that was a 500: an OverflowError while the end-after-start constraint was checked.
        ({"starts_at": "0001-01-01T00:30", "ends_at": "0001-01-01T02:30"}, {"starts_at", "ends_at"}),
        ({"starts_at": "0001-01-01T00:30"}, {"starts_at"}),
        ({"starts_at": "1999-12-31T23:00", "ends_at": "2000-01-01T01:00"}, {"starts_at"}),
        ({"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:59"}, {"starts_at", "ends_at"}),
        ({"starts_at": BEYOND, "ends_at": BEYOND.replace("T10", "T12")}, {"starts_at", "ends_at"}),
        ({"proposal_deadline": "0001-01-01T00:30"}, {"proposal_deadline"}),
    ],
)
def test_a_meeting_date_outside_the_window_is_a_field_error_and_nothing_is_saved(client_for, personas, overrides, errors):
    response = post(client_for("officer"), "/moter/ny/", _meeting_data(**overrides))
    assert response.status_code == 400
    assert {field: response.context["form"].errors[field] for field in errors} == {field: [window_error()] for field in errors}
    assert set(response.context["form"].errors) == errors
    assert window_error() in response.content.decode()
    assert Meeting.objects.count() == 0


def test_the_window_ends_ten_years_from_today(client_for, personas):
    last = last_date()
    assert last == timezone.localdate().replace(year=timezone.localdate().year + 10)
    day = last.strftime("%Y-%m-%d")
    response = post(client_for("officer"), "/moter/ny/", _meeting_data(starts_at=f"{day}T10:00", ends_at=f"{day}T12:00"))
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at.date() == last


def test_a_29_february_ends_the_window_on_28_february():
    assert last_date(datetime.date(2028, 2, 29)) == datetime.date(2038, 2, 28)
    assert last_date(datetime.date(2028, 3, 1)) == datetime.date(2038, 3, 1)


def test_moving_a_meeting_to_year_1_is_a_field_error_and_leaves_it_as_it_was(client_for, meetings):
    public, _ = meetings
    before = (public.starts_at, public.ends_at, public.sequence)
    data = _meeting_data(title=public.title, starts_at="0001-01-01T00:30", ends_at="0001-01-01T02:30")
    response = post(client_for("officer"), f"/moter/{public.pk}/endre/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [window_error()]
    public.refresh_from_db()
    assert (public.starts_at, public.ends_at, public.sequence) == before


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("481", "Ensure this value is less than or equal to 480."),
        ("99999", "Ensure this value is less than or equal to 480."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-5", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_an_agenda_item_longer_than_a_working_day_is_a_field_error(client_for, meetings, duration, message):
    public, _ = meetings
    client = client_for("officer")
    data = {"title": "Langt møte", "description": "", "duration_minutes": duration, "presenter": "", "businesses": ""}
    response = post(client, f"/moter/{public.pk}/saker/ny/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"duration_minutes": [message]}
    assert not AgendaItem.objects.filter(title="Langt møte").exists()
    # Changing an existing item is bounded the same way.
    item = public.agenda.get(position=1)
    response = post(client, f"/moter/{public.pk}/saker/{item.pk}/endre/", {**data, "title": item.title})
    assert response.status_code == 400
    assert response.context["form"].errors == {"duration_minutes": [message]}
    item.refresh_from_db()
    assert item.duration_minutes == 30


def test_an_agenda_item_of_480_minutes_is_accepted(client_for, meetings):
    public, _ = meetings
    data = {"title": "Heldagsseminar", "description": "", "duration_minutes": "480", "presenter": "", "businesses": ""}
    assert post(client_for("officer"), f"/moter/{public.pk}/saker/ny/", data).status_code == 302
    assert public.agenda.get(title="Heldagsseminar").duration_minutes == 480


@pytest.mark.parametrize("due_date", ["0001-01-01", "1999-12-31", "2100-01-01"])
def test_an_action_point_due_outside_the_window_is_a_field_error(client_for, personas, dialogue, due_date):
    held = dialogue["held"]
    data = {"title": "Invitere Ruter", "owner": personas.chief_executive.pk, "owner_name": "", "due_date": due_date, "link": ""}
    response = post(client_for("officer"), f"/moter/{held.pk}/oppfolging/ny/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"due_date": [window_error()]}
    assert not ActionPoint.objects.filter(title="Invitere Ruter").exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("1", "Plan this year or one of the next three"),
        ("0", "Plan this year or one of the next three"),
        ("-2027", "Plan this year or one of the next three"),
        ("99999999999999999999999", "Plan this year or one of the next three"),
        ("2027.5", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_planning_a_year_outside_this_and_the_next_three_is_refused_with_the_reason(client_for, personas, year, message):
    series = MeetingSeries.objects.create(name="Serie", organiser=personas.officer)
    response = post(client_for("officer"), f"/moter/serier/{series.pk}/planlegg/", {"year": year})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Meeting.objects.count() == 0


def admin_meeting(personas, **overrides) -> dict:
    data = {
        "title": "Årsmøte",
        "starts_at_0": "2027-03-02",
        "starts_at_1": "14:00",
        "ends_at_0": "2027-03-02",
        "ends_at_1": "16:00",
        "place": "Rådhuset",
        "organiser": personas.officer.pk,
        "visibility": "public",
        "state": "planned",
        "reminders_enabled": "on",
        "reminder_offsets": "[10080, 1440]",
    }
    for prefix in ("agenda", "participants"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return {**data, **overrides}


def test_the_admin_refuses_a_meeting_in_year_1_at_the_field(client, personas):
    client.force_login(personas.admin)
    data = admin_meeting(personas, starts_at_0="0001-01-01", starts_at_1="00:30", ends_at_0="0001-01-01", ends_at_1="02:30")
    response = english(client).post("/admin/meetings/meeting/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"starts_at": [window_error()], "ends_at": [window_error()]}
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("offsets", ["[-5]", "[0]", '"7 d"', "[10080.5]", "[1, 2, 3, 4, 5, 6]", '{"a": 1}', "[100000]"])
def test_the_admin_refuses_reminder_offsets_the_beat_job_could_not_use(client, personas, offsets):
    client.force_login(personas.admin)
    response = english(client).post(
        "/admin/meetings/meeting/add/", admin_meeting(personas, reminder_offsets=offsets), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "reminder_offsets": ["At most five reminders, each from 15 to 86400 minutes before the start, e.g. [10080, 1440]."]
    }
    assert Meeting.objects.count() == 0


def test_the_admin_saves_a_meeting_inside_the_window(client, personas):
    client.force_login(personas.admin)
    response = english(client).post("/admin/meetings/meeting/add/", admin_meeting(personas), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert Meeting.objects.get().reminder_offsets == [10080, 1440]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"meetings_per_year": "13"}, {"meetings_per_year": ["Ensure this value is less than or equal to 12."]}),
        ({"meetings_per_year": "0"}, {"meetings_per_year": ["Ensure this value is greater than or equal to 1."]}),
        ({"duration_minutes": "601"}, {"duration_minutes": ["Ensure this value is less than or equal to 600."]}),
        ({"start_time": "25:00"}, {"start_time": ["Enter a valid time."]}),
        ({"weekday": "6"}, {"weekday": ["Select a valid choice. 6 is not one of the available choices."]}),
    ],
)
def test_a_series_out_of_bounds_is_a_field_error(client_for, personas, overrides, errors):
    data = {
        "name": "Dialogmøte",
        "organiser": personas.officer.pk,
        "meetings_per_year": "4",
        "weekday": "1",
        "start_time": "14:00",
        "duration_minutes": "120",
        "place": "Rådhuset",
        "visibility": "public",
    }
    response = post(client_for("officer"), "/moter/serier/ny/", {**data, **overrides})
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert MeetingSeries.objects.count() == 0
