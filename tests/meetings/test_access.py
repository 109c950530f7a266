"""Role × URL for every meeting page: 200, a redirect to log in, 403, or 404 for a meeting the persona may not see."""

import pytest

from tests.portal.test_access import LOGIN

PERSONAS = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")
EVERYONE = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**EVERYONE, "anonymous": "login"}
STAFF = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "officer": 200, "chief_executive": 200, "admin": 200}
# The meeting's own circle (participants, series members, staff); the rest are told the page does not exist.
CIRCLE = {**dict.fromkeys(PERSONAS, 404), "council_member": 200, "officer": 200, "chief_executive": 200, "admin": 200}
# Council members of the series propose items; so may the organiser (and the superuser), though they add items directly.
PROPOSERS = {**STAFF, "council_member": 200, "chief_executive": 403}
ACTION_POINT_OWNER = {**STAFF, "council_member": 200}
# The PDFs of the fixture are never made: those who may read one are told it is not found, the rest are refused.
CIRCLE_PDF = {**dict.fromkeys(PERSONAS, 403), "council_member": 404, "officer": 404, "chief_executive": 404, "admin": 404}

MATRIX = {
    "/moter/": EVERYONE,
    "/moter/{public}/": EVERYONE,
    "/moter/{internal}/": CIRCLE,
    "/moter/ny/": STAFF,
    "/moter/serier/": STAFF,
    "/moter/serier/ny/": STAFF,
    "/moter/serier/{series}/endre/": STAFF,
    "/moter/{public}/endre/": STAFF,
    "/moter/{public}/avlys/": STAFF,
    "/moter/{public}/deltakere/": STAFF,
    "/moter/{public}/saker/ny/": STAFF,
    "/moter/{public}/saker/{public_item}/endre/": STAFF,
    "/moter/{public}/dokumenter/ny/": STAFF,
    "/moter/{public}/forslag/": PROPOSERS,
    "/moter/forslag/{proposal}/": STAFF,
    "/moter/dokumenter/{document}/": EVERYONE,
    "/moter/dokumenter/{secret_document}/": CIRCLE,
    "/moter/{held}/referat/": CIRCLE,
    "/moter/{published}/referat/": EVERYONE,
    "/moter/{held}/referat/endre/": STAFF,
    "/moter/{held}/oppfolging/ny/": STAFF,
    "/moter/oppfolging/": SIGNED_IN,
    "/moter/oppfolging/{follow_up}/": ACTION_POINT_OWNER,
    "/moter/kalender/": SIGNED_IN,
    "/moter/{held}/referat.pdf": CIRCLE_PDF,  # the public minutes, not published yet
    "/moter/{published}/referat.pdf": dict.fromkeys(PERSONAS, 404),  # public once published
    "/moter/{published}/referat-fullstendig.pdf": CIRCLE_PDF,
    "/moter/kalender/council-feed-token.ics": EVERYONE,
    "/moter/kalender/not-a-token.ics": dict.fromkeys(PERSONAS, 404),
}


def _url(template: str, dialogue) -> str:
    ids = {name: getattr(value, "pk", value) for name, value in dialogue.items()}
    ids["series"] = dialogue["public"].series_id
    return template.format(**ids)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template", MATRIX.keys())
def test_meeting_page_answers_each_persona_as_intended(client_for, dialogue, persona, template):
    url = _url(template, dialogue)
    expected = MATRIX[template][persona]
    response = client_for(persona).get(url)
    if expected == "login":
        assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
    else:
        assert response.status_code == expected


POST_ONLY = [
    "/moter/{public}/send/",
    "/moter/{public}/holdt/",
    "/moter/{public}/saker/{public_item}/slett/",
    "/moter/{public}/saker/{public_item}/flytt/",
    "/moter/dokumenter/{document}/slett/",
    "/moter/{published}/referat/trekk-tilbake/",
    "/moter/serier/{series}/planlegg/",
]


@pytest.mark.parametrize("template", POST_ONLY)
def test_actions_refuse_get(client_for, dialogue, template):
    assert client_for("officer").get(_url(template, dialogue)).status_code == 405


@pytest.mark.parametrize("persona", ["owner", "council_member", "politician"])
@pytest.mark.parametrize("template", POST_ONLY)
def test_actions_refuse_those_who_do_not_run_the_meeting(client_for, dialogue, persona, template):
    response = client_for(persona).post(_url(template, dialogue), {"direction": "up", "year": 2027})
    assert response.status_code == 403


@pytest.mark.parametrize("query", ["?serie=abc", "?serie=999999", "?serie="])
def test_new_meeting_with_an_odd_series_parameter_still_answers(client_for, dialogue, query):
    response = client_for("officer").get(f"/moter/ny/{query}")
    assert response.status_code == 200
    assert response.context["form"].initial == {}


# Answering an invitation on the meeting page: only the invited (here the council member), by POST.
ANSWER = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "council_member": 302}
ANSWER_INTERNAL = {**ANSWER, "owner": 404, "other_owner": 404, "politician": 404}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("template", "matrix"), [("/moter/{public}/svar/", ANSWER), ("/moter/{internal}/svar/", ANSWER_INTERNAL)]
)
def test_answering_on_the_meeting_page_is_for_the_invited(client_for, dialogue, persona, template, matrix):
    url = _url(template, dialogue)
    client = client_for(persona)
    response = client.post(url, {"answer": "yes"})
    expected = matrix[persona]
    if expected == "login":
        assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
    else:
        assert response.status_code == expected
    if persona != "anonymous":
        assert client.get(url).status_code == 405
