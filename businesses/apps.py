from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BusinessesConfig(AppConfig):
    name = "businesses"
    verbose_name = _("Businesses")

    def ready(self):
        post_migrate.connect(load_reference_tables_after_migrate, sender=self)
        # Not at module level: apps.py is imported before the models are ready.
        from businesses import dashboard, startpage, timeline

        startpage.register()
        dashboard.register()
        timeline.register()


def load_reference_tables_after_migrate(sender, *, using, verbosity=1, apps=global_apps, stdout=None, **kwargs):
    """Every ``migrate`` (and test database) brings the reference tables up to the shipped files."""
    try:
        apps.get_model("businesses", "ReferenceLoad")
    except LookupError:
        return  # migrated back to before the tables exist
    # Not at module level: apps.py is imported before the models are ready.
    from businesses.services.registry import load_reference_tables

    report = load_reference_tables(using=using)
    if report.written and verbosity >= 1 and stdout is not None:
        tables = ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in report.counts.items())
        stdout.write(f"Reference tables: {report.written} rows written ({tables}).")
