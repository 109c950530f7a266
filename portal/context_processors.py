from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


def portal_context() -> dict:
    """The portal's identity and contact point, in the active language. Reads settings only, never the database."""
    names = [settings.MUNICIPALITY_NAMES[number] for number in settings.PORTAL_MUNICIPALITIES]
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_logo": settings.PORTAL_LOGO,
        "portal_brand_color": settings.PORTAL_BRAND_COLOR,
        "municipality_name": settings.PORTAL_MUNICIPALITY_NAME or get_text_list(names, _("and")),
        "contact": {
            "email": settings.PORTAL_CONTACT_EMAIL,
            "phone": settings.PORTAL_CONTACT_PHONE,
            "address": settings.PORTAL_CONTACT_ADDRESS,
        },
        "base_url": settings.PORTAL_BASE_URL,
    }


def portal(request):
    return portal_context()
