"""Strings from Django and allauth whose bokmål translation upstream lags behind the code.

They are marked here only so that ``makemessages`` keeps them in the portal's catalogue, which
takes precedence over the libraries' own (LOCALE_PATHS). Nothing imports this module.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

# The empty choice of every select (BLANK_CHOICE_LABEL, new in Django 6.1).
BLANK_CHOICE_LABEL = gettext_lazy("- Select an option -")

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)

# Django 6.1's admin and user admin: texts (many of them for screen readers) newer than its bokmål catalogue.
DJANGO_ADMIN = (
    gettext_lazy("Breadcrumbs"),
    gettext_lazy("Sidebar"),
    gettext_lazy("Start typing to filter…"),
    gettext_lazy("Filter navigation items"),
    gettext_lazy("Toggle theme (current theme: auto)"),
    gettext_lazy("Toggle theme (current theme: light)"),
    gettext_lazy("Toggle theme (current theme: dark)"),
    gettext_lazy("Model name"),
    gettext_lazy("Add link"),
    gettext_lazy("Change or view list link"),
    gettext_lazy("Show counts"),
    gettext_lazy("Hide counts"),
    gettext_lazy("Run"),
    gettext_lazy("Select all objects on this page for an action"),
    gettext_lazy("Select this object for an action - {}"),
    gettext_lazy("Search %(name)s"),
    gettext_lazy("Pagination %(name)s"),
    gettext_lazy("Pagination %(name)s entries"),
    gettext_lazy("View selected %(model)s"),
    gettext_lazy(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? "
        "All of the following related items will be deleted:"
    ),
    gettext_lazy(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected related objects:"
    ),
    gettext_lazy(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_lazy("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_lazy("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_lazy("Reset password"),
    gettext_lazy("Set password"),
    gettext_lazy("Password-based authentication"),
    gettext_lazy("Enabled"),
    gettext_lazy("Disabled"),
    gettext_lazy("Disable password-based authentication"),
    gettext_lazy("Enable password-based authentication for this user by setting a password."),
    gettext_lazy("Password-based authentication was disabled."),
    gettext_lazy(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still "
        "be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
)

# Django's own form messages that Django REST framework's catalogue (an installed app, so it comes before
# Django's) translates otherwise: kept here with Django's bokmål, so every form says it the same way.
DJANGO_FORMS_OVER_DRF = (
    gettext_lazy("This field is required."),
    gettext_lazy("The submitted file is empty."),
    gettext_lazy("Enter a valid email address."),
    gettext_lazy("Enter a valid URL."),
    gettext_lazy("Enter a valid IPv4 or IPv6 address."),
    gettext_lazy("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_lazy("Value must be valid JSON."),
    gettext_lazy("Filters"),
)
