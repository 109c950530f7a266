"""grant_role and the user admin's role actions: a role without a shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from portal.models import ActivityLog, User
from portal.queries import user_roles
from tests.factories import UserFactory

VALID = "business_owner, business_officer, council_member, chief_executive_office, politician, administrator"


def grant_role(*args) -> list[str]:
    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue().splitlines()


def roles_of(email: str) -> set[str]:
    return set(user_roles(User.objects.get(email=email)))


def test_grant_role_gives_the_role_once_and_logs_it(db):
    UserFactory(email="ingrid@kommune.example")
    assert grant_role("Ingrid@Kommune.example", "council_member") == [
        "Gave ingrid@kommune.example the role council_member (Business council member)."
    ]
    assert grant_role("ingrid@kommune.example", "council_member") == [
        "ingrid@kommune.example already has the role council_member (Business council member); nothing changed."
    ]
    assert roles_of("ingrid@kommune.example") == {"council_member"}
    user = User.objects.get(email="ingrid@kommune.example")
    entries = ActivityLog.objects.filter(object_id=str(user.pk))
    assert [(e.action, e.actor, e.data) for e in entries] == [("role.assigned", None, {"role": "council_member"})]


def test_a_staff_role_says_that_two_factor_is_required(db):
    UserFactory(email="ingrid@kommune.example")
    assert grant_role("ingrid@kommune.example", "business_officer") == [
        "Gave ingrid@kommune.example the role business_officer (Business officer).",
        "business_officer is a staff role: ingrid@kommune.example must set up two-factor authentication "
        "(an authenticator app) at the next login before using the portal.",
    ]


def test_revoke_takes_the_role_away_and_a_repeat_changes_nothing(db):
    UserFactory(email="ingrid@kommune.example")
    grant_role("ingrid@kommune.example", "administrator")
    assert User.objects.get(email="ingrid@kommune.example").is_superuser is True
    assert grant_role("ingrid@kommune.example", "administrator", "--revoke") == [
        "Took the role administrator (Administrator) from ingrid@kommune.example."
    ]
    assert grant_role("ingrid@kommune.example", "administrator", "--revoke") == [
        "ingrid@kommune.example does not have the role administrator (Administrator); nothing changed."
    ]
    user = User.objects.get(email="ingrid@kommune.example")
    assert (user_roles(user), user.is_staff, user.is_superuser) == (frozenset(), False, False)
    assert list(ActivityLog.objects.values_list("action", flat=True)) == ["role.removed", "role.assigned"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingrid@kommune.example", "boss"], f'Unknown role "boss". Valid roles: {VALID}.'),
        (["ingrid@kommune.example", ""], f'Unknown role "". Valid roles: {VALID}.'),
        (["ingrid@kommune.example", "Business officer"], f'Unknown role "Business officer". Valid roles: {VALID}.'),
        (
            ["nobody@kommune.example", "politician"],
            'No user has the e-mail address "nobody@kommune.example": create the user first '
            "(createsuperuser, the admin, or sign-up).",
        ),
        (["nobody@kommune.example", "boss", "--revoke"], f'Unknown role "boss". Valid roles: {VALID}.'),
    ],
)
def test_unknown_email_or_role_is_one_line_naming_it_and_nothing_changes(db, args, message):
    UserFactory(email="ingrid@kommune.example")
    with pytest.raises(CommandError) as error:
        call_command("grant_role", *args)
    assert str(error.value) == message
    assert roles_of("ingrid@kommune.example") == set()
    assert ActivityLog.objects.count() == 0


def test_an_error_exits_non_zero_with_one_line_on_stderr(db, capsys):
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "grant_role", "nobody@kommune.example", "boss"]).execute()
    assert exit.value.code == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f'CommandError: Unknown role "boss". Valid roles: {VALID}.\n')


# --- The user admin's actions -----------------------------------------------------------------


def run_action(client, action: str, role: str, users: list[User]):
    data = {"action": action, "role": role, "_selected_action": [user.pk for user in users], "index": 0}
    response = client.post("/admin/portal/user/", data, headers={"accept-language": "en"}, follow=True)
    assert response.redirect_chain == [("/admin/portal/user/", 302)]
    return [str(message) for message in response.context["messages"]]


def test_admin_action_gives_and_removes_the_chosen_role(client_for, personas):
    ingrid = UserFactory(email="ingrid@kommune.example")
    ola = UserFactory(email="ola@kommune.example")
    client = client_for("admin")
    assert run_action(client, "grant_role", "council_member", [ingrid]) == ["Business council member given to 1 user."]
    assert run_action(client, "grant_role", "business_officer", [ingrid, ola]) == [
        "Business officer given to 2 users. This role requires two-factor authentication: it is asked for at the next login."
    ]
    assert run_action(client, "grant_role", "council_member", [ingrid, ola]) == [
        "Business council member given to 1 user. The others already had it."
    ]
    assert roles_of("ingrid@kommune.example") == {"council_member", "business_officer"}
    assert run_action(client, "revoke_role", "business_officer", [ingrid]) == ["Business officer removed from 1 user."]
    assert roles_of("ingrid@kommune.example") == {"council_member"}
    assert run_action(client, "revoke_role", "politician", [ingrid]) == [
        "Politician removed from 0 users. The others did not have it."
    ]
    entries = ActivityLog.objects.filter(object_id=str(ingrid.pk)).order_by("pk")
    assert [(e.action, e.actor, e.data["role"]) for e in entries] == [
        ("role.assigned", personas.admin, "council_member"),
        ("role.assigned", personas.admin, "business_officer"),
        ("role.removed", personas.admin, "business_officer"),
    ]


@pytest.mark.parametrize(
    ("role", "message"),
    [("", "Choose a role in the list beside the action."), ("boss", "No action selected.")],  # boss: not in the list
)
def test_admin_action_without_a_valid_role_changes_nothing(client_for, personas, role, message):
    ingrid = UserFactory(email="ingrid@kommune.example")
    client = client_for("admin")
    assert run_action(client, "grant_role", role, [ingrid]) == [message]
    assert roles_of("ingrid@kommune.example") == set()
    assert not ActivityLog.objects.filter(object_id=str(ingrid.pk)).exists()


def test_the_role_list_sits_beside_the_actions_with_a_label(client_for):
    html = client_for("admin").get("/admin/portal/user/", headers={"accept-language": "en"}).content.decode()
    assert '<option value="grant_role">Give the chosen role to the selected users</option>' in html
    assert '<option value="revoke_role">Remove the chosen role from the selected users</option>' in html
    assert '<label>Role <select name="role" class="ds-input">' in html
    assert '<option value="business_officer">Business officer</option>' in html


@pytest.mark.parametrize("persona", ["officer", "chief_executive", "council_member"])
def test_only_administrators_reach_the_role_actions(client_for, persona):
    ingrid = UserFactory(email="ingrid@kommune.example")
    response = client_for(persona).post(
        "/admin/portal/user/", {"action": "grant_role", "role": "administrator", "_selected_action": [ingrid.pk]}
    )
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/portal/user/")
    assert roles_of("ingrid@kommune.example") == set()
