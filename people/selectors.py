from dataclasses import dataclass, field

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least

from core.access import visible
from core.filters import filter_list, includes_tombstones
from core.text import normalise

from .filters import ParticipationFilter, PersonFilter
from .models import Participation, Person


def person_list(*, user, filters=None) -> QuerySet[Person]:
    """People `user` may see (staff and keys with the personal-data scope), narrowed by
    `PersonFilter`."""
    people = visible(Person, user, include_archived=includes_tombstones(filters))
    return filter_list(PersonFilter, people.select_related("country", "agency"), filters, user=user)


def participation_list(*, user, filters=None) -> QuerySet[Participation]:
    """Participations `user` may see, narrowed by `ParticipationFilter`; `archived_at` is the
    earlier archiving of the person or the activity (a tombstone for a sync)."""
    participations = _participations(
        visible(Participation, user, include_archived=includes_tombstones(filters))
    )
    return filter_list(ParticipationFilter, participations, filters, user=user)


def participation_written(*, user, pk) -> Participation:
    """A participation just written, as a read shows it."""
    return _participations(Participation.objects.filter(pk=pk)).get()


def _participations(queryset: QuerySet[Participation]) -> QuerySet[Participation]:
    # PostgreSQL's LEAST skips NULLs: the earlier archiving of the person or the activity.
    return queryset.select_related("person__country").annotate(
        archived_at=Least("person__archived_at", "activity__archived_at")
    )


# --- the same person ------------------------------------------------------------------------------

# How a person was recognised: by e-mail, or by name, country and agency.
BY_EMAIL, BY_NAME = "email", "name"


def person_identity(*, first_name: str, last_name: str, email: str, country_id, agency_id) -> tuple:
    """What makes two records one person: the same e-mail (case-insensitive); without one, the
    same normalised name (casefolded, accents stripped, whitespace collapsed) in the same country
    and agency. The one definition, used by the imports and wherever people are matched."""
    if email:
        return (BY_EMAIL, email.lower())
    return (BY_NAME, normalise(f"{first_name} {last_name}"), country_id, agency_id)


@dataclass
class PersonMatches:
    """The people recorded who may be the same person as someone of a sheet: (pk, archived) by
    identity. Two queries, whatever the number of people looked up."""

    by_email: dict[str, tuple[int, bool]] = field(default_factory=dict)
    by_name: dict[tuple, tuple[int, bool]] = field(default_factory=dict)
    # By name among all people, those with an e-mail too: for someone given without one.
    by_name_any: dict[tuple, tuple[int, bool]] = field(default_factory=dict)

    def find(
        self, *, first_name, last_name, email, country_id, agency_id
    ) -> tuple[tuple[int, bool] | None, str]:
        """The person recorded as the same person, and how they were recognised."""
        name = person_identity(
            first_name=first_name, last_name=last_name, email="", country_id=country_id, agency_id=agency_id
        )
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()], BY_EMAIL
        if email:
            # Recorded without an e-mail, with the same name, country and agency.
            return self.by_name.get(name), BY_NAME
        return self.by_name_any.get(name), BY_NAME


def person_matches(*, emails: set[str], country_ids: set[int]) -> PersonMatches:
    """Every recorded person (archived ones included: a match to one is reported) who may be the
    same as someone with one of `emails` or from one of `country_ids`."""
    candidates = Q(country_id__in=country_ids)
    if emails:
        lowered = RawSQL("lower(email) = ANY(%s)", ([email.lower() for email in emails],), BooleanField())
        candidates |= Q(pk__in=Person.objects.filter(lowered).values("pk"))
    matches = PersonMatches()
    people = Person.objects.filter(candidates).values_list(
        "pk", "first_name", "last_name", "email", "country_id", "agency_id", "archived_at"
    )
    for pk, first, last, email, country_id, agency_id, archived_at in people.order_by("pk"):
        entry = (pk, archived_at is not None)
        name = person_identity(
            first_name=first, last_name=last, email="", country_id=country_id, agency_id=agency_id
        )
        if email:
            matches.by_email.setdefault(email.lower(), entry)
        else:
            matches.by_name.setdefault(name, entry)
        matches.by_name_any.setdefault(name, entry)
    return matches


def participants_of(*, activity) -> set[int]:
    """The ids of the people recorded as taking part in `activity`, in any role."""
    return set(Participation.objects.filter(activity=activity).values_list("person_id", flat=True))
