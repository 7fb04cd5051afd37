from collections.abc import Iterable
from datetime import date

from django.db import transaction

from core.services import model_saver, validated_save
from countries.models import Country

from .models import Activity, ActivityLink, Organisation, Pillar, SDGTarget, Topic


@model_saver(Activity)
@transaction.atomic
def activity_save(*, activity: Activity) -> Activity:
    validated_save(activity)
    if activity.host_country_id:
        # The host of an activity takes part in it: "what happened in Peru" finds what Peru hosted.
        activity.countries.add(activity.host_country_id)
    return activity


@transaction.atomic
def activity_create(
    *,
    kind: str,
    title: str,
    start_date: date,
    end_date: date,
    countries: Iterable[Country] = (),
    pillars: Iterable[Pillar] = (),
    sdg_targets: Iterable[SDGTarget] = (),
    donors: Iterable[Organisation] = (),
    partners: Iterable[Organisation] = (),
    topics: Iterable[str] = (),
    **fields,
) -> Activity:
    activity = activity_save(
        activity=Activity(kind=kind, title=title, start_date=start_date, end_date=end_date, **fields)
    )
    activity.countries.add(*countries)
    activity.pillars.set(pillars)
    activity.sdg_targets.set(sdg_targets)
    activity.donors.set(donors)
    activity.partners.set(partners)
    activity.topics.set(topic_get_or_create_many(names=topics))
    return activity


def topic_get_or_create_many(*, names: Iterable[str]) -> list[Topic]:
    topics = []
    for name in names:
        topic, _created = Topic.objects.get_or_create(name=name.strip())
        topics.append(topic)
    return topics


def activity_link_create(
    *, from_activity: Activity, to_activity: Activity, relation: str, note: str = ""
) -> ActivityLink:
    return validated_save(
        ActivityLink(from_activity=from_activity, to_activity=to_activity, relation=relation, note=note)
    )
