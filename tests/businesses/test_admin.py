"""The registry's admin: representatives are added by organisation number and e-mail."""

from businesses.models import BusinessRepresentative


def test_admin_adds_a_representative_by_organisation_number_and_email_as_typed(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        "/admin/businesses/businessrepresentative/add/",
        {"business": "812 844 822", "user": " Owner@Test.example", "title": "Daglig leder"},
    )
    assert response.status_code == 302
    representative = BusinessRepresentative.objects.get(business=personas.other_business, user=personas.owner)
    assert representative.title == "Daglig leder"


def test_admin_refuses_an_unknown_organisation_number_or_email_at_the_field(client, personas):
    client.force_login(personas.admin)
    before = BusinessRepresentative.objects.count()
    response = client.post(
        "/admin/businesses/businessrepresentative/add/",
        {"business": "999999999", "user": "nobody@test.example", "title": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {
        "business": ["No business with this organisation number is in the registry."],
        "user": ["No user has this e-mail address."],
    }
    assert BusinessRepresentative.objects.count() == before
