"""One shape for every error the API answers: ``{"detail": "...", "errors": {"field": ["..."]}}``."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with a bad filter value (a ValidationError) as one sentence plus the fields' messages."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _("A query parameter has a value that cannot be used."), "errors": errors}
    return response
