"""Writes of people and participations; and the merge of two records of one person."""

from dataclasses import dataclass
from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from core.access import Action, can
from core.audit import audit_context
from core.datacache import data_version_bump
from core.services import model_saver, validated_save
from core.signals import record_hard_deleted
from core.versions import record_version
from countries.models import Agency, Country

from .models import Participation, Person
from .selectors import MergePlan, person_merge_plan


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


@dataclass
class MergeResult:
    plan: MergePlan
    # The participations deleted because the kept person attended the same activity (their
    # values as they were), for the message that reports them.
    discarded: list[Participation]


@transaction.atomic
def person_merge(
    *,
    keep: Person,
    other: Person,
    user,
    reason: str = "",
    versions: dict[int, str] | None = None,
    request=None,
) -> MergeResult:
    """Make one person of two records: `other`'s participations (where both attended the same
    activity, the richer record stays, `MergePlan`), whatever else refers to them (a training
    module they taught) and the values `keep` lacks move to `keep`; `other` is deleted for good.

    Administrators only (`Action.MERGE`). One transaction; both people and their participations
    locked first (in the order of their ids, as every merge locks them), so no concurrent writer
    adds to a person being deleted. `versions` (pk -> the version previewed) refuses a merge of
    people changed since the preview. The audit trail records every step in one context (the user,
    the reason, `merge_kept` and `merge_other`); the deletions feed lists `other` (and the
    discarded participations), and `keep` is stamped changed, so a sync client fetches it again.
    """
    if keep.pk == other.pk:
        raise ValidationError(_("Choose two different people to merge."))
    if not (can(user, Action.MERGE, keep) and can(user, Action.MERGE, other)):
        raise PermissionDenied(_("Only an administrator may merge two people."))
    locked = {
        person.pk: person
        for person in Person._base_manager.select_for_update(of=("self",))
        .filter(pk__in=[keep.pk, other.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the two people no longer exists: nothing was merged."))
    for pk, person in locked.items():
        if versions is not None and pk in versions and versions[pk] != record_version(person):
            raise ValidationError(
                _("%(person)s was changed since the preview: nothing was merged. Look at the preview again.")
                % {"person": person},
                code="stale",
            )
    keep, other = locked[keep.pk], locked[other.pk]
    list(Participation.objects.select_for_update().filter(person__in=[keep.pk, other.pk]).order_by("pk"))
    plan = person_merge_plan(keep=keep, other=other)
    reason = " ".join((reason or "").split()) or _("Merge of person #%(other)s into #%(keep)s") % {
        "other": other.pk,
        "keep": keep.pk,
    }
    described = {"model": Person._meta.label, "pk": other.pk, "record": str(other), "merged_into": keep.pk}
    discarded = [dropped for _kept, dropped in plan.conflicts]
    now = timezone.now()
    with audit_context(user=user, reason=reason), pghistory.context(merge_kept=keep.pk, merge_other=other.pk):
        deleted = Participation.objects.filter(pk__in=[p.pk for p in discarded]).delete()[0]
        Participation.objects.filter(person=other).update(person=keep, updated_at=now)
        for model, name, _count in plan.references:
            changes = {name: keep}
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                changes["updated_at"] = now
            model._base_manager.filter(**{name: other.pk}).update(**changes)
        _bring_country(
            keep,
            activity_ids={p.activity_id for p in plan.moved} | {k.activity_id for k, _d in plan.conflicts},
        )
        other.delete()
        for name, value in plan.filled.items():
            setattr(keep, name, value)
        # Saved even with nothing filled: its new `updated_at` tells a sync that it changed.
        person_save(person=keep)
    record_hard_deleted.send(
        Person,
        user=user,
        request=request,
        described=described,
        reason=reason,
        deleted={Person._meta.label: 1, Participation._meta.label: deleted},
    )
    data_version_bump()
    return MergeResult(plan=plan, discarded=discarded)


def _bring_country(person: Person, *, activity_ids: set[int]) -> None:
    # Whoever attends brings their country into the activity (as `participation_save` does).
    if not activity_ids:
        return
    through = Activity.countries.through
    through.objects.bulk_create(
        [through(activity_id=activity_id, country_id=person.country_id) for activity_id in activity_ids],
        ignore_conflicts=True,
    )
