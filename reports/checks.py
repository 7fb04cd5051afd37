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


@register()
def report_quarterly_language_check(app_configs, **kwargs):
    """The quarterly donor report is requested by the schedule, with no one to see the refusal of
    a language the tracker does not offer: say so at start-up."""
    codes = [code for code, _name in settings.LANGUAGES]
    if settings.REPORTS_QUARTERLY_LANGUAGE in codes:
        return []
    return [
        Warning(
            f"REPORTS_QUARTERLY_LANGUAGE is {settings.REPORTS_QUARTERLY_LANGUAGE!r}, not one of LANGUAGES.",
            hint=f"Set it to one of {', '.join(codes)}.",
            id="reports.W003",
        )
    ]
