"""The dialogue meetings' dashboard section and the Næringsrapport's decisions (meetings/dashboard.py): every
figure against a fixture with known meetings, items and action points; nothing internal, ever."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.dashboard import decisions, figures, meeting_counts, open_action_points, period_decisions
from meetings.models import ActionPoint, AgendaItem, Meeting, Visibility
from portal import startpage
from portal.dashboard import DashboardFilters, Period

OSLO = ZoneInfo("Europe/Oslo")
S = Meeting.State

# What must never reach the dashboard or the report.
SECRETS = (
    "Lukket strategimøte",  # an internal meeting
    "Tomtesalg unntatt offentlighet",  # an internal item
    "Intern beslutning om tomtesalg",  # its decision
    "Vedtak i upublisert referat",  # a decision in minutes not yet published
    "Vedtak i lukket møte",  # a decision in an internal meeting
    "Hemmelig oppfølging",  # an internal action point
    "Oppfølging under intern sak",  # an action point under an internal item
    "Be Ruter om ny rute",  # a public action point: counted, never named
    "Ingrid Næringssjef",  # the organiser and owner
    "Kari Ansvarlig",  # an owner who is not a portal user
)


@pytest.fixture(autouse=True)
def _english():
    """The figures' texts in English (the portal's default language is bokmål)."""
    with translation.override("en"):
        yield


def at(year, month, day, hour=14, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def fixture(personas):
    """2025 against 2024: public meetings held with and without published minutes, an internal meeting, a
    planned and a cancelled meeting, meetings on either side of New Year's midnight, and open action points
    of known ages."""
    officer = personas.officer

    def meeting(title, starts_at, state, visibility=Visibility.PUBLIC):
        return Meeting.objects.create(
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            organiser=officer,
            visibility=visibility,
            state=state,
        )

    def item(meeting, title, decision="", internal=False):
        return AgendaItem.objects.create(
            meeting=meeting, position=meeting.agenda.count() + 1, title=title, decision=decision, internal=internal
        )

    today = timezone.localdate()

    def point(meeting, title, *, age, due=None, status=ActionPoint.Status.OPEN, **extra):
        made = ActionPoint.objects.create(meeting=meeting, title=title, owner=officer, due_date=due, status=status, **extra)
        # Recorded at noon, `age` days ago (created is auto_now_add, so it is set afterwards).
        created = datetime.datetime.combine(today - datetime.timedelta(days=age), datetime.time(12), tzinfo=OSLO)
        ActionPoint.objects.filter(pk=made.pk).update(created=created)
        return made

    march = meeting("Dialogmøte 1/2025", at(2025, 3, 4), S.MINUTES_PUBLISHED)
    area = item(march, "Nytt næringsareal på Fornebu", "Kommunedirektøren legger fram en sak om regulering.")
    secret = item(march, "Tomtesalg unntatt offentlighet", "Intern beslutning om tomtesalg", internal=True)
    item(march, "Orienteringssak uten vedtak")
    new_year = meeting("Nyttårsmøte 2025", at(2025, 1, 1, 0, 30), S.MINUTES_PUBLISHED)
    item(new_year, "Næringsvennlig kommune", "Næringsrådet utarbeider en liste over hindre.")
    september = meeting("Dialogmøte 3/2025", at(2025, 9, 10), S.HELD)
    item(september, "Sak i møte uten referat", "Vedtak i upublisert referat")
    closed = meeting("Lukket strategimøte", at(2025, 5, 5), S.MINUTES_PUBLISHED, Visibility.INTERNAL)
    item(closed, "Sak i lukket møte", "Vedtak i lukket møte")
    meeting("Dialogmøte 4/2025", at(2025, 11, 4), S.PLANNED)
    meeting("Avlyst dialogmøte", at(2025, 6, 3), S.CANCELLED)
    february = meeting("Dialogmøte 1/2024", at(2024, 2, 6), S.MINUTES_PUBLISHED)
    item(february, "Kollektivtilbud til næringsparken", "Kommunen ber Ruter om en ny rute.")
    item(february, "Parkering ved stasjonen", "Saken utsettes.")
    meeting("Romjulsmøte 2024", at(2024, 12, 31, 23, 30), S.HELD)  # before midnight: 2024
    old = meeting("Dialogmøte 2/2023", at(2023, 5, 9), S.MINUTES_PUBLISHED)
    item(old, "Gammel sak", "Gammelt vedtak")

    yesterday, next_month = today - datetime.timedelta(days=1), today + datetime.timedelta(days=30)
    point(march, "Be Ruter om ny rute", age=10, due=yesterday, agenda_item=area)  # under 30, overdue
    point(march, "Kartlegge ledige tomter", age=29, due=today)  # under 30, due today: not overdue
    point(new_year, "Lage liste over hindre", age=30, due=next_month, status=ActionPoint.Status.IN_PROGRESS)  # 30–89
    point(new_year, "Invitere bankene", age=89)  # 30–89
    point(february, "Svare næringsrådet", age=90, due=today - datetime.timedelta(days=50))  # 90–179, overdue
    point(february, "Oppdatere nettsidene", age=179, owner_name="Kari Ansvarlig")  # 90–179
    point(old, "Evaluere ordningen", age=180)  # 180 and more
    # Not counted: done, internal, under an internal item, minutes not published, an internal meeting.
    point(march, "Avsluttet oppfølging", age=5, status=ActionPoint.Status.DONE)
    point(march, "Hemmelig oppfølging", age=5, internal=True)
    point(march, "Oppfølging under intern sak", age=5, agenda_item=secret)
    point(september, "Oppfølging fra møte uten referat", age=5)
    point(closed, "Oppfølging fra lukket møte", age=5)
    return {"today": today}


def filters(code: str, chosen: str = "") -> DashboardFilters:
    default = DashboardFilters.default()
    return DashboardFilters(
        period=Period.parse(code), municipalities=(chosen,) if chosen else default.municipalities, chosen=chosen
    )


def test_meetings_held_and_decisions_in_the_year_against_the_year_before(fixture):
    # Held: the New Year meeting (00:30 on 1 January), March and September (held, minutes not published);
    # 2024: February and the meeting at 23:30 on 31 December. Decisions: public items in published minutes.
    assert meeting_counts(Period(2025)) == {
        "held": 3,
        "held_before": 2,
        "published": 2,
        "decisions": 2,
        "decisions_before": 2,
    }


def test_a_tertial_is_compared_with_the_same_tertial_a_year_earlier(fixture):
    assert meeting_counts(Period(2025, 1)) == {"held": 2, "held_before": 1, "published": 2, "decisions": 2, "decisions_before": 2}
    assert meeting_counts(Period(2025, 3)) == {"held": 1, "held_before": 1, "published": 0, "decisions": 0, "decisions_before": 0}


def test_open_action_points_by_age_and_overdue(fixture):
    assert open_action_points(fixture["today"]) == {
        "total": 7,
        "overdue": 2,
        "buckets": [
            {"label": "Under 30 days", "open": 2, "overdue": 1},
            {"label": "30–89 days", "open": 2, "overdue": 0},
            {"label": "90–179 days", "open": 2, "overdue": 1},
            {"label": "180 days or more", "open": 1, "overdue": 0},
        ],
    }


def rows(chart) -> list[tuple]:
    return [(row["label"], row["link"], list(row["values"])) for row in chart.rows]


def test_the_section_reads_in_two_queries(fixture, personas, django_assert_num_queries):
    # The officer's permission check reads the roles before the count starts.
    personas.officer.has_perm("meetings.manage_series")
    with django_assert_num_queries(2):
        data = figures(personas.officer, filters=filters("2025"))
    assert data["heading"] == "Dialogue meetings"
    assert rows(data["held_chart"]) == [("Meetings held", "/moter/", [2, 3]), ("Decisions made", None, [2, 2])]
    assert [serie.name for serie in data["held_chart"].series] == ["2024", "2025"]
    assert rows(data["age_chart"]) == [
        ("Under 30 days", None, [2, 1]),
        ("30–89 days", None, [2, 0]),
        ("90–179 days", None, [2, 1]),
        ("180 days or more", None, [1, 0]),
    ]


def test_the_query_count_does_not_grow_with_the_data(fixture, personas, django_assert_num_queries):
    march = Meeting.objects.get(title="Dialogmøte 1/2025")
    for n in range(30):
        copy = Meeting.objects.create(
            title=f"Ekstra {n}", starts_at=at(2025, 4, 1), ends_at=at(2025, 4, 1, 16), organiser=personas.officer, state=S.HELD
        )
        AgendaItem.objects.create(meeting=copy, position=1, title="Sak", decision="Vedtak")
        ActionPoint.objects.create(meeting=march, title=f"Punkt {n}", owner=personas.officer)
    personas.politician.has_perm("meetings.manage_series")
    with django_assert_num_queries(2):
        figures(personas.politician, filters=filters("2025"))


def render(template: str, data: dict, *, pdf=False, language="en") -> str:
    with translation.override(language):
        return render_to_string(template, {"data": data, "pdf": pdf})


def test_the_section_names_no_internal_item_and_no_person(fixture, personas):
    data = figures(personas.officer, filters=filters("2025"))
    for language in ("en", "nb"):
        html = render("meetings/dashboard/figures.html", data, language=language)
        for secret in SECRETS:
            assert secret not in html


def test_the_section_links_to_the_lists_behind_it_where_the_viewer_may_see_them(fixture, personas):
    officer = render("meetings/dashboard/figures.html", figures(personas.officer, filters=filters("2025")))
    assert '<a class="ds-link" href="/moter/oppfolging/">Every open action point</a>' in officer
    assert 'href="/moter/"' in officer
    politician = render("meetings/dashboard/figures.html", figures(personas.politician, filters=filters("2025")))
    assert "/moter/oppfolging/" not in politician
    assert '<a class="ds-link" href="/moter/">The public meetings</a>' in politician


def test_the_section_in_the_report_links_nowhere(fixture):
    html = render("meetings/dashboard/figures.html", figures(AnonymousUser(), filters=filters("2025")), pdf=True)
    assert "<a " not in html
    assert 'id="meetings-figures"' in html


def test_the_section_says_what_it_counts(fixture, personas):
    html = render("meetings/dashboard/figures.html", figures(personas.politician, filters=filters("2025")))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "3 public dialogue meetings were held in 2025, against 2 in 2024." in text
    assert "Minutes are published for 2 of them so far." in text
    assert "The published minutes record 2 decisions, against 2 in 2024." in text
    assert "7 action points from published minutes are open on" in text
    assert "2 of them are overdue." in text
    assert "internal meetings, internal items and internal action points are not counted" in text
    assert '<section id="meetings-figures" class="dashboard-section" aria-labelledby="meetings-figures-heading">' in html
    assert '<h2 class="ds-heading" data-size="sm" id="meetings-figures-heading">Dialogue meetings</h2>' in html
    # All municipalities: nothing to explain; one chosen: the section covers the whole portal.
    assert "whichever municipality is chosen" not in text
    chosen = render("meetings/dashboard/figures.html", figures(personas.politician, filters=filters("2025", "3201")))
    assert "Meetings belong to no municipality: this section covers the whole portal, whichever municipality is chosen." in chosen


def test_the_report_lists_the_public_decisions_of_published_minutes_in_date_order(fixture, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = decisions(AnonymousUser(), filters=filters("2025"))
    assert data["count"] == 2
    assert [(meeting["title"], meeting["starts_at"], meeting["items"]) for meeting in data["meetings"]] == [
        (
            "Nyttårsmøte 2025",
            at(2025, 1, 1, 0, 30),
            [{"title": "Næringsvennlig kommune", "decision": "Næringsrådet utarbeider en liste over hindre."}],
        ),
        (
            "Dialogmøte 1/2025",
            at(2025, 3, 4),
            [{"title": "Nytt næringsareal på Fornebu", "decision": "Kommunedirektøren legger fram en sak om regulering."}],
        ),
    ]
    assert [meeting["title"] for meeting in period_decisions(Period(2024))] == ["Dialogmøte 1/2024"]
    assert [item["title"] for item in period_decisions(Period(2024))[0]["items"]] == [
        "Kollektivtilbud til næringsparken",
        "Parkering ved stasjonen",
    ]


def test_the_report_section_is_print_friendly_and_holds_nothing_internal(fixture):
    data = decisions(AnonymousUser(), filters=filters("2025", "3203"))
    for language in ("en", "nb"):
        html = render("meetings/dashboard/decisions.html", data, pdf=True, language=language)
        assert "<a " not in html and "<form" not in html
        for secret in SECRETS:
            assert secret not in html
    html = render("meetings/dashboard/decisions.html", data, pdf=True)
    assert '<h2 id="meetings-decisions-heading">Decisions of the dialogue meetings</h2>' in html
    assert re.findall(r"<h3>(.*?)</h3>", html) == ["Nyttårsmøte 2025, 1 Jan 2025", "Dialogmøte 1/2025, 4 Mar 2025"]
    assert "this section covers the whole portal" in html


def test_a_period_without_decisions_says_so(fixture):
    html = render("meetings/dashboard/decisions.html", decisions(AnonymousUser(), filters=filters("2022")), pdf=True)
    assert "No decisions are recorded in published minutes of meetings held in 2022." in html


def test_the_sections_are_registered_on_the_dashboard_and_the_report(fixture, personas):
    dashboard = {
        part.key: part for part in startpage.parts_for(startpage.DASHBOARD, personas.politician, filters=filters("2025"))
    }
    assert dashboard["meetings.figures"].data["counts"]["held"] == 3
    assert dashboard["meetings.figures"].template == "meetings/dashboard/figures.html"
    report = {part.key: part for part in startpage.parts_for(startpage.REPORT, AnonymousUser(), filters=filters("2025"))}
    assert report["meetings.decisions"].data["count"] == 2


def test_the_dashboard_page_shows_the_section(fixture, client_for):
    response = client_for("politician").get("/oversikt/?periode=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="meetings-figures"' in html
    for secret in SECRETS[:-2]:
        assert secret not in html


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_section_passes_axe_in_both_languages(page_for, personas, fixture, language):
    from tests.browser import WCAG_21_AA, _axe, describe, log_in

    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    response = page.goto("/oversikt/?periode=2025&kommune=3201")
    assert response.status == 200
    assert page.locator("#meetings-figures h2").count() == 1
    results = _axe.run(
        page,
        context="#meetings-figures",
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    assert results.response["violations"] == [], describe(results.response["violations"])
