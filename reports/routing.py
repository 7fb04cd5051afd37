"""Which Celery queue a report's generation goes to (settings.CELERY_TASK_ROUTES).

A data export (a million rows of CSV or XLSX) and a donor report are the same task; routed by
the report's kind, an export runs on the `exports` workers and never holds the quarterly report
back behind it, nor takes the memory of a `reports` worker.
"""

REPORTS_QUEUE = "reports"
EXPORTS_QUEUE = "exports"


def route_report(name, args, kwargs, options, task=None, **_kw):
    if name != "reports.generate_report":
        return None
    from .models import Report

    report_id = kwargs["report_id"] if "report_id" in kwargs else args[0]
    kind = Report.objects.filter(pk=report_id).values_list("kind", flat=True).first()
    return {"queue": EXPORTS_QUEUE if kind == Report.Kind.DATA_EXPORT else REPORTS_QUEUE}
