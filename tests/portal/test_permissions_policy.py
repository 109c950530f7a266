"""Every response denies the browser features the portal does not use (Permissions-Policy)."""

import pytest

DENIED = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), encrypted-media=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)


@pytest.mark.parametrize("path", ["/", "/health/", "/konto/login/", "/finnes-ikke/", "/favicon.ico"])
def test_every_response_has_the_permissions_policy(client, path):
    response = client.get(path)
    assert response["Permissions-Policy"] == DENIED


def test_permissions_policy_on_a_redirect_and_a_refused_post(client):
    assert client.get("/oversikt/")["Permissions-Policy"] == DENIED
    assert client.post("/sprak/", {"language": "xx"})["Permissions-Policy"] == DENIED


@pytest.mark.browser
def test_chromium_recognises_every_feature_in_the_policy(page_for):
    # Chromium reports a feature it does not know as a console error; the policy has none.
    page = page_for("en")
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto("/")
    page.wait_for_load_state("load")
    assert response.headers["permissions-policy"] == DENIED
    assert [text for text in messages if "Permissions-Policy" in text] == []
