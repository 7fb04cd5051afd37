"""Normalising seizure quantities to a mass in kilograms: the one place where units convert."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Seizure, Substance

_KG_PER_MASS_UNIT = {
    Seizure.Unit.KG: Decimal("1"),
    Seizure.Unit.G: Decimal("0.001"),
    Seizure.Unit.MG: Decimal("0.000001"),
    Seizure.Unit.T: Decimal("1000"),
}
_LITRES_PER_VOLUME_UNIT = {
    Seizure.Unit.L: Decimal("1"),
    Seizure.Unit.ML: Decimal("0.001"),
}
_COUNT_UNITS = {Seizure.Unit.TABLET, Seizure.Unit.UNIT}
_MASS_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class NormalisedMass:
    kg: Decimal | None
    status: str


def seizure_mass_kg(
    *,
    quantity: Decimal,
    unit: str,
    density_kg_per_l: Decimal | None,
    unit_mass_g: Decimal | None,
) -> NormalisedMass:
    """The mass in kg of a quantity as entered; None, with the reason, where no conversion is known.

    Never guesses: a volume needs the substance's density, a count needs its mass per unit.
    """
    quantity = Decimal(quantity)
    if unit in _KG_PER_MASS_UNIT:
        kg = quantity * _KG_PER_MASS_UNIT[unit]
    elif unit in _LITRES_PER_VOLUME_UNIT:
        if density_kg_per_l is None:
            return NormalisedMass(kg=None, status=Seizure.MassStatus.NO_DENSITY)
        kg = quantity * _LITRES_PER_VOLUME_UNIT[unit] * Decimal(density_kg_per_l)
    elif unit in _COUNT_UNITS:
        if unit_mass_g is None:
            return NormalisedMass(kg=None, status=Seizure.MassStatus.NO_UNIT_MASS)
        kg = quantity * Decimal(unit_mass_g) / Decimal(1000)
    else:
        raise ValueError(f"Unknown unit: {unit!r}")
    kg = kg.quantize(_MASS_PLACES)
    if kg <= 0:
        # Smaller than the stored precision: still a real seizure, keep the smallest positive mass.
        kg = _MASS_PLACES
    return NormalisedMass(kg=kg, status=Seizure.MassStatus.COMPUTED)


def seizure_mass_for_substance(*, quantity: Decimal, unit: str, substance: Substance) -> NormalisedMass:
    return seizure_mass_kg(
        quantity=quantity,
        unit=unit,
        density_kg_per_l=substance.density_kg_per_l,
        unit_mass_g=substance.unit_mass_g,
    )
