from decimal import Decimal

import pytest

from operations.calculations import seizure_mass_kg
from operations.models import Seizure

Unit = Seizure.Unit
Status = Seizure.MassStatus


@pytest.mark.parametrize(
    ("quantity", "unit", "expected_kg"),
    [
        ("2.5", Unit.KG, "2.5"),
        ("750", Unit.G, "0.75"),
        ("1500", Unit.MG, "0.0015"),
        ("1.1", Unit.T, "1100"),
    ],
)
def test_mass_units_convert_without_substance_data(quantity, unit, expected_kg):
    mass = seizure_mass_kg(quantity=Decimal(quantity), unit=unit, density_kg_per_l=None, unit_mass_g=None)
    assert mass.status == Status.COMPUTED
    assert mass.kg == Decimal(expected_kg)


def test_litres_use_the_substance_density():
    mass = seizure_mass_kg(
        quantity=Decimal("20"), unit=Unit.L, density_kg_per_l=Decimal("1.08"), unit_mass_g=None
    )
    assert (mass.kg, mass.status) == (Decimal("21.6"), Status.COMPUTED)


def test_millilitres_use_the_substance_density():
    mass = seizure_mass_kg(
        quantity=Decimal("500"), unit=Unit.ML, density_kg_per_l=Decimal("0.8"), unit_mass_g=None
    )
    assert mass.kg == Decimal("0.4")


@pytest.mark.parametrize("unit", [Unit.L, Unit.ML])
def test_volume_without_density_has_no_mass(unit):
    mass = seizure_mass_kg(
        quantity=Decimal("10"), unit=unit, density_kg_per_l=None, unit_mass_g=Decimal("0.3")
    )
    assert (mass.kg, mass.status) == (None, Status.NO_DENSITY)


@pytest.mark.parametrize("unit", [Unit.TABLET, Unit.UNIT])
def test_counts_use_the_mass_per_unit(unit):
    mass = seizure_mass_kg(
        quantity=Decimal("2000"), unit=unit, density_kg_per_l=None, unit_mass_g=Decimal("0.25")
    )
    assert (mass.kg, mass.status) == (Decimal("0.5"), Status.COMPUTED)


@pytest.mark.parametrize("unit", [Unit.TABLET, Unit.UNIT])
def test_counts_without_mass_per_unit_have_no_mass(unit):
    mass = seizure_mass_kg(
        quantity=Decimal("2000"), unit=unit, density_kg_per_l=Decimal("1"), unit_mass_g=None
    )
    assert (mass.kg, mass.status) == (None, Status.NO_UNIT_MASS)


def test_a_trace_below_storage_precision_keeps_a_positive_mass():
    mass = seizure_mass_kg(quantity=Decimal("0.1"), unit=Unit.MG, density_kg_per_l=None, unit_mass_g=None)
    assert mass.kg == Decimal("0.000001")


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="Unknown unit"):
        seizure_mass_kg(quantity=Decimal("1"), unit="bushel", density_kg_per_l=None, unit_mass_g=None)


def test_every_unit_choice_is_handled():
    for unit in Unit.values:
        mass = seizure_mass_kg(
            quantity=Decimal("1"), unit=unit, density_kg_per_l=Decimal("1"), unit_mass_g=Decimal("1")
        )
        assert mass.status == Status.COMPUTED
