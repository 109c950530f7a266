from django.contrib import admin

from businesses.models import (
    Business,
    BusinessRepresentative,
    IndustryCode,
    Municipality,
    MunicipalityRenumbering,
    OrganisationForm,
)


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["orgnr", "name", "organisation_form", "municipality", "employees", "bankrupt", "deleted"]
    list_filter = ["municipality", "organisation_form", "bankrupt", "under_liquidation"]
    search_fields = ["orgnr", "name"]
    list_select_related = ["municipality", "organisation_form"]


@admin.register(BusinessRepresentative)
class BusinessRepresentativeAdmin(admin.ModelAdmin):
    list_display = ["business", "user", "title", "created"]
    autocomplete_fields = ["business", "user"]
    list_select_related = ["business", "user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county_name"]
    search_fields = ["number", "name"]


admin.site.register(MunicipalityRenumbering)
admin.site.register(OrganisationForm)


@admin.register(IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    list_display = ["version", "code", "name", "level"]
    list_filter = ["version", "level"]
    search_fields = ["code", "name"]
