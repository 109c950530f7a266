from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        # Not at module level: apps.py is imported before the models are ready.
        from procurement import dashboard, startpage, timeline
        from procurement.services import cpv

        # The CPV codes ship with the portal and load after every migrate, as the registry's reference tables do.
        post_migrate.connect(cpv.load_after_migrate, sender=self, dispatch_uid="procurement.load_cpv_codes")
        startpage.register()
        dashboard.register()
        timeline.register()
