"""Plans and their structure: who may see and change what, bad input, adoption, history, links to other pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from meetings.models import ActionPoint, Meeting, Visibility
from portal.models import ActivityLog
from strategies.models import FocusArea, Goal, Measure, MeasureUpdate, Milestone, Plan
from tests.strategies.factories_plans import make_goal, make_measure, make_plan, make_structure

READERS_OF_DRAFTS = {"officer", "admin", "council_member", "chief_executive"}
TEAM = {"officer", "admin"}


@pytest.fixture
def public(personas):
    return make_structure(make_plan(state=Plan.State.ADOPTED, title="Vedtatt plan"))


@pytest.fixture
def draft(personas):
    return make_structure(make_plan(state=Plan.State.DRAFT, title="Utkast til plan"))


def _read_urls(data):
    return [
        reverse("strategies:plan", kwargs={"pk": data["plan"].pk}),
        reverse("strategies:measure", kwargs={"pk": data["measures"][0].pk}),
    ]


def _manage_get_urls(data):
    plan, area, goal, measure = data["plan"], data["area"], data["goal"], data["measures"][0]
    return [
        reverse("strategies:plan_edit", kwargs={"pk": plan.pk}),
        reverse("strategies:plan_adopt", kwargs={"pk": plan.pk}),
        reverse("strategies:plan_weights", kwargs={"pk": plan.pk}),
        reverse("strategies:focus_area_add", kwargs={"pk": plan.pk}),
        reverse("strategies:focus_area_edit", kwargs={"pk": area.pk}),
        reverse("strategies:focus_area_delete", kwargs={"pk": area.pk}),
        reverse("strategies:goal_add", kwargs={"pk": area.pk}),
        reverse("strategies:goal_edit", kwargs={"pk": goal.pk}),
        reverse("strategies:goal_delete", kwargs={"pk": goal.pk}),
        reverse("strategies:measure_add", kwargs={"pk": goal.pk}),
        reverse("strategies:measure_edit", kwargs={"pk": measure.pk}),
        reverse("strategies:measure_delete", kwargs={"pk": measure.pk}),
        reverse("strategies:milestone_add", kwargs={"pk": measure.pk}),
        reverse("strategies:milestone_edit", kwargs={"pk": data["milestone"].pk}),
    ]


@pytest.mark.parametrize(
    "persona", ["anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"]
)
def test_role_by_url(client_for, persona, public, draft):
    client = client_for(persona)
    assert client.get(reverse("strategies:plans")).status_code == 200
    add = client.get(reverse("strategies:plan_add"))
    assert add.status_code == (302 if persona == "anonymous" else 200 if persona in TEAM else 403)
    for url in _read_urls(public):
        assert client.get(url).status_code == 200, url
    for url in _read_urls(draft):
        assert client.get(url).status_code == (200 if persona in READERS_OF_DRAFTS else 404), url
    for url in _manage_get_urls(public):
        expected = 302 if persona == "anonymous" else 200 if persona in TEAM else 403
        assert client.get(url).status_code == expected, url
    for url in _manage_get_urls(draft):
        if persona == "anonymous":
            expected = 302
        elif persona in TEAM:
            expected = 200
        elif persona in READERS_OF_DRAFTS:
            expected = 403
        else:
            expected = 404
        assert client.get(url).status_code == expected, url


def test_the_list_shows_drafts_only_to_those_who_read_them(client_for, public, draft):
    anonymous = client_for("anonymous").get(reverse("strategies:plans")).content.decode()
    assert "Vedtatt plan" in anonymous and "Utkast til plan" not in anonymous
    council = client_for("council_member").get(reverse("strategies:plans")).content.decode()
    assert "Vedtatt plan" in council and "Utkast til plan" in council


def test_the_list_groups_revisions_and_shows_the_adopted_one(client_for, personas):
    first = make_plan(state=Plan.State.ADOPTED, title="Plan 2024")
    make_plan(state=Plan.State.DRAFT, title="Plan 2024 rullert", lineage=first.lineage, version=2, previous=first)
    response = client_for("officer").get(reverse("strategies:plans"))
    rows = response.context["rows"]
    assert [(row["plan"].pk, [p.version for p in row["others"]]) for row in rows] == [(first.pk, [2])]


@pytest.mark.parametrize("persona", ["council_member", "chief_executive", "politician", "owner"])
def test_those_who_may_not_change_get_403_and_nothing_changes(client_for, persona, public):
    client = client_for(persona)
    plan, measure = public["plan"], public["measures"][0]
    posts = [
        (reverse("strategies:plan_archive", kwargs={"pk": plan.pk}), {}),
        (
            reverse("strategies:plan_adopt", kwargs={"pk": plan.pk}),
            {"decided_by": "X", "decided_on": "2025-01-01", "case_number": "1"},
        ),
        (reverse("strategies:measure_status", kwargs={"pk": measure.pk}), {"state": "done", "progress": "100"}),
        (reverse("strategies:measure_delete", kwargs={"pk": measure.pk}), {}),
        (reverse("strategies:focus_area_add", kwargs={"pk": plan.pk}), {"title": "Ny", "weight": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    plan.refresh_from_db()
    measure.refresh_from_db()
    assert plan.state == Plan.State.ADOPTED and measure.state == Measure.State.IN_PROGRESS
    assert Measure.objects.filter(pk=measure.pk).exists() and FocusArea.objects.count() == 1
    assert not MeasureUpdate.objects.exists()


def test_an_officer_creates_a_plan(client_for, personas):
    from tests.factories import MunicipalityFactory

    nes = MunicipalityFactory(number="3228", name="Nes")
    response = client_for("officer").post(
        reverse("strategies:plan_add"),
        {
            "title": "Næringsplan for Nes",
            "owner_kind": "municipality",
            "owner_name": "Nes kommune",
            "municipalities": [nes.pk],
            "start_year": "2025",
            "end_year": "2029",
            "summary": "",
            "decided_by": "",
            "decided_on": "",
            "case_number": "",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert (plan.state, plan.created_by, list(plan.municipalities.all())) == (Plan.State.DRAFT, personas.officer, [nes])
    assert ActivityLog.objects.filter(action="strategies.plan_created").count() == 1


def test_a_plan_ending_before_it_starts_is_refused(client_for, personas):
    response = client_for("officer").post(
        reverse("strategies:plan_add"),
        {"title": "X", "owner_kind": "municipality", "owner_name": "X", "start_year": "2029", "end_year": "2025"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end_year"]
    assert not Plan.objects.exists()


def test_adopting_requires_the_decision_and_archives_the_previous_revision(client_for, personas, public):
    old = public["plan"]
    new = make_plan(state=Plan.State.DRAFT, title="Vedtatt plan", lineage=old.lineage, version=2, previous=old)
    client = client_for("officer")
    url = reverse("strategies:plan_adopt", kwargs={"pk": new.pk})
    response = client.post(url, {"decided_by": "", "decided_on": "", "case_number": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"decided_by", "decided_on", "case_number"}
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.state, old.state) == (Plan.State.DRAFT, Plan.State.ADOPTED)

    response = client.post(url, {"decided_by": "Kommunestyret", "decided_on": "2026-06-18", "case_number": "26/123"})
    assert response.status_code == 302
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.state, new.decided_by, new.decided_on, new.case_number) == (
        Plan.State.ADOPTED,
        "Kommunestyret",
        datetime.date(2026, 6, 18),
        "26/123",
    )
    assert old.state == Plan.State.ARCHIVED
    assert list(
        ActivityLog.objects.filter(action__in=["strategies.plan_adopted", "strategies.plan_archived"])
        .values_list("action", "object_id")
        .order_by("pk")
    ) == [
        ("strategies.plan_archived", str(old.pk)),
        ("strategies.plan_adopted", str(new.pk)),
    ]
    # An archived plan cannot be changed any more.
    assert client.get(reverse("strategies:plan_edit", kwargs={"pk": old.pk})).status_code == 409


def test_archiving_twice_is_a_no_op(client_for, public):
    client = client_for("admin")
    url = reverse("strategies:plan_archive", kwargs={"pk": public["plan"].pk})
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert ActivityLog.objects.filter(action="strategies.plan_archived").count() == 1


def _measure_data(**overrides):
    data = {
        "code": "1.1.9",
        "title": "Nytt tiltak",
        "description": "",
        "parent": "",
        "responsible_kind": "municipality",
        "responsible_name": "Næringsavdelingen",
        "responsible_orgnr": "",
        "reporter": "",
        "partners": "",
        "start": "2025-01-01",
        "deadline": "2025-12-31",
        "budget": "100000",
        "state": "in_progress",
        "progress": "40",
        "state_reason": "",
        "weight": "1",
        "businesses": "",
        "comment": "",
    }
    data.update(overrides)
    return data


def test_an_officer_adds_a_measure_with_links_and_its_history_starts(client_for, personas, public):
    client = client_for("officer")
    goal = public["goal"]
    meeting = Meeting.objects.create(
        title="Dialogmøte",
        starts_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 3, 1, 11, tzinfo=datetime.UTC),
        organiser=personas.officer,
        visibility=Visibility.PUBLIC,
    )
    point = ActionPoint.objects.create(meeting=meeting, title="Følge opp arealer", owner_name="Kommunedirektøren")
    response = client.post(
        reverse("strategies:measure_add", kwargs={"pk": goal.pk}),
        _measure_data(
            responsible_kind="business",
            responsible_orgnr="925321141",
            reporter=str(personas.council_member.pk),
            businesses="925321141, 812844822",
            meetings=[meeting.pk],
            action_points=[point.pk],
        ),
    )
    assert response.status_code == 302
    measure = Measure.objects.get(code="1.1.9")
    assert (measure.progress, measure.budget, measure.reporter) == (40, Decimal(100000), personas.council_member)
    assert sorted(b.orgnr for b in measure.businesses.all()) == ["812844822", "925321141"]
    assert list(measure.meetings.all()) == [meeting] and list(measure.action_points.all()) == [point]
    assert list(measure.updates.values_list("state", "progress")) == [("in_progress", 40)]
    page = client.get(measure.get_absolute_url()).content.decode()
    assert reverse("businesses:detail", kwargs={"orgnr": "925321141"}) in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"progress": "101"}, "progress"),
        ({"progress": "-1"}, "progress"),
        ({"start": "2025-06-01", "deadline": "2025-05-31"}, "deadline"),
        ({"budget": "-5"}, "budget"),
        ({"state": "delayed", "state_reason": ""}, "state_reason"),
        ({"state": "cancelled", "state_reason": " "}, "state_reason"),
        ({"responsible_orgnr": "925321142"}, "responsible_orgnr"),
        ({"state": "finished"}, "state"),
        ({"reporter": "999999"}, "reporter"),
        ({"businesses": "123"}, "businesses"),
        ({"weight": "-1"}, "weight"),
    ],
)
def test_bad_measure_input_is_400_at_the_field_and_nothing_saved(client_for, public, overrides, field):
    response = client_for("officer").post(
        reverse("strategies:measure_add", kwargs={"pk": public["goal"].pk}), _measure_data(**overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Measure.objects.filter(code="1.1.9").exists()
    assert not MeasureUpdate.objects.exists()


def test_a_parent_from_another_goal_or_plan_is_refused(client_for, public, draft):
    other_goal = make_goal(public["area"], title="Annet mål")
    elsewhere = make_measure(other_goal, title="Annet tiltak")
    client = client_for("officer")
    url = reverse("strategies:measure_add", kwargs={"pk": public["goal"].pk})
    for parent in (elsewhere, draft["measures"][0]):
        response = client.post(url, _measure_data(parent=str(parent.pk)))
        assert response.status_code == 400
        assert "parent" in response.context["form"].errors
    assert not Measure.objects.filter(code="1.1.9").exists()
    # The same goal's measure is a fine parent.
    response = client.post(url, _measure_data(parent=str(public["measures"][0].pk)))
    assert response.status_code == 302
    assert Measure.objects.get(code="1.1.9").parent == public["measures"][0]


def test_tampered_meeting_and_action_point_ids_are_refused(client_for, personas, public):
    internal = Meeting.objects.create(
        title="Internt",
        starts_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 3, 1, 11, tzinfo=datetime.UTC),
        organiser=personas.officer,
        visibility=Visibility.INTERNAL,
    )
    measure = public["measures"][0]
    client = client_for("officer")
    for data in ({"meetings": ["987654"]}, {"action_points": ["987654"]}, {"parent": "987654"}):
        response = client.post(reverse("strategies:measure_edit", kwargs={"pk": measure.pk}), _measure_data(**data))
        assert response.status_code == 400
    assert not measure.meetings.exists()
    # Another's plan's ids answer 404 for one who may not see it.
    assert client_for("owner").get(reverse("strategies:measure", kwargs={"pk": 987654})).status_code == 404
    assert internal.pk


def test_editing_state_or_progress_writes_history_and_the_log(client_for, public):
    measure = public["measures"][0]
    client = client_for("officer")
    url = reverse("strategies:measure_edit", kwargs={"pk": measure.pk})
    data = _measure_data(
        code=measure.code,
        title=measure.title,
        state="delayed",
        progress="25",
        state_reason="Venter på midler",
        comment="Forsinket",
    )
    assert client.post(url, data).status_code == 302
    assert list(measure.updates.values_list("state", "progress", "comment")) == [("delayed", 25, "Forsinket")]
    # Saving again without a change of state or progress writes no new history.
    assert client.post(url, {**data, "title": "Nytt navn", "comment": ""}).status_code == 302
    assert measure.updates.count() == 1
    log = ActivityLog.objects.filter(action="strategies.measure_changed").order_by("pk").first()
    assert log.data["state"] == ["in_progress", "delayed"] and log.data["progress"] == ["20", "25"]


def test_the_quick_status_update_writes_history_newest_first(client_for, personas, public):
    measure = public["measures"][0]
    client = client_for("officer")
    url = reverse("strategies:measure_status", kwargs={"pk": measure.pk})
    assert client.post(url, {"state": "in_progress", "progress": "50", "comment": "Halvveis"}).status_code == 302
    assert client.post(url, {"state": "done", "progress": "100", "comment": "Ferdig"}).status_code == 302
    # A repeat without comment changes nothing.
    assert client.post(url, {"state": "done", "progress": "100", "comment": ""}).status_code == 302
    assert list(measure.updates.values_list("state", "progress", "comment", "by")) == [
        ("done", 100, "Ferdig", personas.officer.pk),
        ("in_progress", 50, "Halvveis", personas.officer.pk),
    ]
    page = client_for("anonymous").get(measure.get_absolute_url())
    assert [u.comment for u in page.context["updates"]] == ["Ferdig", "Halvveis"]


@pytest.mark.parametrize(
    ("data", "field"), [({"state": "done", "progress": "101"}, "progress"), ({"state": "delayed", "progress": "10"}, "comment")]
)
def test_a_bad_quick_update_is_400_and_saves_nothing(client_for, public, data, field):
    measure = public["measures"][0]
    response = client_for("officer").post(reverse("strategies:measure_status", kwargs={"pk": measure.pk}), data)
    assert response.status_code == 400
    assert field in response.context["status_form"].errors
    measure.refresh_from_db()
    assert (measure.state, measure.progress) == ("in_progress", 20)
    assert not MeasureUpdate.objects.exists()


def test_weights_that_leave_the_roll_up_undefined_are_refused(client_for, public):
    plan, area, goal = public["plan"], public["area"], public["goal"]
    first, second = public["measures"]
    client = client_for("officer")
    url = reverse("strategies:plan_weights", kwargs={"pk": plan.pk})
    bad = {f"focus_area-{area.pk}": "1", f"goal-{goal.pk}": "1", f"measure-{first.pk}": "0", f"measure-{second.pk}": "0"}
    response = client.post(url, bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {f"measure-{first.pk}", f"measure-{second.pk}"}
    assert Measure.objects.filter(weight=0).count() == 0
    response = client.post(url, {**bad, f"measure-{first.pk}": "2.5"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.weight == Decimal("2.5")
    assert ActivityLog.objects.get(action="strategies.weights_changed").data == {
        f"measure:{first.pk}": ["1.00", "2.5"],
        f"measure:{second.pk}": ["1.00", "0"],
    }
    assert client.post(url, {**bad, f"measure-{first.pk}": "-1"}).status_code == 400


def test_the_plan_page_shows_each_level_and_the_calculation(client_for, public):
    _first, second = public["measures"]  # 20 % and 40 %
    Measure.objects.filter(pk=second.pk).update(weight=3)
    response = client_for("anonymous").get(public["plan"].get_absolute_url() + "?utregning=1")
    page = response.content.decode()
    assert "(20 × 1 + 40 × 3) / (1 + 3) = 35,0 %" in page  # bokmål writes a decimal comma
    english = client_for("anonymous").get(public["plan"].get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "(20 × 1 + 40 × 3) / (1 + 3) = 35.0 %" in english
    assert '<details class="calculation" open>' in page
    # Anonymous sees no edit links.
    assert reverse("strategies:plan_edit", kwargs={"pk": public["plan"].pk}) not in page
    assert (
        reverse("strategies:plan_edit", kwargs={"pk": public["plan"].pk})
        in client_for("officer").get(public["plan"].get_absolute_url()).content.decode()
    )


def test_deleting_a_measure_asks_first(client_for, public):
    measure = public["measures"][1]
    client = client_for("officer")
    url = reverse("strategies:measure_delete", kwargs={"pk": measure.pk})
    assert client.get(url).status_code == 200 and Measure.objects.filter(pk=measure.pk).exists()
    assert client.post(url).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    assert ActivityLog.objects.filter(action="strategies.measure_deleted").count() == 1


def test_milestones_are_added_and_changed(client_for, public):
    measure = public["measures"][0]
    client = client_for("officer")
    assert (
        client.post(
            reverse("strategies:milestone_add", kwargs={"pk": measure.pk}), {"title": "Rapport", "due": "2025-09-01"}
        ).status_code
        == 302
    )
    milestone = Milestone.objects.get(title="Rapport")
    url = reverse("strategies:milestone_edit", kwargs={"pk": milestone.pk})
    assert client.post(url, {"title": "Rapport", "due": "2025-09-01", "reached_on": "2025-08-30"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.reached_on == datetime.date(2025, 8, 30)
    assert client.post(url, {"title": "", "due": "nei"}).status_code == 400


def test_goals_and_focus_areas_are_added_and_deleted(client_for, public):
    client = client_for("officer")
    plan = public["plan"]
    assert (
        client.post(
            reverse("strategies:focus_area_add", kwargs={"pk": plan.pk}), {"title": "Reiseliv", "weight": "1"}
        ).status_code
        == 302
    )
    area = FocusArea.objects.get(title="Reiseliv")
    assert area.position == 1
    assert (
        client.post(
            reverse("strategies:goal_add", kwargs={"pk": area.pk}), {"title": "Flere gjestedøgn", "weight": "1"}
        ).status_code
        == 302
    )
    goal = Goal.objects.get(title="Flere gjestedøgn")
    assert client.post(reverse("strategies:goal_delete", kwargs={"pk": goal.pk})).status_code == 302
    assert client.post(reverse("strategies:focus_area_delete", kwargs={"pk": area.pk})).status_code == 302
    assert not FocusArea.objects.filter(title="Reiseliv").exists()


# The plan page: session and user (3), the plan, its municipalities, focus areas, goals, measures (5), and the
# other parts' panels (indicators, rounds, revisions, consultations, reports); the same with 20 or 200 measures.
QUERY_LIMIT = 16


def _grow(plan, goal, count):
    Measure.objects.bulk_create(
        [Measure(goal=goal, title=f"Tiltak {n}", code=f"9.{n}", progress=n % 101, position=n) for n in range(count)]
    )


@pytest.mark.parametrize("persona", ["anonymous", "officer"])
def test_the_plan_page_costs_the_same_queries_with_20_and_200_measures(
    client_for, django_assert_max_num_queries, public, persona
):
    client = client_for(persona)
    url = public["plan"].get_absolute_url()
    client.get(url)  # warm up (session, caches)
    _grow(public["plan"], public["goal"], 18)
    with django_assert_max_num_queries(QUERY_LIMIT) as small:
        assert client.get(url).status_code == 200
    _grow(public["plan"], public["goal"], 180)
    with django_assert_max_num_queries(QUERY_LIMIT) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_business_timeline_shows_the_measure(client_for, personas, public, draft):
    measure = public["measures"][0]
    measure.businesses.add(personas.business)
    hidden = draft["measures"][0]
    hidden.businesses.add(personas.business)
    page = client_for("anonymous").get(reverse("businesses:detail", kwargs={"orgnr": "925321141"})).content.decode()
    assert measure.get_absolute_url() in page
    assert hidden.get_absolute_url() not in page


def test_the_meeting_page_lists_the_measures(client_for, personas, public, draft):
    meeting = Meeting.objects.create(
        title="Dialogmøte",
        starts_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 3, 1, 11, tzinfo=datetime.UTC),
        organiser=personas.officer,
        visibility=Visibility.PUBLIC,
    )
    point = ActionPoint.objects.create(meeting=meeting, title="Følge opp", owner_name="Kommunedirektøren")
    by_meeting, by_point = public["measures"]
    by_meeting.meetings.add(meeting)
    by_point.action_points.add(point)
    draft["measures"][0].meetings.add(meeting)
    page = client_for("anonymous").get(meeting.get_absolute_url())
    assert [link["url"] for link in page.context["related_links"]] == [by_meeting.get_absolute_url(), by_point.get_absolute_url()]
    officer = client_for("officer").get(meeting.get_absolute_url())
    assert len(officer.context["related_links"]) == 3
    # An archived revision's measures are history: not linked from the meeting any more.
    Plan.objects.filter(pk=public["plan"].pk).update(state=Plan.State.ARCHIVED)
    assert client_for("anonymous").get(meeting.get_absolute_url()).context["related_links"] == []


def test_the_demo_loads_twice_and_is_the_same(personas):
    from strategies.demo import plans as demo
    from tests.factories import MunicipalityFactory, UserFactory

    for number, name in [
        ("3240", "Eidsvoll"),
        ("3230", "Gjerdrum"),
        ("3242", "Hurdal"),
        ("3238", "Nannestad"),
        ("3228", "Nes"),
        ("3209", "Ullensaker"),
    ]:
        MunicipalityFactory(number=number, name=name)
    users = {
        "naeringssjef@demo.example": UserFactory(email="naeringssjef@demo.example"),
        "naeringsrad@demo.example": UserFactory(email="naeringsrad@demo.example"),
    }
    first = demo.load(users)
    again = demo.load(users)
    plan = Plan.objects.get(title=demo.TITLE)
    assert first == again == {}
    assert Plan.objects.filter(title=demo.TITLE).count() == 1
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 23
    assert (plan.state, plan.owner_name, plan.start_year, plan.end_year) == ("adopted", "Gardermoregionen", 2021, 2030)
    assert sorted(plan.municipalities.values_list("number", flat=True)) == ["3209", "3228", "3230", "3238", "3240", "3242"]
    measures = Measure.objects.filter(goal__focus_area__plan=plan)
    assert measures.filter(parent__isnull=False).count() == 4
    assert measures.filter(state="delayed").exclude(state_reason="").count() == 3
    assert FocusArea.objects.filter(plan=plan).count() == 5
