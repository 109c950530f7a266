"""The alert pages: who may see what (role × URL), the subscription form, and the signed unsubscribe link."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from portal.rules import is_business_owner
from procurement.models import AlertSubscription
from procurement.services.alerts import unsubscribe_token
from procurement.startpage import my_alerts
from tests.procurement.factories_alerts import make_subscription

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


@pytest.fixture
def owners_alert(personas):
    return make_subscription(user=personas.owner, business=personas.business, name="Renhold", email="owner@test.example")


def urls(subscription):
    return {
        "list": reverse("procurement:alerts"),
        "add": reverse("procurement:alert_add"),
        "edit": reverse("procurement:alert_edit", args=[subscription.pk]),
        "delete": reverse("procurement:alert_delete", args=[subscription.pk]),
        "unsubscribe": reverse("procurement:alert_unsubscribe", args=[unsubscribe_token(subscription)]),
    }


# Who gets what for the owner's subscription: the owner and the procurement team (officer, administrator)
# may change it; another logged-in user does not learn that it exists.
EXPECTED = {
    "anonymous": {"list": 302, "add": 302, "edit": 302, "delete": 302, "unsubscribe": 200},
    "owner": {"list": 200, "add": 200, "edit": 200, "delete": 200, "unsubscribe": 200},
    "other_owner": {"list": 200, "add": 200, "edit": 404, "delete": 404, "unsubscribe": 200},
    "officer": {"list": 200, "add": 200, "edit": 200, "delete": 200, "unsubscribe": 200},
    "council_member": {"list": 200, "add": 200, "edit": 404, "delete": 404, "unsubscribe": 200},
    "chief_executive": {"list": 200, "add": 200, "edit": 404, "delete": 404, "unsubscribe": 200},
    "politician": {"list": 200, "add": 200, "edit": 404, "delete": 404, "unsubscribe": 200},
    "admin": {"list": 200, "add": 200, "edit": 200, "delete": 200, "unsubscribe": 200},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_role_by_url(persona, client_for, owners_alert):
    client = client_for(persona)
    got = {name: client.get(url).status_code for name, url in urls(owners_alert).items()}
    assert got == EXPECTED[persona]


def test_anonymous_is_sent_to_the_login(client_for, owners_alert):
    response = client_for("anonymous").get(reverse("procurement:alerts"))
    assert response["Location"] == f"{LOGIN}?next=/anskaffelser/varsler/"


def test_another_owner_can_neither_change_nor_delete_the_owners_alert(client_for, owners_alert):
    client = client_for("other_owner")
    assert client.post(urls(owners_alert)["delete"]).status_code == 404
    assert client.post(urls(owners_alert)["edit"], {"name": "Mine"}).status_code == 404
    assert AlertSubscription.objects.get().name == "Renhold"
    assert "Renhold" not in client.get(reverse("procurement:alerts")).content.decode()


def test_the_list_shows_own_alerts_and_those_the_team_set_up_for_the_business(client_for, personas, owners_alert):
    make_subscription(
        user=personas.officer, business=personas.business, name="Satt opp av kommunen", email="post@desintrygg.example"
    )
    make_subscription(user=personas.other_owner, business=personas.other_business, name="Blomster")
    page = client_for("owner").get(reverse("procurement:alerts")).content.decode()
    assert "Renhold" in page and "Satt opp av kommunen" in page and "Blomster" not in page


def form_data(**overrides):
    data = {
        "name": "Renhold i kommunen",
        "email": "",
        "language": "nb",
        "codes": "90911200-8\n45000000",
        "keywords": "renhold, Vask",
        "min_value": "100000",
        "max_value": "2000000",
        "kinds": ["notices", "plans"],
        "frequency": "daily",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_owner_sets_up_an_alert_for_their_business_with_ticked_suggestions(client_for, personas):
    personas.business.industry_codes = [{"code": "81.210", "description": "Rengjøring av bygninger"}]
    personas.business.industry_division = "81"
    personas.business.save()
    client = client_for("owner")
    page = client.get(reverse("procurement:alert_add")).content.decode()
    assert 'value="90900000"' in page and "90900000 " in page  # a ticked checkbox with its label
    assert page.count('name="suggested"') == 4
    response = client.post(
        reverse("procurement:alert_add"),
        form_data(business=str(personas.business.pk), suggested=["90900000", "77310000"]),
    )
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.user, subscription.business, subscription.email, subscription.frequency) == (
        personas.owner,
        personas.business,
        "owner@test.example",
        "daily",
    )
    assert (subscription.min_value, subscription.max_value) == (Decimal("100000"), Decimal("2000000"))
    assert (subscription.include_notices, subscription.include_plans, subscription.include_dialogues) == (True, True, False)
    assert sorted(subscription.cpv.values_list("code", flat=True)) == ["45000000", "77310000", "90900000", "90911200"]
    assert sorted(subscription.keyword_rows.values_list("word", flat=True)) == ["renhold", "vask"]


def test_showing_suggestions_for_another_business_saves_nothing(client_for, personas):
    personas.business.industry_codes = [{"code": "62.010", "description": "Programmering"}]
    personas.business.save()
    response = client_for("owner").post(
        reverse("procurement:alert_add"), form_data(business=str(personas.business.pk), refresh="1")
    )
    assert response.status_code == 200
    assert 'value="72000000"' in response.content.decode()
    assert not AlertSubscription.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"codes": "90911200 12345678"}, "codes", "Unknown CPV code: 12345678."),
        ({"min_value": "5000", "max_value": "100"}, "max_value", "The value to must be at least the value from."),
        ({"kinds": []}, "kinds", "Choose at least one kind."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_input_is_a_400_with_the_field_error_and_saves_nothing(client_for, overrides, field, message):
    client = client_for("owner")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("procurement:alert_add"), form_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not AlertSubscription.objects.exists()


def test_an_owner_cannot_pick_a_business_they_do_not_represent(client_for, personas):
    response = client_for("owner").post(reverse("procurement:alert_add"), form_data(business=str(personas.other_business.pk)))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["business"]


def test_an_officer_sets_up_an_alert_for_a_business_by_organisation_number(client_for, personas):
    personas.other_business.email = "post@blomsterfrakt.example"
    personas.other_business.save()
    response = client_for("officer").post(reverse("procurement:alert_add"), form_data(business_orgnr="812 844 822"))
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.user, subscription.business, subscription.email) == (
        personas.officer,
        personas.other_business,
        "post@blomsterfrakt.example",
    )
    # The business's representative sees it and may change it.
    assert client_for("other_owner").get(reverse("procurement:alert_edit", args=[subscription.pk])).status_code == 200


def test_an_officer_giving_an_unknown_organisation_number_gets_a_field_error(client_for):
    response = client_for("officer").post(reverse("procurement:alert_add"), form_data(business_orgnr="999999999"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["business_orgnr"]


def test_editing_keeps_codes_and_keywords_in_step(client_for, owners_alert):
    client = client_for("owner")
    page = client.get(urls(owners_alert)["edit"]).content.decode()
    assert "Renhold" in page
    response = client.post(urls(owners_alert)["edit"], form_data(codes="72000000", keywords="programmering"))
    assert response.status_code == 302
    owners_alert.refresh_from_db()
    assert list(owners_alert.cpv.values_list("code", flat=True)) == ["72000000"]
    assert list(owners_alert.keyword_rows.values_list("word", flat=True)) == ["programmering"]


def test_deleting_asks_first_then_deletes(client_for, owners_alert):
    client = client_for("owner")
    assert client.get(urls(owners_alert)["delete"]).status_code == 200
    assert AlertSubscription.objects.count() == 1
    assert client.post(urls(owners_alert)["delete"]).status_code == 302
    assert AlertSubscription.objects.count() == 0


def test_following_the_unsubscribe_link_turns_the_alert_off_at_once_and_again_is_harmless(client, owners_alert):
    url = urls(owners_alert)["unsubscribe"]
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        owners_alert.refresh_from_db()
        assert owners_alert.active is False
    assert 'name="action" value="resubscribe"' in response.content.decode()


def test_the_button_on_the_page_turns_it_back_on(client, owners_alert):
    url = urls(owners_alert)["unsubscribe"]
    client.get(url)
    response = client.post(url, {"action": "resubscribe"})
    assert response.status_code == 200
    owners_alert.refresh_from_db()
    assert owners_alert.active is True


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(owners_alert):
    client = Client(enforce_csrf_checks=True)
    response = client.post(urls(owners_alert)["unsubscribe"], {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    owners_alert.refresh_from_db()
    assert owners_alert.active is False


def test_head_does_not_unsubscribe(client, owners_alert):
    assert client.head(urls(owners_alert)["unsubscribe"]).status_code == 200
    owners_alert.refresh_from_db()
    assert owners_alert.active is True


@pytest.mark.parametrize("token", ["forged", "MQ:1xYKxr:" + "A" * 43, "Mg:1xYKxr:R2OnYpRpxTgJwrQ7sl3FDb05FWGvQJymQJS7s3CVGps"])
def test_a_forged_token_is_a_400_with_a_clear_message(client, owners_alert, token):
    response = client.get(reverse("procurement:alert_unsubscribe", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    owners_alert.refresh_from_db()
    assert owners_alert.active is True


def test_a_post_that_is_neither_one_click_nor_resubscribe_is_a_400(client, owners_alert):
    assert client.post(urls(owners_alert)["unsubscribe"], {}).status_code == 400
    owners_alert.refresh_from_db()
    assert owners_alert.active is True


def test_the_my_page_section_lists_the_users_alerts(personas, owners_alert):
    assert my_alerts(personas.owner)["count"] == 1
    assert my_alerts(personas.other_owner)["count"] == 0
    assert is_business_owner(personas.owner) is True  # the section's condition on Min side


def test_an_officer_must_give_an_address_for_a_business_without_one(client_for, personas):
    response = client_for("officer").post(reverse("procurement:alert_add"), form_data(business_orgnr="812844822"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["email"]
    response = client_for("officer").post(
        reverse("procurement:alert_add"), form_data(business_orgnr="812844822", email="daglig.leder@blomster.example")
    )
    assert response.status_code == 302
    assert AlertSubscription.objects.get().email == "daglig.leder@blomster.example"


def test_the_list_shows_a_refusal_by_the_mail_server(client_for, owners_alert):
    AlertSubscription.objects.filter(pk=owners_alert.pk).update(delivery_error="550 5.1.1 No such user")
    html = client_for("owner").get(reverse("procurement:alerts"), headers={"accept-language": "en"}).content.decode()
    assert (
        'owner@test.example<br><span class="ds-validation-message" data-color="danger">'
        "The last alert was refused by the mail server: 550 5.1.1 No such user</span>"
    ) in html
