"""The open data API (/api/v1/...): read-only, public parts only, paged JSON and streamed CSV, with cache headers.

Each resource is a list (``/api/v1/<things>/``, filtered with the page's own filters) and a detail
(``/api/v1/<things>/<key>/``). Every JSON 200 carries ``Cache-Control: public`` and an ``ETag``, the hash of its
body, so ``If-None-Match`` answers 304 exactly when the client's copy is what it would get. ``Last-Modified``
(and ``If-Modified-Since``) only where a time of change covers all an answer shows: a notice's detail (see
``NoticeViewSet.changed``). A list's rows' times cannot: a row that leaves the list, or a related row shown in
it (a series' name, a plan's municipalities, a plan's items), changes the answer without a later time. A CSV
export is streamed, so it has no hash before it is sent and no ETag: it is made afresh on every request.
"""

from django.conf import settings
from django.db.models import F
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata import docs, filters, queries, serializers
from opendata.pagination import Pagination
from opendata.renderers import CSVRenderer, csv_lines
from opendata.schema import openapi_schema

# How long a client or a shared cache may keep an answer without asking again (seconds).
MAX_AGE = 300

ERROR = serializers.ErrorSerializer
BAD_FILTER = OpenApiResponse(ERROR, description=_("A filter or paging parameter has a value that cannot be used."))
NO_PAGE = OpenApiResponse(ERROR, description=_("No such page of the list."))
NOT_FOUND = OpenApiResponse(ERROR, description=_("No such thing, or it is not public."))
THROTTLED = OpenApiResponse(ERROR, description=_("Too many requests: wait the number of seconds in Retry-After."))


def list_schema(serializer, *, summary, description, tag):
    return extend_schema(
        summary=summary,
        description=description,
        tags=[tag],
        responses={
            (200, "application/json"): serializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("The whole filtered list as CSV.")),
            (400, "application/json"): BAD_FILTER,
            (404, "application/json"): NO_PAGE,
            (429, "application/json"): THROTTLED,
        },
    )


# The detail's key in the path: what it looks like (as the converters in urls.py match it; any other is a 404).
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("The id, as in the list."))
ORGNR = OpenApiParameter(
    "orgnr", {"type": "string", "pattern": r"^[0-9]{9}$"}, OpenApiParameter.PATH, description=_("Organisation number.")
)
DOFFIN_ID = OpenApiParameter(
    "doffin_id", {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{1,9}$"}, OpenApiParameter.PATH, description=_("Doffin id.")
)


def detail_schema(serializer, *, summary, description, tag, key=ID):
    return extend_schema(
        summary=summary,
        description=description,
        tags=[tag],
        parameters=[key],
        responses={200: serializer, 404: NOT_FOUND, 429: THROTTLED},
    )


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """A public list and detail. Subclasses name their queryset, serializers, filter and CSV file name."""

    list_serializer: type = None
    detail_serializer: type = None
    csv_name = "export"
    # Set by a detail whose time of change covers all it shows (``changed``): sent as Last-Modified.
    last_modified = None

    def get_serializer_class(self):
        return self.detail_serializer if self.action == "retrieve" else self.list_serializer

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def get_object(self):
        # Only the key: a list's filters (and the registry's default of the served municipalities) do not hide
        # a thing its own page shows.
        lookup = self.lookup_url_kwarg or self.lookup_field
        try:
            return get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup]})
        except Http404:
            # One answer for "no such thing" and "not public", without the model's name.
            raise NotFound from None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            return self.csv_response(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.prepare(self.get_object())
        self.last_modified = self.changed(instance)
        return Response(self.get_serializer(instance).data)

    def prepare(self, instance):
        """Attach what the detail serializer reads beyond the row's fields."""
        return instance

    def changed(self, instance):
        """When the thing as the detail shows it last changed, if one time says so; else None (ETag only)."""
        return None

    def csv_response(self, queryset) -> StreamingHttpResponse:
        serializer = self.get_serializer()
        header = list(serializer.fields)
        rows = (serializer.to_representation(obj) for obj in queryset.iterator(chunk_size=2000))
        response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}.csv"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400 and response.accepted_renderer.format == "csv":
            # An error asked for as CSV is still a JSON error.
            response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
        return with_cache_headers(request, response, last_modified=self.last_modified)


def with_cache_headers(request, response, *, last_modified=None):
    """Cache-Control on a 200; for a body that is not streamed its ETag (and ``last_modified`` if given, as
    Last-Modified), and 304 when the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept"])
    if response.streaming:
        return response
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(int(last_modified.timestamp()))
    if isinstance(response, Response):
        response.render()
    if not response.has_header("ETag"):
        set_response_etag(response)
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


class NotFoundView(APIView):
    """Any other address under /api/v1/ (a key of the wrong shape, a path it does not have): the API's JSON 404,
    not the portal's HTML page."""

    schema = None  # not an operation

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the rate limit counts these too
        raise NotFound


# --- Businesses -------------------------------------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        serializers.BusinessSerializer,
        summary=_("Businesses in the register"),
        description=_(
            "Register data of the businesses (main units) in Enhetsregisteret, by default those in the portal's "
            "municipalities; the same filters as the business list. Sole proprietorships are included, as in "
            "Enhetsregisteret, but without their business address, which is often the owner's home. No e-mail "
            "addresses, phone numbers or anything from the business team's records."
        ),
        tag="businesses",
    ),
    retrieve=detail_schema(
        serializers.BusinessDetailSerializer,
        summary=_("One business"),
        description=_("Register data of one business, by organisation number."),
        tag="businesses",
        key=ORGNR,
    ),
)
class BusinessViewSet(OpenDataViewSet):
    list_serializer = serializers.BusinessSerializer
    detail_serializer = serializers.BusinessDetailSerializer
    filterset_class = filters.BusinessApiFilter
    lookup_field = "orgnr"
    csv_name = "bedrifter"

    def get_queryset(self):
        return queries.registry_businesses()


# --- Meetings ---------------------------------------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        serializers.MeetingSerializer,
        summary=_("Public dialogue meetings"),
        description=_("The public meetings, in time order. Internal meetings are not included."),
        tag="meetings",
    ),
    retrieve=detail_schema(
        serializers.MeetingDetailSerializer,
        summary=_("One public meeting and its public minutes"),
        description=_(
            "A public meeting; once its minutes are published, the agenda items that are not internal with their "
            "decisions, and the public action points (without who owns them)."
        ),
        tag="meetings",
    ),
)
class MeetingViewSet(OpenDataViewSet):
    list_serializer = serializers.MeetingSerializer
    detail_serializer = serializers.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter
    csv_name = "moter"

    def get_queryset(self):
        return queries.api_meetings()

    def prepare(self, instance):
        instance.minutes = queries.public_minutes(instance)
        return instance


# --- Strategic business plans ---------------------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        serializers.PlanSerializer,
        summary=_("Strategic business plans"),
        description=_("Plans on consultation, adopted or archived, newest first. Drafts are not included."),
        tag="plans",
    ),
    retrieve=detail_schema(
        serializers.PlanDetailSerializer,
        summary=_("One plan with its focus areas, goals and measures"),
        description=_(
            "The plan's focus areas, goals and measures with their state and progress, rolled up by weight as on the plan page."
        ),
        tag="plans",
    ),
)
class PlanViewSet(OpenDataViewSet):
    list_serializer = serializers.PlanSerializer
    detail_serializer = serializers.PlanDetailSerializer
    filterset_class = filters.PublicPlanFilter
    csv_name = "planer"

    def get_queryset(self):
        return queries.api_plans()

    def prepare(self, instance):
        instance.tree = queries.plan_tree(instance)
        return instance


@extend_schema_view(
    list=list_schema(
        serializers.MeasureSerializer,
        summary=_("Measures of the plans"),
        description=_("Every measure of the plans out of draft, one row each: the action programme as a table."),
        tag="plans",
    ),
    retrieve=detail_schema(
        serializers.MeasureSerializer, summary=_("One measure"), description=_("One measure of a plan out of draft."), tag="plans"
    ),
)
class MeasureViewSet(OpenDataViewSet):
    list_serializer = detail_serializer = serializers.MeasureSerializer
    filterset_class = filters.MeasureFilter
    csv_name = "tiltak"

    def get_queryset(self):
        return queries.api_measures()


# --- Procurement ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        serializers.NoticeSerializer,
        summary=_("Procurement notices"),
        description=_("Notices mirrored from Doffin, newest first unless sorted otherwise; the same filters as the notice list."),
        tag="procurement",
    ),
    retrieve=detail_schema(
        serializers.NoticeDetailSerializer,
        summary=_("One procurement notice"),
        description=_("A notice with its buyers, CPV codes, lots and winners, by Doffin id."),
        tag="procurement",
        key=DOFFIN_ID,
    ),
)
class NoticeViewSet(OpenDataViewSet):
    list_serializer = serializers.NoticeSerializer
    detail_serializer = serializers.NoticeDetailSerializer
    filterset_class = filters.NoticeApiFilter
    lookup_field = "doffin_id"
    csv_name = "kunngjoringer"

    def get_queryset(self):
        return queries.api_notice_details() if self.action == "retrieve" else queries.api_notices()

    def prepare(self, instance):
        instance.cpv_codes = [row.code for row in instance.direct_cpv]
        return instance

    def changed(self, instance):
        # All a notice's detail shows is its own row, or its buyers, lots, winners and CPV codes, which only the
        # import writes, together with the row (procurement.services.notices). One thing changes by the clock: an
        # open notice reads as expired from its deadline on, so then the deadline is a change too.
        return queries.latest(instance.updated, instance.expired_at)


@extend_schema_view(
    list=list_schema(
        serializers.ProcurementPlanSerializer,
        summary=_("Procurement plans"),
        description=_("Published procurement plans, newest year first. Drafts are not included."),
        tag="procurement",
    ),
    retrieve=detail_schema(
        serializers.ProcurementPlanDetailSerializer,
        summary=_("One procurement plan with its planned procurements"),
        description=_("A published procurement plan and what it plans to buy, soonest announcement first."),
        tag="procurement",
    ),
)
class ProcurementPlanViewSet(OpenDataViewSet):
    list_serializer = serializers.ProcurementPlanSerializer
    detail_serializer = serializers.ProcurementPlanDetailSerializer
    filterset_class = filters.ProcurementPlanFilter
    csv_name = "anskaffelsesplaner"

    def get_queryset(self):
        return queries.api_procurement_plans()

    def prepare(self, instance):
        instance.items_list = list(instance.items.order_by(F("planned_announcement").asc(nulls_last=True), "pk"))
        return instance


@extend_schema_view(
    list=list_schema(
        serializers.PlannedProcurementListSerializer,
        summary=_("Planned procurements"),
        description=_("Every item of the published procurement plans, one row each."),
        tag="procurement",
    ),
    retrieve=detail_schema(
        serializers.PlannedProcurementListSerializer,
        summary=_("One planned procurement"),
        description=_("One item of a published procurement plan."),
        tag="procurement",
    ),
)
class PlannedProcurementViewSet(OpenDataViewSet):
    list_serializer = detail_serializer = serializers.PlannedProcurementListSerializer
    filterset_class = filters.PlannedProcurementFilter
    csv_name = "planlagte-anskaffelser"

    def get_queryset(self):
        return queries.api_planned_procurements()


# --- The description and its documentation page --------------------------------------------------------------


class SchemaView(APIView):
    """/api/schema/: the OpenAPI description as YAML (default) or JSON (``?format=json`` or ``Accept``)."""

    renderer_classes = [OpenApiYamlRenderer, OpenApiYamlRenderer2, OpenApiJsonRenderer, OpenApiJsonRenderer2]
    schema = None  # not part of itself

    def get(self, request, *args, **kwargs):
        filename = f"naeringsportal-api.{request.accepted_renderer.format}"
        response = Response(openapi_schema(translation.get_language()))
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        return with_cache_headers(request, super().finalize_response(request, response, *args, **kwargs))


def index(request):
    """/api/: the documentation, drawn on the server from the OpenAPI description (no script, no CDN)."""
    schema = openapi_schema(translation.get_language())
    context = {
        "api": docs.describe(schema),
        "base_url": request.build_absolute_uri("/api/v1/"),
        "page_size": Pagination.page_size,
        "max_page_size": Pagination.max_page_size,
        "max_age_minutes": MAX_AGE // 60,
        "rate": settings.API_RATE_LIMIT,
    }
    return render(request, "opendata/index.html", context)
