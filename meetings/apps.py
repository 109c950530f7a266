from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # Not at module level: apps.py is imported before the models are ready.
        from meetings import dashboard, frontpage, startpage, timeline

        dashboard.register()
        frontpage.register()
        startpage.register()
        timeline.register()
