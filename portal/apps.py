from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # The embedded defaults keep their state in folders under var/; make sure they exist
        # before the filesystem broker, the file cache or the outbox are first used.
        folders = [settings.VAR_DIR, settings.MEDIA_ROOT]
        if settings.CELERY_BROKER_URL.startswith("filesystem"):
            folders += [
                Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]),
                Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["processed_folder"]),
            ]
        if settings.EMAIL_MODE == "file":
            folders.append(Path(settings.EMAIL_OUTBOX))
        for folder in folders:
            Path(folder).mkdir(parents=True, exist_ok=True)

        from django.db.models.signals import post_migrate

        post_migrate.connect(create_role_groups, sender=self)


def create_role_groups(sender, using="default", **kwargs):
    """After migrate: make sure every role's group exists with its permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from portal.services import sync_role_groups

    # Permissions are normally created app by app after this handler; create them all first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_groups()
