"""Indicators: the pages and who may use them, bad input, the feed from the portal's data, the chart."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from businesses.models import Enquiry, Municipality, RegistryEvent
from portal.models import ActivityLog
from strategies.charts import render_indicator_chart
from strategies.models import Indicator, IndicatorValue, Plan
from strategies.services.indicators import update_indicators
from strategies.views.indicators import panel
from tests.factories import BusinessFactory, MunicipalityFactory
from tests.strategies.factories_indicators import IndicatorFactory, IndicatorGoalFactory, IndicatorValueFactory

TODAY = datetime.date(2026, 6, 15)
ALL_ROLES = ["anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"]
MANAGERS = {"officer", "admin"}


@pytest.fixture
def indicator(db):
    indicator = IndicatorFactory(baseline=Decimal("100"), baseline_year=2020, target=Decimal("150"), target_year=2030)
    IndicatorValueFactory(
        indicator=indicator, period_end=datetime.date(2024, 12, 31), value=Decimal("12500"), comment="Tall fra SSB"
    )
    IndicatorValueFactory(indicator=indicator, period_end=datetime.date(2025, 12, 31), value=Decimal("13100.5"))
    return indicator


def urls(indicator):
    value = indicator.values.first()
    return {
        "detail": f"/strategi/indikatorer/{indicator.pk}/",
        "chart": f"/strategi/indikatorer/{indicator.pk}/graf.svg",
        "add": f"/strategi/mal/{indicator.goal_id}/indikatorer/ny/",
        "edit": f"/strategi/indikatorer/{indicator.pk}/endre/",
        "value_add": f"/strategi/indikatorer/{indicator.pk}/verdier/",
        "value_edit": f"/strategi/verdier/{value.pk}/endre/",
    }


# --- Role × URL --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_route_on_an_adopted_plan_by_role(client_for, personas, indicator, role):
    client = client_for(role)
    found = {name: client.get(url).status_code for name, url in urls(indicator).items()}
    readable = {"detail": 200, "chart": 200}
    if role == "anonymous":
        expected = {**readable, "add": 302, "edit": 302, "value_add": 302, "value_edit": 302}
    elif role in MANAGERS:
        expected = {**readable, "add": 200, "edit": 200, "value_add": 200, "value_edit": 200}
    else:
        expected = {**readable, "add": 403, "edit": 403, "value_add": 403, "value_edit": 403}
    assert found == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_draft_plans_indicator_is_hidden_from_those_who_may_not_read_drafts(client_for, personas, indicator, role):
    Plan.objects.update(state=Plan.State.DRAFT)
    client = client_for(role)
    found = {name: client.get(url).status_code for name, url in urls(indicator).items()}
    if role in MANAGERS:
        assert found == {"detail": 200, "chart": 200, "add": 200, "edit": 200, "value_add": 200, "value_edit": 200}
    elif role in {"council_member", "chief_executive"}:
        assert found == {"detail": 200, "chart": 200, "add": 403, "edit": 403, "value_add": 403, "value_edit": 403}
    elif role == "anonymous":
        assert found == {"detail": 404, "chart": 404, "add": 302, "edit": 302, "value_add": 302, "value_edit": 302}
    else:
        assert found == {"detail": 404, "chart": 404, "add": 404, "edit": 404, "value_add": 404, "value_edit": 404}


def test_unknown_ids_answer_404(client_for, personas, db):
    client = client_for("officer")
    for url in [
        "/strategi/indikatorer/999/",
        "/strategi/indikatorer/999/graf.svg",
        "/strategi/mal/999/indikatorer/ny/",
        "/strategi/indikatorer/999/endre/",
        "/strategi/indikatorer/999/verdier/",
        "/strategi/verdier/999/endre/",
    ]:
        assert client.get(url).status_code == 404, url


# --- Forms: good and bad input ----------------------------------------------------------------


def test_officer_adds_a_manual_indicator_and_a_value(client_for, personas, db):
    goal = IndicatorGoalFactory()
    client = client_for("officer")
    response = client.post(
        f"/strategi/mal/{goal.pk}/indikatorer/ny/",
        {
            "name": "Arbeidsplasser",
            "unit": "arbeidsplasser",
            "baseline": "100",
            "baseline_year": "2020",
            "target": "150",
            "target_year": "2030",
            "source": "manual",
            "source_sector": "",
            "position": "0",
        },
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/strategi/indikatorer/{indicator.pk}/"
    assert (indicator.goal, indicator.name, indicator.baseline, indicator.target) == (goal, "Arbeidsplasser", 100, 150)
    response = client.post(
        f"/strategi/indikatorer/{indicator.pk}/verdier/", {"period_end": "2025-12-31", "value": "120,5", "comment": "SSB"}
    )
    assert response.status_code == 302
    row = IndicatorValue.objects.get()
    assert (row.period_end, row.value, row.comment, row.automatic, row.entered_by) == (
        datetime.date(2025, 12, 31),
        Decimal("120.5"),
        "SSB",
        False,
        personas.officer,
    )
    assert list(ActivityLog.objects.filter(action__startswith="strategies.").order_by("pk").values_list("action", flat=True)) == [
        "strategies.indicator_added",
        "strategies.indicator_value_added",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"source": "tampered"}, "source"),
        ({"source": "sector_employees", "source_sector": ""}, "source_sector"),
        ({"source_sector": "Z"}, "source_sector"),
        ({"target_year": "2019"}, "target_year"),
        ({"baseline_year": "1800"}, "baseline_year"),
        ({"baseline": "abc"}, "baseline"),
    ],
)
def test_bad_indicator_input_answers_400_and_saves_nothing(client_for, personas, db, data, field):
    goal = IndicatorGoalFactory()
    good = {
        "name": "X",
        "unit": "stk",
        "baseline": "1",
        "baseline_year": "2020",
        "target": "2",
        "target_year": "2030",
        "source": "manual",
        "source_sector": "",
        "position": "0",
    }
    response = client_for("officer").post(f"/strategi/mal/{goal.pk}/indikatorer/ny/", {**good, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b"ds-error-summary" in response.content
    assert not Indicator.objects.exists()


def test_a_duplicate_period_is_a_field_error(client_for, personas, indicator):
    response = client_for("officer").post(urls(indicator)["value_add"], {"period_end": "2024-12-31", "value": "1"})
    assert response.status_code == 400
    assert "period_end" in response.context["form"].errors
    assert indicator.values.count() == 2


def test_a_bad_value_answers_400(client_for, personas, indicator):
    response = client_for("officer").post(urls(indicator)["value_add"], {"period_end": "not a date", "value": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"period_end", "value"}
    assert indicator.values.count() == 2


def test_editing_a_value_keeps_its_own_period(client_for, personas, indicator):
    row = indicator.values.get(period_end=datetime.date(2024, 12, 31))
    response = client_for("officer").post(
        f"/strategi/verdier/{row.pk}/endre/", {"period_end": "2024-12-31", "value": "12600", "comment": ""}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.comment) == (Decimal("12600"), "")


def test_an_automatic_indicators_values_cannot_be_entered_by_hand(client_for, personas, db):
    automatic = IndicatorFactory(source=Indicator.Source.REGISTERED_BUSINESSES)
    row = IndicatorValueFactory(indicator=automatic, period_end=datetime.date(2026, 12, 31), value=5, automatic=True)
    client = client_for("officer")
    assert client.post(f"/strategi/verdier/{row.pk}/endre/", {"period_end": "2026-12-31", "value": "9"}).status_code == 400
    assert (
        client.post(f"/strategi/indikatorer/{automatic.pk}/verdier/", {"period_end": "2025-12-31", "value": "9"}).status_code
        == 400
    )
    row.refresh_from_db()
    assert row.value == 5 and automatic.values.count() == 1


# --- The feed ---------------------------------------------------------------------------------


@pytest.fixture
def registry(db, settings):
    """Served: 3201 and 3203. 3301 is not served. Five active businesses in the served municipalities."""
    settings.PORTAL_MUNICIPALITIES = ["3201", "3203"]
    baerum = MunicipalityFactory(number="3201", name="Bærum")
    asker = MunicipalityFactory(number="3203", name="Asker")
    drammen = MunicipalityFactory(number="3301", name="Drammen")
    BusinessFactory(municipality=baerum, registered=datetime.date(2026, 2, 1), employees=10, industry_section="C")
    BusinessFactory(municipality=baerum, registered=datetime.date(2025, 12, 31), employees=7, industry_section="C")
    BusinessFactory(municipality=asker, registered=datetime.date(2026, 6, 15), employees=3, industry_section="J")
    BusinessFactory(municipality=asker, registered=datetime.date(2026, 6, 16), employees=None, industry_section="C")
    BusinessFactory(
        municipality=asker,
        registered=datetime.date(2010, 1, 1),
        employees=100,
        industry_section="C",
        deleted=datetime.date(2020, 1, 1),
    )
    bankrupt = BusinessFactory(
        municipality=baerum, registered=datetime.date(2026, 1, 5), employees=50, industry_section="C", bankrupt=True
    )
    BusinessFactory(municipality=baerum, registered=datetime.date(2019, 1, 1), employees=20, industry_section="C")
    outside = BusinessFactory(municipality=drammen, registered=datetime.date(2026, 3, 1), employees=40, industry_section="C")
    # Each bankruptcy in the municipality the business was registered in when it happened.
    for orgnr, date, where in [
        (bankrupt.orgnr, datetime.date(2026, 3, 3), "3201"),
        (bankrupt.orgnr, datetime.date(2026, 3, 4), "3201"),
        (outside.orgnr, datetime.date(2026, 3, 3), "3301"),
        ("999999999", datetime.date(2026, 1, 1), ""),
        ("888888888", datetime.date(2026, 2, 1), "3203"),  # went bankrupt in Asker, since moved or deleted
    ]:
        RegistryEvent.objects.create(orgnr=orgnr, kind=RegistryEvent.Kind.BANKRUPT, date=date, municipality=where, source="test")
    RegistryEvent.objects.create(
        orgnr=bankrupt.orgnr,
        kind=RegistryEvent.Kind.BANKRUPT,
        date=datetime.date(2025, 12, 1),
        municipality="3201",
        source="test",
    )
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    for answered in [moment, moment, timezone.make_aware(datetime.datetime(2025, 12, 31, 23, 30)), None]:
        enquiry = Enquiry.objects.create(
            topic=Enquiry._meta.get_field("topic").choices[0][0],
            sender_name="A",
            sender_email="a@b.example",
            message="?",
            consent_text="ok",
        )
        Enquiry.objects.filter(pk=enquiry.pk).update(first_answered_at=answered)


@pytest.mark.parametrize(
    ("source", "sector", "expected"),
    [
        (Indicator.Source.REGISTERED_BUSINESSES, "", 5),  # 7 served, less the deleted and the bankrupt one
        (Indicator.Source.NEW_REGISTRATIONS, "", 3),  # 1 Feb, 15 Jun, 5 Jan (16 Jun is after today)
        # Bærum's bankrupt business counted once, and the one that went bankrupt in Asker; not Drammen's, not one
        # without a municipality, not last year's
        (Indicator.Source.BANKRUPTCIES, "", 2),
        (Indicator.Source.SECTOR_EMPLOYEES, "C", 37),  # 10 + 7 + 20 (+ none); not deleted, bankrupt or Drammen
        (Indicator.Source.SECTOR_EMPLOYEES, "J", 3),
        (Indicator.Source.ENQUIRIES_ANSWERED, "", 2),
    ],
)
def test_the_feed_computes_each_source_exactly(registry, source, sector, expected):
    indicator = IndicatorFactory(source=source, source_sector=sector)
    assert update_indicators(TODAY) == 1
    row = IndicatorValue.objects.get(indicator=indicator)
    assert (row.period_end, row.value, row.automatic) == (datetime.date(2026, 12, 31), Decimal(expected), True)


def test_the_feed_is_idempotent_and_leaves_manual_indicators_alone(registry):
    automatic = IndicatorFactory(source=Indicator.Source.REGISTERED_BUSINESSES)
    manual = IndicatorFactory()
    assert update_indicators(TODAY) == 1
    first = IndicatorValue.objects.get(indicator=automatic)
    assert update_indicators(TODAY) == 0
    assert IndicatorValue.objects.get(indicator=automatic).updated == first.updated
    BusinessFactory(municipality=Municipality.objects.get(number="3201"))
    assert update_indicators(TODAY) == 1
    assert list(IndicatorValue.objects.filter(indicator=automatic).values_list("period_end", "value")) == [
        (datetime.date(2026, 12, 31), Decimal("6"))
    ]
    assert not manual.values.exists()


def test_the_task_runs_the_feed(registry):
    from strategies.tasks import update_indicators as task

    IndicatorFactory(source=Indicator.Source.REGISTERED_BUSINESSES)
    assert task.delay().get() == 1
    assert IndicatorValue.objects.get().value == 5


# --- The chart --------------------------------------------------------------------------------


def test_the_chart_is_well_formed_svg_with_the_values_labels(indicator):
    values = list(indicator.values.order_by("period_end"))
    with translation.override("en"):
        svg = render_indicator_chart(indicator, values)
        again = render_indicator_chart(indicator, values)
    assert svg == again
    root = ET.fromstring(svg)
    texts = {element.text for element in root.iter() if element.text}
    # The periods on the x axis, the unit as the y axis' title, the legend, grouped numbers.
    assert {"2024", "2025", "arbeidsplasser", "Period", "Value", "Baseline (2020)", "Target (2030)"} <= texts
    assert {"12,000", "13,000"} <= texts  # the y axis
    assert root.find("{http://www.w3.org/2000/svg}title").text == (
        f"{indicator.name}: 13,100.5 arbeidsplasser in 2025, target 150 arbeidsplasser by 2030."
    )
    assert b"<script" not in svg and b"<!--" not in svg


def test_the_chart_speaks_bokmal_number_format(indicator):
    values = list(indicator.values.order_by("period_end"))
    with translation.override("nb"):
        root = ET.fromstring(render_indicator_chart(indicator, values))
    texts = {element.text for element in root.iter() if element.text}
    assert {"12\xa0000", "13\xa0000"} <= texts
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith(f"{indicator.name}: 13\xa0100,5 arbeidsplasser")


def test_the_chart_response_has_its_type_etag_and_304(client, indicator):
    url = urls(indicator)["chart"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, no-cache"
    assert "style-src 'unsafe-inline'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    IndicatorValueFactory(indicator=indicator, period_end=datetime.date(2026, 12, 31), value=1)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_detail_page_shows_the_chart_as_img_with_alt_and_the_table(client, indicator):
    response = client.get(urls(indicator)["detail"], HTTP_ACCEPT_LANGUAGE="nb")
    html = response.content.decode()
    assert f'src="/strategi/indikatorer/{indicator.pk}/graf.svg"' in html
    assert f'alt="{indicator.name}: 13\xa0100,5 arbeidsplasser' in html
    assert "<caption>" in html and 'scope="row"' in html and "Tall fra SSB" in html


# --- The plan page's panel ----------------------------------------------------------------------


def test_the_panel_takes_fixed_queries_however_many_indicators(rf, personas, django_assert_num_queries):
    goal = IndicatorGoalFactory()
    plan = goal.focus_area.plan
    request = rf.get("/")
    request.user = personas.officer
    personas.officer.has_perm("strategies.manage_plans")  # the permission cache is the request's, not the panel's
    IndicatorValueFactory(indicator=IndicatorFactory(goal=goal))
    with django_assert_num_queries(3):
        few = panel(request, plan)
    for _ in range(5):
        other = IndicatorFactory(goal=IndicatorGoalFactory(focus_area=goal.focus_area))
        IndicatorValueFactory(indicator=other)
        IndicatorValueFactory(indicator=other)
    with django_assert_num_queries(3):
        many = panel(request, plan)
    assert len(few["goals"]) == 1 and len(many["goals"]) == 6
    first = many["goals"][0]["indicators"][0]
    assert first["chart_url"] == f"/strategi/indikatorer/{first['indicator'].pk}/graf.svg"


def test_the_panel_shows_goals_without_indicators_only_to_the_team(rf, personas, indicator):
    empty = IndicatorGoalFactory(focus_area=indicator.goal.focus_area)
    plan = indicator.goal.focus_area.plan
    request = rf.get("/")
    request.user = personas.officer
    assert [group["goal"] for group in panel(request, plan)["goals"]] == [indicator.goal, empty]
    request.user = personas.owner
    assert [group["goal"] for group in panel(request, plan)["goals"]] == [indicator.goal]


def test_the_plan_page_shows_the_panel_with_the_small_chart(client, indicator):
    response = client.get(f"/strategi/{indicator.goal.focus_area.plan_id}/")
    if response.status_code == 501:
        pytest.skip("the plan page is not written yet")
    html = response.content.decode()
    assert f'<img src="/strategi/indikatorer/{indicator.pk}/graf.svg" alt="{indicator.name}: ' in html
    assert f'href="/strategi/indikatorer/{indicator.pk}/"' in html


def test_the_same_svg_renders_in_the_pdf_with_its_labels_as_text(indicator, tmp_path):
    import shutil
    import subprocess

    from portal.pdf import html_to_pdf
    from strategies.charts import chart_data_uri

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    with translation.override("en"):
        svg = render_indicator_chart(indicator, list(indicator.values.order_by("period_end")))
    body = f'<h1>Chart</h1><img alt="chart" src="{chart_data_uri(svg)}">'
    html = f'<html lang="en"><head><title>Chart</title></head><body>{body}</body></html>'
    path = tmp_path / "chart.pdf"
    path.write_bytes(html_to_pdf(html))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for label in ["2024", "2025", "arbeidsplasser", "Period", "Baseline (2020)", "Target (2030)", "13,000"]:
        assert label in text


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_creates_nothing_without_the_demo_plan(db):
    from strategies.demo.indicators import load

    assert load({}) == {}
    assert not Indicator.objects.exists()


def test_the_demo_adds_indicators_to_the_demo_plan_once(db, settings):
    from strategies.demo.indicators import load
    from strategies.demo.plans import TITLE

    settings.PORTAL_MUNICIPALITIES = ["3201"]
    older = IndicatorGoalFactory(focus_area__plan__title=TITLE, focus_area__plan__version=1)
    plan = IndicatorGoalFactory(focus_area__plan__title=TITLE, focus_area__plan__version=2).focus_area.plan
    IndicatorGoalFactory(focus_area=plan.focus_areas.get())
    assert load({}) == {"indicators": 9, "indicator_values": 4 * 7 + 5}
    assert load({}) == {"indicators": 9, "indicator_values": 4 * 7 + 5}  # a second run adds nothing
    indicators = Indicator.objects.filter(goal__focus_area__plan=plan)
    assert indicators.count() == 9 and not older.indicators.exists()
    assert indicators.filter(source=Indicator.Source.MANUAL).count() == 4
    jobs = indicators.get(name="Arbeidsplasser i regionen")
    assert list(jobs.values.values_list("period_end__year", flat=True)) == list(range(2020, 2027))


def test_numbers_are_formatted_in_bokmal_without_float_noise():
    from strategies.charts import format_number

    with translation.override("nb"):
        assert [format_number(v) for v in (Decimal("12500"), Decimal("13100.50"), 0.30000000000000004, 1e6, None)] == [
            "12\xa0500",
            "13\xa0100,5",
            "0,3",
            "1\xa0000\xa0000",
            "",
        ]


def test_a_chart_without_values_says_so(db):
    indicator = IndicatorFactory()
    with translation.override("en"):
        root = ET.fromstring(render_indicator_chart(indicator, []))
    assert "No values yet" in {element.text for element in root.iter()}
    assert root.find("{http://www.w3.org/2000/svg}title").text == f"{indicator.name}: no values yet."
