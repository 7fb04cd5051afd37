"""The query parameters of /api/v1/stats/ (validated into `stats.selectors.StatsFilters`) and the
shape of its answers."""

import re

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Activity, Organisation, Pillar
from core.access import visible
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Case, Operation, Substance
from stats.selectors import ACTIVITY_GROUPS, PEOPLE_GROUPS, SEIZURE_GROUPS, StatsFilters, region_q

# A query string may carry the response format (`?format=json`): not a filter.
NOT_FILTERS = {"format"}
ISO2 = re.compile(r"[A-Za-z]{2}")
NUMBER = re.compile(r"[0-9]{1,9}")


def _items(value: str) -> list[str]:
    """The items of a comma-separated value, each once, in order."""
    return list(dict.fromkeys(item.strip() for item in value.split(",") if item.strip()))


def _whole_numbers(value: str, message) -> list[int]:
    items = _items(value)
    # ASCII digits only (str.isdigit also accepts "³"), within the range of a database id.
    if not items or not all(NUMBER.fullmatch(item) for item in items):
        raise serializers.ValidationError(message)
    return [int(item) for item in items]


def _unknown(asked: list, found: dict, message) -> None:
    missing = [str(item) for item in asked if item not in found]
    if missing:
        raise serializers.ValidationError(message % {"values": ", ".join(missing)})


class StatsQuerySerializer(serializers.Serializer):
    """The filters every statistic takes. An unknown parameter is an error, not silently ignored:
    a misspelt filter would otherwise answer with figures for everything."""

    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    country = serializers.CharField(required=False)
    region = serializers.CharField(required=False, max_length=60)
    pillar = serializers.CharField(required=False)
    donor = serializers.CharField(required=False)
    substance = serializers.CharField(required=False)
    operation = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields) - NOT_FILTERS)
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown parameter.")] for name in unknown})
        return super().to_internal_value(data)

    def validate_country(self, value) -> tuple[Country, ...]:
        codes = _items(value)
        if not codes or not all(ISO2.fullmatch(code) for code in codes):
            raise serializers.ValidationError(
                _("Give ISO alpha-2 country codes, comma-separated (e.g. PE,CO).")
            )
        codes = list(dict.fromkeys(code.upper() for code in codes))
        found = {country.iso2: country for country in Country.objects.filter(iso2__in=codes)}
        _unknown(codes, found, _("Unknown country code: %(values)s."))
        return tuple(found[code] for code in codes)

    def validate_region(self, value) -> str:
        value = value.strip()
        known = Country.objects.filter(region_q("", value)).exists()
        if not known:
            raise serializers.ValidationError(
                _("Unknown region: give a UN M49 region, sub-region or intermediate region name.")
            )
        return value

    def validate_pillar(self, value) -> tuple[Pillar, ...]:
        numbers = _whole_numbers(value, _("Give pillar numbers, comma-separated (e.g. 1,2)."))
        found = {pillar.number: pillar for pillar in Pillar.objects.filter(number__in=numbers)}
        _unknown(numbers, found, _("Unknown pillar: %(values)s."))
        return tuple(found[number] for number in numbers)

    def validate_donor(self, value) -> tuple[Organisation, ...]:
        ids = _whole_numbers(value, _("Give organisation ids, comma-separated."))
        user = self.context["request"].user
        found = {
            organisation.pk: organisation for organisation in visible(Organisation, user).filter(pk__in=ids)
        }
        _unknown(ids, found, _("Unknown organisation: %(values)s."))
        return tuple(found[pk] for pk in ids)

    def validate_substance(self, value) -> tuple[Substance, ...]:
        ids = _whole_numbers(value, _("Give substance ids, comma-separated."))
        found = {substance.pk: substance for substance in Substance.objects.filter(pk__in=ids)}
        _unknown(ids, found, _("Unknown substance: %(values)s."))
        return tuple(found[pk] for pk in ids)

    def validate_operation(self, value) -> Operation:
        # 404 whether it does not exist or is out of scope (the selector checks the scope), as
        # /operations/<id>/ answers: the answer does not confirm that a withheld operation exists.
        operation = Operation.objects.filter(pk=value).first()
        if operation is None:
            raise Http404
        return operation

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("The end of the period is before its start.")]})
        return attrs

    def filters(self) -> StatsFilters:
        data = self.validated_data
        return StatsFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            countries=data.get("country", ()),
            region=data.get("region", ""),
            pillars=data.get("pillar", ()),
            donors=data.get("donor", ()),
            substances=data.get("substance", ()),
            operation=data.get("operation"),
            kinds=tuple(sorted(data.get("kind", ()))),
        )


class ActivityKindsMixin(serializers.Serializer):
    kind = serializers.MultipleChoiceField(choices=Activity.Kind.choices, required=False)


class PeopleStatsQuerySerializer(ActivityKindsMixin, StatsQuerySerializer):
    group_by = serializers.ChoiceField(choices=PEOPLE_GROUPS, default="gender")


class ActivityStatsQuerySerializer(ActivityKindsMixin, StatsQuerySerializer):
    group_by = serializers.ChoiceField(choices=ACTIVITY_GROUPS, default="kind")


class SeizureStatsQuerySerializer(StatsQuerySerializer):
    group_by = serializers.ChoiceField(choices=SEIZURE_GROUPS, default="substance")


# --- answers -------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {
                "type": "string",
                "description": 'Hidden: "<5" for a count from 1 to 4 (the small-cell threshold is a '
                'setting), "suppressed" for a count hidden so that the total cannot give a small '
                "one back.",
            },
        ],
        "example": 42,
    }
)
class SuppressibleCountField(serializers.Field):
    """A count of people: a number, or a string when small-cell suppression hides it."""

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
    people = SuppressibleCountField(help_text=_("Distinct people."))
    participations = SuppressibleCountField(help_text=_("Participations (attendances)."))


class PeopleStatsTotalsSerializer(serializers.Serializer):
    people = SuppressibleCountField(help_text=_("Distinct people, each counted once."))
    participations = SuppressibleCountField(help_text=_("Participations."))


class PeopleStatsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("gender, country, category or year"))
    results = PeopleStatsRowSerializer(many=True, read_only=True)
    totals = PeopleStatsTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Whether small-cell suppression applies to this answer (the caller may not see personal data)."
        ),
    )


class ActivityStatsRowSerializer(StatsRowSerializer):
    count = serializers.IntegerField(read_only=True, help_text=_("Activities."))


class ActivityStatsTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True, help_text=_("Activities, each counted once."))


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
    cases = serializers.IntegerField(read_only=True, help_text=_("Cases linked to these seizures."))


class OperationResultsTotalsSerializer(serializers.Serializer):
    operations = serializers.IntegerField(read_only=True)
    countries = serializers.IntegerField(read_only=True, help_text=_("Distinct participating countries."))
    seizures = serializers.IntegerField(read_only=True)
    kg = _kg_field(KG_HELP)
    without_mass = serializers.IntegerField(read_only=True, help_text=WITHOUT_MASS_HELP)
    arrests = serializers.IntegerField(read_only=True)
    cases = serializers.IntegerField(read_only=True, help_text=_("Distinct cases."))


class OperationResultsSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("Always operation"))
    results = OperationResultsRowSerializer(many=True, read_only=True)
    totals = OperationResultsTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))


class CaseFunnelRowSerializer(StatsRowSerializer):
    count = serializers.IntegerField(
        read_only=True, help_text=_("Seizures, or cases that reached this stage or a later one.")
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


class CaseFunnelSerializer(serializers.Serializer):
    group_by = serializers.CharField(read_only=True, help_text=_("Always stage"))
    results = CaseFunnelRowSerializer(many=True, read_only=True)
    totals = CaseFunnelTotalsSerializer(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=_("Always false: no count of people."))


class StatsErrorSerializer(serializers.Serializer):
    """The API's one error shape (core.api.exceptions)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("For invalid parameters: the messages by parameter name."),
    )
