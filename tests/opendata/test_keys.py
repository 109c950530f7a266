"""A detail's key of the wrong shape, and any other address under /api/v1/: the API's JSON 404, never a 500 (a NUL
byte reaching PostgreSQL is a DataError) and never the portal's HTML page."""

from urllib.parse import quote

import pytest

DETAILS = ["businesses", "meetings", "plans", "measures", "notices", "procurement-plans", "planned-procurements"]
# NUL, spaces, a newline, too long, signs and dots, digits that are not ASCII (Arabic-Indic), a path's parts.
BAD_KEYS = [
    "\x00",
    "92532\x001141",
    "2025-\x00",
    " ",
    "925 321 141",
    " 2025-200002",
    "\n",
    "9" * 40,
    "2025-" + "9" * 40,
    "-1",
    "1.5",
    "١٢٣",
    "٩٢٥٣٢١١٤١",
    "٢٠٢٥-٢٠٠٠٠٢",
    "abc",
    "..",
    "%",
    "ø",
]


def assert_json_404(response, url):
    assert (response.status_code, response["Content-Type"]) == (404, "application/json"), url
    assert response.json() == {"detail": "Ikke funnet."}, url


@pytest.mark.parametrize("name", DETAILS)
def test_a_key_of_the_wrong_shape_is_a_json_404(client, open_data, name):
    for key in BAD_KEYS:
        url = f"/api/v1/{name}/{quote(key)}/"
        assert_json_404(client.get(url), url)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/nothing/",
        "/api/v1/businesses/925321141/more/",
        "/api/v1/businesses/%00/%00/",
        "/api/v1/notices/2025-200002/lots/",
        "/api/v1/businesses/925321141.xml/",
    ],
)
def test_an_address_the_api_does_not_have_is_a_json_404(client, open_data, path):
    assert_json_404(client.get(path), path)
    assert client.get(path, headers={"Accept-Language": "en"}).json() == {"detail": "Not found."}


def test_without_the_last_slash_it_is_sent_to_the_address_with_it(client, open_data):
    response = client.get("/api/v1/businesses/%00")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/businesses/%00/")
    assert client.get("/api/v1/businesses")["Location"] == "/api/v1/businesses/"


def test_keys_of_the_right_shape_still_find_their_thing(client, open_data):
    assert client.get("/api/v1/businesses/925321141/").json()["name"] == "DESINTRYGG AS"
    assert client.get("/api/v1/businesses/925321141.json").json()["name"] == "DESINTRYGG AS"
    assert client.get("/api/v1/notices/2025-200002/").json()["heading"] == "Drift av IT"
    assert client.get("/api/v1/notices/2025-200002.json").json()["heading"] == "Drift av IT"
    assert client.get(f"/api/v1/meetings/{open_data.published.pk}/").json()["title"] == "Dialogmøte 1/2026"
    # Well shaped but unknown: the view's own 404.
    assert_json_404(client.get("/api/v1/notices/2099-1/"), "2099-1")
    assert_json_404(client.get("/api/v1/meetings/99999999999999999999999/"), "huge")


def test_the_api_only_reads_there_too(client, open_data):
    response = client.post("/api/v1/nothing/", data={}, content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
