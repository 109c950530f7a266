from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The open data API (/api/): the public parts of every app, read-only, as JSON and CSV."""

    name = "opendata"
    verbose_name = _("Open data")
