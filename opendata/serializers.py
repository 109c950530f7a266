"""What the open data API shows of each thing: the public parts only, field by field.

Every field is named here on purpose (no ``fields = "__all__"``): a field added to a model does not reach the
API until someone decides it is public. Never here: e-mail addresses and phone numbers (even the register's),
people's names (owners, contacts, reporters, participants, presenters), a sole proprietorship's
address, internal items, drafts, CRM data.

A list's serializer holds scalars (and lists of scalars) only, so its CSV export has the same columns.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import ActionPoint, Meeting
from procurement.models import Notice, PlannedProcurement
from procurement.queries import current_status
from strategies.models import Measure, Plan, ResponsibleKind

# --- Field helpers: read-only, with a description for the documentation --------------------------------------


def text(help_text, **kwargs):
    return serializers.CharField(read_only=True, help_text=help_text, **kwargs)


def integer(help_text, **kwargs):
    return serializers.IntegerField(read_only=True, help_text=help_text, **kwargs)


def date(help_text, **kwargs):
    return serializers.DateField(read_only=True, help_text=help_text, **kwargs)


def moment(help_text, **kwargs):
    return serializers.DateTimeField(read_only=True, help_text=help_text, **kwargs)


def flag(help_text, **kwargs):
    return serializers.BooleanField(read_only=True, help_text=help_text, **kwargs)


def choice(choices, help_text, **kwargs):
    return serializers.ChoiceField(choices=choices, read_only=True, help_text=help_text, **kwargs)


def amount(help_text, *, max_digits=16, decimal_places=2, **kwargs):
    return serializers.DecimalField(
        max_digits=max_digits, decimal_places=decimal_places, read_only=True, allow_null=True, help_text=help_text, **kwargs
    )


def percent(help_text, **kwargs):
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, read_only=True, allow_null=True, help_text=help_text, **kwargs
    )


def texts(help_text, **kwargs):
    return serializers.ListField(child=serializers.CharField(), read_only=True, help_text=help_text, **kwargs)


class RelatedKeys(serializers.ListField):
    """The primary keys of a many-to-many relation (prefetched), in order."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, data):
        return sorted(str(obj.pk) for obj in data.all())


class PortalLink(serializers.Field):
    """The thing's page in the portal, as an absolute URL."""

    def __init__(self, view_name: str, lookup: str, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        kwargs.setdefault("help_text", _("The page in the portal."))
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        key = value[self.lookup] if isinstance(value, dict) else getattr(value, self.lookup)
        path = reverse(self.view_name, args=[key])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


extend_schema_field(OpenApiTypes.URI)(PortalLink)


# --- Businesses: register data only -------------------------------------------------------------------------

# A sole proprietorship (enkeltpersonforetak) is a person's business: its name is the person's name, and its
# business address is often their home.
SOLE_PROPRIETORSHIP = "ENK"


class BusinessAddress(serializers.CharField):
    """A part of the business address; null for a sole proprietorship, whose address is left out."""

    def __init__(self, help_text, **kwargs):
        super().__init__(read_only=True, allow_null=True, help_text=help_text, **kwargs)

    def get_attribute(self, instance):
        if instance.organisation_form_id == SOLE_PROPRIETORSHIP:
            return None
        return super().get_attribute(instance)


class BusinessSerializer(serializers.Serializer):
    """A business's register data from Enhetsregisteret, as its public page in the portal shows it.

    Sole proprietorships (organisation form ENK) are included with their register data, but without their
    business address (``address``, ``postal_code`` and ``postal_place`` are null, empty cells in CSV): the
    address of a one-person business is often the owner's home. Their municipality stays, as in the list's filter.
    """

    orgnr = text(_("Organisation number (9 digits)."))
    name = text(_("Name as registered."))
    organisation_form = text(_("Organisation form code, e.g. AS, ENK."), source="organisation_form_id", allow_null=True)
    industry_code = text(_("The first industry code (SN2025 or SN2007, see industry_version)."))
    industry_description = text(_("The first industry code's description, as the register gives it."))
    industry_section = text(_("SN2025 section letter of the first industry code."))
    industry_division = text(_("Two-digit industry division of the first industry code."))
    employees = integer(_("Employees as reported; null when not reported (which is not 0)."), allow_null=True)
    address = BusinessAddress(_("Business address (street); null for a sole proprietorship."))
    postal_code = BusinessAddress(_("Business address: postal code; null for a sole proprietorship."))
    postal_place = BusinessAddress(_("Business address: postal place; null for a sole proprietorship."))
    municipality = text(_("Municipality number (2024 numbering)."), source="municipality_id", allow_null=True)
    municipality_name = text(_("Municipality name."), source="municipality.name", allow_null=True)
    registered = date(_("Date registered in Enhetsregisteret."), allow_null=True)
    founded = date(_("Date founded."), allow_null=True)
    bankrupt = flag(_("Bankrupt."))
    under_liquidation = flag(_("Under liquidation."))
    under_forced_liquidation = flag(_("Under forced liquidation or dissolution."))
    deleted = date(_("Date deleted from Enhetsregisteret; null while registered."), allow_null=True)
    url = PortalLink("businesses:detail", "orgnr")


class IndustryCodeSerializer(serializers.Serializer):
    code = text(_("Industry code."))
    description = text(_("Description, as the register gives it."))


class BusinessDetailSerializer(BusinessSerializer):
    organisation_form_name = text(_("Organisation form in words."), source="organisation_form.name", allow_null=True)
    industry_codes = IndustryCodeSerializer(many=True, read_only=True, help_text=_("Up to three industry codes."))
    industry_version = text(_("Classification of the industry codes: SN2007 or SN2025."))
    bankrupt_date = date(_("Date of the bankruptcy."), allow_null=True)
    under_liquidation_date = date(_("Date the liquidation began."), allow_null=True)
    register_url = serializers.URLField(read_only=True, help_text=_("The unit in Brønnøysundregistrene's lookup."))


# --- Meetings: public meetings and their published minutes --------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    id = integer(_("Meeting id."))
    title = text(_("Title."))
    starts_at = moment(_("Start (ISO 8601, Norwegian time)."))
    ends_at = moment(_("End (ISO 8601, Norwegian time)."))
    place = text(_("Place."))
    state = choice(Meeting.State.choices, _("State of the meeting."))
    series = text(_("Name of the meeting series, if public."), source="public_series_name", allow_null=True)
    minutes_published_at = moment(_("When the minutes were published; null until then."), allow_null=True)
    url = PortalLink("meetings:detail", "pk")


class PublicAgendaItemSerializer(serializers.Serializer):
    position = integer(_("Position on the agenda."))
    title = text(_("Title."))
    decision = text(_("The decision recorded in the minutes."))


class PublicActionPointSerializer(serializers.Serializer):
    title = text(_("What was agreed."))
    agenda_item = integer(_("Position of the agenda item it was agreed under."), source="agenda_item_position", allow_null=True)
    due_date = date(_("Due date."), allow_null=True)
    status = choice(ActionPoint.Status.choices, _("Status."))


class MinutesSerializer(serializers.Serializer):
    published_at = moment(_("When the minutes were published."))
    agenda_items = PublicAgendaItemSerializer(many=True, read_only=True, help_text=_("Public agenda items, in order."))
    action_points = PublicActionPointSerializer(many=True, read_only=True, help_text=_("Public action points."))


class MeetingDetailSerializer(MeetingSerializer):
    minutes = MinutesSerializer(
        read_only=True, allow_null=True, help_text=_("The public minutes; null until they are published.")
    )


# --- Strategic business plans: plans out of draft ------------------------------------------------------------

# A draft is never public.
PUBLIC_PLAN_STATES = [choice for choice in Plan.State.choices if choice[0] != Plan.State.DRAFT]


class PlanSerializer(serializers.Serializer):
    id = integer(_("Plan id."))
    title = text(_("Title."))
    summary = text(_("Summary."))
    owner_kind = choice(Plan.OwnerKind.choices, _("Owned by a municipality or a region."))
    owner_name = text(_("The owning municipality or region."))
    municipalities = RelatedKeys(help_text=_("Member municipalities' numbers."))
    start_year = integer(_("First year."))
    end_year = integer(_("Last year."))
    state = choice(PUBLIC_PLAN_STATES, _("State of the plan."))
    decided_by = text(_("Body that adopted the plan."))
    decided_on = date(_("Date adopted."), allow_null=True)
    case_number = text(_("Case number of the decision."))
    version = integer(_("Revision number."))
    previous = integer(_("Id of the revision it was made from."), source="public_previous", allow_null=True)
    url = PortalLink("strategies:plan", "pk")


class PlanMeasureSerializer(serializers.Serializer):
    id = integer(_("Measure id."))
    parent = integer(_("Id of the measure this one is part of."), allow_null=True)
    code = text(_("Number in the plan, e.g. 1.2.3."))
    title = text(_("Title."))
    description = text(_("Description."))
    responsible_kind = choice(ResponsibleKind.choices, _("Kind of responsible party."))
    responsible_name = text(_("Responsible party."))
    responsible_orgnr = text(_("Responsible party's organisation number."))
    start = date(_("Start."), allow_null=True)
    deadline = date(_("Deadline."), allow_null=True)
    budget = amount(_("Budget (NOK)."), max_digits=14, decimal_places=0)
    state = choice(Measure.State.choices, _("State."))
    progress = integer(_("Progress as reported (0–100)."))
    weight = amount(_("Weight in the roll-up."), max_digits=7, decimal_places=2)
    rolled_up_progress = percent(_("Progress as the plan counts it (from its parts, if any); null if undefined."))


class PlanGoalSerializer(serializers.Serializer):
    id = integer(_("Goal id."))
    title = text(_("Title."))
    description = text(_("Description."))
    weight = amount(_("Weight in the roll-up."), max_digits=7, decimal_places=2)
    progress = percent(_("Weighted progress of its measures; null if undefined."))
    measures = PlanMeasureSerializer(many=True, read_only=True, help_text=_("Measures, parts after their measure."))


class PlanFocusAreaSerializer(serializers.Serializer):
    id = integer(_("Focus area id."))
    title = text(_("Title."))
    description = text(_("Description."))
    weight = amount(_("Weight in the roll-up."), max_digits=7, decimal_places=2)
    progress = percent(_("Weighted progress of its goals; null if undefined."))
    goals = PlanGoalSerializer(many=True, read_only=True, help_text=_("Goals."))


class PlanDetailSerializer(PlanSerializer):
    progress = percent(_("Weighted progress of the whole plan; null if undefined."), source="tree.progress")
    focus_areas = PlanFocusAreaSerializer(
        many=True, read_only=True, source="tree.focus_areas", help_text=_("Focus areas, in order.")
    )


class MeasureSerializer(serializers.Serializer):
    id = integer(_("Measure id."))
    plan = integer(_("Plan id."), source="goal.focus_area.plan_id")
    plan_title = text(_("Plan title."), source="goal.focus_area.plan.title")
    focus_area = text(_("Focus area title."), source="goal.focus_area.title")
    goal = text(_("Goal title."), source="goal.title")
    parent = integer(_("Id of the measure this one is part of."), source="parent_id", allow_null=True)
    code = text(_("Number in the plan, e.g. 1.2.3."))
    title = text(_("Title."))
    responsible_kind = choice(ResponsibleKind.choices, _("Kind of responsible party."))
    responsible_name = text(_("Responsible party."))
    responsible_orgnr = text(_("Responsible party's organisation number."))
    start = date(_("Start."), allow_null=True)
    deadline = date(_("Deadline."), allow_null=True)
    budget = amount(_("Budget (NOK)."), max_digits=14, decimal_places=0)
    state = choice(Measure.State.choices, _("State."))
    progress = integer(_("Progress as reported (0–100)."))
    url = PortalLink("strategies:measure", "pk")


# --- Procurement: Doffin notices, published procurement plans ------------------------------------------------


class NoticeStatusField(serializers.ChoiceField):
    """Doffin's status as of the last import, with an open notice whose deadline has passed since as expired."""

    def __init__(self, **kwargs):
        super().__init__(choices=Notice.Status.choices, source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return current_status(value.status, value.deadline) or None


class NoticeSerializer(serializers.Serializer):
    doffin_id = text(_("Doffin's id, e.g. 2026-112546."))
    heading = text(_("Heading."))
    type = text(_("Doffin's notice type, e.g. ANNOUNCEMENT_OF_COMPETITION."))
    status = NoticeStatusField(allow_null=True, help_text=_("Status; an open notice past its deadline is EXPIRED."))
    published_on = date(_("Publication date."), allow_null=True)
    deadline = moment(_("Deadline for tenders."), allow_null=True)
    estimated_value = amount(_("Estimated value."))
    currency = text(_("Currency of the value."))
    buyer_name = text(_("The (first) buyer."))
    buyer_orgnr = text(_("The (first) buyer's organisation number."))
    main_cpv = text(_("The first CPV code the notice lists."), allow_null=True)
    url = PortalLink("procurement:notice", "doffin_id")
    doffin_url = serializers.URLField(read_only=True, help_text=_("The notice at Doffin."))
    demo = flag(_("An invented notice of the demo, not from Doffin."))


class PartySerializer(serializers.Serializer):
    orgnr = text(_("Organisation number; empty for a foreign party."))
    name = text(_("Name."))


class LotSerializer(serializers.Serializer):
    heading = text(_("Heading."))
    description = text(_("Description."))
    winners = PartySerializer(many=True, read_only=True, help_text=_("Winners of the lot."))


class NoticeDetailSerializer(NoticeSerializer):
    description = text(_("Description."))
    all_types = texts(_("Every type and type group of the notice."))
    issued_at = moment(_("Issue time."), allow_null=True)
    location_ids = texts(_("NUTS codes of the place of performance, or anyw."))
    received_tenders = integer(_("Tenders received."), allow_null=True)
    cpv_codes = texts(_("The CPV codes the notice lists."))
    buyers = PartySerializer(many=True, read_only=True, help_text=_("Buyers."))
    lots = LotSerializer(many=True, read_only=True, help_text=_("Lots, with their winners."))


class ProcurementPlanSerializer(serializers.Serializer):
    id = integer(_("Procurement plan id."))
    title = text(_("Title."))
    buyer_name = text(_("Buyer."))
    buyer_orgnr = text(_("Buyer's organisation number."))
    year = integer(_("Year."))
    item_count = integer(_("Planned procurements, not counting cancelled ones."))
    url = PortalLink("procurement:plan", "pk")


class PlannedProcurementSerializer(serializers.Serializer):
    id = integer(_("Planned procurement id."))
    title = text(_("What is to be bought."))
    description = text(_("Description."))
    cpv_codes = texts(_("CPV codes."))
    estimated_value = amount(_("Estimated value (NOK, excl. VAT)."))
    planned_announcement = date(_("Planned announcement."), allow_null=True)
    market_dialogue_planned = flag(_("A market dialogue is planned."))
    state = choice(PlannedProcurement.State.choices, _("State."))
    doffin_id = text(_("Doffin id once announced."))
    url = PortalLink("procurement:item", "pk")


class ProcurementPlanDetailSerializer(ProcurementPlanSerializer):
    introduction = text(_("Introduction."))
    items = PlannedProcurementSerializer(
        many=True, read_only=True, source="items_list", help_text=_("Planned procurements, soonest announcement first.")
    )


class PlannedProcurementListSerializer(PlannedProcurementSerializer):
    plan = integer(_("Procurement plan id."), source="plan_id")
    plan_title = text(_("Procurement plan title."), source="plan.title")
    buyer_name = text(_("Buyer."), source="plan.buyer_name")
    year = integer(_("Year of the plan."), source="plan.year")


# --- Errors, for the documentation -------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    # Not read-only, so ``errors`` can be optional in the description (read-only fields are always present).
    detail = serializers.CharField(help_text=_("What went wrong."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("For a bad query parameter: its name and what is wrong with the value."),
    )
