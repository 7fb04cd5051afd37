import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StrictFilterSet

from .models import Report


class ReportFilter(StrictFilterSet):
    """The one parser of the reports list's parameters (`file_format`: `format` is the API's
    choice of JSON or CSV for the list itself)."""

    kind = django_filters.MultipleChoiceFilter(choices=Report.Kind.choices, label=_("Kind of report"))
    status = django_filters.MultipleChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    file_format = django_filters.MultipleChoiceFilter(
        field_name="format", choices=Report.Format.choices, label=_("Format of the report's file")
    )

    class Meta:
        model = Report
        fields = []
