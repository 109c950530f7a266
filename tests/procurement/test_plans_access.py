"""Who may see and change the procurement plan: every plan URL for every persona, with the exact answer.

Published plans and their items are public; a draft is 404 to everyone outside the procurement team
(officers and administrators); pages that change anything are 403 to the others (anonymous: to login)."""

import pytest

from procurement.models import ProcurementPlan
from tests.procurement.factories_plans import make_item, make_plan

PERSONAS = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")
TEAM = {"officer", "admin"}


@pytest.fixture
def plans(db):
    published = make_plan(title="Anskaffelsesplan 2027")
    draft = make_plan(title="Utkast 2028", state=ProcurementPlan.State.DRAFT, year=2028)
    return {
        "published": published,
        "draft": draft,
        "item": make_item(published),
        "draft_item": make_item(draft, title="Kantinedrift", cpv_codes=["55512000"]),
    }


def expected_read(persona: str, *, draft: bool) -> int:
    return 200 if not draft or persona in TEAM else 404


def expected_change(persona: str, *, draft: bool = False, ok: int = 200) -> int:
    if persona == "anonymous":
        return 302
    if draft and persona not in TEAM:
        return 404
    return ok if persona in TEAM else 403


def read_urls(plans) -> list[tuple[str, bool]]:
    p, d = plans["published"].pk, plans["draft"].pk
    return [
        (f"/anskaffelser/planer/{p}/", False),
        (f"/anskaffelser/planer/{p}/anskaffelser.csv", False),
        (f"/anskaffelser/planer/{p}/anskaffelser.xlsx", False),
        (f"/anskaffelser/punkter/{plans['item'].pk}/", False),
        (f"/anskaffelser/planer/{d}/", True),
        (f"/anskaffelser/planer/{d}/anskaffelser.csv", True),
        (f"/anskaffelser/planer/{d}/anskaffelser.xlsx", True),
        (f"/anskaffelser/punkter/{plans['draft_item'].pk}/", True),
    ]


def change_urls(plans) -> list[tuple[str, bool]]:
    p, d = plans["published"].pk, plans["draft"].pk
    return [
        ("/anskaffelser/planer/ny/", False),
        (f"/anskaffelser/planer/{p}/endre/", False),
        (f"/anskaffelser/planer/{p}/punkter/ny/", False),
        (f"/anskaffelser/planer/{p}/import/", False),
        (f"/anskaffelser/punkter/{plans['item'].pk}/endre/", False),
        (f"/anskaffelser/planer/{d}/endre/", True),
        (f"/anskaffelser/planer/{d}/punkter/ny/", True),
        (f"/anskaffelser/planer/{d}/import/", True),
        (f"/anskaffelser/punkter/{plans['draft_item'].pk}/endre/", True),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_published_plans_and_drafts_only_to_the_team(client_for, plans, persona):
    response = client_for(persona).get("/anskaffelser/planer/")
    assert response.status_code == 200
    titles = [plan.title for plan in response.context["plans"]]
    assert titles == (["Utkast 2028", "Anskaffelsesplan 2027"] if persona in TEAM else ["Anskaffelsesplan 2027"])
    assert ("Utkast 2028" in response.content.decode()) is (persona in TEAM)


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_pages_answer_by_role(client_for, plans, persona):
    client = client_for(persona)
    answers = {url: client.get(url).status_code for url, _ in read_urls(plans)}
    assert answers == {url: expected_read(persona, draft=draft) for url, draft in read_urls(plans)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_changing_pages_answer_by_role(client_for, plans, persona):
    client = client_for(persona)
    answers = {url: client.get(url).status_code for url, _ in change_urls(plans)}
    assert answers == {url: expected_change(persona, draft=draft) for url, draft in change_urls(plans)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_is_the_teams_and_only_by_post(client_for, plans, persona):
    draft = plans["draft"]
    client = client_for(persona)
    url = f"/anskaffelser/planer/{draft.pk}/publiser/"
    assert client.get(url).status_code == (302 if persona == "anonymous" else 405)
    response = client.post(url)
    assert response.status_code == expected_change(persona, draft=True, ok=302)
    draft.refresh_from_db()
    assert draft.state == ("published" if persona in TEAM else "draft")
    if persona == "anonymous":
        assert response["Location"].startswith("/konto/login/")


def test_anonymous_is_sent_to_log_in(client, plans):
    response = client.get(f"/anskaffelser/planer/{plans['published'].pk}/endre/")
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next=/anskaffelser/planer/{plans['published'].pk}/endre/"


def test_unknown_plan_and_item_are_404(client_for, plans):
    client = client_for("officer")
    assert client.get("/anskaffelser/planer/999999/").status_code == 404
    assert client.get("/anskaffelser/punkter/999999/").status_code == 404
