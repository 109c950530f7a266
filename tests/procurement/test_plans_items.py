"""Planned procurements: the form (CPV codes as a list, the Doffin id), versions and alerts on a published
plan, publishing, and the link to the notice once it is announced."""

import datetime
from decimal import Decimal

import pytest

from portal.models import ActivityLog
from procurement.models import MarketDialogue, PlannedCpv, PlannedProcurement, ProcurementPlan
from procurement.services import plans as services
from tests.procurement.factories_plans import make_dialogue, make_item, make_notice, make_plan


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def queued(monkeypatch):
    """Every call of alerts.queue_matching, as (kind, ids)."""
    calls = []
    monkeypatch.setattr("procurement.services.alerts.queue_matching", lambda kind, ids: calls.append((kind, list(ids))))
    return calls


@pytest.fixture
def closed(monkeypatch):
    """Every call of dialogues.close_input, as (dialogue id, reason); the real one still runs."""
    from procurement.services import dialogues

    calls = []
    real = dialogues.close_input

    def spy(dialogue, *, reason, by=None):
        calls.append((dialogue.pk, reason))
        return real(dialogue, reason=reason, by=by)

    monkeypatch.setattr(dialogues, "close_input", spy)
    return calls


def form_data(**overrides) -> dict:
    data = {
        "title": "Sensorbasert bygningsovervåking",
        "description": "Sensorer for inneklima i fem bygg.",
        "cpv_codes": "35125100-7, 71700000\n72000000",
        "estimated_value": "1800000",
        "planned_announcement": "2027-08-01",
        "contact_name": "Innkjøpsavdelingen",
        "contact_email": "innkjop@baerum.test.example",
        "market_dialogue_planned": "on",
        "state": "planned",
        "doffin_id": "",
    }
    data.update(overrides)
    return data


def cpv_rows(item) -> list[tuple[str, bool]]:
    return list(PlannedCpv.objects.filter(item=item).order_by("code").values_list("code", "direct"))


# --- Adding and changing ------------------------------------------------------------------------


def test_an_officer_adds_an_item_with_codes_as_a_list(client_for, db, queued):
    plan = make_plan()
    response = client_for("officer").post(f"/anskaffelser/planer/{plan.pk}/punkter/ny/", form_data())
    item = PlannedProcurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/anskaffelser/punkter/{item.pk}/"
    assert item.cpv_codes == ["35125100", "71700000", "72000000"]
    assert item.estimated_value == Decimal("1800000.00")
    assert item.planned_announcement == datetime.date(2027, 8, 1)
    assert item.market_dialogue_planned is True
    assert item.state == "planned"
    assert item.version == 1
    assert item.notice is None
    assert cpv_rows(item) == [
        ("35000000", False),
        ("35100000", False),
        ("35120000", False),
        ("35125000", False),
        ("35125100", True),
        ("71000000", False),
        ("71700000", True),
        ("72000000", True),
    ]
    # A new item on a published plan goes to the alerts at once.
    assert queued == [("plan_item", [item.pk])]
    assert ActivityLog.objects.filter(action="procurement.item_created", object_id=str(item.pk)).count() == 1


@pytest.mark.parametrize(
    ("codes", "error"),
    [
        ("90910000, 99999999", "Unknown CPV code(s): 99999999. Give 8-digit codes from the CPV list, e.g. 90910000."),
        ("9091, 90910000-9 abc", "Unknown CPV code(s): 9091, abc. Give 8-digit codes from the CPV list, e.g. 90910000."),
        ("", "This field is required."),
    ],
)
def test_a_bad_cpv_code_is_a_field_error_naming_it_and_nothing_is_saved(client_for, db, queued, codes, error):
    plan = make_plan()
    response = client_for("officer").post(f"/anskaffelser/planer/{plan.pk}/punkter/ny/", form_data(cpv_codes=codes))
    assert response.status_code == 400
    assert response.context["form"].errors == {"cpv_codes": [error]}
    assert PlannedProcurement.objects.count() == 0
    assert PlannedCpv.objects.count() == 0
    assert queued == []


@pytest.mark.parametrize("doffin_id", ["112546", "2026/112546", "2026-11254a", "26-112546"])
def test_a_bad_doffin_id_is_a_field_error(client_for, db, queued, doffin_id):
    plan = make_plan()
    response = client_for("officer").post(f"/anskaffelser/planer/{plan.pk}/punkter/ny/", form_data(doffin_id=doffin_id))
    assert response.status_code == 400
    assert response.context["form"].errors == {"doffin_id": ["A Doffin id looks like 2026-112546."]}
    assert PlannedProcurement.objects.count() == 0


def test_a_bad_edit_changes_nothing(client_for, db, queued):
    item = make_item(make_plan())
    response = client_for("officer").post(
        f"/anskaffelser/punkter/{item.pk}/endre/", form_data(cpv_codes="90910000 12345678", doffin_id="x")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "cpv_codes": ["Unknown CPV code(s): 12345678. Give 8-digit codes from the CPV list, e.g. 90910000."],
        "doffin_id": ["A Doffin id looks like 2026-112546."],
    }
    item.refresh_from_db()
    assert (item.title, item.cpv_codes, item.version) == ("Renhold av skoler og barnehager", ["90910000"], 1)
    assert cpv_rows(item) == [("90000000", False), ("90900000", False), ("90910000", True)]
    assert queued == []


def test_a_change_that_matters_raises_the_version_and_replaces_the_cpv_rows(client_for, db, queued):
    item = make_item(make_plan())
    response = client_for("officer").post(
        f"/anskaffelser/punkter/{item.pk}/endre/",
        form_data(title=item.title, cpv_codes="90919200", estimated_value="50000000", market_dialogue_planned=""),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2
    assert item.cpv_codes == ["90919200"]
    assert cpv_rows(item) == [
        ("90000000", False),
        ("90900000", False),
        ("90910000", False),
        ("90919000", False),
        ("90919200", True),
    ]
    assert queued == [("plan_item", [item.pk])]
    entry = ActivityLog.objects.get(action="procurement.item_changed")
    assert entry.data == {
        "changed": ["description", "cpv_codes", "estimated_value", "planned_announcement", "market_dialogue_planned"],
        "version": 2,
    }


def test_a_contact_change_does_not_alert(db, queued):
    item = make_item(make_plan())
    item.contact_name = "Ola Innkjøper"
    assert services.save_item(item, by=None) == []
    item.refresh_from_db()
    assert item.version == 1
    assert queued == []


def test_changes_on_a_draft_plan_do_not_alert_until_it_is_published(client_for, db, queued):
    plan = make_plan(state=ProcurementPlan.State.DRAFT)
    first = make_item(plan)
    client = client_for("officer")
    client.post(f"/anskaffelser/punkter/{first.pk}/endre/", form_data(title="Renhold av skoler"))
    client.post(f"/anskaffelser/planer/{plan.pk}/punkter/ny/", form_data())
    first.refresh_from_db()
    assert (first.title, first.version) == ("Renhold av skoler", 1)
    assert queued == []
    second = PlannedProcurement.objects.get(title="Sensorbasert bygningsovervåking")
    cancelled = make_item(plan, title="Avlyst", state=PlannedProcurement.State.CANCELLED)
    response = client.post(f"/anskaffelser/planer/{plan.pk}/publiser/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "published"
    assert [(kind, sorted(ids)) for kind, ids in queued] == [("plan_item", sorted([first.pk, second.pk]))]
    assert cancelled.pk not in queued[0][1]
    # Publishing again is a no-op.
    client.post(f"/anskaffelser/planer/{plan.pk}/publiser/")
    assert len(queued) == 1


# --- The link to the notice ---------------------------------------------------------------------


def test_link_notices_links_announces_and_closes_the_dialogues_once(db, queued, closed):
    plan = make_plan()
    item = make_item(plan, doffin_id="2026-112546")
    other = make_item(plan, title="Snørydding", cpv_codes=["90620000"], doffin_id="2026-999999")
    open_dialogue = make_dialogue(item)
    draft_dialogue = make_dialogue(item, state=MarketDialogue.State.DRAFT, title="Utkast")
    notice = make_notice("2026-112546")
    unrelated = make_notice("2026-100001", heading="Noe annet")

    assert services.link_notices([notice, unrelated]) == 1
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.notice_id, item.state, item.version) == (notice.pk, "announced", 2)
    assert (other.notice_id, other.state, other.version) == (None, "planned", 1)
    assert sorted(closed) == sorted([(open_dialogue.pk, "published"), (draft_dialogue.pk, "published")])
    open_dialogue.refresh_from_db()
    assert (open_dialogue.state, open_dialogue.closed_reason) == ("closed", "published")
    assert queued == [("plan_item", [item.pk])]

    # Idempotent: the same notices again change nothing, close nothing, queue nothing.
    assert services.link_notices([notice, unrelated]) == 0
    item.refresh_from_db()
    assert (item.notice_id, item.state, item.version) == (notice.pk, "announced", 2)
    assert len(closed) == 2
    assert len(queued) == 1
    assert services.link_notices([]) == 0


def test_link_notices_calls_close_input_for_each_dialogue(db, queued, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "procurement.services.dialogues.close_input", lambda dialogue, *, reason, by=None: calls.append((dialogue.pk, reason))
    )
    item = make_item(make_plan(), doffin_id="2026-112546")
    dialogue = make_dialogue(item)
    assert services.link_notices([make_notice("2026-112546")]) == 1
    assert calls == [(dialogue.pk, "published")]


def test_a_doffin_id_of_an_imported_notice_links_at_once(client_for, db, queued, closed):
    notice = make_notice("2026-112546")
    item = make_item(make_plan())
    dialogue = make_dialogue(item)
    response = client_for("officer").post(
        f"/anskaffelser/punkter/{item.pk}/endre/",
        form_data(title=item.title, description=item.description, cpv_codes="90910000", estimated_value="48000000",
                  planned_announcement="2027-03-01", doffin_id=" 2026-112546 "),
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.doffin_id, item.notice_id, item.state, item.version) == ("2026-112546", notice.pk, "announced", 2)
    assert closed == [(dialogue.pk, "published")]
    assert queued == [("plan_item", [item.pk])]
    page = client_for("anonymous").get(f"/anskaffelser/punkter/{item.pk}/").content.decode()
    assert 'href="/anskaffelser/kunngjoringer/2026-112546/"' in page


def test_a_doffin_id_not_imported_yet_links_when_the_import_brings_it(client_for, db, queued, closed):
    plan = make_plan()
    client_for("officer").post(f"/anskaffelser/planer/{plan.pk}/punkter/ny/", form_data(doffin_id="2026-112546"))
    item = PlannedProcurement.objects.get()
    assert (item.doffin_id, item.notice_id, item.state) == ("2026-112546", None, "planned")
    page = client_for("anonymous").get(f"/anskaffelser/punkter/{item.pk}/").content.decode()
    assert "Doffin id 2026-112546; the notice is not imported yet." in page
    notice = make_notice("2026-112546")
    assert services.link_notices([notice]) == 1
    item.refresh_from_db()
    assert (item.notice_id, item.state, item.version) == (notice.pk, "announced", 2)


# --- The pages ----------------------------------------------------------------------------------


def test_the_plan_page_groups_items_by_quarter_with_labels_and_values(client_for, db):
    plan = make_plan()
    late = make_item(
        plan,
        title="Møbler til ny skole",
        cpv_codes=["39160000"],
        planned_announcement=datetime.date(2027, 11, 1),
        estimated_value=Decimal("5200000"),
        market_dialogue_planned=False,
    )
    early = make_item(plan)
    unscheduled = make_item(plan, title="Kantine", cpv_codes=["55512000"], planned_announcement=None, estimated_value=None)
    same_quarter = make_item(
        plan, title="Veivedlikehold", cpv_codes=["45233141"], planned_announcement=datetime.date(2027, 3, 15)
    )
    dialogue = make_dialogue(early)
    make_dialogue(early, state=MarketDialogue.State.DRAFT, title="Skjult utkast")
    response = client_for("anonymous").get(f"/anskaffelser/planer/{plan.pk}/")
    assert response.status_code == 200
    quarters = [(q["label"], [item.title for item in q["items"]]) for q in response.context["quarters"]]
    assert quarters == [
        ("Quarter 1 2027", [early.title, same_quarter.title]),
        ("Quarter 4 2027", [late.title]),
        ("Announcement not scheduled", [unscheduled.title]),
    ]
    page = response.content.decode()
    assert "90910000 Cleaning services" in page
    assert "39160000 School furniture" in page
    assert "NOK 48,000,000" in page
    assert "March 2027" in page
    assert f'<a class="ds-link" href="/anskaffelser/markedsdialog/{dialogue.pk}/">Markedsdialog om renhold</a>' in page
    assert "Skjult utkast" not in page
    assert 'href="mailto:innkjop@baerum.test.example"' in page


def test_cpv_labels_follow_the_readers_language(client_for, db, settings):
    settings.LANGUAGE_CODE = "nb"
    item = make_item(make_plan())
    client = client_for("anonymous")
    assert "90910000 Rengjøring" in client.get(f"/anskaffelser/punkter/{item.pk}/").content.decode()
    page = client.get(f"/anskaffelser/punkter/{item.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "90910000 Cleaning services" in page


def test_plan_form_checks_the_buyer_orgnr(client_for, db):
    client = client_for("officer")
    data = {"title": "Plan", "buyer_name": "Bærum kommune", "buyer_orgnr": "935478716", "year": "2027", "introduction": ""}
    response = client.post("/anskaffelser/planer/ny/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"buyer_orgnr": ["935478716 is not a valid organisation number."]}
    assert ProcurementPlan.objects.count() == 0
    response = client.post("/anskaffelser/planer/ny/", {**data, "buyer_orgnr": "935 478 715"})
    plan = ProcurementPlan.objects.get()
    assert response["Location"] == f"/anskaffelser/planer/{plan.pk}/"
    assert (plan.buyer_orgnr, plan.state, plan.year) == ("935478715", "draft", 2027)


def test_the_plan_page_makes_the_same_queries_however_many_items(client_for, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = make_plan()
    make_dialogue(make_item(plan))
    client = client_for("anonymous")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/anskaffelser/planer/{plan.pk}/").status_code == 200
        return len(queries)

    few = count()
    for number in range(8):
        make_dialogue(make_item(plan, title=f"Anskaffelse {number}", cpv_codes=["72000000", "90910000"]))
    assert count() == few
