"""The audit trail in the admin: a record's history on its "History" page, and the whole trail.

`history_page` is what the "History" page of every ModelAdmin shows (`core.admin_history`
decides who may open it; AuditConfig.ready() registers the page there): the record's audit
events, who, when, from which page, why, and each changed value before and after, including its
many-to-many links and the parts deleted with it.

`AuditEventsAdmin` is pghistory's events admin (every event of every table, filtered by model,
record or label), for administrators and monitoring officers only.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from audit.history import record_history
from audit.models import LINK_FIELDS
from core.access import Role, access_for

EMPTY = "—"
# Columns every row has and that say nothing about a change.
_UNSHOWN = {"id", "created_at", "updated_at"}
HISTORY_TEMPLATE = "admin/audit_history.html"


def can_browse_audit_trail(user) -> bool:
    """The whole trail covers every record, restricted and personal ones included."""
    return access_for(user).role in {Role.ADMINISTRATOR, Role.MONITORING}


@dataclass
class HistoryChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime
    user: str
    action: str
    subject: str
    url: str
    reason: str
    changes: list[HistoryChange] = field(default_factory=list)


class _Row:
    """One audit event, read against the model it tracks."""

    def __init__(self, event, *, record):
        self.event = event
        self.model = apps.get_model(event.pgh_obj_model)
        self.link_field = LINK_FIELDS.get(apps.get_model(event.pgh_model))
        self.is_record = self.model is type(record)
        self.data = event.pgh_data or {}
        self.diff = event.pgh_diff or {}
        self.columns = {f.column: f for f in self.model._meta.concrete_fields}

    def link_column(self) -> models.Field:
        target = self.link_field.m2m_reverse_field_name()
        return self.model._meta.get_field(target)

    def values(self) -> list[tuple[models.Field, object, object]]:
        """(field, before, after) of what the event shows."""
        label = self.event.pgh_label
        if self.link_field is not None:
            column = self.link_column()
            value = self.data.get(column.column)
            return [(column, None, value) if label == "insert" else (column, value, None)]
        if label == "update" and self.diff:
            pairs = [(column, *pair) for column, pair in self.diff.items()]
        elif label == "delete":
            pairs = [(column, value, None) for column, value in self.data.items()]
        else:
            pairs = [(column, None, value) for column, value in self.data.items()]
        order = list(self.columns)
        return [
            (self.columns[column], before, after)
            for column, before, after in sorted(
                pairs, key=lambda pair: order.index(pair[0]) if pair[0] in order else 0
            )
            if column in self.columns
            and self.columns[column].name not in _UNSHOWN
            and (before not in (None, "") or after not in (None, ""))
        ]

    def action(self) -> str:
        label = self.event.pgh_label
        if self.link_field is not None:
            return str(_("added") if label == "insert" else _("removed"))
        if label == "update" and "archived_at" in self.diff:
            before, after = self.diff["archived_at"]
            if before is None and after is not None:
                return str(_("archived"))
            if before is not None and after is None:
                return str(_("restored"))
        return str({"insert": _("created"), "update": _("changed"), "delete": _("deleted")}.get(label, label))

    def subject(self) -> str:
        if self.link_field is not None or self.is_record:
            return ""
        return f"{capfirst(self.model._meta.verbose_name)} #{self.event.pgh_obj_id}"

    def label(self, model_field: models.Field) -> str:
        return str(capfirst((self.link_field or model_field).verbose_name))


def _display(model_field: models.Field, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return formats.localize(timezone.localtime(moment)) if moment else str(value)
    if isinstance(model_field, models.DateField):
        day = parse_date(str(value))
        return formats.localize(day) if day else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _related_names(rows: list[_Row], user_ids: set) -> dict:
    """The names of the records the shown values refer to: one query per related model."""
    wanted: dict[type[models.Model], set] = {get_user_model(): set(user_ids)}
    for row in rows:
        for model_field, before, after in row.values():
            if model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(
                    value for value in (before, after) if value is not None
                )
    names = {}
    for model, ids in wanted.items():
        if ids:
            for obj in model._base_manager.select_related().filter(pk__in=ids):
                names[(model, obj.pk)] = str(obj)
    return names


def history_entries(events, *, record) -> list[HistoryEntry]:
    """Readable entries for a page of `record_history(record)` events."""
    rows = [_Row(event, record=record) for event in events]
    user_ids = {event.user_id for event in events if event.user_id is not None}
    names = _related_names(rows, user_ids)
    user_model = get_user_model()
    return [
        HistoryEntry(
            at=row.event.pgh_created_at,
            user=names.get((user_model, row.event.user_id), ""),
            action=row.action(),
            subject=row.subject(),
            url=row.event.url or "",
            reason=row.event.reason or "",
            changes=[
                HistoryChange(
                    label=row.label(model_field),
                    before=_display(model_field, before, names),
                    after=_display(model_field, after, names),
                )
                for model_field, before, after in row.values()
            ],
        )
        for row in rows
    ]


def last_change(record) -> tuple[str, list[str]] | None:
    """Who made `record`'s latest change and the labels of the fields it changed."""
    event = record_history(record).first()
    if event is None:
        return None
    [entry] = history_entries([event], record=record)
    return entry.user, [change.label for change in entry.changes]


def history_page(model_admin, request, obj, extra_context=None):
    """The "History" page of `obj` in `model_admin`: its audit events, a page at a time."""
    paginator = model_admin.get_paginator(request, record_history(obj), model_admin.history_per_page)
    page_obj = paginator.get_page(request.GET.get(PAGE_VAR, 1))
    opts = model_admin.opts
    trail_url = None
    if can_browse_audit_trail(request.user):
        trail_url = reverse("admin:audit_auditevent_changelist") + f"?method=tracks&obj={opts.label}:{obj.pk}"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("History: %s") % obj,
        "subtitle": None,
        "entries": history_entries(list(page_obj.object_list), record=obj),
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number),
        "page_var": PAGE_VAR,
        "module_name": str(capfirst(opts.verbose_name_plural)),
        "object": obj,
        "opts": opts,
        "trail_url": trail_url,
        "preserved_filters": model_admin.get_preserved_filters(request),
        **(extra_context or {}),
    }
    request.current_app = model_admin.admin_site.name
    template = model_admin.object_history_template or HISTORY_TEMPLATE
    return TemplateResponse(request, template, context)


class AuditEventsAdmin(EventsAdmin):
    """pghistory's events admin, for administrators and monitoring officers only."""

    show_full_result_count = False

    def get_list_display(self, request):
        return ("when", "event", "record", "user", "url", "reason", "changes")

    @admin.display(description=_("when"), ordering="pgh_created_at")
    def when(self, event):
        return event.pgh_created_at

    @admin.display(description=_("event"), ordering="pgh_label")
    def event(self, event):
        return event.pgh_label

    @admin.display(description=_("record"))
    def record(self, event):
        return f"{event.pgh_obj_model} #{event.pgh_obj_id}" if event.pgh_obj_id else event.pgh_obj_model

    @admin.display(description=_("changes (before → after)"))
    def changes(self, event):
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {}",
            (
                (column, Truncator(str(before)).chars(60), Truncator(str(after)).chars(60))
                for column, (before, after) in sorted((event.pgh_diff or {}).items())
                if column != "updated_at"
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user")

    def has_module_permission(self, request):
        return can_browse_audit_trail(request.user)

    def has_view_permission(self, request, obj=None):
        return can_browse_audit_trail(request.user)
