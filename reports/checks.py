from django.conf import settings
from django.core.checks import Warning, register


@register()
def report_time_limits_check(app_configs, **kwargs):
    """A report running longer than the broker's visibility timeout would be handed to a second
    worker while the first still runs: the time limits must stay below it."""
    visibility = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}).get("visibility_timeout")
    soft, hard = settings.REPORTS_TASK_SOFT_TIME_LIMIT, settings.REPORTS_TASK_TIME_LIMIT
    problems = []
    if soft >= hard:
        problems.append(
            Warning(
                "REPORTS_TASK_SOFT_TIME_LIMIT should be below REPORTS_TASK_TIME_LIMIT.",
                id="reports.W001",
            )
        )
    if visibility is not None and hard >= visibility:
        problems.append(
            Warning(
                "REPORTS_TASK_TIME_LIMIT should be below the broker's visibility timeout.",
                hint="Raise CELERY_VISIBILITY_TIMEOUT or lower the report time limits.",
                id="reports.W002",
            )
        )
    return problems
