"""Matching items against alert subscriptions: CPV tree, keywords, value range, kinds, backlog, versions, marks."""

import datetime

import pytest
from django.utils import timezone

from procurement.models import AlertChange, AlertSubscription, MarketDialogue, Notice, ProcurementPlan
from procurement.services.alerts import (
    due_matches,
    latest_change,
    parse_codes,
    parse_keywords,
    record_changes,
    set_active,
    suggested_codes,
)
from procurement.services.cpv import UnknownCpvCodes
from tests.factories import BusinessFactory
from tests.procurement.factories_alerts import age, make_dialogue, make_item, make_notice, make_plan, make_subscription

pytestmark = pytest.mark.django_db


def due(kind: str | None = None, ids=()) -> list[tuple[str, str, int]]:
    """Record the items' changes, then every subscription's due matches as (name, kind, item id), sorted."""
    if kind is not None:
        record_changes(kind, ids)
    subscriptions = list(AlertSubscription.objects.all())
    names = {subscription.pk: subscription.name for subscription in subscriptions}
    found = due_matches(sorted(names), upto=latest_change(safe=True))
    return sorted((names[pk], kind, object_id) for pk, matches in found.items() for _, kind, object_id, *_ in matches)


def test_a_subscription_to_a_parent_code_matches_a_notice_coded_under_it():
    age(make_subscription(name="Cleaning", codes=["90900000"]))  # cleaning and sanitation services
    age(make_subscription(name="Construction", codes=["45000000"]))
    notice = make_notice(codes=["90911200"])  # building-cleaning services, three levels down
    assert due("notice", [notice.pk]) == [("Cleaning", "notice", notice.pk)]


def test_a_subscription_without_codes_matches_every_code_and_a_child_code_does_not_match_its_parent():
    age(make_subscription(name="Anything"))
    age(make_subscription(name="Window cleaning", codes=["90911300"]))
    notice = make_notice(codes=["90910000"])  # the parent of window cleaning
    assert due("notice", [notice.pk]) == [("Anything", "notice", notice.pk)]


def test_any_keyword_matches_heading_or_description_ignoring_case():
    age(make_subscription(name="Windows", keywords="vinduspuss, Glass"))
    age(make_subscription(name="Snow", keywords="brøyting"))
    in_heading = make_notice("VINDUSPUSS ved rådhuset")
    in_description = make_notice("Rammeavtale", description="Levering av glass og speil")
    neither = make_notice("Renhold av barnehager")
    assert due("notice", [in_heading.pk, in_description.pk, neither.pk]) == [
        ("Windows", "notice", in_heading.pk),
        ("Windows", "notice", in_description.pk),
    ]


def test_value_range_is_inclusive_and_an_item_without_value_passes():
    age(make_subscription(name="Mid", min_value=100_000, max_value=1_000_000))
    low = make_notice("Lav", value="99999.99")
    bottom = make_notice("Nedre", value="100000")
    top = make_notice("Øvre", value="1000000")
    high = make_notice("Høy", value="1000000.01")
    unknown = make_notice("Ukjent verdi", value=None)
    found = due("notice", [n.pk for n in (low, bottom, top, high, unknown)])
    assert [pk for _, _, pk in found] == sorted([bottom.pk, top.pk, unknown.pk])


def test_only_the_kinds_switched_on_are_matched():
    age(make_subscription(name="Notices only", include_plans=False, include_dialogues=False))
    age(make_subscription(name="Plans only", include_notices=False, include_dialogues=False))
    age(make_subscription(name="Dialogues only", include_notices=False, include_plans=False))
    notice = make_notice()
    item = make_item()
    dialogue = make_dialogue(item)
    assert record_changes("notice", [notice.pk]) == 1
    assert record_changes("plan_item", [item.pk]) == 1
    assert record_changes("dialogue", [dialogue.pk]) == 1
    assert due() == [
        ("Dialogues only", "dialogue", dialogue.pk),
        ("Notices only", "notice", notice.pk),
        ("Plans only", "plan_item", item.pk),
    ]


def test_a_dialogue_matches_on_its_planned_procurements_codes_and_value():
    age(make_subscription(name="Windows", codes=["90911000"], max_value=500_000))
    age(make_subscription(name="Big", min_value=600_000))
    dialogue = make_dialogue(make_item(codes=["90911300"], value="400000"))
    assert due("dialogue", [dialogue.pk]) == [("Windows", "dialogue", dialogue.pk)]


def test_draft_plans_and_draft_dialogues_are_not_recorded_or_alerted():
    age(make_subscription(name="All"))
    draft_item = make_item(plan=make_plan(state=ProcurementPlan.State.DRAFT))
    draft_dialogue = make_dialogue(make_item(), state=MarketDialogue.State.DRAFT)
    assert record_changes("plan_item", [draft_item.pk]) == 0
    assert record_changes("dialogue", [draft_dialogue.pk]) == 0
    assert due() == []


def test_an_inactive_subscription_matches_nothing_and_switched_on_again_starts_from_the_latest_change():
    subscription = age(make_subscription(name="Off"))
    assert set_active(subscription, False) is True
    assert due("notice", [make_notice("Mens den var av").pk]) == []
    assert set_active(subscription, True) is True
    assert set_active(subscription, True) is False
    assert due() == []  # what changed while it was off is not sent
    later = make_notice("Etterpå")
    assert due("notice", [later.pk]) == [("Off", "notice", later.pk)]


def test_items_changed_before_the_subscription_was_set_up_are_not_sent_backlog():
    old = make_notice("Gammel")
    Notice.objects.filter(pk=old.pk).update(updated=timezone.now() - datetime.timedelta(days=2))
    age(make_subscription(name="New", codes=["90000000"]), hours=24)
    new = make_notice("Ny")
    assert due("notice", [old.pk, new.pk]) == [("New", "notice", new.pk)]


def test_a_new_subscription_is_served_the_changes_recorded_after_it():
    before = make_notice("Før")
    record_changes("notice", [before.pk])
    subscription = make_subscription(name="Fresh")
    assert subscription.alerted_upto == AlertChange.objects.get().pk
    Notice.objects.filter(pk=before.pk).update(version=2, updated=timezone.now() + datetime.timedelta(seconds=1))
    after = make_notice("Etter")
    assert due("notice", [before.pk, after.pk]) == [("Fresh", "notice", before.pk), ("Fresh", "notice", after.pk)]


def test_recording_again_records_nothing_and_a_new_version_supersedes_the_old_change():
    age(make_subscription(name="Cleaning", codes=["90900000"]))
    notice = make_notice(codes=["90911200"])
    assert record_changes("notice", [notice.pk]) == 1
    assert record_changes("notice", [notice.pk]) == 0
    Notice.objects.filter(pk=notice.pk).update(version=2, updated=timezone.now())
    assert record_changes("notice", [notice.pk]) == 1
    assert record_changes("notice", [notice.pk]) == 0
    assert list(AlertChange.objects.order_by("pk").values_list("kind", "object_id", "version")) == [
        ("notice", notice.pk, 1),
        ("notice", notice.pk, 2),
    ]
    [[match]] = due_matches(list(AlertSubscription.objects.values_list("pk", flat=True)), upto=latest_change()).values()
    assert match == (AlertChange.objects.get(version=2).pk, "notice", notice.pk, 2, 2)  # the current version only


def test_a_change_of_an_item_gone_changed_again_or_no_longer_matching_is_not_due():
    age(make_subscription(name="Cleaning", codes=["90900000"]))
    kept, changed, recoded, gone = (make_notice(h) for h in ("Beholdt", "Endret", "Omkodet", "Borte"))
    record_changes("notice", [kept.pk, changed.pk, recoded.pk, gone.pk])
    Notice.objects.filter(pk=changed.pk).update(version=2)  # not recorded yet: its own change comes later
    recoded.cpv.all().delete()
    gone.delete()
    assert due() == [("Cleaning", "notice", kept.pk)]


def test_only_changes_past_each_subscriptions_mark_are_due():
    early = age(make_subscription(name="Early"))
    age(make_subscription(name="Late"))
    first, second = make_notice("Første"), make_notice("Andre")
    record_changes("notice", [first.pk])
    record_changes("notice", [second.pk])
    AlertSubscription.objects.filter(pk=early.pk).update(alerted_upto=AlertChange.objects.get(object_id=first.pk).pk)
    assert due() == [("Early", "notice", second.pk), ("Late", "notice", first.pk), ("Late", "notice", second.pk)]


def test_a_batch_larger_than_one_statement_is_recorded_whole(monkeypatch):
    monkeypatch.setattr("procurement.services.alerts.MATCH_BATCH_SIZE", 2)
    age(make_subscription(name="All"))
    notices = [make_notice(f"N{i}") for i in range(5)]
    assert record_changes("notice", [n.pk for n in notices]) == 5
    assert len(due()) == 5


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        record_changes("tender", [1])


def test_parse_keywords_and_codes():
    assert parse_keywords("Renhold, vask\nVINDU;  glass  puss ,renhold, 50%_") == ["renhold", "vask", "vindu", "glass puss", "50"]
    assert parse_codes("90911200-8, 45000000\n72000000") == ["90911200", "45000000", "72000000"]
    with pytest.raises(UnknownCpvCodes) as error:
        parse_codes("90911200 12345678 abc")
    assert error.value.codes == ["12345678", "abc"]


def test_suggestions_come_from_every_industry_code_of_the_business():
    cleaner = BusinessFactory(
        industry_codes=[
            {"code": "81.210", "description": "Rengjøring av bygninger"},
            {"code": "43.341", "description": "Maling"},
        ],
        industry_division="81",
    )
    assert suggested_codes(cleaner) == ["90900000", "90910000", "77310000", "77314000", "45000000", "45300000", "45400000"]
    assert suggested_codes(
        BusinessFactory(industry_codes=[{"code": "01.110", "description": "Korn"}], industry_division="01")
    ) == [
        "03000000",
        "77300000",
    ]
    assert suggested_codes(BusinessFactory(industry_codes=[], industry_division="")) == []
    assert suggested_codes(None) == []


def test_every_code_in_the_sn_mapping_is_a_cpv_code():
    from procurement.services.alerts import sn_cpv_mapping
    from procurement.services.cpv import expand

    mapping = sn_cpv_mapping()
    assert {"41", "42", "43", "49", "56", "62", "69", "70", "71", "81", "85", "86"} <= set(mapping)
    assert mapping["81"][:3] == ["90900000", "90910000", "77310000"]
    expand([code for codes in mapping.values() for code in codes])  # raises on an unknown code


def test_plan_items_are_new_to_a_subscription_when_their_plan_is_published_after_it():
    plan = make_plan(state=ProcurementPlan.State.DRAFT)
    item = make_item(plan=plan)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    type(item).objects.filter(pk=item.pk).update(updated=long_ago)
    ProcurementPlan.objects.filter(pk=plan.pk).update(updated=long_ago)
    age(make_subscription(name="All"), hours=24)
    assert due("plan_item", [item.pk]) == []  # a draft
    ProcurementPlan.objects.filter(pk=plan.pk).update(state=ProcurementPlan.State.PUBLISHED, updated=timezone.now())
    assert due("plan_item", [item.pk]) == [("All", "plan_item", item.pk)]
