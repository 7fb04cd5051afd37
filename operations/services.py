from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, Organisation
from activities.services import activity_create
from core.datacache import data_version_bump
from core.services import model_saver, validated_save
from countries.models import Agency, Country

from .calculations import seizure_mass_for_substance
from .models import (
    COUNTRY_OUTSIDE_OPERATION,
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
)


@model_saver(Substance)
@transaction.atomic
def substance_save(*, substance: Substance) -> Substance:
    """Save a substance; when its conversions change, recompute its seizures' mass in the background."""
    conversions_changed = False
    if substance.pk:
        before = Substance.objects.filter(pk=substance.pk).values("density_kg_per_l", "unit_mass_g").first()
        conversions_changed = before is not None and (
            before["density_kg_per_l"] != substance.density_kg_per_l
            or before["unit_mass_g"] != substance.unit_mass_g
        )
    validated_save(substance)
    if conversions_changed:
        from .tasks import recompute_substance_masses

        substance_id = substance.pk
        transaction.on_commit(lambda: recompute_substance_masses.delay(substance_id))
    return substance


def substance_recompute_seizure_masses(*, substance_id: int, batch_size: int = 5000) -> int:
    """Recompute the normalised mass of every seizure of a substance; returns how many changed."""
    substance = Substance.objects.get(pk=substance_id)
    changed = 0
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                Seizure.objects.filter(substance_id=substance_id, id__gt=last_id)
                .order_by("id")
                .only("id", "quantity", "unit", "mass_kg", "mass_status")[:batch_size]
                .select_for_update()
            )
            if not batch:
                return changed
            updated = []
            # Stamped once the batch's transaction began, so a client's next sync sees the new
            # masses (core.watermark); bulk_update does not stamp `updated_at` itself.
            now = timezone.now()
            for seizure in batch:
                mass = seizure_mass_for_substance(
                    quantity=seizure.quantity, unit=seizure.unit, substance=substance
                )
                if (mass.kg, mass.status) != (seizure.mass_kg, seizure.mass_status):
                    seizure.mass_kg, seizure.mass_status, seizure.updated_at = mass.kg, mass.status, now
                    updated.append(seizure)
            Seizure.objects.bulk_update(updated, ["mass_kg", "mass_status", "updated_at"])
            data_version_bump()
            changed += len(updated)
            last_id = batch[-1].id


@model_saver(Seizure)
@transaction.atomic
def seizure_save(*, seizure: Seizure) -> Seizure:
    """Validate and save a seizure, with its mass normalised to kg by the one conversion function."""
    if seizure.substance_id and seizure.quantity is not None and seizure.unit:
        mass = seizure_mass_for_substance(
            quantity=seizure.quantity, unit=seizure.unit, substance=seizure.substance
        )
        seizure.mass_kg, seizure.mass_status = mass.kg, mass.status
    if (
        seizure.operation_id
        and seizure.country_id
        and not OperationCountry.objects.filter(
            operation_id=seizure.operation_id, country_id=seizure.country_id
        ).exists()
    ):
        raise ValidationError({"country": COUNTRY_OUTSIDE_OPERATION})
    return validated_save(seizure)


@transaction.atomic
def seizure_create(
    *,
    reference: str,
    date: date,
    country: Country,
    place: str,
    substance: Substance,
    quantity: Decimal,
    unit: str,
    conveyance: str,
    detection: str,
    operation: Operation | None = None,
    transit_countries: Iterable[Country] = (),
    **fields,
) -> Seizure:
    seizure = Seizure(
        reference=reference,
        date=date,
        country=country,
        place=place,
        substance=substance,
        quantity=quantity,
        unit=unit,
        conveyance=conveyance,
        detection=detection,
        operation=operation,
        **fields,
    )
    seizure_save(seizure=seizure)
    seizure.transit_countries.set(transit_countries)
    return seizure


@transaction.atomic
def operation_create(
    *,
    code_name: str,
    target: str,
    title: str,
    start_date: date,
    end_date: date,
    phases: Iterable[dict] = (),
    participants: Iterable[tuple[Country, Agency | None]] = (),
    coordinating_office: Organisation | None = None,
    equipment_provided: str = "",
    follow_up: str = "",
    **activity_fields,
) -> Operation:
    """An operation is an activity of kind operation with its phases and participating countries."""
    participants = list(participants)
    activity = activity_create(
        kind=Activity.Kind.OPERATION,
        title=title,
        start_date=start_date,
        end_date=end_date,
        countries=[country for country, _agency in participants],
        **activity_fields,
    )
    operation = validated_save(
        Operation(
            activity=activity,
            code_name=code_name,
            target=target,
            coordinating_office=coordinating_office,
            equipment_provided=equipment_provided,
            follow_up=follow_up,
        )
    )
    for number, phase in enumerate(phases, start=1):
        validated_save(OperationPhase(operation=operation, number=number, **phase))
    for country, agency in participants:
        validated_save(OperationCountry(operation=operation, country=country, coordinating_agency=agency))
    return operation


@model_saver(OperationCountry)
@transaction.atomic
def operation_country_save(*, operation_country: OperationCountry) -> OperationCountry:
    """A participating country of an operation is also a participating country of its activity."""
    validated_save(operation_country)
    operation_country.operation.activity.countries.add(operation_country.country_id)
    return operation_country


@model_saver(Case)
@transaction.atomic
def case_save(*, case: Case) -> Case:
    """Validate and save a case; its countries always include its lead country and its seizures'."""
    validated_save(case)
    country_ids = {case.lead_country_id}
    country_ids.update(case.seizures.values_list("country_id", flat=True))
    case.countries.add(*country_ids)
    return case


@transaction.atomic
def case_create(
    *,
    reference: str,
    title: str,
    opened_on: date,
    lead_country: Country,
    countries: Iterable[Country] = (),
    seizures: Iterable[Seizure] = (),
    presented_at: Iterable[Activity] = (),
    **fields,
) -> Case:
    case = validated_save(
        Case(reference=reference, title=title, opened_on=opened_on, lead_country=lead_country, **fields)
    )
    case.countries.set(countries)
    case.seizures.set(seizures)
    case.presented_at.set(presented_at)
    return case_save(case=case)


@model_saver(EquipmentHandover)
@transaction.atomic
def equipment_handover_save(*, handover: EquipmentHandover) -> EquipmentHandover:
    """A handover's country is its recipient agency's."""
    if handover.recipient_agency_id:
        handover.country_id = handover.recipient_agency.country_id
    return validated_save(handover)


@transaction.atomic
def equipment_handover_create(
    *,
    date: date,
    recipient_agency: Agency,
    items: Iterable[tuple[str, int]],
    **fields,
) -> EquipmentHandover:
    handover = equipment_handover_save(
        handover=EquipmentHandover(date=date, recipient_agency=recipient_agency, **fields)
    )
    for item, quantity in items:
        validated_save(EquipmentItem(handover=handover, item=item, quantity=quantity))
    return handover
