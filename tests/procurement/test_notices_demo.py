"""The demo notices: real hits and invented ones, dates relative to the day of loading, safe to load twice."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from procurement.demo import notices as demo
from procurement.models import LotWinner, Notice, NoticeVersion

pytestmark = pytest.mark.django_db

DEMO_REGISTRY = Path(__file__).resolve().parents[2] / "businesses" / "data" / "demo_enheter.json"


def test_demo_notices_load_with_dates_relative_to_today():
    assert demo.load({}) == {"notices": 12}
    today = timezone.localdate()
    invented = Notice.objects.filter(raw___demo=True)
    assert invented.count() == 8
    assert set(invented.values_list("buyer_orgnr", flat=True)) == {"935478715", "944382038"}
    open_deadlines = sorted(
        (notice.deadline.date() - today).days for notice in invented.filter(status="ACTIVE", type="ANNOUNCEMENT_OF_COMPETITION")
    )
    assert open_deadlines == [3, 14, 21, 60]
    first = Notice.objects.get(doffin_id="2026-900001")
    assert first.deadline == datetime.datetime.combine(
        today + datetime.timedelta(days=3), datetime.time(10, 0), tzinfo=datetime.UTC
    )
    assert first.published_on == today - datetime.timedelta(days=24)
    assert (first.estimated_value, first.lots.count()) == (Decimal("6500000.00"), 2)
    assert Notice.objects.get(doffin_id="2026-900004").all_types == ["PLANNING", "ADVISORY_NOTICE"]
    assert "_offsets" not in first.raw


def test_award_winners_are_in_the_demo_registry_but_one():
    demo.load({})
    registry = {unit["organisasjonsnummer"] for unit in json.loads(DEMO_REGISTRY.read_text(encoding="utf-8"))}
    winners = list(
        LotWinner.objects.filter(lot__notice__doffin_id__in=["2026-900005", "2026-900006"])
        .order_by("lot__notice__doffin_id", "lot__position")
        .values_list("orgnr", "name")
    )
    assert winners == [("925321141", "DESINTRYGG AS"), ("987884959", "GUNNAR RESE AS"), ("", "Eksempel Anlegg AB")]
    assert {"925321141", "987884959"} <= registry
    assert set(Notice.objects.filter(doffin_id__in=["2026-900005", "2026-900006"]).values_list("status", flat=True)) == {
        "AWARDED"
    }


def test_loading_twice_changes_nothing():
    demo.load({})
    assert demo.load({}) == {"notices": 12}
    assert NoticeVersion.objects.count() == 0
    assert Notice.objects.count() == 12
