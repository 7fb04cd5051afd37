"""Who may request, see and download which report: built on `core.access`, like every surface.

- Donor progress and operation results reports show programme-wide figures: programme staff
  (administrators, officers, monitoring) and API keys without a country limit.
- A country briefing pack: anyone who may see that country's records; a partner mission only for
  its own countries (and its figures come suppressed, as the mission's access makes them).
- A data export of a list: anyone but a partner mission who may see the list's records; the rows
  are those the requester may see, without the fields it may not.

Staff with programme-wide access see every report; everyone else sees the reports they requested.
A report is generated with its requester's access (`report_principal`), so the file never holds
more than the requester could have read.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.access import ApiClient
from accounts.models import User
from core.access import Action, Kind, Role, access_for, can, visible
from operations.models import Operation

from .models import Report

STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.OFFICER, Role.MONITORING})
PROGRAMME_WIDE_ROLES = STAFF_ROLES | {Role.API_CLIENT, Role.API_WRITER}


class ScheduledPrincipal:
    """Who a scheduled report (celery beat) is generated as: programme-wide access, like an
    administrator, since its readers are the programme's staff."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = True
    is_superuser = True
    pk = None
    username = "scheduler"
    role = User.Role.ADMINISTRATOR

    def __str__(self):
        return self.username


def report_principal(report: Report):
    """The principal a report is generated as: its requester."""
    if report.scheduled:
        return ScheduledPrincipal()
    if report.requested_by_api_key_id is not None:
        return ApiClient(report.requested_by_api_key)
    return report.requested_by


def _sees_everything(principal) -> bool:
    access = access_for(principal)
    return access.visible_country_ids is None and access.role in PROGRAMME_WIDE_ROLES


def may_request(principal, *, kind: str, country=None, operation=None, model=None) -> bool:
    """Whether `principal` may request a report of `kind` about `country`, `operation` or, for a
    data export, the records of `model`."""
    access = access_for(principal)
    if not access.allows(Action.VIEW, Kind.WORKING):
        return False
    if kind == Report.Kind.COUNTRY_BRIEFING:
        return country is not None and access.sees_country(country.pk)
    if access.role is Role.MISSION_VIEWER:
        return False
    if kind == Report.Kind.DONOR_PROGRESS:
        return _sees_everything(principal)
    if kind == Report.Kind.OPERATION_RESULTS:
        return (
            _sees_everything(principal)
            and operation is not None
            and visible(Operation, principal).filter(pk=operation.pk).exists()
        )
    if kind == Report.Kind.DATA_EXPORT:
        return model is not None and can(principal, Action.VIEW, model)
    return False


def may_request_any(principal) -> bool:
    """Whether `principal` may request some report (the admin's and the API's entry points)."""
    access = access_for(principal)
    return access.allows(Action.VIEW, Kind.WORKING)


def reports_visible(principal) -> QuerySet[Report]:
    """The reports `principal` may see: all for programme staff, otherwise its own."""
    reports = Report.objects.select_related("requested_by", "requested_by_api_key", "country")
    access = access_for(principal)
    if access.role is Role.ANONYMOUS:
        return reports.none()
    if access.role in STAFF_ROLES and access.visible_country_ids is None:
        return reports
    if isinstance(principal, ApiClient):
        return reports.filter(requested_by_api_key=principal.api_key)
    return reports.filter(requested_by=principal, scheduled=False, requested_by_api_key__isnull=True)


def may_view(principal, report: Report) -> bool:
    return reports_visible(principal).filter(pk=report.pk).exists()
