"""Min side › Profil: the name and preferred language, the activity log, the page's language, and bad input."""

import re

import pytest

from portal.models import ActivityLog

EN = {"accept-language": "en"}


def profile_entries(user) -> list[dict]:
    return list(ActivityLog.objects.filter(action="profile.updated", object_id=str(user.pk)).values_list("data", flat=True))


def test_the_form_shows_the_current_name_and_language(client_for, personas):
    html = client_for("owner").get("/min-side/profil/", headers=EN).content.decode()
    assert 'name="name" value="Kari Eier"' in html
    assert 'type="radio" name="language" value="nb" class="ds-input" required id="id_language_0" checked' in html
    assert 'value="en" class="ds-input" required id="id_language_1">' in html


def test_saving_changes_name_and_language_logs_it_and_switches_the_pages(client_for, personas):
    client = client_for("owner")
    response = client.post("/min-side/profil/", {"name": "Kari Nordmann Eier", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/min-side/"
    assert response.cookies["django_language"].value == "en"
    personas.owner.refresh_from_db()
    assert (personas.owner.name, personas.owner.language) == ("Kari Nordmann Eier", "en")
    entry = ActivityLog.objects.get(action="profile.updated")
    assert (entry.actor, entry.target, entry.data) == (
        personas.owner,
        personas.owner,
        {"fields": ["name", "language"], "language": "en"},
    )
    # The next page is in English, whatever the browser asks for, with the confirmation.
    page = client.get("/min-side/", headers={"accept-language": "nb"}).content.decode()
    assert '<html lang="en"' in page
    assert "Your profile is saved." in page
    assert "<dt>Name</dt><dd>Kari Nordmann Eier</dd>" in page


def test_saving_the_name_alone_logs_only_the_name(client_for, personas):
    client_for("officer").post("/min-side/profil/", {"name": "Ingrid Berg", "language": "nb"})
    assert profile_entries(personas.officer) == [{"fields": ["name"]}]


def test_saving_without_a_change_writes_nothing(client_for, personas):
    response = client_for("owner").post("/min-side/profil/", {"name": "Kari Eier", "language": "nb"})
    assert response.status_code == 302
    assert profile_entries(personas.owner) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Kari Eier", "language": "xx"}, "language", "Select a valid choice. xx is not one of the available choices."),
        ({"name": "Kari Eier"}, "language", "This field is required."),
        ({"name": "   ", "language": "en"}, "name", "This field is required."),
        ({"name": "K" * 201, "language": "en"}, "name", "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(client_for, personas, data, field, message):
    client = client_for("owner")
    response = client.post("/min-side/profil/", data, headers=EN)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert f'<a class="ds-link" href="#id_{field}">' in html  # the error summary links to the field
    assert "django_language" not in response.cookies
    personas.owner.refresh_from_db()
    assert (personas.owner.name, personas.owner.language) == ("Kari Eier", "nb")
    assert profile_entries(personas.owner) == []


@pytest.mark.parametrize("url", ["/min-side/", "/min-side/profil/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={url}"


def test_an_anonymous_post_changes_nothing(client, personas):
    response = client.post("/min-side/profil/", {"name": "Inntrenger", "language": "en"})
    assert response["Location"] == "/konto/login/?next=/min-side/profil/"
    assert ActivityLog.objects.filter(action="profile.updated").count() == 0


def test_the_profile_page_has_its_breadcrumbs(client_for, personas):
    html = client_for("owner").get("/min-side/profil/", headers=EN).content.decode()
    trail = html[html.index('<nav class="ds-breadcrumbs"') :]
    trail = trail[: trail.index("</nav>")]
    assert '<a class="ds-link" href="/min-side/">Back to My page</a>' in trail
    labels = re.findall(r'<li><a class="ds-link" href="[^"]+"[^>]*>([^<]+)</a></li>', trail)
    assert labels == ["Home", "My page", "Profile and language"]
