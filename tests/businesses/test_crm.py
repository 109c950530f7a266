"""The officers' CRM: who may use it, the one-form interaction, follow-ups, red flags, tags, the panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from businesses.models import Contact, FollowUp, Interaction, RedFlag, Tag
from businesses.services import crm as services
from portal.models import ActivityLog
from tests.businesses.factories_crm import (
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    RedFlagFactory,
    TagFactory,
)
from tests.factories import BusinessFactory

TODAY = timezone.localdate


@pytest.fixture
def crm(personas):
    business = personas.business
    contact = ContactFactory(business=business, name="Per Kontakt", email="per@desintrygg.example")
    interaction = InteractionFactory(businesses=[business], contacts=[contact], created_by=personas.officer)
    follow_up = FollowUpFactory(business=business, owner=personas.officer)
    flag = RedFlagFactory(business=business, raised_by=personas.officer)
    tag = TagFactory(name="Fornebu teknologiklynge")
    tag.businesses.add(business)
    return {
        "business": business,
        "contact": contact,
        "interaction": interaction,
        "follow_up": follow_up,
        "flag": flag,
        "tag": tag,
    }


def page_urls(crm) -> list[str]:
    orgnr = crm["business"].orgnr
    return [
        reverse("businesses:contact_add", args=[orgnr]),
        reverse("businesses:contact_edit", args=[crm["contact"].pk]),
        reverse("businesses:contact_export", args=[crm["contact"].pk]),
        reverse("businesses:contact_erase", args=[crm["contact"].pk]),
        reverse("businesses:interaction_add", args=[orgnr]),
        reverse("businesses:interactions"),
        reverse("businesses:interaction_edit", args=[crm["interaction"].pk]),
        reverse("businesses:follow_up_add", args=[orgnr]),
        reverse("businesses:follow_ups"),
        reverse("businesses:follow_up_edit", args=[crm["follow_up"].pk]),
        reverse("businesses:red_flag_add", args=[orgnr]),
        reverse("businesses:red_flags"),
        reverse("businesses:red_flag_edit", args=[crm["flag"].pk]),
        reverse("businesses:red_flag_resolve", args=[crm["flag"].pk]),
        reverse("businesses:tags"),
        reverse("businesses:tags") + f"?merke={crm['tag'].pk}",
    ]


def post_urls(crm) -> list[str]:
    return [
        reverse("businesses:follow_up_state", args=[crm["follow_up"].pk]),
        reverse("businesses:tags_set", args=[crm["business"].orgnr]),
        reverse("businesses:contact_erase", args=[crm["contact"].pk]),
        reverse("businesses:interaction_add", args=[crm["business"].orgnr]),
    ]


DENIED = ["owner", "other_owner", "council_member", "chief_executive", "politician"]


@pytest.mark.parametrize("persona", ["officer", "admin"])
def test_the_team_opens_every_crm_page(client_for, crm, persona):
    client = client_for(persona)
    for url in page_urls(crm):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_else_is_refused_every_crm_page_and_action(client_for, crm, persona):
    client = client_for(persona)
    for url in page_urls(crm):
        assert client.get(url).status_code == 403, url
    for url in post_urls(crm):
        assert client.post(url, {"action": "done", "interaction-subject": "x"}).status_code == 403, url
    assert Contact.objects.count() == 1
    assert FollowUp.objects.get().state == FollowUp.State.OPEN
    assert Interaction.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client_for, crm):
    client = client_for("anonymous")
    for url in page_urls(crm) + post_urls(crm):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("persona", ["anonymous", "owner", "council_member", "chief_executive", "politician"])
def test_the_business_page_shows_no_crm_to_anyone_outside_the_team(client_for, crm, persona):
    response = client_for(persona).get(reverse("businesses:detail", args=[crm["business"].orgnr]))
    assert response.status_code == 200
    assert response.context["crm_panel"] == {}
    content = response.content.decode()
    assert "Per Kontakt" not in content
    assert "per@desintrygg.example" not in content
    assert 'id="crm-heading"' not in content


def test_the_business_page_shows_the_panel_to_an_officer(client_for, crm):
    response = client_for("officer").get(reverse("businesses:detail", args=[crm["business"].orgnr]))
    content = response.content.decode()
    assert 'id="crm-heading"' in content
    assert "Per Kontakt" in content
    assert "Fornebu teknologiklynge" in content
    assert crm["follow_up"].title in content
    assert reverse("businesses:red_flag_resolve", args=[crm["flag"].pk]) in content
    assert reverse("businesses:interaction_add", args=[crm["business"].orgnr]) in content


# --- Contacts ---------------------------------------------------------------------------------


def test_an_officer_adds_a_contact_with_the_default_retention(client_for, personas, settings):
    settings.CONTACT_RETENTION_DAYS = 730
    client = client_for("officer")
    url = reverse("businesses:contact_add", args=[personas.business.orgnr])
    default = client.get(url).context["form"]["retain_until"].value()
    assert default == TODAY() + datetime.timedelta(days=730)
    response = client.post(
        url,
        {
            "name": "Ola Kontakt",
            "role": "Daglig leder",
            "email": "ola@desintrygg.example",
            "phone": "+47 91234567",
            "lawful_basis": "public_task",
            "retain_until": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            "notes": "Foretrekker telefon.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.business, contact.name, contact.email, contact.created_by) == (
        personas.business,
        "Ola Kontakt",
        "ola@desintrygg.example",
        personas.officer,
    )
    entry = ActivityLog.objects.get(action="businesses.contact_added")
    assert entry.data == {"contact": contact.pk, "business": "925321141"}


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"email": "not-an-address"},
        {"retain_until": "2001-01-01"},
        {"lawful_basis": "because"},
    ],
)
def test_a_bad_contact_is_refused_and_nothing_saved(client_for, personas, change):
    data = {
        "name": "Ola Kontakt",
        "lawful_basis": "public_task",
        "retain_until": (TODAY() + datetime.timedelta(days=30)).isoformat(),
    } | change
    response = client_for("officer").post(reverse("businesses:contact_add", args=[personas.business.orgnr]), data)
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert Contact.objects.count() == 0
    assert not ActivityLog.objects.filter(action__startswith="businesses.contact").exists()


def test_retention_today_is_not_in_the_future(client_for, personas):
    response = client_for("officer").post(
        reverse("businesses:contact_add", args=[personas.business.orgnr]),
        {"name": "X", "lawful_basis": "consent", "retain_until": TODAY().isoformat()},
    )
    assert response.status_code == 400
    assert Contact.objects.count() == 0


def test_editing_a_contact_logs_the_fields_not_the_values(client_for, crm):
    contact = crm["contact"]
    response = client_for("officer").post(
        reverse("businesses:contact_edit", args=[contact.pk]),
        {
            "name": "Per Kontakt",
            "role": "Styreleder",
            "email": "ny@desintrygg.example",
            "phone": contact.phone,
            "lawful_basis": contact.lawful_basis,
            "retain_until": contact.retain_until.isoformat(),
            "notes": "",
            "business": str(BusinessFactory().pk),  # not a field: ignored, the contact stays where it is
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.role, contact.email, contact.business_id) == ("Styreleder", "ny@desintrygg.example", crm["business"].pk)
    entry = ActivityLog.objects.get(action="businesses.contact_updated")
    assert entry.data == {"contact": contact.pk, "business": "925321141", "fields": ["role", "email"]}


def test_an_unknown_contact_id_answers_404(client_for, crm):
    client = client_for("officer")
    for name in ("contact_edit", "contact_export", "contact_erase"):
        assert client.get(reverse(f"businesses:{name}", args=[crm["contact"].pk + 999])).status_code == 404


# --- Interactions: the one form ------------------------------------------------------------------


def interaction_data(**extra) -> dict:
    data = {
        "interaction-kind": "call",
        "interaction-date": TODAY().isoformat(),
        "interaction-subject": "Behov for nye lokaler",
        "interaction-notes": "Vokser ut av lokalene på Fornebu.",
    }
    return data | {f"interaction-{k}": v for k, v in extra.items()}


def test_logging_a_call_with_its_follow_up_is_one_submit(client_for, crm, personas):
    business, contact = crm["business"], crm["contact"]
    due = TODAY() + datetime.timedelta(days=14)
    response = client_for("officer").post(
        reverse("businesses:interaction_add", args=[business.orgnr]),
        interaction_data(
            contacts=[contact.pk],
            participants=[personas.admin.pk],
            other_businesses="812844822",
            follow_up_title="Send oversikt over ledige lokaler",
            follow_up_due=due.isoformat(),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("businesses:detail", args=[business.orgnr]) + "#crm-heading"
    interaction = Interaction.objects.exclude(pk=crm["interaction"].pk).get()
    assert (interaction.kind, interaction.date, interaction.subject, interaction.created_by) == (
        "call",
        TODAY(),
        "Behov for nye lokaler",
        personas.officer,
    )
    assert sorted(interaction.businesses.values_list("orgnr", flat=True)) == ["812844822", "925321141"]
    assert list(interaction.contacts.all()) == [contact]
    assert list(interaction.participants.all()) == [personas.admin]
    follow_up = FollowUp.objects.get(interaction=interaction)
    assert (follow_up.business, follow_up.title, follow_up.due, follow_up.owner, follow_up.state) == (
        business,
        "Send oversikt over ledige lokaler",
        due,
        personas.officer,
        FollowUp.State.OPEN,
    )
    assert ActivityLog.objects.get(action="businesses.interaction_logged").data == {
        "kind": "call",
        "date": TODAY().isoformat(),
        "businesses": ["925321141", "812844822"],
        "contacts": [contact.pk],
    }
    assert ActivityLog.objects.filter(action="businesses.follow_up_added").count() == 1


def test_the_same_interaction_sent_twice_is_saved_once(client_for, personas):
    client = client_for("officer")
    url = reverse("businesses:interaction_add", args=[personas.business.orgnr])
    assert client.post(url, interaction_data()).status_code == 302
    assert client.post(url, interaction_data()).status_code == 302
    assert Interaction.objects.count() == 1
    assert ActivityLog.objects.filter(action="businesses.interaction_logged").count() == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"kind": "dinner"},
        {"date": (TODAY() + datetime.timedelta(days=1)).isoformat()},
        {"subject": ""},
        {"other_businesses": "123"},
        {"other_businesses": "999999999"},
        {"participants": ["999999"]},
        {"follow_up_title": "Ring igjen"},
        {"follow_up_title": "Ring igjen", "follow_up_due": "2001-01-01"},
    ],
)
def test_a_bad_interaction_is_refused_and_nothing_saved(client_for, personas, extra):
    response = client_for("officer").post(
        reverse("businesses:interaction_add", args=[personas.business.orgnr]), interaction_data(**extra)
    )
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert Interaction.objects.count() == 0
    assert FollowUp.objects.count() == 0


def test_a_contact_of_another_business_in_the_form_is_refused(client_for, personas):
    """IDOR: a tampered contact id (of another business) in the interaction form: 400, nothing saved."""
    stranger = ContactFactory(business=personas.other_business)
    response = client_for("officer").post(
        reverse("businesses:interaction_add", args=[personas.business.orgnr]), interaction_data(contacts=[stranger.pk])
    )
    assert response.status_code == 400
    assert Interaction.objects.count() == 0
    assert not stranger.interactions.exists()


def test_an_officer_edits_an_interaction(client_for, crm, personas):
    interaction = crm["interaction"]
    response = client_for("officer").post(
        reverse("businesses:interaction_edit", args=[interaction.pk]),
        {
            "interaction-kind": "visit",
            "interaction-date": interaction.date.isoformat(),
            "interaction-subject": "Bedriftsbesøk",
            "interaction-notes": "",
            "interaction-businesses": "925321141, 812844822",
            "interaction-contacts": [],
        },
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.kind, interaction.subject) == ("visit", "Bedriftsbesøk")
    assert sorted(interaction.businesses.values_list("orgnr", flat=True)) == ["812844822", "925321141"]
    assert not interaction.contacts.exists()
    entry = ActivityLog.objects.get(action="businesses.interaction_updated")
    assert entry.data == {
        "fields": ["kind", "subject", "businesses", "contacts"],
        "businesses": ["812844822", "925321141"],
        "contacts": [],
    }


def test_editing_an_interaction_with_a_contact_of_a_business_not_concerned_is_refused(client_for, crm, personas):
    stranger = ContactFactory(business=personas.other_business)
    interaction = crm["interaction"]
    response = client_for("officer").post(
        reverse("businesses:interaction_edit", args=[interaction.pk]),
        {
            "interaction-kind": "call",
            "interaction-date": interaction.date.isoformat(),
            "interaction-subject": interaction.subject,
            "interaction-businesses": "925321141",
            "interaction-contacts": [stranger.pk],
        },
    )
    assert response.status_code == 400
    assert list(interaction.contacts.all()) == [crm["contact"]]


def test_the_interaction_list_filters(client_for, crm, personas):
    tag = crm["tag"]
    InteractionFactory(businesses=[personas.other_business], kind="visit", created_by=personas.admin)
    client = client_for("officer")
    url = reverse("businesses:interactions")
    assert [i.pk for i in client.get(url).context["object_list"]] != []
    assert list(client.get(url, {"kind": "visit"}).context["object_list"].values_list("businesses__orgnr", flat=True)) == [
        "812844822"
    ]
    assert [i.pk for i in client.get(url, {"tag": tag.pk}).context["object_list"]] == [crm["interaction"].pk]
    assert [i.pk for i in client.get(url, {"officer": personas.officer.pk}).context["object_list"]] == [crm["interaction"].pk]
    assert [i.pk for i in client.get(url, {"business": "925321141"}).context["object_list"]] == [crm["interaction"].pk]
    assert client.get(url, {"date_from": "not a date"}).status_code == 400


def test_the_interaction_list_query_count_is_constant(client_for, personas, django_assert_max_num_queries):
    client = client_for("officer")
    url = reverse("businesses:interactions")

    def add(n):
        for _ in range(n):
            InteractionFactory(businesses=[personas.business, BusinessFactory()], created_by=personas.officer).participants.add(
                personas.admin
            )

    add(3)
    with django_assert_max_num_queries(12):
        client.get(url)
    add(15)
    with django_assert_max_num_queries(12):
        assert len(client.get(url).context["object_list"]) == 18


# --- Follow-ups --------------------------------------------------------------------------------


def test_follow_up_add_and_state_changes(client_for, personas):
    client = client_for("officer")
    due = TODAY() + datetime.timedelta(days=5)
    response = client.post(
        reverse("businesses:follow_up_add", args=[personas.business.orgnr]),
        {"title": "Send tilbud", "notes": "", "owner": personas.admin.pk, "due": due.isoformat()},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.title, follow_up.owner, follow_up.due, follow_up.created_by) == (
        "Send tilbud",
        personas.admin,
        due,
        personas.officer,
    )
    url = reverse("businesses:follow_up_state", args=[follow_up.pk])
    assert client.post(url, {"action": "done"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DONE and follow_up.completed_at is not None
    assert client.post(url, {"action": "done"}).status_code == 302  # a repeat changes nothing
    assert client.post(url, {"action": "reopen"}).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.completed_at) == (FollowUp.State.OPEN, None)
    assert client.post(url, {"action": "cancelled"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.CANCELLED
    assert list(
        ActivityLog.objects.filter(action__startswith="businesses.follow_up").order_by("pk").values_list("action", flat=True)
    ) == [
        "businesses.follow_up_added",
        "businesses.follow_up_done",
        "businesses.follow_up_reopen",
        "businesses.follow_up_cancelled",
    ]
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("change", [{"owner": "999999"}, {"due": "2001-01-01"}, {"title": ""}])
def test_a_bad_follow_up_is_refused(client_for, personas, change):
    data = {
        "title": "Send tilbud",
        "owner": personas.officer.pk,
        "due": (TODAY() + datetime.timedelta(days=1)).isoformat(),
    } | change
    response = client_for("officer").post(reverse("businesses:follow_up_add", args=[personas.business.orgnr]), data)
    assert response.status_code == 400
    assert FollowUp.objects.count() == 0


def test_a_follow_up_owner_must_be_on_the_team(client_for, personas):
    data = {"title": "Send tilbud", "owner": personas.owner.pk, "due": (TODAY() + datetime.timedelta(days=1)).isoformat()}
    response = client_for("officer").post(reverse("businesses:follow_up_add", args=[personas.business.orgnr]), data)
    assert response.status_code == 400
    assert FollowUp.objects.count() == 0


def test_the_follow_up_list_shows_mine_and_open_by_default_sorted_by_due(client_for, personas):
    later = FollowUpFactory(business=personas.business, owner=personas.officer, due=TODAY() + datetime.timedelta(days=9))
    overdue = FollowUpFactory(business=personas.business, owner=personas.officer, due=TODAY() - datetime.timedelta(days=2))
    FollowUpFactory(business=personas.business, owner=personas.admin)
    FollowUpFactory(business=personas.business, owner=personas.officer, state=FollowUp.State.DONE)
    client = client_for("officer")
    url = reverse("businesses:follow_ups")
    assert list(client.get(url).context["object_list"]) == [overdue, later]
    assert list(client.get(url, {"overdue": "true"}).context["object_list"]) == [overdue]
    assert len(client.get(url, {"who": "all", "state": ""}).context["object_list"]) == 4
    assert client.get(url, {"state": "lost"}).status_code == 400


def test_the_follow_up_list_query_count_is_constant(client_for, personas, django_assert_max_num_queries):
    client = client_for("officer")
    url = reverse("businesses:follow_ups")
    for _ in range(3):
        FollowUpFactory(business=BusinessFactory(), owner=personas.officer)
    with django_assert_max_num_queries(10):
        client.get(url)
    for _ in range(15):
        FollowUpFactory(business=BusinessFactory(), owner=personas.officer)
    with django_assert_max_num_queries(10):
        assert len(client.get(url).context["object_list"]) == 18


# --- Red flags ---------------------------------------------------------------------------------


def test_raise_and_resolve_a_red_flag(client_for, personas):
    client = client_for("officer")
    response = client.post(
        reverse("businesses:red_flag_add", args=[personas.business.orgnr]),
        {
            "category": "relocation",
            "severity": "3",
            "description": "Vurderer å flytte til Drammen.",
            "referred_to": "Plan og bygg",
        },
    )
    assert response.status_code == 302
    flag = RedFlag.objects.get()
    assert (flag.category, flag.severity, flag.referred_to, flag.raised_by) == ("relocation", 3, "Plan og bygg", personas.officer)
    url = reverse("businesses:red_flag_resolve", args=[flag.pk])
    assert client.post(url, {"resolution": ""}).status_code == 400
    flag.refresh_from_db()
    assert flag.resolved_at is None
    assert client.post(url, {"resolution": "Fikk tomt på Sandvika."}).status_code == 302
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == ("Fikk tomt på Sandvika.", personas.officer)
    resolved_at = flag.resolved_at
    assert client.post(url, {"resolution": "Igjen"}).status_code == 302  # a repeat changes nothing
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_at) == ("Fikk tomt på Sandvika.", resolved_at)
    assert ActivityLog.objects.filter(action="businesses.red_flag_resolved").count() == 1
    assert ActivityLog.objects.get(action="businesses.red_flag_raised").data == {
        "business": "925321141",
        "category": "relocation",
        "severity": 3,
    }


@pytest.mark.parametrize("change", [{"category": "aliens"}, {"severity": "7"}, {"description": ""}])
def test_a_bad_red_flag_is_refused(client_for, personas, change):
    data = {"category": "labour", "severity": "2", "description": "Mangler sveisere."} | change
    response = client_for("officer").post(reverse("businesses:red_flag_add", args=[personas.business.orgnr]), data)
    assert response.status_code == 400
    assert RedFlag.objects.count() == 0


def test_the_red_flag_list_shows_open_by_default_and_filters(client_for, personas, django_assert_max_num_queries):
    open_flag = RedFlagFactory(business=personas.business, severity=3)
    resolved = RedFlagFactory(business=personas.other_business, category="labour", resolved_at=timezone.now())
    client = client_for("officer")
    url = reverse("businesses:red_flags")
    assert list(client.get(url).context["object_list"]) == [open_flag]
    assert list(client.get(url, {"status": "resolved"}).context["object_list"]) == [resolved]
    assert list(client.get(url, {"status": "", "category": "labour"}).context["object_list"]) == [resolved]
    assert list(client.get(url, {"severity": "3"}).context["object_list"]) == [open_flag]
    for _ in range(15):
        RedFlagFactory(business=BusinessFactory(), raised_by=personas.officer)
    with django_assert_max_num_queries(10):
        assert len(client.get(url).context["object_list"]) == 16


# --- Tags --------------------------------------------------------------------------------------


def test_tags_are_set_and_created_on_a_business(client_for, personas):
    existing = TagFactory(kind=Tag.Kind.BUSINESS_PARK, name="Lysaker næringspark")
    client = client_for("officer")
    url = reverse("businesses:tags_set", args=[personas.business.orgnr])
    response = client.post(url, {"tags-tags": [existing.pk], "tags-new_kind": "anchor", "tags-new_name": "Lokomotivbedrifter"})
    assert response.status_code == 302
    assert sorted(personas.business.tags.values_list("name", flat=True)) == ["Lokomotivbedrifter", "Lysaker næringspark"]
    entry = ActivityLog.objects.get(action="businesses.tags_set")
    assert entry.data == {"added": ["Lokomotivbedrifter", "Lysaker næringspark"], "removed": [], "created": True}
    anchor = Tag.objects.get(name="Lokomotivbedrifter")
    client.post(url, {"tags-tags": [existing.pk, anchor.pk], "tags-new_kind": "segment"})  # the same set: no-op
    assert ActivityLog.objects.filter(action="businesses.tags_set").count() == 1
    assert client.post(url, {"tags-tags": ["99999"], "tags-new_kind": "segment"}).status_code == 400
    assert client.post(url, {"tags-tags": [], "tags-new_kind": "planet", "tags-new_name": "X"}).status_code == 400
    assert personas.business.tags.count() == 2
    page = client.get(reverse("businesses:tags"))
    assert page.status_code == 200
    assert "Lokomotivbedrifter" in page.content.decode()
    one = client.get(reverse("businesses:tags"), {"merke": anchor.pk})
    assert list(one.context["tagged"]) == [personas.business]
    assert client.get(reverse("businesses:tags"), {"merke": "x"}).status_code == 404


# --- The panel -----------------------------------------------------------------------------------


def _fill(business, officer, n):
    tag = TagFactory()
    tag.businesses.add(business)
    for _ in range(n):
        contact = ContactFactory(business=business)
        InteractionFactory(businesses=[business], contacts=[contact], created_by=officer)
        FollowUpFactory(business=business, owner=officer)
        RedFlagFactory(business=business, raised_by=officer)


def test_the_panel_query_count_is_constant_as_rows_grow(client_for, personas, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("officer")
    url = reverse("businesses:detail", args=[personas.business.orgnr])
    _fill(personas.business, personas.officer, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill(personas.business, personas.officer, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["crm_panel"]["contacts"]) == 14
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 25


def test_the_services_repeat_as_no_ops(personas):
    officer, business = personas.officer, personas.business
    first = services.add_contact(
        business, by=officer, name="A", email="a@x.example", retain_until=TODAY() + datetime.timedelta(days=1)
    )
    assert (
        services.add_contact(
            business, by=officer, name="A", email="a@x.example", retain_until=TODAY() + datetime.timedelta(days=1)
        )
        == first
    )
    flag = services.raise_red_flag(business, by=officer, category="labour", severity=2, description="Mangler folk")
    assert services.raise_red_flag(business, by=officer, category="labour", severity=2, description="Mangler folk") == flag
    follow_up = services.add_follow_up(business, by=officer, title="Ring", owner=officer, due=TODAY())
    assert services.add_follow_up(business, by=officer, title="Ring", owner=officer, due=TODAY()) == follow_up
    assert services.update_contact(first, by=officer, changed=[]) is False
    assert services.set_business_tags(business, by=officer, tags=[]) is False
    assert ActivityLog.objects.filter(action__startswith="businesses.").count() == 3


def test_the_panel_itself_takes_five_queries(rf, personas, django_assert_num_queries):
    from businesses.views.crm import detail_panel

    _fill(personas.business, personas.officer, 5)
    request = rf.get("/")
    request.user = personas.officer
    request.user.has_perm("businesses.use_crm")  # the user's roles are read once per request, before the panel
    with django_assert_num_queries(5):
        panel = detail_panel(request, personas.business)
        html = panel["interaction_form"].as_div() + panel["tags_form"].as_div()
    assert len(panel["contacts"]) == 5
    assert html.count('name="interaction-contacts"') == 5
    assert html.count('name="interaction-participants"') == 2
    assert html.count('name="tags-tags"') == 1
    assert [t.name for t in panel["tags"]] == [t.name for t in personas.business.tags.all()]


def test_the_tag_list_query_count_is_constant(client_for, personas, django_assert_max_num_queries):
    client = client_for("officer")
    url = reverse("businesses:tags")
    tag = TagFactory()
    tag.businesses.add(personas.business)
    with django_assert_max_num_queries(8):
        client.get(url)
    with django_assert_max_num_queries(8):
        client.get(url, {"merke": tag.pk})
    for _ in range(10):
        TagFactory(kind=Tag.Kind.BUSINESS_PARK).businesses.add(personas.business, personas.other_business)
        tag.businesses.add(BusinessFactory())
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert [t.business_count for t in response.context["tags"] if t.kind == Tag.Kind.BUSINESS_PARK] == [2] * 10
    with django_assert_max_num_queries(8):
        assert len(client.get(url, {"merke": tag.pk}).context["tagged"]) == 11
