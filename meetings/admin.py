from django.contrib import admin

from meetings.models import AgendaItem, Meeting, MeetingSeries, Participant


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "meetings_per_year", "weekday", "start_time", "visibility"]
    # A plain multiple select: the admin's two-box selector fails axe (aria-label on an unroled span).


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["businesses"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "state", "visibility", "series"]
    list_filter = ["state", "visibility", "series"]
    inlines = [AgendaItemInline, ParticipantInline]
