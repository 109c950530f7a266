"""What the registry contributes to "Min side": the businesses the user represents, with links.
Registered from BusinessesConfig.ready()."""

from businesses.queries import businesses_represented_by
from portal import startpage
from portal.rules import is_business_owner


def represented_businesses(user) -> dict:
    businesses = list(businesses_represented_by(user).select_related("municipality").order_by("name", "orgnr"))
    return {"businesses": businesses, "count": len(businesses)}


def register() -> None:
    startpage.register(
        "businesses.represented",
        page=startpage.MY_PAGE,
        template="businesses/startpage/represented.html",
        context=represented_businesses,
        applies_to=is_business_owner,
        order=10,
    )
