"""Importing Doffin notices: the four real hits field by field, idempotent re-import, a changed notice kept as
history, and bad input rejected per notice with nothing of it saved."""

import copy
import datetime
import io
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from procurement.models import Lot, LotWinner, Notice, NoticeBuyer, NoticeCpv, NoticeVersion
from procurement.services.notices import NoticeFileError, import_hits, read_notice_file
from tests.procurement.factories_notices import DOFFIN_DATA, make_hit, real_hit, real_hits

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def english():
    """The reasons are asserted in English; in bokmål they are translated."""
    with translation.override("en"):
        yield


def test_the_four_real_notices_import_with_their_fields():
    report = import_hits(real_hits(), source="test")

    assert (report.created, report.updated, report.unchanged, report.rejected) == (4, 0, 0, [])
    assert sorted(Notice.objects.values_list("doffin_id", flat=True)) == [
        "2026-112480",
        "2026-112539",
        "2026-112541",
        "2026-112546",
    ]

    competition = Notice.objects.get(doffin_id="2026-112541")
    assert competition.heading == "26-019 Utlevering via lokale utleveringssteder"
    assert (competition.buyer_orgnr, competition.buyer_name) == ("817209882", "Aktieselskapet Vinmonopolet")
    assert competition.type == "ANNOUNCEMENT_OF_COMPETITION"
    assert competition.all_types == ["ANNOUNCEMENT_OF_COMPETITION", "COMPETITION"]
    assert competition.status == "ACTIVE"
    assert competition.issued_at == datetime.datetime(2026, 7, 30, 12, 36, 32, tzinfo=UTC)
    assert competition.published_on == datetime.date(2026, 8, 3)
    assert competition.deadline == datetime.datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    assert (competition.estimated_value, competition.currency) == (Decimal("40000000.00"), "NOK")
    assert competition.location_ids == ["anyw"]
    assert competition.received_tenders is None
    assert sorted(competition.cpv.values_list("code", "direct")) == [("60000000", True), ("60100000", True)]
    assert competition.lots.count() == 1
    assert LotWinner.objects.filter(lot__notice=competition).count() == 0
    assert competition.version == 1
    assert competition.doffin_url == "https://doffin.no/notices/2026-112541"

    award = Notice.objects.get(doffin_id="2026-112546")
    assert (award.type, award.status) == ("ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "")
    assert award.all_types == ["ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", "RESULT"]
    assert list(award.buyers.values_list("orgnr", "name")) == [("991825827", "Digitaliseringsdirektoratet")]
    assert award.deadline is None
    assert (award.estimated_value, award.received_tenders) == (Decimal("4000000.00"), 0)
    assert award.location_ids == ["NO071", "NO0A2"]
    assert award.cpv.filter(direct=True).count() == 29
    assert award.cpv.filter(direct=False).count() == 0  # Doffin's buyers list the ancestors themselves
    [lot] = award.lots.all()
    assert lot.heading == "Kontraktstildeling - Kontaktsenterløsning til Digitaliseringsdirektoratet"
    assert list(lot.winners.values_list("orgnr", "name")) == [("890164072", "Globalconnect AS")]

    intent = Notice.objects.get(doffin_id="2026-112480")
    assert (intent.type, intent.estimated_value, intent.currency) == ("ANNOUNCEMENT_OF_INTENT", None, "")
    assert intent.buyer_orgnr == "916879067"
    # A foreign winner has no organisation number.
    assert list(LotWinner.objects.filter(lot__notice=intent).values_list("orgnr", "name")) == [("", "Medanets OY")]
    assert intent.cpv.count() == 12

    advisory = Notice.objects.get(doffin_id="2026-112539")
    assert (advisory.type, advisory.all_types) == ("ADVISORY_NOTICE", ["PLANNING", "ADVISORY_NOTICE"])
    assert (advisory.buyer_orgnr, advisory.estimated_value) == ("942110375", Decimal("851000000.00"))
    assert advisory.published_on == datetime.date(2026, 8, 1)
    assert advisory.cpv.count() == 27
    assert advisory.raw == real_hit("advisory")


def test_a_notice_gets_the_ancestors_of_its_codes():
    import_hits([make_hit("2026-900010", cpvCodes=["72212222"])], source="test")
    notice = Notice.objects.get(doffin_id="2026-900010")
    assert list(notice.cpv.order_by("code").values_list("code", "direct")) == [
        ("72000000", False),
        ("72200000", False),
        ("72210000", False),
        ("72212000", False),
        ("72212200", False),
        ("72212220", False),
        ("72212222", True),
    ]


def test_reimport_changes_nothing():
    import_hits(real_hits(), source="first")
    with mock.patch("procurement.services.alerts.queue_matching") as queue:
        report = import_hits(real_hits(), source="again")

    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 4, [])
    assert NoticeVersion.objects.count() == 0
    assert set(Notice.objects.values_list("version", flat=True)) == {1}
    assert (NoticeBuyer.objects.count(), Lot.objects.count(), LotWinner.objects.count()) == (4, 4, 2)
    assert NoticeCpv.objects.count() == 2 + 29 + 12 + 27
    queue.assert_not_called()


def test_a_changed_notice_is_updated_and_its_earlier_state_kept():
    import_hits([real_hit("competition")], source="first")
    changed = real_hit("competition")
    changed["status"] = "AWARDED"
    changed["lots"][0]["winner"] = [{"id": "w1", "organizationId": "985 399 077", "name": "Posten Bring AS"}]

    with (
        mock.patch("procurement.services.alerts.queue_matching") as queue,
        mock.patch("procurement.services.plans.link_notices") as link,
    ):
        report = import_hits([changed], source="award")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    notice = Notice.objects.get(doffin_id="2026-112541")
    assert (notice.version, notice.status) == (2, "AWARDED")
    assert list(LotWinner.objects.filter(lot__notice=notice).values_list("orgnr", "name")) == [("985399077", "Posten Bring AS")]
    assert notice.lots.count() == 1
    [version] = NoticeVersion.objects.filter(notice=notice)
    assert (version.version, version.changed_fields) == (1, ["lots", "status"])
    assert version.raw == real_hit("competition")
    queue.assert_called_once_with("notice", [notice.pk])
    link.assert_called_once_with([notice])


def test_new_notices_are_linked_to_the_plan_and_queued_for_alerts():
    with (
        mock.patch("procurement.services.alerts.queue_matching") as queue,
        mock.patch("procurement.services.plans.link_notices") as link,
    ):
        import_hits(real_hits()[:2], source="test")
    ids = list(
        Notice.objects.filter(doffin_id__in=["2026-112541", "2026-112546"]).order_by("doffin_id").values_list("pk", flat=True)
    )
    queue.assert_called_once_with("notice", ids)
    assert [notice.doffin_id for notice in link.call_args.args[0]] == ["2026-112541", "2026-112546"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"cpvCodes": ["72212222", "99999999"]}, "Unknown CPV code(s): 99999999"),
        ({"id": "112546"}, "The Doffin id is missing or not like 2026-112546: 112546"),
        ({"heading": ""}, "heading is empty."),
        ({"type": None}, "type is missing."),
        ({"issueDate": "last Tuesday"}, "issueDate is not a date and time: last Tuesday"),
        ({"publicationDate": "2026-02-30"}, "publicationDate is not a date: 2026-02-30"),
        ({"estimatedValue": {"amount": "lots", "currencyCode": "NOK"}}, "estimatedValue.amount is not a number."),
        (
            {"estimatedValue": {"amount": 5, "currencyCode": "kroner"}},
            "estimatedValue.currencyCode is not a currency code: kroner",
        ),
        ({"buyer": [{"organizationId": "935478715"}]}, "buyer has an organisation without a name."),
        ({"lots": [{"heading": "A", "winner": [{"name": 7}]}]}, "lots.winner has an organisation without a name."),
        ({"lots": {"heading": "A"}}, "lots is not a list."),
        ({"receivedTenders": -1}, "receivedTenders is not a count: -1"),
    ],
)
def test_a_bad_notice_is_rejected_with_its_reason_and_nothing_of_it_saved(change, reason):
    bad = make_hit("2026-900002", **change)
    report = import_hits([make_hit("2026-900001"), bad, make_hit("2026-900003")], source="test")

    expected_id = bad["id"] if isinstance(bad["id"], str) else ""
    assert report.rejected == [(2, expected_id, reason)]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert sorted(Notice.objects.values_list("doffin_id", flat=True)) == ["2026-900001", "2026-900003"]
    assert NoticeCpv.objects.filter(notice__doffin_id="2026-900002").count() == 0


def test_a_notice_that_fails_in_the_database_leaves_nothing_behind():
    hit = make_hit("2026-900004", lots=[{"heading": "A", "winner": [{"name": "W", "organizationId": "935478715"}]}])
    with mock.patch("procurement.models.LotWinner.objects.bulk_create", side_effect=__import__("django.db").db.DataError("boom")):
        report = import_hits([hit], source="test")
    assert report.rejected == [(1, "2026-900004", "The notice could not be saved: boom")]
    assert Notice.objects.count() == 0
    assert Lot.objects.count() == 0


def test_something_that_is_not_a_notice_is_rejected():
    report = import_hits(["2026-1", make_hit("2026-900005")], source="test")
    assert report.rejected == [(1, "", "Not a notice object.")]
    assert report.created == 1


def test_buyer_numbers_with_spaces_are_normalised_and_foreign_ids_left_out():
    hit = make_hit("2026-900006")
    hit["buyer"] = [
        {"id": "a", "organizationId": "964 830 711", "name": "Asker kommune (test)"},
        {"id": "b", "organizationId": "FI12345678", "name": "Utenlandsk oppdragsgiver"},
    ]
    import_hits([hit], source="test")
    notice = Notice.objects.get(doffin_id="2026-900006")
    assert notice.buyer_orgnr == "964830711"
    assert list(notice.buyers.values_list("position", "orgnr", "name")) == [
        (0, "964830711", "Asker kommune (test)"),
        (1, "", "Utenlandsk oppdragsgiver"),
    ]


# --- reading files ---


def test_read_notice_file_accepts_a_search_page_a_list_and_one_notice(tmp_path):
    assert [hit["id"] for hit in read_notice_file(DOFFIN_DATA / "search-page-all.json")] == [
        "2026-112541",
        "2026-112546",
        "2026-112480",
        "2026-112539",
    ]
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(real_hits()[:2]), encoding="utf-8")
    assert len(read_notice_file(listed)) == 2
    assert [hit["id"] for hit in read_notice_file(DOFFIN_DATA / "contract-notice.json")] == ["2026-112541"]
    assert read_notice_file(io.BytesIO(b'\xef\xbb\xbf{"hits": []}')) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"hits": [', "The file is not valid JSON (line 1, column 11: Expecting value)."),
        (b'{"numHitsTotal": 3}', "The file holds neither a Doffin search result, a list of notices nor one notice."),
        (b"\xff\xfe", "The file is not UTF-8 text."),
    ],
)
def test_an_unreadable_file_is_a_clear_error(content, message):
    with pytest.raises(NoticeFileError) as error:
        read_notice_file(io.BytesIO(content))
    assert str(error.value) == message


# --- the command ---


def test_the_command_imports_files_and_reports(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([make_hit("2026-900007", cpvCodes=["12345678"]), make_hit("2026-900008")]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_doffin", str(DOFFIN_DATA / "search-page-all.json"), str(bad), stdout=out, stderr=err)

    assert out.getvalue().splitlines() == [
        f"{DOFFIN_DATA / 'search-page-all.json'}: 4 created, 0 updated, 0 unchanged, 0 rejected",
        f"{bad}: 1 created, 0 updated, 0 unchanged, 1 rejected",
        "Rejected notices were skipped; the rest were imported.",
    ]
    assert err.getvalue().splitlines() == ["  #1 2026-900007: Unknown CPV code(s): 12345678"]

    out = io.StringIO()
    call_command("import_doffin", str(DOFFIN_DATA / "contract-award-notice.json"), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == [
        f"{DOFFIN_DATA / 'contract-award-notice.json'}: 0 created, 0 updated, 1 unchanged, 0 rejected"
    ]
    assert Notice.objects.count() == 5


def test_the_command_stops_on_a_file_it_cannot_read(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_doffin", str(DOFFIN_DATA / "contract-notice.json"), str(broken), stdout=io.StringIO())
    assert str(error.value) == (
        f"{broken}: The file is not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes). "
        "Nothing was imported."
    )
    assert Notice.objects.count() == 0
    with pytest.raises(CommandError, match=r"missing\.json: The file could not be read: No such file or directory"):
        call_command("import_doffin", str(tmp_path / "missing.json"), stdout=io.StringIO())


def test_the_same_notice_twice_in_one_file_is_one_notice():
    first = make_hit("2026-900009")
    later = copy.deepcopy(first) | {"status": "EXPIRED"}
    report = import_hits([first, first, later], source="test")
    assert (report.created, report.unchanged, report.updated) == (1, 1, 1)
    assert Notice.objects.get(doffin_id="2026-900009").version == 2
