from django.core.management.base import BaseCommand, CommandError, no_translations

from portal.models import User
from portal.roles import STAFF_ROLES, Role
from portal.services import assign_role, remove_role


class Command(BaseCommand):
    help = (
        "Give a user a role (or take it away with --revoke). The user must exist: created with createsuperuser, "
        "in the admin, or by signing up at /konto/signup/. Roles: " + ", ".join(Role.values) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the user's e-mail address")
        parser.add_argument("role", help="one of: " + ", ".join(Role.values))
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    @no_translations  # the output is English, like the other commands', whatever LANGUAGE_CODE is
    def handle(self, *args, email, role, revoke, **options):
        role = _role(role)
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f'No user has the e-mail address "{email}": create the user first (createsuperuser, the admin, or sign-up).'
            )
        name = f"{role.value} ({role.label})"
        if revoke:
            if remove_role(user, role, by=None):
                self.stdout.write(f"Took the role {name} from {user.email}.")
            else:
                self.stdout.write(f"{user.email} does not have the role {name}; nothing changed.")
            return
        if assign_role(user, role, by=None):
            self.stdout.write(f"Gave {user.email} the role {name}.")
        else:
            self.stdout.write(f"{user.email} already has the role {name}; nothing changed.")
        if role in STAFF_ROLES:
            self.stdout.write(
                f"{role.value} is a staff role: {user.email} must set up two-factor authentication "
                "(an authenticator app) at the next login before using the portal."
            )


def _role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise CommandError(f'Unknown role "{value}". Valid roles: {", ".join(Role.values)}.') from None
