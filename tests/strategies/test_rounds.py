"""Status rounds: opening, reports, reminders sent once, approval that locks, the pages and their permissions."""

import datetime

import pytest
from django.utils import timezone

from portal.models import ActivityLog
from strategies.models import Measure, MeasureUpdate, Plan, StatusReminder, StatusReport, StatusRound
from strategies.services.rounds import approve_round, dispatch_status_reminders, open_round, round_report_data, submit_report
from strategies.views.rounds import panel
from tests.factories import UserFactory
from tests.strategies.factories_rounds import in_days, make_measure, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(fn, *args) -> fn's result, with the callbacks queued on commit (the e-mails) run, as after a real commit."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def plan(personas):
    plan = make_plan()
    make_measure(plan, title="Næringsvennlig kommune", reporter=personas.owner)
    make_measure(plan, title="Etablererkurs", reporter=personas.owner, area="Kompetanse", goal="Flere nyetableringer")
    make_measure(plan, title="Felles markedsføring", reporter=personas.council_member)
    make_measure(plan, title="Uten ansvarlig")  # no reporter
    make_measure(plan, title="Ferdig tiltak", reporter=personas.owner, state=Measure.State.DONE, progress=100)
    make_measure(plan, title="Avlyst tiltak", reporter=personas.owner, state=Measure.State.CANCELLED)
    return plan


@pytest.fixture
def status_round(plan, personas, mailoutbox):
    status_round = open_round(
        plan, title="2. tertial 2026", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer
    )
    mailoutbox.clear()
    return status_round


def report_of(status_round, title) -> StatusReport:
    return status_round.reports.get(measure__title=title)


# --- Opening a round ----------------------------------------------------------------------------


def test_officer_opens_a_round_with_a_report_per_open_measure_and_one_mail_per_reporter(
    client_for, plan, personas, mailoutbox, commit
):
    deadline = timezone.localtime(in_days(14)).replace(second=0, microsecond=0)
    response = commit(
        client_for("officer").post,
        f"/strategi/{plan.pk}/statusrunder/ny/",
        {"title": "2. tertial 2026", "period_end": "2026-08-31", "deadline": deadline.strftime("%Y-%m-%dT%H:%M")},
    )
    status_round = StatusRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/strategi/statusrunder/{status_round.pk}/"
    assert (status_round.title, status_round.state, status_round.opened_by, status_round.deadline) == (
        "2. tertial 2026",
        StatusRound.State.OPEN,
        personas.officer,
        deadline,
    )
    reports = {r.measure.title: r.reporter for r in status_round.reports.select_related("measure")}
    assert reports == {
        "Næringsvennlig kommune": personas.owner,
        "Etablererkurs": personas.owner,
        "Felles markedsføring": personas.council_member,
        "Uten ansvarlig": None,
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["council@test.example", "owner@test.example"]
    owner_mail = next(m for m in mailoutbox if m.to == ["owner@test.example"])
    assert "Næringsvennlig kommune" in owner_mail.body and "Etablererkurs" in owner_mail.body
    assert "Ferdig tiltak" not in owner_mail.body
    assert "/strategi/mine-tiltak/" in owner_mail.body
    log = ActivityLog.objects.get(action="strategies.round_opened")
    assert (log.actor, log.data["reports"], log.data["without_reporter"]) == (personas.officer, 4, 1)


def test_round_page_lists_measures_without_a_reporter(client_for, status_round):
    response = client_for("officer").get(f"/strategi/statusrunder/{status_round.pk}/")
    assert response.status_code == 200
    assert response.context["without_reporter"] == [report_of(status_round, "Uten ansvarlig")]
    assert "0 av 4" in response.text or "0 of 4" in response.text


@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": "T2", "period_end": "2026-08-31", "deadline": "2020-01-01T12:00"}, "deadline"),
        ({"title": "", "period_end": "2026-08-31", "deadline": "2030-01-01T12:00"}, "title"),
        ({"title": "T2", "period_end": "ikke en dato", "deadline": "2030-01-01T12:00"}, "period_end"),
    ],
)
def test_bad_input_when_opening_saves_nothing(client_for, plan, data, field, mailoutbox):
    response = client_for("officer").post(f"/strategi/{plan.pk}/statusrunder/ny/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert StatusRound.objects.count() == 0 and StatusReport.objects.count() == 0 and mailoutbox == []


def test_a_second_open_round_is_refused(client_for, status_round, plan, mailoutbox):
    response = client_for("officer").post(
        f"/strategi/{plan.pk}/statusrunder/ny/",
        {"title": "3. tertial", "period_end": "2026-12-31", "deadline": "2030-01-01T12:00"},
    )
    assert response.status_code == 400
    assert "already has an open status round" in str(response.context["form"].non_field_errors()) or "allerede" in response.text
    assert StatusRound.objects.count() == 1 and mailoutbox == []


def test_a_round_on_a_draft_plan_is_a_conflict(client_for):
    draft = make_plan(state=Plan.State.DRAFT)
    response = client_for("officer").get(f"/strategi/{draft.pk}/statusrunder/ny/")
    assert response.status_code == 409
    assert StatusRound.objects.count() == 0


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("owner", 403),
        ("other_owner", 403),
        ("council_member", 403),
        ("chief_executive", 403),
        ("politician", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_open_round_form_by_role(client_for, plan, persona, status):
    assert client_for(persona).get(f"/strategi/{plan.pk}/statusrunder/ny/").status_code == status


def test_unknown_plan_is_404(client_for):
    assert client_for("officer").get("/strategi/999999/statusrunder/ny/").status_code == 404


# --- Reports ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("owner", 200),  # the reporter
        ("other_owner", 403),
        ("council_member", 403),  # reports on another measure
        ("chief_executive", 403),
        ("politician", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_report_page_by_role(client_for, status_round, persona, status):
    report = report_of(status_round, "Næringsvennlig kommune")
    assert client_for(persona).get(f"/strategi/statusrapporter/{report.pk}/").status_code == status


def test_someone_elses_report_cannot_be_submitted(client_for, status_round):
    report = report_of(status_round, "Felles markedsføring")  # the council member's
    response = client_for("owner").post(
        f"/strategi/statusrapporter/{report.pk}/", {"state": "in_progress", "progress": "50", "comment": ""}
    )
    assert response.status_code == 403
    assert client_for("owner").get("/strategi/statusrapporter/999999/").status_code == 404
    report.refresh_from_db()
    assert report.submitted_at is None and MeasureUpdate.objects.count() == 0


def test_reporter_submits_and_the_measure_and_its_history_follow(client_for, status_round, personas):
    report = report_of(status_round, "Næringsvennlig kommune")
    response = client_for("owner").post(
        f"/strategi/statusrapporter/{report.pk}/", {"state": "in_progress", "progress": "40", "comment": "Godt i gang."}
    )
    assert response.status_code == 302 and response["Location"] == "/strategi/mine-tiltak/"
    report.refresh_from_db()
    assert (report.state, report.progress, report.comment, report.submitted_by) == (
        "in_progress",
        40,
        "Godt i gang.",
        personas.owner,
    )
    assert report.submitted_at is not None
    measure = report.measure
    measure.refresh_from_db()
    assert (measure.state, measure.progress) == ("in_progress", 40)
    assert list(MeasureUpdate.objects.values_list("measure", "state", "progress", "comment", "status_round", "by")) == [
        (measure.pk, "in_progress", 40, "Godt i gang.", status_round.pk, personas.owner.pk)
    ]
    assert ActivityLog.objects.filter(action="strategies.report_submitted", actor=personas.owner).count() == 1


def test_resubmitting_replaces_the_report_and_writes_history_only_on_change(status_round, personas):
    report = report_of(status_round, "Næringsvennlig kommune")
    assert submit_report(report, state="in_progress", progress=40, comment="Godt i gang.", by=personas.owner)
    assert not submit_report(report, state="in_progress", progress=40, comment="Godt i gang.", by=personas.owner)
    assert MeasureUpdate.objects.count() == 1
    assert submit_report(report, state="delayed", progress=45, comment="Venter på midler.", by=personas.owner)
    report.refresh_from_db()
    assert (report.state, report.progress, report.comment) == ("delayed", 45, "Venter på midler.")
    assert list(MeasureUpdate.objects.order_by("pk").values_list("state", "progress")) == [("in_progress", 40), ("delayed", 45)]
    report.measure.refresh_from_db()
    assert (report.measure.state, report.measure.state_reason) == ("delayed", "Venter på midler.")


@pytest.mark.parametrize(
    "data,field",
    [
        ({"state": "in_progress", "progress": "101", "comment": ""}, "progress"),
        ({"state": "in_progress", "progress": "-1", "comment": ""}, "progress"),
        ({"state": "delayed", "progress": "20", "comment": "  "}, "comment"),
        ({"state": "cancelled", "progress": "20", "comment": ""}, "comment"),
        ({"state": "tampered", "progress": "20", "comment": ""}, "state"),
    ],
)
def test_bad_report_saves_nothing(client_for, status_round, data, field):
    report = report_of(status_round, "Næringsvennlig kommune")
    response = client_for("owner").post(f"/strategi/statusrapporter/{report.pk}/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="ds-error-summary"' in response.text
    report.refresh_from_db()
    report.measure.refresh_from_db()
    assert report.submitted_at is None and report.state == "" and report.progress is None
    assert (report.measure.state, report.measure.progress) == ("not_started", 0)
    assert MeasureUpdate.objects.count() == 0


# --- Approval -----------------------------------------------------------------------------------


def test_approval_with_missing_reports_needs_the_checkbox(client_for, status_round):
    response = client_for("officer").post(f"/strategi/statusrunder/{status_round.pk}/godkjenn/", {})
    assert response.status_code == 400
    assert "allow_missing" in response.context["approve_form"].errors
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.OPEN


def test_approval_locks_the_round(client_for, status_round, personas):
    report = report_of(status_round, "Næringsvennlig kommune")
    submit_report(report, state="in_progress", progress=40, comment="", by=personas.owner)
    response = client_for("officer").post(f"/strategi/statusrunder/{status_round.pk}/godkjenn/", {"allow_missing": "on"})
    assert response.status_code == 302
    status_round.refresh_from_db()
    assert (status_round.state, status_round.approved_by) == (StatusRound.State.APPROVED, personas.officer)
    assert status_round.approved_at is not None
    assert ActivityLog.objects.get(action="strategies.round_approved").data == {"missing": 3, "reports": 4}
    # Locked: no more edits, read-only page.
    client = client_for("owner")
    response = client.post(f"/strategi/statusrapporter/{report.pk}/", {"state": "done", "progress": "100", "comment": ""})
    assert response.status_code == 409
    page = client.get(f"/strategi/statusrapporter/{report.pk}/")
    assert page.status_code == 200 and page.context["form"] is None
    report.refresh_from_db()
    assert (report.state, report.progress) == ("in_progress", 40)
    assert MeasureUpdate.objects.count() == 1
    # Approving again is a no-op.
    assert not approve_round(status_round, by=personas.officer)


def test_approval_when_every_report_is_in(status_round, personas):
    for report in status_round.reports.all():
        submit_report(report, state="in_progress", progress=10, comment="", by=personas.officer)
    assert approve_round(status_round, by=personas.officer)


@pytest.mark.parametrize("persona", ["owner", "council_member", "chief_executive"])
def test_only_the_team_approves(client_for, status_round, persona):
    assert (
        client_for(persona).post(f"/strategi/statusrunder/{status_round.pk}/godkjenn/", {"allow_missing": "on"}).status_code
        == 403
    )
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.OPEN


def test_round_report_data(status_round, personas):
    submit_report(
        report_of(status_round, "Næringsvennlig kommune"), state="in_progress", progress=40, comment="", by=personas.owner
    )
    submit_report(
        report_of(status_round, "Etablererkurs"), state="delayed", progress=10, comment="Mangler kursholder.", by=personas.owner
    )
    data = round_report_data(status_round)
    assert data["counts"] == {"total": 4, "submitted": 2, "missing": 2}
    assert [(a["focus_area"].title, str(a["progress"]), a["submitted"], a["total"]) for a in data["focus_areas"]] == [
        ("Attraktiv region", "35.0", 1, 3),
        ("Kompetanse", "10.0", 1, 1),
    ]
    # The plan's roll-up with the round's figures: (40 + 0 + 0 + 100 (done)) / 4; the cancelled measure left out.
    assert [(a["focus_area"].title, a["calculation"]) for a in data["progress_by_focus_area"]] == [
        ("Attraktiv region", "(35 × 1) / (1) = 35.0 %"),
        ("Kompetanse", "(10 × 1) / (1) = 10.0 %"),
    ]
    assert (str(data["progress"]), data["calculation"]) == ("22.5", "(35 × 1 + 10 × 1) / (1 + 1) = 22.5 %")
    assert [(r.measure.title, r.comment) for r in data["delayed"]] == [("Etablererkurs", "Mangler kursholder.")]
    assert [r.measure.title for r in data["missing"]] == ["Felles markedsføring", "Uten ansvarlig"]


# --- The round page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("owner", 200),  # reporter: their part
        ("other_owner", 403),
        ("council_member", 200),
        ("chief_executive", 200),
        ("politician", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_round_page_by_role(client_for, status_round, persona, status):
    assert client_for(persona).get(f"/strategi/statusrunder/{status_round.pk}/").status_code == status


def test_reporter_sees_only_their_part(client_for, status_round):
    response = client_for("owner").get(f"/strategi/statusrunder/{status_round.pk}/")
    titles = [r.measure.title for a in response.context["focus_areas"] for g in a["goals"] for r in g["reports"]]
    assert titles == ["Næringsvennlig kommune", "Etablererkurs"]
    assert response.context["approve_form"] is None
    assert client_for("owner").get("/strategi/statusrunder/999999/").status_code == 404


def test_round_page_query_count_is_constant(client_for, plan, personas, django_assert_max_num_queries):
    status_round = open_round(plan, title="T2", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer)
    client = client_for("officer")
    client.get(f"/strategi/statusrunder/{status_round.pk}/")  # warm the session and role caches
    with django_assert_max_num_queries(12) as small:
        assert client.get(f"/strategi/statusrunder/{status_round.pk}/").status_code == 200
    approve_round(status_round, by=personas.officer, allow_missing=True)
    for index in range(30):
        make_measure(plan, title=f"Nytt {index}", reporter=UserFactory(), area=f"Område {index % 3}", goal=f"Mål {index % 5}")
    bigger = open_round(plan, title="T3", period_end=datetime.date(2026, 12, 31), deadline=in_days(10), by=personas.officer)
    assert bigger.reports.count() == 34
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/strategi/statusrunder/{bigger.pk}/").status_code == 200


def test_panel_has_fixed_queries(rf, plan, personas, django_assert_num_queries):
    first = open_round(plan, title="1. tertial", period_end=datetime.date(2026, 4, 30), deadline=in_days(3), by=personas.officer)
    approve_round(first, by=personas.officer, allow_missing=True)
    open_round(plan, title="2. tertial", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer)
    request = rf.get("/")
    request.user = personas.officer
    panel(request, plan)  # role cache
    with django_assert_num_queries(1):
        data = panel(request, plan)
    assert data["open_round"].title == "2. tertial" and data["open_round"].report_total == 4
    assert [r.title for r in data["approved"]] == ["1. tertial"]
    assert data["can_open"] is False


# --- My measures and the start page -------------------------------------------------------------


def test_my_measures_lists_the_users_reports_in_open_rounds(client_for, status_round):
    response = client_for("owner").get("/strategi/mine-tiltak/")
    assert response.status_code == 200
    [entry] = response.context["rounds"]
    assert [r.measure.title for r in entry["reports"]] == ["Næringsvennlig kommune", "Etablererkurs"]
    assert entry["missing"] == 2
    assert client_for("other_owner").get("/strategi/mine-tiltak/").context["rounds"] == []
    assert client_for("anonymous").get("/strategi/mine-tiltak/").status_code == 302


def test_start_page_sections(client_for, status_round, personas):
    response = client_for("council_member").get("/arbeid/")
    assert response.status_code == 200
    part = next(p for p in response.context["parts"] if p.key == "strategies.reports_to_submit")
    assert part.count == 1 and [r.measure.title for r in part.data["reports"]] == ["Felles markedsføring"]
    assert "strategies.rounds_to_approve" not in [p.key for p in response.context["parts"]]
    for report in status_round.reports.all():
        submit_report(report, state="in_progress", progress=10, comment="", by=personas.officer)
    response = client_for("officer").get("/arbeid/")
    part = next(p for p in response.context["parts"] if p.key == "strategies.rounds_to_approve")
    assert part.count == 1 and part.data["rounds"] == [status_round]


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_run_twice_send_once_per_reporter(plan, personas, mailoutbox, commit):
    status_round = open_round(plan, title="T2", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer)
    submit_report(
        report_of(status_round, "Felles markedsføring"), state="in_progress", progress=5, comment="", by=personas.council_member
    )
    mailoutbox.clear()
    seven_days_before = status_round.deadline - datetime.timedelta(days=7, minutes=-5)
    assert commit(dispatch_status_reminders, seven_days_before - datetime.timedelta(hours=2)) == 0  # not due yet
    assert commit(dispatch_status_reminders, seven_days_before) == 1
    assert commit(dispatch_status_reminders, seven_days_before + datetime.timedelta(hours=1)) == 0
    assert [m.to for m in mailoutbox] == [["owner@test.example"]]  # the council member submitted everything
    assert "Næringsvennlig kommune" in mailoutbox[0].body and "Etablererkurs" in mailoutbox[0].body
    one_day_before = status_round.deadline - datetime.timedelta(hours=20)
    assert commit(dispatch_status_reminders, one_day_before) == 1
    assert commit(dispatch_status_reminders, one_day_before) == 0
    assert [m.to for m in mailoutbox] == [["owner@test.example"]] * 2
    assert sorted(StatusReminder.objects.values_list("user__email", "days_before")) == [
        ("owner@test.example", 1),
        ("owner@test.example", 7),
    ]


def test_a_reminder_more_than_a_day_late_is_not_sent(plan, personas, mailoutbox, commit):
    status_round = open_round(plan, title="T2", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer)
    mailoutbox.clear()
    late = status_round.deadline - datetime.timedelta(days=5)  # the 7-day moment passed two days ago
    assert commit(dispatch_status_reminders, late) == 0
    assert mailoutbox == [] and StatusReminder.objects.count() == 0


def test_no_reminders_after_approval_or_the_deadline(plan, personas, mailoutbox, commit):
    status_round = open_round(plan, title="T2", period_end=datetime.date(2026, 8, 31), deadline=in_days(10), by=personas.officer)
    mailoutbox.clear()
    assert commit(dispatch_status_reminders, status_round.deadline + datetime.timedelta(minutes=1)) == 0
    approve_round(status_round, by=personas.officer, allow_missing=True)
    assert commit(dispatch_status_reminders, status_round.deadline - datetime.timedelta(hours=20)) == 0
    assert mailoutbox == []


def test_the_task_runs_the_dispatcher(plan, personas, mailoutbox, commit):
    from strategies.tasks import dispatch_status_reminders as task

    open_round(plan, title="T2", period_end=datetime.date(2026, 8, 31), deadline=in_days(0.5), by=personas.officer)
    # Opened less than a day before the deadline: the 1-day moment was before the opening e-mail; nothing more.
    mailoutbox.clear()
    assert commit(lambda: task.delay().get()) == 0
    assert mailoutbox == []


def test_plan_page_shows_the_rounds_panel(client_for, status_round, plan):
    response = client_for("officer").get(f"/strategi/{plan.pk}/")
    assert response.status_code == 200
    assert f'href="/strategi/statusrunder/{status_round.pk}/"' in response.text
    assert f'href="/strategi/{plan.pk}/statusrunder/ny/"' not in response.text  # one open round at a time
    public = client_for("anonymous").get(f"/strategi/{plan.pk}/")
    assert public.status_code == 200
    assert 'id="rounds-heading"' in public.text and f"/strategi/statusrunder/{status_round.pk}/" not in public.text
