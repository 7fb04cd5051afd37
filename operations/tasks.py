from celery import shared_task

from .services import substance_recompute_seizure_masses


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, autoretry_for=(ConnectionError,))
def recompute_substance_masses(self, substance_id: int) -> int:
    return substance_recompute_seizure_masses(substance_id=substance_id)
