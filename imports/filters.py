import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ImportJob


class ImportJobFilter(django_filters.FilterSet):
    """The one parser of the imports list's parameters."""

    kind = django_filters.MultipleChoiceFilter(choices=ImportJob.Kind.choices, label=_("Kind of import"))
    status = django_filters.MultipleChoiceFilter(choices=ImportJob.Status.choices, label=_("Status"))

    class Meta:
        model = ImportJob
        fields = []
