import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, Pillar
from core.services import instance_save
from operations.models import Seizure, Substance

pytestmark = pytest.mark.django_db


def test_instance_save_uses_the_registered_service():
    """The admin saves through instance_save: a seizure gets its mass from the seizure service."""
    seizure = Seizure(
        reference="GENERIC-1",
        date=datetime.date(2022, 1, 1),
        country_id=Activity.objects.values_list("host_country", flat=True).exclude(host_country=None).first(),
        place=Seizure.Place.AIRPORT,
        substance=Substance.objects.first(),
        quantity=2,
        unit=Seizure.Unit.T,
        conveyance=Seizure.Conveyance.AIR_CARGO,
        detection=Seizure.Detection.SCANNER,
    )
    instance_save(seizure)
    seizure.refresh_from_db()
    assert seizure.mass_kg == 2000


def test_instance_save_validates_models_without_a_service():
    with pytest.raises(ValidationError) as excinfo:
        instance_save(Pillar(number=0, name="Zero"))
    assert set(excinfo.value.message_dict) == {"number"}
    assert not Pillar.objects.filter(name="Zero").exists()
