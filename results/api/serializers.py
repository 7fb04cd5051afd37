"""The results framework in the API: its records (written through the model's rules), the
measure catalogue and the IPTT's rows."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from core.api.serializers import ServiceModelSerializer

from ..models import Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target

RECORD_TIMES = ["created_at", "updated_at"]


class FrameworkSerializer(ServiceModelSerializer):
    """A results framework: the programme's own (`owner` null) or a donor's, which counts only
    the activities that donor funds."""

    class Meta:
        model = Framework
        fields = ["id", "name", "owner", "description", "start_date", "end_date", *RECORD_TIMES]
        read_only_fields = RECORD_TIMES


class ResultSerializer(ServiceModelSerializer):
    """A result of a framework: the goal, an outcome (contributing to the goal), an output
    (contributing to an outcome)."""

    class Meta:
        model = Result
        fields = ["id", "framework", "level", "parent", "pillar", "code", "statement", *RECORD_TIMES]
        read_only_fields = RECORD_TIMES


class TargetSerializer(ServiceModelSerializer):
    """What an indicator should reach in a year, a quarter or the life of the programme (for a
    cumulative indicator: by the period's end)."""

    period = serializers.CharField(
        source="period_label", read_only=True, help_text=_("2021, 2021-Q3 or life")
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "period_type",
            "year",
            "quarter",
            "period",
            "value",
            "note",
            *RECORD_TIMES,
        ]
        read_only_fields = RECORD_TIMES


class IndicatorTargetSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "period", "value", "note"]
        read_only_fields = fields


class IndicatorSerializer(ServiceModelSerializer):
    """An indicator: computed from the records by a measure of the catalogue
    (/api/v1/results/measures/), or reported per period by staff. Its targets are written at
    /api/v1/results/targets/."""

    targets = IndicatorTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "framework",
            "result",
            "code",
            "name",
            "definition",
            "unit",
            "numerator",
            "denominator",
            "direction",
            "cumulative",
            "baseline",
            "baseline_date",
            "kind",
            "measure",
            "donors",
            "disaggregations",
            "order",
            "targets",
            *RECORD_TIMES,
        ]
        read_only_fields = RECORD_TIMES


class ReportedActualSerializer(ServiceModelSerializer):
    """The actual of a reported indicator in a year or quarter, with its source and evidence (a
    note; a document is attached in the admin). A percentage is sent as numerator and denominator:
    its value is computed from them."""

    period = serializers.CharField(source="period_label", read_only=True)
    document = serializers.FileField(read_only=True, help_text=_("Attached in the admin."))

    class Meta:
        model = ReportedActual
        fields = [
            "id",
            "indicator",
            "period_type",
            "year",
            "quarter",
            "period",
            "value",
            "numerator",
            "denominator",
            "source",
            "evidence",
            "document",
            *RECORD_TIMES,
        ]
        read_only_fields = RECORD_TIMES


class ProgressNarrativeSerializer(ServiceModelSerializer):
    """How a result progressed in a period, in words, for the donor report."""

    period = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = ProgressNarrative
        fields = [
            "id",
            "result",
            "period_type",
            "year",
            "quarter",
            "period",
            "text",
            "written_by",
            *RECORD_TIMES,
        ]
        read_only_fields = ["written_by", *RECORD_TIMES]

    def create(self, validated_data):
        request = self.context.get("request")
        if request is not None and isinstance(request.user, User):
            validated_data["written_by"] = request.user
        return super().create(validated_data)


class MeasureSerializer(serializers.Serializer):
    """A measure of the catalogue."""

    code = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.ChoiceField(choices=Indicator.Unit.choices)
    dimensions = serializers.ListField(
        child=serializers.CharField(), help_text=_("What it can be broken down by")
    )


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class FigureField(serializers.Field):
    """A figure: a number, a hidden count ("<5"), or null."""

    def to_representation(self, value):
        return value


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "null for an indicator's total; its group for a row of its breakdown",
        "properties": {
            "dimension": {"type": "string"},
            "value": {
                "type": "string",
                "description": "The group's code: female, PE, a substance id, a stage",
            },
            "label": {"type": "string"},
        },
        "required": ["dimension", "value", "label"],
    }
)
class DisaggregationField(serializers.Field):
    def to_representation(self, value):
        return value


class IpttRowSerializer(serializers.Serializer):
    """One row of the IPTT: an indicator in a period (or a group of its breakdown)."""

    indicator = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    result = serializers.IntegerField()
    result_code = serializers.CharField()
    measure = serializers.CharField(allow_null=True, help_text=_("null when reported"))
    kind = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    cumulative = serializers.BooleanField()
    period = serializers.CharField(help_text=_("2021, 2021-Q3, or life (the life of the programme)"))
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    to_date = serializers.BooleanField(help_text=_("The current period: its actual is to date"))
    baseline = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    actual = FigureField(allow_null=True)
    numerator = FigureField(allow_null=True)
    denominator = FigureField(allow_null=True)
    percent_of_target = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)
    disaggregation = DisaggregationField(allow_null=True)


class IpttSerializer(serializers.Serializer):
    framework = serializers.IntegerField()
    frequency = serializers.CharField()
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    disaggregate = serializers.CharField(allow_null=True)
    results = IpttRowSerializer(many=True)
