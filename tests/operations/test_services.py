import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.datacache import data_version_increment
from countries.models import Agency, Country
from operations.models import Case, Seizure, Substance, SubstanceCategory
from operations.services import (
    case_create,
    equipment_handover_create,
    operation_create,
    seizure_create,
    substance_save,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 3, 14)


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


@pytest.fixture
def colombia():
    return Country.objects.get(iso2="CO")


@pytest.fixture
def liquid():
    category, _ = SubstanceCategory.objects.get_or_create(name="Test precursors")
    return Substance.objects.create(category=category, name="Test solvent")


@pytest.fixture
def operation(peru):
    return operation_create(
        code_name="TEST-OP",
        target="Parcels",
        title="Operation test",
        start_date=DAY,
        end_date=DAY + datetime.timedelta(days=30),
        phases=[{"start_date": DAY, "end_date": DAY + datetime.timedelta(days=10)}],
        participants=[(peru, None)],
    )


def seizure_kwargs(country, substance, **overrides):
    kwargs = dict(
        reference="SVC-1",
        date=DAY,
        country=country,
        place=Seizure.Place.MAIL_CENTRE,
        substance=substance,
        quantity=Decimal("3"),
        unit=Seizure.Unit.KG,
        conveyance=Seizure.Conveyance.MAIL,
        detection=Seizure.Detection.RAMAN,
    )
    kwargs.update(overrides)
    return kwargs


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def test_seizure_create_normalises_the_mass(peru, liquid):
    seizure = seizure_create(**seizure_kwargs(peru, liquid, quantity=Decimal("1.1"), unit=Seizure.Unit.T))
    assert seizure.mass_kg == Decimal("1100")
    assert seizure.mass_status == Seizure.MassStatus.COMPUTED


def test_seizure_in_litres_of_a_substance_without_density_says_so(peru, liquid):
    seizure = seizure_create(**seizure_kwargs(peru, liquid, unit=Seizure.Unit.L))
    assert seizure.mass_kg is None
    assert seizure.mass_status == Seizure.MassStatus.NO_DENSITY


@pytest.mark.parametrize("quantity", ["0", "-1"])
def test_seizure_quantity_must_be_positive(peru, liquid, quantity):
    with pytest.raises(ValidationError) as excinfo:
        seizure_create(**seizure_kwargs(peru, liquid, quantity=Decimal(quantity)))
    assert error_fields(excinfo) == {"quantity"}
    assert not Seizure.objects.filter(reference="SVC-1").exists()


def test_seizure_cannot_be_in_the_future(peru, liquid):
    with pytest.raises(ValidationError) as excinfo:
        seizure_create(
            **seizure_kwargs(peru, liquid, date=datetime.date.today() + datetime.timedelta(days=2))
        )
    assert error_fields(excinfo) == {"date"}


def test_seizure_of_an_operation_is_in_one_of_its_countries(operation, colombia, liquid):
    with pytest.raises(ValidationError) as excinfo:
        seizure_create(**seizure_kwargs(colombia, liquid, operation=operation))
    assert error_fields(excinfo) == {"country"}


def test_operation_create_makes_activity_phases_and_countries(operation, peru):
    assert operation.activity.kind == "operation"
    assert list(operation.activity.countries.all()) == [peru]
    assert operation.phases.count() == 1
    assert operation.participants.get().country == peru


def test_operation_phase_outside_the_operation_is_refused(peru):
    with pytest.raises(ValidationError) as excinfo:
        operation_create(
            code_name="TEST-OP-2",
            target="x",
            title="Operation test 2",
            start_date=DAY,
            end_date=DAY,
            phases=[{"start_date": DAY, "end_date": DAY + datetime.timedelta(days=3)}],
        )
    assert error_fields(excinfo) == {"start_date"}


def test_case_convictions_need_a_conviction(peru):
    with pytest.raises(ValidationError) as excinfo:
        case_create(reference="C-1", title="t", opened_on=DAY, lead_country=peru, convictions=1)
    assert error_fields(excinfo) == {"convictions"}
    assert not Case.objects.filter(reference="C-1").exists()


def test_case_countries_include_lead_and_seizure_countries(peru, colombia, liquid):
    seizure = seizure_create(**seizure_kwargs(colombia, liquid))
    case = case_create(reference="C-2", title="t", opened_on=DAY, lead_country=peru, seizures=[seizure])
    assert set(case.countries.values_list("iso2", flat=True)) == {"PE", "CO"}


def test_case_lead_agency_in_the_lead_country(peru, colombia):
    agency = Agency.objects.create(country=colombia, name="Test police CO", category=Agency.Category.POLICE)
    with pytest.raises(ValidationError) as excinfo:
        case_create(reference="C-3", title="t", opened_on=DAY, lead_country=peru, lead_agency=agency)
    assert error_fields(excinfo) == {"lead_agency"}


def test_equipment_handover_country_follows_its_agency(peru):
    agency = Agency.objects.create(country=peru, name="Test lab PE", category=Agency.Category.FORENSIC)
    handover = equipment_handover_create(date=DAY, recipient_agency=agency, items=[("Raman device", 2)])
    assert handover.country == peru
    assert handover.items.get().quantity == 2


def test_equipment_item_quantity_must_be_positive(peru):
    agency = Agency.objects.create(country=peru, name="Test lab PE 2", category=Agency.Category.FORENSIC)
    with pytest.raises(ValidationError) as excinfo:
        equipment_handover_create(date=DAY, recipient_agency=agency, items=[("Raman device", 0)])
    assert "quantity" in error_fields(excinfo)


def test_changing_a_density_queues_the_recompute(liquid, django_capture_on_commit_callbacks):
    def queued_tasks(callbacks):
        # Every write also invalidates the aggregate caches after commit; that is not a task.
        return [callback for callback in callbacks if callback is not data_version_increment]

    with django_capture_on_commit_callbacks() as callbacks:
        liquid.density_kg_per_l = Decimal("0.9")
        substance_save(substance=liquid)
    assert len(queued_tasks(callbacks)) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        liquid.name = "Test solvent renamed"
        substance_save(substance=liquid)
    assert queued_tasks(callbacks) == []
