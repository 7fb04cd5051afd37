"""Reads of reports: every surface gets them from here."""

from django.db.models import QuerySet

from core.filters import filter_list

from .access import reports_visible
from .filters import ReportFilter
from .models import Report


def report_list(*, user, filters=None) -> QuerySet[Report]:
    """The reports `user` may see (staff with programme-wide access: all; others: their own),
    newest first, narrowed by `ReportFilter`."""
    return filter_list(
        ReportFilter, reports_visible(user).order_by("-requested_at", "-pk"), filters, user=user
    )
