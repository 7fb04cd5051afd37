from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from activities.models import Activity
from core.api.serializers import (
    ErrorSerializer,
    ModelLabelsMixin,
    ServiceModelSerializer,
    VisiblePrimaryKeyRelatedField,
)
from countries.api.serializers import CountryCodeField
from countries.models import Agency
from people.models import Participation, Person


class PersonSerializer(ModelLabelsMixin, ServiceModelSerializer):
    """A person; names and contacts are dropped for whoever may not see personal data."""

    country = CountryCodeField()
    agency = VisiblePrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "gender",
            "country",
            "agency",
            "organisation",
            "professional_category",
            "job_title",
            "email",
            "phone",
            "notes",
            "is_synthetic",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]


class ParticipationSerializer(ModelLabelsMixin, ServiceModelSerializer):
    person = VisiblePrimaryKeyRelatedField(queryset=Person.objects.all())
    activity = VisiblePrimaryKeyRelatedField(queryset=Activity.objects.all())
    country = CountryCodeField(
        source="person.country",
        read_only=True,
        label=_("country"),
        help_text=_("The person's country, ISO alpha-2 code."),
    )
    knowledge_gain = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        label=_("knowledge gain"),
        help_text=_("Post-test minus pre-test score, in percentage points; null without both scores."),
    )
    archived_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        label=_("archived at"),
        help_text=_("Set when the person or the activity is archived: the participation is a tombstone."),
    )

    class Meta:
        model = Participation
        fields = [
            "id",
            "person",
            "activity",
            "country",
            "role",
            "days_attended",
            "pre_test_score",
            "post_test_score",
            "knowledge_gain",
            "completed",
            "is_synthetic",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class LikelyDuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The id of a person likely the same."))
    url = serializers.URLField(help_text=_("Where to read that person."))


class LikelyDuplicateErrorSerializer(ErrorSerializer):
    """The answer to a person likely recorded already (409, code `likely_duplicate`): the people
    the caller may see who are likely the same. Use one of them, or send the request again with
    `allow_duplicate=true`."""

    duplicates = LikelyDuplicateSerializer(
        many=True, help_text=_("The people likely the same, oldest first.")
    )
