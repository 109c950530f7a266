"""Roles are groups with permissions; predicates decide the rest."""

import pytest
from django.contrib.auth.models import Group

from portal.models import ActivityLog
from portal.roles import GROUP_PERMISSIONS, Role
from portal.services import assign_role, remove_role
from tests.factories import UserFactory


def test_each_role_group_holds_exactly_its_permissions(db):
    for role in Role:
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        if GROUP_PERMISSIONS[role] == ["*"]:
            assert len(held) > 50
        else:
            assert held == set(GROUP_PERMISSIONS[role])


def test_assigning_a_role_is_logged_once_and_admins_get_the_admin_flags(db):
    officer = UserFactory(email="boss@test.example")
    user = UserFactory(email="new.admin@test.example")
    assert assign_role(user, Role.ADMINISTRATOR, by=officer) is True
    assert assign_role(user, Role.ADMINISTRATOR, by=officer) is False
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)
    entries = ActivityLog.objects.filter(object_id=str(user.pk))
    assert [(e.action, e.actor_id, e.data) for e in entries] == [("role.assigned", officer.pk, {"role": "administrator"})]
    assert remove_role(user, Role.ADMINISTRATOR, by=officer) is True
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert ActivityLog.objects.filter(object_id=str(user.pk)).first().action == "role.removed"


@pytest.mark.parametrize(
    ("persona", "own", "other"),
    [
        ("owner", True, False),
        ("other_owner", False, True),
        ("officer", True, True),
        ("admin", True, True),
        ("council_member", False, False),
        ("chief_executive", False, False),
        ("politician", False, False),
    ],
)
def test_only_officers_and_the_business_itself_see_its_contacts(personas, persona, own, other):
    user = getattr(personas, persona)
    assert user.has_perm("businesses.view_business_contacts", personas.business) is own
    assert user.has_perm("businesses.view_business_contacts", personas.other_business) is other


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("owner", False),
        ("officer", True),
        ("council_member", True),
        ("chief_executive", True),
        ("politician", True),
        ("admin", True),
    ],
)
def test_dashboard_permission(personas, persona, allowed):
    assert getattr(personas, persona).has_perm("portal.view_dashboard") is allowed
