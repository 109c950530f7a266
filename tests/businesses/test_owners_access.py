"""Role × URL for the owners' pages: claims, the business profile and meeting requests.

The other owner's business and meeting request are the IDOR attempts: another business's profile
answers 403 (the business page is public, its profile is not theirs), another's request 404.
"""

import pytest

from businesses.models import BusinessClaim, MeetingRequest
from tests.businesses.factories_owners import make_owners_data
from tests.portal.test_access import LOGIN

PERSONAS = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": "login"}
TEAM = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "officer": 200, "admin": 200}
# The administrator is a superuser: Django grants a superuser every permission, representing included.
OWNER_AND_TEAM = {**TEAM, "owner": 200}
OTHER_OWNER_AND_TEAM = {**TEAM, "other_owner": 200}
REPRESENTATIVE = {**dict.fromkeys(PERSONAS, 403), "anonymous": "login", "owner": 200, "admin": 200}
FOLLOWERS = {**TEAM, "owner": 200, "other_owner": 200}
OWN_REQUEST = {**dict.fromkeys(PERSONAS, 404), "anonymous": "login", "owner": 200, "officer": 200, "admin": 200}
OTHER_REQUEST = {**OWN_REQUEST, "owner": 404, "other_owner": 200}

MATRIX = {
    "/bedrifter/krav/": SIGNED_IN,
    "/bedrifter/krav/?orgnr=925321141": SIGNED_IN,
    "/bedrifter/krav/behandle/": TEAM,
    "/bedrifter/925321141/profil/": OWNER_AND_TEAM,
    "/bedrifter/812844822/profil/": OTHER_OWNER_AND_TEAM,
    "/bedrifter/925321141/mote/": REPRESENTATIVE,
    "/bedrifter/812844822/mote/": {**REPRESENTATIVE, "owner": 403, "other_owner": 200},
    "/bedrifter/motebestillinger/": FOLLOWERS,
    "/bedrifter/motebestillinger/?state=offered": FOLLOWERS,
    "/bedrifter/motebestillinger/{request}/": OWN_REQUEST,
    "/bedrifter/motebestillinger/{other_request}/": OTHER_REQUEST,
    "/bedrifter/motebestillinger/999999/": {**OWN_REQUEST, "owner": 404, "officer": 404, "admin": 404},
    "/bedrifter/925321141/": dict.fromkeys(PERSONAS, 200),
}


@pytest.fixture
def owners_data(personas):
    return make_owners_data(personas)


def _url(template: str, data: dict) -> str:
    return template.format(**{name: getattr(value, "pk", value) for name, value in data.items()})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template", MATRIX.keys())
def test_owner_page_answers_each_persona_as_intended(client_for, owners_data, persona, template):
    url = _url(template, owners_data)
    expected = MATRIX[template][persona]
    response = client_for(persona).get(url)
    if expected == "login":
        assert (response.status_code, response["Location"]) == (
            302,
            f"{LOGIN}?next={url.replace('?', '%3F').replace('=', '%3D')}",
        )
    else:
        assert response.status_code == expected


POST_ONLY = [
    "/bedrifter/krav/{claim}/godkjenn/",
    "/bedrifter/krav/{claim}/avvis/",
    "/bedrifter/motebestillinger/{request}/tider/",
    "/bedrifter/motebestillinger/{request}/godta/",
    "/bedrifter/motebestillinger/{request}/avslutt/",
]


@pytest.mark.parametrize("template", POST_ONLY)
def test_actions_refuse_get(client_for, owners_data, template):
    assert client_for("officer").get(_url(template, owners_data)).status_code == 405


@pytest.mark.parametrize("template", POST_ONLY)
def test_actions_send_the_anonymous_to_log_in(client_for, owners_data, template):
    url = _url(template, owners_data)
    response = client_for("anonymous").post(url)
    assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")


@pytest.mark.parametrize("persona", ["owner", "other_owner", "council_member", "chief_executive", "politician"])
@pytest.mark.parametrize("action", ["godkjenn", "avvis"])
def test_only_the_team_decides_claims(client_for, owners_data, persona, action):
    claim = owners_data["claim"]
    response = client_for(persona).post(f"/bedrifter/krav/{claim.pk}/{action}/", {f"reject-{claim.pk}-reason": "Nei"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.state == BusinessClaim._meta.get_field("state").default


# Offering times: the team only; an owner of the business is refused, anyone who cannot see the request is told it is not there.
OFFER = {"owner": 403, "other_owner": 404, "council_member": 404, "chief_executive": 404, "politician": 404}
# Accepting: the requester only; the team sees the request but may not answer for the business.
ACCEPT = {"other_owner": 404, "council_member": 404, "chief_executive": 404, "politician": 404, "officer": 403, "admin": 403}
CLOSE = {"other_owner": 404, "council_member": 404, "chief_executive": 404, "politician": 404}


@pytest.mark.parametrize(
    ("action", "persona", "status"),
    [("tider", p, s) for p, s in OFFER.items()]
    + [("godta", p, s) for p, s in ACCEPT.items()]
    + [("avslutt", p, s) for p, s in CLOSE.items()],
)
def test_meeting_request_actions_refuse_those_outside_it(client_for, owners_data, action, persona, status):
    meeting_request = owners_data["request"]
    time = meeting_request.offered_times.first()
    data = {"offered_time": time.pk, "starts_at_1": "2099-01-01T10:00", "ends_at_1": "2099-01-01T11:00", "message": "x"}
    response = client_for(persona).post(f"/bedrifter/motebestillinger/{meeting_request.pk}/{action}/", data)
    assert response.status_code == status
    meeting_request.refresh_from_db()
    assert (meeting_request.state, meeting_request.meeting_id, meeting_request.offered_times.count()) == (
        MeetingRequest.State.OFFERED,
        None,
        2,
    )


def test_another_owner_cannot_ask_for_a_meeting_for_a_business_they_do_not_represent(client_for, owners_data):
    response = client_for("other_owner").post("/bedrifter/925321141/mote/", {"topic": "funding", "message": "Hei"})
    assert response.status_code == 403
    assert MeetingRequest.objects.count() == 2


def test_another_owner_cannot_change_a_business_profile(client_for, owners_data):
    response = client_for("other_owner").post("/bedrifter/925321141/profil/", {"description": "Overtatt"})
    assert response.status_code == 403
    assert not owners_data["request"].business.__class__.objects.filter(profile__isnull=False).exists()
