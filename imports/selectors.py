from django.db.models import QuerySet

from core.access import visible
from core.filters import filter_list

from .filters import ImportJobFilter
from .models import ImportJob


def import_job_list(*, user, filters=None) -> QuerySet[ImportJob]:
    """The imports `user` may see, newest first, with who uploaded them and into what, narrowed
    by `ImportJobFilter`."""
    jobs = visible(ImportJob, user).select_related(
        "created_by", "api_key", "imported_by", "undone_by", "activity", "operation"
    )
    return filter_list(ImportJobFilter, jobs.order_by("-created_at", "-id"), filters)


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
