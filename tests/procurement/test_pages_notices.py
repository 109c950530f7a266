"""The public notice pages: the list's filters, sort and closing-soon box, a notice page, awards and the local
share, the timeline entries, and every role on every URL."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.timeline import timeline_for
from procurement.models import DialogueRegistration, MarketDialogue, NoticeVersion, PlannedProcurement, ProcurementPlan
from procurement.services.awards import local_share
from tests.factories import BusinessFactory, MunicipalityFactory
from tests.procurement.factories_pages import make_award, make_notice

pytestmark = pytest.mark.django_db


def found(client, **params) -> list[str]:
    response = client.get("/anskaffelser/", params)
    assert response.status_code == 200
    return [row["notice"].heading for row in response.context["rows"]]


# --- Filters ---------------------------------------------------------------------------------------


def test_a_cpv_parent_finds_its_children_and_nothing_else(client):
    make_notice(heading="Webserver", cpv_codes=["72212222"])
    make_notice(heading="Programvare", cpv_codes=["48000000"])
    assert found(client, cpv="72000000") == ["Webserver"]
    assert found(client, cpv="72200000-7") == ["Webserver"]
    assert found(client, cpv="72212222") == ["Webserver"]
    assert found(client, cpv="48000000") == ["Programvare"]
    assert found(client, cpv="72300000") == []


@pytest.mark.parametrize("value", ["99999999", "7200", "abc", "72000000-55"])
def test_an_unknown_or_malformed_cpv_code_is_a_field_error_not_a_500(client, value):
    make_notice(heading="Webserver")
    response = client.get("/anskaffelser/", {"cpv": value, "q": "Web"})
    assert response.status_code == 200
    assert "cpv" in response.context["filter"].form.errors
    assert b"Some filters could not be used" in response.content or "filter-error-summary" in response.content.decode()
    # The other filters still apply.
    assert [row["notice"].heading for row in response.context["rows"]] == ["Webserver"]


def test_type_filter_by_main_type_and_by_group(client):
    make_notice(heading="Konkurranse", type="ANNOUNCEMENT_OF_COMPETITION")
    make_notice(heading="Tildeling", type="ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT", status="")
    make_notice(heading="Intensjon", type="ANNOUNCEMENT_OF_INTENT", status="")
    make_notice(heading="Veiledende", type="ADVISORY_NOTICE", status="")
    assert found(client, type="ANNOUNCEMENT_OF_COMPETITION") == ["Konkurranse"]
    assert found(client, type="COMPETITION") == ["Konkurranse"]
    assert sorted(found(client, type="RESULT")) == ["Intensjon", "Tildeling"]
    assert found(client, type="PLANNING") == ["Veiledende"]
    response = client.get("/anskaffelser/", {"type": "NOPE"})
    assert response.status_code == 200
    assert "type" in response.context["filter"].form.errors


def test_status_buyer_text_value_and_deadline_filters(client):
    deadline = timezone.make_aware(datetime.datetime(2026, 9, 1, 12, 0))
    make_notice(heading="Skoleskyss", status="ACTIVE", value=2_000_000, deadline=deadline, description="Transport av elever")
    make_notice(heading="Renhold", status="EXPIRED", value=500_000, buyers=[("944382038", "Asker kommune")])
    make_notice(heading="Vaktmester", status="ACTIVE", buyers=[("974760673", "Statens vegvesen")])
    # The status as the rows show it: Skoleskyss' deadline has passed since the import, so it is expired.
    assert sorted(found(client, status="EXPIRED")) == ["Renhold", "Skoleskyss"]
    assert found(client, status="ACTIVE") == ["Vaktmester"]
    assert found(client, buyer="944 382 038") == ["Renhold"]
    assert sorted(found(client, served="on")) == ["Renhold", "Skoleskyss"]
    assert found(client, q="elever") == ["Skoleskyss"]
    assert found(client, q="asker renhold") == ["Renhold"]
    assert found(client, value_from="1000000") == ["Skoleskyss"]
    assert found(client, value_to="1000000") == ["Renhold"]
    assert found(client, deadline_from="2026-09-01", deadline_to="2026-09-01") == ["Skoleskyss"]
    assert found(client, deadline_to="2026-08-31") == []
    response = client.get("/anskaffelser/", {"buyer": "123456789", "value_from": "-5", "deadline_from": "2026-13-01"})
    assert response.status_code == 200
    assert sorted(response.context["filter"].form.errors) == ["buyer", "deadline_from", "value_from"]


def test_sort_by_deadline_puts_the_soonest_first_and_none_last(client):
    now = timezone.now()
    make_notice(heading="Uten frist", published_on=datetime.date(2026, 5, 1))
    make_notice(heading="Om en uke", deadline=now + datetime.timedelta(days=7), published_on=datetime.date(2026, 1, 1))
    make_notice(heading="I morgen", deadline=now + datetime.timedelta(days=1), published_on=datetime.date(2026, 2, 1))
    make_notice(heading="Stor", value=9_000_000, published_on=datetime.date(2026, 3, 1))
    # Without a deadline: last, newest published first among them.
    assert found(client, sort="deadline") == ["I morgen", "Om en uke", "Uten frist", "Stor"]
    assert found(client) == ["Uten frist", "Stor", "I morgen", "Om en uke"]
    assert found(client, sort="value")[0] == "Stor"


def test_closing_soon_box_and_filter(client):
    now = timezone.now()
    for days in [1, 2, 3, 4, 5, 6, 13]:
        make_notice(heading=f"Frist om {days} dager", deadline=now + datetime.timedelta(days=days))
    make_notice(heading="Frist om 20 dager", deadline=now + datetime.timedelta(days=20))
    make_notice(heading="Lukket", status="EXPIRED", deadline=now + datetime.timedelta(days=1))
    make_notice(heading="Passert", deadline=now - datetime.timedelta(days=1))
    response = client.get("/anskaffelser/")
    assert [n.heading for n in response.context["closing_soon"]] == [f"Frist om {d} dager" for d in [1, 2, 3, 4, 5]]
    assert sorted(found(client, closing="on", status="ACTIVE")) == sorted(f"Frist om {d} dager" for d in [1, 2, 3, 4, 5, 6, 13])


def test_a_row_shows_type_status_value_and_main_cpv_label_in_the_language(client):
    make_notice(heading="Webserver", cpv_codes=["72212222", "48000000"], value=1234567)
    english = client.get("/anskaffelser/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Web server software development services" in english
    assert "NOK 1,234,567" in english
    assert "Contract notice" in english and "Open" in english
    norsk = client.get("/anskaffelser/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "72212222" in norsk


def test_an_open_notice_whose_deadline_passed_since_the_import_shows_as_deadline_passed(client):
    now = timezone.now()
    passed = make_notice(heading="Passert", status="ACTIVE", deadline=now - datetime.timedelta(hours=1))
    make_notice(heading="Fremdeles åpen", status="ACTIVE", deadline=now + datetime.timedelta(days=3))
    rows = {row["notice"].heading: row for row in client.get("/anskaffelser/", HTTP_ACCEPT_LANGUAGE="en").context["rows"]}
    assert (rows["Passert"]["status_code"], rows["Passert"]["status"]) == ("EXPIRED", "Deadline passed")
    assert (rows["Fremdeles åpen"]["status_code"], rows["Fremdeles åpen"]["status"]) == ("ACTIVE", "Open")
    page = client.get(f"/anskaffelser/kunngjoringer/{passed.doffin_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["status"] == "Deadline passed"


def test_the_list_costs_the_same_number_of_queries_with_3_and_30_notices(client):
    def count() -> int:
        client.get("/anskaffelser/")  # warm caches (sessions, language) the same way
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/anskaffelser/", {"cpv": "72000000", "sort": "deadline"}).status_code == 200
        return len(queries.captured_queries)

    for _ in range(3):
        make_notice(lots=[[("925321141", "DESINTRYGG AS")]], value=100)
    few = count()
    for _ in range(27):
        make_notice(lots=[[("925321141", "DESINTRYGG AS")]], value=100)
    assert count() == few == 3  # closing soon, the capped count, the page of rows


# --- A notice ---------------------------------------------------------------------------------------


def test_a_notice_page_shows_buyers_lots_winners_cpv_history_plan_and_doffin_link(client, personas):
    notice = make_notice(
        heading="Kontaktsenter",
        description="Løsning for telefon og chat.",
        cpv_codes=["72212222"],
        buyers=[("925321141", "DESINTRYGG AS"), ("974760673", "Statens vegvesen")],
        lots=[[("812844822", "BLOMSTERFRAKT ØST AS"), ("", "Foreign Ltd")], []],
        location_ids=["anyw"],
        value=4_000_000,
        received_tenders=3,
    )
    NoticeVersion.objects.create(notice=notice, version=1, raw={}, changed_fields=["status", "lots"])
    plan = ProcurementPlan.objects.create(title="Anskaffelsesplan 2026", buyer_name="Bærum kommune", year=2026)
    item = PlannedProcurement.objects.create(plan=plan, title="Kontaktsenterløsning", notice=notice)
    MarketDialogue.objects.create(item=item, title="Dialogkonferanse", state=MarketDialogue.State.OPEN)
    MarketDialogue.objects.create(item=item, title="Utkast", state=MarketDialogue.State.DRAFT)
    html = client.get(f"/anskaffelser/kunngjoringer/{notice.doffin_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a class="ds-link" href="/bedrifter/925321141/">DESINTRYGG AS</a>' in html
    assert '<a class="ds-link" href="/bedrifter/812844822/">BLOMSTERFRAKT ØST AS</a>' in html
    assert "Statens vegvesen" in html and 'href="/bedrifter/974760673/"' not in html
    assert "Foreign Ltd" in html and "No winner announced" in html
    assert "Web server software development services" in html
    assert "Anywhere in Norway" in html
    assert "status, lots" in html
    assert "Kontaktsenterløsning" in html and "Dialogkonferanse" in html and "Utkast" not in html
    assert f'href="https://doffin.no/notices/{notice.doffin_id}"' in html
    assert "Data: Doffin/DFØ (CC BY 4.0)" in html
    norsk = client.get(f"/anskaffelser/kunngjoringer/{notice.doffin_id}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Utvikling av programvare for webtjenere" in norsk or "72212222" in norsk


def test_a_demo_notice_has_no_doffin_link(client):
    notice = make_notice(heading="Oppfunnet", raw={"_demo": True})
    html = client.get(f"/anskaffelser/kunngjoringer/{notice.doffin_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "doffin.no/notices" not in html
    assert "Demo notice" in html


def test_an_unknown_notice_is_404(client):
    assert client.get("/anskaffelser/kunngjoringer/2026-1/").status_code == 404


# --- Awards and local share -------------------------------------------------------------------------


@pytest.fixture
def registry(db):
    baerum = MunicipalityFactory(number="3201", name="Bærum")
    oslo = MunicipalityFactory(number="0301", name="Oslo")
    BusinessFactory(orgnr="925321141", name="DESINTRYGG AS", municipality=baerum)
    BusinessFactory(orgnr="812844822", name="BLOMSTERFRAKT ØST AS", municipality=oslo)
    return baerum, oslo


def test_local_share_splits_a_notice_value_over_contracts_and_winners(registry):
    local, other = ("925321141", "DESINTRYGG AS"), ("812844822", "BLOMSTERFRAKT ØST AS")
    # 1,200,000 over two contracts (the lot without a winner does not count): 600,000 each; the first
    # contract's 600,000 over two winners, 300,000 to the local one.
    make_award(winners_by_lot=[[local, other], [other], []], value=1_200_000, cpv_codes=["72212222"])
    # A contract won by the local business alone, no value.
    make_award(winners_by_lot=[[local]], value=None, cpv_codes=["72000000"])
    # Another division and year; a foreign winner without an organisation number.
    make_award(winners_by_lot=[[("", "Foreign Ltd")]], value=90, cpv_codes=["48000000"], published_on=datetime.date(2025, 5, 1))
    # Not award notices: an intention to award, a competition.
    make_notice(type="ANNOUNCEMENT_OF_INTENT", status="", lots=[[local]], value=1000)
    make_notice(lots=[[local]], value=1000)
    rows = [(r.year, r.division, r.contracts, r.local_contracts, r.value, r.local_value) for r in local_share()]
    assert rows == [
        (2026, "72", 3, 2, Decimal("1200000.00"), Decimal("300000.00")),
        (2025, "48", 1, 0, Decimal("90.00"), Decimal("0.00")),
    ]
    assert [r.year for r in local_share(years=[2025])] == [2025]
    # Asked for Oslo instead, the other business is the local one.
    oslo = local_share(years=[2026], municipalities=["0301"])[0]
    assert (oslo.local_contracts, oslo.local_value) == (2, Decimal("900000.00"))


def test_an_awarded_status_counts_and_splits_among_distinct_winners(registry):
    local = ("925321141", "DESINTRYGG AS")
    make_notice(status="AWARDED", lots=[[local, local, ("", "X"), ("", "X"), ("", "Y")]], value=300, cpv_codes=["48000000"])
    row = local_share()[0]
    assert (row.contracts, row.local_contracts, row.value, row.local_value) == (1, 1, Decimal("300.00"), Decimal("100.00"))
    assert row.division_name == "Programvare og informasjonssystemer"  # the active language, bokmål by default


def test_awards_page_shows_the_table_and_filters_by_year(client, registry):
    make_award(winners_by_lot=[[("925321141", "DESINTRYGG AS")]], value=1_500_000)
    make_award(winners_by_lot=[[("", "Foreign Ltd")]], value=10, published_on=datetime.date(2025, 5, 1))
    html = client.get("/anskaffelser/tildelinger/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<caption>" in html and "NOK 1,500,000" in html and "2025" in html
    response = client.get("/anskaffelser/tildelinger/", {"year": "2025"})
    assert [r.year for r in response.context["rows"]] == [2025]
    bad = client.get("/anskaffelser/tildelinger/", {"year": "1800"})
    assert bad.status_code == 200 and "year" in bad.context["form"].errors


# --- Timeline ---------------------------------------------------------------------------------------


def test_the_timeline_shows_awards_to_everyone_and_registrations_to_those_allowed(client_for, personas):
    business = personas.business
    make_award(winners_by_lot=[[(business.orgnr, business.name)]], heading="Vakthold", value=10)
    make_notice(heading="Ikke tildelt", lots=[[(business.orgnr, business.name)]])
    plan = ProcurementPlan.objects.create(title="Plan", buyer_name="Bærum kommune", year=2026)
    item = PlannedProcurement.objects.create(plan=plan, title="Vakttjenester")
    dialogue = MarketDialogue.objects.create(item=item, title="Dialog om vakthold", state=MarketDialogue.State.OPEN)
    DialogueRegistration.objects.create(
        dialogue=dialogue, orgnr=business.orgnr, company_name=business.name, contact_name="Kari", email="k@test.example"
    )
    for name, sees_registration in [
        ("anonymous", False),
        ("owner", True),
        ("other_owner", False),
        ("politician", False),
        ("officer", True),
        ("admin", True),
    ]:
        html = client_for(name).get(f"/bedrifter/{business.orgnr}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Won a contract: Vakthold" in html, name
        assert "Ikke tildelt" not in html
        assert ("Registered for the market dialogue: Dialog om vakthold" in html) is sees_registration, name
    entries = timeline_for(business, personas.officer).entries
    assert [e.title for e in entries if e.app == "procurement"][:2] == [
        "Registered for the market dialogue: Dialog om vakthold",
        "Won a contract: Vakthold",
    ]


# --- Every role on every URL ------------------------------------------------------------------------

ROLES = ["anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"]


@pytest.mark.parametrize("name", ROLES)
def test_role_by_url(client_for, personas, name):
    notice = make_notice(lots=[[("925321141", "DESINTRYGG AS")]], value=10)
    make_award(winners_by_lot=[[("925321141", "DESINTRYGG AS")]], value=10)
    client = client_for(name)
    for url, status in [
        ("/anskaffelser/", 200),
        ("/anskaffelser/?cpv=72000000&type=RESULT&sort=deadline&status=ACTIVE&closing=on", 200),
        ("/anskaffelser/?cpv=1&type=x&status=y&buyer=z&deadline_from=q&value_to=w&sort=v", 200),
        (f"/anskaffelser/kunngjoringer/{notice.doffin_id}/", 200),
        ("/anskaffelser/kunngjoringer/2026-1/", 404),
        ("/anskaffelser/tildelinger/", 200),
        ("/anskaffelser/tildelinger/?year=x", 200),
    ]:
        assert client.get(url).status_code == status, url
