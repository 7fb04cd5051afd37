import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from countries.models import Country
from imports.models import ImportJob, ImportJobEvent
from imports.readers import read
from imports.services import import_job_confirm, import_job_undo
from imports.validation import AttendanceValidator, SeizureValidator
from operations.models import Seizure
from people.models import Participation, Person
from people.services import participation_create, person_create
from tests.factories import ActivityFactory, UserFactory

from .conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, counts, csv_bytes, person_row, seizure_row

pytestmark = pytest.mark.django_db


def test_reimporting_the_same_sheet_creates_nothing_new(upload, activity):
    rows = [
        person_row(first_name="Ana", last_name="Ríos", email="ana.rios@example.org"),
        person_row(first_name="Luis", last_name="Gómez  Paz", email=""),
    ]
    first = upload(rows=rows, dry_run=False)
    assert first.status == ImportJob.Status.IMPORTED, first.errors
    before = counts()
    again = upload(rows=rows, dry_run=False)
    assert again.status == ImportJob.Status.IMPORTED, again.errors
    assert [row[1] for row in again.preview] == ["match", "match"]
    assert all("already attends this activity" in row[3] for row in again.preview)
    assert counts() == before
    assert again.summary["already_present"] == 2
    assert again.created_ids == {"people.person": [], "people.participation": []}


def test_people_are_matched_by_email_or_by_normalised_name_country_and_agency(upload, activity, agency):
    peru = Country.objects.get(iso2="PE")
    by_email = person_create(
        first_name="Rosa",
        last_name="Flores",
        country=peru,
        professional_category="customs",
        email="Rosa@Example.org",
    )
    by_name = person_create(
        first_name="Óscar",
        last_name="Huamán Ríos",
        country=peru,
        agency=agency,
        professional_category="police",
    )
    other_activity = ActivityFactory(host_country=peru)
    participation_create(person=by_name, activity=other_activity)
    rows = [
        person_row(first_name="R.", last_name="Flores", email="rosa@example.ORG"),
        person_row(first_name="oscar", last_name="huaman   rios", agency="DIRANDRO"),
        person_row(first_name="oscar", last_name="huaman rios", agency="", email="o@example.org"),
    ]
    job = upload(rows=rows)
    assert [row[1] for row in job.preview] == ["match", "match", "create"]
    assert job.preview[0][3] == "matched by e-mail"
    assert job.preview[1][3] == (
        "matched by name, country and agency: the person recorded; if this is a namesake, write yes "
        "under another_person"
    )
    import_job_confirm(job=job, principal=job.created_by)
    assert Participation.objects.filter(activity=job.activity, person__in=[by_email, by_name]).count() == 2


def test_only_valid_rows_on_request_and_the_rejected_rows_file(upload, admin_user):
    before = counts()
    rows = [person_row(email="good@example.org"), person_row(email="bad@example.org", gender="robot")]
    job = upload(rows=rows)
    with pytest.raises(ValidationError, match="1 rows have errors: nothing was written"):
        import_job_confirm(job=job, principal=admin_user)
    assert counts() == before
    job = import_job_confirm(job=job, principal=admin_user, valid_rows_only=True)
    assert job.status == ImportJob.Status.IMPORTED
    assert Person.objects.filter(email="good@example.org").exists()
    assert not Person.objects.filter(email="bad@example.org").exists()
    from imports.files import rejected_rows

    data, content_type, filename = rejected_rows(job=job, file_format="csv")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",errors") and len(lines) == 2
    assert "bad@example.org" in lines[1] and "gender: Unknown gender “robot”." in lines[1]
    xlsx, content_type, filename = rejected_rows(job=job, file_format="xlsx")
    assert xlsx.startswith(b"PK") and filename.endswith(".xlsx")


def test_an_officer_imports_only_rows_of_their_countries(upload):
    officer = UserFactory(role="officer", is_staff=True, countries=[Country.objects.get(iso2="PE")])
    job = upload("seizures", [seizure_row(), seizure_row(country="CO", quantity="2")], principal=officer)
    assert [(error["row"], error["column"]) for error in job.errors] == [(3, "country")]
    assert "countries you are assigned to (not Colombia)" in job.errors[0]["message"]


def test_a_mission_viewer_may_not_import(upload):
    from accounts.models import User

    with pytest.raises(PermissionDenied):
        upload("seizures", [seizure_row()], principal=User.objects.get(username="mission-pe"))


def test_the_import_is_one_audited_event_and_every_row_carries_it(upload, admin_user):
    job = upload("seizures", [seizure_row(reference="AUD-1")], dry_run=False)
    assert job.status == ImportJob.Status.IMPORTED
    events = ImportJobEvent.objects.filter(pgh_obj=job).order_by("pgh_id")
    imported = events.filter(status="imported").get()
    assert imported.file_name == "seizures.csv" and imported.sha256 == job.sha256
    assert imported.created_count == 1 and imported.created_by_id == admin_user.pk
    seizure = Seizure.objects.get(reference="AUD-1")
    from audit.history import event_model_for

    insert = event_model_for(Seizure).objects.get(pgh_obj_id=seizure.pk, pgh_label="insert")
    assert insert.pgh_context.metadata["import_job"] == job.pk
    assert insert.pgh_context.metadata["import_file"] == "seizures.csv"
    assert insert.pgh_context.metadata["user"] == admin_user.pk


def test_an_administrator_undoes_an_import_as_a_whole(upload, admin_user, officer, activity):
    peru = Country.objects.get(iso2="PE")
    kept = person_create(first_name="Kept", last_name="Person", country=peru, professional_category="police")
    rows = [
        person_row(first_name="Kept", last_name="Person"),
        person_row(email="new@example.org"),
        person_row(first_name="Later", last_name="Elsewhere", email="later@example.org"),
    ]
    job = upload(rows=rows, dry_run=False)
    assert job.status == ImportJob.Status.IMPORTED
    later = Person.objects.get(email="later@example.org")
    participation_create(person=later, activity=ActivityFactory(host_country=peru))
    with pytest.raises(PermissionDenied):
        import_job_undo(job=job, user=officer)
    deleted = import_job_undo(job=job, user=admin_user, reason="Wrong activity")
    assert deleted == {"participations": 3, "people": 1, "seizures": 0}
    assert not Participation.objects.filter(activity=activity).exists()
    assert Person.objects.filter(pk__in=[kept.pk, later.pk]).count() == 2
    assert not Person.objects.filter(email="new@example.org").exists()
    job.refresh_from_db()
    assert (
        job.status == ImportJob.Status.UNDONE
        and job.undone_by == admin_user
        and job.undo_reason == "Wrong activity"
    )
    with pytest.raises(ValidationError):
        import_job_undo(job=job, user=admin_user)

    seizures = upload("seizures", [seizure_row(reference="U-1"), seizure_row(reference="U-2")], dry_run=False)
    assert import_job_undo(job=seizures, user=admin_user)["seizures"] == 2
    assert not Seizure.objects.filter(reference__in=["U-1", "U-2"]).exists()


def _validate(kind, rows, principal, **kwargs):
    header = ATTENDANCE_HEADER if kind == "attendance" else SEIZURE_HEADER
    sheet = read(csv_bytes(header, rows), file_format="csv")
    validator = (AttendanceValidator if kind == "attendance" else SeizureValidator)(
        principal=principal, **kwargs
    )
    with CaptureQueriesContext(connection) as queries:
        validation = validator.validate(sheet)
    return validation, len(queries)


def test_validation_queries_do_not_grow_with_rows(admin_user, activity):
    few, few_queries = _validate(
        "attendance", [person_row(email=f"p{n}@x.org") for n in range(3)], admin_user, activity=activity
    )
    many, many_queries = _validate(
        "attendance", [person_row(email=f"p{n}@x.org") for n in range(300)], admin_user, activity=activity
    )
    assert few.count("create") == 3 and many.count("create") == 300
    assert few_queries == many_queries <= 6
    rows = [seizure_row(reference=f"Q{n}", country=["PE", "Colombia", "Équateur"][n % 3]) for n in range(300)]
    few, few_queries = _validate("seizures", rows[:3], admin_user, operation=None)
    many, many_queries = _validate("seizures", rows, admin_user, operation=None)
    assert many.count("create") == 300, many.errors[:3]
    assert few_queries == many_queries <= 4
