"""Procurement's section of the dashboard (procurement.dashboard): notices by kind, market dialogues held, value
and local share awarded, in the period against the same span a year earlier; exact values, two queries however
many notices, links on the page and none in the report."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import startpage
from portal.dashboard import DashboardFilters, Period
from procurement.dashboard import awards, counts, procurement_figures
from procurement.models import MarketDialogue
from procurement.services.awards import AwardTotals, awarded_between, local_share
from tests.factories import BusinessFactory, MunicipalityFactory
from tests.procurement.factories_dialogues import make_dialogue, make_item
from tests.procurement.factories_pages import make_award, make_notice

pytestmark = pytest.mark.django_db

T1_2026 = Period(2026, 1)
BOTH = DashboardFilters(period=T1_2026, municipalities=("3201", "3203"))
BAERUM = DashboardFilters(period=T1_2026, municipalities=("3201",), chosen="3201")
ZONE = timezone.get_default_timezone()


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=ZONE)


BAERUM_WINNER = ("925321141", "DESINTRYGG AS")
ASKER_WINNER = ("812844822", "BLOMSTERFRAKT ØST AS")
OSLO_WINNER = ("999999999", "OSLO BYGG AS")


@pytest.fixture
def notices(db):
    baerum = MunicipalityFactory(number="3201", name="Bærum")
    asker = MunicipalityFactory(number="3203", name="Asker")
    oslo = MunicipalityFactory(number="0301", name="Oslo", county_number="03", county_name="Oslo")
    BusinessFactory(orgnr=BAERUM_WINNER[0], name=BAERUM_WINNER[1], municipality=baerum)
    BusinessFactory(orgnr=ASKER_WINNER[0], name=ASKER_WINNER[1], municipality=asker)
    BusinessFactory(orgnr=OSLO_WINNER[0], name=OSLO_WINNER[1], municipality=oslo)
    # 1st tertial 2026: two competitions (one on the last day), a prior information notice (on the first day),
    # two award notices and an intention to award (a notice, but not an award).
    make_notice(heading="Konkurranse A", published_on=datetime.date(2026, 3, 2))
    make_notice(heading="Konkurranse B", published_on=datetime.date(2026, 4, 30))
    make_notice(heading="Veiledende", type="ADVISORY_NOTICE", status="", published_on=datetime.date(2026, 1, 1))
    # 1,200,000 over two contracts; the first contract's 600,000 over two winners: 300,000 to Bærum.
    make_award(winners_by_lot=[[BAERUM_WINNER, OSLO_WINNER], [OSLO_WINNER], []], value=1_200_000)
    make_award(winners_by_lot=[[ASKER_WINNER]], value=500_000, published_on=datetime.date(2026, 2, 14))
    make_notice(type="ANNOUNCEMENT_OF_INTENT", status="", lots=[[BAERUM_WINNER]], value=1000)
    # 1st tertial 2025: a competition and an award to a foreign firm.
    make_notice(heading="Konkurranse 2025", published_on=datetime.date(2025, 2, 1))
    make_award(winners_by_lot=[[("", "Foreign Ltd")]], value=90, published_on=datetime.date(2025, 4, 1))
    # In neither period.
    make_notice(heading="Mai 2026", published_on=datetime.date(2026, 5, 1))
    make_award(winners_by_lot=[[BAERUM_WINNER]], value=7, published_on=datetime.date(2025, 12, 31))


@pytest.fixture
def dialogues(db):
    item = make_item()
    make_dialogue(item=item, title="Konferanse", conference_at=at(2026, 2, 10), state=MarketDialogue.State.CLOSED)
    # Without a conference, held by its input deadline.
    make_dialogue(item=item, title="Skriftlig", has_conference=False, conference_at=None, input_deadline=at(2026, 4, 30, 23))
    make_dialogue(item=item, title="I fjor", conference_at=at(2025, 3, 5), state=MarketDialogue.State.CLOSED)
    # Not counted: a draft, and one after the period.
    make_dialogue(item=item, title="Utkast", conference_at=at(2026, 2, 11), state=MarketDialogue.State.DRAFT)
    make_dialogue(item=item, title="Mai", conference_at=at(2026, 5, 1, 0))


def test_notices_by_kind_in_the_period_and_the_previous(notices):
    counted = counts(BOTH)

    assert counted["current"]["notices"] == 6
    assert counted["current"]["kinds"] == {"COMPETITION": 2, "PLANNING": 1, "RESULT": 2}
    assert counted["previous"]["notices"] == 2
    assert counted["previous"]["kinds"] == {"COMPETITION": 1, "PLANNING": 0, "RESULT": 1}
    # The notices are the portal's whichever municipality is chosen.
    assert counts(BAERUM) == counted


def test_awards_in_the_period_and_the_previous(notices):
    assert awards(BOTH) == {
        "current": AwardTotals(contracts=3, local_contracts=2, value=Decimal("1700000.00"), local_value=Decimal("800000.00")),
        "previous": AwardTotals(contracts=1, local_contracts=0, value=Decimal("90.00"), local_value=Decimal("0.00")),
    }


def test_the_municipality_chosen_decides_which_winners_are_local(notices):
    # Only Bærum's winner is local now.
    assert awards(BAERUM)["current"] == AwardTotals(
        contracts=3, local_contracts=1, value=Decimal("1700000.00"), local_value=Decimal("300000.00")
    )


def test_awarded_between_agrees_with_local_share_for_a_year(notices):
    year = awarded_between(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    rows = local_share(years=[2026])

    assert (year.contracts, year.local_contracts, year.value, year.local_value) == (
        sum(r.contracts for r in rows),
        sum(r.local_contracts for r in rows),
        sum(r.value for r in rows),
        sum(r.local_value for r in rows),
    )
    assert year == AwardTotals(contracts=3, local_contracts=2, value=Decimal("1700000.00"), local_value=Decimal("800000.00"))
    assert year.share_of_contracts == 2 / 3
    assert round(year.share_of_value, 4) == 0.4706


def test_awards_split_among_distinct_winners_as_local_share_does(notices):
    make_notice(
        status="AWARDED",
        lots=[[BAERUM_WINNER, BAERUM_WINNER, ("", "X"), ("", "X"), ("", "Y")]],
        value=300,
        published_on=datetime.date(2024, 6, 1),
    )
    totals = awarded_between(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert totals == AwardTotals(contracts=1, local_contracts=1, value=Decimal("300.00"), local_value=Decimal("100.00"))


def test_nothing_awarded_is_zero_not_an_error(db):
    assert awarded_between(datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)) == AwardTotals(
        contracts=0, local_contracts=0, value=Decimal("0.00"), local_value=Decimal("0.00")
    )


def test_dialogues_held_in_the_period_and_the_previous(dialogues):
    counted = counts(BOTH)
    assert (counted["current"]["dialogues"], counted["previous"]["dialogues"]) == (2, 1)


def test_a_dialogue_not_yet_held_is_not_counted(dialogues):
    counted = counts(BOTH, now=at(2026, 3, 1))
    assert (counted["current"]["dialogues"], counted["previous"]["dialogues"]) == (1, 1)


def test_dialogues_are_counted_when_there_is_no_notice(dialogues):
    counted = counts(BOTH)
    assert (counted["current"]["notices"], counted["current"]["dialogues"]) == (0, 2)


def test_section_data_and_charts(notices, dialogues):
    with translation.override("en"):
        data = procurement_figures(None, filters=BOTH)

    assert data["heading"] == "Procurement"
    assert data["notices"] == {"current": 6, "previous": 2}
    assert data["dialogues"] == {"current": 2, "previous": 1}
    assert data["shares"] == [47.1, 0.0]
    notices_chart, value_chart = data["charts"]
    assert [(row["label"], row["values"], row["link"]) for row in notices_chart.rows] == [
        ("Competitions", [2, 1], "/anskaffelser/?type=COMPETITION"),
        ("Prior information notices", [1, 0], "/anskaffelser/?type=PLANNING"),
        ("Contract awards", [2, 1], "/anskaffelser/?type=RESULT"),
    ]
    assert [serie.name for serie in notices_chart.series] == ["1. tertial 2026", "1. tertial 2025"]
    assert notices_chart.title == "Notices published, 1. tertial 2026 and 1. tertial 2025"
    assert [(row["label"], row["values"]) for row in value_chart.rows] == [
        ("To every winner", [1_700_000, 90]),
        ("To local businesses", [800_000, 0]),
    ]


def test_no_award_gives_no_share(db):
    data = procurement_figures(None, filters=BOTH)
    assert data["shares"] == [None, None]
    assert data["notices"] == {"current": 0, "previous": 0}


def test_two_queries_however_many_notices(notices, dialogues, django_assert_num_queries):
    with django_assert_num_queries(2):
        procurement_figures(None, filters=BOTH)
    for day in range(1, 29):
        make_award(winners_by_lot=[[BAERUM_WINNER], [OSLO_WINNER]], value=day, published_on=datetime.date(2026, 2, day))
        make_notice(published_on=datetime.date(2025, 2, day))
    with django_assert_num_queries(2):
        data = procurement_figures(None, filters=BOTH)
    assert data["notices"] == {"current": 34, "previous": 30}
    assert data["awards"]["current"].contracts == 3 + 56


def test_the_section_is_on_the_dashboard(notices, client_for):
    response = client_for("politician").get("/oversikt/", {"periode": "2026-T1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    keys = [part.key for part in response.context["parts"]]
    assert "procurement.figures" in keys
    html = response.content.decode()
    assert '<section id="dashboard-procurement" aria-labelledby="dashboard-procurement-heading">' in html
    assert 'href="/anskaffelser/?type=COMPETITION"' in html
    # The awards page shows whole years: a tertial links to the page, a year to that year.
    assert 'href="/anskaffelser/tildelinger/"' in html and "tildelinger/?year=" not in html
    assert "NOK 1,700,000" in html
    yearly = client_for("politician").get("/oversikt/", {"periode": "2025"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/anskaffelser/tildelinger/?year=2025"' in yearly


def test_the_report_version_has_no_links(notices):
    with translation.override("nb"):
        parts = startpage.parts_for(startpage.DASHBOARD, AnonymousUser(), filters=BOTH)
        part = next(part for part in parts if part.key == "procurement.figures")
        html = render_to_string(part.template, {"data": part.data, "pdf": True})
    assert "<a " not in html
    assert "47,1 %" in html  # bokmål, the portal's language
