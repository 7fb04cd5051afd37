from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from activities.models import Activity, Organisation, Pillar
from core.access import record_countries_in_edit_scope
from core.api.serializers import (
    ModelLabelsMixin,
    ServiceModelSerializer,
    VisiblePrimaryKeyRelatedField,
)
from core.services import instance_save
from core.translated import stored_serializer_fields
from countries.api.serializers import CountryCodeField
from countries.models import Agency
from operations.models import (
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
)
from operations.services import operation_create

# Figures can add up to more digits than one seizure's mass holds.
_KG_DIGITS = {"max_digits": 20, "decimal_places": 6}


def _activity_label(name: str):
    return Activity._meta.get_field(name).verbose_name


class SubstanceSerializer(ModelLabelsMixin, ServiceModelSerializer):
    # Names as stored (core.translated), whatever the request's language.
    category_name = serializers.CharField(
        source="category.name_en", read_only=True, label=gettext_lazy("category name")
    )

    class Meta:
        model = Substance
        fields = [
            "id",
            "name",
            "category",
            "category_name",
            "synonyms",
            "density_kg_per_l",
            "unit_mass_g",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = stored_serializer_fields(Substance, "name")


class SeizureSerializer(ModelLabelsMixin, ServiceModelSerializer):
    country = CountryCodeField(help_text=gettext_lazy("The seizing country, ISO alpha-2 code."))
    origin_country = CountryCodeField(required=False, allow_null=True)
    destination_country = CountryCodeField(required=False, allow_null=True)
    transit_countries = CountryCodeField(many=True, required=False)
    substance_name = serializers.CharField(
        source="substance.name_en", read_only=True, label=gettext_lazy("substance name")
    )
    substance_category = serializers.CharField(
        source="substance.category.name_en", read_only=True, label=gettext_lazy("substance category")
    )
    operation = VisiblePrimaryKeyRelatedField(
        queryset=Operation.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Seizure
        fields = [
            "id",
            "reference",
            "date",
            "country",
            "place",
            "location",
            "substance",
            "substance_name",
            "substance_category",
            "operation",
            "quantity",
            "unit",
            "mass_kg",
            "mass_status",
            "conveyance",
            "detection",
            "origin_country",
            "transit_countries",
            "destination_country",
            "arrests",
            "follow_up",
            "follow_up_notes",
            "notes",
            "sensitivity",
            "restricted_until",
            "is_synthetic",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["mass_kg", "mass_status", "archived_at", "created_at", "updated_at"]

    def validate_quantity(self, quantity):
        # The model says so too; here the error comes with the others of an incomplete request.
        if quantity <= 0:
            raise serializers.ValidationError(_("The quantity must be greater than zero."))
        return quantity


class ActivitySummarySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    """The activity an operation is, in brief; the full record is under /activities/."""

    host_country = CountryCodeField(read_only=True, allow_null=True)

    # The fields as the operations list reads them straight from the database (OperationViewSet's
    # export_columns): a JSON object of these, the country as its code.
    @classmethod
    def database_row(cls) -> JSONObject:
        return JSONObject(
            **{
                name: F(f"activity__{'host_country__iso2' if name == 'host_country' else name}")
                for name in cls.Meta.fields
            }
        )

    def to_representation(self, instance):
        if not isinstance(instance, Mapping):
            return super().to_representation(instance)
        # A row of `database_row`: JSON gives dates in ISO form already (as DateField shows them)
        # and the country as its code; a moment is shown as DateTimeField shows it.
        shown = {}
        for name, field in self.fields.items():
            value = instance[name]
            if value is not None and isinstance(field, serializers.DateTimeField):
                value = field.to_representation(parse_datetime(value))
            shown[name] = value
        return shown

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "modality",
            "scope",
            "archived_at",
        ]
        read_only_fields = fields


class OperationPhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationPhase
        fields = ["number", "name", "start_date", "end_date"]
        read_only_fields = fields


class OperationCountrySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)
    country_name = serializers.CharField(
        source="country.name", read_only=True, label=gettext_lazy("country name")
    )
    coordinating_agency_name = serializers.CharField(
        source="coordinating_agency.name",
        read_only=True,
        allow_null=True,
        default=None,
        label=gettext_lazy("coordinating agency name"),
    )

    class Meta:
        model = OperationCountry
        fields = ["country", "country_name", "coordinating_agency", "coordinating_agency_name"]
        read_only_fields = fields


class OperationSerializer(ModelLabelsMixin, ServiceModelSerializer):
    """An operation: the activity it is, its phases, its countries and its figures."""

    id = serializers.IntegerField(
        source="pk", read_only=True, label=gettext_lazy("ID"), help_text=gettext_lazy("The activity's id.")
    )
    activity = ActivitySummarySerializer(read_only=True)
    phases = OperationPhaseSerializer(many=True, read_only=True)
    participants = OperationCountrySerializer(many=True, read_only=True)
    seizure_count = serializers.IntegerField(
        read_only=True,
        label=gettext_lazy("seizures"),
        help_text=gettext_lazy("Seizures recorded in the operation (archived ones left out)."),
    )
    seizure_kg = serializers.DecimalField(
        **_KG_DIGITS,
        read_only=True,
        label=gettext_lazy("seized (kg)"),
        help_text=gettext_lazy("Their normalised mass in kg (seizures without a conversion left out)."),
    )
    arrests = serializers.IntegerField(
        read_only=True, label=gettext_lazy("arrests"), help_text=gettext_lazy("Arrests at those seizures.")
    )
    archived_at = serializers.DateTimeField(
        source="activity.archived_at",
        read_only=True,
        allow_null=True,
        label=gettext_lazy("archived at"),
        help_text=gettext_lazy("Set when the operation is archived."),
    )

    class Meta:
        model = Operation
        fields = [
            "id",
            "code_name",
            "activity",
            "target",
            "coordinating_office",
            "equipment_provided",
            "follow_up",
            "sensitivity",
            "restricted_until",
            "phases",
            "participants",
            "seizure_count",
            "seizure_kg",
            "arrests",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class OperationPhaseInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationPhase
        fields = ["name", "start_date", "end_date"]


class OperationCountryInputSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    country = CountryCodeField()
    coordinating_agency = VisiblePrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = OperationCountry
        fields = ["country", "coordinating_agency"]


class OperationCreateSerializer(ModelLabelsMixin, ServiceModelSerializer):
    """A new operation: its activity's fields, its own, its phases and participating countries,
    written together by `operations.services.operation_create`."""

    title = serializers.CharField(max_length=300, label=_activity_label("title"))
    status = serializers.ChoiceField(
        choices=Activity.Status.choices, required=False, label=_activity_label("status")
    )
    start_date = serializers.DateField(label=_activity_label("start_date"))
    end_date = serializers.DateField(label=_activity_label("end_date"))
    venue = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_activity_label("venue")
    )
    host_country = CountryCodeField(required=False, allow_null=True, label=_activity_label("host_country"))
    modality = serializers.ChoiceField(
        choices=Activity.Modality.choices, required=False, label=_activity_label("modality")
    )
    scope = serializers.ChoiceField(
        choices=Activity.Scope.choices, required=False, label=_activity_label("scope")
    )
    description = serializers.CharField(
        required=False, allow_blank=True, label=_activity_label("description")
    )
    pillars = serializers.PrimaryKeyRelatedField(
        queryset=Pillar.objects.all(), many=True, required=False, label=_activity_label("pillars")
    )
    donors = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False, label=_activity_label("donors")
    )
    phases = OperationPhaseInputSerializer(many=True, required=False, label=gettext_lazy("phases"))
    participants = OperationCountryInputSerializer(
        many=True, required=False, label=gettext_lazy("participating countries")
    )

    class Meta:
        model = Operation
        fields = [
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "modality",
            "scope",
            "description",
            "pillars",
            "donors",
            "code_name",
            "target",
            "coordinating_office",
            "equipment_provided",
            "follow_up",
            "sensitivity",
            "restricted_until",
            "phases",
            "participants",
        ]

    def validate_participants(self, participants):
        countries = [participant["country"].pk for participant in participants]
        if len(countries) != len(set(countries)):
            raise serializers.ValidationError(_("A country takes part in an operation once."))
        return participants

    @transaction.atomic
    def create(self, validated_data):
        sensitivity = {
            name: validated_data.pop(name)
            for name in ("sensitivity", "restricted_until")
            if name in validated_data
        }
        participants = [
            (participant["country"], participant.get("coordinating_agency"))
            for participant in validated_data.pop("participants", [])
        ]
        operation = operation_create(participants=participants, **validated_data)
        if sensitivity:
            for name, value in sensitivity.items():
                setattr(operation, name, value)
            instance_save(operation)
        request = self.context.get("request")
        if request is not None and not record_countries_in_edit_scope(request.user, operation):
            raise PermissionDenied(_("You may only write records of the countries you are assigned to."))
        return operation


class CaseSerializer(ModelLabelsMixin, ServiceModelSerializer):
    lead_country = CountryCodeField()
    countries = CountryCodeField(
        many=True,
        required=False,
        help_text=gettext_lazy(
            "ISO alpha-2 codes; the lead country and the seizures' countries are always added."
        ),
    )
    lead_agency = VisiblePrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    seizures = VisiblePrimaryKeyRelatedField(queryset=Seizure.objects.all(), many=True, required=False)
    presented_at = VisiblePrimaryKeyRelatedField(queryset=Activity.objects.all(), many=True, required=False)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "stage",
            "opened_on",
            "closed_on",
            "lead_country",
            "countries",
            "lead_agency",
            "seizures",
            "presented_at",
            "used_controlled_delivery",
            "used_mutual_legal_assistance",
            "used_joint_investigation_team",
            "arrests",
            "convictions",
            "assets_seized_usd",
            "assets_description",
            "summary",
            "sensitivity",
            "restricted_until",
            "is_synthetic",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]


class EquipmentItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquipmentItem
        fields = ["id", "item", "quantity"]
        read_only_fields = fields


class EquipmentHandoverSerializer(ModelLabelsMixin, ServiceModelSerializer):
    country = CountryCodeField(
        read_only=True, help_text=gettext_lazy("The recipient agency's country, ISO alpha-2 code.")
    )
    recipient_agency = VisiblePrimaryKeyRelatedField(queryset=Agency.objects.all())
    recipient_agency_name = serializers.CharField(
        source="recipient_agency.name", read_only=True, label=gettext_lazy("recipient agency name")
    )
    activity = VisiblePrimaryKeyRelatedField(queryset=Activity.objects.all(), required=False, allow_null=True)
    operation = VisiblePrimaryKeyRelatedField(
        queryset=Operation.objects.all(), required=False, allow_null=True
    )
    items = EquipmentItemSerializer(many=True, read_only=True)

    class Meta:
        model = EquipmentHandover
        fields = [
            "id",
            "date",
            "country",
            "recipient_agency",
            "recipient_agency_name",
            "activity",
            "operation",
            "donor",
            "items",
            "notes",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
