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


Entry = tuple[int, bool]  # (pk, archived)


@dataclass
class PersonMatches:
    """The people recorded who may be the same person as someone of a sheet or a form: (pk,
    archived) by identity, every one of them in order of pk. Two queries, whatever the number of
    people looked up."""

    by_email: dict[str, list[Entry]] = field(default_factory=dict)
    by_name: dict[tuple, list[Entry]] = field(default_factory=dict)
    # By name among all people, those with an e-mail too: for someone given without one.
    by_name_any: dict[tuple, list[Entry]] = field(default_factory=dict)

    def find_all(self, *, first_name, last_name, email, country_id, agency_id) -> tuple[list[Entry], str]:
        """Every person recorded as the same person (oldest first), and how they were recognised:

        - given an e-mail, whoever has it (case-insensitively); without one recorded so,
          whoever has the same name in the same country and agency and no e-mail (two different
          e-mails are two people);
        - given no e-mail, whoever has the same name in the same country and agency.
        """
        name = person_identity(
            first_name=first_name, last_name=last_name, email="", country_id=country_id, agency_id=agency_id
        )
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()], BY_EMAIL
        if email:
            # Recorded without an e-mail, with the same name, country and agency.
            return self.by_name.get(name, []), BY_NAME
        return self.by_name_any.get(name, []), BY_NAME

    def find(self, *, first_name, last_name, email, country_id, agency_id) -> tuple[Entry | None, str]:
        """The person recorded as the same person (the oldest), and how they were recognised."""
        found, how = self.find_all(
            first_name=first_name,
            last_name=last_name,
            email=email,
            country_id=country_id,
            agency_id=agency_id,
        )
        return (found[0] if found else None), how


def person_matches(
    *, emails: set[str], country_ids: set[int], agency_ids: set[int | None] | None = None
) -> PersonMatches:
    """Every recorded person (archived ones included: a match to one is reported) who may be the
    same as someone with one of `emails` or from one of `country_ids` (and, if given, one of
    `agency_ids`, None for no agency: a narrower read for one person, the same rule)."""
    candidates = Q(country_id__in=country_ids)
    if agency_ids is not None:
        agencies = Q(agency_id__in=[agency for agency in agency_ids if agency is not None])
        if None in agency_ids:
            agencies |= Q(agency_id__isnull=True)
        candidates &= agencies
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
            matches.by_email.setdefault(email.lower(), []).append(entry)
        else:
            matches.by_name.setdefault(name, []).append(entry)
        matches.by_name_any.setdefault(name, []).append(entry)
    return matches


def person_duplicates(
    *,
    user,
    first_name: str,
    last_name: str,
    email: str = "",
    country_id: int | None,
    agency_id: int | None = None,
    exclude_pk: int | None = None,
) -> QuerySet[Person]:
    """The people `user` may see who are likely the same person as the one about to be saved, by
    the imports' one rule (`PersonMatches.find_all`): shown before saving, so that nobody is
    recorded twice. Only people the user may see: one they may not see is never named, nor
    counted, nor hinted at. A constant number of queries, however many people are recorded."""
    if country_id is None or not (first_name or last_name or email):
        return Person.objects.none()
    email = (email or "").strip().lower()
    matches = person_matches(
        emails={email} if email else set(), country_ids={country_id}, agency_ids={agency_id}
    )
    found, _how = matches.find_all(
        first_name=first_name, last_name=last_name, email=email, country_id=country_id, agency_id=agency_id
    )
    ids = [pk for pk, _archived in found if pk != exclude_pk]
    if not ids:
        return Person.objects.none()
    return visible(Person, user).filter(pk__in=ids).select_related("country", "agency").order_by("pk")


def participants_of(*, activity) -> set[int]:
    """The ids of the people recorded as taking part in `activity`, in any role."""
    return set(Participation.objects.filter(activity=activity).values_list("person_id", flat=True))


# --- two records of one person: what a merge would do -----------------------------------------

# A participation's fields that make it the richer record of an attendance: the more are filled, the
# more the record says (scores, days). Equal: the kept person's stays.
RICHNESS_FIELDS = ("days_attended", "pre_test_score", "post_test_score")
# The kept person's fields that take the other's value where they are blank.
FILLED_FIELDS = ("gender", "agency", "organisation", "job_title", "email", "phone", "notes")


def participation_richness(participation: Participation) -> int:
    return sum(getattr(participation, name) is not None for name in RICHNESS_FIELDS)


@dataclass
class MergePlan:
    """What merging `other` into `keep` does: read by the preview and done by `person_merge`."""

    keep: Person
    other: Person
    # The other's participations that move to the kept person as they are.
    moved: list[Participation] = field(default_factory=list)
    # Both attended the same activity: (the participation kept, the one deleted); the richer stays.
    conflicts: list[tuple[Participation, Participation]] = field(default_factory=list)
    # Other records that refer to the other person: (model, field name, how many).
    references: list[tuple[type, str, int]] = field(default_factory=list)
    # The kept person's blank fields and the other's values they take.
    filled: dict[str, object] = field(default_factory=dict)


def person_references() -> list[tuple[type, str]]:
    """Every (model, foreign key) that refers to a person, besides participations: a trainer of a
    training module, and whatever refers to people later. The audit trail's events are history,
    never rewritten."""
    return [
        (relation.related_model, relation.field.name)
        for relation in Person._meta.related_objects
        if relation.related_model is not Participation
        and relation.related_model._meta.app_label != "audit"
        and (relation.one_to_many or relation.one_to_one)
    ]


def person_merge_plan(*, keep: Person, other: Person) -> MergePlan:
    """What merging `other` into `keep` would move, keep and discard. Queries: one for the two
    people's participations, one per kind of other reference; never one per row."""
    plan = MergePlan(keep=keep, other=other)
    participations = Participation.objects.filter(person__in=[keep.pk, other.pk]).select_related("activity")
    kept_by_activity, others = {}, []
    for participation in participations.order_by("pk"):
        if participation.person_id == keep.pk:
            kept_by_activity[participation.activity_id] = participation
        else:
            others.append(participation)
    for participation in others:
        kept = kept_by_activity.get(participation.activity_id)
        if kept is None:
            plan.moved.append(participation)
        elif participation_richness(participation) > participation_richness(kept):
            plan.conflicts.append((participation, kept))
        else:
            plan.conflicts.append((kept, participation))
    for model, name in person_references():
        count = model._base_manager.filter(**{name: other.pk}).count()
        if count:
            plan.references.append((model, name, count))
    for name in FILLED_FIELDS:
        ours, theirs = getattr(keep, name), getattr(other, name)
        blank = ours in (None, "") or (name == "gender" and ours == Person.Gender.NOT_RECORDED)
        if name == "gender" and theirs == Person.Gender.NOT_RECORDED:
            continue
        if name == "agency" and other.country_id != keep.country_id:
            continue  # another country's agency is not the kept person's
        if blank and theirs not in (None, ""):
            plan.filled[name] = theirs
    return plan
