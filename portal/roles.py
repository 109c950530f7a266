"""The portal's roles. Each role is a Django group of the same name with its model permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUSINESS_OWNER = "business_owner", _("Business owner")
    OFFICER = "business_officer", _("Business officer")
    COUNCIL_MEMBER = "council_member", _("Business council member")
    CHIEF_EXECUTIVE = "chief_executive_office", _("Chief executive's office")
    POLITICIAN = "politician", _("Politician")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work with other people's data: they must use two-factor authentication.
STAFF_ROLES = frozenset({Role.OFFICER, Role.CHIEF_EXECUTIVE, Role.ADMINISTRATOR})

# Model permissions each role's group holds ("app_label.codename"). Object-level and
# computed permissions live as predicates in each app's rules.py.
GROUP_PERMISSIONS: dict[str, list[str]] = {
    Role.BUSINESS_OWNER: [],
    Role.OFFICER: [
        "businesses.view_business",
        "businesses.change_business",
        "businesses.view_businessrepresentative",
        "businesses.add_businessrepresentative",
        "businesses.change_businessrepresentative",
        "businesses.delete_businessrepresentative",
        "portal.view_activitylog",
    ],
    Role.COUNCIL_MEMBER: ["businesses.view_business"],
    Role.CHIEF_EXECUTIVE: ["businesses.view_business", "portal.view_activitylog"],
    Role.POLITICIAN: [],
    Role.ADMINISTRATOR: ["*"],
}
