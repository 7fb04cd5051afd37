import operator
from functools import reduce

import django_filters
from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.filters import (
    CodesFilter,
    IdFilter,
    ProgrammeFilterSet,
    changed_since,
    country_filter,
    region_filter,
    since,
    visible_to,
)
from core.models import Sensitivity
from core.translated import per_language, stored_lookups
from operations.models import (
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
    SubstanceCategory,
)

# Joins the synonyms into one string to lower-case them all; no synonym holds this control character.
_SEPARATOR = "\x1f"


def _ids_and_names(values: list[str]) -> tuple[list[int], list[str]]:
    """Values that are ids, and the others lower-cased."""
    ids = [int(value) for value in values if value.isascii() and value.isdigit()]
    names = [value.lower() for value in values if not (value.isascii() and value.isdigit())]
    return ids, names


def _named(lowered: list[str]) -> tuple[dict, Q]:
    """Annotations lower-casing a record's name in every language, and the condition that one of
    them is among `lowered`: a Spanish, French or Portuguese name names the record too."""
    columns = per_language("name")
    annotations = {f"lowered_{column}": Lower(column) for column in columns}
    condition = reduce(operator.or_, (Q(**{f"lowered_{column}__in": lowered}) for column in columns))
    return annotations, condition


def _known_names(names) -> set[str]:
    return {name.lower() for name in names if name}


def substances_named(values: list[str]) -> QuerySet[Substance]:
    """Substances whose id, name in any language or one of whose synonyms (case-insensitive) is
    among `values`."""
    ids, lowered = _ids_and_names(values)
    lowered_synonyms = Func(
        Lower(Func(F("synonyms"), Value(_SEPARATOR), function="array_to_string", output_field=CharField())),
        Value(_SEPARATOR),
        function="string_to_array",
        output_field=ArrayField(TextField()),
    )
    names, named = _named(lowered)
    return (
        stored_lookups(Substance.objects)
        .annotate(**names, lowered_synonyms=lowered_synonyms)
        .filter(Q(pk__in=ids) | named | Q(lowered_synonyms__overlap=lowered))
        .values("pk")
    )


def categories_named(values: list[str]) -> QuerySet[SubstanceCategory]:
    ids, lowered = _ids_and_names(values)
    names, named = _named(lowered)
    return (
        stored_lookups(SubstanceCategory.objects).annotate(**names).filter(Q(pk__in=ids) | named).values("pk")
    )


def unknown_substances(values: list[str]) -> list[str]:
    """The values that name no substance by id, name (in any language) or synonym."""
    found = (
        stored_lookups(Substance.objects)
        .filter(pk__in=substances_named(values))
        .values_list("pk", "synonyms", *per_language("name"))
    )
    known = set()
    for pk, synonyms, *names in found:
        known |= {str(pk), *_known_names(names), *(synonym.lower() for synonym in synonyms or [])}
    return [value for value in dict.fromkeys(values) if value.lower() not in known]


def unknown_categories(values: list[str]) -> list[str]:
    found = (
        stored_lookups(SubstanceCategory.objects)
        .filter(pk__in=categories_named(values))
        .values_list("pk", *per_language("name"))
    )
    known = set()
    for pk, *names in found:
        known |= {str(pk), *_known_names(names)}
    return [value for value in dict.fromkeys(values) if value.lower() not in known]


def _values(value) -> list[str]:
    return [item.strip() for item in value if item.strip()]


def date_from_filter(field_name: str, label):
    return django_filters.DateFilter(field_name=field_name, lookup_expr="gte", label=label)


def date_to_filter(field_name: str, label):
    return django_filters.DateFilter(field_name=field_name, lookup_expr="lte", label=label)


def sensitivity_filter():
    return django_filters.MultipleChoiceFilter(
        distinct=False, choices=Sensitivity.choices, label=_("Sensitivity")
    )


class SubstanceFilter(ProgrammeFilterSet):
    # Any language's name finds a substance; the results are the same whatever the language.
    search_fields = (*per_language("name"), "synonyms", *per_language("category__name"))
    ordering_fields = ("id", "name", "updated_at")
    default_ordering = ("name",)

    category = CodesFilter(
        method="filter_category",
        unknown=unknown_categories,
        unknown_message=_("Unknown substance categories: %(values)s."),
        label=_("Substance categories, by id or name (case-insensitive), comma-separated"),
        help_text=_("Substance categories, by id or name (case-insensitive), comma-separated"),
    )

    class Meta:
        model = Substance
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=categories_named(_values(value)))


class SeizureFilter(ProgrammeFilterSet):
    search_fields = ("reference", "location", "notes")
    ordering_fields = ("id",)
    default_ordering = ("id",)

    date_from = date_from_filter("date", _("Seized on or after this date"))
    date_to = date_to_filter("date", _("Seized on or before this date"))
    country = country_filter("country", label=_("Seizing countries, ISO alpha-2 codes, comma-separated"))
    region = region_filter("country")
    origin = country_filter(
        "origin_country", label=_("Countries of origin, ISO alpha-2 codes, comma-separated")
    )
    destination = country_filter(
        "destination_country", label=_("Countries of destination, ISO alpha-2 codes, comma-separated")
    )
    substance = CodesFilter(
        method="filter_substance",
        unknown=unknown_substances,
        unknown_message=_("Unknown substances: %(values)s."),
        label=_("Substances, by id, name or synonym (case-insensitive), comma-separated"),
        help_text=_("Substances, by id, name or synonym (case-insensitive), comma-separated"),
    )
    substance_category = CodesFilter(
        method="filter_substance_category",
        unknown=unknown_categories,
        unknown_message=_("Unknown substance categories: %(values)s."),
        label=_("Substance categories, by id or name (case-insensitive), comma-separated"),
        help_text=_("Substance categories, by id or name (case-insensitive), comma-separated"),
    )
    operation = IdFilter(field_name="operation_id", label=_("Operation (its id)"))
    place = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Seizure.Place.choices, label=_("Place of seizure")
    )
    conveyance = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Seizure.Conveyance.choices, label=_("Conveyance")
    )
    detection = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Seizure.Detection.choices, label=_("Detection method")
    )
    follow_up = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Seizure.FollowUp.choices, label=_("Follow-up")
    )
    mass_status = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Seizure.MassStatus.choices, label=_("Mass conversion")
    )
    sensitivity = sensitivity_filter()

    class Meta:
        model = Seizure
        fields = []

    # Substances are resolved to their ids on their small table first: with the ids written out the
    # planner sees how few seizures a rare substance has and reads the substance index.
    def filter_substance(self, queryset, name, value):
        substances = substances_named(_values(value)).values_list("pk", flat=True)
        return queryset.filter(substance_id__in=list(substances))

    def filter_substance_category(self, queryset, name, value):
        categories = categories_named(_values(value))
        substances = Substance.objects.filter(category__in=categories).values_list("pk", flat=True)
        return queryset.filter(substance_id__in=list(substances))


class OperationFilter(ProgrammeFilterSet):
    search_fields = ("code_name", "target", "activity__title")
    ordering_fields = (
        "id",
        "code_name",
        "start_date",
        "end_date",
        "seizure_count",
        "seizure_kg",
        "arrests",
        "updated_at",
    )
    default_ordering = ("id",)

    modified_since = django_filters.IsoDateTimeFilter(
        method="filter_modified_since",
        label=_(
            "Changed at or after this time (ISO 8601): the operation, its activity, phases, countries "
            "or seizures; archived operations come back as tombstones."
        ),
    )
    date_from = date_from_filter("activity__end_date", _("Still running on or after this date"))
    date_to = date_to_filter("activity__start_date", _("Started on or before this date"))
    country = country_filter("participants__country", label=_("Participating countries, ISO alpha-2 codes"))
    region = region_filter("participants__country")
    status = django_filters.MultipleChoiceFilter(
        distinct=False,
        field_name="activity__status",
        choices=Activity.Status.choices,
        label=_("Status of the operation"),
    )
    sensitivity = sensitivity_filter()

    class Meta:
        model = Operation
        fields = []

    def filter_modified_since(self, queryset, name, value):
        value = since(value)
        return queryset.filter(
            Q(updated_at__gte=value)
            | Q(activity__updated_at__gte=value)
            # Only what the principal may see of them: a change to another country's seizure
            # must not tell a mission that the operation changed.
            | Q(
                pk__in=visible_to(self, OperationPhase.objects.filter(updated_at__gte=value)).values(
                    "operation"
                )
            )
            | Q(
                pk__in=visible_to(self, OperationCountry.objects.filter(updated_at__gte=value)).values(
                    "operation"
                )
            )
            | Q(pk__in=visible_to(self, Seizure.objects.filter(updated_at__gte=value)).values("operation"))
            | changed_since(Operation, value)
        )


class CaseFilter(ProgrammeFilterSet):
    search_fields = ("reference", "title", "summary")
    ordering_fields = ("id", "reference", "opened_on", "closed_on", "stage", "updated_at")
    default_ordering = ("id",)

    stage = django_filters.MultipleChoiceFilter(distinct=False, choices=Case.Stage.choices, label=_("Stage"))
    country = country_filter("countries", "lead_country", label=_("Countries involved, ISO alpha-2 codes"))
    lead_country = country_filter("lead_country", label=_("Lead countries, ISO alpha-2 codes"))
    region = region_filter("countries", "lead_country")
    date_from = date_from_filter("opened_on", _("Opened on or after this date"))
    date_to = date_to_filter("opened_on", _("Opened on or before this date"))
    seizure = IdFilter(field_name="seizures", label=_("Seizure (its id)"))
    sensitivity = sensitivity_filter()

    class Meta:
        model = Case
        fields = [
            "used_controlled_delivery",
            "used_mutual_legal_assistance",
            "used_joint_investigation_team",
        ]


class EquipmentHandoverFilter(ProgrammeFilterSet):
    search_fields = ("notes", "recipient_agency__name", "items__item")
    ordering_fields = ("id", "date", "updated_at")
    default_ordering = ("id",)

    modified_since = django_filters.IsoDateTimeFilter(
        method="filter_modified_since",
        label=_("Changed at or after this time (ISO 8601): the handover or its items."),
    )
    date_from = date_from_filter("date", _("Handed over on or after this date"))
    date_to = date_to_filter("date", _("Handed over on or before this date"))
    country = country_filter("country", label=_("Recipient countries, ISO alpha-2 codes, comma-separated"))
    region = region_filter("country")
    operation = IdFilter(field_name="operation_id", label=_("Operation (its id)"))
    activity = IdFilter(field_name="activity_id", label=_("Activity (its id)"))
    recipient_agency = IdFilter(field_name="recipient_agency_id", label=_("Recipient agency (its id)"))

    class Meta:
        model = EquipmentHandover
        fields = []

    def filter_modified_since(self, queryset, name, value):
        value = since(value)
        return queryset.filter(
            Q(updated_at__gte=value)
            | Q(pk__in=EquipmentItem.objects.filter(updated_at__gte=value).values("handover"))
            | changed_since(EquipmentHandover, value)
        )
