import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ProgrammeFilterSet, since

from .models import Deletion
from .records import SYNCED_RECORDS


class DeletionFilter(ProgrammeFilterSet):
    """The one parser of the deletions feed's parameters: `modified_since` is the time of the
    deletion, `type` the record types (as the feed names them)."""

    search = None
    ordering_fields = ("id", "deleted_at")
    default_ordering = ("id",)

    modified_since = django_filters.IsoDateTimeFilter(
        field_name="deleted_at",
        method="filter_modified_since",
        label=_("Deleted at or after this time (ISO 8601): the sync watermark of the last sync."),
    )
    type = django_filters.MultipleChoiceFilter(
        choices=[(name, name) for name in SYNCED_RECORDS], label=_("Record types, comma-separated")
    )

    class Meta:
        model = Deletion
        fields = []

    def filter_modified_since(self, queryset, name, value):
        return queryset.filter(deleted_at__gte=since(value))
