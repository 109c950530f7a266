"""The contact point /kontakt/: who may see and change what, the catalogue's filters, the officers' forms, routing, demo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from businesses.demo import contact as contact_demo
from businesses.models import AdviserProfile, CatalogueEntry, EnquiryRoute, IndustryCode, Topic
from businesses.queries import adviser_for_topic
from businesses.services.contact import set_routes
from portal.models import ActivityLog
from portal.roles import Role
from tests.factories import UserFactory
from tests.portal.test_access import LOGIN

P, A, S = CatalogueEntry.Provider, CatalogueEntry.Audience, CatalogueEntry.Stage

PERSONAS = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")
EVERYONE = dict.fromkeys(PERSONAS, 200)
TEAM = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "officer": 200, "admin": 200}
TEAM_ONLY_404 = {**dict.fromkeys(PERSONAS, 404), "officer": 200, "admin": 200}

MATRIX = {
    "/kontakt/": EVERYONE,
    "/kontakt/tilbud/{published}/": EVERYONE,
    "/kontakt/tilbud/{draft}/": TEAM_ONLY_404,
    "/kontakt/tilbud/ny/": TEAM,
    "/kontakt/tilbud/{published}/endre/": TEAM,
    "/kontakt/tilbud/{draft}/endre/": TEAM,
    "/kontakt/tilbud/{published}/slett/": TEAM,
    "/kontakt/radgiver/": TEAM,
    "/kontakt/ruting/": TEAM,
}


def entry(title, **fields) -> CatalogueEntry:
    values = {
        "summary": f"Om {title}",
        "topic": Topic.OTHER,
        "provider": P.MUNICIPALITY,
        "audience": A.EVERYONE,
        "stage": S.ANY,
        "sector": "",
        "url": "",
        "published": True,
    }
    return CatalogueEntry.objects.create(title=title, **(values | fields))


@pytest.fixture
def sectors(db):
    """The SN2025 sections the catalogue's sector choices come from (migration 0007 loads them; this makes sure)."""
    for code, name in [("A", "Jordbruk, skogbruk og fiske"), ("C", "Industri"), ("I", "Overnattings- og serveringsvirksomhet")]:
        IndustryCode.objects.update_or_create(version="SN2025", code=code, defaults={"level": 1, "name": name})
    IndustryCode.objects.update_or_create(
        version="SN2025", code="56", defaults={"parent_code": "I", "level": 2, "name": "Servering"}
    )
    # A section letter only the old classification has: not a sector to choose.
    IndustryCode.objects.update_or_create(version="SN2007", code="W", defaults={"level": 1, "name": "Bare i SN2007"})


@pytest.fixture
def catalogue(sectors):
    return {
        "guidance": entry(
            "Etablererveiledning",
            summary="Gratis veiledning",
            description="Vi går gjennom forretningsidéen.",
            topic=Topic.ESTABLISHING,
            audience=A.ENTREPRENEURS,
            stage=S.IDEA,
        ),
        "startup_grant": entry(
            "Oppstartstilskudd",
            summary="Tilskudd til unge bedrifter",
            topic=Topic.FUNDING,
            provider=P.INNOVATION_NORWAY,
            audience=A.ENTREPRENEURS,
            stage=S.STARTUP,
        ),
        "loans": entry("Lån", topic=Topic.FUNDING, provider=P.INNOVATION_NORWAY, audience=A.SMALL, stage=S.ESTABLISHED),
        "farm": entry("Bygdeutviklingsmidler", topic=Topic.FUNDING, provider=P.INNOVATION_NORWAY, sector="A"),
        "serving": entry("Serveringsbevilling", topic=Topic.PERMITS, stage=S.STARTUP, sector="I"),
        "premises": entry("Næringsarealer", summary="Tomter og lokaler", topic=Topic.PREMISES),
        "draft": entry("Utkast til ny ordning", topic=Topic.FUNDING, published=False),
    }


def _logs():
    """The contact point's entries in the activity log (creating the personas logs their roles)."""
    return ActivityLog.objects.filter(action__startswith="businesses.")


def _titles(response) -> list[str]:
    return [e.title for e in response.context["object_list"]]


# --- Role × URL ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template", MATRIX.keys())
def test_contact_page_answers_each_persona_as_intended(client_for, catalogue, persona, template):
    url = template.format(published=catalogue["guidance"].pk, draft=catalogue["draft"].pk)
    expected = MATRIX[template][persona]
    response = client_for(persona).get(url)
    if expected == "login":
        assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", ["owner", "other_owner", "council_member", "chief_executive", "politician"])
def test_posts_to_the_officer_forms_are_refused_and_change_nothing(client_for, catalogue, personas, persona):
    client = client_for(persona)
    guidance = catalogue["guidance"]
    urls = [
        "/kontakt/tilbud/ny/",
        f"/kontakt/tilbud/{guidance.pk}/endre/",
        f"/kontakt/tilbud/{guidance.pk}/slett/",
        "/kontakt/radgiver/",
        "/kontakt/ruting/",
    ]
    data = _entry_data(title="Kapret") | _profile_data() | {"other": str(personas.officer.pk)}
    for url in urls:
        assert client.post(url, data).status_code == 403, url
    assert CatalogueEntry.objects.count() == 7
    assert CatalogueEntry.objects.get(pk=guidance.pk).title == "Etablererveiledning"
    assert AdviserProfile.objects.count() == 0
    assert EnquiryRoute.objects.count() == 0
    assert _logs().count() == 0


def test_anonymous_post_to_an_officer_form_is_sent_to_log_in(client_for, catalogue):
    response = client_for("anonymous").post(f"/kontakt/tilbud/{catalogue['guidance'].pk}/slett/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert CatalogueEntry.objects.filter(pk=catalogue["guidance"].pk).exists()


def test_an_entry_that_does_not_exist_is_404_for_the_team_too(client_for, catalogue):
    client = client_for("officer")
    for url in ["/kontakt/tilbud/999999/", "/kontakt/tilbud/999999/endre/", "/kontakt/tilbud/999999/slett/"]:
        assert client.get(url).status_code == 404


# --- The public page ---------------------------------------------------------------------------


def test_the_page_shows_the_listed_team_and_the_call_to_action(client_for, catalogue, personas):
    listed = UserFactory(email="amir@test.example", name="Amir Haddad", role=Role.OFFICER)
    hidden = UserFactory(email="skjult@test.example", name="Skjult Rådgiver", role=Role.OFFICER)
    AdviserProfile.objects.create(
        user=listed,
        job_title="Næringsrådgiver",
        areas="Finansiering og etablering",
        languages="norsk, arabisk",
        phone="+47 67 50 40 52",
        public_email="amir@kommune.example",
        position=2,
    )
    AdviserProfile.objects.create(
        user=personas.officer, job_title="Næringssjef", areas="Næringsareal", languages="norsk", position=1
    )
    AdviserProfile.objects.create(user=hidden, job_title="Rådgiver", areas="-", languages="norsk", listed=False)
    response = client_for("anonymous").get("/kontakt/")
    assert response.status_code == 200
    assert [p.user.name for p in response.context["advisers"]] == ["Ingrid Næringssjef", "Amir Haddad"]
    html = response.content.decode()
    for text in ["Finansiering og etablering", "norsk, arabisk", 'href="tel:+4767504052"', 'href="mailto:amir@kommune.example"']:
        assert text in html
    assert "Skjult Rådgiver" not in html
    assert 'href="/kontakt/henvendelse/"' in html
    # The team's tools are not offered to the public.
    assert 'href="/kontakt/ruting/"' not in html
    assert 'href="/kontakt/ruting/"' in client_for("officer").get("/kontakt/").content.decode()


def test_the_public_sees_only_published_entries_and_the_team_sees_drafts_too(client_for, catalogue):
    published = [
        "Bygdeutviklingsmidler",
        "Etablererveiledning",
        "Lån",
        "Næringsarealer",
        "Oppstartstilskudd",
        "Serveringsbevilling",
    ]
    for persona in ("anonymous", "owner", "politician"):
        assert _titles(client_for(persona).get("/kontakt/")) == published
    assert _titles(client_for("officer").get("/kontakt/")) == sorted([*published, "Utkast til ny ordning"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=veiledning", ["Etablererveiledning"]),  # in the title
        ("q=TOMTER", ["Næringsarealer"]),  # in the summary, any case
        ("q=forretningsidéen", ["Etablererveiledning"]),  # in the description
        ("q=tilskudd+unge", ["Oppstartstilskudd"]),  # every word must match
        ("q=finnes-ikke", []),
        ("topic=funding", ["Bygdeutviklingsmidler", "Lån", "Oppstartstilskudd"]),
        ("provider=innovation_norway&topic=funding", ["Bygdeutviklingsmidler", "Lån", "Oppstartstilskudd"]),
        ("provider=county", []),
        # Entries for all businesses fit every audience, entries for any stage every stage.
        (
            "audience=entrepreneurs",
            ["Bygdeutviklingsmidler", "Etablererveiledning", "Næringsarealer", "Oppstartstilskudd", "Serveringsbevilling"],
        ),
        ("audience=small", ["Bygdeutviklingsmidler", "Lån", "Næringsarealer", "Serveringsbevilling"]),
        ("stage=startup", ["Bygdeutviklingsmidler", "Næringsarealer", "Oppstartstilskudd", "Serveringsbevilling"]),
        # An entry without a sector fits every sector.
        ("sector=I", ["Etablererveiledning", "Lån", "Næringsarealer", "Oppstartstilskudd", "Serveringsbevilling"]),
        ("sector=A", ["Bygdeutviklingsmidler", "Etablererveiledning", "Lån", "Næringsarealer", "Oppstartstilskudd"]),
        ("sector=I&stage=startup&topic=permits", ["Serveringsbevilling"]),
        (
            "q=&topic=&provider=&audience=&stage=&sector=",
            ["Bygdeutviklingsmidler", "Etablererveiledning", "Lån", "Næringsarealer", "Oppstartstilskudd", "Serveringsbevilling"],
        ),
    ],
)
def test_the_catalogue_filters_give_exactly_the_matching_entries(client_for, catalogue, query, expected):
    response = client_for("anonymous").get(f"/kontakt/?{query}")
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("topic=lottery", "topic"),
        ("provider=bank", "provider"),
        ("audience=everyone", "audience"),  # "all businesses" is the empty choice, not a value
        ("stage=any", "stage"),
        ("sector=W", "sector"),  # a letter of another classification
        ("sector=56", "sector"),  # a division, not a section
    ],
)
def test_an_invalid_filter_is_400_with_the_error_at_the_field(client_for, catalogue, query, field):
    response = client_for("anonymous").get(f"/kontakt/?{query}")
    assert response.status_code == 400
    assert list(response.context["filter"].form.errors) == [field]
    assert "Some filters could not be used" in response.content.decode() or "Noen filtre" in response.content.decode()


def test_the_filter_state_lives_in_the_url_and_in_the_page_links(client_for, catalogue):
    for index in range(25):
        entry(f"Ekstra {index:02}", topic=Topic.FUNDING)
    response = client_for("anonymous").get("/kontakt/?topic=funding&q=ekstra")
    assert response.context["paginator"].count == 25
    html = response.content.decode()
    assert 'href="?topic=funding&amp;q=ekstra&amp;page=2"' in html
    assert _titles(client_for("anonymous").get("/kontakt/?q=ekstra&topic=funding&page=2")) == [
        "Ekstra 20",
        "Ekstra 21",
        "Ekstra 22",
        "Ekstra 23",
        "Ekstra 24",
    ]
    # The chosen values are shown in the form again.
    assert '<option value="funding" selected>' in html


def test_the_index_query_count_stays_the_same_as_entries_and_advisers_grow(client_for, catalogue, personas):
    client = client_for("anonymous")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = "/kontakt/?sector=I"
    client.get(url)  # warm up (session, content types)
    before = count(url), count("/kontakt/")
    for index in range(30):
        entry(f"Flere {index}", sector="I" if index % 2 else "")
        adviser = UserFactory(email=f"r{index}@test.example", name=f"Rådgiver {index}", role=Role.OFFICER, role__totp=False)
        AdviserProfile.objects.create(user=adviser, job_title="Rådgiver", areas="Alt", languages="norsk")
    after = count(url), count("/kontakt/")
    # The sectors, the count, the page of entries, the team.
    assert after == before == (4, 4)


def test_the_officer_index_query_count_is_pinned(client_for, catalogue, django_assert_max_num_queries):
    client = client_for("officer")
    client.get("/kontakt/")
    for index in range(30):
        entry(f"Flere {index}", published=index % 3 != 0)
    with django_assert_max_num_queries(7):
        assert client.get("/kontakt/").status_code == 200


def test_an_entry_page_shows_the_entry_with_its_sector_and_link(client_for, catalogue):
    serving = catalogue["serving"]
    serving.url = "https://www.baerum.kommune.no"
    serving.save()
    response = client_for("anonymous").get(f"/kontakt/tilbud/{serving.pk}/")
    html = response.content.decode()
    assert "I – Overnattings- og serveringsvirksomhet" in html
    assert 'href="https://www.baerum.kommune.no"' in html
    assert f'href="/kontakt/tilbud/{serving.pk}/endre/"' not in html
    assert (
        f'href="/kontakt/tilbud/{serving.pk}/endre/"'
        in client_for("officer").get(f"/kontakt/tilbud/{serving.pk}/").content.decode()
    )


def test_the_navigation_and_the_front_page_lead_to_the_contact_point(client_for, db):
    html = client_for("anonymous").get("/").content.decode()
    assert 'href="/kontakt/"' in html
    assert 'href="/kontakt/henvendelse/"' in html
    contact_page = client_for("anonymous").get("/kontakt/").content.decode()
    assert '<a href="/kontakt/" aria-current="page">' in contact_page


# --- The catalogue's forms -----------------------------------------------------------------------


def _entry_data(**overrides) -> dict:
    return {
        "title": "Etablererkurs",
        "summary": "Kveldskurs for nye bedrifter.",
        "description": "Fire kvelder om budsjett, marked og regnskap.",
        "topic": "establishing",
        "provider": "municipality",
        "audience": "entrepreneurs",
        "stage": "idea",
        "sector": "",
        "url": "https://www.baerum.kommune.no",
        "published": "on",
    } | overrides


@pytest.mark.parametrize("persona", ["officer", "admin"])
def test_the_team_adds_an_entry(client_for, sectors, personas, persona):
    response = client_for(persona).post("/kontakt/tilbud/ny/", _entry_data(sector="C"))
    saved = CatalogueEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kontakt/tilbud/{saved.pk}/"
    assert (saved.title, saved.topic, saved.provider, saved.audience, saved.stage, saved.sector, saved.url, saved.published) == (
        "Etablererkurs",
        "establishing",
        "municipality",
        "entrepreneurs",
        "idea",
        "C",
        "https://www.baerum.kommune.no",
        True,
    )
    log = _logs().get()
    assert (log.action, log.actor, log.object_id, log.data) == (
        "businesses.catalogue_entry_created",
        getattr(personas, persona),
        str(saved.pk),
        {"title": "Etablererkurs"},
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"summary": ""}, "summary"),
        ({"url": "not a url"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"topic": "lottery"}, "topic"),  # tampered choices
        ({"provider": "bank"}, "provider"),
        ({"audience": "nobody"}, "audience"),
        ({"stage": "later"}, "stage"),
        ({"sector": "W"}, "sector"),
        ({"sector": "56"}, "sector"),
    ],
)
def test_a_bad_entry_is_400_with_the_error_and_nothing_is_saved(client_for, sectors, overrides, field):
    response = client_for("officer").post("/kontakt/tilbud/ny/", _entry_data(**overrides))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    html = response.content.decode()
    assert 'class="ds-error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert CatalogueEntry.objects.count() == 0
    assert _logs().count() == 0


def test_the_team_changes_an_entry_and_the_log_names_the_fields(client_for, catalogue, personas):
    guidance = catalogue["guidance"]
    data = _entry_data(title="Etablererveiledning", summary="Gratis veiledning for gründere", sector="I", published="")
    response = client_for("officer").post(f"/kontakt/tilbud/{guidance.pk}/endre/", data)
    assert response.status_code == 302
    guidance.refresh_from_db()
    assert (guidance.summary, guidance.sector, guidance.published, guidance.url) == (
        "Gratis veiledning for gründere",
        "I",
        False,
        "https://www.baerum.kommune.no",
    )
    log = _logs().get()
    assert (log.action, log.actor, log.object_id) == ("businesses.catalogue_entry_changed", personas.officer, str(guidance.pk))
    assert log.data == {"fields": ["description", "published", "sector", "summary", "url"]}
    # The same form again changes nothing and logs nothing.
    assert client_for("officer").post(f"/kontakt/tilbud/{guidance.pk}/endre/", data).status_code == 302
    assert _logs().count() == 1


def test_a_bad_change_is_400_and_the_entry_stays_as_it_was(client_for, catalogue):
    guidance = catalogue["guidance"]
    response = client_for("officer").post(f"/kontakt/tilbud/{guidance.pk}/endre/", _entry_data(title="", url="ftp//x"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "url"}
    guidance.refresh_from_db()
    assert (guidance.title, guidance.url) == ("Etablererveiledning", "")
    assert _logs().count() == 0


def test_delete_asks_first_and_deletes_on_post(client_for, catalogue, personas):
    guidance = catalogue["guidance"]
    client = client_for("officer")
    confirmation = client.get(f"/kontakt/tilbud/{guidance.pk}/slett/")
    assert confirmation.status_code == 200
    assert 'method="post"' in confirmation.content.decode()
    assert CatalogueEntry.objects.filter(pk=guidance.pk).exists()
    response = client.post(f"/kontakt/tilbud/{guidance.pk}/slett/")
    assert (response.status_code, response["Location"]) == (302, "/kontakt/")
    assert not CatalogueEntry.objects.filter(pk=guidance.pk).exists()
    log = _logs().get()
    assert (log.action, log.actor, log.object_id, log.data) == (
        "businesses.catalogue_entry_deleted",
        personas.officer,
        str(guidance.pk),
        {"title": "Etablererveiledning"},
    )
    assert client.post(f"/kontakt/tilbud/{guidance.pk}/slett/").status_code == 404


# --- The adviser's profile -----------------------------------------------------------------------


def _profile_data(**overrides) -> dict:
    return {
        "job_title": "Næringsrådgiver",
        "areas": "Etablering og finansiering",
        "languages": "norsk, engelsk",
        "phone": "+47 67 50 40 52",
        "public_email": "radgiver@kommune.example",
        "listed": "on",
        "position": "2",
    } | overrides


def test_an_officer_creates_their_profile_on_first_save_and_changes_it_later(client_for, personas):
    client = client_for("officer")
    page = client.get("/kontakt/radgiver/")
    assert page.status_code == 200
    assert page.context["profile"] is None
    assert AdviserProfile.objects.count() == 0
    assert client.post("/kontakt/radgiver/", _profile_data()).status_code == 302
    profile = AdviserProfile.objects.get()
    assert (profile.user, profile.job_title, profile.languages, profile.public_email, profile.listed, profile.position) == (
        personas.officer,
        "Næringsrådgiver",
        "norsk, engelsk",
        "radgiver@kommune.example",
        True,
        2,
    )
    assert client.post("/kontakt/radgiver/", _profile_data(languages="norsk, engelsk, polsk", listed="")).status_code == 302
    profile.refresh_from_db()
    assert (profile.languages, profile.listed) == ("norsk, engelsk, polsk", False)
    assert AdviserProfile.objects.count() == 1
    assert list(_logs().order_by("pk").values_list("action", "actor", "object_id", "data")) == [
        ("businesses.adviser_profile_created", personas.officer.pk, str(profile.pk), {}),
        ("businesses.adviser_profile_changed", personas.officer.pk, str(profile.pk), {"fields": ["languages", "listed"]}),
    ]


def test_an_officer_only_ever_edits_their_own_profile(client_for, personas):
    other = UserFactory(email="kollega@test.example", name="Kollega", role=Role.OFFICER)
    theirs = AdviserProfile.objects.create(user=other, job_title="Rådgiver", areas="Plan", languages="norsk")
    # A user field slipped into the form is not a field of the form.
    client_for("officer").post("/kontakt/radgiver/", _profile_data(user=str(other.pk)))
    theirs.refresh_from_db()
    assert (theirs.job_title, theirs.languages) == ("Rådgiver", "norsk")
    assert AdviserProfile.objects.get(user=personas.officer).job_title == "Næringsrådgiver"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"job_title": ""}, "job_title"), ({"public_email": "not-an-address"}, "public_email"), ({"position": "-1"}, "position")],
)
def test_a_bad_profile_is_400_and_not_saved(client_for, personas, overrides, field):
    response = client_for("officer").post("/kontakt/radgiver/", _profile_data(**overrides))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert AdviserProfile.objects.count() == 0
    assert _logs().count() == 0


# --- Routing -----------------------------------------------------------------------------------


@pytest.fixture
def advisers(personas):
    amir = UserFactory(email="amir@test.example", name="Amir Haddad", role=Role.OFFICER)
    return personas.officer, amir


def test_routing_saves_exactly_the_chosen_advisers(client_for, personas, advisers):
    ingrid, amir = advisers
    client = client_for("officer")
    page = client.get("/kontakt/ruting/")
    assert page.status_code == 200
    # Only officers are offered.
    choices = [value for value, _label in page.context["form"].fields["funding"].choices]
    assert choices == ["", str(amir.pk), str(ingrid.pk)]  # by name
    chosen = {topic: str(amir.pk) for topic in Topic.values} | {"premises": str(ingrid.pk), "other": ""}
    assert client.post("/kontakt/ruting/", chosen).status_code == 302
    expected = {topic: amir.pk for topic in Topic.values if topic not in ("premises", "other")} | {"premises": ingrid.pk}
    assert dict(EnquiryRoute.objects.values_list("topic", "adviser_id")) == expected
    log = _logs().get()
    assert (log.action, log.actor, log.data) == ("businesses.routes_changed", personas.officer, {"routes": expected})
    # The form shows the table as saved; saving it again changes and logs nothing.
    assert client.get("/kontakt/ruting/").context["form"].initial["premises"] == str(ingrid.pk)
    client.post("/kontakt/ruting/", chosen)
    assert _logs().count() == 1
    # Moving one topic and clearing another touches only those two.
    client.post("/kontakt/ruting/", chosen | {"funding": str(ingrid.pk), "premises": ""})
    moved = {topic: adviser for topic, adviser in expected.items() if topic != "premises"} | {"funding": ingrid.pk}
    assert dict(EnquiryRoute.objects.values_list("topic", "adviser_id")) == moved
    assert _logs().order_by("-pk").first().data == {"routes": {"funding": ingrid.pk, "premises": None}}


@pytest.mark.parametrize("who", ["owner", "chief_executive", "admin", "inactive", "nobody"])
def test_routing_to_someone_who_is_not_an_officer_is_400_and_nothing_changes(client_for, personas, advisers, who):
    ingrid, amir = advisers
    EnquiryRoute.objects.create(topic="funding", adviser=amir)
    inactive = UserFactory(email="sluttet@test.example", name="Sluttet", role=Role.OFFICER, is_active=False)
    target = {"inactive": inactive.pk, "nobody": 999999}.get(who) or getattr(personas, who).pk
    data = {topic: str(ingrid.pk) for topic in Topic.values} | {"funding": str(target)}
    response = client_for("officer").post("/kontakt/ruting/", data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["funding"]
    assert 'href="#id_funding"' in response.content.decode()
    assert dict(EnquiryRoute.objects.values_list("topic", "adviser_id")) == {"funding": amir.pk}
    assert _logs().count() == 0


def test_adviser_for_topic_follows_the_routing_table_then_the_first_listed_adviser(personas, advisers):
    ingrid, amir = advisers
    assert adviser_for_topic("funding") is None
    AdviserProfile.objects.create(user=amir, job_title="Rådgiver", areas="-", languages="norsk", position=2)
    AdviserProfile.objects.create(user=ingrid, job_title="Sjef", areas="-", languages="norsk", position=1, listed=False)
    assert adviser_for_topic("funding") == amir  # Ingrid is not listed
    set_routes({"funding": ingrid}, by=ingrid)
    assert adviser_for_topic("funding") == ingrid
    assert adviser_for_topic("premises") == amir
    ingrid.is_active = False
    ingrid.save()
    assert adviser_for_topic("funding") == amir


# --- Demo --------------------------------------------------------------------------------------


ALLOWED_LINKS = {
    "",
    "https://www.innovasjonnorge.no",
    "https://www.siva.no",
    "https://www.akershus.no",
    "https://www.nav.no",
    "https://www.mattilsynet.no",
    "https://www.altinn.no",
    "https://www.brreg.no",
    "https://www.doffin.no",
    "https://www.baerum.kommune.no",
    "https://www.asker.kommune.no",
}


def test_the_demo_loads_twice_with_the_same_counts_and_covers_every_topic(db):
    from businesses.services.registry import load_reference_tables

    load_reference_tables()
    users = {
        email: UserFactory(email=email, name=name, role=Role.OFFICER)
        for email, name in [("naeringssjef@demo.example", "Ingrid Berg"), ("naeringsradgiver@demo.example", "Amir Haddad")]
    }
    first = contact_demo.load(users)
    assert first == contact_demo.load(users)
    assert first == {"adviser_profiles": 2, "enquiry_routes": len(Topic.values), "catalogue_entries": len(contact_demo.CATALOGUE)}
    assert len(contact_demo.CATALOGUE) >= 16
    assert set(EnquiryRoute.objects.values_list("topic", flat=True)) == set(Topic.values)
    assert set(EnquiryRoute.objects.values_list("adviser__email", flat=True)) == set(users)
    entries = CatalogueEntry.objects.all()
    assert {e.url for e in entries} <= ALLOWED_LINKS
    sections = set(IndustryCode.objects.filter(version="SN2025", level=1).values_list("code", flat=True))
    assert {e.sector for e in entries} - {""} <= sections
    assert {e.topic for e in entries} == set(Topic.values)
    for e in entries:
        e.full_clean()
