"""The quarterly donor progress report, scheduled in celery beat (editable in the admin:
Periodic tasks). On the 2nd of January, April, July and October at 06:00 UTC it requests the
report of the quarter just ended, for all donors, as PDF; add a copy per donor with
{"donor": "INL"} or {"donor": "EU-GIFP"} as keyword arguments."""

import json

from django.db import migrations

TASK_NAME = "Quarterly donor progress report"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="2", month_of_year="1,4,7,10", timezone="UTC"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.request_quarterly_donor_report",
            "crontab": crontab,
            "kwargs": json.dumps({"donor": None, "format": "pdf"}),
            "enabled": True,
            "description": "Requests the donor progress report of the last complete quarter.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
