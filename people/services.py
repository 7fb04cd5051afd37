from decimal import Decimal

from django.db import transaction

from activities.models import Activity
from core.services import model_saver, validated_save
from countries.models import Agency, Country

from .models import Participation, Person


@model_saver(Person)
@transaction.atomic
def person_save(*, person: Person) -> Person:
    person.first_name = " ".join(person.first_name.split())
    person.last_name = " ".join(person.last_name.split())
    person.email = person.email.strip().lower()
    return validated_save(person)


def person_create(
    *,
    first_name: str,
    last_name: str,
    country: Country,
    professional_category: str,
    gender: str = Person.Gender.NOT_RECORDED,
    agency: Agency | None = None,
    **fields,
) -> Person:
    return person_save(
        person=Person(
            first_name=first_name,
            last_name=last_name,
            country=country,
            professional_category=professional_category,
            gender=gender,
            agency=agency,
            **fields,
        )
    )


@model_saver(Participation)
@transaction.atomic
def participation_save(*, participation: Participation) -> Participation:
    validated_save(participation)
    # Whoever attends brings their country into the activity.
    participation.activity.countries.add(participation.person.country_id)
    return participation


def participation_create(
    *,
    person: Person,
    activity: Activity,
    role: str = Participation.Role.PARTICIPANT,
    days_attended: int | None = None,
    pre_test_score: Decimal | None = None,
    post_test_score: Decimal | None = None,
    **fields,
) -> Participation:
    return participation_save(
        participation=Participation(
            person=person,
            activity=activity,
            role=role,
            days_attended=days_attended,
            pre_test_score=pre_test_score,
            post_test_score=post_test_score,
            **fields,
        )
    )
