import datetime
from decimal import Decimal

import pytest

from countries.models import Country
from operations.models import Seizure, Substance, SubstanceCategory
from operations.services import seizure_create, substance_save
from tests.support.worker import celery_worker, wait_until


@pytest.fixture
def committed(committed_db):
    """Committed writes the worker process can read, removed afterwards."""
    try:
        yield
    finally:
        Seizure.objects.filter(reference__startswith="WORKER-").delete()
        Substance.objects.filter(name="Worker test liquid").delete()
        SubstanceCategory.objects.filter(name="Worker test category").delete()


@pytest.mark.slow
def test_a_real_worker_recomputes_masses_when_a_density_is_set(committed):
    """The substance's density is saved in the admin; a Celery worker brings its seizures in line."""
    country = Country.objects.get(iso2="PE")
    category = SubstanceCategory.objects.create(name="Worker test category")
    substance = Substance.objects.create(category=category, name="Worker test liquid")
    for number in range(3):
        seizure_create(
            reference=f"WORKER-{number}",
            date=datetime.date(2024, 1, 1),
            country=country,
            place=Seizure.Place.SEAPORT,
            substance=substance,
            quantity=Decimal("10"),
            unit=Seizure.Unit.L,
            conveyance=Seizure.Conveyance.CONTAINER,
            detection=Seizure.Detection.SCANNER,
        )
    assert set(Seizure.objects.filter(substance=substance).values_list("mass_status", flat=True)) == {
        "no_density"
    }

    with celery_worker():
        substance.density_kg_per_l = Decimal("0.8")
        substance_save(substance=substance)

        def recomputed():
            return set(Seizure.objects.filter(substance=substance).values_list("mass_kg", flat=True)) == {
                Decimal("8.000000")
            }

        assert wait_until(recomputed), list(Seizure.objects.filter(substance=substance).values("mass_kg"))
