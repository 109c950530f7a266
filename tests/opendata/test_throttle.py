"""Rate limits per client: past the limit a 429 with Retry-After, counted per address (and per user)."""

import pytest

from tests.portal.test_settings import run_manage


@pytest.fixture
def three_an_hour(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/hour", "user": "5/hour"}}


def test_an_address_past_its_limit_gets_429_with_retry_after(client, open_data, three_an_hour):
    statuses = [client.get("/api/v1/businesses/", REMOTE_ADDR="192.0.2.10").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.10", headers={"Accept-Language": "en"})
    assert (response.status_code, response["Content-Type"]) == (429, "application/json")
    assert response.json() == {"detail": "Request was throttled. Expected available in 3600 seconds."}
    assert response["Retry-After"] == "3600"
    # Another client is counted on its own.
    assert client.get("/api/v1/businesses/", REMOTE_ADDR="192.0.2.11").status_code == 200


def test_a_forwarded_for_header_does_not_reset_the_count_without_a_trusted_proxy(client, open_data, three_an_hour):
    for n in range(3):
        client.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert client.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, open_data, settings, three_an_hour):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(3):
        client.get("/api/v1/plans/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client.get("/api/v1/plans/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.get("/api/v1/plans/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_a_logged_in_user_has_a_count_and_limit_of_their_own(client, open_data, personas, three_an_hour):
    client.force_login(personas.politician)
    statuses = [client.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.30").status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]


def test_the_limits_come_from_the_environment():
    code = "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    result = run_manage("shell", "-c", code, env={"API_RATE_LIMIT": "42", "API_RATE_LIMIT_USER": "84"})
    assert result.stdout.strip().splitlines()[-1] == "{'anon': '42/hour', 'user': '84/hour'}"
    result = run_manage("check", env={"API_RATE_LIMIT": "lots"})
    assert (result.returncode, result.stderr.strip()) == (1, "Configuration error: API_RATE_LIMIT='lots' is not a whole number.")


def test_the_defaults_are_600_and_1200_an_hour():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {"anon": "600/hour", "user": "1200/hour"}
