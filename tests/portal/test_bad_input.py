"""Bad input gets a clear 4xx page in the portal's layout, never a 500."""

import pytest
from django.test import Client

LAYOUT_MARKER = '<a class="ds-skip-link" href="#main">'


def test_tampered_csrf_token_gives_403_in_the_layout(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    response = client.post("/sprak/", {"language": "en", "csrfmiddlewaretoken": "tampered" * 8})
    assert response.status_code == 403
    html = response.content.decode()
    assert LAYOUT_MARKER in html
    assert '<h1 class="ds-heading" data-size="lg">Skjemaet kunne ikke sendes</h1>' in html


def test_unknown_language_code_gives_400_in_the_layout(client, db):
    response = client.post("/sprak/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert LAYOUT_MARKER in html
    assert "Ukjent språk." in html
    assert "django_language" not in response.cookies


def test_language_switch_refuses_get(client, db):
    assert client.get("/sprak/?language=en").status_code == 405


def test_oversized_request_body_gives_400_in_the_layout(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post("/sprak/", {"language": "en", "next": "x" * 5000})
    assert response.status_code == 400
    html = response.content.decode()
    assert LAYOUT_MARKER in html
    assert '<h1 class="ds-heading" data-size="lg">Vi forsto ikke forespørselen</h1>' in html


def test_unknown_page_gives_404_in_the_layout(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert LAYOUT_MARKER in html
    assert '<h1 class="ds-heading" data-size="lg">Vi fant ikke siden</h1>' in html


def test_error_page_links_back_home_and_to_the_business_team(client, db, settings):
    settings.PORTAL_CONTACT_EMAIL = "post@naering.example"
    html = client.get(
        "/finnes-ikke/", headers={"referer": "http://testserver/bedrifter/", "accept-language": "en"}
    ).content.decode()
    assert (
        '<p class="ds-paragraph"><a class="ds-link" href="http://testserver/bedrifter/">Go back to the previous page</a></p>'
        in html
    )
    assert '<a class="ds-button" data-variant="primary" href="/">Go to the front page</a>' in html
    assert (
        '<a class="ds-button" data-variant="secondary" href="mailto:post@naering.example">Contact the business team</a>' in html
    )
    # No way back to another site.
    elsewhere = client.get("/finnes-ikke/", headers={"referer": "https://evil.example/"}).content.decode()
    assert "evil.example" not in elsewhere


def test_forbidden_page_gives_403_in_the_layout(client_for):
    response = client_for("owner").get("/oversikt/")
    assert response.status_code == 403
    assert LAYOUT_MARKER in response.content.decode()


def test_server_error_page_uses_the_layout_without_navigation(rf, db):
    from portal.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert LAYOUT_MARKER in html
    assert 'aria-label="Hovedmeny"' not in html


@pytest.mark.parametrize("url", ["/", "/tilgjengelighet/", "/konto/login/"])
def test_pages_carry_a_strict_content_security_policy(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<style" not in html
    assert " style=" not in html
    # The one script tag is external and carries the nonce.
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert html.count("<script") == 1
    assert f'<script src="/static/vendor/htmx/htmx.min.js" nonce="{nonce}" defer></script>' in html


def test_a_host_not_allowed_gives_400_even_with_a_referrer(client, db):
    # The 400 page looks for a way back; the request's host is the one thing it cannot ask.
    response = client.get("/", headers={"host": "evil.example", "referer": "http://evil.example/x"})
    assert response.status_code == 400
    assert LAYOUT_MARKER in response.content.decode()
    assert "evil.example/x" not in response.content.decode()
