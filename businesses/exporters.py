from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.exporters import Column, Exporter


def _status(business) -> str:
    if business.deleted:
        return str(_("Deleted"))
    if business.bankrupt:
        return str(_("Bankrupt"))
    if business.under_liquidation or business.under_forced_liquidation:
        return str(_("Under liquidation or dissolution"))
    return str(pgettext_lazy("business status", "Active"))


class BusinessExporter(Exporter):
    filename = "bedrifter"
    columns = [
        Column(_("Organisation number"), lambda b: b.orgnr),
        Column(_("Name"), lambda b: b.name),
        Column(_("Organisation form"), lambda b: b.organisation_form_id or ""),
        Column(_("Industry code"), lambda b: b.industry_code),
        Column(_("Industry"), lambda b: b.industry_description),
        Column(_("Industry section"), lambda b: b.industry_section),
        Column(_("Employees"), lambda b: b.employees if b.employees is not None else ""),
        Column(_("Address"), lambda b: b.address),
        Column(_("Postal code"), lambda b: b.postal_code),
        Column(_("Postal place"), lambda b: b.postal_place),
        Column(_("Municipality"), lambda b: b.municipality.name if b.municipality else ""),
        Column(pgettext_lazy("registration date", "Registered"), lambda b: b.registered.isoformat() if b.registered else ""),
        Column(_("Status"), _status),
        Column(_("Website"), lambda b: b.website),
    ]
