from django.db.models import QuerySet

from core.access import access_for, visible
from core.filters import filter_list

from .filters import ImportJobFilter
from .models import ImportJob


def import_job_list(*, user, filters=None) -> QuerySet[ImportJob]:
    """The imports `user` may see, newest first, with who uploaded them and into what, narrowed
    by `ImportJobFilter`.

    A job shows every row of its file (names, seizures), so it is seen only by whoever may see
    every row: the rule withholds an import into a restricted operation or its activity, and
    `_rows_in_country_scope` the imports whose rows may lie outside the principal's countries.
    """
    jobs = _rows_in_country_scope(visible(ImportJob, user), user).select_related(
        "created_by", "api_key", "imported_by", "undone_by", "activity", "operation"
    )
    return filter_list(ImportJobFilter, jobs.order_by("-created_at", "-id"), filters, user=user)


def _rows_in_country_scope(jobs: QuerySet[ImportJob], user) -> QuerySet[ImportJob]:
    """`jobs` narrowed to those whose every row lies in `user`'s countries.

    A job does not record its rows' countries (a row failing for its country is still previewed),
    so a principal limited to some countries sees only the imports it uploaded itself: rows it
    sent, never another uploader's.
    """
    if access_for(user).visible_country_ids is None:
        return jobs
    api_key = getattr(user, "api_key", None)
    if api_key is not None:
        return jobs.filter(api_key=api_key)
    if getattr(user, "pk", None) is None:
        return jobs.none()
    return jobs.filter(created_by=user, api_key__isnull=True)


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
