"""The front page: a registry search, the contact point, cards that lead to real pages, the next public meetings."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from meetings.models import Meeting, Visibility
from portal import startpage

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def section(html: str, heading_id: str) -> str:
    """The markup of the <section> labelled by ``heading_id``."""
    return html.split(f'aria-labelledby="{heading_id}"', 1)[1].split("</section>", 1)[0]


def make_meeting(title: str, *, days: int, organiser, visibility=Visibility.PUBLIC, state=Meeting.State.PLANNED) -> Meeting:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Meeting.objects.create(
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rådhuset",
        organiser=organiser,
        visibility=visibility,
        state=state,
    )


def test_search_form_sends_q_to_the_registry(client, personas):
    html = client.get("/").content.decode()
    form = html.split('<form class="home-search"', 1)[1].split("</form>", 1)[0]
    assert ' method="get" action="/bedrifter/" role="search"' in form
    assert '<input class="ds-input" type="search" name="q" id="home-q" aria-describedby="home-q-description">' in form
    assert '<label class="ds-label" for="home-q">' in form
    found = client.get("/bedrifter/", {"q": "desintrygg"})
    assert [business.name for business in found.context["object_list"]] == ["DESINTRYGG AS"]


def test_each_card_links_to_a_real_page(client, personas):
    html = client.get("/", headers=ENGLISH).content.decode()
    cards = section(html, "where-to-turn")
    hrefs = re.findall(r'<a class="ds-card" data-variant="tinted" href="([^"]+)"', cards)
    assert hrefs == ["/bedrifter/", "/moter/", "https://doffin.no", "/tilgjengelighet/"]
    assert '<a class="ds-card" data-variant="tinted" href="https://doffin.no" rel="external">' in cards
    assert "doffin.no, the national database for public procurement (external site)" in cards
    for href in hrefs:
        if href.startswith("/"):
            assert client.get(href).status_code == 200, href


def test_contact_point_shows_the_promise_and_the_channels(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "post@naering.example"
    settings.PORTAL_CONTACT_PHONE = "+47 22 33 44 55"
    settings.PORTAL_CONTACT_ADDRESS = "Torget 1, 1234 Byen"
    contact = section(client.get("/", headers=ENGLISH).content.decode(), "contact-heading")
    assert "We answer within two working days and follow your case until it is settled." in contact
    assert '<dd><a class="ds-link" href="mailto:post@naering.example">post@naering.example</a></dd>' in contact
    assert '<dd><a class="ds-link" href="tel:+4722334455">+47 22 33 44 55</a></dd>' in contact
    assert "<dd>Torget 1, 1234 Byen</dd>" in contact


def test_next_public_meetings_in_time_order_without_internal_cancelled_or_past_ones(client, personas):
    officer = personas.officer
    make_meeting("Fjerde", days=40, organiser=officer)
    second = make_meeting("Andre", days=20, organiser=officer)
    make_meeting("Intern samling", days=5, organiser=officer, visibility=Visibility.INTERNAL)
    make_meeting("Avlyst", days=8, organiser=officer, state=Meeting.State.CANCELLED)
    make_meeting("Forrige", days=-30, organiser=officer, state=Meeting.State.HELD)
    first = make_meeting("Første", days=10, organiser=officer)
    third = make_meeting("Tredje", days=30, organiser=officer)

    for persona in ("anonymous", "officer"):  # the front page is the same for staff: it lists the public calendar
        client.logout()
        if persona == "officer":
            client.force_login(officer)
        listed = section(client.get("/", headers=ENGLISH).content.decode(), "next-meetings-heading")
        assert re.findall(r'<a class="ds-link" href="(/moter/[^"]*)">([^<]+)</a>', listed) == [
            (f"/moter/{first.pk}/", "Første"),
            (f"/moter/{second.pk}/", "Andre"),
            (f"/moter/{third.pk}/", "Tredje"),
            ("/moter/", "All meetings and published minutes"),
        ]
        assert f'<time datetime="{timezone.localtime(first.starts_at).isoformat()}">' in listed


def test_without_coming_public_meetings_the_page_says_so_and_links_to_the_minutes(client, personas):
    make_meeting("Intern samling", days=5, organiser=personas.officer, visibility=Visibility.INTERNAL)
    listed = section(client.get("/", headers=ENGLISH).content.decode(), "next-meetings-heading")
    assert "No public meetings are planned yet." in listed
    assert "Intern samling" not in listed
    assert '<a class="ds-link" href="/moter/">All meetings and published minutes</a>' in listed


def test_the_meetings_app_registers_its_section_once(db):
    templates = [part.template for part in startpage.parts_for(startpage.FRONT, AnonymousUser())]
    assert templates.count("meetings/includes/frontpage_meetings.html") == 1


def test_query_count_does_not_grow_with_the_meetings(client, personas, django_assert_num_queries):
    for day in range(1, 4):
        make_meeting(f"Møte {day}", days=day, organiser=personas.officer)
    with django_assert_num_queries(1):  # the next public meetings
        client.get("/")
    for day in range(4, 20):
        make_meeting(f"Møte {day}", days=day, organiser=personas.officer)
    with django_assert_num_queries(1):
        client.get("/")
