"""Revisions (rullering): "Revise" copies the adopted plan with every row's key, refuses a second draft; the
comparison page shows two revisions of one lineage side by side; the plan page's panel."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from portal.models import ActivityLog
from strategies.diff import MeasureRow
from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, MeasureUpdate, Milestone, Plan
from strategies.queries import plan_snapshots
from strategies.services.plans import adopt_plan
from strategies.services.revisions import RevisionError, revise_plan
from strategies.views.revisions import panel
from tests.portal.test_access import LOGIN
from tests.strategies.factories_revisions import add_measures, make_full_plan, make_plan

PERSONAS = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")


COPIED_MEASURE_FIELDS = (
    *("key", "goal__key", "parent__key", "code", "title", "description", "responsible_kind", "responsible_name"),
    *("reporter", "deadline", "budget", "state", "progress", "weight"),
)


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English texts (the pages and the services' messages)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def tree(personas):
    return make_full_plan(personas.officer, personas.business)


def rows_by_key(model, plan, *fields, path):
    return sorted(model.objects.filter(**{path: plan}).values_list(*fields))


# --- Revise ----------------------------------------------------------------------------------


def test_revise_copies_every_row_with_the_same_keys_into_a_draft_of_the_same_lineage(tree, personas):
    plan = tree["plan"]
    revision = revise_plan(plan, by=personas.officer)

    assert (revision.state, revision.version, revision.previous_id, revision.lineage) == ("draft", 2, plan.pk, plan.lineage)
    assert (revision.title, revision.start_year, revision.end_year, revision.decided_on, revision.decided_by) == (
        plan.title,
        2021,
        2030,
        None,
        "",
    )
    assert revision.created_by == personas.officer
    assert list(revision.municipalities.values_list("number", flat=True)) == ["3209"]
    for model, path, fields in [
        (FocusArea, "plan", ("key", "title", "position", "weight")),
        (Goal, "focus_area__plan", ("key", "focus_area__key", "title", "position")),
        (
            Measure,
            "goal__focus_area__plan",
            COPIED_MEASURE_FIELDS,
        ),
        (Milestone, "measure__goal__focus_area__plan", ("measure__key", "title", "due", "reached_on")),
        (Indicator, "goal__focus_area__plan", ("key", "goal__key", "name", "unit", "baseline", "baseline_year")),
        (IndicatorValue, "indicator__goal__focus_area__plan", ("indicator__key", "period_end", "value", "comment", "automatic")),
        (MeasureUpdate, "measure__goal__focus_area__plan", ("measure__key", "state", "progress", "comment", "by", "created")),
    ]:
        assert rows_by_key(model, revision, *fields, path=path) == rows_by_key(model, plan, *fields, path=path), model
    counts = {
        "focus areas": FocusArea.objects.filter(plan=revision).count(),
        "goals": Goal.objects.filter(focus_area__plan=revision).count(),
        "measures": Measure.objects.filter(goal__focus_area__plan=revision).count(),
        "nested": Measure.objects.filter(goal__focus_area__plan=revision, parent__goal__focus_area__plan=revision).count(),
        "milestones": Milestone.objects.filter(measure__goal__focus_area__plan=revision).count(),
        "indicators": Indicator.objects.filter(goal__focus_area__plan=revision).count(),
        "values": IndicatorValue.objects.filter(indicator__goal__focus_area__plan=revision).count(),
        "updates": MeasureUpdate.objects.filter(measure__goal__focus_area__plan=revision).count(),
    }
    assert counts == {
        "focus areas": 2,
        "goals": 3,
        "measures": 4,
        "nested": 1,
        "milestones": 2,
        "indicators": 2,
        "values": 3,
        "updates": 2,
    }
    copy = Measure.objects.get(goal__focus_area__plan=revision, key=tree["measures"][0].key)
    assert copy.pk != tree["measures"][0].pk
    assert list(copy.businesses.values_list("orgnr", flat=True)) == ["925321141"]
    assert list(copy.meetings.all()) == [tree["meeting"]]
    assert list(copy.action_points.all()) == [tree["action_point"]]
    # The revision it was copied from is untouched.
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 4
    assert Plan.objects.get(pk=plan.pk).state == "adopted"
    log = ActivityLog.objects.get(action="strategies.plan_revised")
    assert (log.object_id, log.actor, log.data) == (
        str(revision.pk),
        personas.officer,
        {"from": plan.pk, "from_version": 1, "version": 2, "focus_areas": 2, "goals": 3, "measures": 4}
        | {"indicators": 2, "indicator_values": 3},
    )


def test_revise_refuses_a_second_draft_and_a_plan_not_adopted(tree, personas):
    plan = tree["plan"]
    draft = revise_plan(plan, by=personas.officer)
    with pytest.raises(RevisionError, match="Revision 2 is already being prepared"):
        revise_plan(plan, by=personas.officer)
    with pytest.raises(RevisionError, match="Only an adopted plan"):
        revise_plan(draft, by=personas.officer)
    assert Plan.objects.filter(lineage=plan.lineage).count() == 2
    # On consultation it is still in progress.
    Plan.objects.filter(pk=draft.pk).update(state=Plan.State.CONSULTATION)
    with pytest.raises(RevisionError):
        revise_plan(plan, by=personas.officer)


def test_adopting_the_revision_archives_the_one_before_and_allows_the_next_revision(tree, personas):
    plan = tree["plan"]
    draft = revise_plan(plan, by=personas.officer)
    adopt_plan(draft, by=personas.officer, decided_by="Regionrådet", decided_on=datetime.date(2025, 6, 12), case_number="25/48")
    assert dict(Plan.objects.filter(lineage=plan.lineage).values_list("version", "state")) == {1: "archived", 2: "adopted"}
    with pytest.raises(RevisionError):
        revise_plan(plan, by=personas.officer)  # archived
    third = revise_plan(draft, by=personas.officer)
    assert (third.version, third.previous_id) == (3, draft.pk)


def test_revise_runs_a_fixed_number_of_queries_however_large_the_plan(tree, personas):
    def count(plan):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            revision = revise_plan(plan, by=personas.officer)
        Plan.objects.filter(pk=revision.pk).delete()
        return len(context.captured_queries)

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(Plan)  # the activity log's lookup is cached for the process
    small = count(tree["plan"])
    add_measures(tree["goals"][0], 60)
    assert count(tree["plan"]) == small
    assert small <= 30


def test_revise_button_creates_the_draft_and_goes_to_it(tree, client_for):
    plan = tree["plan"]
    response = client_for("officer").post(f"/strategi/{plan.pk}/rullering/")
    revision = Plan.objects.get(lineage=plan.lineage, version=2)
    assert (response.status_code, response["Location"]) == (302, f"/strategi/{revision.pk}/")
    again = client_for("officer").post(f"/strategi/{plan.pk}/rullering/")
    assert again.status_code == 409
    assert "Revision 2 is already being prepared" in again.content.decode()
    assert Plan.objects.filter(lineage=plan.lineage).count() == 2
    assert client_for("officer").get(f"/strategi/{plan.pk}/rullering/").status_code == 405


# Revise (POST) on an adopted plan: the team only.
REVISE = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "officer": 302, "admin": 302}
# Revise on a draft: who cannot see drafts is told it does not exist; the team is told why not.
REVISE_DRAFT = {**REVISE, "owner": 404, "other_owner": 404, "politician": 404, "officer": 409, "admin": 409}


@pytest.mark.parametrize("persona", PERSONAS)
def test_revise_answers_each_persona_as_intended(personas, client_for, persona):
    adopted = make_plan()
    draft = make_plan(state=Plan.State.DRAFT, title="Utkast")
    for plan, expected in ((adopted, REVISE[persona]), (draft, REVISE_DRAFT[persona])):
        url = f"/strategi/{plan.pk}/rullering/"
        response = client_for(persona).post(url)
        if expected == "login":
            assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
        else:
            assert response.status_code == expected, plan.state
    made = Plan.objects.filter(version=2).count()
    assert made == (1 if REVISE[persona] == 302 else 0)


# --- Compare ---------------------------------------------------------------------------------


@pytest.fixture
def revised(tree, personas):
    """Version 1 (archived) and version 2 (adopted) with a measure reworded, one added, one removed, one re-dated."""
    plan = tree["plan"]
    new = revise_plan(plan, by=personas.officer)
    measures = Measure.objects.filter(goal__focus_area__plan=new)
    m1 = measures.get(code="1.1.1")
    m1.title = "Etablere et regionalt næringsnettverk"
    m1.deadline = datetime.date(2026, 6, 30)
    m1.save()
    measures.get(code="2.1.1").delete()
    Measure.objects.create(goal=m1.goal, code="1.1.2", position=5, title="Gründerveiledning", budget=Decimal("50000"))
    adopt_plan(new, by=personas.officer, decided_by="Regionrådet", decided_on=datetime.date(2025, 6, 12), case_number="25/48")
    return {"old": Plan.objects.get(pk=plan.pk), "new": Plan.objects.get(pk=new.pk)}


def test_plan_snapshots_load_both_revisions_as_plain_rows_in_three_queries(revised, django_assert_num_queries):
    old, new = revised["old"], revised["new"]
    with django_assert_num_queries(3):
        snapshots = plan_snapshots(old, new)
    assert [m.code for m in snapshots[old.pk].measures] == ["1.1.1", "1.1.1.a", "1.2.1", "2.1.1"]
    assert [m.code for m in snapshots[new.pk].measures] == ["1.1.1", "1.1.1.a", "1.1.2", "1.2.1"]
    first = snapshots[old.pk].measures[0]
    assert first == MeasureRow(
        key=first.key,
        goal_key=Goal.objects.get(focus_area__plan=old, title="Flere arbeidsplasser").key,
        title="Etablere et felles næringsnettverk",
        code="1.1.1",
        description="Nettverk for bedriftene i regionen",
        responsible_kind="business_council",
        responsible_name="Næringsrådet",
        reporter="Ingrid Næringssjef",
        deadline=datetime.date(2023, 12, 31),
        budget=Decimal("250000"),
        state="in_progress",
        position=0,
    )
    assert snapshots[old.pk].measures[1].parent_key == first.key


def test_compare_page_shows_the_changes_side_by_side_with_the_words_marked(revised, client_for):
    old, new = revised["old"], revised["new"]
    response = client_for("anonymous").get(f"/strategi/{new.pk}/sammenlign/?med={old.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 measure added, 1 measure removed, 1 measure reworded, 1 deadline changed." in html
    assert '<del><span class="visually-hidden">removed: </span>felles</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>regionalt</ins>' in html
    assert "Revision 1 (older)" in html and "Revision 2 (newer)" in html
    assert "1.1.2 Gründerveiledning" in html and "2.1.1 Kartlegge kompetansebehov" in html
    # Either way round, the older revision is on the left.
    other_way = client_for("anonymous").get(f"/strategi/{old.pk}/sammenlign/?med={new.pk}").content.decode()
    assert "1 measure added, 1 measure removed" in other_way
    # Without ?med the form proposes the previous revision and nothing is compared yet.
    first = client_for("anonymous").get(f"/strategi/{new.pk}/sammenlign/")
    assert first.status_code == 200 and "From revision" not in first.content.decode()
    assert f'<option value="{old.pk}" selected>' in first.content.decode()


def test_compare_refuses_another_lineage_a_plan_out_of_sight_and_nonsense(revised, client_for, personas):
    new = revised["new"]
    stranger = make_plan(title="Næringsplan for Nannestad")
    hidden_draft = revise_plan(new, by=personas.officer)
    for med, status in ((stranger.pk, 400), ("abc", 400), (999999, 400), (new.pk, 400), (hidden_draft.pk, 400)):
        response = client_for("anonymous").get(f"/strategi/{new.pk}/sammenlign/?med={med}")
        assert response.status_code == status, med
    assert "Choose another revision of this plan." in response.content.decode()
    # The officer sees the draft and may compare with it.
    assert client_for("officer").get(f"/strategi/{new.pk}/sammenlign/?med={hidden_draft.pk}").status_code == 200
    # The page of a draft the user may not see does not exist.
    assert client_for("owner").get(f"/strategi/{hidden_draft.pk}/sammenlign/?med={new.pk}").status_code == 404


EVERYONE = dict.fromkeys(PERSONAS, 200)
DRAFT_READERS = {**dict.fromkeys(PERSONAS, 404), "officer": 200, "council_member": 200, "chief_executive": 200, "admin": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_compare_answers_each_persona_as_intended(revised, personas, client_for, persona):
    old, new = revised["old"], revised["new"]
    draft = revise_plan(new, by=personas.officer)
    assert client_for(persona).get(f"/strategi/{new.pk}/sammenlign/?med={old.pk}").status_code == EVERYONE[persona]
    assert client_for(persona).get(f"/strategi/{draft.pk}/sammenlign/?med={new.pk}").status_code == DRAFT_READERS[persona]
    assert client_for(persona).post(f"/strategi/{new.pk}/sammenlign/?med={old.pk}").status_code == 405


def test_compare_page_queries_stay_the_same_as_measures_grow(revised, client_for, django_assert_max_num_queries):
    old, new = revised["old"], revised["new"]
    client = client_for("officer")
    url = f"/strategi/{new.pk}/sammenlign/?med={old.pk}"
    with django_assert_max_num_queries(14) as before:
        assert client.get(url).status_code == 200
    goal = Goal.objects.get(focus_area__plan=new, title="Flere arbeidsplasser")
    add_measures(goal, 50)
    old_goal = Goal.objects.get(focus_area__plan=old, title="Mer besøk")
    add_measures(old_goal, 50, start=100)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert "51 measures added, 51 measures removed" in response.content.decode()


# --- The plan page's panel ---------------------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panel_lists_the_revisions_and_offers_revise_and_compare(revised, personas, django_assert_max_num_queries):
    old, new = revised["old"], revised["new"]
    officer = personas.officer
    with django_assert_max_num_queries(2):
        data = panel(_request(officer), new)
    assert ([p.version for p in data["revisions"]], data["previous"], data["can_revise"]) == ([1, 2], old, True)
    html = render_to_string("strategies/revisions/panel.html", {"panel": data, "plan": new}, request=_request(officer))
    assert f'href="/strategi/{new.pk}/sammenlign/?med={old.pk}"' in html
    assert f'action="/strategi/{new.pk}/rullering/"' in html
    assert "Regionrådet" in html
    # The archived one: no revise; the public: no button; with a draft: a link to the draft instead.
    assert panel(_request(officer), old)["can_revise"] is False
    assert panel(_request(personas.owner), new)["can_revise"] is False
    draft = revise_plan(new, by=officer)
    data = panel(_request(officer), new)
    assert (data["can_revise"], data["in_progress"]) == (False, draft)
    assert [p.version for p in panel(_request(personas.owner), new)["revisions"]] == [1, 2]
    # Fixed queries as revisions grow.
    adopt_plan(draft, by=officer, decided_by="Regionrådet", decided_on=datetime.date(2026, 6, 1), case_number="26/1")
    draft.refresh_from_db()
    revise_plan(draft, by=officer)
    with django_assert_max_num_queries(2):
        assert len(panel(_request(officer), draft)["revisions"]) == 4


def test_plan_page_carries_the_panel(revised, client_for):
    old, new = revised["old"], revised["new"]
    html = client_for("officer").get(f"/strategi/{new.pk}/").content.decode()
    assert f'href="/strategi/{new.pk}/sammenlign/?med={old.pk}"' in html
    assert f'action="/strategi/{new.pk}/rullering/"' in html
    public = client_for("anonymous").get(f"/strategi/{new.pk}/").content.decode()
    assert f'href="/strategi/{new.pk}/sammenlign/?med={old.pk}"' in public
    assert "/rullering/" not in public


# --- Demo ------------------------------------------------------------------------------------


def test_demo_revises_the_demo_plan_once_with_every_kind_of_change(personas, client_for):
    from strategies.demo import plans, revisions

    assert revisions.load({}) == {}  # no demo plan yet
    plans.load({})
    assert revisions.load({}) == {"plan_revisions": 2}
    assert revisions.load({}) == {"plan_revisions": 2}  # a second run changes nothing
    first, second = Plan.objects.filter(title=plans.TITLE).order_by("version")
    assert (first.state, second.state, second.decided_on, second.previous_id) == (
        "archived",
        "adopted",
        datetime.date(2025, 6, 19),
        first.pk,
    )
    assert Plan.objects.filter(title=plans.TITLE).order_by("-version").first() == second
    snapshots = plan_snapshots(first, second)
    from strategies.diff import compare_plans

    diff = compare_plans(snapshots[first.pk], snapshots[second.pk])
    assert diff.counts == {
        "measures_added": 2,
        "measures_removed": 1,
        "measures_reworded": 2,
        "measures_moved": 1,
        "measures_reassigned": 1,
        "measures_deadline": 2,
        "measures_budget": 2,
        "measures_state": 1,
    }
    response = client_for("anonymous").get(f"/strategi/{second.pk}/sammenlign/?med={first.pk}")
    assert response.status_code == 200
    assert "2 measures added, 1 measure removed, 2 measures reworded, 1 measure moved" in response.content.decode()
