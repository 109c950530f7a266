"""Every page answers each persona as intended: 200, a redirect to log in, or 403."""

import pytest

LOGIN = "/konto/login/"

# url -> expected answer per persona. "login" means a 302 to the login page.
EVERYONE = dict.fromkeys(
    ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin"), 200
)
SIGNED_IN_ONLY = {**dict.fromkeys(EVERYONE, 200), "anonymous": "login"}
DASHBOARD = {
    "anonymous": "login",
    "owner": 403,
    "other_owner": 403,
    "officer": 200,
    "council_member": 200,
    "chief_executive": 200,
    "politician": 200,
    "admin": 200,
}
# The start page "Mine oppgaver": those who run the dialogue, and council members (their action points).
WORK = {**DASHBOARD, "politician": 403}
ADMIN_ONLY = {**dict.fromkeys(EVERYONE, "admin_login"), "admin": 200}
EXPORT = {**dict.fromkeys(EVERYONE, 403), "anonymous": "login", "officer": 200, "admin": 200}

MATRIX = {
    "/": EVERYONE,
    "/tilgjengelighet/": EVERYONE,
    "/health/": EVERYONE,
    "/oversikt/": DASHBOARD,
    "/arbeid/": WORK,
    "/min-side/": SIGNED_IN_ONLY,
    "/min-side/profil/": SIGNED_IN_ONLY,
    "/konto/2fa/": SIGNED_IN_ONLY,
    "/konto/password/change/": SIGNED_IN_ONLY,
    "/konto/email/": SIGNED_IN_ONLY,
    "/admin/": ADMIN_ONLY,
    "/bedrifter/": EVERYONE,
    "/bedrifter/925321141/": EVERYONE,
    "/bedrifter/eksport.csv": EXPORT,
    "/bedrifter/eksport.xlsx": EXPORT,
    "/moter/": EVERYONE,
    "/moter/kalender.ics": EVERYONE,
}
# Pages for people who are not logged in: a logged-in user is sent on to the page their role lands on.
ANONYMOUS_ONLY = ["/konto/login/", "/konto/signup/"]


@pytest.mark.parametrize("persona", EVERYONE.keys())
@pytest.mark.parametrize("url", MATRIX.keys())
def test_page_answers_each_persona_as_intended(client_for, persona, url):
    expected = MATRIX[url][persona]
    response = client_for(persona).get(url)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={url}"
    elif expected == "admin_login":
        # The admin's own login is routed through allauth; non-admins never see admin pages.
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("url", ANONYMOUS_ONLY)
def test_login_and_signup_pages_are_open_to_anonymous_visitors(client, db, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("persona", "landing"), [("owner", "/min-side/"), ("officer", "/arbeid/"), ("politician", "/oversikt/")])
@pytest.mark.parametrize("url", ANONYMOUS_ONLY)
def test_login_and_signup_send_a_logged_in_user_on(client_for, persona, landing, url):
    response = client_for(persona).get(url)
    assert response.status_code == 302
    assert response["Location"] == landing


def test_admin_login_for_non_admin_goes_through_allauth(client_for):
    response = client_for("officer").get("/admin/login/?next=/admin/")
    # allauth's secure_admin_login: a logged-in non-admin is refused, not shown a second login form.
    assert response.status_code == 403


def test_navigation_fits_the_role(client_for):
    owner_page = client_for("owner").get("/").content.decode()
    assert 'href="/oversikt/"' not in owner_page
    assert 'href="/admin/"' not in owner_page
    officer_page = client_for("officer").get("/").content.decode()
    assert 'href="/oversikt/"' in officer_page
    assert 'href="/admin/"' not in officer_page
    admin_page = client_for("admin").get("/").content.decode()
    assert 'href="/oversikt/"' in admin_page
    assert 'href="/admin/"' in admin_page
    anonymous_page = client_for("anonymous").get("/").content.decode()
    assert 'href="/konto/login/"' in anonymous_page
    assert 'href="/konto/signup/"' in anonymous_page
