from rest_framework import serializers

from core.api.serializers import ServiceModelSerializer
from countries.models import Agency, Country


class CountryCodeField(serializers.SlugRelatedField):
    """A country as its ISO alpha-2 code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "iso2")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Country.objects.all())
        super().__init__(**kwargs)


class CountrySerializer(ServiceModelSerializer):
    """An ISO 3166-1 country with its UN M49 region, its role on the route and partner status."""

    class Meta:
        model = Country
        fields = [
            "id",
            "iso2",
            "iso3",
            "numeric_code",
            "name",
            "official_name",
            "region",
            "sub_region",
            "intermediate_region",
            "is_source",
            "is_transit",
            "is_destination",
            "is_partner",
            "partner_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class AgencySerializer(ServiceModelSerializer):
    """A national agency (police, customs, prosecution, judiciary, laboratory, FIU, ministry)."""

    country = CountryCodeField()
    category_label = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "acronym",
            "country",
            "category",
            "category_label",
            "website",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
