"""The writes of the one-page flows: all of a page's records in one transaction, or none.

Every record goes through the project's one save path (`core.services.instance_save`: the
registered `<entity>_save` service, else the validated save), so a flow follows the rules the
admin, the API and the importer follow, and the audit trail records each write. Before anything
is written, every record the page changes is locked and compared with the version the page was
opened on (core.versions, as the admin's change form does): a record someone saved since is never
overwritten, and every such record is reported at once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from activities.models import Activity
from core.access import Action, can, record_countries_in_edit_scope
from core.admin import _stale_message
from core.archive import record_archive
from core.models import ArchivableRecord
from core.services import instance_save
from core.versions import StaleRecord, record_lock

from .forms import OUTSIDE_EDIT_SCOPE, Flow, FlowForm, OperationFlow, TrainingFlow


class FlowRefused(Exception):
    """Nothing was written: the errors are on the page's forms."""


def _attach(form: FlowForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _check_versions(flow: Flow) -> bool:
    """Lock every saved record the page changes or removes; mark those changed since it was opened."""
    fresh = True
    candidates = [(form, False) for form in flow.forms.values()]
    for formset in flow.formsets.values():
        candidates += [(form, formset._should_delete_form(form)) for form in formset.initial_forms]
    for form, removed in candidates:
        if form.instance.pk is None or not (removed or form.has_changed()):
            continue
        opened = form.opened_version
        try:
            record_lock(form.instance, versions=frozenset({opened}) if opened else None)
        except StaleRecord as stale:
            form.add_error(None, ValidationError(_stale_message(stale.current), code="stale"))
            fresh = False
    return fresh


class _Writer:
    """Saves forms through the services, attaching a service's refusal to the form it concerns."""

    def __init__(self, user):
        self.user = user
        self.created: list = []
        self.failed = False

    def save(self, form: FlowForm, **links) -> object:
        instance = form.instance
        for name, value in links.items():
            setattr(instance, name, value)
        adding = instance.pk is None or instance._state.adding
        try:
            with transaction.atomic():
                instance_save(instance)
                if hasattr(form, "save_m2m"):
                    form.save_m2m()
        except ValidationError as error:
            _attach(form, error)
            self.failed = True
            return instance
        if adding:
            self.created.append(instance)
        return instance

    def remove(self, form: FlowForm) -> None:
        instance = form.instance
        if isinstance(instance, ArchivableRecord):
            record_archive(record=instance, user=self.user)
        else:
            instance.delete()

    def rows(self, formset, **links) -> None:
        for form in formset.initial_forms:
            if formset._should_delete_form(form):
                self.remove(form)
        for form in formset.kept_forms():
            if form.instance.pk is None or form.has_changed():
                self.save(form, **links)

    def forget_created(self) -> None:
        """After a rollback: the records the page created do not exist, so the page shows them as new."""
        for instance in self.created:
            instance.pk = None
            instance._state.adding = True


def _save_form(form: FlowForm, writer: _Writer, **links):
    """The form's record, with its many-to-many fields, saved through the services when new or changed."""
    form.save(commit=False)
    if form.instance.pk is None or form.has_changed():
        return writer.save(form, **links)
    return form.instance


def _finish(flow: Flow, writer: _Writer, activity: Activity) -> None:
    if not writer.failed and not record_countries_in_edit_scope(flow.user, activity):
        flow.forms["activity"].add_error(None, OUTSIDE_EDIT_SCOPE)
        writer.failed = True
    if writer.failed:
        raise FlowRefused


def _prepare_rows(flow: Flow) -> None:
    # commit=False fills each row's instance and sets its formset's save_m2m/deleted lists.
    for formset in flow.formsets.values():
        for form in formset.forms:
            if form.has_changed() or form.instance.pk is not None:
                form.save(commit=False)


def operation_flow_save(*, flow: OperationFlow) -> Activity:
    """Write an operation's page: its activity (kind operation) and operation, created together
    and linked, its phases, participating countries (before its seizures, which must come from
    them) and seizures. All or nothing: raises FlowRefused with the errors on the forms."""
    return _flow_save(
        flow,
        kind=Activity.Kind.OPERATION,
        record="operation",
        rows=(("phases", "operation"), ("participants", "operation"), ("seizures", "operation")),
    )


def training_flow_save(*, flow: TrainingFlow) -> Activity:
    """Write a training's page: its activity (kind training) and training detail, modules, and the
    participations (participants, trainers...) with their attendance and scores. All or nothing."""
    return _flow_save(
        flow,
        kind=Activity.Kind.TRAINING,
        record="training",
        rows=(("modules", "training"), ("participations", "activity")),
    )


def _flow_save(flow, *, kind: str, record: str, rows: tuple[tuple[str, str], ...]) -> Activity:
    """The page's activity of `kind`, then its `record` (the operation, the training detail)
    linked to it, then each formset of `rows` in order, each row linked by its keyword to the
    activity or to the record; all in one transaction, refused whole at the first failed step."""
    writer = _Writer(flow.user)
    try:
        with transaction.atomic():
            if not _check_versions(flow):
                raise FlowRefused
            flow.forms["activity"].instance.kind = kind
            activity = _save_form(flow.forms["activity"], writer)
            if writer.failed:
                raise FlowRefused
            parent = _save_form(flow.forms[record], writer, activity=activity)
            if writer.failed:
                raise FlowRefused
            _prepare_rows(flow)
            for formset, link in rows:
                writer.rows(flow.formsets[formset], **{link: activity if link == "activity" else parent})
            _finish(flow, writer, activity)
    except FlowRefused:
        writer.forget_created()
        raise
    return activity


def may_record(user, model, record=None) -> bool:
    """Whether `user` may create records of `model` (no record) or change `record`."""
    if record is None or record.pk is None:
        return can(user, Action.CREATE, model)
    return can(user, Action.UPDATE, record)
