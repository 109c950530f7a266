"""The Celery application: configuration from Django settings (``CELERY_*``), tasks per app."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def exit_on_bad_environment(**kwargs) -> None:
    """Stop ``celery worker`` / ``celery beat`` with one line when the environment is malformed."""
    # Imported when Celery configures itself, so that reading the settings is what this handler checks.
    from django.conf import settings

    from portal.env import EnvError

    try:
        settings.INSTALLED_APPS  # noqa: B018 - first access reads and validates the environment
    except EnvError as error:
        sys.exit(f"Configuration error: {error}")
