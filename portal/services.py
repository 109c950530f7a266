"""Writes that belong to the portal as a whole: the activity log and role membership."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from portal.models import ActivityLog, User
from portal.roles import GROUP_PERMISSIONS, Role


def log_activity(target: models.Model | None, *, actor: User | None, action: str, data: dict | None = None) -> ActivityLog:
    """Record one accountable change. Call it from the service that makes the change."""
    entry = ActivityLog(actor=actor if actor and actor.is_authenticated else None, action=action, data=data or {})
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
    entry.save()
    return entry


def sync_role_groups() -> None:
    """Create one group per role and give it exactly the permissions listed in roles.py. Idempotent."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = GROUP_PERMISSIONS[role]
        if wanted == ["*"]:
            permissions = Permission.objects.all()
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in (name.split(".") for name in wanted)
            ]
        group.permissions.set(permissions)


@transaction.atomic
def assign_role(user: User, role: Role, *, by: User | None) -> bool:
    """Give ``user`` the role; administrators also get Django's admin flags. Returns False if already held."""
    group, _ = Group.objects.get_or_create(name=role.value)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    if role == Role.ADMINISTRATOR and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    log_activity(user, actor=by, action="role.assigned", data={"role": role.value})
    return True


@transaction.atomic
def remove_role(user: User, role: Role, *, by: User | None) -> bool:
    """Take the role away. Returns False if the user did not hold it."""
    group = Group.objects.filter(name=role.value).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    if role == Role.ADMINISTRATOR and user.is_superuser:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    log_activity(user, actor=by, action="role.removed", data={"role": role.value})
    return True


def set_language(user: User, language: str) -> None:
    """Remember the user's language, which e-mails to them are written in."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def update_profile(user: User, *, name: str, language: str, by: User) -> list[str]:
    """Change the user's name and preferred language; log which changed. Returns the changed fields (none: a no-op)."""
    wanted = {"name": name, "language": language}
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(user, field, wanted[field])
    user.save(update_fields=changed)
    data = {"fields": changed}
    if "language" in changed:
        data["language"] = language
    log_activity(user, actor=by, action="profile.updated", data=data)
    return changed
