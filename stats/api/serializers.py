"""The shape of /api/v1/stats/'s answers (its parameters are parsed by `stats.filters`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.suppression import Suppressed
from operations.models import Case

# --- answers -------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {
                "type": "string",
                "description": 'Hidden: "<5" for a count from 1 to 4 (the small-cell threshold is a '
                'setting). "suppressed" (a count hidden to protect another) is no longer given: '
                "counts are perturbed instead, and clients may still accept it.",
            },
        ],
        "example": 42,
    }
)
class SuppressibleCountField(serializers.Field):
    """A count of people: a number (perturbed for callers who may not see personal data), or a
    string when it is small and hidden (`core.disclosure`)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if isinstance(value, Suppressed):
            # Stable tokens for machines, whatever the language of the request.
            return f"<{value.threshold}" if value.primary else "suppressed"
        return value


def _kg_field(help_text):
    return serializers.DecimalField(
        max_digits=20, decimal_places=3, coerce_to_string=False, read_only=True, help_text=help_text
    )


KEY_HELP = _("The group's code: a choice value, ISO alpha-2 code, year, YYYY-MM month, pillar number or id.")
KG_HELP = _("Normalised mass in kilograms, over the seizures whose quantity converts to a mass.")
WITHOUT_MASS_HELP = _("Seizures whose quantity could not be converted to a mass (no density or unit mass).")


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, read_only=True, help_text=KEY_HELP)
    label = serializers.CharField(read_only=True, help_text=_("The group's name, in the request's language."))


class PeopleStatsRowSerializer(StatsRowSerializer):
    people = SuppressibleCountField(help_text=_("Distinct people who took part as participants."))
    participations = SuppressibleCountField(help_text=_("Participations (attendances as a participant)."))


class PeopleStatsTotalsSerializer(serializers.Serializer):
    people = SuppressibleCountField(help_text=_("Distinct people, each counted once."))
    participations = SuppressibleCountField(help_text=_("Participations."))


# One answer, not a list: a statistic's `list` is its only action.
@extend_schema_serializer(many=False)
class PeopleStatsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("gender, country, category or year"))
    results = PeopleStatsRowSerializer(many=True, read_only=True)
    totals = PeopleStatsTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Whether disclosure control applies to this answer (the caller may not see personal data): "
            "counts perturbed by a small amount, the same every time, and small ones hidden."
        ),
    )


class ActivityStatsRowSerializer(StatsRowSerializer):
    count = serializers.IntegerField(read_only=True, help_text=_("Activities."))


class ActivityStatsTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True, help_text=_("Activities, each counted once."))


@extend_schema_serializer(many=False)
class ActivityStatsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("kind, country, pillar or year"))
    results = ActivityStatsRowSerializer(many=True, read_only=True)
    totals = ActivityStatsTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))


class SeizureFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True, help_text=_("Seizures."))
    kg = _kg_field(KG_HELP)
    without_mass = serializers.IntegerField(read_only=True, help_text=WITHOUT_MASS_HELP)
    arrests = serializers.IntegerField(read_only=True, help_text=_("Arrests made at the seizures."))


class SeizureStatsRowSerializer(StatsRowSerializer, SeizureFiguresSerializer):
    pass


@extend_schema_serializer(many=False)
class SeizureStatsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("substance, country or month"))
    results = SeizureStatsRowSerializer(many=True, read_only=True)
    totals = SeizureFiguresSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))


class OperationResultsRowSerializer(StatsRowSerializer):
    start_date = serializers.DateField(read_only=True)
    countries = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Participating countries, ISO alpha-2.")
    )
    seizures = serializers.IntegerField(read_only=True)
    kg = _kg_field(KG_HELP)
    without_mass = serializers.IntegerField(read_only=True, help_text=WITHOUT_MASS_HELP)
    arrests = serializers.IntegerField(read_only=True)
    cases = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "Cases linked to these seizures; a case linking seizures of two operations counts in each."
        ),
    )


class OperationResultsTotalsSerializer(serializers.Serializer):
    operations = serializers.IntegerField(read_only=True)
    countries = serializers.IntegerField(read_only=True, help_text=_("Distinct participating countries."))
    seizures = serializers.IntegerField(read_only=True)
    kg = _kg_field(KG_HELP)
    without_mass = serializers.IntegerField(read_only=True, help_text=WITHOUT_MASS_HELP)
    arrests = serializers.IntegerField(read_only=True)
    cases = serializers.IntegerField(
        read_only=True, help_text=_("Distinct cases: each once, whatever the operations of its seizures.")
    )


@extend_schema_serializer(many=False)
class OperationResultsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("Always operation"))
    results = OperationResultsRowSerializer(many=True, read_only=True)
    totals = OperationResultsTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))


class CaseFunnelRowSerializer(StatsRowSerializer):
    count = serializers.IntegerField(
        read_only=True, help_text=_("Seizures, or the seizures that reached this stage or a later one.")
    )


class CaseStagesSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            stage: serializers.IntegerField(read_only=True, help_text=label)
            for stage, label in Case.Stage.choices
        }


class CaseFunnelTotalsSerializer(serializers.Serializer):
    seizures = serializers.IntegerField(read_only=True)
    cases = serializers.IntegerField(read_only=True)
    arrests = serializers.IntegerField(read_only=True, help_text=_("Arrests recorded on the cases."))
    convictions = serializers.IntegerField(read_only=True)
    by_stage = CaseStagesSerializer(read_only=True, help_text=_("Cases at each stage now."))


@extend_schema_serializer(many=False)
class CaseFunnelSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("Always stage"))
    results = CaseFunnelRowSerializer(many=True, read_only=True)
    totals = CaseFunnelTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))
