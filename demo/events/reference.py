"""The reference data the events refer to, and the demo records already there.

Countries and the substance taxonomy come from the same services `migrate` runs (countries.reference,
operations.reference): on a migrated database they add nothing. The rest is the programme's own
data, loaded only by the demo: the countries' profiles, organisations, agencies, pillars, SDG
targets.
"""

from functools import partial

from activities.models import Organisation, Pillar, SDGTarget
from core.services import validated_save
from core.translated import stored_value
from countries.models import Agency, Country
from countries.services import country_create_missing, country_set_profile
from operations.models import Substance
from operations.reference import substance_create_missing
from people.models import Participation, Person

from ..data.reference import (
    AGENCIES,
    COUNTRY_PROFILES,
    ORGANISATIONS,
    PILLAR_TRANSLATIONS,
    PILLARS,
    SDG_TARGETS,
)
from ..loader import EMAIL_DOMAIN, Loader


def load(loader: Loader) -> None:
    loader.count("countries_written", country_create_missing())
    loader.countries = Country.objects.in_bulk(field_name="iso2")
    for iso2, (source, transit, destination, since) in COUNTRY_PROFILES.items():
        country = loader.countries[iso2]
        wanted = {
            "is_source": source,
            "is_transit": transit,
            "is_destination": destination,
            "is_partner": since is not None,
            "partner_since": since,
        }
        # Only a country nobody has profiled yet: staff's own judgement is never overwritten.
        unprofiled = not any(getattr(country, field) for field in wanted)
        if unprofiled and any(getattr(country, field) != value for field, value in wanted.items()):
            country_set_profile(country=country, **wanted)
            loader.count("country_profiles")

    for key, (name, acronym, kind, iso2) in ORGANISATIONS.items():
        loader.organisations[key] = loader.first_or_create(
            Organisation.objects.filter(name=name),
            partial(
                validated_save,
                Organisation(name=name, acronym=acronym, kind=kind, country=loader.countries.get(iso2)),
            ),
            "organisations",
        )

    for key, (iso2, name, acronym, category, _named) in AGENCIES.items():
        loader.agencies[key] = loader.first_or_create(
            Agency.objects.filter(country=loader.countries[iso2], name=name),
            partial(
                validated_save,
                Agency(country=loader.countries[iso2], name=name, acronym=acronym, category=category),
            ),
            "agencies",
        )

    for number, (name, description) in PILLARS.items():
        translated = {
            f"{field}_{language}": value
            for language, texts in PILLAR_TRANSLATIONS[number].items()
            for field, value in zip(("name", "description"), texts, strict=True)
        }
        pillar = Pillar(number=number, name_en=name, description_en=description, **translated)
        loader.pillars[number] = loader.first_or_create(
            Pillar.objects.filter(number=number), partial(validated_save, pillar), "pillars"
        )

    for code, description in SDG_TARGETS.items():
        loader.sdgs[code] = loader.first_or_create(
            SDGTarget.objects.filter(code=code),
            partial(validated_save, SDGTarget(code=code, description=description)),
            "sdg_targets",
        )

    loader.count("substances", substance_create_missing())
    # By the stored (English) name the demo data uses, whichever language is active.
    loader.substances = {stored_value(substance, "name"): substance for substance in Substance.objects.all()}

    loader.people = {person.email: person for person in Person.objects.filter(email__endswith=EMAIL_DOMAIN)}
    loader.participations = set(
        Participation.objects.filter(person__email__endswith=EMAIL_DOMAIN).values_list(
            "person_id", "activity_id"
        )
    )
