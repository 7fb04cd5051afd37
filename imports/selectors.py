from django.db.models import QuerySet

from core.access import visible

from .models import ImportJob


def import_job_list(*, principal) -> QuerySet[ImportJob]:
    """The imports `principal` may see, with who uploaded them and into what."""
    return visible(ImportJob, principal).select_related(
        "created_by", "api_key", "imported_by", "undone_by", "activity", "operation"
    )


def import_job_progress(*, job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": str(job.get_status_display()),
        "running": job.is_running,
        "rows_total": job.rows_total,
        "rows_validated": job.rows_validated,
        "percent": job.progress_percent,
    }
