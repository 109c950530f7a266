"""Admin of procurement: notices, plans, market dialogue, alerts. Filled in by the capability that needs it."""

# --- Notices (read-only: they come from Doffin; change them by importing) ---

from django.contrib import admin

from procurement.models import CpvCode, DoffinSync, Notice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("doffin_id", "heading", "buyer_name", "type", "status", "published_on", "deadline", "version")
    list_filter = ("type", "status")
    search_fields = ("doffin_id", "heading", "buyer_name", "buyer_orgnr")
    date_hierarchy = "published_on"


@admin.register(CpvCode)
class CpvCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_nb", "name_en", "parent")
    search_fields = ("code", "name_nb", "name_en")
    list_select_related = ("parent",)


@admin.register(DoffinSync)
class DoffinSyncAdmin(ReadOnlyAdmin):
    list_display = ("key", "fetched_through", "last_run_at")
