import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportFilter(django_filters.FilterSet):
    """The one parser of the reports list's parameters."""

    kind = django_filters.MultipleChoiceFilter(choices=Report.Kind.choices, label=_("Kind of report"))
    status = django_filters.MultipleChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    format = django_filters.MultipleChoiceFilter(choices=Report.Format.choices, label=_("Format"))

    class Meta:
        model = Report
        fields = []
