"""Activities, organisations and pillars in the API: every field, many-to-many values as lists."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Activity, ActivityLink, Organisation, Pillar, SDGTarget
from activities.services import topic_get_or_create_many
from core.api.serializers import ServiceModelSerializer, principal_of
from core.disclosure import figure_shown
from core.translated import stored_serializer_fields
from countries.api.serializers import CountryCodeField


class OrganisationSerializer(ServiceModelSerializer):
    """A donor, implementing partner, UNODC office or sister programme."""

    country = CountryCodeField(required=False, allow_null=True, help_text=_("ISO alpha-2 code"))

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind", "country", "website", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class PillarSerializer(ServiceModelSerializer):
    """A pillar of the programme."""

    class Meta:
        model = Pillar
        fields = ["id", "number", "name", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # Read and written as stored (core.translated), whatever the request's language.
        extra_kwargs = stored_serializer_fields(Pillar, "name", "description")


class TopicNamesField(serializers.ListField):
    """Topics by name; a name not known yet becomes a new topic when the activity is saved."""

    child = serializers.CharField(max_length=200)

    def to_representation(self, data):
        return [topic.name for topic in data.all()]


class ActivityLinkOutSerializer(serializers.ModelSerializer):
    """This activity <relation> `activity`."""

    activity = serializers.IntegerField(
        source="to_activity_id", read_only=True, help_text=_("The activity this one is linked to")
    )

    class Meta:
        model = ActivityLink
        fields = ["relation", "activity", "note"]
        read_only_fields = fields


class ActivityLinkInSerializer(serializers.ModelSerializer):
    """`activity` <relation> this activity."""

    activity = serializers.IntegerField(
        source="from_activity_id", read_only=True, help_text=_("The activity that links to this one")
    )

    class Meta:
        model = ActivityLink
        fields = ["relation", "activity", "note"]
        read_only_fields = fields


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": "^<[0-9]+$", "example": "<5"},
        ],
        "nullable": True,
        "description": _(
            "The number of participants the source document gives, written as a number. Read by a "
            "caller who may not see personal data, it is perturbed by a small amount, the same "
            'every time, and a number below the small-cell threshold is given as a string such as "<5".'
        ),
    }
)
class ReportedParticipantsField(serializers.IntegerField):
    """An activity's typed number of participants: written exact; read exact by whoever may see
    personal data, perturbed for the others (`core.disclosure`).

    No set of people stands behind a typed figure, and the list reads it alone, without its
    activity (core.api.rows): its cell key is that of the number itself. Each activity's figure is
    a cell of its own that nothing adds up, so no difference of two answers can isolate anyone;
    perturbing it keeps it from showing an exact count beside the perturbed computed ones."""

    def to_representation(self, value):
        return figure_shown(principal_of(self.context), value, key=value, namespace="reported_participants")


class ActivitySerializer(ServiceModelSerializer):
    """An activity: many-to-many values as lists of codes, numbers, ids or names."""

    host_country = CountryCodeField(required=False, allow_null=True, help_text=_("ISO alpha-2 code"))
    countries = CountryCodeField(
        many=True,
        required=False,
        help_text=_("Participating countries, ISO alpha-2 codes; the host country is always among them."),
    )
    pillars = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        required=False,
        queryset=Pillar.objects.all(),
        help_text=_("Pillar numbers"),
    )
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=SDGTarget.objects.all(),
        help_text=_("SDG target codes, e.g. 16.4"),
    )
    topics = TopicNamesField(
        required=False,
        help_text=_("Topic names; a name not known yet becomes a new topic."),
    )
    reported_participants = ReportedParticipantsField(
        min_value=0,
        max_value=2147483647,
        required=False,
        allow_null=True,
        help_text=_("The figure the source document gives, kept beside the registered participations."),
    )
    links_out = ActivityLinkOutSerializer(
        many=True,
        read_only=True,
        help_text=_("Links from this activity: this activity <relation> the other one."),
    )
    links_in = ActivityLinkInSerializer(
        many=True,
        read_only=True,
        help_text=_("Links to this activity: the other one <relation> this activity."),
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "modality",
            "scope",
            "countries",
            "pillars",
            "sdg_targets",
            "donors",
            "partners",
            "lead_office",
            "topics",
            "description",
            "outcomes",
            "reported_participants",
            "source_url",
            "is_synthetic",
            "links_out",
            "links_in",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]
        extra_kwargs = {
            "donors": {"help_text": _("Organisation ids")},
            "partners": {"help_text": _("Organisation ids")},
            "lead_office": {"help_text": _("Organisation id")},
            "archived_at": {
                "help_text": _("Set when the activity was archived: a tombstone in an incremental sync.")
            },
        }

    @transaction.atomic
    def create(self, validated_data):
        return super().create(self._topics_by_name(validated_data))

    @transaction.atomic
    def update(self, instance, validated_data):
        return super().update(instance, self._topics_by_name(validated_data))

    def _topics_by_name(self, validated_data: dict) -> dict:
        if "topics" in validated_data:
            validated_data["topics"] = topic_get_or_create_many(names=validated_data["topics"])
        return validated_data
