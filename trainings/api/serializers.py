"""Trainings in the API: the training's detail, with its activity nested under `activity`.

A training is read and written in one shape: `POST` makes the activity, its detail and its
modules in one go (`trainings.services.training_create`); `PUT`/`PATCH` change the detail's own
fields and, under `activity`, the activity's (through the activity's save service). Modules are
given by title when the training is made and are changed afterwards in the administration.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.serializers import as_serializer_error

from activities.models import Activity
from core.access import record_countries_in_edit_scope
from core.api.serializers import ServiceModelSerializer, principal_of
from core.disclosure import figure_shown
from countries.api.serializers import CountryCodeField
from trainings.models import TrainingDetail, TrainingModule
from trainings.services import training_create

PEOPLE_COUNT_SCHEMA = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": "^<[0-9]+$", "example": "<5"},
    ],
    "description": _(
        "A count of people. For callers who may not see personal data it is perturbed by a small "
        "amount, the same every time, and a count below the small-cell threshold is given as a "
        'string such as "<5".'
    ),
}


@extend_schema_field(PEOPLE_COUNT_SCHEMA)
class PeopleCountField(serializers.ReadOnlyField):
    """A training's count of people, exact for callers who may see personal data; for the others
    perturbed and hidden when small (`core.disclosure`), its cell key the training's own in the
    figure's namespace (`namespace`), so that a training's figure is the same in every answer."""

    def __init__(self, *, namespace: str, **kwargs):
        self.namespace = namespace
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # The training with its figure: the cell key is the training's.
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        training, count = value
        return figure_shown(principal_of(self.context), count, key=training.pk, namespace=self.namespace)


class TrainingActivitySerializer(ServiceModelSerializer):
    """The main fields of a training's activity; its kind is always training."""

    host_country = CountryCodeField(required=False, allow_null=True, help_text=_("ISO alpha-2 code"))
    countries = CountryCodeField(
        many=True,
        required=False,
        help_text=_("Participating countries, ISO alpha-2 codes; the host country is always among them."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "countries",
            "modality",
            "scope",
            "description",
        ]


class TrainingModuleSerializer(serializers.ModelSerializer):
    """A module of a training, in order."""

    class Meta:
        model = TrainingModule
        fields = ["order", "title", "hours"]
        read_only_fields = fields


@contextmanager
def activity_errors_nested():
    """The services name the activity's fields at the top level; the request has them under `activity`."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        activity_names = set(TrainingActivitySerializer.Meta.fields)
        nested = {name: errors for name, errors in error.error_dict.items() if name in activity_names}
        if not nested:
            raise
        rest = {name: errors for name, errors in error.error_dict.items() if name not in activity_names}
        detail = as_serializer_error(DjangoValidationError(rest)) if rest else {}
        detail["activity"] = as_serializer_error(DjangoValidationError(nested))
        raise serializers.ValidationError(detail) from error


class TrainingSerializer(ServiceModelSerializer):
    """A training: its activity under `activity`, its own fields, modules and figures of people.

    Made in one go with its activity and modules; an update changes its own fields and, under
    `activity`, the activity's. Modules are changed in the administration.
    """

    id = serializers.IntegerField(source="pk", read_only=True, help_text=_("The training activity's id"))
    activity = TrainingActivitySerializer(help_text=_("The training's activity (of kind training)."))
    modules = TrainingModuleSerializer(many=True, read_only=True)
    module_titles = serializers.ListField(
        child=serializers.CharField(max_length=300),
        write_only=True,
        required=False,
        help_text=_(
            "When the training is made: the titles of its modules, in order. Modules are changed "
            "afterwards in the administration."
        ),
    )
    participants = PeopleCountField(
        source="participant_count",
        namespace="training_participants",
        help_text=_("Distinct people who took part (any role)"),
    )
    women = PeopleCountField(source="women_count", namespace="training_women", help_text=_("Of them, women"))
    archived_at = serializers.DateTimeField(
        source="activity.archived_at",
        read_only=True,
        allow_null=True,
        help_text=_("Set when the training's activity was archived: a tombstone in an incremental sync."),
    )

    class Meta:
        model = TrainingDetail
        fields = [
            "id",
            "activity",
            "level",
            "target_audience",
            "hours",
            "evaluation_score",
            "evaluation_summary",
            "modules",
            "module_titles",
            "participants",
            "women",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "module_titles" in attrs:
            raise serializers.ValidationError(
                {
                    "module_titles": [
                        _("Modules are given when the training is made; change them in the administration.")
                    ]
                }
            )
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        activity_fields = validated_data.pop("activity")
        modules = validated_data.pop("module_titles", [])
        with activity_errors_nested():
            training = training_create(modules=modules, **activity_fields, **validated_data)
        request = self.context.get("request")
        if request is not None and not record_countries_in_edit_scope(request.user, training):
            raise PermissionDenied(_("You may only write records of the countries you are assigned to."))
        return training

    @transaction.atomic
    def update(self, instance, validated_data):
        activity_fields = validated_data.pop("activity", None)
        if activity_fields:
            with activity_errors_nested():
                self.fields["activity"].update(instance.activity, activity_fields)
        return super().update(instance, validated_data)


class TrainingCSVSerializer(serializers.ModelSerializer):
    """One flat row per training for `?format=csv`: the activity's fields beside the detail's."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="activity.title")
    status = serializers.CharField(source="activity.status")
    start_date = serializers.DateField(source="activity.start_date")
    end_date = serializers.DateField(source="activity.end_date")
    venue = serializers.CharField(source="activity.venue")
    host_country = CountryCodeField(source="activity.host_country", read_only=True)
    countries = CountryCodeField(source="activity.countries", many=True, read_only=True)
    modality = serializers.CharField(source="activity.modality")
    scope = serializers.CharField(source="activity.scope")
    modules = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)
    participants = PeopleCountField(source="participant_count", namespace="training_participants")
    women = PeopleCountField(source="women_count", namespace="training_women")
    archived_at = serializers.DateTimeField(source="activity.archived_at")

    class Meta:
        model = TrainingDetail
        fields = [
            "id",
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "countries",
            "modality",
            "scope",
            "level",
            "target_audience",
            "hours",
            "evaluation_score",
            "evaluation_summary",
            "modules",
            "participants",
            "women",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
