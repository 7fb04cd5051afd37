"""The reference data the synthetic records refer to, read once: countries, substances, pillars,
offices and agencies, with the weights the draws use."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from activities.models import Organisation, Pillar
from countries.models import Agency, Country
from operations.models import Substance

from .copy_rows import copy_text
from .data import FRENCH, PORTUGUESE, SPANISH, SUBSTANCE_WEIGHTS


@dataclass
class Reference:
    country_ids: list[int]
    country_weights: list[float]
    country_names: dict[int, str]
    country_region: dict[int, str]
    country_zone: dict[int, str]
    country_language: dict[int, str]
    source_ids: list[int]
    transit_ids: list[int]
    destination_ids: list[int]
    substance_ids: list[int]
    substance_names: list[str]
    substance_density: list[Decimal | None]
    substance_unit_mass: list[Decimal | None]
    substance_weight: list[float]
    pillar_ids: list[int]
    office_ids: list[int]
    agencies: dict[tuple[int, str], list[int]]


def _country_weight(*, is_partner: bool, sub_region: str, intermediate_region: str, region: str) -> float:
    """Most of the programme's work is with partners, in Latin America, the Caribbean and West Africa."""
    if not region:
        return 0.0  # Antarctica, uninhabited islands
    weight = 0.05
    if is_partner:
        weight += 10
    if sub_region == "Latin America and the Caribbean" or intermediate_region == "Western Africa":
        weight += 2
    return weight


def reference_load() -> Reference:
    countries = list(
        Country.objects.order_by("id").values_list(
            "id",
            "iso2",
            "name",
            "region",
            "sub_region",
            "intermediate_region",
            "is_partner",
            "is_source",
            "is_transit",
            "is_destination",
        )
    )
    if not countries:
        raise ValueError("There are no countries: run `manage.py load_demo` first.")
    weights = [
        _country_weight(is_partner=partner, sub_region=sub, intermediate_region=inter, region=region)
        for _id_, _iso2, _name, region, sub, inter, partner, *_roles in countries
    ]
    if not any(weights):
        weights = [1.0] * len(countries)

    def language(iso2: str) -> str:
        if iso2 in SPANISH:
            return "es"
        if iso2 in PORTUGUESE:
            return "pt"
        if iso2 in FRENCH:
            return "fr"
        return "en"

    substances = list(
        Substance.objects.order_by("id").values_list("id", "name", "density_kg_per_l", "unit_mass_g")
    )

    def substance_weight(name: str) -> float:
        lowered = name.lower()
        return next((weight for word, weight in SUBSTANCE_WEIGHTS if word in lowered), 1.0)

    agencies: dict[tuple[int, str], list[int]] = defaultdict(list)
    for agency_id, country_id, category in Agency.objects.order_by("id").values_list(
        "id", "country_id", "category"
    ):
        agencies[country_id, category].append(agency_id)
        agencies[country_id, ""].append(agency_id)
    weighted = [row for row, weight in zip(countries, weights, strict=True) if weight > 0]
    return Reference(
        country_ids=[row[0] for row in countries],
        country_weights=weights,
        country_names={row[0]: copy_text(row[2]) for row in countries},
        country_region={row[0]: row[3] for row in countries},
        country_zone={row[0]: row[5] or row[4] for row in countries},
        country_language={row[0]: language(row[1]) for row in countries},
        source_ids=[row[0] for row in weighted if row[7]],
        transit_ids=[row[0] for row in weighted if row[8]],
        destination_ids=[row[0] for row in weighted if row[9]],
        substance_ids=[row[0] for row in substances],
        substance_names=[copy_text(row[1]) for row in substances],
        substance_density=[row[2] for row in substances],
        substance_unit_mass=[row[3] for row in substances],
        substance_weight=[substance_weight(row[1]) for row in substances],
        pillar_ids=list(Pillar.objects.order_by("number").values_list("id", flat=True)),
        office_ids=list(
            Organisation.objects.filter(kind=Organisation.Kind.UNODC_OFFICE)
            .order_by("id")
            .values_list("id", flat=True)
        ),
        agencies=dict(agencies),
    )
