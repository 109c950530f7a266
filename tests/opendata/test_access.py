"""Role × URL: the documentation page and the API answer everyone alike, logged in or not, with the same public
data; nothing in the API depends on who asks."""

import pytest

from tests.conftest import Personas

PAGES = ["/api/", "/api/schema/", "/api/v1/businesses/", "/api/v1/meetings/", "/api/v1/plans/", "/api/v1/notices/"]


@pytest.mark.parametrize("persona", Personas.NAMES)
def test_every_role_reads_the_same_public_api(client_for, open_data, persona):
    client = client_for(persona)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    meetings = client.get("/api/v1/meetings/").json()
    assert [row["title"] for row in meetings["results"]] == [
        "Dialogmøte 1/2026",
        "Dialogmøte 2/2026",
        "Åpent møte om næringsareal",
    ]
    assert client.get(f"/api/v1/meetings/{open_data.internal.pk}/").status_code == 404
    assert client.get(f"/api/v1/plans/{open_data.draft_plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{open_data.unpublished.pk}/").json()["minutes"] is None


def test_the_footer_links_to_the_documentation(client, db):
    assert b'href="/api/"' in client.get("/").content
