import django_filters
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.models import Business, IndustryCode, Municipality, OrganisationForm
from businesses.queries import reference_version, search_businesses
from portal.widgets import DateInput, Select, TextInput

SIZE_BANDS = {
    "unknown": (_("Not reported"), Q(employees__isnull=True)),
    "0": (_("No employees"), Q(employees=0)),
    "1-4": ("1–4", Q(employees__gte=1, employees__lte=4)),
    "5-9": ("5–9", Q(employees__gte=5, employees__lte=9)),
    "10-49": ("10–49", Q(employees__gte=10, employees__lte=49)),
    "50-249": ("50–249", Q(employees__gte=50, employees__lte=249)),
    "250+": (_("250 or more"), Q(employees__gte=250)),
}
STATUSES = {
    "active": (
        pgettext_lazy("business status", "Active"),
        Q(bankrupt=False, under_liquidation=False, under_forced_liquidation=False, deleted__isnull=True),
    ),
    "bankrupt": (_("Bankrupt"), Q(bankrupt=True)),
    "liquidation": (_("Under liquidation or dissolution"), Q(under_liquidation=True) | Q(under_forced_liquidation=True)),
    "deleted": (_("Deleted"), Q(deleted__isnull=False)),
}


CHOICES_CACHE_SECONDS = 3600


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices of the filters over the reference tables, by filter name.

    Cached under the tables' version (``ReferenceLoad``), which every load that changes them renews:
    a list cached before a reload, or from another database, is never used for this one.
    """
    served = settings.PORTAL_MUNICIPALITIES
    builders = {
        # Only the served municipalities: the list is about them (units elsewhere are kept for history).
        "municipality": lambda: [(m.number, m.name) for m in Municipality.objects.filter(number__in=served).order_by("number")],
        "section": lambda: _industry_codes(level=1),
        "division": lambda: _industry_codes(level=2),
        "organisation_form": lambda: [(f.code, f"{f.code} – {f.name}") for f in OrganisationForm.objects.order_by("code")],
    }
    version = reference_version()
    keys = {name: f"businesses:choices:{version}:{name}" for name in builders}
    keys["municipality"] += ":" + "-".join(served)
    cached = cache.get_many(keys.values())
    choices, missing = {}, {}
    for name, build in builders.items():
        choices[name] = cached.get(keys[name])
        if choices[name] is None:
            choices[name] = missing[keys[name]] = build()
    if missing:
        cache.set_many(missing, CHOICES_CACHE_SECONDS)
    return choices


def _industry_codes(*, level: int) -> list[tuple[str, str]]:
    codes = IndustryCode.objects.filter(version="SN2025", level=level).order_by("code")
    return [(code.code, f"{code.code} – {code.name}") for code in codes]


# The list page renders the filter form on every request, so its widgets write their HTML in Python
# (portal/widgets.py): Django's widget templates were most of the page's time.


class BusinessFilter(django_filters.FilterSet):
    """The filters of /bedrifter/. Without a municipality, the list covers the served municipalities."""

    q = django_filters.CharFilter(label=_("Name, organisation number or address"), method="filter_query", widget=TextInput)
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        field_name="municipality_id",
        choices=[],  # reference_choices(), set per request in __init__
        empty_label=_("The portal's municipalities"),
        widget=Select,
    )
    section = django_filters.ChoiceFilter(label=_("Industry section"), field_name="industry_section", choices=[], widget=Select)
    division = django_filters.ChoiceFilter(
        label=_("Industry division"), field_name="industry_division", choices=[], widget=Select
    )
    size = django_filters.ChoiceFilter(
        label=_("Employees"), choices=[(k, v[0]) for k, v in SIZE_BANDS.items()], method="filter_size", widget=Select
    )
    organisation_form = django_filters.ChoiceFilter(
        label=_("Organisation form"), field_name="organisation_form_id", choices=[], widget=Select
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(k, v[0]) for k, v in STATUSES.items()], method="filter_status", widget=Select
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"), field_name="registered", lookup_expr="gte", widget=DateInput
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered to"), field_name="registered", lookup_expr="lte", widget=DateInput
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("name", "name"), ("registered", "registered"), ("employees", "employees")],
        field_labels={
            "name": _("Name (A–Å)"),
            "-name": _("Name (Å–A)"),
            "registered": _("Registered (oldest first)"),
            "-registered": _("Registered (newest first)"),
            "employees": _("Employees (fewest first)"),
            "-employees": _("Employees (most first)"),
        },
        empty_label=_("Best match"),
        widget=Select,
    )

    class Meta:
        model = Business
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in reference_choices().items():
            self.filters[name].extra["choices"] = choices

    @property
    def qs(self):
        queryset = super().qs
        chosen = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        # Also on the first visit (no filters at all): the list is about the served municipalities.
        if not chosen.get("municipality"):
            queryset = queryset.filter(municipality__in=settings.PORTAL_MUNICIPALITIES)
        if not chosen.get("sort"):
            # No explicit sort: by relevance when searching, else by name.
            queryset = queryset.order_by("-rank", "name") if self._searching() else queryset.order_by("name")
        return queryset.select_related("municipality")

    @property
    def panel_open(self) -> bool:
        """Whether the "Filter and sort" panel starts open: only when one of its own fields is in use or wrong.

        The search box sits outside the panel, and paging (``?page=2``) is not a filter.
        """
        in_panel = [name for name in self.form.fields if name != "q"]
        return any(self.data.get(name) for name in in_panel) or any(self.form.errors.get(name) for name in in_panel)

    def _searching(self) -> bool:
        return bool(self.form.is_valid() and (self.form.cleaned_data.get("q") or "").strip())

    def filter_query(self, queryset, name, value):
        return search_businesses(queryset, value)

    def filter_size(self, queryset, name, value):
        return queryset.filter(SIZE_BANDS[value][1])

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUSES[value][1])
