from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.models import ActivityLog, User
from portal.roles import STAFF_ROLES, Role
from portal.services import assign_role, remove_role


class RoleActionForm(ActionForm):
    # Not required: the other actions (delete) are sent with the same form.
    role = forms.ChoiceField(label=_("Role"), choices=BLANK_CHOICE_DASH + Role.choices, required=False)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name", "language"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]
    action_form = RoleActionForm
    actions = ["grant_role", "revoke_role"]
    # The admin's two-box selector puts aria-label on an unroled <span> (axe: aria-prohibited-attr);
    # roles are a handful of groups, so plain checkboxes serve better.
    filter_horizontal = []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("Give the chosen role to the selected users"), permissions=["change"])
    def grant_role(self, request, queryset):
        if (role := self._chosen_role(request)) is None:
            return
        given = sum(assign_role(user, role, by=request.user) for user in queryset)
        values = {"role": role.label, "count": given}
        message = ngettext("%(role)s given to %(count)d user.", "%(role)s given to %(count)d users.", given) % values
        if given < len(queryset):
            message += " " + gettext("The others already had it.")
        if role in STAFF_ROLES:
            message += " " + gettext("This role requires two-factor authentication: it is asked for at the next login.")
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Remove the chosen role from the selected users"), permissions=["change"])
    def revoke_role(self, request, queryset):
        if (role := self._chosen_role(request)) is None:
            return
        removed = sum(remove_role(user, role, by=request.user) for user in queryset)
        values = {"role": role.label, "count": removed}
        message = ngettext("%(role)s removed from %(count)d user.", "%(role)s removed from %(count)d users.", removed) % values
        if removed < len(queryset):
            message += " " + gettext("The others did not have it.")
        self.message_user(request, message, messages.SUCCESS)

    def _chosen_role(self, request) -> Role | None:
        try:
            return Role(request.POST.get("role", ""))
        except ValueError:
            self.message_user(request, gettext("Choose a role in the list beside the action."), messages.ERROR)
            return None


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "action", "content_type", "object_id"]
    list_filter = ["action"]
    readonly_fields = ["created", "actor", "action", "content_type", "object_id", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    # A plain multiple select instead of the two-box selector, whose search icon fails axe.
    filter_horizontal = []
