from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = _("Strategies")

    def ready(self):
        # Not at module level: apps.py is imported before the models are ready.
        # --- Status rounds: the start page's sections.
        from strategies import startpage

        startpage.register()
        # --- Plans: the business timeline and the meeting page show the measures that name them.
        from strategies import timeline

        timeline.register()
        # --- Issue 14: the dashboard's figures of the plan and the Næringsrapport's plan status.
        from strategies import dashboard

        dashboard.register()
