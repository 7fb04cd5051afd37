from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import NamedValuesFieldListFilter, ServiceAdmin, ServiceTabularInline

from .models import Agency, Country


class AgencyInline(ServiceTabularInline):
    model = Agency
    fields = ("name", "acronym", "category", "website")


@admin.register(Country)
class CountryAdmin(ServiceAdmin):
    list_display = (
        "shown_name",
        "iso2",
        "iso3",
        "region",
        "sub_region",
        "is_source",
        "is_transit",
        "is_destination",
        "is_partner",
        "partner_since",
        "agency_count",
    )
    list_filter = (
        "is_partner",
        "is_source",
        "is_transit",
        "is_destination",
        ("region", NamedValuesFieldListFilter),
        ("sub_region", NamedValuesFieldListFilter),
    )
    search_fields = ("name", "official_name", "iso2", "iso3", "numeric_code")
    date_hierarchy = "partner_since"
    ordering = ("name",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "official_name", ("iso2", "iso3", "numeric_code"))},
        ),
        (_("Region (UN M49)"), {"fields": ("region", "sub_region", "intermediate_region")}),
        (
            _("Role on the route and partnership"),
            {"fields": (("is_source", "is_transit", "is_destination"), ("is_partner", "partner_since"))},
        ),
    )
    inlines = (AgencyInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agency_count=Count("agencies"))

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, country):
        # In the reader's language (countries.names); the form edits the name as stored.
        return country.display_name

    @admin.display(description=_("agencies"), ordering="agency_count")
    def agency_count(self, country):
        return country.agency_count


@admin.register(Agency)
class AgencyAdmin(ServiceAdmin):
    list_display = ("name", "acronym", "category", "country", "website")
    list_filter = ("category", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym", "country__name", "country__iso2", "country__iso3")
    autocomplete_fields = ("country",)
    list_select_related = ("country",)
    ordering = ("country__name", "name")
