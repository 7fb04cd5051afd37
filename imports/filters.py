import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ProgrammeFilterSet

from .models import ImportJob


class ImportJobFilter(ProgrammeFilterSet):
    """The one parser of the imports list's parameters."""

    search_fields = ("file_name",)
    ordering_fields = ("id", "created_at", "updated_at")
    default_ordering = ("-created_at", "-id")

    kind = django_filters.MultipleChoiceFilter(choices=ImportJob.Kind.choices, label=_("Kind of import"))
    status = django_filters.MultipleChoiceFilter(choices=ImportJob.Status.choices, label=_("Status"))

    class Meta:
        model = ImportJob
        fields = []
