from decimal import Decimal

import pytest

from imports.models import ImportJob
from imports.services import import_job_confirm
from operations.models import Seizure
from people.models import Participation, Person

from .conftest import counts, person_row, seizure_row

pytestmark = pytest.mark.django_db


def test_an_attendance_sheet_is_previewed_then_imported(upload, admin_user, activity, agency):
    rows = [
        person_row(email="maria.quispe@example.org", agency="dirandro"),
        person_row(first_name="José", last_name="Pérez", gender="masculino", country="Perú", email=""),
    ]
    before = counts()
    job = upload(rows=rows)
    assert job.status == ImportJob.Status.VALIDATED, job.errors
    assert job.errors == []
    assert [row[1] for row in job.preview] == ["create", "create"]
    assert counts() == before  # a preview writes nothing
    job = import_job_confirm(job=job, principal=admin_user)
    assert job.status == ImportJob.Status.IMPORTED
    maria = Person.objects.get(email="maria.quispe@example.org")
    assert maria.agency == agency and maria.gender == "female" and not maria.is_synthetic
    participation = Participation.objects.get(person=maria, activity=activity)
    assert participation.post_test_score == Decimal("75.5")
    assert job.created_count == 2
    assert len(job.created_ids["people.person"]) == 2


def test_seizures_accept_synonyms_and_country_names(upload, admin_user):
    rows = [
        seizure_row(
            reference="T-1", substance="Cocaine HCl", unit="kgs", country="Pérou", origin_country="Colombie"
        ),
        seizure_row(reference="T-2", substance="marihuana", unit="grams", country="Peru", quantity="500"),
        seizure_row(
            reference="T-3", country="COL", destination_country="Espanha", transit_countries="EC; Panamá"
        ),
    ]
    job = upload("seizures", rows, dry_run=False, date_order="day-first")
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    first = Seizure.objects.get(reference="T-1")
    assert first.substance.name == "Cocaine hydrochloride"
    assert first.unit == "kg" and first.mass_kg == Decimal("1.25") and first.origin_country.iso2 == "CO"
    assert Seizure.objects.get(reference="T-2").mass_kg == Decimal("0.5")
    third = Seizure.objects.get(reference="T-3")
    assert third.destination_country.iso2 == "ES"
    assert sorted(third.transit_countries.values_list("iso2", flat=True)) == ["EC", "PA"]


def test_an_xlsx_file_with_date_and_number_cells(upload):
    import datetime
    import io

    from openpyxl import Workbook

    from .conftest import SEIZURE_HEADER

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(SEIZURE_HEADER)
    row = seizure_row(reference="X-1", date=datetime.datetime(2023, 7, 9), quantity=2.5, arrests=2)
    sheet.append([row.get(name, "") for name in SEIZURE_HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = upload(
        "seizures", data=buffer.getvalue(), name="seizures.xlsx", date_order="month-first", dry_run=False
    )
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    seizure = Seizure.objects.get(reference="X-1")
    assert (
        seizure.date.isoformat() == "2023-07-09"
        and seizure.quantity == Decimal("2.5")
        and seizure.arrests == 2
    )


def test_an_import_whose_seizures_are_linked_to_a_case_since_is_not_undone(upload, admin_user):
    from django.core.exceptions import ValidationError

    from imports.services import import_job_undo
    from operations.services import case_create

    job = upload("seizures", [seizure_row(reference="CASE-1")], dry_run=False)
    seizure = Seizure.objects.get(reference="CASE-1")
    case_create(
        reference="C-IMP-1",
        title="Linked",
        opened_on=seizure.date,
        lead_country=seizure.country,
        seizures=[seizure],
    )
    with pytest.raises(ValidationError, match="linked to cases since"):
        import_job_undo(job=job, user=admin_user)
    assert Seizure.objects.filter(reference="CASE-1").exists()
