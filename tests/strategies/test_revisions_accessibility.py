"""axe-core on the comparison page and the plan page's revisions panel, in bokmål and English."""

import datetime
from decimal import Decimal

import pytest

from strategies.models import Measure, Plan
from strategies.services.plans import adopt_plan
from strategies.services.revisions import revise_plan
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.strategies.factories_revisions import make_full_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def revised(personas):
    tree = make_full_plan(personas.officer, personas.business)
    new = revise_plan(tree["plan"], by=personas.officer)
    measures = Measure.objects.filter(goal__focus_area__plan=new)
    m1 = measures.get(code="1.1.1")
    m1.title, m1.description, m1.deadline = "Etablere et regionalt næringsnettverk", "Nettverk for alle bedriftene", None
    m1.responsible_name = "Gardermoregionen"
    m1.save()
    nested = measures.get(code="1.1.1.a")
    nested.parent, nested.goal = None, measures.get(code="2.1.1").goal
    nested.save()
    measures.get(code="1.2.1").delete()
    Measure.objects.create(goal=m1.goal, code="1.1.2", position=5, title="Gründerveiledning", budget=Decimal("50000"))
    adopt_plan(new, by=personas.officer, decided_by="Regionrådet", decided_on=datetime.date(2025, 6, 12), case_number="25/48")
    return Plan.objects.get(pk=tree["plan"].pk), Plan.objects.get(pk=new.pk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_page_and_the_panel_for_the_public(page_for, revised, language):
    old, new = revised
    page = page_for(language)
    found = {}
    scan(page, f"/strategi/{new.pk}/sammenlign/?med={old.pk}", found, expect_status=200)
    assert page.locator("del").first.is_visible() and page.locator("ins").first.is_visible()
    scan(page, f"/strategi/{new.pk}/sammenlign/", found, expect_status=200)
    scan(page, f"/strategi/{new.pk}/sammenlign/?med=0", found, expect_status=400)
    scan(page, f"/strategi/{new.pk}/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_revises_from_the_panel_and_compares_the_draft(page_for, personas, revised, language):
    old, new = revised
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, f"/strategi/{new.pk}/", found, expect_status=200)
    page.locator(f"form[action='/strategi/{new.pk}/rullering/'] button").click()
    draft = Plan.objects.get(lineage=new.lineage, version=3)
    page.wait_for_url(f"**/strategi/{draft.pk}/")
    found["draft after revise"] = axe_violations(page)
    scan(page, f"/strategi/{draft.pk}/sammenlign/?med={old.pk}", found, expect_status=200)
    assert_clean(found)
