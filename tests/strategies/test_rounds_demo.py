"""The status rounds' demo content: an approved round and an open one half answered, idempotent, no e-mail."""

import pytest

from portal.roles import Role
from strategies.demo import plans as demo_plans
from strategies.demo import rounds as demo_rounds
from strategies.models import Measure, MeasureUpdate, StatusRound
from tests.factories import UserFactory
from tests.strategies.factories_rounds import make_measure, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    return {
        "naeringssjef@demo.example": UserFactory(email="naeringssjef@demo.example", name="Ingrid Berg", role=Role.OFFICER),
        "naeringsradgiver@demo.example": UserFactory(email="naeringsradgiver@demo.example", role=Role.OFFICER),
        "naeringsrad@demo.example": UserFactory(email="naeringsrad@demo.example", role=Role.COUNCIL_MEMBER),
    }


def test_without_the_demo_plan_nothing_is_made(demo_users):
    assert demo_rounds.load(demo_users) == {}
    assert StatusRound.objects.count() == 0


def test_demo_rounds(demo_users, monkeypatch, django_capture_on_commit_callbacks, mailoutbox):
    monkeypatch.setattr(demo_plans, "TITLE", "Demoplan", raising=False)
    plan = make_plan(title="Demoplan")
    for index in range(6):
        make_measure(plan, title=f"Tiltak {index}", progress=30, state=Measure.State.IN_PROGRESS)
    make_measure(plan, title="Ferdig", state=Measure.State.DONE, progress=100)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_rounds.load(demo_users) == {"status_rounds": 2}
        assert demo_rounds.load(demo_users) == {"status_rounds": 2}  # a second run adds nothing
    assert mailoutbox == []
    earlier, current = StatusRound.objects.get(title="1. tertial 2026"), StatusRound.objects.get(title="2. tertial 2026")
    assert earlier.state == StatusRound.State.APPROVED and earlier.reports.filter(submitted_at__isnull=True).count() == 0
    assert current.state == StatusRound.State.OPEN
    assert (current.reports.count(), current.reports.filter(submitted_at__isnull=False).count()) == (6, 3)
    assert {r.submitted_by.email for r in current.reports.filter(submitted_at__isnull=False)} >= {
        "naeringsrad@demo.example",
        "naeringssjef@demo.example",
    }
    assert MeasureUpdate.objects.filter(status_round=earlier).count() == 6
    assert MeasureUpdate.objects.filter(status_round=current).count() == 3


def test_demo_rounds_on_the_demo_plan(demo_users, django_capture_on_commit_callbacks, mailoutbox):
    from strategies.demo import plans as demo_plans

    users = {**demo_users, "kommunedirektor@demo.example": UserFactory(email="kommunedirektor@demo.example")}
    demo_plans.load(users)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_rounds.load(users) == {"status_rounds": 2}
    assert mailoutbox == []
    current = StatusRound.objects.get(title="2. tertial 2026")
    submitted = current.reports.filter(submitted_at__isnull=False)
    assert 0 < submitted.count() < current.reports.count()
    assert {"naeringsrad@demo.example", "naeringssjef@demo.example"} <= set(
        submitted.values_list("submitted_by__email", flat=True)
    )
