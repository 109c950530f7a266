"""Aggregates for the dashboard, without personal data: exact counts and medians over a period (the
dashboard's sections themselves: tests/businesses/test_dashboard.py)."""

import datetime

import pytest

from businesses.models import IndustryCode, Interaction, RedFlag, Topic
from businesses.queries import enquiry_figures, interactions_per_sector, open_red_flags_by_category
from portal.dashboard import Period
from tests.businesses.factories_queue import at, make_enquiry, make_interaction, make_red_flag
from tests.factories import BusinessFactory

TODAY = datetime.date(2026, 12, 1)
YEAR = Period(2026)


@pytest.fixture
def enquiries(db):
    def enquiry(topic, created, answered_after_hours=None):
        answered = created + datetime.timedelta(hours=answered_after_hours) if answered_after_hours is not None else None
        return make_enquiry(topic=topic, created=created, answered=answered)

    enquiry(Topic.FUNDING, at(datetime.date(2026, 12, 1), 8), 2)
    enquiry(Topic.FUNDING, at(datetime.date(2026, 12, 1), 0, 30), 4)  # still November in UTC, December here
    enquiry(Topic.FUNDING, at(datetime.date(2026, 11, 2), 10), 30)
    enquiry(Topic.PREMISES, at(datetime.date(2026, 1, 15), 10), 48)
    enquiry(Topic.PREMISES, at(datetime.date(2026, 1, 16), 10), 1)
    enquiry(Topic.COMPETENCE, at(datetime.date(2026, 1, 1), 0, 0))  # the first moment of the year, not answered
    enquiry(Topic.OTHER, at(datetime.date(2025, 12, 31), 23, 59), 5)  # the year before: left out


def test_enquiries_by_topic_and_month_over_a_year(enquiries):
    table = enquiry_figures(YEAR)
    assert table["months"] == [datetime.date(2026, month, 1) for month in range(1, 13)]
    assert table["counts"] == {
        Topic.ESTABLISHING: [0] * 12,
        Topic.PREMISES: [2] + [0] * 11,
        Topic.PLANNING: [0] * 12,
        Topic.PERMITS: [0] * 12,
        Topic.FUNDING: [0] * 10 + [1, 2],
        Topic.PROCUREMENT: [0] * 12,
        Topic.COMPETENCE: [1] + [0] * 11,
        Topic.OTHER: [0] * 12,
    }
    assert enquiry_figures(Period(2026, 3))["counts"][Topic.FUNDING] == [0, 0, 1, 2]
    assert enquiry_figures(Period(2025, 3))["counts"][Topic.OTHER] == [0, 0, 0, 1]


def test_median_hours_to_first_answer_overall_and_per_topic(enquiries):
    figures = enquiry_figures(YEAR)
    medians = figures["median_hours"]
    # Answered in the year: funding 2, 4, 30 h; premises 48, 1 h. (The one from the year before is left out.)
    assert medians["overall"] == 4.0
    assert medians["by_topic"][Topic.FUNDING] == 4.0
    assert medians["by_topic"][Topic.PREMISES] == 24.5
    assert medians["by_topic"][Topic.OTHER] is None
    assert figures["answered"] == {topic: {Topic.FUNDING: 3, Topic.PREMISES: 2}.get(topic, 0) for topic in Topic.values}
    assert enquiry_figures(Period(2025))["median_hours"] == {
        "overall": 5.0,
        "by_topic": {topic: 5.0 if topic == Topic.OTHER else None for topic in Topic.values},
    }


def test_interactions_per_sector_in_a_year(personas):
    officer = personas.officer
    factory = BusinessFactory(industry_section="C")
    shop = BusinessFactory(industry_section="G")
    other_shop = BusinessFactory(industry_section="G")
    unknown = BusinessFactory(industry_section="")
    make_interaction([factory], by=officer, day=datetime.date(2026, 3, 1))
    make_interaction([factory, shop], by=officer, day=datetime.date(2026, 4, 1))  # counts in C and in G
    make_interaction([shop, other_shop], by=officer, day=datetime.date(2026, 5, 1))  # once in G
    make_interaction([unknown], by=officer, day=datetime.date(2026, 6, 1))
    make_interaction([factory], by=officer, day=datetime.date(2025, 12, 31))  # last year
    names = dict(IndustryCode.objects.filter(version="SN2025", level=1).values_list("code", "name"))
    assert interactions_per_sector(YEAR) == [
        {"section": "C", "name": names["C"], "interactions": 2, "visited": 0},
        {"section": "G", "name": names["G"], "interactions": 2, "visited": 0},
        {"section": "", "name": "", "interactions": 1, "visited": 0},
    ]
    assert interactions_per_sector(Period(2025)) == [{"section": "C", "name": names["C"], "interactions": 1, "visited": 0}]
    # Only the businesses of the municipalities given (the factories' businesses are all in Bærum).
    assert interactions_per_sector(YEAR, municipalities=("3203",)) == []


def test_open_red_flags_by_category(personas):
    officer, business = personas.officer, personas.business
    raised = at(TODAY, 9)
    make_red_flag(business, by=officer, raised=raised, category=RedFlag.Category.RELOCATION)
    make_red_flag(personas.other_business, by=officer, raised=raised, category=RedFlag.Category.RELOCATION)
    make_red_flag(business, by=officer, raised=raised, category=RedFlag.Category.LABOUR)
    make_red_flag(business, by=officer, raised=raised, category=RedFlag.Category.CLOSURE, resolved=at(TODAY, 10))
    assert open_red_flags_by_category(YEAR) == {
        "relocation": 2,
        "expansion": 0,
        "premises": 0,
        "case_processing": 0,
        "labour": 1,
        "closure": 0,
    }


def test_businesses_visited_in_a_year_counts_each_business_once(personas):
    officer = personas.officer
    first, second, called = BusinessFactory(), BusinessFactory(), BusinessFactory()
    make_interaction([first], by=officer, day=datetime.date(2026, 2, 1), kind=Interaction.Kind.VISIT)
    make_interaction([first, second], by=officer, day=datetime.date(2026, 9, 1), kind=Interaction.Kind.VISIT)
    make_interaction([called], by=officer, day=datetime.date(2026, 9, 1), kind=Interaction.Kind.CALL)
    make_interaction([called], by=officer, day=datetime.date(2025, 9, 1), kind=Interaction.Kind.VISIT)

    def visited(period):
        return sum(row["visited"] for row in interactions_per_sector(period))

    assert (visited(YEAR), visited(Period(2025)), visited(Period(2024))) == (2, 1, 0)
    assert visited(Period(2026, 1)) == 1


# --- On the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_politicians_the_figures_without_personal_data(client_for, personas):
    from django.utils import timezone

    year = timezone.localdate().year - 1  # a whole year gone by, whatever the day the test runs
    officer = personas.officer
    make_enquiry(
        business=personas.business,
        topic=Topic.FUNDING,
        created=at(datetime.date(year, 3, 2), 9),
        answered=at(datetime.date(year, 3, 2), 12),
    )
    make_enquiry(
        business=personas.business,
        topic=Topic.FUNDING,
        created=at(datetime.date(year, 5, 3), 9),
        answered=at(datetime.date(year, 5, 3), 14),
    )
    make_enquiry(business=personas.other_business, topic=Topic.PREMISES, created=at(datetime.date(year, 6, 4), 9))
    make_interaction(
        [personas.business],
        by=officer,
        day=datetime.date(year, 6, 5),
        kind=Interaction.Kind.VISIT,
        subject="Besøk hos Desintrygg",
    )
    make_red_flag(personas.business, by=officer, raised=at(datetime.date(year, 6, 5)), category=RedFlag.Category.LABOUR)

    response = client_for("politician").get(f"/oversikt/?periode={year}", headers={"accept-language": "en"})
    assert response.status_code == 200
    figures = next(part.data for part in response.context["parts"] if part.key == "businesses.follow_up_figures")
    assert figures["enquiries"] == 3
    assert figures["median_hours"] == 4.0  # 3 h and 5 h
    assert {row["label"]: (row["count"], row["median_hours"]) for row in figures["topics"] if row["count"]} == {
        "Funding": (2, 4.0),
        "Premises and land": (1, None),
    }
    assert figures["visited"] == 1
    assert [row["count"] for row in figures["red_flags"]] == [0, 0, 0, 0, 1, 0]  # labour shortage
    html = response.content.decode()
    assert f"3 enquiries received in {year}." in html and "Of the 2 answered, half were answered within 4.0 hours." in html
    for personal in ("Besøk hos Desintrygg", "DESINTRYGG", "Vurderer å flytte", "Kari Eier", personas.owner.email):
        assert personal not in html
