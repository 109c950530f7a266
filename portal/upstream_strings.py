"""Strings from Django and allauth whose bokmål translation upstream lags behind the code.

They are marked here only so that ``makemessages`` keeps them in the portal's catalogue, which
takes precedence over the libraries' own (LOCALE_PATHS). Nothing imports this module.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
