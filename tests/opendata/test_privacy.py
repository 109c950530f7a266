"""No personal data and no internal item in anything the API answers: every list (JSON and CSV), every detail of
everything listed, the not-found answers for what is hidden, the OpenAPI description and the documentation page,
in both languages, scanned as raw bytes for every secret of the fixture (in any spelling JSON could give it)."""

import json

import pytest

from tests.opendata.conftest import SECRETS

LISTS = ["businesses", "meetings", "plans", "measures", "notices", "procurement-plans", "planned-procurements"]
KEYS = {"businesses": "orgnr", "notices": "doffin_id"}


def spellings(secret: str) -> set[bytes]:
    """The secret as UTF-8, as JSON with \\u escapes, and in lower case."""
    escaped = json.dumps(secret)[1:-1]
    return {secret.encode(), escaped.encode(), secret.lower().encode(), escaped.lower().encode()}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def crawl(client, open_data, language: str) -> dict[str, bytes]:
    """Every answer the API gives about the fixture, by URL."""
    headers = {"Accept-Language": language}
    found: dict[str, bytes] = {}

    def fetch(url, expect=200):
        response = client.get(url, headers=headers)
        assert response.status_code == expect, url
        found[url] = body_of(response)
        return response

    for name in LISTS:
        rows = fetch(f"/api/v1/{name}/?page_size=500").json()["results"]
        fetch(f"/api/v1/{name}/?format=csv")
        fetch(f"/api/v1/{name}.csv")
        for row in rows:
            fetch(f"/api/v1/{name}/{row[KEYS.get(name, 'id')]}/")
    fetch("/api/v1/businesses/?municipality=0301", expect=400)  # a filter value outside the served list
    for hidden in (
        f"/api/v1/meetings/{open_data.internal.pk}/",
        f"/api/v1/plans/{open_data.draft_plan.pk}/",
        f"/api/v1/procurement-plans/{open_data.draft_procurement_plan.pk}/",
    ):
        fetch(hidden, expect=404)
    fetch("/api/schema/")
    fetch("/api/schema/?format=json")
    fetch("/api/")
    return found


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_personal_data_or_internal_item_in_any_answer(client, open_data, language):
    answers = crawl(client, open_data, language)
    assert len(answers) >= 40
    leaks = {
        url: [secret for secret in SECRETS if any(spelling in body for spelling in spellings(secret))]
        for url, body in answers.items()
    }
    assert {url: found for url, found in leaks.items() if found} == {}


def test_the_same_for_a_logged_in_officer(client, open_data, personas):
    """The API shows the public parts whoever asks: an officer's session sees no more."""
    client.force_login(personas.officer)
    answers = crawl(client, open_data, "nb")
    leaks = [(url, secret) for url, body in answers.items() for secret in SECRETS if secret.encode() in body]
    assert leaks == []


def test_the_fixture_really_holds_every_secret(open_data):
    """The scan above means something only if each secret is stored: look for each in the database dump."""
    from io import StringIO

    from django.core.management import call_command

    dump = StringIO()
    call_command(
        "dumpdata",
        "businesses.business",
        "businesses.contact",
        "portal.user",
        "meetings",
        "strategies.plan",
        "strategies.measure",
        "procurement.procurementplan",
        "procurement.plannedprocurement",
        stdout=dump,
    )
    text = json.loads(dump.getvalue())
    dumped = json.dumps(text, ensure_ascii=False)
    assert [secret for secret in SECRETS if secret not in dumped] == []
