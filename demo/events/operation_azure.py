"""Event 4: Operation Azure, its 125 (synthetic) seizures and the equipment each country received."""

import datetime
import random
from decimal import Decimal

from activities.models import Activity
from operations.models import EquipmentHandover, Operation, Seizure
from operations.services import equipment_handover_create, operation_create

from ..data import operation_azure as data
from ..data.operation_azure import (
    AZURE_CODE_NAME,
    AZURE_COUNTRIES,
    AZURE_END,
    AZURE_PHASES,
    AZURE_SEIZURES,
    AZURE_START,
)
from ..data.reference import LEAD_AGENCY
from ..loader import SEED, Loader


def load_operation(loader: Loader) -> Operation:
    orgs = loader.organisations
    existing = Operation.objects.filter(code_name=AZURE_CODE_NAME).first()
    if existing is not None:
        return existing
    loader.count("activities")
    named = [loader.agencies[LEAD_AGENCY[iso2]] for iso2 in AZURE_COUNTRIES]
    return operation_create(
        code_name=AZURE_CODE_NAME,
        title=data.TITLE,
        start_date=AZURE_START,
        end_date=AZURE_END,
        target=data.TARGET,
        phases=AZURE_PHASES,
        participants=[
            (loader.country(iso2), agency) for iso2, agency in zip(AZURE_COUNTRIES, named, strict=True)
        ],
        coordinating_office=orgs["UNODC-HQ"],
        equipment_provided=data.EQUIPMENT_PROVIDED,
        follow_up=data.FOLLOW_UP,
        status=Activity.Status.COMPLETED,
        modality=Activity.Modality.IN_PERSON,
        scope=Activity.Scope.INTER_REGIONAL,
        pillars=[loader.pillars[1], loader.pillars[2]],
        sdg_targets=[loader.sdgs["16.4"], loader.sdgs["16.a"], loader.sdgs["3.5"]],
        donors=[orgs["INL"], orgs["EU-GIFP"]],
        partners=[orgs["LSS"]],
        lead_office=orgs["UNODC-HQ"],
        topics=data.TOPICS,
        description=data.DESCRIPTION,
        outcomes=data.OUTCOMES,
    )


def _parcel_quantity(substance: str, rng: random.Random) -> tuple[Decimal, str]:
    if substance == "Tramadol":
        if rng.random() < 0.6:
            return Decimal(rng.randint(2, 100) * 50), Seizure.Unit.TABLET
        return Decimal(rng.randint(2, 50)) / 10, Seizure.Unit.KG
    if substance == "MDMA":
        return Decimal(rng.randint(2, 100) * 10), Seizure.Unit.TABLET
    return Decimal(rng.randint(*data.PARCEL_GRAMS[substance])), Seizure.Unit.G


def seizure_specs(loader: Loader) -> list[dict]:
    """The 125 seizures' details, drawn in one sequence and numbered by date."""
    rng = random.Random(f"{SEED}-azure-seizures")
    detections = data.DETECTIONS
    specs = []
    for iso2, count in AZURE_SEIZURES.items():
        weights = data.SUBSTANCES_WEST_AFRICA if iso2 in data.WEST_AFRICA else data.SUBSTANCES_LATIN_AMERICA
        in_phase_one = 2 * count // 5
        for index in range(count):
            phase = AZURE_PHASES[0] if index < in_phase_one else AZURE_PHASES[1]
            span = (phase["end_date"] - phase["start_date"]).days
            day = phase["start_date"] + datetime.timedelta(days=rng.randint(0, span))
            substance = rng.choices(list(weights), weights=list(weights.values()))[0]
            quantity, unit = _parcel_quantity(substance, rng)
            courier = rng.random() < 0.45
            city = rng.choice(data.CITIES[iso2])
            inbound = rng.random() < 0.6
            arrests = rng.choices([0, 1, 2], weights=[75, 20, 5])[0]
            follow_up = Seizure.FollowUp.NONE
            if arrests or rng.random() < 0.12:
                follow_up = Seizure.FollowUp.INVESTIGATION
            detection = rng.choices(list(detections), weights=list(detections.values()))[0]
            if detection == Seizure.Detection.RAMAN and substance == "Cannabis herb":
                # A handheld Raman analyser identifies powders and tablets, not plant material.
                detection = Seizure.Detection.PROFILING
            specs.append(
                {
                    "date": day,
                    "country": iso2,
                    "place": Seizure.Place.COURIER_HUB if courier else Seizure.Place.MAIL_CENTRE,
                    "conveyance": Seizure.Conveyance.COURIER if courier else Seizure.Conveyance.MAIL,
                    "location": f"{city} – {'express courier hub' if courier else 'mail centre'}",
                    "substance": substance,
                    "quantity": quantity,
                    "unit": unit,
                    "detection": detection,
                    "origin": data.TRAMADOL_ORIGIN
                    if inbound and substance == "Tramadol"
                    else (None if inbound else iso2),
                    "destination": iso2 if inbound else None,
                    "arrests": arrests,
                    "follow_up": follow_up,
                    "follow_up_notes": "",
                }
            )
    for iso2, destinations in data.ABROAD.items():
        own = [spec for spec in specs if spec["country"] == iso2]
        chosen = rng.sample(own, len(destinations))
        for position, (spec, destination) in enumerate(zip(chosen, destinations, strict=True)):
            delivered = position == len(destinations) - 1
            counterpart = loader.country(destination).name
            spec.update(
                origin=iso2,
                destination=destination,
                follow_up=Seizure.FollowUp.CONTROLLED_DELIVERY
                if delivered
                else Seizure.FollowUp.INTERNATIONAL_REQUEST,
                follow_up_notes=(
                    f"Cross-border controlled delivery agreed with counterparts in {counterpart}."
                    if delivered
                    else f"Officials contacted counterparts in {counterpart} to arrange a cross-border "
                    "controlled delivery."
                )
                + data.ABROAD_NOTE,
            )
            if iso2 == "PE":
                spec.update(
                    substance="Cocaine hydrochloride", quantity=Decimal(rng.randint(200, 1500)), unit="g"
                )
    specs.sort(key=lambda spec: (spec["date"], spec["country"]))
    for number, spec in enumerate(specs, start=1):
        spec["reference"] = f"AZURE-2021-SZ-{number:03d}"
    return specs


def load_seizures(loader: Loader, operation: Operation) -> None:
    for spec in seizure_specs(loader):
        loader.seizure(
            reference=spec["reference"],
            operation=operation,
            date=spec["date"],
            country=loader.country(spec["country"]),
            place=spec["place"],
            location=spec["location"],
            substance=loader.substances[spec["substance"]],
            quantity=spec["quantity"],
            unit=spec["unit"],
            conveyance=spec["conveyance"],
            detection=spec["detection"],
            origin_country=loader.country(spec["origin"]) if spec["origin"] else None,
            destination_country=loader.country(spec["destination"]) if spec["destination"] else None,
            arrests=spec["arrests"],
            follow_up=spec["follow_up"],
            follow_up_notes=spec["follow_up_notes"],
            notes=data.SEIZURE_NOTES,
            is_synthetic=True,
        )


def load_equipment(loader: Loader, operation: Operation, trainings: dict[str, Activity]) -> None:
    for participant in operation.participants.select_related("country", "coordinating_agency"):
        iso2 = participant.country.iso2
        training = trainings[f"national-{iso2}"]
        loader.first_or_create(
            EquipmentHandover.objects.filter(operation=operation, country=participant.country),
            lambda participant=participant, training=training: equipment_handover_create(
                date=training.start_date,
                recipient_agency=participant.coordinating_agency,
                items=data.EQUIPMENT_ITEMS,
                activity=training,
                operation=operation,
                notes=data.EQUIPMENT_NOTES,
                is_synthetic=True,
            ),
            "equipment_handovers",
        )


def load(loader: Loader, trainings: dict[str, Activity]) -> Operation:
    """The operation, its seizures, and the equipment handed over at each national training."""
    operation = load_operation(loader)
    load_seizures(loader, operation)
    load_equipment(loader, operation, trainings)
    return operation
