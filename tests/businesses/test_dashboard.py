"""The businesses app's dashboard sections: the business population and the contact point's follow-up.

One fixture with known businesses, registry events, enquiries, red flags and interactions; every figure is
asserted with its exact value for a year and a tertial (each against the same span a year earlier), for every
served municipality and for one. Query counts are pinned per section, and the medians are the same on
PostgreSQL and SQLite (run the file on both).
"""

import datetime
import statistics
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from businesses import dashboard, queries
from businesses.models import Enquiry, IndustryCode, Interaction, RedFlag, ReferenceLoad, RegistryEvent, Topic
from businesses.queries import Epoch, Median, industry_section_names
from portal.dashboard import DashboardFilters, Period
from portal.queries import user_roles
from tests.businesses.factories_queue import at, make_enquiry, make_event, make_interaction, make_red_flag
from tests.factories import BusinessFactory, MunicipalityFactory

BAERUM, ASKER = "3201", "3203"
YEAR, TERTIAL = Period(2025), Period(2025, 2)
ALL, ONE = (BAERUM, ASKER), (BAERUM,)


def filters_for(period: Period, municipalities=ALL) -> DashboardFilters:
    chosen = municipalities[0] if len(municipalities) == 1 else ""
    return DashboardFilters(period=period, municipalities=municipalities, chosen=chosen)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture(autouse=True)
def _english():
    """The figures' labels as asserted below (month abbreviations, event and sector labels)."""
    with translation.override("en"):
        yield


@dataclass
class World:
    names: dict


@pytest.fixture
def world(personas):
    """Bærum: the personas' two businesses (no industry code, 5 employees) and b1-b7; Asker: a1-a4; Oslo: o1."""
    officer = personas.officer
    asker = MunicipalityFactory(number=ASKER, name="Asker")
    oslo = MunicipalityFactory(number="0301", name="Oslo")

    def business(section, employees, municipality=None, **fields):
        extra = {"municipality": municipality} if municipality else {}
        return BusinessFactory(industry_section=section, employees=employees, **extra, **fields)

    b1 = business("C", 0)
    b2 = business("C", 3)
    b3 = business("G", 12)
    business("G", None)  # b4: not reported, which is not 0
    b5 = business("", 300)
    b6 = business("C", 7, bankrupt=True)  # registered, not active
    b7 = business("G", 60, deleted=datetime.date(2025, 9, 1))  # no longer registered
    a1 = business("G", 25, asker)
    a2 = business("J", 150, asker)
    a3 = business("J", None, asker, under_liquidation=True)
    a4 = business("J", 4, asker, under_forced_liquidation=True)
    o1 = business("C", 2, oslo)

    # Registry events.
    make_event(b1, day=datetime.date(2025, 1, 15), kind=RegistryEvent.Kind.NEW)
    make_event(b2, day=datetime.date(2025, 5, 3), kind=RegistryEvent.Kind.NEW)
    make_event(a1, day=datetime.date(2025, 5, 20), kind=RegistryEvent.Kind.NEW)
    make_event(b3, day=datetime.date(2024, 5, 10), kind=RegistryEvent.Kind.NEW)
    make_event(b6, day=datetime.date(2025, 6, 1), kind=RegistryEvent.Kind.BANKRUPT)
    make_event(a4, day=datetime.date(2025, 6, 10), kind=RegistryEvent.Kind.FORCED_LIQUIDATION)
    make_event(a4, day=datetime.date(2025, 6, 20), kind=RegistryEvent.Kind.LIQUIDATION)  # the same business and month: once
    make_event(a3, day=datetime.date(2024, 8, 31), kind=RegistryEvent.Kind.LIQUIDATION)
    make_event(b7, day=datetime.date(2025, 9, 1), kind=RegistryEvent.Kind.DELETED)
    make_event(b1, day=datetime.date(2025, 3, 1), kind=RegistryEvent.Kind.NAME_CHANGED)  # not a figure
    make_event(a2, day=datetime.date(2025, 4, 1), kind=RegistryEvent.Kind.MOVED_IN)  # not a figure
    make_event(o1, day=datetime.date(2025, 2, 1), kind=RegistryEvent.Kind.NEW)  # not served
    make_event(b2, day=datetime.date(2023, 12, 31), kind=RegistryEvent.Kind.BANKRUPT)  # before both periods
    make_event(b2, day=datetime.date(2026, 1, 1), kind=RegistryEvent.Kind.BANKRUPT)  # after
    # An establishment (underenhet) is not a main unit: not counted.
    RegistryEvent.objects.create(orgnr="973099566", kind=RegistryEvent.Kind.NEW, date=datetime.date(2025, 2, 2), source="test")

    # Enquiries: (topic, business, created, seconds to the first answer or None).
    for topic, about, created, seconds in (
        (Topic.FUNDING, b1, local(2025, 1, 10, 9), 2 * 3600),
        (Topic.FUNDING, a1, local(2025, 1, 20, 10), 5 * 3600),
        (Topic.FUNDING, b2, local(2025, 2, 14, 8), 3 * 3600),
        (Topic.FUNDING, None, local(2025, 3, 1, 0, 30), 30 * 3600),  # 28 February in UTC, March here
        (Topic.PREMISES, b3, local(2025, 5, 5, 12), 48 * 3600),
        (Topic.PREMISES, b2, local(2025, 6, 6, 12), None),
        # Whole seconds are compared (180 s, not 179.5 s): 0.1 hours, not 0.0, on both databases.
        (Topic.COMPETENCE, o1, local(2025, 12, 31, 23, 30, 0, 700000), 179.5),
        (Topic.OTHER, None, local(2024, 6, 1, 12), 3600),  # the previous year
        (Topic.FUNDING, b1, local(2026, 1, 1, 0, 10), 3600),  # 2025 in UTC, 2026 here
    ):
        answered = created + datetime.timedelta(seconds=seconds) if seconds is not None else None
        make_enquiry(business=about, topic=topic, created=created, answered=answered)

    # Red flags: open at the end of 2025 are f1, f2 (resolved later) and f5; at the end of its second tertial also f3.
    make_red_flag(b1, by=officer, raised=at(datetime.date(2025, 2, 1)), category=RedFlag.Category.RELOCATION)
    make_red_flag(
        a1,
        by=officer,
        raised=at(datetime.date(2025, 3, 1)),
        category=RedFlag.Category.RELOCATION,
        resolved=at(datetime.date(2026, 2, 1)),
    )
    make_red_flag(
        b3,
        by=officer,
        raised=at(datetime.date(2025, 4, 1)),
        category=RedFlag.Category.LABOUR,
        resolved=at(datetime.date(2025, 10, 1)),
    )
    make_red_flag(b6, by=officer, raised=at(datetime.date(2026, 1, 15)), category=RedFlag.Category.CLOSURE)
    make_red_flag(b2, by=officer, raised=at(datetime.date(2024, 11, 1)), category=RedFlag.Category.EXPANSION)

    # Interactions.
    visit, call, meeting = Interaction.Kind.VISIT, Interaction.Kind.CALL, Interaction.Kind.MEETING
    make_interaction([b1], by=officer, day=datetime.date(2025, 2, 10), kind=visit, subject="Besøk hos Kari Eier")
    make_interaction([b1, a1], by=officer, day=datetime.date(2025, 3, 10), kind=call)
    make_interaction([b3, a1], by=officer, day=datetime.date(2025, 5, 10), kind=visit)
    make_interaction([b5], by=officer, day=datetime.date(2025, 6, 10), kind=meeting)
    make_interaction([b1], by=officer, day=datetime.date(2025, 9, 10), kind=visit)
    make_interaction([o1], by=officer, day=datetime.date(2025, 4, 1), kind=visit)
    make_interaction([b2], by=officer, day=datetime.date(2024, 5, 1), kind=visit)  # the previous year

    names = dict(IndustryCode.objects.filter(version="SN2025", level=1).values_list("code", "name"))
    return World(names=names)


def months(values: dict, length: int = 12) -> list:
    """{month number (1-based position): n} -> [n per month]."""
    return [values.get(position, 0) for position in range(1, length + 1)]


# --- The business population -------------------------------------------------------------------


def test_population_per_municipality_sector_and_size_band(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
    assert [(row["number"], row["name"], row["registered"], row["active"]) for row in data["municipalities"]] == [
        (BAERUM, "Bærum", 8, 7),
        (ASKER, "Asker", 4, 2),
    ]
    assert (data["registered"], data["active"]) == (12, 9)
    assert data["sectors"] == [
        {"section": "C", "active": 2},
        {"section": "G", "active": 3},
        {"section": "J", "active": 1},
        {"section": "", "active": 3},
    ]
    assert data["bands"] == {
        "0": 1,
        "1-4": 1,
        "5-9": 2,
        "10-19": 1,
        "20-49": 1,
        "50-99": 0,
        "100-249": 1,
        "250+": 1,
        "unknown": 1,
    }
    sectors = data["charts"]["sectors"]
    assert sectors.labels == (f"C {world.names['C']}", f"G {world.names['G']}", f"J {world.names['J']}", "No industry code")
    assert sectors.series[0].values == (2, 3, 1, 3)
    assert sectors.links == (
        "/bedrifter/?section=C&status=active",
        "/bedrifter/?section=G&status=active",
        "/bedrifter/?section=J&status=active",
        None,
    )
    sizes = data["charts"]["sizes"]
    assert sizes.labels == ("0", "1–4", "5–9", "10–19", "20–49", "50–99", "100–249", "250 or more", "Not reported")
    assert sizes.series[0].values == (1, 1, 2, 1, 1, 0, 1, 1, 1)
    # The registry list has only some of SSB's bands.
    assert sizes.links == (
        "/bedrifter/?size=0&status=active",
        "/bedrifter/?size=1-4&status=active",
        "/bedrifter/?size=5-9&status=active",
        None,
        None,
        None,
        None,
        "/bedrifter/?size=250%2B&status=active",
        "/bedrifter/?size=unknown&status=active",
    )
    assert [row["active_url"] for row in data["municipalities"]] == [
        "/bedrifter/?municipality=3201&status=active",
        "/bedrifter/?municipality=3203&status=active",
    ]


def test_population_of_one_municipality(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(YEAR, ONE), today=datetime.date(2026, 12, 1))
    assert [(row["number"], row["registered"], row["active"]) for row in data["municipalities"]] == [(BAERUM, 8, 7)]
    assert data["sectors"] == [{"section": "C", "active": 2}, {"section": "G", "active": 2}, {"section": "", "active": 3}]
    assert data["bands"] == {
        "0": 1,
        "1-4": 1,
        "5-9": 2,
        "10-19": 1,
        "20-49": 0,
        "50-99": 0,
        "100-249": 0,
        "250+": 1,
        "unknown": 1,
    }
    assert data["charts"]["sectors"].links[0] == "/bedrifter/?municipality=3201&section=C&status=active"
    assert data["active_url"] == "/bedrifter/?municipality=3201&status=active"


def test_registry_events_of_a_year_against_the_year_before(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
    assert data["running"] is False
    assert data["event_months"] == {
        "new": {"current": months({1: 1, 5: 2}), "previous": months({5: 1})},
        "bankrupt": {"current": months({6: 1}), "previous": months({})},
        "liquidation": {"current": months({6: 1}), "previous": months({8: 1})},
        "deleted": {"current": months({9: 1}), "previous": months({})},
    }
    assert [(row["label"], row["current"], row["previous"]) for row in data["events"]] == [
        ("New registrations", 3, 1),
        ("Bankruptcies", 1, 0),
        ("Liquidations and forced dissolutions", 1, 1),
        ("Deletions from the register", 1, 0),
    ]
    totals = data["charts"]["totals"]
    assert [(serie.name, serie.values) for serie in totals.series] == [("2025", (3, 1, 1, 1)), ("2024", (1, 0, 1, 0))]
    assert data["event_table"]["rows"][4] == {"month": "May", "values": [2, 1, 0, 0, 0, 0, 0, 0]}
    assert data["event_table"]["rows"][7] == {"month": "Aug", "values": [0, 0, 0, 0, 0, 1, 0, 0]}
    new = data["charts"]["events"][0]
    assert new.labels == ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    assert [(serie.name, serie.values) for serie in new.series] == [
        ("2025", (1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0)),
        ("2024", (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)),
    ]


def test_registry_events_of_one_municipality(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(YEAR, ONE), today=datetime.date(2026, 12, 1))
    assert data["event_months"] == {
        "new": {"current": months({1: 1, 5: 1}), "previous": months({5: 1})},
        "bankrupt": {"current": months({6: 1}), "previous": months({})},
        "liquidation": {"current": months({}), "previous": months({})},
        "deleted": {"current": months({9: 1}), "previous": months({})},
    }
    assert [(row["current"], row["previous"]) for row in data["events"]] == [(2, 1), (1, 0), (0, 0), (1, 0)]


def test_an_event_counts_in_the_municipality_the_business_was_in_when_it_happened(world, personas):
    moved = BusinessFactory(industry_section="C", employees=1)  # in Bærum now, bankrupt in Asker before it moved
    make_event(moved, day=datetime.date(2025, 3, 3), kind=RegistryEvent.Kind.BANKRUPT, municipality=ASKER)
    today = datetime.date(2026, 12, 1)
    baerum = dashboard.population_figures(personas.politician, filters=filters_for(YEAR, ONE), today=today)
    asker = dashboard.population_figures(personas.politician, filters=filters_for(YEAR, (ASKER,)), today=today)
    both = dashboard.population_figures(personas.politician, filters=filters_for(YEAR), today=today)
    assert baerum["event_months"]["bankrupt"]["current"] == months({6: 1})  # b6 only
    assert asker["event_months"]["bankrupt"]["current"] == months({3: 1})
    assert both["event_months"]["bankrupt"]["current"] == months({3: 1, 6: 1})


def test_registry_events_of_a_tertial(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(TERTIAL), today=datetime.date(2026, 12, 1))
    assert data["event_months"] == {
        "new": {"current": [2, 0, 0, 0], "previous": [1, 0, 0, 0]},
        "bankrupt": {"current": [0, 1, 0, 0], "previous": [0, 0, 0, 0]},
        "liquidation": {"current": [0, 1, 0, 0], "previous": [0, 0, 0, 1]},
        "deleted": {"current": [0, 0, 0, 0], "previous": [0, 0, 0, 0]},
    }
    assert data["charts"]["events"][0].labels == ("May", "Jun", "Jul", "Aug")
    assert [serie.name for serie in data["charts"]["events"][0].series] == ["2. tertial 2025", "2. tertial 2024"]
    one = dashboard.population_figures(personas.politician, filters=filters_for(TERTIAL, ONE), today=datetime.date(2026, 12, 1))
    assert [(row["current"], row["previous"]) for row in one["events"]] == [(1, 1), (1, 0), (0, 0), (0, 0)]


def test_a_year_still_running_is_compared_with_the_same_months_of_the_last(world, personas):
    data = dashboard.population_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2025, 6, 15))
    assert data["running"] is True
    # January to June: the liquidation of August 2024 and the deletion of September 2025 are not compared.
    assert [(row["current"], row["previous"]) for row in data["events"]] == [(3, 1), (1, 0), (1, 0), (0, 0)]
    assert data["charts"]["events"][0].series[0].values == (1, 0, 0, 0, 2, 0, None, None, None, None, None, None)
    assert data["charts"]["events"][0].series[1].values == (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
    assert [serie.name for serie in data["charts"]["totals"].series] == ["2025", "2024, the same months"]
    assert data["event_table"]["rows"][6] == {"month": "Jul", "values": [None, 0, None, 0, None, 0, None, 0]}
    follow_up = dashboard.follow_up_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2025, 6, 15))
    assert follow_up["running"] is True
    assert follow_up["per_month_cells"] == (2, 1, 1, 0, 1, 1, None, None, None, None, None, None)
    assert follow_up["charts"]["months"].series[0].values == (2, 1, 1, 0, 1, 1, None, None, None, None, None, None)


# --- The contact point and follow-up -----------------------------------------------------------


def test_enquiries_per_topic_and_month_with_their_medians(world, personas):
    data = dashboard.follow_up_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
    by_topic = {row["topic"]: (row["months"], row["count"], row["answered"], row["median_hours"]) for row in data["topics"]}
    assert by_topic == {
        Topic.ESTABLISHING: (months({}), 0, 0, None),
        Topic.PREMISES: (months({5: 1, 6: 1}), 2, 1, 48.0),
        Topic.PLANNING: (months({}), 0, 0, None),
        Topic.PERMITS: (months({}), 0, 0, None),
        # 2, 3, 5 and 30 hours: between 3 and 5.
        Topic.FUNDING: (months({1: 2, 2: 1, 3: 1}), 4, 4, 4.0),
        Topic.PROCUREMENT: (months({}), 0, 0, None),
        Topic.COMPETENCE: (months({12: 1}), 1, 1, 0.1),
        Topic.OTHER: (months({}), 0, 0, None),
    }
    assert (data["enquiries"], data["answered"]) == (7, 6)
    # 180 s, 2 h, 3 h, 5 h, 30 h, 48 h: between 3 and 5 hours.
    assert data["median_hours"] == 4.0
    assert data["per_month"] == months({1: 2, 2: 1, 3: 1, 5: 1, 6: 1, 12: 1})


def test_enquiries_about_businesses_in_one_municipality(world, personas):
    data = dashboard.follow_up_figures(personas.politician, filters=filters_for(YEAR, ONE), today=datetime.date(2026, 12, 1))
    counted = {row["topic"]: (row["count"], row["answered"], row["median_hours"]) for row in data["topics"] if row["count"]}
    # Not the one about no business, nor those about Asker's and Oslo's businesses.
    assert counted == {Topic.FUNDING: (2, 2, 2.5), Topic.PREMISES: (2, 1, 48.0)}
    assert (data["enquiries"], data["answered"], data["median_hours"]) == (4, 3, 3.0)
    asker = dashboard.follow_up_figures(
        personas.politician, filters=filters_for(YEAR, (ASKER,)), today=datetime.date(2026, 12, 1)
    )
    assert (asker["enquiries"], asker["median_hours"]) == (1, 5.0)


def test_enquiries_of_a_tertial(world, personas):
    data = dashboard.follow_up_figures(personas.politician, filters=filters_for(TERTIAL), today=datetime.date(2026, 12, 1))
    premises = next(row for row in data["topics"] if row["topic"] == Topic.PREMISES)
    assert (premises["months"], premises["count"], premises["median_hours"]) == ([1, 1, 0, 0], 2, 48.0)
    assert (data["enquiries"], data["answered"], data["median_hours"]) == (2, 1, 48.0)
    assert data["charts"]["months"].labels == ("May", "Jun", "Jul", "Aug")
    previous = dashboard.follow_up_figures(
        personas.politician, filters=filters_for(TERTIAL.previous()), today=datetime.date(2026, 12, 1)
    )
    assert (previous["enquiries"], previous["median_hours"]) == (1, 1.0)  # June 2024: the one about no business


def test_red_flags_open_at_the_end_of_the_period(world, personas):
    def open_flags(period, municipalities=ALL):
        data = dashboard.follow_up_figures(personas.politician, filters=filters_for(period, municipalities))
        return {row["label"]: row["count"] for row in data["red_flags"] if row["count"]}, data["open_red_flags"]

    assert open_flags(YEAR) == ({"Relocation risk": 2, "Expansion need": 1}, 3)
    assert open_flags(YEAR, ONE) == ({"Relocation risk": 1, "Expansion need": 1}, 2)
    assert open_flags(TERTIAL) == ({"Relocation risk": 2, "Expansion need": 1, "Labour shortage": 1}, 4)
    assert open_flags(TERTIAL, ONE) == ({"Relocation risk": 1, "Expansion need": 1, "Labour shortage": 1}, 3)
    assert open_flags(Period(2024)) == ({"Expansion need": 1}, 1)
    assert open_flags(Period(2026)) == ({"Relocation risk": 1, "Expansion need": 1, "Closure risk": 1}, 3)  # open now


def test_interactions_per_sector_and_businesses_visited(world, personas):
    data = dashboard.follow_up_figures(personas.politician, filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
    assert [(row["section"], row["interactions"], row["visited"]) for row in data["sectors"]] == [
        ("C", 4, 2),  # b1 twice and o1 visited (every business counts with every municipality shown)
        ("G", 2, 2),
        ("", 1, 0),
    ]
    assert data["visited"] == 4
    assert data["charts"]["sectors"].labels == (f"C {world.names['C']}", f"G {world.names['G']}", "No industry code")
    one = dashboard.follow_up_figures(personas.politician, filters=filters_for(YEAR, ONE), today=datetime.date(2026, 12, 1))
    assert [(row["section"], row["interactions"], row["visited"]) for row in one["sectors"]] == [
        ("C", 3, 1),
        ("G", 1, 1),
        ("", 1, 0),
    ]
    assert one["visited"] == 2
    tertial = dashboard.follow_up_figures(personas.politician, filters=filters_for(TERTIAL), today=datetime.date(2026, 12, 1))
    assert [(row["section"], row["interactions"], row["visited"]) for row in tertial["sectors"]] == [("G", 1, 2), ("", 1, 0)]
    assert tertial["visited"] == 2
    earlier = dashboard.follow_up_figures(
        personas.politician, filters=filters_for(Period(2024)), today=datetime.date(2026, 12, 1)
    )
    assert (earlier["sectors"], earlier["visited"]) == (
        [{"section": "C", "name": world.names["C"], "interactions": 1, "visited": 1, "label": f"C {world.names['C']}"}],
        1,
    )


def test_the_lists_behind_the_figures_are_linked_for_the_team_only(world, personas):
    team = dashboard.follow_up_figures(personas.officer, filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
    assert team["topics"][0]["url"] == "/kontakt/henvendelser/?topic=establishing"
    assert team["red_flags"][0]["url"] == "/bedrifter/flagg/?status=open&category=relocation"
    assert team["visits_url"] == "/bedrifter/samhandling/?kind=visit&date_from=2025-01-01&date_to=2025-12-31"
    assert team["interactions_url"] == "/bedrifter/samhandling/?date_from=2025-01-01&date_to=2025-12-31"
    assert team["charts"]["topics"].links[0] == "/kontakt/henvendelser/?topic=establishing"
    for user in (personas.politician, personas.council_member, personas.chief_executive, None):
        data = dashboard.follow_up_figures(user or AnonymousUser(), filters=filters_for(YEAR), today=datetime.date(2026, 12, 1))
        assert {row["url"] for row in data["topics"]} | {row["url"] for row in data["red_flags"]} == {None}
        assert (data["enquiries_url"], data["red_flags_url"], data["visits_url"], data["interactions_url"]) == (None,) * 4
        assert set(data["charts"]["topics"].links) == {None}


# --- Queries -------------------------------------------------------------------------------------


def test_each_section_runs_a_fixed_number_of_queries(world, personas, django_assert_num_queries):
    politician = personas.politician
    user_roles(politician)  # read once per request by the page's own permission check
    industry_section_names()  # reference data: read once per process
    for filters in (filters_for(YEAR), filters_for(TERTIAL, ONE)):
        with django_assert_num_queries(2):  # the businesses (municipality x sector x size band), the events
            dashboard.population_figures(politician, filters=filters)
        with django_assert_num_queries(3):  # the enquiries (medians included), the red flags, the interactions
            dashboard.follow_up_figures(politician, filters=filters)


def test_the_query_count_does_not_grow_with_the_data(world, personas, django_assert_num_queries):
    officer = personas.officer
    for number in range(30):
        extra = BusinessFactory(industry_section="F", employees=number)
        make_event(extra, day=datetime.date(2025, 1 + number % 12, 2), kind=RegistryEvent.Kind.NEW)
        make_enquiry(business=extra, topic=Topic.PERMITS, created=local(2025, 1 + number % 12, 3, 9))
        make_interaction([extra], by=officer, day=datetime.date(2025, 7, 1), kind=Interaction.Kind.VISIT)
        make_red_flag(extra, by=officer, raised=at(datetime.date(2025, 7, 1)))
    user_roles(officer)
    industry_section_names()
    with django_assert_num_queries(2):
        population = dashboard.population_figures(officer, filters=filters_for(YEAR))
    with django_assert_num_queries(3):
        follow_up = dashboard.follow_up_figures(officer, filters=filters_for(YEAR))
    assert population["active"] == 9 + 30
    assert (follow_up["enquiries"], follow_up["visited"], follow_up["open_red_flags"]) == (7 + 30, 4 + 30, 3 + 30)


def test_the_sector_names_are_read_once_per_process_and_again_after_a_reference_load(world, django_assert_num_queries):
    queries._section_names.clear()
    with django_assert_num_queries(1):
        names = industry_section_names()
        assert industry_section_names() is names
    assert names["C"] == world.names["C"]
    ReferenceLoad.objects.update_or_create(pk=1, defaults={"version": "new"})
    with django_assert_num_queries(1):
        industry_section_names()


# --- Medians: the same on PostgreSQL and SQLite --------------------------------------------------


def test_the_median_is_the_median_of_whole_seconds_on_every_database(db):
    """percentile_cont on PostgreSQL, group_concat and Python on SQLite: both give Python's median of whole
    seconds, for an even and an odd number of values, with the fraction of a second cut off each timestamp."""
    start = local(2025, 3, 3, 8, 0, 0, 900000)
    offsets = [0.2, 59.9, 61, 3600.5, 3601, 7200, 7201.7, 86400, 90000.1, 172800, 3, 11.11]
    for offset in offsets:
        make_enquiry(topic=Topic.OTHER, created=start, answered=start + datetime.timedelta(seconds=offset))
    seconds = Epoch("first_answered_at") - Epoch("created")
    rows = Enquiry.objects.values_list("created", "first_answered_at")
    whole = sorted(int(answered.timestamp() // 1) - int(created.timestamp() // 1) for created, answered in rows)
    assert whole == [1, 3, 12, 60, 61, 3601, 3601, 7200, 7202, 86400, 90001, 172800]
    assert Enquiry.objects.aggregate(median=Median(seconds))["median"] == statistics.median(whole) == 3601.0
    within_a_day = Q(first_answered_at__lt=start + datetime.timedelta(days=1))
    assert (
        Enquiry.objects.aggregate(median=Median(seconds, filter=within_a_day))["median"] == statistics.median(whole[:9]) == 61.0
    )
    assert Enquiry.objects.filter(pk=None).aggregate(median=Median(seconds))["median"] is None


# --- On the page and in the report ---------------------------------------------------------------


def test_the_dashboard_shows_both_sections_without_personal_data(world, personas, client_for):
    for language in ("en", "nb"):
        response = client_for("politician").get("/oversikt/?periode=2025&kommune=3201", headers={"accept-language": language})
        assert response.status_code == 200
        parts = {part.key: part for part in response.context["parts"]}
        assert parts["businesses.population"].data["active"] == 7
        assert parts["businesses.follow_up_figures"].data["enquiries"] == 4
        html = response.content.decode()
        assert 'id="dashboard-business-population"' in html and 'id="dashboard-follow-up"' in html
        if language == "en":
            assert parts["businesses.population"].data["heading"] == "Business population"
            assert "Contact point and follow-up" in html
            assert "Enquiries about no particular business count only when all municipalities are shown." in html
        for personal in ("Kari Eier", "sender@test.example", "Besøk hos", "Vurderer å flytte", "Hvordan søker vi", "Ringte"):
            assert personal not in html
        assert "/kontakt/henvendelser/" not in html and "/bedrifter/flagg/" not in html  # the team's lists
        assert "/bedrifter/?municipality=3201&amp;section=C&amp;status=active" in html  # the public registry


def test_the_team_sees_the_links_to_its_lists(world, personas, client_for):
    response = client_for("officer").get("/oversikt/?periode=2025", headers={"accept-language": "en"})
    html = response.content.decode()
    assert "/kontakt/henvendelser/?topic=funding" in html
    assert "/bedrifter/flagg/?status=open&amp;category=relocation" in html
    assert "/bedrifter/samhandling/?kind=visit&amp;date_from=2025-01-01&amp;date_to=2025-12-31" in html
    assert "Every enquiry to the contact point counts, also those about no particular business." in html


def test_the_report_has_the_figures_and_no_links(world, personas):
    filters = filters_for(YEAR)
    with translation.override("nb"):
        for context, template in (
            (dashboard.population_figures, "businesses/dashboard/population.html"),
            (dashboard.follow_up_figures, "businesses/dashboard/follow_up.html"),
        ):
            data = context(AnonymousUser(), filters=filters)
            html = render_to_string(template, {"data": data, "filters": filters, "pdf": True})
            assert "<a " not in html and "<details" not in html
            assert data["heading"] in html


# --- Accessibility ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_sections_pass_axe_for_a_politician_and_an_officer(world, personas, page_for, language):
    from tests.browser import axe_violations, log_in
    from tests.portal.test_accessibility import assert_clean, scan

    found = {}
    for persona in (personas.politician, personas.officer):
        page = page_for(language)
        log_in(page, persona)
        page.wait_for_load_state()
        for url in ("/oversikt/?periode=2025", "/oversikt/?periode=2025-T2&kommune=3201"):
            scan(page, url, found, expect_status=200)
            assert page.locator("#dashboard-business-population h2").count() == 1
            assert page.locator("#dashboard-follow-up h2").count() == 1
        # The table of enquiries per topic and month, opened.
        page.locator("#dashboard-follow-up details summary").click()
        found[f"{persona.email} details open"] = axe_violations(page)
    assert_clean(found)
