import csv
import datetime
import io

import pytest

from accounts.models import User
from activities.models import Activity
from countries.models import Country
from imports.columns import ATTENDANCE_COLUMNS, SEIZURE_COLUMNS
from imports.services import import_job_create
from operations.models import Seizure
from people.models import Participation, Person
from tests.factories import ActivityFactory, AgencyFactory, CountryFactory

ATTENDANCE_HEADER = [column.name for column in ATTENDANCE_COLUMNS]
SEIZURE_HEADER = [column.name for column in SEIZURE_COLUMNS]


def csv_bytes(header, rows, *, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def person_row(**values) -> dict:
    row = {
        "first_name": "María",
        "last_name": "Quispe",
        "gender": "F",
        "country": "PE",
        "agency": "",
        "professional_category": "police",
        "email": "",
        "role": "participant",
        "days_attended": "2",
        "pre_test_score": "40",
        "post_test_score": "75.5",
    }
    row.update(values)
    return row


def seizure_row(**values) -> dict:
    row = {
        "reference": "",
        "date": "2024-03-15",
        "country": "PE",
        "place": "mail_centre",
        "location": "Lima",
        "substance": "cocaine HCl",
        "quantity": "1.25",
        "unit": "kgs",
        "conveyance": "mail",
        "detection": "raman",
        "origin_country": "",
        "transit_countries": "",
        "destination_country": "",
        "arrests": "1",
    }
    row.update(values)
    return row


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Participation.objects.count(), Seizure.objects.count()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, monkeypatch):
    """Uploaded files go to a temporary folder (also for a worker process started by a test)."""
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def admin_user(db):
    return User.objects.get(username="admin")


@pytest.fixture
def officer(db):
    return User.objects.get(username="officer")


@pytest.fixture
def activity(db):
    peru = CountryFactory(iso2="PE")
    return ActivityFactory(
        kind=Activity.Kind.TRAINING,
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 8),
        host_country=peru,
        countries=[peru],
    )


@pytest.fixture
def agency(db):
    return AgencyFactory(
        country=Country.objects.get(iso2="PE"), name="Dirección Antidrogas", acronym="DIRANDRO"
    )


@pytest.fixture
def upload(admin_user, activity):
    """Upload rows (dicts) or raw bytes as `admin` (dry run unless told), validated at once."""

    def _upload(kind="attendance", rows=None, *, data=None, name=None, principal=None, **options):
        header = ATTENDANCE_HEADER if kind == "attendance" else SEIZURE_HEADER
        if data is None:
            data = csv_bytes(header, rows or [])
        options.setdefault("dry_run", True)
        if kind == "attendance":
            options.setdefault("activity_id", activity.pk)
        return import_job_create(
            principal=principal or admin_user,
            kind=kind,
            file_name=name or f"{kind}.csv",
            data=data,
            **options,
        )

    return _upload
