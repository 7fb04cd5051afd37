from celery import shared_task

from .services import import_job_validate, import_job_write


@shared_task(bind=True, acks_late=True, max_retries=3, retry_backoff=True, autoretry_for=(ConnectionError,))
def validate_import(self, job_id: int) -> str:
    return import_job_validate(job_id=job_id, progress=True).status


@shared_task(bind=True, acks_late=True, max_retries=3, retry_backoff=True, autoretry_for=(ConnectionError,))
def write_import(self, job_id: int) -> str:
    return import_job_write(job_id=job_id).status
