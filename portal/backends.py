"""Authentication backends: Django's and allauth's, with the model permissions left to the rules where the
rules define the permission."""

import rules
from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


class RulesFirst:
    """A permission the rules define (``portal.view_work``, ``meetings.manage_series``, …) is the rules' alone.

    Both Django's ModelBackend and allauth's backend (a ModelBackend too) would otherwise load the user's and
    groups' permission rows (two queries on every page that asks about a permission the user lacks) only
    to find nothing. Model permissions (the admin's) are still theirs; superusers have every permission
    before any backend is asked.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)


class ModelPermissionBackend(RulesFirst, ModelBackend):
    pass


class AccountBackend(RulesFirst, AuthenticationBackend):
    pass
