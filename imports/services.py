"""Importing attendance sheets and seizure records: upload, validate, preview, confirm, write, undo.

The flow of an `ImportJob`: `import_job_create` stores the file and validates it at once (small
files) or queues `import_job_validate` for a Celery worker (with progress); the preview lists
every row as create / match / error. `import_job_confirm` then writes, in one transaction, all
the rows, or only the valid ones when the user chose so; nothing is written while any row fails
otherwise. `import_job_undo` (administrators) removes what an import created, in one transaction.
"""

import hashlib
import logging
import os
import uuid

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import ApiClient
from accounts.models import SecurityEvent, User
from accounts.security import security_event_record
from activities.selectors import activity_list
from core.access import Action, Role, access_for, can
from core.audit import audit_context
from core.datacache import data_version_bump
from operations.models import Case, Seizure
from operations.selectors import operation_list
from people.models import Participation, Person

from .bulk import bulk_insert
from .models import ImportJob
from .readers import FileError, read
from .validation import CREATE, ERROR, MATCH, AttendanceValidator, SeizureValidator, Validation

logger = logging.getLogger(__name__)
_EXTENSIONS = {".csv": ImportJob.Format.CSV, ".txt": ImportJob.Format.CSV, ".xlsx": ImportJob.Format.XLSX}


# -- who may import --------------------------------------------------------------------------------


def can_import(principal, kind: str) -> bool:
    if kind == ImportJob.Kind.ATTENDANCE:
        return can(principal, Action.CREATE, Person) and can(principal, Action.CREATE, Participation)
    return can(principal, Action.CREATE, Seizure)


def _require_can_import(principal, kind: str) -> None:
    if not can_import(principal, kind):
        raise PermissionDenied(_("You may not import these records."))


def _principal(job: ImportJob, *, writing: bool = False):
    """Who the import acts for in a worker: the user (the confirming one, when writing) or the key."""
    if writing and job.imported_by_id:
        return job.imported_by
    if job.created_by_id:
        return job.created_by
    return ApiClient(job.api_key)


def _user_of(principal) -> User | None:
    return principal if isinstance(principal, User) else None


# -- upload ------------------------------------------------------------------------------------------


def import_file_format(file_name: str) -> str:
    extension = os.path.splitext(file_name)[1].lower()
    if extension == ".xls":
        raise ValidationError(
            {"file": _("Old Excel workbooks (.xls) are not read: save the sheet as .xlsx or .csv.")}
        )
    if extension not in _EXTENSIONS:
        raise ValidationError({"file": _("Upload a .csv or .xlsx file.")})
    return _EXTENSIONS[extension]


def import_job_create(
    *,
    principal,
    kind: str,
    file_name: str,
    data: bytes,
    date_order: str = ImportJob.DateOrder.DAY_FIRST,
    encoding: str = "",
    activity_id: int | None = None,
    operation_id: int | None = None,
    dry_run: bool = True,
    valid_rows_only: bool = False,
) -> ImportJob:
    """Store an uploaded file and validate it, now (small files) or in the background.

    Without `dry_run`, the rows are imported as soon as the validation allows it: when no row
    fails, or when `valid_rows_only` is chosen.
    """
    _require_can_import(principal, kind)
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of import.")})
    file_format = import_file_format(file_name)
    if len(data) > settings.IMPORT_MAX_FILE_SIZE:
        raise ValidationError(
            {
                "file": _("The file is larger than the limit of %(limit)s MB.")
                % {"limit": f"{settings.IMPORT_MAX_FILE_SIZE / (1024 * 1024):g}"}
            }
        )
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if encoding not in ImportJob.Encoding.values:
        raise ValidationError({"encoding": _("Unknown encoding.")})
    activity = operation = None
    if kind == ImportJob.Kind.ATTENDANCE:
        activity = activity_list(user=principal).filter(pk=activity_id).first() if activity_id else None
        if activity is None:
            raise ValidationError({"activity": _("Choose the activity the attendance sheet is for.")})
    elif operation_id is not None:
        operation = operation_list(user=principal).filter(pk=operation_id).first()
        if operation is None:
            raise ValidationError({"operation": _("Unknown operation.")})
    user = _user_of(principal)
    job = ImportJob(
        kind=kind,
        file_name=os.path.basename(file_name)[:255],
        file_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=file_format,
        encoding=encoding,
        date_order=date_order,
        activity=activity,
        operation=operation,
        created_by=user,
        api_key=getattr(principal, "api_key", None),
        import_when_valid=not dry_run,
        valid_rows_only=valid_rows_only,
    )
    with transaction.atomic():
        # A name of our own: the user's file name is data, never a path.
        job.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(data), save=False)
        job.save()
        if len(data) > settings.IMPORT_SYNC_MAX_BYTES:
            from .tasks import validate_import

            job_id = job.pk
            transaction.on_commit(lambda: validate_import.delay(job_id))
            return job
    return import_job_validate(job_id=job.pk)


# -- validation --------------------------------------------------------------------------------------


def _validation(job: ImportJob, *, principal, progress: bool = False) -> Validation:
    """Read the stored file and check every row; raises FileError when the file cannot be read."""
    with job.file.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise FileError(_("The stored file has changed since it was uploaded: upload it again."))
    sheet = read(data, file_format=job.file_format, encoding=job.encoding)
    callback = None
    if progress:
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(sheet.rows), rows_validated=0)

        def callback(position: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(rows_validated=position)

    if job.kind == ImportJob.Kind.ATTENDANCE:
        validator = AttendanceValidator(activity=job.activity, principal=principal, progress=callback)
    else:
        validator = SeizureValidator(
            operation=job.operation,
            principal=principal,
            day_first=job.date_order == ImportJob.DateOrder.DAY_FIRST,
            progress=callback,
        )
    return validator.validate(sheet)


def _store_validation(job: ImportJob, validation: Validation) -> None:
    results = validation.results
    job.rows_total = job.rows_validated = len(results)
    job.rows_with_errors = sum(1 for result in results if result.action == ERROR)
    job.detected_encoding = validation.encoding
    job.errors = validation.errors
    job.preview = [[result.row, result.action, result.label, result.detail] for result in results]
    job.summary = {
        "rows": len(results),
        CREATE: validation.count(CREATE),
        MATCH: validation.count(MATCH),
        ERROR: job.rows_with_errors,
        "already_present": sum(1 for result in results if result.data.get("participation_present")),
    }
    job.status = ImportJob.Status.VALIDATED


def _store_file_error(job: ImportJob, error: FileError) -> None:
    job.status = ImportJob.Status.FAILED
    job.errors = [{"row": error.row, "column": error.column or "", "message": error.message}]
    job.preview = []
    job.summary = {"rows": 0, CREATE: 0, MATCH: 0, ERROR: 0, "already_present": 0}
    job.rows_total = job.rows_validated = job.rows_with_errors = 0


def import_job_validate(*, job_id: int, progress: bool = False) -> ImportJob:
    """Validate a stored file and keep its preview; then import it if it was uploaded to be."""
    # A validation cut short (a worker lost) is taken up again when its task is redelivered.
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.PENDING, ImportJob.Status.VALIDATING]
    ).update(status=ImportJob.Status.VALIDATING, updated_at=timezone.now())
    job = ImportJob.objects.select_related("activity", "operation", "created_by", "api_key").get(pk=job_id)
    if not claimed:
        return job  # validated already (a task delivered twice)
    try:
        validation = _validation(job, principal=_principal(job), progress=progress)
    except FileError as error:
        _store_file_error(job, error)
        job.save()
        return job
    except Exception:
        logger.exception("Validation of import %s failed", job.pk)
        _store_file_error(job, FileError(_("The file could not be validated: an unexpected error occurred.")))
        job.save()
        raise
    _store_validation(job, validation)
    job.save()
    if job.import_when_valid and (job.rows_with_errors == 0 or job.valid_rows_only):
        try:
            return import_job_confirm(
                job=job, principal=_principal(job), valid_rows_only=job.valid_rows_only, background=False
            )
        except ValidationError:
            job.refresh_from_db()
    return job


# -- confirm and write -------------------------------------------------------------------------------


def import_job_confirm(
    *, job: ImportJob, principal, valid_rows_only: bool = False, background: bool | None = None
) -> ImportJob:
    """Write a validated import: every row, or only the valid rows when `valid_rows_only`.

    Big files are written by a worker (`background`, by default above the synchronous size).
    """
    _require_can_import(principal, job.kind)
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError(
            _("This import cannot be confirmed: it is %(status)s.")
            % {"status": job.get_status_display().lower()}
        )
    if job.rows_with_errors and not valid_rows_only:
        raise ValidationError(
            _(
                "%(count)s rows have errors: nothing was written. Correct the file and upload it again, "
                "or choose to import only the valid rows."
            )
            % {"count": job.rows_with_errors}
        )
    if job.rows_with_errors >= job.rows_total:
        raise ValidationError(_("No row is valid: nothing to import."))
    user = _user_of(principal)
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED).update(
        status=ImportJob.Status.IMPORTING,
        valid_rows_only=valid_rows_only,
        imported_by=user,
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError(_("This import is being confirmed by someone else."))
    if background is None:
        background = job.file_size > settings.IMPORT_SYNC_MAX_BYTES
    if background:
        from .tasks import write_import

        job_id = job.pk
        transaction.on_commit(lambda: write_import.delay(job_id))
        job.refresh_from_db()
        return job
    return import_job_write(job_id=job.pk, raise_errors=True)


def import_job_write(*, job_id: int, raise_errors: bool = False) -> ImportJob:
    """Validate again (the data may have changed since the preview), then write in one transaction."""
    job = ImportJob.objects.select_related(
        "activity", "operation", "created_by", "api_key", "imported_by"
    ).get(pk=job_id)
    if job.status != ImportJob.Status.IMPORTING:
        return job
    principal = _principal(job, writing=True)
    refusal = None
    try:
        validation = _validation(job, principal=principal)
    except FileError as error:
        _store_file_error(job, error)
        job.save()
        if raise_errors:
            raise ValidationError(error.message) from error
        return job
    _store_validation(job, validation)
    if job.rows_with_errors and not job.valid_rows_only:
        refusal = _("Since the preview, %(count)s rows have come to fail: nothing was written.") % {
            "count": job.rows_with_errors
        }
    elif job.rows_with_errors >= job.rows_total:
        refusal = _("No row is valid: nothing to import.")
    if refusal is None:
        try:
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                if locked.status != ImportJob.Status.IMPORTING:
                    return locked
                _write(job, validation, principal=principal)
                job.status = ImportJob.Status.IMPORTED
                job.imported_at = timezone.now()
                job.save()
            data_version_bump()
            return job
        except IntegrityError as error:
            refusal = _("The database refused the import, nothing was written: %(error)s") % {
                "error": str(error).splitlines()[0]
            }
    job.status = ImportJob.Status.VALIDATED
    job.save()
    if raise_errors:
        raise ValidationError(refusal)
    return job


def _write(job: ImportJob, validation: Validation, *, principal) -> None:
    reason = _("Import #%(id)s of %(file)s") % {"id": job.pk, "file": job.file_name}
    with (
        audit_context(user=principal, reason=reason),
        pghistory.context(import_job=job.pk, import_file=job.file_name, import_sha256=job.sha256),
    ):
        valid = [result for result in validation.results if result.action != ERROR]
        if job.kind == ImportJob.Kind.ATTENDANCE:
            created = _write_attendance(job, valid)
        else:
            created = _write_seizures(job, valid)
    job.created_ids = created
    job.created_count = sum(1 for result in valid if result.action == CREATE)
    job.matched_count = sum(1 for result in valid if result.action == MATCH)


def _write_attendance(job: ImportJob, rows) -> dict[str, list[int]]:
    new_people = [
        {**row.data["person"], "is_synthetic": False} for row in rows if row.data["person_id"] is None
    ]
    people = iter(bulk_insert(Person, new_people))
    person_ids = [row.data["person_id"] or next(people) for row in rows]
    participations = [
        {
            **row.data["participation"],
            "person_id": person_id,
            "activity_id": job.activity_id,
            "is_synthetic": False,
        }
        for row, person_id in zip(rows, person_ids, strict=True)
        if not row.data["participation_present"]
    ]
    participation_ids = bulk_insert(Participation, participations)
    # Whoever attends brings their country into the activity (as `participation_save` does).
    job.activity.countries.add(*{row.data["person"]["country_id"] for row in rows})
    return {
        "people.person": [
            person_id for row, person_id in zip(rows, person_ids, strict=True) if not row.data["person_id"]
        ],
        "people.participation": participation_ids,
    }


def _write_seizures(job: ImportJob, rows) -> dict[str, list[int]]:
    seizures = []
    for row in rows:
        data = dict(row.data)
        del data["transit_ids"]
        data["reference"] = data["reference"] or f"IMP{job.pk}-{row.row}"
        data["operation_id"] = job.operation_id
        data["is_synthetic"] = False
        seizures.append(data)
    ids = bulk_insert(Seizure, seizures)
    Transit = Seizure.transit_countries.through
    links = [
        {"seizure_id": seizure_id, "country_id": country_id}
        for seizure_id, row in zip(ids, rows, strict=True)
        for country_id in row.data["transit_ids"]
    ]
    bulk_insert(Transit, links)
    return {"operations.seizure": ids}


# -- undo --------------------------------------------------------------------------------------------


@transaction.atomic
def import_job_undo(*, job: ImportJob, user: User, reason: str = "", request=None) -> dict[str, int]:
    """Delete for good what an import created; people who attend something else since are kept.

    Administrators only. The delete events of the audit trail keep every row's last values and
    carry the user, the reason and the import; the import records who undid it and when.
    """
    if access_for(user).role is not Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only an administrator may undo an import."))
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.IMPORTED:
        raise ValidationError(_("Only an imported file can be undone."))
    reason = " ".join((reason or "").split()) or _("Undo of import #%(id)s (%(file)s)") % {
        "id": job.pk,
        "file": job.file_name,
    }
    created = job.created_ids
    seizure_ids = created.get("operations.seizure", [])
    linked = Case.seizures.through.objects.filter(seizure_id__in=seizure_ids).count() if seizure_ids else 0
    if linked:
        raise ValidationError(
            _("%(count)s seizures of this import are linked to cases since: unlink them first.")
            % {"count": linked}
        )
    deleted = {}
    try:
        with audit_context(user=user, reason=reason), pghistory.context(import_job=job.pk, undo=True):
            deleted["participations"] = (
                Participation.objects.filter(pk__in=created.get("people.participation", []))
                .delete()[1]
                .get(Participation._meta.label, 0)
            )
            people = Person.objects.filter(pk__in=created.get("people.person", [])).filter(
                participations__isnull=True
            )
            deleted["people"] = people.delete()[1].get(Person._meta.label, 0)
            deleted["seizures"] = (
                Seizure.objects.filter(pk__in=seizure_ids).delete()[1].get(Seizure._meta.label, 0)
            )
            job.status = ImportJob.Status.UNDONE
            job.undone_at = timezone.now()
            job.undone_by = user
            job.undo_reason = reason
            job.save()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("The import cannot be undone: other records now refer to what it created.")
        ) from error
    security_event_record(
        kind=SecurityEvent.Kind.HARD_DELETE,
        request=request,
        user=user,
        detail={
            "model": ImportJob._meta.label,
            "pk": job.pk,
            "record": str(job),
            "reason": reason,
            "deleted": deleted,
        },
    )
    data_version_bump()
    return deleted
